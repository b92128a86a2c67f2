/**
 * Every malformed input is stopped before anything is sent, and the error names its field: in Fields mode
 * the label the user sees with FacEPro's path next to it ("Name (adquiriente.razon_social)"), in JSON mode
 * the path as written. Control characters, broken UTF-16, 100 KB texts, numbers no invoice can carry,
 * objects and lists where text belongs (from expressions), keys that would reach a prototype, and document
 * pickers given something that is not a tracking ID. Each case is one run; the simulator must see nothing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { API, createFromItem, createInvoice, DOC_EXAMPLE_BODY, DOC_EXAMPLE_FIELDS, useFacEPro } from './helpers';

const KB100 = 'x'.repeat(100_000);

/** Text values nothing should send: [what, value]. */
const BAD_TEXT: Array<[string, unknown]> = [
	['NUL', 'ab\u0000c'],
	['BEL', 'ab\u0007c'],
	['ESC', 'ab\u001b[31mc'],
	['DEL', 'ab\u007fc'],
	['C1 control (NEL)', 'ab\u0085c'],
	['lone high surrogate', 'ab\ud800c'],
	['lone low surrogate', 'ab\udc00c'],
	['100 KB of text', KB100],
	['an object', { a: 1 }],
	['a list', ['Alan', 'Turing']],
];

/** Number values nothing should send: [what, value]. */
const BAD_NUMBER: Array<[string, unknown]> = [
	['1e20', 1e20],
	['2^53 + 1 (as text, exact)', '9007199254740993'],
	['2^53 + 1 (as a number)', 2 ** 53 + 1],
	['an object', { value: 1 }],
	['a list', [1, 2]],
	['words', 'mil'],
	['a decimal comma', '1,5'],
	['Infinity', 'Infinity'],
];

/** Fields mode: [field label and FacEPro path as shown, parameters with the value from `$json.v`]. */
type FieldCase = { shown: string; parameters: (v: string) => INodeParameters };

const line = (patch: IDataObject): INodeParameters => ({
	lines: { line: [{ description: 'Producto', quantity: 1, unitPrice: '1000', ivaPct: 19, code: 'A', ...patch }] },
});
const details = (patch: IDataObject): INodeParameters => ({ customerDetails: { ...(DOC_EXAMPLE_FIELDS.customerDetails as IDataObject), ...patch } as INodeParameters });
const invoice = (patch: INodeParameters) => createInvoice({ ...DOC_EXAMPLE_FIELDS, ...patch });
const note = (patch: INodeParameters): INodeParameters => ({
	...DOC_EXAMPLE_FIELDS,
	resource: 'creditNote',
	operation: 'create',
	inputMode: 'fields',
	referencedNumber: 'SETP990000011',
	referencedCufe: 'ab'.repeat(48),
	referencedDate: '2026-01-15',
	reasonCode: '2',
	reasonDescription: 'Anulación',
	...patch,
});

const TEXT_FIELDS: FieldCase[] = [
	{ shown: 'ID Number (adquiriente.numero_documento)', parameters: (v) => invoice({ idNumber: v }) },
	{ shown: 'Name (adquiriente.razon_social)', parameters: (v) => invoice({ customerName: v }) },
	{ shown: 'Customer Details › Email (adquiriente.email)', parameters: (v) => invoice(details({ email: v })) },
	{ shown: 'Customer Details › Address (adquiriente.direccion)', parameters: (v) => invoice(details({ address: v })) },
	{ shown: 'Lines › Line 1 › Description (lineas.0.descripcion)', parameters: (v) => invoice(line({ description: v })) },
	{ shown: 'Lines › Line 1 › Code (lineas.0.codigo)', parameters: (v) => invoice(line({ code: v })) },
	{ shown: 'Additional Fields › External Reference', parameters: (v) => invoice({ additionalFields: { externalReference: v } }) },
	{ shown: 'Invoice Number (factura_referencia.numero)', parameters: (v) => note({ referencedNumber: v }) },
	{ shown: 'Reason Description (motivo.descripcion)', parameters: (v) => note({ reasonDescription: v }) },
];

const NUMBER_FIELDS: FieldCase[] = [
	{ shown: 'Lines › Line 1 › Unit Price (Without IVA) (lineas.0.precio)', parameters: (v) => invoice(line({ unitPrice: v })) },
	{ shown: 'Lines › Line 1 › Quantity (lineas.0.cantidad)', parameters: (v) => invoice(line({ quantity: v })) },
];

const EXPR = '={{ $json.v }}';

