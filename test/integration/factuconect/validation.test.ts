/**
 * Malformed input is refused locally — every problem of an item in one error, worded for the user —
 * and nothing at all reaches Factuconect (not even a login).
 */
import type { IDataObject } from 'n8n-workflow';

import { ccfParameters, describedProblems, facturaParameters, lines, spec, startSetup, sujetoExcluidoParameters } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => setup.sim.server.clearLog());

const CODE = '0F1E2D3C-4B5A-4968-8776-655443322110';

const cases: Array<[string, IDataObject, string]> = [
	['a NIT with 13 digits', ccfParameters({ receiverNit: '0614-010499-128' }), 'receiverNit (receptor.nit): must have 14 digits (or 9 for a DUI used as NIT), got 13'],
	['a NIT with letters', ccfParameters({ receiverNit: '06140104A91287' }), 'receiverNit (receptor.nit): "06140104A91287" is not a NIT: only digits (and hyphens) are allowed'],
	['a 9-digit NIT whose DUI check digit is wrong', ccfParameters({ receiverNit: '000162974' }), 'receiverNit (receptor.nit): "000162974" has 9 digits but is not a valid DUI'],
	['an NRC with letters', ccfParameters({ receiverNrc: 'AB1234' }), 'receiverNrc (receptor.nrc): "AB1234" is not an NRC (2 to 8 digits)'],
	['an NRC of one digit', ccfParameters({ receiverNrc: '7' }), 'receiverNrc (receptor.nrc): "7" is not an NRC (2 to 8 digits)'],
	['a CCF without economic activity', ccfParameters({ economicActivity: { __rl: true, mode: 'code', value: '={{ "" }}' } }), 'economicActivity (receptor.codActividad): is required for a CCF'],
	['an economic activity that is not a code', ccfParameters({ economicActivity: { __rl: true, mode: 'code', value: 'ventas' } }), 'economicActivity (receptor.codActividad): "ventas" is not an economic activity code'],
	['an invalid receiver e-mail', ccfParameters({ receiverDetails: { email: 'ventas@' } }), 'receiverDetails.email (receptor.correo): "ventas@" is not a valid e-mail address'],
	['a lowercase codigoGeneracion to send', { resource: 'dte', operation: 'send', codigoGeneracion: CODE.toLowerCase() }, `codigoGeneracion: must be in UPPERCASE, as MH requires: ${CODE}`],
	['a malformed codigoGeneracion to send', { resource: 'dte', operation: 'send', codigoGeneracion: 'DTE-01-123' }, 'codigoGeneracion: "DTE-01-123" is not a codigoGeneracion (36 characters'],
	['a proposed codigoGeneracion that is not version 4', facturaParameters({ additionalFields: { codigoGeneracion: '0F1E2D3C-4B5A-1968-8776-655443322110' } }), 'additionalFields.codigoGeneracion (codigoGeneracion): must be a version-4 UUID'],
	['an unknown tipoDte for a note\'s related document', { resource: 'dte', operation: 'createCreditNote', client: { __rl: true, mode: 'id', value: '4700' }, relatedType: '02', relatedCode: CODE, relatedDate: '2026-11-20', lines: lines({}) }, 'relatedType (documentoRelacionado.tipoDte): "02" is not a document a note can reference (03 CCF or 01 Factura)'],
	['an unknown tipoDte to void', { resource: 'dte', operation: 'void', codigoGeneracion: CODE, voidDocumentType: '02', receptionStamp: '20/11/2026 10:00:00' }, 'voidDocumentType: "02" is not a DTE type this node can void'],
	['an unknown tipoDte to preview', { resource: 'dte', operation: 'previewTotals', previewType: '07', lines: lines({}) }, 'previewType: "07" is not a DTE type this node issues'],
	['no lines', facturaParameters({ lines: {} }), 'lines (items): needs at least one line'],
	['a negative price', facturaParameters({ lines: lines({ unitPrice: -5 }) }), 'lines.0.unitPrice (items.0.precioUni): must not be negative'],
	['a zero quantity', facturaParameters({ lines: lines({ quantity: 0 }) }), 'lines.0.quantity (items.0.cantidad): must be greater than 0'],
	['a price with 9 decimals', facturaParameters({ lines: lines({ unitPrice: '1.123456789' }) }), 'lines.0.unitPrice (items.0.precioUni): 1.123456789 has more than 8 decimals'],
	['a discount larger than its line', facturaParameters({ lines: lines({ quantity: 2, unitPrice: 5, discount: 10.01 }) }), 'lines.0.discountAmount (items.0.montoDescu): must not be more than quantity × unit price'],
	['an empty line description', facturaParameters({ lines: lines({ description: '   ' }) }), 'lines.0.description (items.0.descripcion): must not be empty'],
	['a DUI with the wrong check digit', sujetoExcluidoParameters({ subjectIdNumber: '00016297-4' }), 'subjectIdNumber (receptor.numDocumento): "00016297-4" is not a valid DUI: its check digit does not match'],
	['a DUI without its check digit', sujetoExcluidoParameters({ subjectIdNumber: '1234567-8' }), 'subjectIdNumber (receptor.numDocumento): "1234567-8" is not a DUI'],
	['a stored client id that is not a number', facturaParameters({ receiver: 'storedClient', client: { __rl: true, mode: 'id', value: '={{ "abc" }}' } }), 'client (idCliente): "abc" is not a client id'],
	['a related date that does not exist', { resource: 'dte', operation: 'createDebitNote', client: { __rl: true, mode: 'id', value: '4700' }, relatedCode: CODE, relatedDate: '2026-02-30', lines: lines({}) }, 'relatedDate (documentoRelacionado.fechaEmision): "2026-02-30" is not a date (YYYY-MM-DD)'],
	['Additional Fields (JSON) that is not JSON', facturaParameters({ additionalFields: { additionalJson: '{"observaciones": ' } }), 'additionalFields.additionalJson: is not valid JSON'],
	['Additional Fields (JSON) that is an array', facturaParameters({ additionalFields: { additionalJson: '[1, 2]' } }), 'additionalFields.additionalJson: must be a JSON object'],
	['a client NIT of 10 digits', { resource: 'client', operation: 'create', clientName: 'Tienda', clientNit: '0614010499' }, 'clientNit: must have 14 digits (or 9 for a DUI used as NIT), got 10'],
	['a search of one character', { resource: 'client', operation: 'search', query: '0' }, 'query: needs at least 2 characters of a NIT or NRC'],
	['a links request without a valid emission date', { resource: 'dte', operation: 'getLinks', codigoGeneracion: CODE, fecEmi: '20/11/2026' }, 'fecEmi: "20/11/2026" is not a date (YYYY-MM-DD)'],
];

