/**
 * "Done means" 6: malformed documents are rejected locally — every problem, with its path, in one error —
 * and not a single request reaches Factus (not even the login).
 */
import type { IDataObject } from 'n8n-workflow';

import { seed001Body, useFactus } from './helpers';

type Mutation = (body: IDataObject, customer: IDataObject, items: IDataObject[]) => void;

/** [name, mutation of seed 001's body, field path expected, words expected in its message] */
const CASES: Array<[string, Mutation, string, string]> = [
	['missing reference_code', (b) => delete b.reference_code, 'reference_code', 'is required'],
	['credit without due date', (b) => (b.payment_form = '2'), 'payment_due_date', 'is required when the payment form is credit'],
	['observation of 251 characters', (b) => (b.observation = 'x'.repeat(251)), 'observation', 'has 251 characters; Factus accepts at most 250'],
	['document 03 without related documents', (b) => (b.document = '03'), 'related_documents', 'is required for document "03"'],
	['NIT without DV', (_, c) => Object.assign(c, { identification_document_id: 6, identification: '900825759', dv: '', company: 'HALLTEC S.A.S.', legal_organization_id: 1 }), 'customer.dv', 'is required for a NIT (for 900825759 it is 7)'],
	['NIT with a wrong DV', (_, c) => Object.assign(c, { identification_document_id: 6, identification: '900825759', dv: '5' }), 'customer.dv', 'is not the check digit of NIT 900825759'],
	['NIT of 16 digits', (_, c) => Object.assign(c, { identification_document_id: 6, identification: '9008257590000001', dv: '1' }), 'customer.identification', 'a NIT has at most 15 digits'],
	['NIT written with its DV', (_, c) => Object.assign(c, { identification_document_id: 6, identification: '900825759-7', dv: '7' }), 'customer.identification', 'without its check digit'],
	['quantity 1.5 in v1', (_, __, i) => (i[0].quantity = 1.5), 'items.0.quantity', '1.5 is not a whole number'],
	['tax_rate "7.00"', (_, __, i) => (i[0].tax_rate = '7.00'), 'items.0.tax_rate', '"7.00" is not a DIAN IVA rate'],
	['discount over 100 %', (_, __, i) => (i[0].discount_rate = 120), 'items.0.discount_rate', 'must be between 0 and 100'],
	['discount with 3 decimals', (_, __, i) => (i[0].discount_rate = 10.555), 'items.0.discount_rate', 'at most 2 decimals'],
	['price with 3 decimals', (_, __, i) => (i[0].price = 100.125), 'items.0.price', 'has more than 2 decimals'],
	['negative price', (_, __, i) => (i[1].price = -5), 'items.1.price', 'must be greater than 0'],
	['free item (price 0)', (_, __, i) => (i[0].price = 0), 'items.0.price', "no field for a free item's reference price"],
	['no items', (b) => (b.items = []), 'items', 'needs at least one item'],
	['unknown withholding code', (_, __, i) => (i[0].withholding_taxes = [{ code: '08', withholding_tax_rate: '1.00' }]), 'items.0.withholding_taxes.0.code', 'is not a v1 withholding code'],
	['withholding rate 0', (_, __, i) => (i[0].withholding_taxes = [{ code: '06', withholding_tax_rate: '0' }]), 'items.0.withholding_taxes.0.withholding_tax_rate', 'greater than 0'],
	['ReteIVA on an item without IVA', (_, __, i) => Object.assign(i[1], { is_excluded: 1, tax_rate: '0.00', withholding_taxes: [{ code: '05', withholding_tax_rate: '15.00' }] }), 'items.1.withholding_taxes.0.code', "share of the item's IVA"],
	['same withholding twice', (_, __, i) => (i[0].withholding_taxes = [{ code: '06', withholding_tax_rate: '7' }, { code: '06', withholding_tax_rate: '2' }]), 'items.0.withholding_taxes.1.code', 'appears twice'],
	['impossible due date', (b) => Object.assign(b, { payment_form: '2', payment_due_date: '2025-02-30' }), 'payment_due_date', 'is not a valid date'],
	['unknown payment form', (b) => (b.payment_form = '3'), 'payment_form', 'must be "1" (cash) or "2" (credit)'],
	['unknown payment method', (b) => (b.payment_method_code = '99'), 'payment_method_code', 'is not a payment method code'],
	['bad customer e-mail', (_, c) => (c.email = 'alan-at-example'), 'customer.email', 'is not a valid e-mail address'],
	['company without a company name', (_, c) => Object.assign(c, { legal_organization_id: 1, company: '' }), 'customer.company', 'is required for a company'],
	['cédula with letters', (_, c) => (c.identification = '12A45'), 'customer.identification', 'must contain digits only'],
	['DIAN code instead of the v1 id type', (_, c) => (c.identification_document_id = 13), 'customer.identification_document_id', 'Factus v1 uses its own ids: 3 for CC'],
	['excluded item with a tax rate', (_, __, i) => (i[0].is_excluded = 1), 'items.0.tax_rate', 'must be "0.00" for an item excluded from tax'],
	['INC at an IVA rate', (_, __, i) => Object.assign(i[1], { tribute_id: 4, tax_rate: '19.00' }), 'items.1.tax_rate', 'is not a DIAN INC rate'],
	['municipality by name', (_, c) => (c.municipality_id = 'San Gil'), 'customer.municipality_id', 'must be a Factus municipality id'],
	['item without unit', (_, __, i) => delete i[0].unit_measure_id, 'items.0.unit_measure_id', 'is required (70 = unidad)'],
	['unknown customer tribute', (_, c) => (c.tribute_id = 5), 'customer.tribute_id', 'must be 18'],
	['billing period ending before it starts', (b) => (b.billing_period = { start_date: '2025-02-01', end_date: '2025-01-01' }), 'billing_period.end_date', 'is before the start date'],
	['related document with a bad date', (b) => Object.assign(b, { document: '03', related_documents: [{ code: 'Papel', number: 'FTP1', issue_date: '08-01-2025' }] }), 'related_documents.0.issue_date', 'is not a valid date'],
];