const FIELD_CASES: Array<[string, string, INodeParameters, unknown]> = [
	...TEXT_FIELDS.flatMap((f) => BAD_TEXT.map(([what, value]) => [f.shown, what, f.parameters(EXPR), value] as [string, string, INodeParameters, unknown])),
	...NUMBER_FIELDS.flatMap((f) => BAD_NUMBER.map(([what, value]) => [f.shown, what, f.parameters(EXPR), value] as [string, string, INodeParameters, unknown])),
	['Lines › Line 1 › Unit Price (Without IVA) (lineas.0.precio)', 'three decimals (FacEPro keeps 2)', invoice(line({ unitPrice: EXPR })), '1000.005'],
	['Lines › Line 1 › Quantity (lineas.0.cantidad)', 'seven decimals', invoice(line({ quantity: EXPR })), 1.0000001],
	['Lines › Line 1 › Quantity (lineas.0.cantidad)', 'more than a billion', invoice(line({ quantity: EXPR })), 2e9],
	['Lines › Line 1 › Discount Amount (Without IVA) (lineas.0.descuento_valor)', '1e20', invoice(line({ discountType: 'amount', discountAmount: EXPR })), 1e20],
	['Additional Fields › Issue Time (factura.hora)', 'an object', invoice({ additionalFields: { issueTime: EXPR } }), { h: 1 }],
	['Invoice CUFE (factura_referencia.cufe)', 'a NUL in the CUFE', note({ referencedCufe: EXPR }), `${'ab'.repeat(47)}a\u0000`],
];

/** JSON mode (a FacEPro body): [path as shown, what, the body]. */
const body = DOC_EXAMPLE_BODY as unknown as IDataObject & { adquiriente: IDataObject; lineas: IDataObject[] };
const withCustomer = (key: string, value: unknown) => ({ ...body, adquiriente: { ...body.adquiriente, [key]: value } });
const withLine = (key: string, value: unknown) => ({ ...body, lineas: [{ ...body.lineas[0], [key]: value }, body.lineas[1]] });
const JSON_TEXT_PATHS: Array<[string, (v: unknown) => unknown]> = [
	['adquiriente.numero_documento', (v) => withCustomer('numero_documento', v)],
	['adquiriente.razon_social', (v) => withCustomer('razon_social', v)],
	['adquiriente.direccion', (v) => withCustomer('direccion', v)],
	['lineas.0.descripcion', (v) => withLine('descripcion', v)],
	['lineas.0.codigo', (v) => withLine('codigo', v)],
];
const JSON_NUMBER_PATHS: Array<[string, (v: unknown) => unknown]> = [
	['lineas.0.precio', (v) => withLine('precio', v)],
	['lineas.0.cantidad', (v) => withLine('cantidad', v)],
];
/**
 * A document typed as JSON text in the node (Document (JSON)): the node's JSON.parse keeps "__proto__" as
 * an own key, which is how such a key reaches a node (an item's JSON passed between nodes loses it).
 */
const parsed = (text: string) => text;
const PROTO_CASES: Array<[string, string, unknown]> = [
	['__proto__', 'top-level __proto__ (FacEPro body)', parsed(`{"__proto__": {"x": 1}, "adquiriente": ${JSON.stringify(body.adquiriente)}, "lineas": ${JSON.stringify(body.lineas)}}`)],
	['constructor', 'top-level constructor (FacEPro body)', { constructor: { name: 'x' }, ...body }],
	['adquiriente.__proto__', '__proto__ in the customer', parsed(`{"adquiriente": {"__proto__": {"x": 1}, "razon_social": "X"}, "lineas": ${JSON.stringify(body.lineas)}}`)],
	['adquiriente.constructor', 'constructor in the customer', withCustomer('constructor', 'x')],
	['lineas.0.__proto__', '__proto__ in a line', parsed(`{"adquiriente": ${JSON.stringify(body.adquiriente)}, "lineas": [{"__proto__": {"precio": 1}, "codigo": "A", "descripcion": "x", "cantidad": 1, "precio": 10, "iva_pct": 19}]}`)],
	['lineas.0.prototype', 'prototype in a line', withLine('prototype', {})],
	['factura.__proto__', '__proto__ in factura', parsed(`{"factura": {"__proto__": {}}, "adquiriente": ${JSON.stringify(body.adquiriente)}, "lineas": ${JSON.stringify(body.lineas)}}`)],
	['__proto__', 'top-level __proto__ (invoice JSON)', parsed('{"__proto__": {"x": 1}, "customer": {"idType": "13", "idNumber": "71234567", "name": "X"}, "lines": [{"code": "a", "description": "a", "quantity": 1, "unitPrice": 1, "taxRate": 0}]}')],
	['customer.constructor', 'constructor in the customer (invoice JSON)', { customer: { idType: '13', idNumber: '71234567', name: 'X', constructor: 1 }, lines: [{ code: 'a', description: 'a', quantity: 1, unitPrice: 1, taxRate: 0 }] }],
	['lines.0.__proto__', '__proto__ in a line (invoice JSON)', parsed('{"customer": {"idType": "13", "idNumber": "71234567", "name": "X"}, "lines": [{"__proto__": {}, "code": "a", "description": "a", "quantity": 1, "unitPrice": 1, "taxRate": 0}]}')],
];
const JSON_CASES: Array<[string, string, unknown]> = [
	...JSON_TEXT_PATHS.flatMap(([path, make]) => BAD_TEXT.map(([what, value]) => [path, what, make(value)] as [string, string, unknown])),
	...JSON_NUMBER_PATHS.flatMap(([path, make]) => BAD_NUMBER.map(([what, value]) => [path, what, make(value)] as [string, string, unknown])),
	['lineas.0.precio', 'three decimals (FacEPro keeps 2)', withLine('precio', 10.005)],
	['lineas.0.descuento_valor', '2^53 + 1', withLine('descuento_valor', '9007199254740993')],
	['adquiriente.email', 'NUL in the e-mail', withCustomer('email', 'a\u0000@b.co')],
	['factura.hora', 'a list as the time', { ...body, factura: { hora: ['10', '00'] } }],
	...PROTO_CASES,
];