describe('malformed input is rejected locally with zero requests', () => {
	it.each(cases)('%s', async (_label, parameters, expected) => {
		const run = await setup.harness.execute(spec(setup.credential, parameters));
		expect(run.error?.message).toMatch(/has \d+ problems?; nothing was sent to Factuconect$/);
		expect(describedProblems(run)).toContain(expected);
		expect(setup.sim.server.count()).toBe(0);
	});

	it('a malformed numeroControl is counted and listed once when the type is auto-detected from it', async () => {
		const run = await setup.harness.execute(
			spec(setup.credential, {
				resource: 'dte',
				operation: 'void',
				codigoGeneracion: CODE,
				receptionStamp: '20/11/2026 10:00:00',
				voidOptions: { numeroControl: 'DTE-01-123' },
			}),
		);
		expect(run.error?.message).toBe('The void request has 1 problem; nothing was sent to Factuconect');
		expect(describedProblems(run)).toBe(
			'voidOptions.numeroControl: "DTE-01-123" is not a numeroControl (DTE-{type}-{8 letters/digits}-{15 digits}, e.g. DTE-01-M001P001-000000000000001)',
		);
		expect(setup.sim.server.count()).toBe(0);
	});

	it('ambiente "02" in the credential is refused before any request', async () => {
		const credential = setup.harness.addCredential('factuconectApi', { ...setup.sim.credentials().factuconectApi, ambiente: '02' } as never);
		const run = await setup.harness.execute(spec(credential, facturaParameters()));
		expect(run.error?.message).toBe('The Factura has 1 problem; nothing was sent to Factuconect');
		expect(describedProblems(run)).toBe('credential.ambiente: must be "00" (test) or "01" (production), got "02"');
		expect(setup.sim.server.count()).toBe(0);
	});

	it('reports every problem of an item in one error, with Continue On Fail keeping order and pairing', async () => {
		const bad = ccfParameters({
			receiverNit: '123',
			receiverNrc: 'X1',
			lines: lines({ quantity: -1, unitPrice: -2 }),
			additionalFields: { condicionOperacion: '={{ "9" }}' },
		});
		const run = await setup.harness.execute(spec(setup.credential, bad, { continueOnFail: true }), [{}, {}]);
		expect(run.items).toHaveLength(2);
		const error = run.items[1].json.error as IDataObject;
		expect(error.message).toBe('The CCF has 5 problems; nothing was sent to Factuconect');
		// Each problem on the field the user sees, with Factuconect's path next to it.
		expect(error.fields).toEqual({
			'receiverNit (receptor.nit)': ['must have 14 digits (or 9 for a DUI used as NIT), got 3'],
			'receiverNrc (receptor.nrc)': ['"X1" is not an NRC (2 to 8 digits)'],
			'lines.0.quantity (items.0.cantidad)': ['must be greater than 0'],
			'lines.0.unitPrice (items.0.precioUni)': ['must not be negative'],
			'additionalFields.condicionOperacion (condicionOperacion)': ['must be 1 (cash), 2 (credit) or 3 (other)'],
		});
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(setup.sim.server.count()).toBe(0);
	});
});
