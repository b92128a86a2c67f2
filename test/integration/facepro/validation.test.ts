/**
 * Local validation: malformed documents are refused with every problem and its field path, in the
 * vocabulary of the input, and FacEPro receives nothing. Continue On Fail keeps order and pairing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createFromItem, createInvoice, DOC_EXAMPLE_BODY, DOC_EXAMPLE_FIELDS, errorOf, useFacEPro } from './helpers';

const body = DOC_EXAMPLE_BODY;
const customer = (patch: IDataObject) => ({ ...body, adquiriente: { ...body.adquiriente, ...patch } });
const line = (patch: IDataObject) => ({ ...body, lineas: [{ ...body.lineas[0], ...patch }] });
const nit = { tipo_persona: '1', tipo_documento: '31', numero_documento: '900123456' };
const neutral = {
	customer: { idType: '13', idNumber: '71234567', name: 'JUAN PEREZ' },
	lines: [{ code: 'A', description: 'Producto', quantity: 1, unitPrice: 1000, taxRate: 19 }],
};
const reference = { numero: 'SETP990000011', cufe: 'ab'.repeat(48), fecha: '2026-05-01' };

type Case = [string, string, unknown, Record<string, string>];

/** [what, resource, document JSON, {field path: message (part)}] — every case is one item. */
const CASES: Case[] = [
	['no customer at all', 'invoice', { lineas: body.lineas }, { adquiriente: 'is required' }],
	['missing ID number', 'invoice', customer({ numero_documento: '' }), { 'adquiriente.numero_documento': 'is required' }],
	['missing name', 'invoice', customer({ razon_social: '  ' }), { 'adquiriente.razon_social': 'is required' }],
	['unknown person type', 'invoice', customer({ tipo_persona: '3' }), { 'adquiriente.tipo_persona': 'must be "1"' }],
	['unknown ID type', 'invoice', customer({ tipo_documento: '99' }), { 'adquiriente.tipo_documento': 'must be one of 11, 12, 13' }],
	['DV on a cédula', 'invoice', customer({ dv: '3' }), { 'adquiriente.dv': 'only used with a NIT' }],
	['NIT without DV', 'invoice', customer(nit), { 'adquiriente.dv': 'is required for a NIT' }],
	['NIT with a wrong DV', 'invoice', customer({ ...nit, dv: '2' }), { 'adquiriente.dv': 'the check digit of 900123456 is 8' }],
	['NIT written with its DV', 'invoice', customer({ ...nit, numero_documento: '900123456-8', dv: '8' }), { 'adquiriente.numero_documento': 'without its check digit' }],
	['unknown fiscal responsibility', 'invoice', customer({ responsabilidad_fiscal: 'R-99' }), { 'adquiriente.responsabilidad_fiscal': 'must be one of O-13' }],
	['bad e-mail', 'invoice', customer({ email: 'juan@' }), { 'adquiriente.email': 'not a valid e-mail' }],
	['4-digit municipality', 'invoice', customer({ codigo_municipio: '5001' }), { 'adquiriente.codigo_municipio': '5-digit DANE' }],
	['no lines', 'invoice', { ...body, lineas: [] }, { lineas: 'needs at least one line' }],
	['201 lines', 'invoice', { ...body, lineas: Array.from({ length: 201 }, () => body.lineas[0]) }, { lineas: 'has 201 lines' }],
	['IVA 7 %', 'invoice', line({ iva_pct: 7 }), { 'lineas.0.iva_pct': 'must be 0, 5 or 19' }],
	['negative quantity', 'invoice', line({ cantidad: -2 }), { 'lineas.0.cantidad': 'greater than 0' }],
	['quantity as words', 'invoice', line({ cantidad: 'dos' }), { 'lineas.0.cantidad': 'must be a number, got "dos"' }],
	['price as an object', 'invoice', line({ precio: { valor: 1 } }), { 'lineas.0.precio': 'must be a number, got object' }],
	['negative price', 'invoice', line({ precio: -1 }), { 'lineas.0.precio': 'must not be negative' }],
	['discount over 100 %', 'invoice', line({ descuento_pct: 120 }), { 'lineas.0.descuento_pct': 'between 0 and 100' }],
	['both discounts', 'invoice', line({ descuento_pct: 5, descuento_valor: 100 }), { 'lineas.0.descuento_valor': 'not both' }],
	['discount above the line amount', 'invoice', line({ descuento_valor: 100001 }), { 'lineas.0.descuento_valor': 'larger than the line amount' }],
	['missing product code', 'invoice', line({ codigo: undefined }), { 'lineas.0.codigo': 'is required' }],
	['impossible date', 'invoice', { ...body, factura: { fecha: '2026-02-30' } }, { 'factura.fecha': '"2026-02-30" is not a valid date' }],
	['date written dd/mm/yyyy', 'invoice', { ...body, factura: { fecha: '10/05/2026' } }, { 'factura.fecha': 'use YYYY-MM-DD' }],
	['hour 25', 'invoice', { ...body, factura: { hora: '25:00:00' } }, { 'factura.hora': 'HH:mm:ss' }],
	[
		'response spelling "adquirente"',
		'invoice',
		{ adquirente: body.adquiriente, lineas: body.lineas },
		{ adquirente: 'spells it "adquiriente"', adquiriente: 'is required' },
	],
	['misspelled line field', 'invoice', line({ descuento: 10 }), { 'lineas.0.descuento': 'descuento_pct' }],
	['a note reference on an invoice', 'invoice', { ...body, factura_referencia: reference }, { factura_referencia: 'only used by credit and debit notes' }],
	[
		'neutral invoice: several problems at once',
		'invoice',
		{ ...neutral, customer: { ...neutral.customer, idNumber: undefined }, lines: [{ ...neutral.lines[0], taxRate: 7, quantity: 0 }] },
		{ 'customer.idNumber': 'is required', 'lines.0.taxRate': 'must be 0, 5 or 19', 'lines.0.quantity': 'greater than 0' },
	],
	['neutral invoice with prices including IVA', 'invoice', { ...neutral, pricesIncludeTax: true }, { pricesIncludeTax: 'without IVA' }],
	['neutral invoice in dollars', 'invoice', { ...neutral, currency: 'USD' }, { currency: 'COP' }],
	['neither format', 'invoice', { cliente: 'JUAN' }, { _: 'neither a FacEPro body' }],
	[
		'credit note: short CUFE, reason 7, no description',
		'creditNote',
		{ ...body, factura_referencia: { ...reference, cufe: 'abc123' }, motivo: { codigo: '7' } },
		{ 'factura_referencia.cufe': '96 hexadecimal', 'motivo.codigo': 'must be one of 1, 2, 3, 4, 5, 6', 'motivo.descripcion': 'is required' },
	],
	['credit note without the invoice reference', 'creditNote', { ...body, motivo: { codigo: '2', descripcion: 'x' } }, { factura_referencia: 'is required' }],
	['debit note with reason 5', 'debitNote', { ...body, factura_referencia: reference, motivo: { codigo: '5', descripcion: 'x' } }, { 'motivo.codigo': 'must be one of 1, 2, 3, 4' }],
	[
		'note dated before its invoice',
		'debitNote',
		{ ...body, factura: { fecha: '2026-04-30' }, factura_referencia: reference, motivo: { codigo: '1', descripcion: 'Intereses' } },
		{ 'factura_referencia.fecha': "after the note's issue date (2026-04-30)" },
	],
];

