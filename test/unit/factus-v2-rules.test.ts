/**
 * Factus v2's local check (wire/v2/rules.ts) and arithmetic (wire/v2/preview.ts) on their own: what a user
 * would see refused before anything is sent, and amounts Factus would compute, for the cases the worked
 * examples of the v2 pages do not cover (fixed discounts, several taxes per item, two-decimal quantities,
 * notes without a bill, the support family's optional taxes).
 */
import type { IDataObject } from 'n8n-workflow';

import { Problems } from '../../nodes/shared/invoice/problems';
import { previewV2, totalsV2 } from '../../nodes/Factus/wire/v2/preview';
import type { V2Kind } from '../../nodes/Factus/wire/v2/profile';
import { checkV2Body } from '../../nodes/Factus/wire/v2/rules';

const item = (extra: IDataObject = {}): IDataObject => ({
	code_reference: 'A',
	name: 'Producto',
	quantity: '1.00',
	price: '10000.00',
	unit_measure_code: '94',
	standard_code: '999',
	taxes: [{ code: '01', rate: '19.00' }],
	...extra,
});
const customer = { identification_document_code: '13', identification: '123456789', names: 'Alan Turing', legal_organization_code: '2' };
const bill = (extra: IDataObject = {}): IDataObject => ({
	reference_code: 'R-1',
	customer,
	items: [item()],
	payment_details: [{ payment_form: '1', payment_method_code: '10', amount: '11900.00' }],
	...extra,
});

function problemsOf(kind: V2Kind, body: unknown, requireReference = true): Record<string, string> {
	const problems = new Problems();
	checkV2Body(kind, body, { requireReference }, problems);
	return Object.fromEntries(problems.list.map((p) => [p.path, p.message]));
}

