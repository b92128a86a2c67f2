/**
 * Factus v2's arithmetic through the shared money engine (`lineAmounts` with `FACTUS_V2_TOTALS`, net
 * prices): per item gross = price × quantity, discount = `discount_amount` or gross × `discount_rate`,
 * net = gross − discount, each of its taxes = round₂(net × rate) (`is_excluded` adds none); ReteIVA (05) is
 * a rate of the item's IVA, ReteRenta (06) a rate of its net. The document: total = Σ net + Σ taxes + Σ
 * surcharges (tips); withholdings are reported, never subtracted; what the payments must add up to is
 * total + `cash_rounding_amount`. Prepayments are reported beside the total (docs/factus-v2-notes.md #1).
 */
import type { IDataObject } from 'n8n-workflow';

import { Dec } from '../../../shared/decimal';
import type { LineAmounts } from '../../../shared/invoice/money';
import { lineAmounts, withholdingAmount } from '../../../shared/invoice/money';
import { findCode, TAXES, WITHHOLDING_TAXES } from '../../data';
import { FACTUS_V2_TOTALS } from './profile';

const list = (value: unknown): IDataObject[] => (Array.isArray(value) ? value.filter((v): v is IDataObject => v !== null && typeof v === 'object') : []);
const dec = (value: unknown): Dec => (Dec.isDecimal(value) ? Dec.of(value as string | number) : Dec.zero);
const given = (value: unknown) => value !== undefined && value !== null && value !== '';
export const isExcluded = (tax: IDataObject) => tax.is_excluded === true || tax.is_excluded === 1 || tax.is_excluded === '1';

export interface V2ItemAmounts {
	gross: Dec;
	discount: Dec;
	net: Dec;
	taxed: boolean;
	taxes: Array<{ code: string; name: string; rate: Dec; excluded: boolean; amount: Dec }>;
	withholdings: Array<{ code: string; name: string; rate: Dec; amount: Dec }>;
}

/** One item's amounts (the body's numbers must already be valid: rules.ts checks them first). */
export function itemAmountsV2(item: IDataObject): V2ItemAmounts {
	const gross = dec(item.quantity).mul(dec(item.price)).round(2);
	const discountAmount = given(item.discount_amount) && dec(item.discount_amount).cmp(0) > 0 ? dec(item.discount_amount) : undefined;
	const taxes = list(item.taxes);
	// The engine gives net and tax per rate: one call per tax of the item (the net is the same in each).
	const base = (rate: Dec): LineAmounts =>
		lineAmounts(
			{
				quantity: 1,
				unitPrice: gross,
				taxRate: rate,
				...(discountAmount ? { discountAmount } : { discountRate: dec(item.discount_rate) }),
			},
			FACTUS_V2_TOTALS,
		);
	const untaxed = base(Dec.zero);
	const taxLines = taxes.map((tax) => {
		const excluded = isExcluded(tax);
		const code = excluded && !given(tax.code) ? '01' : String(tax.code);
		const rate = excluded ? Dec.zero : dec(tax.rate);
		return { code, name: findCode(TAXES, code)?.name ?? code, rate, excluded, amount: excluded ? Dec.zero : base(rate).tax };
	});
	const iva = Dec.sum(taxLines.filter((t) => t.code === '01').map((t) => t.amount));
	const withholdings = list(item.withholding_taxes).map((w) => {
		const code = String(w.code);
		const rule = WITHHOLDING_TAXES.find((r) => r.code === code);
		const rate = dec(w.rate);
		const amount = rule?.base === 'iva' ? iva.percent(rate).round(2) : withholdingAmount(untaxed, rate, 'taxable');
		return { code, name: rule?.name ?? code, rate, amount };
	});
	return { gross, discount: untaxed.discount, net: untaxed.taxable, taxed: taxLines.some((t) => !t.excluded), taxes: taxLines, withholdings };
}

export interface V2Totals {
	items: V2ItemAmounts[];
	gross: Dec;
	discount: Dec;
	taxable: Dec;
	tax: Dec;
	surcharge: Dec;
	prepayment: Dec;
	total: Dec;
	cashRounding: Dec;
	/** What `payment_details` must add up to: total + cash rounding. */
	payable: Dec;
	payments: Dec;
	withholdings: Map<string, Dec>;
}