describe('Factus local validation (nothing is sent)', () => {
	const s = useFactus();

	it(`rejects ${CASES.length} malformed bills, each with its field path, with zero requests`, async () => {
		expect(CASES.length).toBeGreaterThanOrEqual(20);
		const input = CASES.map(([name, mutate]) => {
			const body = seed001Body(`case-${name}`);
			mutate(body, body.customer as IDataObject, body.items as IDataObject[]);
			return { name, body };
		});
		const run = await s.harness.execute(
			s.node({ resource: 'bill', operation: 'create', inputMode: 'json', documentJson: '={{ $json.body }}' }, true),
			input,
		);
		expect(run.items).toHaveLength(CASES.length);
		CASES.forEach(([name, , path, words], i) => {
			const error = run.items[i].json.error as IDataObject | undefined;
			expect({ name, error: error?.message }).toEqual({ name, error: expect.stringMatching(/^The bill has \d+ problems?; nothing was sent to Factus$/) });
			const fields = (error?.fields ?? {}) as Record<string, string[]>;
			expect({ name, messages: fields[path] }).toEqual({ name, messages: expect.arrayContaining([expect.stringContaining(words)]) });
			expect(run.items[i].pairedItem).toEqual({ item: i });
		});
		expect(s.sim.server.log).toHaveLength(0);
	});

	it('reports every problem of one bill in one error, labelled like the fields the user filled in', async () => {
		const run = await s.harness.execute(
			s.node({
				resource: 'bill',
				operation: 'create',
				inputMode: 'fields',
				// An expression that comes out empty (an order without a number): n8n itself refuses a literal ''.
				referenceCode: '={{ $json.orderNumber ?? "" }}',
				idType: 6,
				idNumber: '900825759',
				customerName: 'HALLTEC S.A.S.',
				personType: 'legal',
				customerDetails: { dv: '4', email: 'not-an-email' },
				lines: {
					line: [
						{ description: 'Tornillos', quantity: 2.5, unitPrice: 1000, tax: 'IVA_19', withholdings: { reteIva: 15 } },
						{ description: 'Servicio', quantity: 1, unitPrice: 5000, tax: 'EXCLUDED', withholdings: { reteIva: 15, reteRenta: 4 } },
					],
				},
				additionalFields: { observation: 'y'.repeat(300), paymentForm: '2' },
			}),
		);
		expect(run.error?.message).toBe('The bill has 7 problems; nothing was sent to Factus');
		const description = (run.error as unknown as { description: string }).description;
		// Each problem names the field the user filled in, with Factus's path next to it where Factus has one.
		for (const line of [
			'Reference Code (reference_code): is required',
			'Customer Details › DV (NIT Check Digit) (customer.dv): "4" is not the check digit of NIT 900825759 (DIAN\'s algorithm gives 7)',
			'Customer Details › Email: is not a valid e-mail address',
			'Lines › Line 1 › Quantity (items.0.quantity): 2.5 is not a whole number',
			'Lines › Line 2 › Withholdings › ReteIVA % (items.1.withholding_taxes.0.code): ReteIVA is a share of the item\'s IVA, and this item has none',
			'Additional Fields › Observation (observation): has 300 characters',
			'Additional Fields › Payment Due Date (payment_due_date): is required when the payment form is credit',
		]) {
			expect(description).toContain(line);
		}
		expect(s.sim.server.log).toHaveLength(0);
	});

	it('neutral invoice JSON: what v1 cannot express is refused with neutral paths', async () => {
		const run = await s.harness.execute(
			s.node({
				resource: 'bill',
				operation: 'create',
				inputMode: 'json',
				referenceCode: 'neutral-1',
				documentJson: JSON.stringify({
					currency: 'USD',
					pricesIncludeTax: false,
					customer: { idType: '3', idNumber: '123456789', name: 'Alan Turing' },
					lines: [{ description: 'Cable', quantity: 1, unitPrice: 1000, taxRate: 19, discountAmount: 100 }],
				}),
			}),
		);
		const fields = (run.error as unknown as { context: { fields: Record<string, string[]> } }).context.fields;
		expect(Object.keys(fields).sort()).toEqual(['currency', 'lines.0.discountAmount', 'pricesIncludeTax']);
		expect(s.sim.server.log).toHaveLength(0);
	});

	it('credit notes and support documents have their own local rules', async () => {
		const run = await s.harness.execute(
			s.node({ resource: 'creditNote', operation: 'create', inputMode: 'json', documentJson: '={{ $json.body }}' }, true),
			[
				{ body: { reference_code: 'nc-1', correction_concept_code: 9, customization_id: 20, items: [] } },
				{ body: { reference_code: 'nc-2', correction_concept_code: 2, customization_id: 22, items: seed001Body('x').items } },
			],
		);
		expect(Object.keys((run.items[0].json.error as IDataObject).fields as IDataObject).sort()).toEqual(['bill_id', 'correction_concept_code', 'items']);
		expect((run.items[1].json.error as IDataObject).fields).toEqual({ customer: ['is required for a credit note without a bill (customization 22)'] });

		const support = await s.harness.execute(
			s.node(
				{
					resource: 'supportDocument',
					operation: 'create',
					referenceCode: 'ds-1',
					idNumber: '123456789',
					customerName: 'Proveedor',
					lines: { line: [{ description: 'Flete', quantity: 1, unitPrice: 80000.555, withholdings: { reteRenta: 4 } }] },
				},
				true,
			),
		);
		expect((support.items[0].json.error as IDataObject).fields).toEqual({ 'Lines › Line 1 › Unit Price (Without IVA) (items.0.price)': ['80000.555 has more than 2 decimals'] });
		expect(s.sim.server.log).toHaveLength(0);
	});

	it('JSON mode is checked like Fields mode: values of the wrong kind are refused by name, in a v1 body and in the invoice JSON', async () => {
		const v1 = seed001Body('kinds-1');
		(v1.customer as IDataObject).names = { a: 1 };
		(v1.items as IDataObject[])[0].name = 42;
		(v1.items as IDataObject[])[1].withholding_taxes = 'none';
		const neutral = {
			customer: { idType: '3', idNumber: '123456789', name: { a: 1 } },
			lines: [{ description: 42, quantity: 1, unitPrice: 1000, taxRate: 19 }],
		};
		const run = await s.harness.execute(
			s.node({ resource: 'bill', operation: 'create', inputMode: 'json', referenceCode: 'kinds-2', documentJson: '={{ $json.body }}' }, true),
			[{ body: v1 }, { body: neutral }],
		);
		expect((run.items[0].json.error as IDataObject).fields).toEqual({
			'customer.names': ['must be text, not an object'],
			'items.0.name': ['must be text, not a number'],
			'items.1.withholding_taxes': ['must be a list, not text'],
		});
		expect((run.items[1].json.error as IDataObject).fields).toEqual({
			'customer.name': ['must be a string, got object'],
			'lines.0.description': ['must be a string, got number'],
		});
		expect(s.sim.server.log).toHaveLength(0);
	});

	it("the shared fit limits apply to every create and preview, a v1 body's extra fields included", async () => {
		const body = seed001Body('fit-1');
		(body.customer as IDataObject).address = 'calle 1\u0007 # 2-68';
		(body.items as IDataObject[])[0].price = 1e20;
		body.order_reference = 'x'.repeat(1001);
		body.items = [...(body.items as IDataObject[]), ...Array.from({ length: 199 }, () => (body.items as IDataObject[])[1])];
		const fields = fieldsBillWith({ customerName: 'Alan \ud800 Turing' });
		const errors: IDataObject[] = [];
		for (const operation of ['create', 'previewTotals']) {
			const json = await s.harness.execute(s.node({ resource: 'bill', operation, inputMode: 'json', documentJson: '={{ $json.body }}', referenceCode: '' }, true), [{ body }]);
			const typed = await s.harness.execute(s.node({ resource: 'bill', operation, inputMode: 'fields', ...fields }, true));
			errors.push(json.items[0].json.error as IDataObject, typed.items[0].json.error as IDataObject);
		}
		for (const i of [0, 2]) {
			const found = errors[i].fields as Record<string, string[]>;
			expect(found['customer.address']).toEqual([expect.stringContaining('invisible control character (U+0007')]);
			expect(found['items.0.price']).toEqual([expect.stringContaining('the largest amount accepted is 9999999999999.99')]);
			expect(found.order_reference).toEqual(['has 1001 characters; at most 1000 are accepted']);
			expect(found.items).toEqual(['has 201 lines; at most 200 are accepted (split the document)']);
		}
		for (const i of [1, 3]) {
			expect(errors[i].fields).toEqual({ 'Name (customer.names)': [expect.stringContaining('unpaired UTF-16 surrogate')] });
		}
		expect(s.sim.server.log).toHaveLength(0);
	});
});

/** Fields-mode bill parameters (reference code included; ignored by Preview Totals). */
function fieldsBillWith(extra: IDataObject): IDataObject {
	return {
		referenceCode: 'fit-2',
		idType: 3,
		idNumber: '123456789',
		customerName: 'Alan Turing',
		lines: { line: [{ description: 'Camiseta', quantity: 2, unitPrice: 59500, tax: 'IVA_19' }] },
		...extra,
	};
}
