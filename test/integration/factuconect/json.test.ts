/**
 * Invoice (JSON): the package's invoice as JSON goes through the same checks as the fields (the typed
 * Invoice, the limits, MH's rules) and becomes the same DTE body; Additional Fields (JSON) is merged into
 * every create body and refuses keys that would reach an object's prototype.
 */
import type { IDataObject } from 'n8n-workflow';

import { ccfParameters, describedProblems, facturaParameters, json, lines, spec, startSetup } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => {
	setup.sim.server.clearFaults().clearLog();
	setup.harness.clearDeduplication();
});

const CCF_JSON = {
	customer: { idNumber: '0614-010499-128-7', nrc: '278784-1', name: 'Distribuidora Cuscatlán, S.A. de C.V.', economicActivity: '46302' },
	lines: [{ description: 'Saco de café 46 kg', quantity: 2, unitPrice: 150 }],
};

const run = async (parameters: IDataObject) => await setup.harness.execute(spec(setup.credential, parameters));
const bodyOf = (created: ReturnType<typeof json>) => setup.sim.state.dtes.get(String(created.codigoGeneracion))!.body;

describe('Invoice (JSON)', () => {
	it('a CCF from JSON is the same DTE as from the fields', async () => {
		const fromFields = await run(ccfParameters({ sendNow: false }));
		const fromJson = await run({ resource: 'dte', operation: 'createCcf', inputMode: 'json', invoiceJson: JSON.stringify(CCF_JSON), sendNow: false });
		expect(fromJson.error).toBeUndefined();
		// The same body but for the codigoGeneracion each create proposes.
		const withoutCode = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'codigoGeneracion'));
		expect(withoutCode(bodyOf(json(fromJson)))).toEqual(withoutCode(bodyOf(json(fromFields))));
		expect(json(fromJson)).toMatchObject({ tipoDte: '03', totalPagar: 339 });
	});

	it('a Factura to a stored client, with the payment condition and notes in the JSON', async () => {
		const invoice = { customer: { providerId: 4700 }, lines: [{ description: 'Taza', quantity: 1, unitPrice: '11.30' }], notes: 'Gracias', condicionOperacion: '2' };
		setup.sim.control.seedClients(1);
		const created = await run({ resource: 'dte', operation: 'createFactura', inputMode: 'json', invoiceJson: invoice, sendNow: false });
		expect(created.error).toBeUndefined();
		expect(bodyOf(json(created))).toMatchObject({ idCliente: 4700, condicionOperacion: 2, observaciones: 'Gracias', items: [{ precioUni: 11.3, descripcion: 'Taza' }] });
	});

	it('reports every problem with its neutral path and Factuconect\'s path, nothing sent', async () => {
		const bad = {
			customer: { idNumber: '123', name: '', economicActivity: 'x' },
			lines: [{ description: 'Café\u0007', quantity: 0, unitPrice: 1e20 }, { description: 'Otro', quantity: 1, unitPrice: 5, taxRate: 19 }],
		};
		const result = await run({ resource: 'dte', operation: 'createCcf', inputMode: 'json', invoiceJson: JSON.stringify(bad) });
		expect(result.error?.message).toBe('The CCF has 8 problems; nothing was sent to Factuconect');
		expect(describedProblems(result).split('\n')).toEqual([
			'lines.0.quantity (items.0.cantidad): must be greater than 0',
			'customer.name (receptor.nombre): is required',
			'customer.idNumber (receptor.nit): must have 14 digits (or 9 for a DUI used as NIT), got 3',
			'customer.nrc (receptor.nrc): is required for a CCF',
			'customer.economicActivity (receptor.codActividad): "x" is not an economic activity code (2 to 6 digits, e.g. 47190)',
			'lines.0.description (items.0.descripcion): contains an invisible control character (U+0007 at position 5); remove it',
			'lines.0.unitPrice (items.0.precioUni): 100000000000000000000 is beyond 2^53: a number this large cannot be exact; the largest amount accepted is 9999999999999.99',
			'lines.1.taxRate: must be 13: MH items are taxed at 13 % or exempt (taxExcluded)',
		]);
		expect(setup.sim.server.count()).toBe(0);
	});

	it('refuses keys that would reach an object\'s prototype', async () => {
		const result = await run({ resource: 'dte', operation: 'createFactura', inputMode: 'json', invoiceJson: '{"__proto__": {"admin": true}, "lines": []}' });
		expect(describedProblems(result)).toContain('invoiceJson.__proto__: is not an accepted field name');
		expect(setup.sim.server.count()).toBe(0);
	});

	it('takes the External Reference from Additional Fields, and refuses two different ones', async () => {
		const invoice = { customer: { name: 'Consumidor final' }, lines: [{ description: 'Taza', quantity: 1, unitPrice: 5 }], externalReference: 'json-1' };
		const conflict = await run({ resource: 'dte', operation: 'createFactura', inputMode: 'json', invoiceJson: invoice, additionalFields: { externalReference: 'json-2' } });
		expect(describedProblems(conflict)).toContain('externalReference: differs from Additional Fields → External Reference ("json-2"); keep one of them');
		const ok = await run({ resource: 'dte', operation: 'createFactura', inputMode: 'json', invoiceJson: invoice, sendNow: false });
		expect(json(ok)).toMatchObject({ externalReference: 'json-1' });
	});

	it('Preview Totals reads the lines of the JSON too', async () => {
		const preview = await run({ resource: 'dte', operation: 'previewTotals', inputMode: 'json', previewType: '03', invoiceJson: CCF_JSON });
		expect(json(preview)).toMatchObject({ totalGravada: 300, totalIva: 39, totalPagar: 339 });
		expect(setup.sim.server.count()).toBe(0);
	});
});

