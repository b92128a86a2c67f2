/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Shopify order/refund → neutral Invoice. Every fixture is a Shopify order in its real JSON shape; the
 * document totals are recomputed here with the shared arithmetic (`lineAmounts`/`sumLines`) and compared
 * with the amounts read straight from the Shopify JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Dec } from '../../../nodes/shared/decimal';
import { nitCheckDigit } from '../../../nodes/shared/country/colombia';
import { customerSchema, invoiceLineSchema, invoiceSchema, invoiceModelSchema as mappedInvoiceSchema, parseWith } from '../../../nodes/shared/invoice/model';
import type { InvoiceLine } from '../../../nodes/shared/invoice/model';
import { lineAmounts, sumLines } from '../../../nodes/shared/invoice/money';
import { creditNoteReferenceFor, externalReferenceFor } from '../../../nodes/shared/shopify/options';
import type { MappingResult, ShopifyMappingOptions } from '../../../nodes/shared/shopify/options';
import type { ShopifyProfile as ProviderProfile } from '../../../nodes/shared/shopify/profile';
import { parseShopifyOrder, ShopifyInputError } from '../../../nodes/shared/shopify/schema';
import { orderToInvoice, refundToCreditNote } from '../../../nodes/shared/shopify/toInvoice';
import { FACEPRO } from '../../../nodes/FacEPro/profile';
import { FACTUCONECT_CCF, FACTUCONECT_FACTURA } from '../../../nodes/Factuconect/profile';
import { FACTUS_V1 } from '../../../nodes/Factus/profile';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are raw Shopify JSON */
type Json = any;

const DIR = join(__dirname, '..', '..', 'fixtures', 'shopify');
const FIXTURES: Record<string, Json> = Object.fromEntries(
	readdirSync(DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(DIR, f), 'utf8'))]),
);
const NAMES = Object.keys(FIXTURES);
const fixture = (name: string): Json => JSON.parse(JSON.stringify(FIXTURES[name]));

const sum = (values: Array<Dec | string | number>) => values.reduce<Dec>((acc, v) => acc.add(v), Dec.zero);
const money = (value: Dec | string | number) => Dec.of(value).toFixed(2);

/**
 * The document totals the provider will compute, written here independently of the mapper:
 * - Factus, FacEPro: the shared rule (`sumLines`: Σ taxable and Σ IVA, each rounded to the cent);
 * - Factuconect Factura (01): Σ of the IVA-inclusive items rounded once (MH totalGravada + totalExenta);
 * - Factuconect CCF (03): net items; IVA = 13 % of the rounded taxed total (MH resumen.tributos).
 */
function documentTotals(lines: InvoiceLine[], profile: ProviderProfile): { total: Dec; tax: Dec } {
	const rule = { pricesIncludeTax: profile.pricesIncludeTax, lineDecimals: profile.lineDecimals };
	const rows = lines.map((l) => ({ a: lineAmounts(l, rule), exempt: l.taxExcluded === true || Dec.of(l.taxRate).isZero(), rate: l.taxRate }));
	if (profile.provider !== 'Factuconect') {
		const t = sumLines(rows.map((r) => ({ amounts: r.a, taxRate: r.exempt ? 0 : r.rate })), 2);
		return { total: t.total, tax: t.tax };
	}
	const round = (v: Dec) => v.round(2);
	const exempt = round(sum(rows.filter((r) => r.exempt).map((r) => r.a.total)));
	const taxed = rows.filter((r) => !r.exempt);
	if (profile.pricesIncludeTax) {
		const tax = round(sum(taxed.map((r) => r.a.tax)));
		return { total: round(sum(taxed.map((r) => r.a.total))).add(exempt), tax };
	}
	const gravada = round(sum(taxed.map((r) => r.a.taxable)));
	const tax = round(gravada.mul('0.13'));
	return { total: gravada.add(exempt).add(tax), tax };
}

const profilesFor = (order: Json): ProviderProfile[] =>
	order.currency === 'COP' ? [FACTUS_V1, FACEPRO] : [FACTUCONECT_FACTURA, FACTUCONECT_CCF];

/** Per-fixture options a shop would configure (the attribute its checkout uses for the tax ID). */
const OPTIONS: Record<string, ShopifyMappingOptions> = {
	'co-03-percentage-code-free-shipping': { taxIdSource: { kind: 'noteAttribute', name: 'cedula o nit' } },
	'co-05-zero-rated-excluded-company-field': { taxIdSource: { kind: 'billingCompany' } },
	'co-19-automatic-discount-free-shipping-code-cedula': { taxIdSource: { kind: 'noteAttribute', name: 'Documento de identidad' } },
	'co-20-b2b-hotel-long-titles-fixed-code': { taxIdSource: { kind: 'noteAttribute', name: 'NIT / Cédula' } },
	'sv-37-dui-only-percentage-code': { taxIdSource: { kind: 'noteAttribute', name: 'DUI' } },
};

/** Orders with nothing left to invoice as they are now (every line and the shipping refunded). */
const NOTHING_LEFT = new Set(['co-24-fully-refunded']);

/**
 * Intentionally out-of-scope cases: the check must say exactly why. Everything else must match to the cent.
 * 8 % is Colombia's INC (impoconsumo), not an IVA rate any of the providers accepts; a single unit at 59 900
 * with 19 % IVA included has no net amount in cents that FacEPro's per-line IVA rounds back to 59 900.
 */
