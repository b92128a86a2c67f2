/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The testers' findings on the Shopify mapper, one test each: an order no cent combination can reach, an
 * order without current_* fields, a shipping refund Shopify carries twice, tips, and a warning's wording.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Dec } from '../../../nodes/shared/decimal';
import { documentTotals } from '../../../nodes/shared/invoice/money';
import { orderToInvoice, refundToCreditNote } from '../../../nodes/shared/shopify/toInvoice';
import { FACEPRO } from '../../../nodes/FacEPro/profile';
import { FACTUCONECT_FACTURA } from '../../../nodes/Factuconect/profile';
import { FACTUS_V1 } from '../../../nodes/Factus/profile';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are raw Shopify JSON */
type Json = any;

const fixture = (name: string): Json => JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'shopify', `${name}.json`), 'utf8'));
const money = (value: Dec | string | number) => Dec.of(value).toFixed(2);
const shift = (order: Json, field: string, by: Dec | string | number) => {
	order[field] = Dec.of(order[field]).add(by).toFixed(2);
};
const withoutCurrentFields = (order: Json) => {
	for (const key of Object.keys(order)) if (key.startsWith('current_')) delete order[key];
	for (const line of order.line_items) delete line.current_quantity;
	return order;
};

describe('an order whose line tax does not match its rate', () => {
	// 19 % of the gloves' net 386 554.60 is 73 445.37; this order says 38 655.46 (another tax was charged).
	const order = fixture('co-06-tax-excluded-b2b-net30');
	const wrong = Dec.of('38655.46').sub(order.line_items[0].tax_lines[0].price);
	order.line_items[0].tax_lines[0].price = '38655.46';
	for (const field of ['total_price', 'current_total_price', 'total_tax', 'current_total_tax']) shift(order, field, wrong);

	it('is refused with the fiscal reason, instead of crashing, when no cent combination reaches it', () => {
		const r = orderToInvoice(order, FACEPRO);
		expect(r.check.ok).toBe(false);
		expect(r.check.notes).toContain(
			'"Guantes de nitrilo caja x100": Shopify charged 38655.46 of tax on a net amount of 386554.60, which is not its 19 % rate (that would be 73445.37); FacEPro computes the tax from the rate, so the document cannot equal what the customer paid.',
		);
		expect(r.check.orderTotal).toBe(money(order.current_total_price));
		expect(r.check.invoiceTotal).toBe(money(documentTotals(r.invoice.lines, FACEPRO).total));
	});
});

describe('an order without current_* fields (older API versions, exports)', () => {
	it('is checked against total_price and issued when it matches', () => {
		const r = orderToInvoice(withoutCurrentFields(fixture('co-02-multi-line-mixed-rates-nit')), FACTUS_V1);
		expect(r.check).toMatchObject({ ok: true, orderTotal: '240300.00', invoiceTotal: '240300.00', orderTax: '30994.67' });
		expect(r.check.notes).toContain('The order has no current_total_price (an older API version or an export): the document is checked against total_price.');
	});

	it('is refused when an order-level discount is on no line, instead of being issued for more than was paid', () => {
		const order = withoutCurrentFields(fixture('co-02-multi-line-mixed-rates-nit'));
		shift(order, 'total_price', -10000);
		shift(order, 'total_discounts', 10000);
		const r = orderToInvoice(order, FACTUS_V1);
		expect(r.check.ok).toBe(false);
		expect(r.check.orderTotal).toBe('230300.00');
		expect(r.check.difference).toBe('10000.00');
		expect(r.check.notes[0]).toBe(
			"Shopify's total 230300.00 COP differs from the sum of its lines 240300.00 by -10000.00: it includes an order-level discount of 10000.00 COP that is allocated to no line (total_discounts).",
		);
	});

	it('is refused when order-level tax is on no line', () => {
		const order = withoutCurrentFields(fixture('co-02-multi-line-mixed-rates-nit'));
		shift(order, 'total_price', 1500);
		shift(order, 'total_tax', 1500);
		const r = orderToInvoice(order, FACEPRO);
		expect(r.check.ok).toBe(false);
		expect(r.check.notes[0]).toMatch(/it includes order-level tax of 1500\.00 COP that is on no line \(total_tax\)\.$/);
	});

	it('with refunds: total_price less the money refunded', () => {
		const order = withoutCurrentFields(fixture('co-07-partial-refund'));
		const r = orderToInvoice(order, FACTUS_V1);
		expect(r.check).toMatchObject({ ok: true, orderTotal: '263840.00' });
		expect(r.check.notes).toContain(
			'The order has no current_total_price (an older API version or an export): the document is checked against total_price less the money refunded.',
		);
	});
});

