/**
 * Factuconect (El Salvador) inside a real n8n (the built package loaded as custom extensions), against
 * the Factuconect simulator running in this jest process:
 * - CCF: create (not sent) → send to Hacienda → Get Links → open the printable view (HTTP Request node)
 *   → void, with the parameters a saved workflow leaves out (their `{{ $json… }}` defaults) mapping
 *   each step's output into the next;
 * - clients: create one, issue a CCF, a credit note for that client referencing the CCF; list and
 *   search the clients;
 * - Continue On Fail: a local validation error and an MH rejection become error items in place;
 * - the External Reference guard across executions (the codigoGeneracion derived from it, n8n's
 *   deduplication store, and the DTE found again at Factuconect);
 * - the login token: n8n saves it in the credential after the first login, later executions reuse it,
 *   and after it expires one new login serves all items and is saved in place of the old token;
 * - MH's rejection as the workflow's error, and no token or password in n8n's output, database or run files.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FactuconectSimulator } from '../../simulators/factuconect';
import { DEMO_ACCOUNT, startFactuconectSimulator } from '../../simulators/factuconect';
import type { CredentialSeed } from '../runtime/instance';
import { errorOf, Flow, items, json, nodeType, only, ProviderE2E, secretsSeen } from './support';

const FACTUCONECT = nodeType('factuconect');
const CODIGO = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;
const LOGIN = { method: 'POST', path: '/clients/login' };

const line = (description: string, quantity: number | string, unitPrice: number | string, extra: IDataObject = {}) => ({
	description,
	quantity,
	unitPrice,
	...extra,
});

/** A CCF (03) to the simulator's standard taxpayer: 2 × 150.00 net → IVA 39.00, total 339.00. */
const ccf = (extra: IDataObject = {}): IDataObject => ({
	resource: 'dte',
	operation: 'createCcf',
	receiverNit: '0614-010499-128-7',
	receiverNrc: '278784-1',
	receiverName: 'Distribuidora Cuscatlán, S.A. de C.V.',
	economicActivity: { __rl: true, mode: 'code', value: '46302' },
	lines: { line: [line('Saco de café 46 kg', 2, 150)] },
	...extra,
});