describe('the limits of every create and of Preview Totals', () => {
	it('a line description with a control character, and a price beyond 2^53, are refused in Fields mode', async () => {
		const result = await run(facturaParameters({ lines: lines({ description: 'Caf\u0000é', unitPrice: '9007199254740993' }) }));
		expect(describedProblems(result)).toContain('lines.0.description (items.0.descripcion): contains an invisible control character (U+0000 at position 4); remove it');
		expect(describedProblems(result)).toContain('lines.0.unitPrice (items.0.precioUni): 9007199254740993 is too large');
		expect(setup.sim.server.count()).toBe(0);
	});

	it('more than 2000 lines are refused before anything is sent', async () => {
		const many = Array.from({ length: 2001 }, (_v, n) => ({ description: `Item ${n}`, quantity: 1, unitPrice: 1 }));
		const result = await run({ resource: 'dte', operation: 'createFactura', inputMode: 'json', invoiceJson: { customer: { name: 'Consumidor final' }, lines: many } });
		expect(describedProblems(result)).toBe('lines (items): has 2001 lines; at most 2000 are accepted (split the document)');
		expect(setup.sim.server.count()).toBe(0);
	});

	it('Preview Totals refuses what the create would refuse', async () => {
		const result = await run({ resource: 'dte', operation: 'previewTotals', previewType: '01', lines: lines({ description: 'x'.repeat(1001) }) });
		expect(describedProblems(result)).toBe('lines.0.description (items.0.descripcion): has 1001 characters; at most 1000 are accepted');
	});
});

describe('Additional Fields (JSON)', () => {
	it('is merged into every create body, and refuses __proto__ and constructor keys', async () => {
		const merged = await run(facturaParameters({ sendNow: false, additionalFields: { additionalJson: '{"observaciones": "de JSON", "extra": {"a": 1}}' } }));
		expect(bodyOf(json(merged))).toMatchObject({ observaciones: 'de JSON', extra: { a: 1 } });
		const refused = await run(facturaParameters({ additionalFields: { additionalJson: '{"extra": {"constructor": {"prototype": {}}}, "__proto__": {"x": 1}}' } }));
		expect(describedProblems(refused)).toContain('additionalFields.additionalJson.extra.constructor: is not an accepted field name');
		expect(describedProblems(refused)).toContain('additionalFields.additionalJson.__proto__: is not an accepted field name');
	});
});
