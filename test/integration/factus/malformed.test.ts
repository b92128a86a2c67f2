/**
 * Issue 12, "Input hygiene" for Factus (API v1): a table of malformed inputs, in Fields mode and in JSON
 * mode (a v1 body as Factus documents it), each refused before anything is sent — not even the login —
 * with the field's name in the error. Control characters, lone UTF-16 surrogates, 100 KB texts, numbers
 * no provider can take (1e20, 2^53 + 1, more decimals than Factus keeps), objects and arrays where text is
 * expected, `__proto__` / `constructor` keys, and resource-locator values (the node's own message).
 * Unusual but valid inputs (accents, ñ, emoji, 200 lines) still go through.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { seed001Body, useFactus } from './helpers';

const HUGE = 'x'.repeat(100_000);

/** Bad values for a text field, with what the case is called. */
const BAD_TEXTS: Array<[string, IDataObject[string]]> = [
	['NUL', 'Alan\u0000Turing'],
	['BEL', 'Alan\u0007Turing'],
	['ESC', 'Alan\u001b[31mTuring'],
	['lone high surrogate', 'Alan \ud800 Turing'],
	['lone low surrogate', 'Alan \udc00 Turing'],
	['100 KB', HUGE],
	['an object', { a: 1 }],
	['an array', ['Alan', 'Turing']],
];

/** Bad values for a quantity or a price. */
const BAD_NUMBERS: Array<[string, IDataObject[string]]> = [
	['1e20', 1e20],
	['2^53 + 1', 2 ** 53 + 1],
	['three decimals', 1000.125],
	['an object', { value: 1 }],
	['an array', [1, 2]],
];

/* ------------------------------------------------------------------------------------------------ */
/* Fields mode: every parameter an expression reading the item, so one item = one case               */
/* ------------------------------------------------------------------------------------------------ */

const VALID_FIELDS: IDataObject = {
	referenceCode: 'ok-1',
	idNumber: '123456789',
	customerName: 'Alan Turing',
	email: 'alan.turing@example.com',
	phone: '3001234567',
	address: 'calle 1 # 2-68',
	tradeName: 'Turing SAS',
	observation: 'Pedido web',
	description: 'Camiseta',
	code: 'SKU-1',
	quantity: 2,
	unitPrice: 59500,
	municipality: '980',
};

/** The parameter → the label the editor shows for it (what the error must name). */
const FIELD_LABELS: Record<string, string> = {
	referenceCode: 'Reference Code',
	idNumber: 'ID Number',
	customerName: 'Name',
	email: 'Customer Details › Email',
	phone: 'Customer Details › Phone',
	address: 'Customer Details › Address',
	tradeName: 'Customer Details › Trade Name',
	observation: 'Additional Fields › Observation',
	description: 'Lines › Line 1 › Description',
	code: 'Lines › Line 1 › Code',
	quantity: 'Lines › Line 1 › Quantity',
	unitPrice: 'Lines › Line 1 › Unit Price (IVA Included)',
	municipality: 'Municipality',
};

const FIELDS_NODE: INodeParameters = {
	resource: 'bill',
	operation: 'create',
	inputMode: 'fields',
	referenceCode: '={{ $json.referenceCode }}',
	idType: 3,
	idNumber: '={{ $json.idNumber }}',
	customerName: '={{ $json.customerName }}',
	municipality: { __rl: true, mode: 'id', value: '={{ $json.municipality }}' },
	customerDetails: { email: '={{ $json.email }}', phone: '={{ $json.phone }}', address: '={{ $json.address }}', tradeName: '={{ $json.tradeName }}' },
	lines: {
		line: [{ description: '={{ $json.description }}', code: '={{ $json.code }}', quantity: '={{ $json.quantity }}', unitPrice: '={{ $json.unitPrice }}', tax: 'IVA_19' }],
	},
	additionalFields: { observation: '={{ $json.observation }}' },
};

type Case = { name: string; item: IDataObject; field: string };

const fieldCases: Case[] = [
	...['referenceCode', 'idNumber', 'customerName', 'email', 'phone', 'address', 'tradeName', 'observation', 'description', 'code'].flatMap((field) =>
		BAD_TEXTS.map(([what, value]) => ({ name: `Fields: ${field} with ${what}`, item: { ...VALID_FIELDS, [field]: value }, field: FIELD_LABELS[field] })),
	),
	...['quantity', 'unitPrice'].flatMap((field) =>
		BAD_NUMBERS.map(([what, value]) => ({ name: `Fields: ${field} ${what}`, item: { ...VALID_FIELDS, [field]: value }, field: FIELD_LABELS[field] })),
	),
	// Resource locator "By ID": no regex of n8n's refuses it before the node can name the field.
	...[
		['a municipality name', 'San Gil'],
		['a municipality ID with a letter', '98O'],
		['a municipality object', { id: 980 }],
	].map(([what, value]) => ({ name: `Fields: Municipality with ${String(what)}`, item: { ...VALID_FIELDS, municipality: value }, field: FIELD_LABELS.municipality })),
];