export function totalsV2(body: IDataObject): V2Totals {
	const items = list(body.items).map(itemAmountsV2);
	const surcharge = Dec.sum(list(body.allowance_charges).map((a) => dec(a.amount)));
	const tax = Dec.sum(items.flatMap((i) => i.taxes.map((t) => t.amount)));
	const total = Dec.sum(items.map((i) => i.net)).add(tax).add(surcharge);
	const cashRounding = dec(body.cash_rounding_amount);
	const withholdings = new Map<string, Dec>();
	for (const w of items.flatMap((i) => i.withholdings)) withholdings.set(w.code, (withholdings.get(w.code) ?? Dec.zero).add(w.amount));
	return {
		items,
		gross: Dec.sum(items.map((i) => i.gross)),
		discount: Dec.sum(items.map((i) => i.discount)),
		taxable: Dec.sum(items.filter((i) => i.taxed).map((i) => i.net)),
		tax,
		surcharge,
		prepayment: Dec.sum(list(body.prepayment_details).map((p) => dec(p.amount))),
		total,
		cashRounding,
		payable: total.add(cashRounding),
		payments: Dec.sum(list(body.payment_details).map((p) => dec(p.amount))),
		withholdings,
	};
}

const money = (d: Dec) => d.toFixed(2);

/** Preview Totals' output: v2's answer fields (`totals{…}`, per item and per tax) computed locally. */
export function previewV2(body: IDataObject): IDataObject {
	const t = totalsV2(body);
	const taxSummary = new Map<string, { code: string; name: string; is_excluded: boolean; rate: string; taxable_amount: Dec; tax_amount: Dec }>();
	t.items.forEach((item) => {
		for (const tax of item.taxes) {
			const key = `${tax.code}|${tax.excluded}|${tax.rate.toFixed(2)}`;
			const row = taxSummary.get(key) ?? { code: tax.code, name: tax.name, is_excluded: tax.excluded, rate: tax.rate.toFixed(2), taxable_amount: Dec.zero, tax_amount: Dec.zero };
			row.taxable_amount = row.taxable_amount.add(item.net);
			row.tax_amount = row.tax_amount.add(tax.amount);
			taxSummary.set(key, row);
		}
	});
	const withholdingsTotal = Dec.sum([...t.withholdings.values()]);
	return {
		items: list(body.items).map((raw, i) => {
			const item = t.items[i];
			return {
				name: raw.name ?? null,
				quantity: dec(raw.quantity).toFixed(2),
				price: dec(raw.price).toFixed(2),
				gross_value: money(item.gross),
				discount: money(item.discount),
				total: money(item.net),
				taxes: item.taxes.map((x) => ({ code: x.code, name: x.name, is_excluded: x.excluded, rate: x.rate.toFixed(2), tax_amount: money(x.amount) })),
				withholding_taxes: item.withholdings.map((w) => ({ code: w.code, name: w.name, rate: w.rate.toFixed(2), value: money(w.amount) })),
			};
		}),
		taxes: [...taxSummary.values()]
			.sort((a, b) => a.code.localeCompare(b.code) || Dec.of(a.rate).cmp(b.rate))
			.map((row) => ({ ...row, taxable_amount: money(row.taxable_amount), tax_amount: money(row.tax_amount) })),
		withholding_taxes: [...t.withholdings.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([code, value]) => ({ code, name: WITHHOLDING_TAXES.find((w) => w.code === code)?.name ?? code, value: money(value) })),
		totals: {
			prepayment_amount: money(t.prepayment),
			gross_amount: money(t.gross),
			taxable_amount: money(t.taxable),
			tax_amount: money(t.tax),
			surcharge_amount: money(t.surcharge),
			total: money(t.total),
		},
		/** Σ item discounts (v2's answers show them per item only). */
		discount_amount: money(t.discount),
		cash_rounding_amount: money(t.cashRounding),
		/** What the payments add up to: total + cash rounding. */
		payable: money(t.payable),
		payments_total: money(t.payments),
		withholdings_total: money(withholdingsTotal),
	};
}