const OUT_OF_SCOPE: Record<string, { profile: string; difference: string; reason: RegExp }> = {
	'co-10-unsupported-rate-inc|Factus (v1)': { profile: 'Factus (v1)', difference: '0.00', reason: /taxed at 8 %, which Factus \(v1\) does not accept \(0, 5, 19 %\)/ },
	'co-10-unsupported-rate-inc|FacEPro': { profile: 'FacEPro', difference: '0.00', reason: /taxed at 8 %, which FacEPro does not accept/ },
	'co-16-single-unit-no-shipping|FacEPro': {
		profile: 'FacEPro',
		difference: '-0.01',
		reason: /differs from the order total 59900\.00 by -0\.01 COP \(FacEPro computes IVA on net amounts rounded to the cent, so not every total is reachable/,
	},
	// The CCF's IVA is 13 % of the rounded taxed total G, so its total G + round(0.13 G) skips about one cent
	// value in eight: 79.32 is one of them (70.19 → 79.31, 70.20 → 79.33).
	'sv-14-rounding-stress-dui|Factuconect Comprobante de Crédito Fiscal (03)': {
		profile: 'Factuconect Comprobante de Crédito Fiscal (03)',
		difference: '-0.01',
		reason: /differs from the order total 79\.32 by -0\.01 USD \(Factuconect Comprobante de Crédito Fiscal \(03\) computes IVA on net amounts rounded to the cent, so not every total is reachable/,
	},
};

function map(name: string, profile: ProviderProfile, extra: ShopifyMappingOptions = {}): MappingResult {
	return orderToInvoice(fixture(name), profile, { ...OPTIONS[name], ...extra });
}

/* ------------------------------------------------------------------------------------------------ */

describe('Shopify fixtures are realistic and internally consistent', () => {
	it('has at least 15 orders covering the required situations', () => {
		const orders = Object.values(FIXTURES);
		expect(orders.length).toBeGreaterThanOrEqual(15);
		const has = (p: (o: Json) => boolean) => orders.some(p);
		expect(has((o) => o.currency === 'COP' && o.taxes_included)).toBe(true);
		expect(has((o) => o.currency === 'COP' && !o.taxes_included)).toBe(true);
		expect(has((o) => o.currency === 'USD' && o.taxes_included)).toBe(true);
		expect(has((o) => o.currency === 'USD' && !o.taxes_included)).toBe(true);
		expect(has((o) => o.line_items.length >= 4)).toBe(true);
		expect(has((o) => o.discount_codes.some((d: Json) => d.type === 'percentage'))).toBe(true);
		expect(has((o) => o.discount_codes.some((d: Json) => d.type === 'fixed_amount'))).toBe(true);
		expect(has((o) => o.shipping_lines.some((s: Json) => Dec.of(s.price).isZero()))).toBe(true);
		expect(has((o) => o.shipping_lines.some((s: Json) => s.tax_lines.length > 0))).toBe(true);
		expect(has((o) => o.shipping_lines.some((s: Json) => !Dec.of(s.price).isZero() && s.tax_lines.length === 0))).toBe(true);
		expect(has((o) => o.line_items.some((l: Json) => l.taxable && l.tax_lines.some((t: Json) => t.rate === 0)))).toBe(true);
		expect(has((o) => o.line_items.some((l: Json) => !l.taxable))).toBe(true);
		expect(has((o) => o.refunds.length > 0 && o.currency === 'COP')).toBe(true);
		expect(has((o) => o.refunds.length > 0 && o.currency === 'USD')).toBe(true);
		expect(has((o) => o.presentment_currency !== o.currency)).toBe(true);
		expect(has((o) => o.note_attributes.length === 0 && !o.billing_address?.company)).toBe(true);
		expect(has((o) => o.note_attributes.some((a: Json) => /-\d$/.test(a.value)))).toBe(true);
		expect(has((o) => !!o.billing_address?.company)).toBe(true);
		expect(has((o) => o.line_items.some((l: Json) => l.quantity > 1 && !Dec.of(l.price).isInteger()))).toBe(true);
		// …and what real shops add to that.
		const count = (p: (o: Json) => boolean) => orders.filter(p).length;
		expect(count((o) => o.currency === 'COP')).toBeGreaterThanOrEqual(18);
		expect(count((o) => o.currency === 'USD')).toBeGreaterThanOrEqual(16);
		expect(count((o) => o.presentment_currency !== o.currency)).toBeGreaterThanOrEqual(3);
		for (const rate of [0, 0.05, 0.19, 0.13]) expect(has((o) => o.line_items.some((l: Json) => l.tax_lines.some((t: Json) => t.rate === rate)))).toBe(true);
		expect(has((o) => o.discount_applications.some((d: Json) => d.type === 'automatic'))).toBe(true);
		expect(has((o) => o.discount_codes.some((d: Json) => d.type === 'shipping') && o.shipping_lines.some((s: Json) => s.discount_allocations.length > 0))).toBe(true);
		expect(has((o) => o.line_items.some((l: Json) => l.discount_allocations.length > 1))).toBe(true);
		expect(has((o) => o.line_items.some((l: Json) => l.gift_card))).toBe(true);
		expect(has((o) => o.financial_status === 'refunded' && Dec.of(o.current_total_price).isZero())).toBe(true);
		expect(has((o) => o.financial_status === 'partially_refunded' && o.refunds.some((r: Json) => r.refund_shipping_lines))).toBe(true);
		expect(has((o) => o.financial_status === 'partially_refunded' && o.refunds.some((r: Json) => r.order_adjustments.length > 0))).toBe(true);
		expect(has((o) => o.payment_terms !== null)).toBe(true);
		expect(has((o) => o.note_attributes.some((a: Json) => a.name === 'NRC'))).toBe(true);
		expect(has((o) => o.note_attributes.some((a: Json) => /DUI/.test(a.name) || /DUI/.test(a.value)))).toBe(true);
		expect(has((o) => o.note_attributes.some((a: Json) => /^C\.C\./.test(a.value)))).toBe(true);
		expect(has((o) => o.line_items.some((l: Json) => l.title.length > 60 && /\p{Extended_Pictographic}/u.test(l.title)))).toBe(true);
	});

	describe.each(NAMES)('%s', (name) => {
		const o = FIXTURES[name];
		const views: Array<[string, (v: Json, field: string) => string]> = [
			['shop', (v, field) => v[field] ?? v[`${field}_set`].shop_money.amount],
			['presentment', (v, field) => v[`${field}_set`].presentment_money.amount],
		];

		it.each(views)('adds up like Shopify in %s money', (_, read) => {
			const lines = o.line_items as Json[];
			const lineTax = (l: Json) => sum(l.tax_lines.map((t: Json) => read(t, 'price')));
			const discount = (l: Json) => sum(l.discount_allocations.map((a: Json) => read(a, 'amount')));
			const itemsTotal = sum(lines.map((l) => Dec.of(read(l, 'price')).mul(l.quantity)));
			const discounts = sum(lines.map(discount));
			// A shipping discount (free-shipping code) is in total_discounts but not in subtotal_price;
			// total_shipping_price_set is the shipping before it, discounted_price after it.
			const shippingDiscounts = sum(o.shipping_lines.map(discount));
			const shippingBefore = sum(o.shipping_lines.map((s: Json) => read(s, 'price')));
			const shipping = sum(o.shipping_lines.map((s: Json) => read(s, 'discounted_price')));
			const tax = sum([...lines.map(lineTax), ...o.shipping_lines.map(lineTax)]);
			expect(money(read(o, 'total_line_items_price'))).toBe(money(itemsTotal));
			expect(money(shipping)).toBe(money(shippingBefore.sub(shippingDiscounts)));
			expect(money(read(o, 'total_discounts'))).toBe(money(discounts.add(shippingDiscounts)));
			expect(money(read(o, 'subtotal_price'))).toBe(money(itemsTotal.sub(discounts)));
			expect(money(read(o, 'total_tax'))).toBe(money(tax));
			expect(money(sum(o.tax_lines.map((t: Json) => read(t, 'price'))))).toBe(money(tax));
			expect(money(o.total_shipping_price_set[_ === 'shop' ? 'shop_money' : 'presentment_money'].amount)).toBe(money(shippingBefore));
			// Each discount code's amount is what its application allocated to lines and shipping.
			o.discount_applications.forEach((app: Json, index: number) => {
				if (app.type !== 'discount_code' || _ !== 'shop') return;
				const allocated = [...lines, ...o.shipping_lines].flatMap((l: Json) => l.discount_allocations.filter((a: Json) => a.discount_application_index === index));
				const code = o.discount_codes.find((c: Json) => c.code === app.code);
				expect(money(code.amount)).toBe(money(sum(allocated.map((a: Json) => read(a, 'amount')))));
			});
			// Shopify never discounts or taxes a gift card.
			for (const l of lines.filter((x) => x.gift_card)) expect([l.taxable, l.tax_lines, l.discount_allocations, l.requires_shipping]).toEqual([false, [], [], false]);
			const total = itemsTotal.sub(discounts).add(shipping).add(o.taxes_included ? 0 : tax);
			expect(money(read(o, 'total_price'))).toBe(money(total));
			// Each line's tax is its rate applied to the discounted amount, rounded to the cent.
			for (const l of [...lines, ...o.shipping_lines]) {
				const base = Dec.of(read(l, 'price')).mul(l.quantity ?? 1).sub(l.discount_allocations.length ? discount(l) : 0);
				for (const t of l.tax_lines) {
					const r = Dec.of(t.rate);
					const expected = o.taxes_included ? base.mul(r).div(r.add(1)) : base.mul(r);
					expect(Dec.of(read(t, 'price')).sub(expected).abs().cmp('0.005')).toBeLessThanOrEqual(0);
				}
			}
			// Refunds: the money returned leaves the current total; line quantities follow.
			const returned = sum(o.refunds.flatMap((r: Json) => r.transactions.filter((t: Json) => t.kind === 'refund').map((t: Json) => t.amount)));
			if (_ === 'shop') expect(money(read(o, 'current_total_price'))).toBe(money(total.sub(returned)));
			const refundedLines = o.refunds.flatMap((r: Json) => r.refund_line_items);
			const refundedShippingTax = sum(
				o.refunds.flatMap((r: Json) => [
					...(r.refund_shipping_lines ?? []).map((x: Json) => Dec.of(x.tax_amount_set[_ === 'shop' ? 'shop_money' : 'presentment_money'].amount)),
					...r.order_adjustments.filter((a: Json) => a.kind === 'shipping_refund').map((a: Json) => Dec.of(read(a, 'tax_amount')).abs()),
				]),
			);
			expect(money(read(o, 'current_subtotal_price'))).toBe(money(itemsTotal.sub(discounts).sub(sum(refundedLines.map((x: Json) => read(x, 'subtotal'))))));
			expect(money(read(o, 'current_total_tax'))).toBe(money(tax.sub(sum(refundedLines.map((x: Json) => read(x, 'total_tax')))).sub(refundedShippingTax)));
			for (const l of lines) {
				const refunded = o.refunds.flatMap((r: Json) => r.refund_line_items).filter((x: Json) => x.line_item_id === l.id);
				expect(l.current_quantity).toBe(l.quantity - refunded.reduce((n: number, x: Json) => n + x.quantity, 0));
			}
		});
	});
});

/* ------------------------------------------------------------------------------------------------ */

const CASES = NAMES.filter((name) => !NOTHING_LEFT.has(name)).flatMap((name) => profilesFor(FIXTURES[name]).map((profile) => [name, profile.label, profile] as const));

/**
 * The bar, provider document by provider document: every fixture in scope is issued exactly (its
 * check is ok and it has no problem) except these, each for the reason given, and at least `atLeast` are.
 */
const BAR: Array<{ profile: ProviderProfile; atLeast: number; notIssued: Record<string, RegExp> }> = [
	{
		profile: FACTUS_V1,
		atLeast: 16,
		notIssued: {
			'co-10-unsupported-rate-inc': /taxed at 8 %, which Factus \(v1\) does not accept/,
			'co-24-fully-refunded': /order\.line_items: nothing is left to invoice/,
		},
	},
	{
		profile: FACEPRO,
		atLeast: 16,
		notIssued: {
			'co-10-unsupported-rate-inc': /taxed at 8 %, which FacEPro does not accept/,
			'co-16-single-unit-no-shipping': /differs from the order total 59900\.00 by -0\.01 COP/,
			'co-24-fully-refunded': /order\.line_items: nothing is left to invoice/,
		},
	},
	{ profile: FACTUCONECT_FACTURA, atLeast: 16, notIssued: {} },
	{
		profile: FACTUCONECT_CCF,
		atLeast: 12,
		notIssued: {
			'sv-12-final-consumer-incl': /customer\.idNumber: .* needs the buyer's tax ID \(NIT\)/,
			'sv-14-rounding-stress-dui': /differs from the order total 79\.32 by -0\.01 USD/,
			'sv-30-presentment-gtq-final-consumer': /customer\.idNumber: .* needs the buyer's tax ID \(NIT\)/,
			'sv-36-final-consumer-gift-card': /customer\.idNumber: .* needs the buyer's tax ID \(NIT\)/,
			'sv-37-dui-only-percentage-code': /customer\.nrc: .* needs the buyer's NRC/,
		},
	},
];

describe("the issue's bar: each provider document issues at least 16 fixtures (the CCF 12) to the cent", () => {
	it.each(BAR.map((b) => [b.profile.label, b] as const))('%s', (_, { profile, atLeast, notIssued }) => {
		const inScope = NAMES.filter((name) => profilesFor(FIXTURES[name]).includes(profile));
		const outcome = (name: string): string => {
			try {
				const r = map(name, profile);
				if (r.check.ok && r.problems.length === 0) return 'issued';
				return [...r.problems.map((p) => `${p.path}: ${p.message}`), ...r.check.notes].join('\n');
			} catch (error) {
				return (error as Error).message;
			}
		};
		const outcomes = Object.fromEntries(inScope.map((name) => [name, outcome(name)]));
		const issued = inScope.filter((name) => outcomes[name] === 'issued');
		expect(inScope.filter((name) => !issued.includes(name)).sort()).toEqual(Object.keys(notIssued).sort());
		for (const [name, reason] of Object.entries(notIssued)) expect(outcomes[name]).toMatch(reason);
		expect(issued.length).toBeGreaterThanOrEqual(atLeast);
	});
});

describe('every order maps to a document whose total equals the order total, for every provider in scope', () => {
	it.each([...NOTHING_LEFT].flatMap((name) => profilesFor(FIXTURES[name]).map((profile) => [name, profile.label, profile] as const)))(
		'%s → %s: nothing is left to invoice, said with its path',
		(name, _, profile) => {
			expect(() => map(name, profile)).toThrow('The Shopify order has 1 problem: order.line_items: nothing is left to invoice (every line was refunded or removed)');
		},
	);

	it.each(CASES)('%s → %s', (name, label, profile) => {
		const order = FIXTURES[name];
		const result = map(name, profile);
		const totals = documentTotals(result.invoice.lines, profile);
		const orderTotal = Dec.of(order.current_total_price);
		const known = OUT_OF_SCOPE[`${name}|${label}`];

		expect(result.check.orderTotal).toBe(money(orderTotal));
		expect(result.check.invoiceTotal).toBe(money(totals.total));
		expect(result.check.invoiceTax).toBe(money(totals.tax));
		expect(result.check.difference).toBe(money(totals.total.sub(orderTotal)));
		if (known) {
			expect(result.check.ok).toBe(false);
			expect(result.check.difference).toBe(known.difference);
			expect(result.check.notes.join('\n')).toMatch(known.reason);
		} else {
			expect(money(totals.total)).toBe(money(orderTotal));
			expect(result.check.ok).toBe(true);
		}
		expect(result.invoice.currency).toBe(order.currency);
		expect(result.invoice.externalReference).toBe(`shopify-${order.id}`);
		expect(result.invoice.pricesIncludeTax).toBe(profile.pricesIncludeTax);

		// What the provider can accept, line by line.
		for (const line of result.invoice.lines) {
			const q = Dec.of(line.quantity);
			if (profile.integerQuantities) expect(q.isInteger()).toBe(true);
			expect(Dec.of(line.unitPrice).decimals()).toBeLessThanOrEqual(profile.priceDecimals);
			expect(Dec.of(line.unitPrice).isNegative()).toBe(false);
			if (line.discountAmount !== undefined) expect(profile.discount.amount).toBe(true);
			if (line.discountRate !== undefined) {
				expect(profile.discount.rateDecimals).not.toBeNull();
				expect(Dec.of(line.discountRate).decimals()).toBeLessThanOrEqual(profile.discount.rateDecimals ?? 0);
			}
			if (!known) expect(line.taxExcluded || profile.allowedTaxRates.includes(Dec.of(line.taxRate).toString())).toBe(true);
		}
		// The mapped document passes the neutral schema as it is — only an El Salvador final consumer needs the
		// local relaxation (no receiver document) — and carries no key the neutral schema does not know.
		const strict = result.customerSource === 'finalConsumer' && profile.country === 'SV' ? mappedInvoiceSchema : invoiceSchema;
		const parsed = parseWith(strict.strict(), result.invoice);
		if (result.customerSource !== 'none') expect(parsed.ok ? [] : parsed.problems).toEqual([]);
		const unknown = (obj: object, shape: object) => Object.keys(obj).filter((k) => !(k in shape));
		expect(unknown(result.invoice.customer, customerSchema.shape)).toEqual([]);
		for (const l of result.invoice.lines) expect(unknown(l, invoiceLineSchema.shape)).toEqual([]);
	});

	it('is deterministic: the same order maps to the same document', () => {
		for (const [name, , profile] of CASES) expect(map(name, profile)).toEqual(map(name, profile));
	});

	it('reports a currency the provider does not invoice in, with the reason', () => {
		const usdInColombia = map('sv-12-final-consumer-incl', FACTUS_V1);
		expect(usdInColombia.check.ok).toBe(false);
		expect(usdInColombia.check.notes[0]).toBe('Factus (v1) invoices in COP; this document is in USD.');
		const copInElSalvador = map('co-02-multi-line-mixed-rates-nit', FACTUCONECT_FACTURA);
		expect(copInElSalvador.check.ok).toBe(false);
		expect(copInElSalvador.check.notes[0]).toBe('Factuconect Factura (01) invoices in USD; this document is in COP.');
	});
});

/* ------------------------------------------------------------------------------------------------ */

describe('line mapping decisions', () => {
	const line = (r: MappingResult, description: RegExp) => r.invoice.lines.filter((l) => description.test(l.description));

	it('Factus keeps Shopify price and shows a percentage code as discount_rate when it reproduces the total', () => {
		const r = map('co-03-percentage-code-free-shipping', FACTUS_V1);
		expect(line(r, /Blusa/)).toEqual([expect.objectContaining({ quantity: '3', unitPrice: '45900', discountRate: '10', taxRate: '19' })]);
		expect(line(r, /Mochila/)).toEqual([expect.objectContaining({ quantity: '2', unitPrice: '18500', discountRate: '10', taxRate: '5' })]);
		// Free shipping (0.00) is no line at all.
		expect(r.invoice.lines.some((l) => /Env/.test(l.description))).toBe(false);
	});

	it('Factus splits a line whose discounted total is not divisible by its integer quantity', () => {
		const r = map('co-17-line-discount-quantity-split', FACTUS_V1);
		const cojin = line(r, /Cojín/);
		expect(cojin.map((l) => [l.quantity, l.unitPrice])).toEqual([
			['2', '33332.66'],
			['1', '33332.68'],
		]);
		const item = FIXTURES['co-17-line-discount-quantity-split'].line_items[0];
		const paid = Dec.of(item.price).mul(item.quantity).sub(item.discount_allocations[0].amount);
		expect(money(documentTotals(cojin, FACTUS_V1).total)).toBe(money(paid));
		expect(r.check.notes.join('\n')).toMatch(/"Cojín decorativo - Mostaza": split into 2 \+ 1 unit\(s\) \(33332\.66 and 33332\.68\) because 99998\.00 ÷ 3 is not a whole cent/);
	});

	it('FacEPro gets net prices and the Shopify discount as an amount', () => {
		const r = map('co-07-partial-refund', FACEPRO, { useCurrentAmounts: false });
		const [shoes] = line(r, /Zapatillas/);
		// 289 900 with 19 % included → 243 613.445… net, rounded up to the cent; the 20 % code becomes an amount.
		expect(shoes).toEqual(expect.objectContaining({ quantity: '2', unitPrice: '243613.45', taxRate: '19' }));
		const a = lineAmounts(shoes, { pricesIncludeTax: false, lineDecimals: 2 });
		expect(money(a.total)).toBe('463840.00');
		expect(Dec.of(shoes.discountAmount ?? 0).sub(Dec.of('115960').div('1.19')).abs().cmp('0.02')).toBeLessThan(0);
	});

	it('tax-excluded shop → tax-included provider converts exactly', () => {
		const order = FIXTURES['co-06-tax-excluded-b2b-net30'];
		const r = map('co-06-tax-excluded-b2b-net30', FACTUS_V1);
		expect(r.invoice.pricesIncludeTax).toBe(true);
		for (const item of order.line_items as Json[]) {
			const paid = Dec.of(item.price).mul(item.quantity).add(item.tax_lines[0].price);
			expect(money(documentTotals(line(r, new RegExp(item.title)), FACTUS_V1).total)).toBe(money(paid));
		}
		// FacEPro takes the same net prices the shop shows.
		const f = map('co-06-tax-excluded-b2b-net30', FACEPRO);
		expect(line(f, /Guantes/)).toEqual([expect.objectContaining({ quantity: '10', unitPrice: '38655.46' })]);
		expect(f.check.notes).toEqual([]);
	});

	it('zero-rated lines stay taxed at 0 %; non-taxable products are excluded', () => {
		const factus = map('co-05-zero-rated-excluded-company-field', FACTUS_V1);
		expect(line(factus, /Libro/)).toEqual([expect.objectContaining({ taxRate: '0' })]);
		expect(line(factus, /Libro/)[0].taxExcluded).toBeUndefined();
		expect(line(factus, /Arroz/)).toEqual([expect.objectContaining({ taxRate: '0', taxExcluded: true, quantity: '2', unitPrice: '24800' })]);
		// Untaxed shipping is a 0 % service line.
		expect(line(factus, /Domicilio/)).toEqual([expect.objectContaining({ taxRate: '0', itemType: 'services', code: 'ENVIO' })]);
		const facepro = map('co-05-zero-rated-excluded-company-field', FACEPRO);
		expect(facepro.check.notes).toContain('"Arroz blanco 5 kg" is not taxable in Shopify; FacEPro has no excluded flag, so it is sent at 0 %.');
		// The FacEPro node refuses `taxExcluded`: the line goes at 0 % without the flag.
		expect(line(facepro, /Arroz/)).toEqual([expect.objectContaining({ taxRate: '0' })]);
		expect(facepro.invoice.lines.some((l) => l.taxExcluded)).toBe(false);
		const sv = map('sv-12-final-consumer-incl', FACTUCONECT_FACTURA);
		expect(line(sv, /Libro/)).toEqual([expect.objectContaining({ taxExcluded: true, taxRate: '0' })]);
	});

	it('El Salvador has no 0 % taxed item: untaxed shipping is sent as exempt', () => {
		const order = fixture('sv-12-final-consumer-incl');
		const ship = order.shipping_lines[0];
		const tax = ship.tax_lines[0].price;
		ship.tax_lines = [];
		for (const field of ['total_tax', 'current_total_tax']) order[field] = Dec.of(order[field]).sub(tax).toFixed(2);
		for (const profile of [FACTUCONECT_FACTURA, FACTUCONECT_CCF]) {
			const r = orderToInvoice(order, profile);
			expect(r.invoice.lines.find((l) => l.code === 'ENVIO')).toEqual(expect.objectContaining({ taxRate: '0', taxExcluded: true, unitPrice: '3.5' }));
			expect(r.check.notes).toContain(`"Envío San Salvador" carries no tax in Shopify; ${profile.label} has no 0 % taxed item, so it is sent as exempt.`);
			expect(money(documentTotals(r.invoice.lines, profile).total)).toBe('55.90');
		}
	});

	it('taxed shipping becomes a line at its Shopify rate; options name it', () => {
		const r = map('co-02-multi-line-mixed-rates-nit', FACTUS_V1, { shippingLine: { code: 'FLETE', description: 'Transporte' } });
		expect(line(r, /Transporte/)).toEqual([expect.objectContaining({ code: 'FLETE', quantity: '1', unitPrice: '12000', taxRate: '19' })]);
	});

	it('FacEPro: an unreachable line total is compensated by a cent on another line, and says so', () => {
		const r = map('co-01-single-item-final-consumer', FACEPRO);
		expect(r.check.ok).toBe(true);
		expect(line(r, /Envío/)).toEqual([expect.objectContaining({ unitPrice: '10000.01', taxRate: '0' })]);
		expect(r.check.notes.join('\n')).toMatch(/"Envío estándar \(3-5 días\)" is invoiced with a net of 10000\.01 instead of 10000\.00/);
		expect(r.check.invoiceTax).toBe('9563.86');
		expect(r.check.orderTax).toBe('9563.87');
	});

	it('FacEPro: the Rounding Line option adds the missing cent as a visible 0 % line', () => {
		const plain = map('co-16-single-unit-no-shipping', FACEPRO);
		expect(plain.invoice.lines).toHaveLength(1);
		const r = map('co-16-single-unit-no-shipping', FACEPRO, { roundingLine: true });
		expect(r.check.ok).toBe(true);
		expect(r.invoice.lines[1]).toEqual(expect.objectContaining({ description: 'Ajuste por redondeo', unitPrice: '0.01', taxRate: '0' }));
		expect(money(documentTotals(r.invoice.lines, FACEPRO).total)).toBe('59900.00');
		expect(r.check.notes.join('\n')).toMatch(/"Ajuste por redondeo" of 0\.01/);
		// Factus, whose prices include tax, needs no such thing.
		expect(map('co-16-single-unit-no-shipping', FACTUS_V1, { roundingLine: true }).invoice.lines).toHaveLength(1);
	});

	it('El Salvador CCF: an unreachable total lands on the closest one below, and the Rounding Line adds an exempt cent', () => {
		const plain = map('sv-14-rounding-stress-dui', FACTUCONECT_CCF);
		expect(plain.check.invoiceTotal).toBe('79.31');
		expect(plain.check.notes.join('\n')).toMatch(/so that the document total is the closest it can reach \(-0\.01\)/);
		const r = map('sv-14-rounding-stress-dui', FACTUCONECT_CCF, { roundingLine: true });
		expect(r.check.difference).toBe('0.00');
		expect(r.invoice.lines.at(-1)).toEqual(expect.objectContaining({ description: 'Ajuste por redondeo', unitPrice: '0.01', taxExcluded: true }));
		expect(money(documentTotals(r.invoice.lines, FACTUCONECT_CCF).total)).toBe('79.32');
	});

	it('El Salvador CCF: the summary rounding is absorbed by a fraction on the largest line, and said so', () => {
		const r = map('sv-13-ccf-company-excl', FACTUCONECT_CCF);
		expect(r.check.ok).toBe(true);
		expect(r.check.notes.join('\n')).toMatch(/Factuconect Comprobante de Crédito Fiscal \(03\) rounds only its document totals to the cent: "Tóner HP 85A" carries [+-]0\.\d+ on its net amount so that the document total equals the order total/);
		for (const l of r.invoice.lines) expect(Dec.of(l.unitPrice).decimals()).toBeLessThanOrEqual(8);
	});

	it('El Salvador Factura: Shopify price and discount amount, 8 decimals allowed', () => {
		const r = map('sv-13-ccf-company-excl', FACTUCONECT_FACTURA);
		// A tax-excluded shop's net 4.35 becomes 4.9155 with IVA; the 5 % code becomes montoDescu.
		expect(line(r, /Resma/)).toEqual([expect.objectContaining({ quantity: '12', unitPrice: '4.9155' })]);
		expect(r.check.ok).toBe(true);
	});

	it('presentment currency: amounts come from the *_set bags, and the provider scope is checked', () => {
		const order = FIXTURES['co-09-presentment-usd'];
		const shop = map('co-09-presentment-usd', FACTUS_V1);
		expect(shop.invoice.currency).toBe('COP');
		expect(shop.check.ok).toBe(true);
		const usd = map('co-09-presentment-usd', FACTUS_V1, { currency: 'presentment' });
		expect(usd.invoice.currency).toBe('USD');
		expect(usd.check.orderTotal).toBe(money(order.current_total_price_set.presentment_money.amount));
		expect(usd.check.difference).toBe('0.00');
		expect(usd.check.ok).toBe(false);
		expect(usd.check.notes[0]).toBe('Factus (v1) invoices in COP; this document is in USD.');
		expect(line(usd, /Sombrero/)).toEqual([expect.objectContaining({ unitPrice: '47.48' })]);
	});

	it('a presentment amount that is missing is a readable problem, not a TypeError', () => {
		const order = fixture('co-09-presentment-usd');
		delete order.line_items[1].price_set;
		delete order.shipping_lines[0].discounted_price_set;
		expect(() => orderToInvoice(order, FACTUS_V1, { currency: 'presentment' })).toThrow(ShopifyInputError);
		try {
			orderToInvoice(order, FACTUS_V1, { currency: 'presentment' });
		} catch (error) {
			expect((error as ShopifyInputError).problems).toEqual(
				expect.arrayContaining([
					{ path: 'order.line_items.1.price_set', message: 'is required when amounts are taken in the presentment currency' },
					{ path: 'order.shipping_lines.0.discounted_price_set', message: 'is required when amounts are taken in the presentment currency' },
				]),
			);
		}
		// In shop currency the plain fields are enough.
		expect(orderToInvoice(order, FACTUS_V1).check.ok).toBe(true);
	});

	it('a free gift (100 % discount) stays on the invoice at zero', () => {
		const order = fixture('co-02-multi-line-mixed-rates-nit');
		const gift = JSON.parse(JSON.stringify(order.line_items[2]));
		Object.assign(gift, { id: 15100000000299, title: 'Taza de regalo', name: 'Taza de regalo', quantity: 1, current_quantity: 1, sku: 'TAZ-GIFT', total_discount: '24500.00' });
		gift.tax_lines[0].price = '0.00';
		gift.discount_allocations = [{ amount: '24500.00', discount_application_index: 0 }];
		order.line_items.push(gift);
		order.total_line_items_price = Dec.of(order.total_line_items_price).add(24500).toFixed(2);
		order.total_discounts = '24500.00';
		const factus = orderToInvoice(order, FACTUS_V1);
		expect(factus.invoice.lines.find((l) => l.code === 'TAZ-GIFT')).toEqual(expect.objectContaining({ unitPrice: '24500', discountRate: '100', taxRate: '19' }));
		expect(factus.check.ok).toBe(true);
		// No tax on a zero amount is no exemption: nothing to warn about.
		expect(factus.warnings.join('\n')).not.toMatch(/charged no tax/);
		const facepro = orderToInvoice(order, FACEPRO);
		const line = facepro.invoice.lines.find((l) => l.code === 'TAZ-GIFT');
		expect(line && money(lineAmounts(line, { pricesIncludeTax: false, lineDecimals: 2 }).total)).toBe('0.00');
		expect(facepro.check.ok).toBe(true);
	});

	it('units removed by an order edit (no refund) are left out, prorated and said so', () => {
		const order = fixture('co-02-multi-line-mixed-rates-nit');
		order.line_items[2].current_quantity = 2; // one of the three cups removed before fulfilment
		order.current_total_price = Dec.of(order.total_price).sub(24500).toFixed(2);
		const r = orderToInvoice(order, FACTUS_V1);
		expect(r.check.ok).toBe(true);
		expect(r.invoice.lines.find((l) => /Taza/.test(l.description))).toEqual(expect.objectContaining({ quantity: '2', unitPrice: '24500' }));
		expect(r.warnings).toContain('"Taza cerámica artesanal - Terracota": 1 unit(s) were removed by an order edit; the remaining amounts are prorated.');
	});

	it('with Tips: Refuse, reports a tip that is in Shopify\'s total but on no line', () => {
		const order = fixture('co-02-multi-line-mixed-rates-nit');
		order.total_tip_received = '5000.00';
		order.total_price = '245300.00';
		order.current_total_price = '245300.00';
		const r = orderToInvoice(order, FACTUS_V1, { tips: 'refuse' });
		expect(r.check.ok).toBe(false);
		expect(r.check.difference).toBe('-5000.00');
		expect(r.check.notes[0]).toMatch(/includes a tip of 5000\.00 COP, which is not a sale and is not invoiced/);
	});

	it('an automatic discount on one product stays a rate; a free-shipping code leaves no shipping line and no "exempt" warning', () => {
		const factus = map('co-19-automatic-discount-free-shipping-code-cedula', FACTUS_V1);
		expect(line(factus, /Tenis/)).toEqual([expect.objectContaining({ quantity: '2', unitPrice: '189900', discountRate: '15', taxRate: '19' })]);
		expect(line(factus, /Plantillas/)[0].discountRate).toBeUndefined();
		for (const r of [factus, map('co-19-automatic-discount-free-shipping-code-cedula', FACEPRO), map('sv-27-ccf-automatic-discount-free-shipping-code', FACTUCONECT_FACTURA), map('sv-27-ccf-automatic-discount-free-shipping-code', FACTUCONECT_CCF)]) {
			expect(r.check.ok).toBe(true);
			expect(r.invoice.lines.some((l) => l.code === 'ENVIO')).toBe(false);
			expect(r.warnings).toEqual([]);
		}
	});

	it('two discounts on one line (an automatic discount, then a code) are one discount amount', () => {
		const order = FIXTURES['sv-38-ccf-stacked-automatic-and-fixed-code-excl'];
		const r = map('sv-38-ccf-stacked-automatic-and-fixed-code-excl', FACTUCONECT_CCF);
		order.line_items.forEach((item: Json, i: number) => {
			expect(item.discount_allocations).toHaveLength(2);
			// The CCF takes the shop's net prices as they are: the discount is the sum of both allocations.
			expect(r.invoice.lines[i]).toEqual(
				expect.objectContaining({ unitPrice: Dec.of(item.price).toString(), discountAmount: sum(item.discount_allocations.map((a: Json) => a.amount)).toString() }),
			);
		});
		expect(r.check.ok).toBe(true);
	});

	it('a gift card is invoiced as what it is in Shopify (untaxed, a service), with a warning to check it', () => {
		const warning = /"Tarjeta de regalo \$100\.000" is a gift card: selling one is usually a prepayment, not a taxable sale — check before invoicing it\./;
		const factus = map('co-23-gift-card-and-goods-cedula', FACTUS_V1);
		expect(line(factus, /Tarjeta de regalo/)).toEqual([
			expect.objectContaining({ code: 'SHOPIFY-46000000002300', quantity: '1', unitPrice: '100000', taxRate: '0', taxExcluded: true, itemType: 'services' }),
		]);
		expect(factus.warnings.join('\n')).toMatch(warning);
		// The 10 % code does not touch the gift card (Shopify never discounts one).
		expect(line(factus, /Vela/)).toEqual([expect.objectContaining({ discountRate: '10' })]);
		const facepro = map('co-23-gift-card-and-goods-cedula', FACEPRO);
		expect(line(facepro, /Tarjeta de regalo/)).toEqual([expect.objectContaining({ unitPrice: '100000', taxRate: '0' })]);
		expect(facepro.warnings.join('\n')).toMatch(warning);
		const sv = map('sv-36-final-consumer-gift-card', FACTUCONECT_FACTURA);
		expect(line(sv, /Tarjeta de regalo/)).toEqual([expect.objectContaining({ unitPrice: '25', taxExcluded: true })]);
		expect(sv.warnings[0]).toMatch(/"Tarjeta de regalo \$25" is a gift card/);
		for (const r of [factus, facepro, sv]) expect(r.check.ok).toBe(true);
	});

	it('a tax-excluded shop with IVA 5 %, 19 % and a product without tax', () => {
		const order = FIXTURES['co-18-tax-excluded-agro-mixed-rates-percentage-code'];
		const facepro = map('co-18-tax-excluded-agro-mixed-rates-percentage-code', FACEPRO);
		// FacEPro takes the net prices the shop shows and Shopify's discount as an amount.
		order.line_items.forEach((item: Json, i: number) => {
			expect(facepro.invoice.lines[i]).toEqual(expect.objectContaining({ unitPrice: Dec.of(item.price).toString(), discountAmount: Dec.of(item.discount_allocations[0].amount).toString() }));
		});
		expect(line(facepro, /Semilla/)).toEqual([expect.objectContaining({ taxRate: '0' })]);
		const factus = map('co-18-tax-excluded-agro-mixed-rates-percentage-code', FACTUS_V1);
		expect(line(factus, /Semilla/)).toEqual([expect.objectContaining({ taxRate: '0', taxExcluded: true, unitPrice: '118500', discountRate: '7.5' })]);
		expect(line(factus, /Fertilizante/).map((l) => l.taxRate)).toEqual(['5', '5']);
		for (const r of [facepro, factus]) expect(r.check.ok).toBe(true);
	});

	it('long titles with accents and emojis reach the invoice as they are', () => {
		const r = map('co-20-b2b-hotel-long-titles-fixed-code', FACTUS_V1);
		expect(r.invoice.lines[0].description).toBe('Juego de toallas 100 % algodón egipcio 600 g/m² — baño completo (4 piezas) 🛁 - Blanco hueso');
		expect(map('sv-31-ccf-long-titles-emoji-automatic', FACTUCONECT_CCF).invoice.lines[0].description).toBe(
			'Juego de vajilla de porcelana para 12 personas — 72 piezas, filo dorado ✨ (línea «Cuscatlán»)',
		);
	});

	it.each([
		['co-22-presentment-eur-automatic-final-consumer', FACTUS_V1, 'EUR', 'Factus (v1) invoices in COP; this document is in EUR.'],
		['sv-30-presentment-gtq-final-consumer', FACTUCONECT_FACTURA, 'GTQ', 'Factuconect Factura (01) invoices in USD; this document is in GTQ.'],
	] as const)('%s: shop money by default; the presentment currency is out of scope, and said so', (name, profile, currency, note) => {
		const order = FIXTURES[name];
		expect(map(name, profile).check).toMatchObject({ ok: true, currency: order.currency, orderTotal: money(order.current_total_price) });
		const presentment = map(name, profile, { currency: 'presentment' });
		expect(presentment.invoice.currency).toBe(currency);
		expect(presentment.check).toMatchObject({ ok: false, orderTotal: money(order.current_total_price_set.presentment_money.amount), difference: '0.00' });
		expect(presentment.check.notes[0]).toBe(note);
	});
});

/* ------------------------------------------------------------------------------------------------ */

describe('refunds', () => {
	const refunded = (name: string) => FIXTURES[name].refunds[0];

	it.each([
		['co-07-partial-refund', [FACTUS_V1, FACEPRO]],
		['sv-15-partial-refund-excl-legacy', [FACTUCONECT_FACTURA, FACTUCONECT_CCF]],
		['sv-32-ccf-partial-refund-incl-refund-shipping-lines', [FACTUCONECT_FACTURA, FACTUCONECT_CCF]],
	] as const)('%s: the invoice uses current amounts, the credit note equals the refund', (name, profiles) => {
		const order = FIXTURES[name];
		const refund = refunded(name);
		const returned = sum(refund.transactions.map((t: Json) => t.amount));
		for (const profile of profiles) {
			const current = map(name, profile);
			const original = map(name, profile, { useCurrentAmounts: false });
			const credit = refundToCreditNote(fixture(name), refund, profile, { related: { number: 'SETP990000123' } });
			expect(current.check.orderTotal).toBe(money(order.current_total_price));
			expect(original.check.orderTotal).toBe(money(order.total_price));
			expect(credit.check.orderTotal).toBe(money(returned));
			for (const r of [current, original, credit]) expect(r.check.ok).toBe(true);
			const total = (r: MappingResult) => documentTotals(r.invoice.lines, profile).total;
			expect(money(total(credit))).toBe(money(returned));
			// What was invoiced first minus what was credited is what the customer kept.
			expect(money(total(original).sub(total(credit)))).toBe(money(total(current)));
			expect(credit.invoice.kind).toBe('creditNote');
			expect(credit.invoice.externalReference).toBe(`shopify-${order.id}-refund-${refund.id}`);
			expect(credit.invoice.related).toEqual(expect.objectContaining({ number: 'SETP990000123', reasonText: refund.note }));
		}
	});

	it('a fully refunded order: nothing left to invoice now; as placed it is invoiced, and its refund is an annulment', () => {
		const name = 'co-24-fully-refunded';
		const order = FIXTURES[name];
		const refund = refunded(name);
		expect(order.financial_status).toBe('refunded');
		for (const profile of [FACTUS_V1, FACEPRO]) {
			const original = map(name, profile, { useCurrentAmounts: false });
			const credit = refundToCreditNote(fixture(name), refund, profile, { related: { number: 'SETP990000124' } });
			expect([original.check.ok, credit.check.ok]).toEqual([true, true]);
			expect(money(documentTotals(original.invoice.lines, profile).total)).toBe(money(order.total_price));
			expect(money(documentTotals(credit.invoice.lines, profile).total)).toBe(money(order.total_price));
			expect(credit.invoice.related).toEqual(expect.objectContaining({ number: 'SETP990000124', reasonCode: '2', reasonText: refund.note }));
			expect(credit.invoice.lines.map((l) => l.code)).toEqual(expect.arrayContaining(['BAT-PED-55-ROJ', 'MOL-ANT-6', 'ENVIO']));
		}
	});

	it('credits the refunded units and the refunded shipping (refund_shipping_lines, API 2024-10+)', () => {
		const credit = refundToCreditNote(fixture('co-07-partial-refund'), refunded('co-07-partial-refund'), FACTUS_V1);
		expect(credit.invoice.lines.map((l) => [l.description, l.quantity])).toEqual([
			['Zapatillas Running Pro - 42', '1'],
			['Envío express', '1'],
		]);
		expect(credit.invoice.related?.reasonCode).toBe('1');
		// The current invoice no longer has the refunded pair nor the shipping.
		const current = map('co-07-partial-refund', FACTUS_V1);
		expect(current.invoice.lines.map((l) => [l.description, l.quantity])).toEqual([
			['Zapatillas Running Pro - 42', '1'],
			['Medias deportivas x3', '1'],
		]);
	});

	it('reads legacy shipping refunds (order_adjustments, negative amounts)', () => {
		const credit = refundToCreditNote(fixture('sv-15-partial-refund-excl-legacy'), refunded('sv-15-partial-refund-excl-legacy'), FACTUCONECT_CCF);
		expect(credit.invoice.lines.map((l) => l.description)).toEqual(['Lámpara de escritorio LED', 'Entrega a domicilio']);
		expect(credit.documentType).toBe('05');
		expect(credit.invoice.related).toEqual(expect.objectContaining({ reasonText: 'Lámparas dañadas en el transporte' }));
		const factura = refundToCreditNote(fixture('sv-15-partial-refund-excl-legacy'), refunded('sv-15-partial-refund-excl-legacy'), FACTUCONECT_FACTURA);
		expect(factura.warnings.join('\n')).toMatch(/a Nota de Crédito \(05\) corrects a CCF \(03\)/);
	});

	it('accepts the refund by id, and the same refund object as the refunds/create webhook sends it', () => {
		const refund = refunded('co-07-partial-refund');
		const byId = refundToCreditNote(fixture('co-07-partial-refund'), String(refund.id), FACTUS_V1);
		const byObject = refundToCreditNote(fixture('co-07-partial-refund'), JSON.parse(JSON.stringify(refund)), FACTUS_V1);
		expect(byId).toEqual(byObject);
		expect(creditNoteReferenceFor({ id: 5800000007777 }, { id: refund.id })).toBe(byId.invoice.externalReference);
	});

	it('when Shopify writes the shipping refund without its tax, the reading that matches the money returned wins', () => {
		const order = fixture('co-07-partial-refund');
		const rsl = order.refunds[0].refund_shipping_lines[0];
		const net = Dec.of(rsl.subtotal_amount_set.shop_money.amount).sub(rsl.tax_amount_set.shop_money.amount).toFixed(2);
		rsl.subtotal_amount_set.shop_money.amount = net;
		rsl.subtotal_amount_set.presentment_money.amount = net;
		const credit = refundToCreditNote(order, order.refunds[0], FACTUS_V1);
		expect(credit.check.ok).toBe(true);
		expect(credit.check.notes.join('\n')).toMatch(/read as inclusive of tax for lines and exclusive for shipping: the reading that matches the refund transactions/);
		const current = orderToInvoice(order, FACTUS_V1);
		expect(current.check.ok).toBe(true);
		expect(current.check.notes.join('\n')).toMatch(/the reading that matches current_total_price/);
	});

	it('a refund discrepancy (money not tied to lines) is reported, not invented', () => {
		const order = fixture('co-07-partial-refund');
		const refund = order.refunds[0];
		refund.order_adjustments.push({ id: 1, kind: 'refund_discrepancy', reason: 'Refund discrepancy', amount: '-5000.00', tax_amount: '0.00' });
		refund.transactions[0].amount = Dec.of(refund.transactions[0].amount).sub(5000).toFixed(2);
		const credit = refundToCreditNote(order, refund, FACTUS_V1);
		expect(credit.check.ok).toBe(false);
		expect(credit.check.notes.join('\n')).toMatch(/adjustment of -5000\.00 COP \(refund discrepancy\) that belongs to no line or shipping/);
	});

	it('a full refund is an annulment; a refund of another order or an unknown id is refused', () => {
		const order = fixture('co-02-multi-line-mixed-rates-nit');
		order.refunds = [
			{
				id: 9700000000999,
				order_id: order.id,
				note: null,
				refund_line_items: order.line_items.map((l: Json) => ({
					line_item_id: l.id,
					quantity: l.quantity,
					subtotal: Dec.of(l.price).mul(l.quantity).toFixed(2),
					total_tax: l.tax_lines[0].price,
				})),
				refund_shipping_lines: [
					{ shipping_line_id: order.shipping_lines[0].id, subtotal_amount_set: order.shipping_lines[0].price_set, tax_amount_set: order.shipping_lines[0].tax_lines[0].price_set },
				],
				transactions: [{ kind: 'refund', status: 'success', amount: order.total_price, currency: 'COP' }],
			},
		];
		const credit = refundToCreditNote(order, 9700000000999, FACEPRO);
		expect(credit.check.ok).toBe(true);
		expect(credit.invoice.related?.reasonCode).toBe('2');
		expect(() => refundToCreditNote(order, 123, FACEPRO)).toThrow('refund 123 is not among the order\'s refunds');
		expect(() => refundToCreditNote(order, { ...order.refunds[0], order_id: 42 }, FACEPRO)).toThrow('refund.order_id: belongs to order 42');
		// Every line refunded: nothing is left to invoice with current amounts.
		order.current_total_price = '0.00';
		expect(() => orderToInvoice(order, FACEPRO)).toThrow('order.line_items: nothing is left to invoice');
	});
});

/* ------------------------------------------------------------------------------------------------ */

describe('customer tax ID and fallbacks', () => {
	it('NIT with DV from a note attribute; the billing company is the legal name', () => {
		const r = map('co-02-multi-line-mixed-rates-nit', FACEPRO);
		expect(r.customerSource).toBe('noteAttribute');
		expect(r.invoice.customer).toEqual(
			expect.objectContaining({ idType: '31', idNumber: '900123456', dv: '8', name: 'Café Montaña S.A.S.', personType: 'legal', email: 'compras@cafemontana.com.co' }),
		);
		expect(r.problems).toEqual([]);
		// Factus v1 uses its own identification_document_id list (6 = NIT).
		expect(map('co-02-multi-line-mixed-rates-nit', FACTUS_V1).invoice.customer.idType).toBe('6');
	});

	it('finds the attribute whatever its case and accents, and recognises a cédula', () => {
		const r = map('co-03-percentage-code-free-shipping', FACEPRO);
		expect(r.invoice.customer).toEqual(expect.objectContaining({ idType: '13', idNumber: '1020304050', name: 'Valentina Ríos', personType: 'natural' }));
		expect(r.invoice.customer.dv).toBeUndefined();
	});

	it('computes a missing DV and refuses a wrong one', () => {
		const r = map('co-04-fixed-code-nit-without-dv', FACEPRO);
		expect(r.invoice.customer).toEqual(expect.objectContaining({ idType: '31', idNumber: '901234567', dv: '7' }));
		expect(r.warnings).toContain('NIT 901234567 came without its check digit; DV 7 was computed.');
		const wrong = map('co-02-multi-line-mixed-rates-nit', FACEPRO, { taxIdSource: { kind: 'value', value: '900.123.456-3' } });
		expect(wrong.problems).toEqual([{ path: 'customer.dv', message: "check digit 3 does not match NIT 900123456 (DIAN's algorithm gives 8)" }]);
		expect(nitCheckDigit('800197268')).toBe('4'); // DIAN's own NIT is 800.197.268-4
	});

	it('reads the NIT from the billing company field and keeps the company name', () => {
		const r = map('co-05-zero-rated-excluded-company-field', FACTUS_V1);
		expect(r.customerSource).toBe('billingCompany');
		expect(r.invoice.customer).toEqual(expect.objectContaining({ idType: '6', idNumber: '830045612', dv: '2', name: 'Restaurante El Fogón S.A.S.', personType: 'legal' }));
	});

	it('takes a value passed in (e.g. a customer metafield) and an explicit ID type', () => {
		const r = map('co-01-single-item-final-consumer', FACEPRO, { taxIdSource: { kind: 'value', value: 79123456 }, idTypeForTaxId: '22' });
		expect(r.customerSource).toBe('value');
		expect(r.invoice.customer).toEqual(expect.objectContaining({ idType: '22', idNumber: '79123456', name: 'Laura Gómez' }));
		// A cédula names the person even when the billing company field is filled in.
		const person = map('co-02-multi-line-mixed-rates-nit', FACEPRO, { taxIdSource: { kind: 'value', value: 'C.C. 1.020.304.050' } });
		expect(person.invoice.customer).toEqual(expect.objectContaining({ idType: '13', idNumber: '1020304050', name: 'Andrés Restrepo', personType: 'natural' }));
	});

	it('falls back to the Colombian final consumer 222222222222 when there is no tax ID', () => {
		for (const [profile, idType] of [
			[FACEPRO, '13'],
			[FACTUS_V1, '3'],
		] as const) {
			const r = map('co-01-single-item-final-consumer', profile);
			expect(r.customerSource).toBe('finalConsumer');
			expect(r.invoice.customer).toEqual(
				expect.objectContaining({ idType, idNumber: '222222222222', name: 'Consumidor final', email: 'laura.gomez82@gmail.com' }),
			);
			expect(parseWith(invoiceSchema, r.invoice).ok).toBe(true);
		}
		const empty = map('co-01-single-item-final-consumer', FACEPRO, { taxIdSource: { kind: 'value', value: '  ' } });
		expect(empty.customerSource).toBe('finalConsumer');
		const text = map('co-01-single-item-final-consumer', FACEPRO, { taxIdSource: { kind: 'billingCompany' } });
		expect(text.invoice.customer.idNumber).toBe('222222222222');
	});

	it('El Salvador: a Factura without NIT goes to the final consumer without a document; a CCF cannot', () => {
		const factura = map('sv-12-final-consumer-incl', FACTUCONECT_FACTURA, { defaults: { finalConsumerClientId: '881' } });
		expect(factura.customerSource).toBe('finalConsumer');
		expect(factura.invoice.customer).toEqual(expect.objectContaining({ name: 'Consumidor final', providerId: '881' }));
		expect(factura.invoice.customer.idType).toBeUndefined();
		expect(factura.invoice.customer.idNumber).toBeUndefined();
		expect(parseWith(mappedInvoiceSchema, factura.invoice).ok).toBe(true);
		// Until invoice.ts allows it, the plain neutral schema still requires a document.
		expect(parseWith(invoiceSchema, factura.invoice).ok).toBe(false);
		const ccf = map('sv-12-final-consumer-incl', FACTUCONECT_CCF);
		expect(ccf.customerSource).toBe('none');
		expect(parseWith(invoiceSchema, ccf.invoice).ok).toBe(false);
		expect(ccf.problems[0]).toEqual({
			path: 'customer.idNumber',
			message: `Factuconect Comprobante de Crédito Fiscal (03) needs the buyer's tax ID (NIT) and there is none in the note attribute "NIT"`,
		});
	});

	it('El Salvador: NIT and NRC for a CCF; a DUI is formatted with its dash on a Factura', () => {
		const ccf = map('sv-13-ccf-company-excl', FACTUCONECT_CCF);
		expect(ccf.invoice.customer).toEqual(expect.objectContaining({ idType: '36', idNumber: '06142901861023', nrc: '1234567', name: 'Distribuidora Cuscatlán, S.A. de C.V.' }));
		expect(ccf.problems).toEqual([]);
		const dui = map('sv-14-rounding-stress-dui', FACTUCONECT_FACTURA);
		expect(dui.invoice.customer).toEqual(expect.objectContaining({ idType: '13', idNumber: '04567890-3', name: 'Mario López' }));
		expect(dui.problems).toEqual([]);
		const dui03 = map('sv-14-rounding-stress-dui', FACTUCONECT_CCF);
		expect(dui03.invoice.customer).toEqual(expect.objectContaining({ idType: '36', idNumber: '045678903' }));
		expect(dui03.problems).toEqual([
			{ path: 'customer.nrc', message: 'Factuconect Comprobante de Crédito Fiscal (03) needs the buyer\'s NRC (2 to 8 digits) in the note attribute "NRC"' },
		]);
		const typo = map('sv-14-rounding-stress-dui', FACTUCONECT_FACTURA, { taxIdSource: { kind: 'value', value: '04567890-1' } });
		expect(typo.problems).toEqual([{ path: 'customer.idNumber', message: '"04567890-1" is not a valid DUI: its check digit should be 3' }]);
	});

	it('more ways shops collect the ID: a cédula written "C.C." in the NIT attribute, a NIT with DV under another attribute name', () => {
		const cedula = map('co-21-cedula-zero-rated-books-non-taxable', FACEPRO);
		expect(cedula.invoice.customer).toEqual(expect.objectContaining({ idType: '13', idNumber: '52345678', name: 'Catalina Pardo Muñoz', personType: 'natural' }));
		expect(cedula.invoice.customer.dv).toBeUndefined();
		const hotel = map('co-20-b2b-hotel-long-titles-fixed-code', FACTUS_V1);
		expect(hotel.customerSource).toBe('noteAttribute');
		expect(hotel.invoice.customer).toEqual(expect.objectContaining({ idType: '6', idNumber: '900456789', dv: '4', name: 'Hotel Boutique Casa Añil S.A.S.', personType: 'legal' }));
		expect(hotel.problems).toEqual([]);
		// A buyer abroad without a Colombian ID is the final consumer, with their own country and e-mail.
		const abroad = map('co-22-presentment-eur-automatic-final-consumer', FACTUS_V1);
		expect(abroad.invoice.customer).toEqual(expect.objectContaining({ idNumber: '222222222222', country: 'ES', email: 'lucia.ferrer.gil@gmail.com' }));
	});

	it('El Salvador: a DUI used as NIT with an NRC (persona natural contribuyente) issues a CCF; a DUI alone a Factura', () => {
		const ccf = map('sv-29-ccf-dui-as-nit-with-nrc', FACTUCONECT_CCF);
		expect(ccf.invoice.customer).toEqual(expect.objectContaining({ idType: '36', idNumber: '054321783', nrc: '3012456', name: 'Rosa Aguilar', personType: 'natural' }));
		expect(ccf.problems).toEqual([]);
		const factura = map('sv-29-ccf-dui-as-nit-with-nrc', FACTUCONECT_FACTURA);
		expect(factura.invoice.customer).toEqual(expect.objectContaining({ idType: '13', idNumber: '05432178-3', nrc: '3012456' }));
		const dui = map('sv-37-dui-only-percentage-code', FACTUCONECT_FACTURA);
		expect(dui.invoice.customer).toEqual(expect.objectContaining({ idType: '13', idNumber: '03456789-8', name: 'Marta Lemus' }));
		expect(dui.problems).toEqual([]);
		expect(map('sv-37-dui-only-percentage-code', FACTUCONECT_CCF).problems).toEqual([
			{ path: 'customer.nrc', message: 'Factuconect Comprobante de Crédito Fiscal (03) needs the buyer\'s NRC (2 to 8 digits) in the note attribute "NRC"' },
		]);
	});

	it('applies the defaults Shopify does not know', () => {
		const r = map('co-02-multi-line-mixed-rates-nit', FACTUS_V1, {
			defaults: { municipality: '980', paymentMethod: '48', unit: '70', documentType: '01', taxResponsibilities: ['O-13'] },
			paymentMethodByGateway: { shopify_payments: '49' },
			municipalityFor: (a) => (a.city === 'Medellín' ? '1' : undefined),
		});
		expect(r.invoice.customer).toEqual(expect.objectContaining({ municipality: '1', taxResponsibilities: ['O-13'], country: 'CO' }));
		expect(r.invoice.payment).toEqual({ form: 'cash', method: '49' });
		expect(r.documentType).toBe('01');
		expect(r.invoice.lines.every((l) => l.unit === '70')).toBe(true);
		const noGateway = map('co-02-multi-line-mixed-rates-nit', FACTUS_V1, { defaults: { paymentMethod: '48', municipality: '980' } });
		expect(noGateway.invoice.payment).toEqual({ form: 'cash', method: '48' });
		expect(noGateway.invoice.customer.municipality).toBe('980');
		// Payment terms (net 30) make it a credit sale with its due date…
		const credit = map('co-06-tax-excluded-b2b-net30', FACTUS_V1);
		expect(credit.invoice.payment).toEqual({ form: 'credit', dueDate: '2025-08-08' });
		expect(credit.warnings).toContain('The order\'s financial status is "pending", not paid.');
		// …which FacEPro's API cannot carry: left out, and said so.
		const facepro = map('co-06-tax-excluded-b2b-net30', FACEPRO);
		expect(facepro.invoice.payment).toBeUndefined();
		expect(facepro.warnings).toContain('The order has payment terms due 2025-08-08, but FacEPro cannot express a credit sale: it is invoiced without them.');
	});
});

/* ------------------------------------------------------------------------------------------------ */

describe('bad Shopify input gives readable per-field errors', () => {
	const problemsOf = (input: unknown) => {
		try {
			orderToInvoice(input, FACTUS_V1);
		} catch (error) {
			expect(error).toBeInstanceOf(ShopifyInputError);
			return (error as ShopifyInputError).problems;
		}
		throw new Error('expected a ShopifyInputError');
	};

	it('a webhook without line_items', () => {
		const order = fixture('co-02-multi-line-mixed-rates-nit');
		delete order.line_items;
		expect(problemsOf(order)).toEqual([{ path: 'order.line_items', message: 'is required' }]);
		expect(() => orderToInvoice(order, FACTUS_V1)).toThrow('The Shopify order has 1 problem: order.line_items: is required');
	});

	it('everything wrong at once, each with its path', () => {
		const order = fixture('co-02-multi-line-mixed-rates-nit');
		delete order.id;
		delete order.taxes_included;
		order.currency = 'PESOS';
		order.line_items[0].price = '32.900,00';
		order.line_items[1].quantity = 'one';
		order.line_items[2].tax_lines[0].rate = -1;
		order.shipping_lines = [{ title: 'Envío' }];
		const problems = problemsOf(order);
		expect(problems).toEqual(
			expect.arrayContaining([
				{ path: 'order.id', message: 'is required' },
				{ path: 'order.taxes_included', message: 'is required' },
				{ path: 'order.currency', message: 'must be a 3-letter ISO code' },
				{ path: 'order.line_items.0.price', message: '"32.900,00" is not an amount (use a decimal such as "19.99")' },
				{ path: 'order.line_items.1.quantity', message: 'must be a number, got string' },
				{ path: 'order.line_items.2.tax_lines.0.rate', message: 'must be a tax rate such as 0.19' },
				{ path: 'order.shipping_lines.0.price', message: 'is required' },
			]),
		);
	});

	it('no order at all, or something that is not an object', () => {
		expect(problemsOf(undefined)).toEqual([{ path: 'order', message: 'is required (no Shopify data in the input item)' }]);
		expect(problemsOf('{"id": 1}')).toEqual([{ path: 'order', message: 'must be a JSON object, got string' }]);
		expect(problemsOf([])).toEqual([{ path: 'order', message: 'must be a JSON object, got an array' }]);
		expect(problemsOf({ line_items: [] })).toEqual(expect.arrayContaining([{ path: 'order.line_items', message: 'needs at least one line item' }]));
	});

	it('accepts the REST answer {order: …} as well as the bare webhook body', () => {
		const wrapped = { order: fixture('co-02-multi-line-mixed-rates-nit') };
		expect(parseShopifyOrder(wrapped).ok).toBe(true);
		expect(orderToInvoice(wrapped, FACTUS_V1).check.ok).toBe(true);
	});

	it('a cancelled order is a problem; a refund payload missing its lines is readable too', () => {
		const order = fixture('co-02-multi-line-mixed-rates-nit');
		order.cancelled_at = '2025-04-12T09:00:00-05:00';
		expect(orderToInvoice(order, FACTUS_V1).problems).toContainEqual({
			path: 'order.cancelled_at',
			message: 'the order was cancelled (2025-04-12T09:00:00-05:00); a cancelled order is not invoiced',
		});
		expect(() => refundToCreditNote(fixture('co-07-partial-refund'), { id: 5, refund_line_items: [{ quantity: 1 }] }, FACTUS_V1)).toThrow(
			/The Shopify refund has 3 problems: refund\.refund_line_items\.0\.line_item_id: is required; refund\.refund_line_items\.0\.subtotal: is required; refund\.refund_line_items\.0\.total_tax: is required/,
		);
	});
});

describe('external reference', () => {
	it('is built from the order id only: stable, and the same for number and string ids', () => {
		const order = FIXTURES['co-02-multi-line-mixed-rates-nit'];
		expect(externalReferenceFor(order)).toBe('shopify-5800000002222');
		expect(externalReferenceFor({ id: '5800000002222' })).toBe('shopify-5800000002222');
		expect(externalReferenceFor({ ...order, name: '#9999' })).toBe(externalReferenceFor(order));
		expect(externalReferenceFor(order, { referencePrefix: 'tienda1-' })).toBe('tienda1-5800000002222');
		const renamed = fixture('co-02-multi-line-mixed-rates-nit');
		renamed.name = 'CM-2207';
		const a = orderToInvoice(renamed, FACTUS_V1);
		expect(a.invoice.externalReference).toBe('shopify-5800000002222');
		// The name is for people: it goes into the notes.
		expect(a.invoice.notes).toBe('Shopify CM-2207');
	});
});
