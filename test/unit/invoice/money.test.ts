/**
 * The one money engine with each provider's rule, on the providers' documented examples: the figures the
 * Preview Totals operations, the wire checks and the Shopify mapper all read.
 */
import { FACEPRO_TOTALS } from '../../../nodes/FacEPro/profile';
import { CCF_TOTALS, FACTURA_TOTALS } from '../../../nodes/Factuconect/profile';
import { FACTUS_V1_TOTALS } from '../../../nodes/Factus/profile';
import { documentTotals } from '../../../nodes/shared/invoice/money';
import type { DocumentTotals } from '../../../nodes/shared/invoice/money';

const figures = (t: DocumentTotals) => ({
	subtotal: t.subtotal.toFixed(2),
	tax: t.tax.toFixed(2),
	total: t.total.toFixed(2),
	taxed: t.taxed.toFixed(2),
	exempt: t.exempt.toFixed(2),
});

describe('documentTotals', () => {
	it("FacEPro (prices without IVA, sum of line taxes): the documented 122500 / 23275 / 145775", () => {
		const t = documentTotals(
			[
				{ quantity: 2, unitPrice: 50000, taxRate: 19 },
				{ quantity: 1, unitPrice: 25000, taxRate: 19, discountRate: 10 },
			],
			FACEPRO_TOTALS,
		);
		expect(figures(t)).toEqual({ subtotal: '122500.00', tax: '23275.00', total: '145775.00', taxed: '122500.00', exempt: '0.00' });
		expect(t.lines[1].discount.toFixed(2)).toBe('2500.00');
		expect(t.taxByRate['19'].toFixed(2)).toBe('23275.00');
	});

	it('Factus v1 (prices with tax, sum of line taxes): seed 001 to the cent (81232.50 / 8767.50 / 90000.00)', () => {
		const t = documentTotals(
			[
				{ quantity: 1, unitPrice: 50000, taxRate: '19.00', discountRate: 20 },
				{ quantity: 1, unitPrice: 50000, taxRate: '5.00' },
			],
			FACTUS_V1_TOTALS,
		);
		expect(figures(t)).toMatchObject({ subtotal: '81232.50', tax: '8767.50', total: '90000.00' });
		expect(t.discount.toFixed(2)).toBe('8403.36');
		expect(Object.fromEntries(Object.entries(t.taxByRate).map(([k, v]) => [k, v.toFixed(2)]))).toEqual({ '19': '6386.55', '5': '2380.95' });
	});

	it('Factus v1: seed 003 (1335000 with an 11 % discount) and an excluded line counted under 0 %', () => {
		const t = documentTotals(
			[
				{ quantity: 1, unitPrice: 1500000, taxRate: 19, discountRate: 11 },
				{ quantity: 2, unitPrice: 1000, taxRate: 19, taxExcluded: true },
			],
			FACTUS_V1_TOTALS,
		);
		expect(t.lines[0].total.toFixed(2)).toBe('1335000.00');
		expect(t.lines[0].tax.toFixed(2)).toBe('213151.26');
		expect(figures(t)).toEqual({ subtotal: '1123848.74', tax: '213151.26', total: '1337000.00', taxed: '1335000.00', exempt: '2000.00' });
		expect(t.taxByRate['0'].toFixed(2)).toBe('0.00');
	});

	it('MH Factura (01, IVA-inclusive lines): 113 → IVA 13, total 113; exempt lines add to the total', () => {
		expect(figures(documentTotals([{ quantity: 1, unitPrice: 113, taxRate: 13 }], FACTURA_TOTALS))).toEqual({
			subtotal: '100.00',
			tax: '13.00',
			total: '113.00',
			taxed: '113.00',
			exempt: '0.00',
		});
		const mixed = documentTotals(
			[
				{ quantity: 3, unitPrice: '0.33333333', taxRate: 13 },
				{ quantity: 1, unitPrice: '0.005', taxRate: 13 },
				{ quantity: 1, unitPrice: '10.004', taxRate: 13, taxExcluded: true },
			],
			FACTURA_TOTALS,
		);
		// Items keep 8 decimals; the taxed total is rounded once (1.00499999 → 1.00), the exempt one too.
		expect(mixed.lines[0].tax.toString()).toBe('0.11504425');
		expect(figures(mixed)).toMatchObject({ taxed: '1.00', exempt: '10.00', total: '11.00', tax: '0.12' });
	});

	it('MH CCF (03, IVA 13 % on the summary): 113 net → 14.69 IVA, 127.69 total; not the sum of line taxes', () => {
		expect(figures(documentTotals([{ quantity: 1, unitPrice: 113, taxRate: 13 }], CCF_TOTALS))).toEqual({
			subtotal: '113.00',
			tax: '14.69',
			total: '127.69',
			taxed: '113.00',
			exempt: '0.00',
		});
		// Three lines of 0.35: IVA per line in cents would be 3 × 0.05 = 0.15; on the summary it is 13 % of 1.05 = 0.14.
		const lines = Array.from({ length: 3 }, () => ({ quantity: 1, unitPrice: '0.35', taxRate: 13 }));
		expect(documentTotals(lines, CCF_TOTALS).tax.toFixed(2)).toBe('0.14');
		expect(documentTotals(lines, { ...CCF_TOTALS, lineDecimals: 2, summary: 'sumOfLineTaxes' }).tax.toFixed(2)).toBe('0.15');
	});

	it('MH Sujeto Excluido (14: every line at 0 %): no IVA, the purchases are the taxed total', () => {
		const t = documentTotals([{ quantity: 1, unitPrice: 113, taxRate: 0 }], CCF_TOTALS);
		expect(figures(t)).toEqual({ subtotal: '113.00', tax: '0.00', total: '113.00', taxed: '113.00', exempt: '0.00' });
	});

	it("follows the rule's rounding mode", () => {
		const line = [{ quantity: 1, unitPrice: '0.125', taxRate: 0 }];
		expect(documentTotals(line, FACEPRO_TOTALS).total.toFixed(2)).toBe('0.13');
		expect(documentTotals(line, { ...FACEPRO_TOTALS, rounding: 'halfEven' }).total.toFixed(2)).toBe('0.12');
	});
});
