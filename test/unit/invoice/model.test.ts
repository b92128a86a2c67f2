import { Dec } from '../../../nodes/shared/decimal';
import { invoiceSchema, isIsoDate, parseWith } from '../../../nodes/shared/invoice/model';
import { lineAmounts, sumLines, withholdingAmount } from '../../../nodes/shared/invoice/money';

describe('Dec', () => {
	it('adds and multiplies without binary floating-point error', () => {
		expect(Dec.of(0.1).add(0.2).toString()).toBe('0.3');
		expect(Dec.of('19.00').mul('1.15').toString()).toBe('21.85');
		expect(Dec.of(1e21).toString()).toBe('1000000000000000000000');
		expect(Dec.of(1e-7).toString()).toBe('0.0000001');
	});

	it('rounds half-up and half-even at the requested decimals', () => {
		expect(Dec.of('2.345').round(2).toString()).toBe('2.35');
		expect(Dec.of('2.345').round(2, 'halfEven').toString()).toBe('2.34');
		expect(Dec.of('-2.345').round(2).toString()).toBe('-2.35');
		expect(Dec.of('40000').div('1.19').toFixed(2)).toBe('33613.45');
	});

	it('refuses text that is not a number', () => {
		expect(() => Dec.of('12,5')).toThrow('Not a decimal number');
		expect(Dec.isDecimal('1.')).toBe(true);
		expect(Dec.isDecimal('abc')).toBe(false);
	});
});

describe('line and invoice amounts', () => {
	it('prices without tax: FacEPro documented example (122500 / 23275 / 145775)', () => {
		const rule = { pricesIncludeTax: false, lineDecimals: 2 };
		const lines = [
			{ quantity: 2, unitPrice: 50000, taxRate: 19 },
			{ quantity: 1, unitPrice: 25000, taxRate: 19, discountRate: 10 },
		];
		const totals = sumLines(lines.map((l) => ({ amounts: lineAmounts(l, rule), taxRate: l.taxRate })));
		expect(totals.subtotal.toNumber()).toBe(122500);
		expect(totals.tax.toNumber()).toBe(23275);
		expect(totals.total.toNumber()).toBe(145775);
	});

	it('prices with tax: Factus seed 001 to the cent, with withholdings', () => {
		const rule = { pricesIncludeTax: true, lineDecimals: 2 };
		const a = lineAmounts({ quantity: 1, unitPrice: 50000, taxRate: '19.00', discountRate: 20 }, rule);
		const b = lineAmounts({ quantity: 1, unitPrice: 50000, taxRate: '5.00' }, rule);
		expect([a.taxable.toFixed(2), a.tax.toFixed(2), a.total.toFixed(2), a.discount.toFixed(2)]).toEqual([
			'33613.45',
			'6386.55',
			'40000.00',
			'8403.36',
		]);
		expect([b.taxable.toFixed(2), b.tax.toFixed(2), b.total.toFixed(2)]).toEqual(['47619.05', '2380.95', '50000.00']);
		const totals = sumLines([
			{ amounts: a, taxRate: 19 },
			{ amounts: b, taxRate: 5 },
		]);
		expect([totals.subtotal.toFixed(2), totals.tax.toFixed(2), totals.total.toFixed(2)]).toEqual([
			'81232.50',
			'8767.50',
			'90000.00',
		]);
		expect(withholdingAmount(a, 15, 'tax').toFixed(2)).toBe('957.98');
		expect(withholdingAmount(a, 7, 'taxable').toFixed(2)).toBe('2352.94');
	});

	it('prices with tax: Factus seed 003 (1335000 with 11 % discount)', () => {
		const a = lineAmounts(
			{ quantity: 1, unitPrice: 1500000, taxRate: 19, discountRate: 11 },
			{ pricesIncludeTax: true, lineDecimals: 2 },
		);
		expect([a.discount.toFixed(2), a.taxable.toFixed(2), a.tax.toFixed(2), a.total.toFixed(2)]).toEqual([
			'138655.46',
			'1121848.74',
			'213151.26',
			'1335000.00',
		]);
		expect(withholdingAmount(a, 7, 'taxable').toFixed(2)).toBe('78529.41');
	});

	it('tax-excluded lines carry no tax', () => {
		const a = lineAmounts({ quantity: 3, unitPrice: 1000, taxRate: 19, taxExcluded: true }, { pricesIncludeTax: false, lineDecimals: 2 });
		expect(a.tax.isZero()).toBe(true);
		expect(a.total.toNumber()).toBe(3000);
	});
});

describe('neutral invoice schema', () => {
	const valid = {
		customer: { idType: '13', idNumber: '71234567', name: 'JUAN PEREZ' },
		lines: [{ description: 'Repuesto', quantity: 2, unitPrice: 50000, taxRate: 19 }],
	};

	it('accepts a minimal invoice and defaults its kind', () => {
		const parsed = parseWith(invoiceSchema, valid);
		expect(parsed.ok && parsed.value.kind).toBe('invoice');
	});

	it('reports every problem with its path', () => {
		const parsed = parseWith(invoiceSchema, {
			customer: { idType: '13', name: '' , email: 'nope'},
			lines: [{ description: 'x', quantity: -1, unitPrice: 'abc', taxRate: 19 }],
			issueDate: '2026-02-30',
		});
		expect(parsed.ok).toBe(false);
		const paths = parsed.ok ? [] : parsed.problems.map((p) => p.path);
		expect(paths).toEqual(
			expect.arrayContaining([
				'customer.idNumber',
				'customer.name',
				'customer.email',
				'lines.0.quantity',
				'lines.0.unitPrice',
				'issueDate',
			]),
		);
	});

	it('knows real calendar dates', () => {
		expect(isIsoDate('2024-02-29')).toBe(true);
		expect(isIsoDate('2025-02-29')).toBe(false);
		expect(isIsoDate('2025-1-01')).toBe(false);
	});
});
