/**
 * What MH's verdicts look like to the user: a rejection is a result to branch on (or, if asked, a
 * failure) and always carries MH's codigoMsg, descripcionMsg and every observación.
 */
import type { IDataObject } from 'n8n-workflow';

import { asInput, describedProblems, facturaParameters, json, lines, spec, startSetup } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => setup.sim.server.clearFaults().clearLog());

const REJECTION = {
	estado: 'RECHAZADO' as const,
	codigoMsg: '020',
	descripcionMsg: 'RECEPTOR NO VALIDO',
	observaciones: [
		'[receptor.nrc] NRC NO INSCRITO',
		'[receptor.codActividad] ACTIVIDAD NO CORRESPONDE AL CONTRIBUYENTE',
		'REVISAR DATOS DEL RECEPTOR',
	],
};

describe('rejected sends', () => {
	it('come out as an item with status "rejected" and all of MH\'s words', async () => {
		setup.sim.control.nextSend(REJECTION);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters()));
		expect(run.error).toBeUndefined();
		const out = json(run);
		expect(out).toMatchObject({
			estado: 'RECHAZADO',
			codigoMsg: '020',
			descripcionMsg: 'RECEPTOR NO VALIDO',
			observaciones: REJECTION.observaciones,
			selloRecibido: null,
		});
		expect(out.summary).toMatchObject({ status: 'rejected', estado: 'RECHAZADO', statusMessage: 'RECEPTOR NO VALIDO', selloRecibido: null });
		// The rejection came with HTTP 400: classified by estado, not by status.
		expect(setup.sim.server.requests({ path: '/facturar/sendFteMH' }).map((r) => r.status)).toEqual([400]);
	});

	it('fail the item when asked, with every observación in the description and as fields', async () => {
		setup.sim.control.nextSend(REJECTION);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters({ options: { onRejection: 'error' } })));
		expect(run.error?.message).toMatch(/^MH rejected DTE [0-9A-F-]{36} \(020\): RECEPTOR NO VALIDO$/);
		const description = describedProblems(run);
		expect(description).toContain('REVISAR DATOS DEL RECEPTOR');
		expect(description).toContain('receptor.nrc: NRC NO INSCRITO');
		expect(description).toContain('receptor.codActividad: ACTIVIDAD NO CORRESPONDE AL CONTRIBUYENTE');
	});

	it('with Continue On Fail become error items in place, paired with their input', async () => {
		setup.sim.control.nextSend({ estado: 'PROCESADO' }, REJECTION, { estado: 'PROCESADO' });
		const run = await setup.harness.execute(
			spec(setup.credential, facturaParameters({ options: { onRejection: 'error' } }), { continueOnFail: true }),
			[{ order: 1 }, { order: 2 }, { order: 3 }],
		);
		expect(run.items).toHaveLength(3);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect((run.items[0].json.summary as IDataObject).status).toBe('accepted');
		expect((run.items[2].json.summary as IDataObject).status).toBe('accepted');
		const error = run.items[1].json.error as IDataObject;
		expect(error).toMatchObject({
			provider: 'Factuconect',
			code: '020',
			httpCode: 400,
			fields: {
				_: ['REVISAR DATOS DEL RECEPTOR'],
				'receptor.nrc': ['NRC NO INSCRITO'],
				'receptor.codActividad': ['ACTIVIDAD NO CORRESPONDE AL CONTRIBUYENTE'],
			},
		});
	});

	it('follow the data in demos: a line marked [rechazar] is rejected, [observar] accepted with observations', async () => {
		const rejected = await setup.harness.execute(
			spec(setup.credential, facturaParameters({ lines: lines({ description: 'Producto de prueba [rechazar]' }) })),
		);
		expect(json(rejected).summary).toMatchObject({ status: 'rejected' });
		expect(json(rejected).observaciones).toHaveLength(2);

		const observed = await setup.harness.execute(
			spec(setup.credential, facturaParameters({ lines: lines({ description: 'Producto [observar]' }) })),
		);
		expect(json(observed)).toMatchObject({ codigoMsg: '002', descripcionMsg: 'RECIBIDO CON OBSERVACIONES' });
		expect(json(observed).summary).toMatchObject({
			status: 'accepted',
			warnings: ['[receptor.telefono] TELEFONO CON FORMATO NO ESTANDAR'],
		});
	});

	it('can be sent again with the same codigoGeneracion once MH accepts it', async () => {
		setup.sim.control.nextSend(REJECTION);
		const first = await setup.harness.execute(spec(setup.credential, facturaParameters()));
		expect(json(first).summary).toMatchObject({ status: 'rejected' });
		const again = await setup.harness.execute(spec(setup.credential, { resource: 'dte', operation: 'send' }), asInput(first));
		expect(json(again).summary).toMatchObject({ status: 'accepted', estado: 'PROCESADO' });
		expect(json(again).codigoGeneracion).toBe(json(first).codigoGeneracion);
	});
});

describe('Factuconect errors', () => {
	it('are worded with the provider\'s message and field details', async () => {
		const run = await setup.harness.execute(
			spec(setup.credential, facturaParameters({ receiver: 'storedClient', client: { __rl: true, mode: 'id', value: '999999' } })),
		);
		expect(run.error?.message).toBe('Factuconect could not create the Factura (HTTP 400): Error de validación');
		expect(describedProblems(run)).toBe('idCliente: No existe el cliente 999999');
	});

	it('a DTE type not enabled for the account says where to look', async () => {
		const other = setup.sim.state.accounts[1];
		const credential = setup.harness.addCredential('factuconectApi', {
			...setup.sim.credentials().factuconectApi,
			user: other.usuario,
			password: other.password,
		} as never);
		const run = await setup.harness.execute(
			spec(credential, {
				resource: 'dte',
				operation: 'createSujetoExcluido',
				subjectIdType: '36',
				subjectIdNumber: '06142803901121',
				receiverName: 'Juan Pérez',
				lines: lines({}),
			}),
		);
		expect(run.error?.message).toBe(
			'Factuconect could not create the Sujeto Excluido (HTTP 403): El tipo de documento 14 no está habilitado para este cliente',
		);
		expect(describedProblems(run)).toContain('Lookup → Get Enabled DTE Types');
	});
});
