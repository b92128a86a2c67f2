/**
 * The shared money engine's document discount (`documentTotals(..., {documentDiscount})`), as El Salvador's
 * MH uses it (descuGravada): the tax is computed on the taxed sales after the discount; exempt sales are
 * not discounted; several rates share it in proportion; the DIAN rule refuses it rather than guess.
 */
import { documentTotals } from '../../nodes/shared/invoice/money';
import type { TotalsRule } from '../../nodes/shared/invoice/money';
import { CCF_TOTALS, FACTURA_TOTALS } from '../../nodes/Factuconect/profile';

const plain = (t: ReturnType<typeof documentTotals>) => ({
	taxed: t.taxed.toNumber(),
	exempt: t.exempt.toNumber(),
	documentDiscount: t.documentDiscount.toNumber(),
	subtotal: t.subtotal.toNumber(),
	tax: t.tax.toNumber(),
	total: t.total.toNumber(),
});

describe('documentTotals with a document discount', () => {
	it('tax on the summary (CCF): IVA on the taxed sales after the discount; exempt untouched', () => {
		const lines = [
			{ quantity: 2, unitPrice: 150, taxRate: 13 },
			{ quantity: 1, unitPrice: 20, taxRate: 13, taxExcluded: true },
		];
		expect(plain(documentTotals(lines, CCF_TOTALS))).toMatchObject({ documentDiscount: 0, tax: 39, total: 359 });
		expect(plain(documentTotals(lines, CCF_TOTALS, { documentDiscount: { amount: 30 } }))).toEqual({
			taxed: 300,
			exempt: 20,
			documentDiscount: 30,
			subtotal: 290,
			tax: 35.1,
			total: 325.1,
		});
		// As a rate of the taxed sales only: 10 % of 300, not of 320.
		expect(plain(documentTotals(lines, CCF_TOTALS, { documentDiscount: { rate: 10 } })).documentDiscount).toBe(30);
	});

	it('tax-inclusive lines (Factura): the total drops by the discount, the IVA is what is left contains', () => {
		const t = plain(documentTotals([{ quantity: 1, unitPrice: 113, taxRate: 13 }], FACTURA_TOTALS, { documentDiscount: { amount: 11.3 } }));
		expect(t).toEqual({ taxed: 113, exempt: 0, documentDiscount: 11.3, subtotal: 90, tax: 11.7, total: 101.7 });
	});

	it('several rates share the discount in proportion, to the cent', () => {
		const rule: TotalsRule = { ...CCF_TOTALS };
		const t = documentTotals(
			[
				{ quantity: 1, unitPrice: 100, taxRate: 13 },
				{ quantity: 1, unitPrice: 50, taxRate: 5 },
			],
			rule,
			{ documentDiscount: { amount: 10 } },
		);
		// 10 × 100/150 = 6.67 on 13 %, the remaining 3.33 on 5 %.
		expect(t.taxByRate['13'].toNumber()).toBe(12.13);
		expect(t.taxByRate['5'].toNumber()).toBe(2.33);
		expect(t.total.toNumber()).toBe(154.46);
	});

	it('no discount changes nothing, and the DIAN rule refuses one', () => {
		const lines = [{ quantity: 3, unitPrice: 3.8849, taxRate: 13 }];
		expect(plain(documentTotals(lines, CCF_TOTALS, {}))).toEqual(plain(documentTotals(lines, CCF_TOTALS)));
		const dian: TotalsRule = { pricesIncludeTax: false, lineDecimals: 2, summaryDecimals: 2, summary: 'sumOfLineTaxes' };
		expect(() => documentTotals(lines, dian, { documentDiscount: { amount: 1 } })).toThrow(/not available/);
		expect(plain(documentTotals(lines, dian, { documentDiscount: { amount: 0 } })).documentDiscount).toBe(0);
	});
});
