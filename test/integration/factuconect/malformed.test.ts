/**
 * Input hygiene (issue 12): a table of malformed inputs — in the Fields mode and in Invoice (JSON) — each
 * refused before anything is sent (zero requests reached the simulator, not even a login), naming the
 * field the user filled in. Unusual but valid inputs keep working.
 */
import type { IDataObject } from 'n8n-workflow';

import { ccfParameters, describedProblems, facturaParameters, json, lines, spec, startSetup, sujetoExcluidoParameters } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => setup.sim.server.clearLog());

const CODE = '0F1E2D3C-4B5A-4968-8776-655443322110';
const KB100 = 'x'.repeat(100_000);

/** Text values no field can take, each with the words the problem uses. */
const BAD_TEXT: Array<[string, unknown, RegExp]> = [
	['a NUL character', 'Caf\u0000é', /control character \(U\+0000/],
	['a BEL character', 'Café\u0007', /control character \(U\+0007/],
	['an ESC character', '\u001b[31mCafé', /control character \(U\+001B/],
	['a DEL character', 'Café\u007f', /control character \(U\+007F/],
	['a lone high surrogate', 'Café \ud83d', /unpaired UTF-16 surrogate/],
	['a lone low surrogate', '\ude00 Café', /unpaired UTF-16 surrogate/],
	['100 KB of text', KB100, /has 100000 characters; at most \d+ are accepted/],
	['an object from an expression', '={{ { "a": 1 } }}', /must be text, got an object/],
	['a list from an expression', '={{ ["Alan", "Turing"] }}', /must be text, got a list/],
];

/** Where a text goes in the Fields mode: parameters of a create with that text, and the field's name. */
const TEXT_FIELDS: Array<[string, (value: unknown) => IDataObject, string]> = [
	['line description (Factura)', (v) => facturaParameters({ lines: lines({ description: v as string }) }), 'lines.0.description (items.0.descripcion)'],
	['line product code', (v) => facturaParameters({ lines: { line: [{ description: 'Café', quantity: 1, unitPrice: 2, code: v }] } }), 'lines.0.code (items.0.codigo)'],
	['notes', (v) => facturaParameters({ additionalFields: { notes: v } }), 'additionalFields.notes (observaciones)'],
	['External Reference', (v) => facturaParameters({ additionalFields: { externalReference: v as string } }), 'additionalFields.externalReference'],
	['CCF receiver name', (v) => ccfParameters({ receiverName: v as string }), 'receiverName (receptor.nombre)'],
	['CCF receiver address', (v) => ccfParameters({ receiverDetails: { address: v as string } }), 'receiverDetails.address'],
	['CCF receiver trade name', (v) => ccfParameters({ receiverDetails: { tradeName: v as string } }), 'receiverDetails.tradeName (receptor.nombreComercial)'],
	['CCF activity description', (v) => ccfParameters({ receiverDetails: { activityDescription: v as string } }), 'receiverDetails.activityDescription (receptor.descActividad)'],
	['Sujeto Excluido name', (v) => sujetoExcluidoParameters({ receiverName: v as string }), 'receiverName (receptor.nombre)'],
	['Sujeto Excluido line description', (v) => sujetoExcluidoParameters({ lines: lines({ description: v as string }) }), 'lines.0.description (items.0.descripcion)'],
];

/** Invoice (JSON) of a CCF with one field replaced; the JSON path names the field. */
const ccfJson = (patch: (invoice: IDataObject) => void): IDataObject => {
	const invoice: IDataObject = {
		customer: { name: 'Distribuidora Cuscatlán', idNumber: '0614-010499-128-7', nrc: '278784-1', economicActivity: '46302' },
		lines: [{ description: 'Saco de café 46 kg', quantity: 2, unitPrice: 150 }],
	};
	patch(invoice);
	return { resource: 'dte', operation: 'createCcf', inputMode: 'json', invoiceJson: JSON.stringify(invoice) };
};
const customer = (invoice: IDataObject) => invoice.customer as IDataObject;
const line0 = (invoice: IDataObject) => (invoice.lines as IDataObject[])[0];

/** JSON can carry the wrong types directly (no expression needed). */
const JSON_TEXT_VALUE = (value: unknown): unknown => {
	if (value === '={{ { "a": 1 } }}') return { a: 1 };
	if (value === '={{ ["Alan", "Turing"] }}') return ['Alan', 'Turing'];
	return value;
};

const JSON_TEXT_FIELDS: Array<[string, (invoice: IDataObject, value: unknown) => void, string]> = [
	['customer.name', (i, v) => (customer(i).name = v as string), 'customer.name (receptor.nombre)'],
	['customer.address', (i, v) => (customer(i).address = v as string), 'customer.address'],
	['customer.tradeName', (i, v) => (customer(i).tradeName = v as string), 'customer.tradeName (receptor.nombreComercial)'],
	['lines.0.description', (i, v) => (line0(i).description = v as string), 'lines.0.description (items.0.descripcion)'],
	['notes', (i, v) => (i.notes = v as string), 'notes (observaciones)'],
	['externalReference', (i, v) => (i.externalReference = v as string), 'externalReference'],
];

/** Numbers no MH item can take. */
const BAD_NUMBERS: Array<[string, unknown, RegExp]> = [
	['1e20', 1e20, /too large|beyond 2\^53/],
	['2^53 + 1', 2 ** 53 + 1, /beyond 2\^53/],
	['9 decimals', '1.123456789', /more than 8 decimals/],
	['a word', 'abc', /number/i],
	['a list', '={{ [1, 2] }}', /number|Expected/i],
];

const NUMBER_FIELDS: Array<[string, (value: unknown) => IDataObject, string]> = [
	['quantity', (v) => facturaParameters({ lines: lines({ quantity: v as number }) }), 'lines.0.quantity (items.0.cantidad)'],
	['unit price', (v) => facturaParameters({ lines: lines({ unitPrice: v as number }) }), 'lines.0.unitPrice (items.0.precioUni)'],
	['discount', (v) => ccfParameters({ lines: lines({ quantity: 1, unitPrice: 5, discount: v as number }) }), 'lines.0.discountAmount (items.0.montoDescu)'],
];

const JSON_NUMBER_FIELDS: Array<[string, (invoice: IDataObject, value: unknown) => void, string]> = [
	['lines.0.quantity', (i, v) => (line0(i).quantity = v as number), 'lines.0.quantity (items.0.cantidad)'],
	['lines.0.unitPrice', (i, v) => (line0(i).unitPrice = v as number), 'lines.0.unitPrice (items.0.precioUni)'],
];

/** Client → Create: the receptor's texts. */
const client = (extra: IDataObject): IDataObject => ({ resource: 'client', operation: 'create', clientName: 'Tienda', clientNit: '06140104991287', ...extra });
const CLIENT_TEXT_FIELDS: Array<[string, (value: unknown) => IDataObject, string]> = [
	['client name', (v) => client({ clientName: v as string }), 'clientName'],
	['client trade name', (v) => client({ clientDetails: { tradeName: v as string } }), 'clientDetails.tradeName'],
	['client address', (v) => client({ clientDetails: { address: v as string } }), 'clientDetails.address'],
	['client notes', (v) => client({ clientDetails: { notes: v as string } }), 'clientDetails.notes'],
];

type Case = [label: string, parameters: IDataObject, field: string, words: RegExp];

const cases: Case[] = [
	...TEXT_FIELDS.flatMap(([where, build, field]) => BAD_TEXT.map(([what, value, words]): Case => [`${where}: ${what}`, build(value), field, words])),
	...JSON_TEXT_FIELDS.flatMap(([where, patch, field]) =>
		BAD_TEXT.map(([what, value, words]): Case => [`JSON ${where}: ${what}`, ccfJson((invoice) => patch(invoice, JSON_TEXT_VALUE(value))), field, words]),
	),
	...CLIENT_TEXT_FIELDS.flatMap(([where, build, field]) =>
		BAD_TEXT.filter(([what]) => what !== 'a DEL character').map(([what, value, words]): Case => [`${where}: ${what}`, build(value), field, words]),
	),
	...NUMBER_FIELDS.flatMap(([where, build, field]) => BAD_NUMBERS.map(([what, value, words]): Case => [`${where}: ${what}`, build(value), field, words])),
	...JSON_NUMBER_FIELDS.flatMap(([where, patch, field]) =>
		BAD_NUMBERS.filter(([what]) => what !== 'a list' || where !== '').map(([what, value, words]): Case => [
			`JSON ${where}: ${what}`,
			ccfJson((invoice) => patch(invoice, value === '={{ [1, 2] }}' ? [1, 2] : value)),
			field,
			words,
		]),
	),
	// Prototype keys, anywhere in the JSON.
	['JSON: a top-level __proto__ key', { resource: 'dte', operation: 'createFactura', inputMode: 'json', invoiceJson: '{"__proto__": {"x": 1}, "lines": [{"description": "a", "quantity": 1, "unitPrice": 1}]}' }, 'invoiceJson.__proto__', /not an accepted field name/],
	['JSON: a constructor key in the customer', ccfJson((i) => (customer(i).constructor = { prototype: 1 } as never)), 'invoiceJson.customer.constructor', /not an accepted field name/],
	['JSON: a prototype key in a line', ccfJson((i) => (line0(i).prototype = 1)), 'invoiceJson.lines.0.prototype', /not an accepted field name/],
	['Additional Fields (JSON): a __proto__ key', facturaParameters({ additionalFields: { additionalJson: '{"__proto__": {"admin": true}}' } }), 'additionalFields.additionalJson.__proto__', /not an accepted field name/],
	// MH's catalogs and dates.
	['department 99', ccfParameters({ receiverDepartment: '99', receiverMunicipality: '01' }), 'receiverDepartment (receptor.direccion.departamento)', /not an MH department code/],
	['municipality 99', ccfParameters({ receiverDepartment: '06', receiverMunicipality: '99' }), 'receiverMunicipality (receptor.direccion.municipio)', /not a municipality of San Salvador/],
	['municipality 12 of Cabañas (it has 01–11)', ccfParameters({ receiverDepartment: '09', receiverMunicipality: '12' }), 'receiverMunicipality (receptor.direccion.municipio)', /not a municipality of Cabañas \(CAT-013: 01–11\)/],
	['JSON department 00', ccfJson((i) => Object.assign(customer(i), { department: '00', municipality: '01' })), 'customer.department', /not an MH department code/],
	['unit of measure 7 (not in CAT-014)', facturaParameters({ lines: { line: [{ description: 'Café', quantity: 1, unitPrice: 2, unit: 7 }] } }), 'lines.0.unit (items.0.uniMedida)', /not an MH unit of measure/],
	['unit of measure "kg"', ccfJson((i) => (line0(i).unit = 'kg')), 'lines.0.unit (items.0.uniMedida)', /not an MH unit of measure/],
	[
		'a related document dated in the future',
		{ resource: 'dte', operation: 'createCreditNote', client: { __rl: true, mode: 'id', value: '4700' }, relatedCode: CODE, relatedDate: '2999-01-01', lines: lines({}) },
		'relatedDate (documentoRelacionado.fechaEmision)',
		/is in the future/,
	],
	// Resource locators: the node's own message names the field (no bare regex in the editor).
	['a client id with letters (By ID)', facturaParameters({ receiver: 'storedClient', client: { __rl: true, mode: 'id', value: 'abc' } }), 'client (idCliente)', /"abc" is not a client id/],
	['a client id 0 (By ID)', facturaParameters({ receiver: 'storedClient', client: { __rl: true, mode: 'id', value: '0' } }), 'client (idCliente)', /"0" is not a client id/],
	['a client id from an object', facturaParameters({ receiver: 'storedClient', client: { __rl: true, mode: 'id', value: '={{ { "id": 1 } }}' } }), 'client (idCliente)', /must be text, got an object|not a client id/],
	['an economic activity with letters (By Code)', ccfParameters({ economicActivity: { __rl: true, mode: 'code', value: 'abc' } }), 'economicActivity (receptor.codActividad)', /not an economic activity code/],
	['an economic activity from a list', ccfParameters({ economicActivity: { __rl: true, mode: 'code', value: '={{ ["46302"] }}' } }), 'economicActivity (receptor.codActividad)', /must be text, got a list|not an economic activity code/],
];

describe('malformed input: refused before sending, naming the field', () => {
	it('has at least 100 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(100);
	});

	it.each(cases)('%s', async (_label, parameters, field, words) => {
		const run = await setup.harness.execute(spec(setup.credential, parameters));
		expect(run.error?.message).toMatch(/nothing was sent to Factuconect$/);
		const problems = describedProblems(run);
		const line = problems.split('\n').find((l) => (l.includes(`${field}:`) || l.includes(`${field} (`)) && words.test(l));
		if (!line) throw new Error(`no problem on ${field} matching ${String(words)} in:\n${problems}`);
		expect(setup.sim.server.count()).toBe(0);
	});
});

describe('unusual but valid input keeps working', () => {
	it('accents, ñ, emoji, decimals of quantity, a 1000-character description and 200 lines', async () => {
		const many = Array.from({ length: 200 }, (_v, n) => ({ description: `Piñata 🎉 nº ${n + 1} — año`, quantity: '1.5', unitPrice: 2.26, unit: 59 }));
		many[0].description = 'ñ'.repeat(1000);
		const run = await setup.harness.execute(
			spec(setup.credential, ccfParameters({ receiverName: 'Compañía Ñandú, S.A. de C.V. 🚀', receiverDepartment: '06', receiverMunicipality: '24', lines: { line: many } })),
		);
		expect(run.error).toBeUndefined();
		expect(json(run).summary).toMatchObject({ status: 'accepted' });
		const body = setup.sim.server.requests({ method: 'POST', path: '/facturar/ccf-exe' })[0].body as IDataObject;
		expect((body.items as IDataObject[]).length).toBe(200);
		expect((body.receptor as IDataObject).nombre).toBe('Compañía Ñandú, S.A. de C.V. 🚀');
	});

	it('a related document dated today is accepted', async () => {
		const today = new Date(Date.now() - 6 * 3600 * 1000).toISOString().slice(0, 10);
		const ccf = await setup.harness.execute(spec(setup.credential, ccfParameters()));
		const clientId = '={{ 4700 }}';
		const run = await setup.harness.execute(
			spec(setup.credential, { resource: 'dte', operation: 'createCreditNote', client: { __rl: true, mode: 'id', value: clientId }, relatedDate: today, lines: lines({}) }),
			[ccf.items[0].json],
		);
		expect(describedProblems(run)).not.toContain('relatedDate');
	});
});
