/**
 * Factus v1's arithmetic for Preview Totals, through the shared money engine (`documentTotals` with
 * `FACTUS_V1_TOTALS`): prices include tax, two decimals per line (factus.md "How Factus computes v1
 * amounts"); a support document's items carry no tax. Withholdings are rates of a line's tax (ReteIVA) or
 * of its taxable amount (ReteRenta, ReteICA).
 */
import type { IDataObject } from 'n8n-workflow';

import { Dec } from '../../../shared/decimal';
import type { LineAmounts } from '../../../shared/invoice/money';
import { documentTotals, withholdingAmount } from '../../../shared/invoice/money';
import type { Kind } from '../../profile';
import { FACTUS_V1_TOTALS, WITHHOLDINGS } from '../../profile';

export interface V1Preview {
	items: IDataObject[];
	withholding_taxes: IDataObject[];
	gross_value: string;
	taxable_amount: string;
	tax_amount: string;
	/**
	 * The sum of the items' discounts (already out of `taxable_amount`). Not Factus's bill-level
	 * `discount`, a separate figure v1 leaves at 0.00: hence another name.
	 */
	itemDiscounts: string;
	total: string;
	withholdings_total: string;
	/** What the customer pays after withholdings. */
	net_payable: string;
}

/**
 * v1's totals for a checked body: prices include tax, two decimals per line (factus.md "How Factus
 * computes v1 amounts"); a support document's items carry no tax.
 */
export function previewV1(kind: Kind, body: IDataObject): V1Preview {
	const taxed = kind !== 'supportDocument';
	const items = body.items as IDataObject[];
	const taxRates = items.map((item) => (taxed && String(item.is_excluded) !== '1' ? Dec.of(item.tax_rate as string) : Dec.zero));
	const totals = documentTotals(
		items.map((item, i) => ({
			quantity: item.quantity as number,
			unitPrice: item.price as number,
			taxRate: taxRates[i],
			discountRate: (item.discount_rate as number | undefined) ?? 0,
		})),
		FACTUS_V1_TOTALS,
	);
	const withholdingTotals = new Map<string, Dec>();
	const withholdingsOf = (item: IDataObject, amounts: LineAmounts) =>
		((item.withholding_taxes as IDataObject[] | undefined) ?? []).map((w) => {
			const code = String(w.code);
			const rule = WITHHOLDINGS[code];
			const value = withholdingAmount(amounts, w.withholding_tax_rate as string, rule.base);
			withholdingTotals.set(code, (withholdingTotals.get(code) ?? Dec.zero).add(value));
			return { tribute_code: code, name: rule.name, rate: Dec.of(w.withholding_tax_rate as string).toFixed(2), value: value.toFixed(2) };
		});
	const previewItems = items.map((item, i) => {
		const amounts = totals.lines[i];
		return {
			name: item.name,
			quantity: item.quantity,
			price: Dec.of(item.price as number).toFixed(2),
			discount_rate: Dec.of((item.discount_rate as number | undefined) ?? 0).toFixed(2),
			discount: amounts.discount.toFixed(2),
			...(taxed ? { tax_rate: taxRates[i].toFixed(2) } : {}),
			taxable_amount: amounts.taxable.toFixed(2),
			tax_amount: amounts.tax.toFixed(2),
			total: amounts.total.toFixed(2),
			withholding_taxes: withholdingsOf(item, amounts),
		};
	});
	const withholdingsTotal = Dec.sum([...withholdingTotals.values()]);
	return {
		items: previewItems,
		withholding_taxes: [...withholdingTotals.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([code, value]) => ({ tribute_code: code, name: WITHHOLDINGS[code].name, value: value.toFixed(2) })),
		gross_value: totals.subtotal.toFixed(2),
		taxable_amount: totals.subtotal.toFixed(2),
		tax_amount: totals.tax.toFixed(2),
		itemDiscounts: totals.discount.toFixed(2),
		total: totals.total.toFixed(2),
		withholdings_total: withholdingsTotal.toFixed(2),
		net_payable: totals.total.sub(withholdingsTotal).toFixed(2),
	};
}