describe('FacEPro: every malformed input is refused before sending, naming its field', () => {
	const t = useFacEPro();

	it('has at least 100 cases across Fields and JSON mode', () => {
		expect(FIELD_CASES.length + JSON_CASES.length).toBeGreaterThanOrEqual(100);
		expect(FIELD_CASES.length).toBeGreaterThanOrEqual(50);
		expect(JSON_CASES.length).toBeGreaterThanOrEqual(50);
	});

	const refusedNaming = async (parameters: INodeParameters, input: IDataObject, shown: string) => {
		const run = await t.run(parameters, [input]);
		expect(t.sim.server.requests()).toHaveLength(0);
		const error = run.error as unknown as { message: string; description?: string; context?: { fields?: Record<string, string[]> } } | undefined;
		expect(error).toBeDefined();
		expect(error!.message).toMatch(/nothing was sent to FacEPro/);
		expect(Object.keys(error!.context?.fields ?? {})).toContain(shown);
		expect(error!.description).toContain(`${shown}: `);
		return error!.context!.fields![shown];
	};

	it.each(FIELD_CASES)('Fields mode: %s ← %s', async (shown, _what, parameters, value) => {
		const messages = await refusedNaming(parameters, { v: value } as IDataObject, shown);
		// Never the value's JavaScript rendering as if it were the text.
		expect(messages.join(' ')).not.toContain('[object Object]');
	});

	it.each(JSON_CASES)('JSON mode: %s ← %s', async (shown, _what, doc) => {
		const typed = typeof doc === 'string';
		await refusedNaming(typed ? createFromItem('invoice', { documentJson: doc }) : createFromItem(), typed ? {} : ({ doc } as IDataObject), shown);
	});
});

describe('FacEPro: document pickers given something that is not a tracking ID', () => {
	const t = useFacEPro();
	const rl = (value: unknown, mode = 'id') => ({ __rl: true, mode, value });

	it.each([
		['a document number', 'SETP990000001'],
		['a UUID with a control character', '550e8400-e29b-41d4-a716-44665544000\u0007'],
		['100 KB', KB100],
		['an object from an expression', '={{ $json.v }}'],
		['a list from an expression', '={{ [1, 2] }}'],
	])('Get: %s → the node names "Document (trackingId)", nothing sent', async (_what, value) => {
		const run = await t.run({ resource: 'invoice', operation: 'get', trackingId: rl(value) } as unknown as INodeParameters, [{ v: { a: 1 } }]);
		expect(t.sim.server.requests()).toHaveLength(0);
		const error = run.error as unknown as { message: string } | undefined;
		expect(error?.message).toMatch(/^Document \(trackingId\)/);
		expect(error?.message).not.toContain('[object Object]');
		expect(error!.message.length).toBeLessThan(200);
	});
});

describe('FacEPro: unusual but valid inputs still issue', () => {
	const t = useFacEPro();

	it('accents, ñ, emoji, decimal quantities and 200 lines', async () => {
		const lines = Array.from({ length: 200 }, (_, i) => ({ description: `Artículo ñandú 🦤 nº ${i + 1}`, quantity: 1.5, unitPrice: '1000.25', ivaPct: 19, code: `SKU-${i}` }));
		const run = await t.run(invoice({ customerName: 'José Muñoz Peña 😀', lines: { line: lines } }));
		expect(run.error).toBeUndefined();
		const sent = t.sim.server.requests({ path: `${API}/documentos` });
		expect(sent).toHaveLength(1);
		const sentBody = sent[0].body as { adquiriente: IDataObject; lineas: IDataObject[] };
		expect(sentBody.adquiriente.razon_social).toBe('José Muñoz Peña 😀');
		expect(sentBody.lineas).toHaveLength(200);
		expect(sentBody.lineas[199]).toMatchObject({ descripcion: 'Artículo ñandú 🦤 nº 200', cantidad: 1.5, precio: 1000.25 });
	});
});
