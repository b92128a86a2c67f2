/**
 * Factus v1 wire format: DIAN's check digit, typed Invoice → v1 mapping, where each v1 value came from,
 * v1 arithmetic.
 */
import type { IDataObject } from 'n8n-workflow';

import { looksLikeV1 } from '../../nodes/Factus/input/json';
import { previewV1 } from '../../nodes/Factus/wire/v1/preview';
import { v1Problems } from '../../nodes/Factus/wire/v1/rules';
import type { V1Extras } from '../../nodes/Factus/wire/v1/toBody';
import { rateText, toBody } from '../../nodes/Factus/wire/v1/toBody';
import { nitCheckDigit } from '../../nodes/shared/country/colombia';
import { invoiceSchema } from '../../nodes/shared/invoice/model';
import { nitCheckDigit as simulatorCheckDigit } from '../simulators/factus/rules';

/** The mapping of a (parsed, typed) Invoice. */
function neutralToV1(kind: 'bill' | 'creditNote' | 'supportDocument', input: unknown, extras: V1Extras = {}) {
	const parsed = invoiceSchema.parse(input);
	return toBody(kind, parsed, extras);
}

describe('Factus v1 wire', () => {
	it("computes DIAN's NIT check digit (and agrees with the simulator's own implementation)", () => {
		expect(nitCheckDigit('900825759')).toBe('7');
		expect(nitCheckDigit('901724254')).toBe(String(simulatorCheckDigit('901724254')));
		expect(nitCheckDigit('800197268')).toBe('4');
		expect(nitCheckDigit('860034313')).toBe('7');
		for (let n = 800000000; n < 800000400; n += 7) expect(nitCheckDigit(String(n))).toBe(String(simulatorCheckDigit(String(n))));
	});

	it('maps a neutral invoice to a v1 bill body (company customer, INC line, withholdings, credit payment)', () => {
		const { body, problems } = neutralToV1(
			'bill',
			{
				customer: { idType: '6', idNumber: '900825759', dv: '7', name: 'HALLTEC S.A.S.', personType: 'legal', municipality: '980', taxScheme: '18' },
				lines: [
					{ code: 'A', description: 'Almuerzo', quantity: 2, unitPrice: '32400', taxRate: 8, withholdings: [{ code: '06', rate: 3.5 }] },
					{ description: 'Libro', quantity: 1, unitPrice: 50000, taxRate: 0, taxExcluded: true },
				],
				payment: { form: 'credit', method: '47', dueDate: '2026-01-31' },
				notes: 'Pedido 1001',
				externalReference: 'ORDER-1001',
			},
			{ numberingRangeId: 4, lines: [{ tributeId: 4 }, undefined] },
		);
		expect(problems).toEqual([]);
		expect(body).toEqual({
			reference_code: 'ORDER-1001',
			numbering_range_id: 4,
			observation: 'Pedido 1001',
			payment_method_code: '47',
			document: '01',
			payment_form: '2',
			payment_due_date: '2026-01-31',
			customer: {
				identification_document_id: 6,
				identification: '900825759',
				dv: '7',
				company: 'HALLTEC S.A.S.',
				trade_name: '',
				names: '',
				legal_organization_id: 1,
				tribute_id: 18,
				municipality_id: 980,
			},
			items: [
				{
					code_reference: 'A',
					name: 'Almuerzo',
					quantity: 2,
					discount_rate: 0,
					price: 32400,
					unit_measure_id: 70,
					standard_code_id: 1,
					withholding_taxes: [{ code: '06', withholding_tax_rate: '3.50' }],
					tax_rate: '8.00',
					is_excluded: 0,
					tribute_id: 4,
				},
				{
					name: 'Libro',
					quantity: 1,
					discount_rate: 0,
					price: 50000,
					unit_measure_id: 70,
					standard_code_id: 1,
					withholding_taxes: [],
					tax_rate: '0.00',
					is_excluded: 1,
					tribute_id: 1,
				},
			],
		});
		expect(v1Problems('bill', body)).toEqual([]);
	});

	it('records, for every v1 value it writes, the field the user wrote it in', () => {
		const line = (description: string, withholdings: IDataObject[] = []) => ({ description, quantity: 1, unitPrice: 1000, taxRate: 19, withholdings });
		const bill = neutralToV1(
			'bill',
			{
				customer: { idType: '3', idNumber: '123456789', name: 'Alan Turing' },
				lines: [line('a', [{ code: '06', rate: 4 }, { code: '07', rate: 1 }]), line('b'), line('c')],
				related: { number: 'FTP1', issueDate: '2025-01-08' },
				payment: { form: 'credit', dueDate: '2026-01-31' },
				externalReference: 'ORDER-1',
			},
			{ document: '03' },
		);
		const from = (v1Path: string) => bill.origins.get(v1Path);
		expect(from('items.2.price')).toBe('lines.2.unitPrice');
		expect(from('items.0.withholding_taxes.1.withholding_tax_rate')).toBe('lines.0.withholdings.1.rate');
		expect(from('customer.identification')).toBe('customer.idNumber');
		expect(from('customer.names')).toBe('customer.name');
		expect(from('reference_code')).toBe('externalReference');
		expect(from('payment_due_date')).toBe('payment.dueDate');
		expect(from('related_documents.0.issue_date')).toBe('related.issueDate');
		// Recorded whether or not the body gets a value: a rule about a missing DV or bill names the field to fill in.
		expect(from('customer.dv')).toBe('customer.dv');
		const note = toBody('creditNote', { ...invoiceSchema.parse({ customer: { idType: '3', idNumber: '1', name: 'x' }, lines: [line('a')] }), customer: undefined });
		expect(note.origins.get('bill_id')).toBe('billNumber');
	});

	it('tells a v1 body from a neutral invoice', () => {
		expect(looksLikeV1('bill', { customer: { identification: '1' }, items: [] })).toBe(true);
		expect(looksLikeV1('bill', { customer: { idNumber: '1' }, lines: [] })).toBe(false);
		expect(looksLikeV1('supportDocument', { provider: {} })).toBe(true);
	});

	it('writes rates the way v1 expects', () => {
		expect(rateText(19)).toBe('19.00');
		expect(rateText('5')).toBe('5.00');
		expect(rateText('7.125')).toBe('7.125');
		expect(rateText('abc')).toBe('abc');
	});

	it('computes v1 totals for a support document (no tax) and a rounding case', () => {
		const support = previewV1('supportDocument', {
			items: [{ name: 'Flete', quantity: 3, price: 33333.33, discount_rate: 10, withholding_taxes: [{ code: '06', withholding_tax_rate: '4' }] }],
		});
		expect(support).toMatchObject({ total: '89999.99', tax_amount: '0.00', withholding_taxes: [{ tribute_code: '06', value: '3600.00' }] });
		const bill = previewV1('bill', {
			items: [{ name: 'x', quantity: 3, price: 0.35, discount_rate: 0, tax_rate: '19.00', is_excluded: 0 }],
		});
		// 1.05 with tax: 0.88 taxable (1.05 / 1.19 = 0.882…), 0.17 tax.
		expect(bill).toMatchObject({ taxable_amount: '0.88', tax_amount: '0.17', total: '1.05' });
	});
});