describe('Factuconect in a real n8n', () => {
	let sim: FactuconectSimulator;
	let e2e: ProviderE2E;
	let credential: CredentialSeed;
	/** A second credential for the same account, used only by the token test (its own saved token). */
	let tokenCredential: CredentialSeed;
	const use = (c = () => credential) => ({ credentials: { factuconectApi: c() } });

	const flows = () => ({
		ccf: new Flow('factuconect1', 'Factuconect: CCF create → send → links → void')
			.then('Create CCF', FACTUCONECT, ccf({ sendNow: false }), use())
			// codigoGeneracion omitted: its default {{ $json.codigoGeneracion }} takes the create's output.
			.then('Send to Hacienda', FACTUCONECT, { resource: 'dte', operation: 'send' }, use())
			.then('Get Links', FACTUCONECT, { resource: 'dte', operation: 'getLinks' }, use())
			.then(
				'Open View',
				'n8n-nodes-base.httpRequest',
				{ method: 'GET', url: '={{ $json.links.view }}', options: { response: { response: { responseFormat: 'text', outputPropertyName: 'html' } } } },
				{ typeVersion: 4.2 },
			)
			.then(
				'Void CCF',
				FACTUCONECT,
				{
					resource: 'dte',
					operation: 'void',
					codigoGeneracion: "={{ $('Send to Hacienda').item.json.codigoGeneracion }}",
					receptionStamp: "={{ $('Send to Hacienda').item.json.fhProcesamiento }}",
					voidDocumentType: '03',
					voidType: '3',
					reason: 'Pedido duplicado por el cliente',
				},
				use(),
			),
		notes: new Flow('factuconect2', 'Factuconect: client, CCF and credit note')
			.then(
				'Create Client',
				FACTUCONECT,
				{
					resource: 'client',
					operation: 'create',
					clientName: 'Ferretería El Progreso',
					clientNit: '06140104991287',
					clientDocumentType: '1',
					clientDetails: { nrc: '2787841', email: 'compras@progreso.com.sv' },
				},
				use(),
			)
			.then('Create CCF', FACTUCONECT, ccf({ receiverName: 'Ferretería El Progreso' }), use())
			.then(
				'Credit Note',
				FACTUCONECT,
				{
					resource: 'dte',
					operation: 'createCreditNote',
					// relatedCode / relatedDate omitted: their defaults read the CCF from the input item.
					client: { __rl: true, mode: 'id', value: "={{ $('Create Client').item.json.id }}" },
					lines: { line: [line('Devolución 1 saco', 1, 150)] },
				},
				use(),
			),
		continueOnFail: new Flow('factuconect3', 'Factuconect: Continue On Fail')
			.items('Sales', [
				{ sale: 'A', description: 'Café molido 400 g', quantity: 2, price: 11.3 },
				{ sale: 'B', description: 'Cantidad inválida', quantity: 0, price: 5 },
				{ sale: 'C', description: 'Venta [rechazar]', quantity: 1, price: 10 },
				{ sale: 'D', description: 'Café en grano 1 kg', quantity: 1, price: 22.6 },
			])
			.then(
				'Create Facturas',
				FACTUCONECT,
				{
					resource: 'dte',
					operation: 'createFactura',
					lines: { line: [line('={{ $json.description }}', '={{ $json.quantity }}', '={{ $json.price }}')] },
					options: { onRejection: 'error' },
				},
				{ ...use(), continueOnFail: true },
			),
		clients: new Flow('factuconect4', 'Factuconect: list and search clients')
			.then('List Clients', FACTUCONECT, { resource: 'client', operation: 'getAll', returnAll: true }, use())
			.then('Keep One', 'n8n-nodes-base.limit', { maxItems: 1 }, { typeVersion: 1 })
			.then('Search Clients', FACTUCONECT, { resource: 'client', operation: 'search', query: '={{ $json.nrc }}' }, use()),
		failing: new Flow('factuconect7', 'Factuconect: MH rejects a Factura').then(
			'Create Factura',
			FACTUCONECT,
			{ resource: 'dte', operation: 'createFactura', lines: { line: [line('Venta [rechazar] sin continuar', 1, 10)] }, options: { onRejection: 'error' } },
			use(),
		),
		guard: new Flow('factuconect6', 'Factuconect: External Reference guard').then(
			'Create Factura',
			FACTUCONECT,
			{
				resource: 'dte',
				operation: 'createFactura',
				lines: { line: [line('Pedido guardado E2E', 1, 22.6)] },
				additionalFields: { externalReference: 'shopify-e2e-77' },
			},
			use(),
		),
		token: new Flow('factuconect5', 'Factuconect: token reuse and renewal')
			.items('Three Items', [{ n: 1 }, { n: 2 }, { n: 3 }])
			.then('Enabled Types', FACTUCONECT, { resource: 'lookup', operation: 'getEnabledTypes' }, use(() => tokenCredential)),
	});

	let f: ReturnType<typeof flows>;
	let batch: Awaited<ReturnType<ProviderE2E['batch']>>;
	let loginsInBatch = 0;
	/** Tokens exported from n8n by the token test (also searched for leaks). */
	const savedTokens: string[] = [];
	/** The second n8n process (the guard's repeat, and the client list), run once by whichever test needs it first. */
	let secondBatch: ReturnType<ProviderE2E['batch']> | undefined;
	const second = async () => await (secondBatch ??= e2e.batch([f.guard.id, f.clients.id]));

	beforeAll(async () => {
		sim = await startFactuconectSimulator();
		e2e = await ProviderE2E.start('factuconect.e2e');
		const data = sim.credentials().factuconectApi as IDataObject;
		credential = { id: 'factuconect1', name: 'Factuconect account', type: 'factuconectApi', data };
		tokenCredential = { id: 'factuconect2', name: 'Factuconect token check', type: 'factuconectApi', data };
		await e2e.importCredentials([credential, tokenCredential]);
		f = flows();
		await e2e.importWorkflows(Object.values(f));
		batch = await e2e.batch([f.ccf.id, f.notes.id, f.continueOnFail.id, f.guard.id]);
		loginsInBatch = sim.server.count(LOGIN);
	});

	afterAll(async () => {
		await e2e?.dispose();
		await sim?.stop();
	});

	it('CCF: create (pending) → send to Hacienda (accepted) → links → the view opens → void (type 3)', () => {
		const run = batch[f.ccf.id];
		const created = json(run, 'Create CCF');
		expect(created).toMatchObject({
			tipoDte: '03',
			numeroControl: expect.stringMatching(/^DTE-03-M001P001-\d{15}$/),
			totalGravada: 300,
			totalIva: 39,
			totalPagar: 339,
			summary: { provider: 'Factuconect', kind: 'ccf', status: 'pending', estado: 'PENDIENTE', total: 339, currency: 'USD' },
		});
		expect(created.codigoGeneracion).toMatch(CODIGO);
		const code = String(created.codigoGeneracion);

		const sent = json(run, 'Send to Hacienda');
		expect(sent).toMatchObject({ codigoGeneracion: code, numeroControl: created.numeroControl, estado: 'PROCESADO', codigoMsg: '001' });
		expect(sent.summary).toMatchObject({ status: 'accepted', kind: 'ccf', authorityId: code, number: created.numeroControl, total: 339 });
		expect(sent.fhProcesamiento).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
		expect((sent.summary as { selloRecibido: string }).selloRecibido).toMatch(/^\d{4}[0-9A-F]{36}$/);

		const links = json(run, 'Get Links');
		expect(links.links).toEqual({
			view: `${sim.url}/viewDte?id=${code}`,
			ticket: `${sim.url}/ticket?id=${code}`,
			mhCheck: `https://admin.factura.gob.sv/consultaPublica?ambiente=00&codGen=${code}&fechaEmi=${String(created.fecEmi)}`,
		});
		expect(String(json(run, 'Open View').html)).toContain(`DTE ${String(created.numeroControl)}`);

		const voided = json(run, 'Void CCF');
		expect(voided.summary).toMatchObject({ status: 'voided', estado: 'ANULADO', kind: 'ccf', authorityId: code });
		const stored = sim.state.dtes.get(code)!;
		expect(stored).toMatchObject({ estado: 'ANULADO', tipoDte: '03', totals: { totalPagar: 339 } });
		expect(stored.invalidation).toMatchObject({ tipoAnulacion: 3, motivoAnulacion: 'Pedido duplicado por el cliente' });
		expect(sim.state.sendCounts[code]).toBe(1);
	});

	it('client → CCF → credit note for that client referencing the CCF (one document each)', () => {
		const run = batch[f.notes.id];
		const client = json(run, 'Create Client');
		expect(client).toMatchObject({ nombre: 'Ferretería El Progreso', nit: '06140104991287', nrc: '2787841', id_clientes: DEMO_ACCOUNT.idClientes });
		const issued = json(run, 'Create CCF');
		expect(issued.summary).toMatchObject({ kind: 'ccf', status: 'accepted', total: 339 });
		const note = json(run, 'Credit Note');
		expect(note).toMatchObject({ tipoDte: '05', totalGravada: 150, totalIva: 19.5, totalPagar: 169.5, estado: 'PROCESADO' });
		expect(note.summary).toMatchObject({ kind: 'creditNote', status: 'accepted', total: 169.5 });
		expect(note.codigoGeneracion).toMatch(CODIGO);

		const stored = sim.state.dtes.get(String(note.codigoGeneracion))!;
		expect(stored.body).toMatchObject({
			idCliente: client.id,
			documentoRelacionado: { tipoDte: '03', codigoGeneracion: issued.codigoGeneracion, fechaEmision: issued.fecEmi },
		});
		const notesForCcf = [...sim.state.dtes.values()].filter(
			(d) => (d.body.documentoRelacionado as IDataObject | undefined)?.codigoGeneracion === issued.codigoGeneracion,
		);
		expect(notesForCcf).toHaveLength(1);
		expect(sim.state.receptores.filter((r) => r.nombre === 'Ferretería El Progreso')).toHaveLength(1);
	});

	it('Continue On Fail: a local validation error and an MH rejection become error items in place', () => {
		const out = items(batch[f.continueOnFail.id], 'Create Facturas');
		expect(out).toHaveLength(4);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json).toMatchObject({ tipoDte: '01', totalPagar: 22.6, summary: { status: 'accepted', kind: 'invoice' } });
		expect(out[3].json).toMatchObject({ tipoDte: '01', totalPagar: 22.6, summary: { status: 'accepted', kind: 'invoice' } });

		const invalid = errorOf(out[1]);
		expect(invalid).toMatchObject({
			provider: 'Factuconect',
			message: 'The Factura has 1 problem; nothing was sent to Factuconect',
			// The field the user filled in, with Factuconect's path next to it.
			fields: { 'lines.0.quantity (items.0.cantidad)': ['must be greater than 0'] },
		});
		expect(invalid.httpCode).toBeUndefined();

		const rejected = errorOf(out[2]);
		expect(rejected).toMatchObject({
			provider: 'Factuconect',
			httpCode: 400,
			code: '096',
			message: expect.stringMatching(/^MH rejected DTE [0-9A-F-]{36} \(096\): DOCUMENTO NO CUMPLE LAS VALIDACIONES DE HACIENDA$/),
		});
		expect(rejected.fields).toEqual({
			'cuerpoDocumento.descripcion': ['EL ITEM FUE MARCADO PARA RECHAZO'],
			'receptor.correo': ['CORREO DEL RECEPTOR NO VERIFICADO'],
		});

		// Three DTEs reached Factuconect (the invalid one never did); MH rejected one of them. With Parallel
		// Requests they may be created in any order: sorted by the input's order here.
		const sales = ['Café molido 400 g', 'Cantidad inválida', 'Venta [rechazar]', 'Café en grano 1 kg'];
		const facturas = [...sim.state.dtes.values()]
			.filter((d) => sales.includes(String((d.body.items as IDataObject[])[0].descripcion)))
			.sort((a, b) => sales.indexOf(String((a.body.items as IDataObject[])[0].descripcion)) - sales.indexOf(String((b.body.items as IDataObject[])[0].descripcion)));
		expect(facturas.map((d) => [(d.body.items as IDataObject[])[0].descripcion, d.estado])).toEqual([
			['Café molido 400 g', 'PROCESADO'],
			['Venta [rechazar]', 'RECHAZADO'],
			['Café en grano 1 kg', 'PROCESADO'],
		]);
	});

	it('the saved login token is reused across executions: one login for the whole batch', () => {
		expect(loginsInBatch).toBe(1);
	});

	it('External Reference guard: a second execution returns the DTE issued first, found at Factuconect', async () => {
		const guarded = () => [...sim.state.dtes.values()].filter((d) => (d.body.items as IDataObject[])[0].descripcion === 'Pedido guardado E2E');
		const first = json(batch[f.guard.id], 'Create Factura');
		expect(first).toMatchObject({ externalReference: 'shopify-e2e-77', estado: 'PROCESADO', summary: { status: 'accepted', total: 22.6 } });
		expect(first).not.toHaveProperty('alreadyIssued');
		expect(guarded()).toHaveLength(1);

		const again = await second();
		expect(json(again[f.guard.id], 'Create Factura')).toMatchObject({
			alreadyIssued: true,
			externalReference: 'shopify-e2e-77',
			codigoGeneracion: first.codigoGeneracion,
			numeroControl: first.numeroControl,
			summary: { status: 'accepted', selloRecibido: (first.summary as IDataObject).selloRecibido },
		});
		expect(guarded()).toHaveLength(1);
		expect(sim.state.sendCounts[String(first.codigoGeneracion)]).toBe(1);
	});

	it('lists the clients and searches one by its NRC', async () => {
		const run = (await second())[f.clients.id];
		const listed = items(run, 'List Clients').map((i) => i.json);
		expect(listed.map((c) => c.id)).toEqual(sim.state.receptores.filter((r) => r.id_clientes === DEMO_ACCOUNT.idClientes).map((r) => r.id));
		const found = items(run, 'Search Clients').map((i) => i.json);
		expect(found.map((c) => c.nombre)).toContain('Ferretería El Progreso');
		expect(only(run, 'Keep One').json.nrc).toBe('2787841');
	});

	it('token: n8n stores the login token, reuses it, and after expiry one new login serves all items', async () => {
		const logins = () => sim.server.count(LOGIN);
		const before = logins();
		const first = await e2e.execute(f.token.id);
		// Three input items × the account's five enabled DTE types.
		expect(items(first.data, 'Enabled Types').map((i) => i.json.tipoDte)).toEqual([1, 2, 3].flatMap(() => ['01', '03', '05', '06', '14']));
		// A first login with the three items in flight (Parallel Requests): the logins that overlap are shared;
		// an item that read the empty credential after the first login finished logs in with it again.
		expect(logins() - before).toBeGreaterThanOrEqual(1);
		expect(logins() - before).toBeLessThanOrEqual(3);
		const firstLogins = logins() - before;
		const saved1 = await e2e.exportCredential(tokenCredential.id);
		expect(saved1).toMatchObject({ user: DEMO_ACCOUNT.usuario, sessionUid: DEMO_ACCOUNT.uid, sessionIdSucursal: DEMO_ACCOUNT.idSucursal });
		expect(typeof saved1.token).toBe('string');
		expect(sim.state.tokens.check(String(saved1.token))).toMatchObject({ subject: DEMO_ACCOUNT.usuario });

		sim.control.expireTokens();
		const rejected = () => sim.server.requests().filter((r) => r.status === 401).length;
		const rejectedBefore = rejected();
		const renewed = await e2e.execute(f.token.id);
		expect(items(renewed.data, 'Enabled Types')).toHaveLength(15);
		// With Parallel Requests the three items go out together: each request meets the expired token (a 401,
		// and a second one through n8n's authenticated path), and one login serves them all.
		expect(rejected() - rejectedBefore).toBeGreaterThanOrEqual(2);
		expect(rejected() - rejectedBefore).toBeLessThanOrEqual(6);
		// The renewal: one login for every request that met the expired token.
		expect(logins() - before - firstLogins).toBe(1);
		const saved2 = await e2e.exportCredential(tokenCredential.id);
		savedTokens.push(String(saved1.token), String(saved2.token));
		expect(saved2.token).not.toBe(saved1.token);
		expect(sim.state.tokens.check(String(saved2.token))).toMatchObject({ subject: DEMO_ACCOUNT.usuario });
		expect(sim.state.tokens.check(String(saved1.token))).toBe('expired');
	});

	it("a failing workflow: MH's rejection is the error n8n shows; no token or password leaks anywhere", async () => {
		const res = await e2e.execute(f.failing.id, { expectOk: false });
		expect(res.ok).toBe(false);
		expect(res.data?.data.resultData.lastNodeExecuted).toBe('Create Factura');
		const error = res.data?.data.resultData.error as unknown as { message: string; description: string };
		expect(error.message).toMatch(/^MH rejected DTE [0-9A-F-]{36} \(096\): DOCUMENTO NO CUMPLE LAS VALIDACIONES DE HACIENDA$/);
		expect(error.description).toContain('cuerpoDocumento.descripcion: EL ITEM FUE MARCADO PARA RECHAZO');

		const secrets = [...secretsSeen(sim.server.requests(), ['password']), ...savedTokens, DEMO_ACCOUNT.password];
		expect(secrets.length).toBeGreaterThan(3);
		const numeroControl = String(json(batch[f.ccf.id], 'Create CCF').numeroControl);
		expect(e2e.findInSandbox([numeroControl])[numeroControl]).toContain('database');
		expect(e2e.findInSandbox(secrets)).toEqual({});
	});
});