describe('a shipping refund Shopify carries both as a refund shipping line and as a shipping_refund adjustment', () => {
	// Shopify's own refund example has the same shipping refund in both places.
	const twice = () => {
		const order = fixture('co-07-partial-refund');
		const refund = order.refunds[0];
		const line = refund.refund_shipping_lines[0];
		refund.order_adjustments.push({
			id: 9800000000071,
			kind: 'shipping_refund',
			reason: 'Shipping refund',
			amount: Dec.of(line.subtotal_amount_set.shop_money.amount).neg().toFixed(2),
			tax_amount: Dec.of(line.tax_amount_set.shop_money.amount).neg().toFixed(2),
		});
		return order;
	};

	it('is subtracted once from the order', () => {
		const plain = orderToInvoice(fixture('co-07-partial-refund'), FACTUS_V1);
		const r = orderToInvoice(twice(), FACTUS_V1);
		expect(r.check.ok).toBe(true);
		expect(r.invoice.lines).toEqual(plain.invoice.lines);
	});

	it('becomes one shipping line of the credit note', () => {
		const order = twice();
		const plain = refundToCreditNote(fixture('co-07-partial-refund'), order.refunds[0].id, FACEPRO);
		const credit = refundToCreditNote(order, order.refunds[0].id, FACEPRO);
		expect(credit.check.ok).toBe(true);
		expect(credit.invoice.lines.filter((l) => l.code === 'ENVIO')).toHaveLength(1);
		expect(credit.invoice.lines).toEqual(plain.invoice.lines);
	});

	it('a shipping_refund adjustment alone (API versions before 2024-10) is still credited', () => {
		const credit = refundToCreditNote(fixture('sv-15-partial-refund-excl-legacy'), fixture('sv-15-partial-refund-excl-legacy').refunds[0].id, FACTUCONECT_FACTURA);
		expect(credit.invoice.lines.filter((l) => l.code === 'ENVIO')).toHaveLength(1);
	});
});

describe('tips', () => {
	const withTip = () => {
		const order = fixture('co-02-multi-line-mixed-rates-nit');
		order.total_tip_received = '5000.00';
		order.total_price = '245300.00';
		order.current_total_price = '245300.00';
		return order;
	};

	it('are left out by default: the sale is invoiced exactly and the tip is named in the notes', () => {
		for (const profile of [FACTUS_V1, FACEPRO]) {
			const r = orderToInvoice(withTip(), profile);
			expect(r.check).toMatchObject({ ok: true, orderTotal: '240300.00', invoiceTotal: '240300.00', difference: '0.00' });
			expect(r.check.notes).toContain('A tip of 5000.00 COP is left out: it is not a sale of the shop, so it is not invoiced.');
			expect(r.invoice.lines.some((l) => /tip|propina/i.test(l.description))).toBe(false);
		}
	});

	it("refuse the order with tips: 'refuse'", () => {
		const r = orderToInvoice(withTip(), FACEPRO, { tips: 'refuse' });
		expect(r.check.ok).toBe(false);
		expect(r.check.difference).toBe('-5000.00');
	});
});

describe('warnings read well', () => {
	it('an empty tax ID value names "the given tax ID value" once', () => {
		const r = orderToInvoice(fixture('co-02-multi-line-mixed-rates-nit'), FACEPRO, { taxIdSource: { kind: 'value', value: '' } });
		expect(r.warnings).toContain('No tax ID in the given tax ID value: invoiced to the final consumer (222222222222).');
		expect(r.warnings.join('\n')).not.toMatch(/the the/);
	});
});