/* ------------------------------------------------------------------------------------------------ */
/* JSON mode: seed 001's v1 body with one value replaced                                             */
/* ------------------------------------------------------------------------------------------------ */

function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let at: Record<string, unknown> = target;
	for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
	at[keys[keys.length - 1]] = value;
}

const jsonCase = (name: string, path: string, value: IDataObject[string]): Case => {
	const body = seed001Body('json-case');
	setPath(body, path, value);
	return { name: `JSON: ${name}`, item: { body }, field: path };
};

const jsonCases: Case[] = [
	...['reference_code', 'observation', 'customer.names', 'customer.address', 'customer.phone', 'customer.trade_name', 'items.0.name', 'items.0.code_reference', 'items.1.name'].flatMap(
		(path) => BAD_TEXTS.map(([what, value]) => jsonCase(`${path} with ${what}`, path, value)),
	),
	...['items.0.quantity', 'items.0.price', 'items.1.price'].flatMap((path) => BAD_NUMBERS.map(([what, value]) => jsonCase(`${path} ${what}`, path, value))),
	jsonCase('customer.names = {"a":1}', 'customer.names', { a: 1 }),
	jsonCase('items[0].name = 42', 'items.0.name', 42),
	jsonCase('customer.email as a number', 'customer.email', 42),
	jsonCase('items[0].tax_rate as an object', 'items.0.tax_rate', { rate: 19 }),
];

/** The package's neutral invoice JSON (JSON mode's other form), checked exactly like Fields mode too. */
const NEUTRAL: IDataObject = {
	externalReference: 'neutral-case',
	customer: { idType: '3', idNumber: '123456789', name: 'Alan Turing', address: 'calle 1 # 2-68', municipality: '980' },
	lines: [{ description: 'Camiseta', code: 'SKU-1', quantity: 2, unitPrice: 59500, taxRate: 19 }],
	notes: 'Pedido web',
};
const neutralCase = (name: string, path: string, value: IDataObject[string]): Case => {
	const body = structuredClone(NEUTRAL);
	setPath(body, path, value);
	return { name: `Invoice JSON: ${name}`, item: { body }, field: path };
};
const neutralCases: Case[] = [
	...['customer.name', 'customer.address', 'lines.0.description', 'lines.0.code', 'notes'].flatMap((path) => BAD_TEXTS.map(([what, value]) => neutralCase(`${path} with ${what}`, path, value))),
	...['lines.0.quantity', 'lines.0.unitPrice'].flatMap((path) => BAD_NUMBERS.map(([what, value]) => neutralCase(`${path} ${what}`, path, value))),
];