const WHAT: Record<string, string> = { invoice: 'invoice', creditNote: 'credit note', debitNote: 'debit note' };

describe('FacEPro local validation', () => {
	const t = useFacEPro();

	it.each(CASES)('refuses %s before sending anything', async (_what, resource, doc, expected) => {
		const run = await t.run(createFromItem(resource), [{ doc: doc as IDataObject }]);
		const error = errorOf(run);
		expect(error.message).toMatch(new RegExp(`^The ${WHAT[resource]} has \\d+ problems?; nothing was sent to FacEPro$`));
		for (const [path, message] of Object.entries(expected)) {
			expect(error.fields[path]?.join(' | ')).toContain(message);
			if (path !== '_') expect(error.description).toContain(`${path}: `);
		}
		expect(t.sim.server.count()).toBe(0);
	});

	it('reports every problem of the fields at once, named as the fields', async () => {
		const run = await t.run(
			createInvoice({
				...DOC_EXAMPLE_FIELDS,
				// Empty at run time (from an expression), as when the order had no document number.
				idNumber: '={{ $json.document ?? "" }}',
				customerDetails: { dv: '7', email: 'no-es-correo' },
				lines: { line: [{ code: 'A', description: 'x', quantity: 0, unitPrice: 1000, ivaPct: '={{ 7 }}' }] },
				additionalFields: { issueDate: '2026-13-01', issueTime: '7pm' },
			} as INodeParameters),
		);
		const error = errorOf(run);
		expect(error.message).toBe('The invoice has 7 problems; nothing was sent to FacEPro');
		// Each field as the user sees it, and FacEPro's path next to it (issue 11, "typed through").
		expect(Object.keys(error.fields).sort()).toEqual(
			[
				'Additional Fields › Issue Date (factura.fecha)',
				'Additional Fields › Issue Time (factura.hora)',
				'Customer Details › DV (NIT Check Digit) (adquiriente.dv)',
				'Customer Details › Email (adquiriente.email)',
				'ID Number (adquiriente.numero_documento)',
				'Lines › Line 1 › Quantity (lineas.0.cantidad)',
				'Lines › Line 1 › IVA % (lineas.0.iva_pct)',
			].sort(),
		);
		expect(t.sim.server.count()).toBe(0);
	});

	it('takes numbers mapped into text fields (ID number, DV, SKU, invoice number) as their digits', async () => {
		// Bug fixed: an expression giving a number was refused with "must be a string, got number".
		const invoice = await t.run(
			createInvoice({
				...DOC_EXAMPLE_FIELDS,
				idType: '31',
				personType: '1',
				idNumber: '={{ $json.nit }}',
				customerDetails: { dv: '={{ $json.dv }}' },
				lines: { line: [{ code: '={{ $json.sku }}', description: 'Producto', quantity: 1, unitPrice: 1000, ivaPct: 19 }] },
			} as INodeParameters),
			[{ nit: 900123456, dv: 8, sku: 4001 }],
		);
		expect(invoice.error).toBeUndefined();
		expect(t.sim.server.requests({ method: 'POST' })[0].body).toMatchObject({
			adquiriente: { numero_documento: '900123456', dv: '8' },
			lineas: [{ codigo: '4001' }],
		});
		const note = await t.run(
			{
				...createInvoice(DOC_EXAMPLE_FIELDS),
				resource: 'debitNote',
				referencedNumber: '={{ $json.numero }}',
				referencedCufe: 'ab'.repeat(48),
				referencedDate: '2026-05-01',
				reasonCode: '1',
				reasonDescription: '={{ $json.dias }}',
			},
			[{ numero: 990000001, dias: 30 }],
		);
		expect(note.error).toBeUndefined();
		expect(t.sim.server.requests({ method: 'POST' })[1].body).toMatchObject({
			factura_referencia: { numero: '990000001' },
			motivo: { codigo: '1', descripcion: '30' },
		});
	});

	it('with Continue On Fail, 10 items with 3 bad give 7 documents and 3 error items, in order and paired', async () => {
		const good = (i: number) => ({ doc: customer({ razon_social: `CLIENTE ${i}` }) });
		const input = [
			good(0),
			{ doc: line({ iva_pct: 7 }) },
			good(2),
			good(3),
			{ doc: customer({ ...nit, dv: '1' }) },
			good(5),
			good(6),
			good(7),
			{ doc: { ...body, lineas: [] } },
			good(9),
		];
		const run = await t.run(createFromItem(), input, { continueOnFail: true });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(10);
		expect(run.items.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		const bad = [1, 4, 8];
		run.items.forEach((item, index) => {
			if (bad.includes(index)) {
				expect(item.json.error).toMatchObject({ message: 'The invoice has 1 problem; nothing was sent to FacEPro', provider: 'FacEPro' });
			} else {
				expect(item.json).toMatchObject({ adquirente: { razon_social: `CLIENTE ${index}` }, summary: { status: 'accepted' } });
			}
		});
		expect(Object.keys((run.items[1].json.error as IDataObject).fields as IDataObject)).toEqual(['lineas.0.iva_pct']);
		expect(Object.keys((run.items[4].json.error as IDataObject).fields as IDataObject)).toEqual(['adquiriente.dv']);
		expect(Object.keys((run.items[8].json.error as IDataObject).fields as IDataObject)).toEqual(['lineas']);
		expect(t.sim.documents(1)).toHaveLength(7);
		expect(t.sim.server.count({ method: 'POST' })).toBe(7);
	});

	it('reports JSON that does not parse, naming the parameter', async () => {
		const run = await t.run({ ...createFromItem(), documentJson: '{"adquiriente": {' });
		expect(errorOf(run).fields.documentJson?.[0]).toMatch(/^is not valid JSON/);
		expect(t.sim.server.count()).toBe(0);
	});
});