describe('Factus v2 rules', () => {
	it('a documented-shape bill passes; its payment adds up to the total', () => {
		expect(problemsOf('bill', bill())).toEqual({});
	});

	it('every problem at once, under Factus v2 paths', () => {
		const found = problemsOf(
			'bill',
			bill({
				reference_code: '',
				customer: { identification_document_code: '31', identification: '900.123.456-7', legal_organization_code: '1', email: 'nope', municipality_code: '1234' },
				items: [item({ quantity: '0', price: '-1', unit_measure_code: 'XX', taxes: [{ code: '04', rate: '19.00' }], withholding_taxes: [{ code: '07', rate: '1' }] })],
				payment_details: [{ payment_form: '2', payment_method_code: '99', amount: 'ten' }],
				cash_rounding_amount: '600',
				establishment: { name: 'Sede norte' },
			}),
		);
		expect(found).toMatchObject({
			reference_code: 'is required',
			'customer.identification': 'must be digits only, without the check digit (put it in the DV field)',
			'customer.company': 'is required for a legal person (legal organization 1)',
			'customer.email': 'is not a valid e-mail address',
			'customer.municipality_code': expect.stringContaining('is not a DIVIPOLA municipality code'),
			'items.0.quantity': 'must be greater than 0',
			'items.0.price': 'must be at least 0',
			'items.0.unit_measure_code': expect.stringContaining('"XX" is not a unit of measure code'),
			'items.0.taxes.0.rate': '19 % is not a rate of INC; use 4, 8, 16',
			'items.0.withholding_taxes.0.code': expect.stringContaining('"07" is not a withholding code'),
			'payment_details.0.payment_method_code': expect.stringContaining('"99" is not a payment method code'),
			'payment_details.0.amount': '"ten" is not a number',
			'payment_details.0.due_date': 'is required',
			cash_rounding_amount: 'must be at most 500',
			'establishment.address': 'is required',
		});
		// The amounts are only compared once everything else is readable.
		expect(found.payment_details).toBeUndefined();
	});

	it('texts: an invisible control character is refused wherever it is; the observation keeps its documented 250 characters', () => {
		const found = problemsOf('bill', bill({ observation: 'x'.repeat(251), items: [item({ name: 'Camiseta\u0007' })] }));
		expect(found).toEqual({
			observation: 'has 251 characters; at most 250 are accepted',
			'items.0.name': 'contains an invisible control character (U+0007 at position 9); remove it',
		});
	});

	it('a key that would set a prototype is refused before anything else', () => {
		const problems = new Problems();
		checkV2Body('bill', JSON.parse('{"reference_code":"R","__proto__":{"x":1}}'), { requireReference: true }, problems);
		expect(problems.list.map((p) => [p.path, p.message])).toEqual([['__proto__', 'is not an accepted key']]);
	});

	it('bills and notes need taxes on every item; the support family may have none, but only IVA', () => {
		expect(problemsOf('bill', bill({ items: [item({ taxes: [] })] }))).toMatchObject({ 'items.0.taxes': 'needs at least one entry' });
		const support = { reference_code: 'DS', provider: { identification_document_code: '31', identification: '900123456', names: 'Pepito', address: 'calle 4', country_code: 'CO' }, items: [item({ taxes: undefined })], payment_details: [{ payment_form: '1', payment_method_code: '10', amount: '10000.00' }] };
		expect(problemsOf('supportDocument', support)).toEqual({});
		expect(problemsOf('supportDocument', { ...support, items: [item({ taxes: [{ code: '04', rate: '8.00' }] })] })).toMatchObject({ 'items.0.taxes.0.code': expect.stringContaining('"04" is not a tax code') });
	});

	it('notes: a credit note needs the bill number (customization 20) or, without a bill (22), a customer and a billing period', () => {
		const note = { reference_code: 'NC', correction_concept_code: '2', items: [item()], payment_details: [{ payment_form: '1', payment_method_code: '10', amount: '11900.00' }] };
		expect(problemsOf('creditNote', note)).toEqual({ bill_number: 'is required' });
		expect(problemsOf('creditNote', { ...note, customization_id: '22' })).toEqual({ customer: 'is required for a note without a referenced bill', billing_period: 'is required for a note without a referenced bill' });
		expect(problemsOf('debitNote', { ...note, bill_number: 'SETP1', correction_concept_code: '6' })).toMatchObject({ correction_concept_code: expect.stringContaining('"6" is not a debit-note concept code') });
	});

	it('payments that do not add up say what they must add up to', () => {
		expect(problemsOf('bill', bill({ payment_details: [{ payment_form: '1', payment_method_code: '10', amount: '11900' }], cash_rounding_amount: '0.40' }))).toEqual({
			payment_details: 'add up to 11900.00 but the document total is 11900.00 plus the cash rounding 0.40: the payments must add up to 11900.40',
		});
	});
});

describe('Factus v2 arithmetic', () => {
	it('a fixed discount, two-decimal quantities and two taxes on one item, each rounded to the cent', () => {
		const body = bill({ items: [item({ quantity: '1.50', price: '33333.33', discount_amount: '1000.00', taxes: [{ code: '01', rate: '19.00' }, { code: '35', rate: '15.00' }] })] });
		const totals = totalsV2(body);
		// 1.5 × 33333.33 = 49999.995 → 50000.00 (half-up); − 1000.00 = 49000.00; IVA 9310.00, ICUI 7350.00.
		expect([totals.gross.toFixed(2), totals.items[0].net.toFixed(2), totals.tax.toFixed(2), totals.total.toFixed(2)]).toEqual(['50000.00', '49000.00', '16660.00', '65660.00']);
	});

	it('an excluded item adds no tax and is not taxable; ReteIVA is a rate of the IVA, ReteRenta of the net', () => {
		const preview = previewV2(
			bill({
				items: [
					item({ taxes: [{ is_excluded: true }] }),
					item({ price: '20000.00', withholding_taxes: [{ code: '05', rate: '15.00' }, { code: '06', rate: '2.50' }] }),
				],
			}),
		);
		expect(preview.totals).toMatchObject({ gross_amount: '30000.00', taxable_amount: '20000.00', tax_amount: '3800.00', total: '33800.00' });
		expect(preview.withholding_taxes).toEqual([
			{ code: '05', name: 'ReteIVA', value: '570.00' },
			{ code: '06', name: 'ReteRenta', value: '500.00' },
		]);
		expect(preview.withholdings_total).toBe('1070.00');
	});
});