/** `__proto__` / `constructor` / `prototype` keys, as they arrive in a JSON text (own keys after JSON.parse). */
const KEY_CASES: Array<[string, string, string]> = [
	['a top-level __proto__ key', '"__proto__": {"polluted": true}', '__proto__'],
	['a top-level constructor key', '"constructor": {"prototype": {"polluted": true}}', 'constructor'],
	['a top-level prototype key', '"prototype": {"x": 1}', 'prototype'],
];
const keyCases: Case[] = [
	...KEY_CASES.map(([what, entry, field]) => {
		const text = JSON.stringify(seed001Body('json-key')).replace(/^\{/, `{${entry},`);
		return { name: `JSON: ${what}`, item: { text }, field };
	}),
	(() => {
		const text = JSON.stringify(seed001Body('json-key')).replace('"customer":{', '"customer":{"__proto__":{"isAdmin":true},');
		return { name: 'JSON: customer.__proto__', item: { text }, field: 'customer.__proto__' };
	})(),
	(() => {
		const text = JSON.stringify(seed001Body('json-key')).replace('"items":[{', '"items":[{"constructor":{"name":"x"},');
		return { name: 'JSON: items[0].constructor', item: { text }, field: 'items.0.constructor' };
	})(),
];


/** Credit Note → Create in Fields mode: the Bill Number from an expression. */
const CREDIT_NOTE_NODE: INodeParameters = {
	resource: 'creditNote',
	operation: 'create',
	inputMode: 'fields',
	referenceCode: 'cn-bad',
	billNumber: '={{ $json.billNumber }}',
	correctionConcept: 2,
	linesSource: 'lines',
	lines: { line: [{ description: '={{ $json.description }}', quantity: 1, unitPrice: 59500, tax: 'IVA_19' }] },
};
const creditNoteCases: Case[] = [
	...BAD_TEXTS.filter(([what]) => ['an object', 'an array'].includes(what)).map(([what, value]) => ({
		name: `Credit note: Bill Number with ${what}`,
		item: { billNumber: value, description: 'Camiseta' },
		field: 'Bill Number',
	})),
	...BAD_TEXTS.map(([what, value]) => ({ name: `Credit note: line description with ${what}`, item: { billNumber: 'SETP990000493', description: value }, field: 'Lines › Line 1 › Description' })),
];

const CASES = [...fieldCases, ...jsonCases, ...neutralCases, ...keyCases, ...creditNoteCases];

describe('Factus malformed inputs: refused before sending, naming the field', () => {
	const s = useFactus();

	const errorOf = (item: { json: IDataObject }) => item.json.error as IDataObject | undefined;

	it(`has at least 100 cases (${CASES.length})`, () => {
		expect(CASES.length).toBeGreaterThanOrEqual(100);
	});

	it.each([
		['Fields mode', fieldCases, FIELDS_NODE],
		['JSON mode (v1 body)', jsonCases, { resource: 'bill', operation: 'create', inputMode: 'json', documentJson: '={{ $json.body }}' }],
		['JSON mode (invoice JSON)', neutralCases, { resource: 'bill', operation: 'create', inputMode: 'json', documentJson: '={{ $json.body }}' }],
		['JSON mode (keys, as text)', keyCases, { resource: 'bill', operation: 'create', inputMode: 'json', documentJson: '={{ $json.text }}' }],
		['Credit note, Fields mode', creditNoteCases, CREDIT_NOTE_NODE],
	] as Array<[string, Case[], INodeParameters]>)('%s: every case refused with its field named, zero requests', async (_, cases, parameters) => {
		const run = await s.harness.execute(s.node(parameters, true), cases.map((c) => c.item));
		expect(run.items).toHaveLength(cases.length);
		// Every case that is not refused as it should be, with what came out instead (all listed at once).
		const wrong = cases.flatMap((c, i) => {
			const error = errorOf(run.items[i]);
			const fields = Object.keys((error?.fields ?? {}) as IDataObject);
			// The label the user sees (Fields mode, with Factus's path in brackets where it has one) or the JSON path.
			const named = fields.some((key) => key === c.field || key.startsWith(`${c.field} (`));
			const refused = /^The (bill|credit note) has \d+ problems?; nothing was sent to Factus$/.test(String(error?.message));
			return refused && named ? [] : [{ case: c.name, message: error?.message ?? 'no error', fields }];
		});
		expect(wrong).toEqual([]);
		expect(run.items.map((item) => item.pairedItem)).toEqual(cases.map((_, i) => ({ item: i })));
		// Not one request — not even the login.
		expect(s.sim.server.log).toHaveLength(0);
		expect(Object.prototype).not.toHaveProperty('polluted');
		expect(Object.prototype).not.toHaveProperty('isAdmin');
	});

	it('the valid base of each table goes through (so every refusal above is the one bad value)', async () => {
		const fields = await s.harness.execute(s.node(FIELDS_NODE), [VALID_FIELDS]);
		expect(fields.error).toBeUndefined();
		const json = await s.harness.execute(s.node({ resource: 'bill', operation: 'create', inputMode: 'json', documentJson: '={{ $json.body }}' }), [
			{ body: seed001Body('json-ok') },
			{ body: NEUTRAL },
		]);
		expect(json.error).toBeUndefined();
		expect(s.sim.documents.bill).toHaveLength(3);
	});

	it('unusual but valid inputs keep working: accents, ñ, emoji, a 450-character name, 200 lines', async () => {
		const body = seed001Body('unusual-1');
		Object.assign(body.customer as IDataObject, { names: 'José Ñandú Müller 🦄', address: 'Cra. 7 # 32-16, Bogotá D.C.' });
		const item = (body.items as IDataObject[])[1];
		body.items = Array.from({ length: 200 }, (_, i) => ({ ...item, name: `Artículo ${i + 1} — piñata 🎉`, code_reference: `Ñ-${i + 1}` }));
		const run = await s.harness.execute(s.node({ resource: 'bill', operation: 'create', inputMode: 'json', documentJson: JSON.stringify(body) }));
		expect(run.error).toBeUndefined();
		expect((run.items[0].json.summary as IDataObject).status).toBe('accepted');

		const long = await s.harness.execute(s.node(FIELDS_NODE), [{ ...VALID_FIELDS, referenceCode: 'unusual-2', customerName: 'Ñ'.repeat(450) }]);
		expect(long.error).toBeUndefined();
	});
});
