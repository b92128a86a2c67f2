/**
 * Create → send → void round trips (01, 03, 14), notes referencing a sent CCF, re-sends (004), the
 * void rules and windows, and Get Links — through n8n-core against the Factuconect simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	asInput,
	ccfParameters,
	createClient,
	describedProblems,
	facturaParameters,
	json,
	lines,
	spec,
	startSetup,
	sujetoExcluidoParameters,
} from './setup';
import type { Setup } from './setup';

const DAY = 24 * 3600 * 1000;

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => {
	setup.sim.control.setNow(undefined);
	setup.sim.server.clearFaults().clearLog();
	setup.harness.clearDeduplication();
});

const run = async (parameters: IDataObject, input?: Parameters<Setup['harness']['execute']>[1]) =>
	await setup.harness.execute(spec(setup.credential, parameters), input);

describe('round trips', () => {
	it('Factura (01): create (pending) → send (accepted, sello) → void type 2 mapped from the send output', async () => {
		const created = await run(facturaParameters({ sendNow: false }));
		expect(created.error).toBeUndefined();
		const doc = json(created);
		expect(doc.codigoGeneracion).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
		expect(doc.numeroControl).toMatch(/^DTE-01-M001P001-\d{15}$/);
		expect(doc.summary).toMatchObject({ provider: 'Factuconect', kind: 'invoice', status: 'pending', estado: 'PENDIENTE', total: 22.6, currency: 'USD' });
		expect(setup.sim.state.dtes.get(doc.codigoGeneracion as string)?.estado).toBe('PENDIENTE');

		// Send takes the codigoGeneracion from the input item by default and keeps the document fields.
		const sent = await run({ resource: 'dte', operation: 'send' }, asInput(created));
		expect(sent.error).toBeUndefined();
		const answer = json(sent);
		expect(answer).toMatchObject({ codigoGeneracion: doc.codigoGeneracion, numeroControl: doc.numeroControl, estado: 'PROCESADO', codigoMsg: '001' });
		expect(answer.summary).toMatchObject({ status: 'accepted', kind: 'invoice', number: doc.numeroControl, estado: 'PROCESADO', statusMessage: 'RECIBIDO' });
		expect((answer.summary as { selloRecibido: string }).selloRecibido).toMatch(/^\d{4}[0-9A-F]{36}$/);
		expect((answer.summary as { links: Record<string, string> }).links).toEqual({
			view: `${setup.sim.url}/viewDte?id=${doc.codigoGeneracion as string}`,
			ticket: `${setup.sim.url}/ticket?id=${doc.codigoGeneracion as string}`,
			mhCheck: `https://admin.factura.gob.sv/consultaPublica?ambiente=00&codGen=${doc.codigoGeneracion as string}&fechaEmi=${doc.fecEmi as string}`,
		});

		const voided = await run({ resource: 'dte', operation: 'void', voidType: '2' }, asInput(sent));
		expect(voided.error).toBeUndefined();
		expect(json(voided).summary).toMatchObject({ status: 'voided', estado: 'ANULADO', kind: 'invoice', number: doc.numeroControl });
		expect(json(voided).invalidation).toMatchObject({ estado: 'PROCESADO', codigoMsg: '001' });
		expect(setup.sim.state.dtes.get(doc.codigoGeneracion as string)?.estado).toBe('ANULADO');
		const body = setup.sim.server.requests({ path: '/facturar/anulacionDte' })[0].body as Record<string, unknown>;
		expect(body).toMatchObject({
			codGenerationAnula: doc.codigoGeneracion,
			codGenerationOriginal: doc.codigoGeneracion,
			tipoAnulacion: 2,
			ambiente: '00',
			uid: '53',
			idSucursal: '12',
			numeroControl: doc.numeroControl,
		});
	});

	it('CCF (03): create + send now (net lines, IVA on top) → void type 3 with a reason', async () => {
		const created = await run(ccfParameters());
		expect(created.error).toBeUndefined();
		const doc = json(created);
		expect(doc).toMatchObject({ tipoDte: '03', totalGravada: 300, totalIva: 39, totalPagar: 339, estado: 'PROCESADO' });
		expect(doc.summary).toMatchObject({ kind: 'ccf', status: 'accepted', total: 339 });
		const stored = setup.sim.state.dtes.get(doc.codigoGeneracion as string)!;
		expect(stored.body.receptor).toEqual({ nit: '06140104991287', nrc: '2787841', nombre: 'Distribuidora Cuscatlán, S.A. de C.V.', codActividad: '46302' });

		const voided = await run({ resource: 'dte', operation: 'void', voidType: '3', reason: 'Pedido duplicado por el cliente' }, asInput(created));
		expect(voided.error).toBeUndefined();
		expect(json(voided).summary).toMatchObject({ status: 'voided', kind: 'ccf' });
		expect(stored.invalidation).toMatchObject({ tipoAnulacion: 3, motivoAnulacion: 'Pedido duplicado por el cliente' });
	});

	it('Sujeto Excluido (14): create + send → void type 1 replaced by a corrected DTE', async () => {
		const original = await run(sujetoExcluidoParameters());
		expect(original.error).toBeUndefined();
		expect(json(original)).toMatchObject({ tipoDte: '14', totalPagar: 45, totalIva: 0 });
		expect(json(original).summary).toMatchObject({ kind: 'excludedSubject', status: 'accepted' });
		expect(setup.sim.state.dtes.get(json(original).codigoGeneracion as string)!.body.receptor).toEqual({
			tipoDocumento: '13',
			numDocumento: '00016297-5',
			nombre: 'María Elena Pérez',
		});

		const replacement = await run(sujetoExcluidoParameters({ lines: lines({ description: 'Compra de café pergamino', quantity: 10, unitPrice: 4.25 }) }));
		const voided = await run(
			{ resource: 'dte', operation: 'void', voidType: '1', replacementCode: json(replacement).codigoGeneracion },
			asInput(original),
		);
		expect(voided.error).toBeUndefined();
		expect(json(voided).summary).toMatchObject({ status: 'voided', kind: 'excludedSubject' });
		const body = setup.sim.server.requests({ path: '/facturar/anulacionDte' })[0].body as Record<string, unknown>;
		expect(body).toMatchObject({ tipoAnulacion: 1, codigoGeneracionR: json(replacement).codigoGeneracion });
	});

	it('Credit Note (05) and Debit Note (06) reference a sent CCF taken from the input item', async () => {
		const clientId = await createClient(setup);
		const ccf = await run(ccfParameters());
		const client = { __rl: true, mode: 'id', value: clientId };

		const credit = await run(
			{ resource: 'dte', operation: 'createCreditNote', client, lines: lines({ description: 'Devolución 1 saco', unitPrice: 150 }) },
			asInput(ccf),
		);
		expect(credit.error).toBeUndefined();
		expect(json(credit)).toMatchObject({ tipoDte: '05', totalPagar: 169.5, estado: 'PROCESADO' });
		expect(json(credit).summary).toMatchObject({ kind: 'creditNote', status: 'accepted' });

		const debit = await run(
			{ resource: 'dte', operation: 'createDebitNote', client, lines: lines({ description: 'Flete adicional', unitPrice: 20, itemType: 'services' }) },
			asInput(ccf),
		);
		expect(debit.error).toBeUndefined();
		expect(json(debit).summary).toMatchObject({ kind: 'debitNote', status: 'accepted', total: 22.6 });

		for (const note of [credit, debit]) {
			const stored = setup.sim.state.dtes.get(json(note).codigoGeneracion as string)!;
			expect(stored.body).toMatchObject({
				idCliente: Number(clientId),
				documentoRelacionado: { tipoDte: '03', codigoGeneracion: json(ccf).codigoGeneracion, fechaEmision: json(ccf).fecEmi },
			});
		}
	});

	it("a note referencing a DTE MH never received gets Factuconect's field error", async () => {
		const clientId = await createClient(setup);
		const pending = await run(ccfParameters({ sendNow: false }));
		const note = await run(
			{ resource: 'dte', operation: 'createCreditNote', client: { __rl: true, mode: 'id', value: clientId }, lines: lines({}) },
			asInput(pending),
		);
		expect(note.error?.message).toBe('Factuconect could not create the Credit Note (HTTP 400): Error de validación');
		expect(describedProblems(note)).toContain('documentoRelacionado.codigoGeneracion: El documento relacionado no ha sido recibido por Hacienda o está anulado');
	});
});

describe('sending the same codigoGeneracion again', () => {
	it('reports 004 as already received (accepted, even when rejections fail the item), keeping the original stamp', async () => {
		const created = await run(facturaParameters());
		const first = json(created);
		const again = await run({ resource: 'dte', operation: 'send', options: { onRejection: 'error' } }, asInput(created));
		expect(again.error).toBeUndefined();
		const out = json(again);
		expect(out).toMatchObject({ codigoMsg: '004', alreadyReceived: true, selloRecibido: first.selloRecibido, fhProcesamiento: first.fhProcesamiento });
		expect(out.summary).toMatchObject({ status: 'accepted', estado: 'PROCESADO', selloRecibido: first.selloRecibido });
		expect(String((out.summary as { statusMessage: string }).statusMessage)).toContain('MH already had this DTE (004');
		expect(setup.sim.state.sendCounts[first.codigoGeneracion as string]).toBe(2);
	});

	it('without the original in the input, 004 still is "accepted" and says where the sello is', async () => {
		const created = await run(facturaParameters());
		const again = await run({ resource: 'dte', operation: 'send', codigoGeneracion: json(created).codigoGeneracion }, [{}]);
		expect(json(again).summary).toMatchObject({ status: 'accepted', selloRecibido: null });
		expect((json(again).summary as { warnings: string[] }).warnings[0]).toContain('MH check link');
	});
});

describe('void rules', () => {
	it('refuses a CCF outside its 1-day window without any request', async () => {
		setup.sim.control.setNow(Date.now() - 2 * DAY);
		const old = await run(ccfParameters());
		setup.sim.control.setNow(undefined);
		setup.sim.server.clearLog();
		const voided = await run({ resource: 'dte', operation: 'void', voidType: '2' }, asInput(old));
		expect(voided.error?.message).toMatch(
			/^DTE [0-9A-F-]{36} can no longer be voided: MH accepts voiding a CCF \(03\) up to 1 day after its reception \(\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d\); that ended .*Nothing was sent\.$/,
		);
		expect(describedProblems(voided)).toContain('Credit Note (05)');
		expect(setup.sim.server.count()).toBe(0);
	});

	it('voids a Factura 80 days after reception but refuses one after 100 days (3-month window)', async () => {
		setup.sim.control.setNow(Date.now() - 80 * DAY);
		const recent = await run(facturaParameters());
		setup.sim.control.setNow(Date.now() - 100 * DAY);
		const old = await run(facturaParameters());
		setup.sim.control.setNow(undefined);

		const ok = await run({ resource: 'dte', operation: 'void', voidType: '2' }, asInput(recent));
		expect(ok.error).toBeUndefined();
		expect(json(ok).summary).toMatchObject({ status: 'voided' });

		setup.sim.server.clearLog();
		const refused = await run({ resource: 'dte', operation: 'void', voidType: '2' }, asInput(old));
		expect(refused.error?.message).toContain('up to 3 months after its reception');
		expect(setup.sim.server.count()).toBe(0);
	});

	it("with the window check off, MH's own refusal comes back in its words", async () => {
		setup.sim.control.setNow(Date.now() - 3 * DAY);
		const old = await run(ccfParameters());
		setup.sim.control.setNow(undefined);
		const voided = await run({ resource: 'dte', operation: 'void', voidType: '2', voidOptions: { checkWindow: false } }, asInput(old));
		expect(voided.error?.message).toMatch(/^MH refused to void DTE [0-9A-F-]{36} \(010\): EL PLAZO PARA INVALIDAR EL DOCUMENTO HA EXPIRADO$/);
		expect(describedProblems(voided)).toContain('documento.fecEmi:');
		expect(describedProblems(voided)).toContain('The DTE stays valid.');
	});

	it.each([
		// A mapped value that turns out empty (an empty required field never runs: n8n flags it first).
		['type 1 without a replacement', { voidType: '1', replacementCode: '={{ $json.replacement }}' }, 'replacementCode: is required for void type 1'],
		['type 1 replaced by itself', { voidType: '1', replacementCode: 'SELF' }, 'replacementCode: must be a different DTE than the one being voided'],
		['type 3 without a reason', { voidType: '3', reason: '  ' }, 'reason: is required for void type 3'],
		['an unreadable reception stamp', { voidType: '2', receptionStamp: '31/02/2026 10:00:00' }, 'receptionStamp: "31/02/2026 10:00:00" is not a date-time'],
		['no reception stamp', { voidType: '2', receptionStamp: '' }, 'receptionStamp: is required to check the void window'],
		['a reason over 250 characters', { voidType: '2', reason: 'x'.repeat(251) }, 'reason: must have at most 250 characters'],
	])('refuses %s with zero requests', async (_label, parameters, expected) => {
		const sent = await run(facturaParameters());
		const self = json(sent).codigoGeneracion;
		setup.sim.server.clearLog();
		const voided = await run(
			{
				resource: 'dte',
				operation: 'void',
				...parameters,
				...((parameters as IDataObject).replacementCode === 'SELF' ? { replacementCode: self } : {}),
			},
			asInput(sent),
		);
		expect(voided.error?.message).toBe('The void request has 1 problem; nothing was sent to Factuconect');
		expect(describedProblems(voided)).toContain(expected);
		expect(setup.sim.server.count()).toBe(0);
	});

	it('needs the document type when the input item does not tell it', async () => {
		const sent = await run(facturaParameters());
		setup.sim.server.clearLog();
		const voided = await run(
			{ resource: 'dte', operation: 'void', codigoGeneracion: json(sent).codigoGeneracion, receptionStamp: json(sent).fhProcesamiento },
			[{}],
		);
		expect(describedProblems(voided)).toContain('voidDocumentType: could not be read from the input item');
		expect(setup.sim.server.count()).toBe(0);

		const explicit = await run(
			{
				resource: 'dte',
				operation: 'void',
				voidDocumentType: '01',
				codigoGeneracion: json(sent).codigoGeneracion,
				receptionStamp: json(sent).fhProcesamiento,
			},
			[{}],
		);
		expect(explicit.error).toBeUndefined();
		expect(json(explicit).summary).toMatchObject({ status: 'voided', kind: 'invoice' });
	});

	it('a second void of the same DTE is refused by MH', async () => {
		const sent = await run(facturaParameters());
		await run({ resource: 'dte', operation: 'void' }, asInput(sent));
		const again = await run({ resource: 'dte', operation: 'void' }, asInput(sent));
		expect(again.error?.message).toMatch(/\(005\): EL DOCUMENTO YA FUE INVALIDADO$/);
		expect(describedProblems(again)).toContain('If MH says it was already voided, an earlier void went through.');
	});

	it('a void whose answer is lost says running it again is safe', async () => {
		const sent = await run(facturaParameters());
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, { method: 'POST', path: '/facturar/anulacionDte' });
		const lost = await run({ resource: 'dte', operation: 'void' }, asInput(sent));
		expect(lost.error?.message).toBe(
			`Factuconect closed the connection before answering (ECONNRESET), so it is unknown whether it could void DTE ${json(sent).codigoGeneracion as string}`,
		);
		expect(describedProblems(lost)).toBe('Running the void again is safe: if this one went through, MH answers that the DTE was already voided.');
		expect(setup.sim.server.count({ path: '/facturar/anulacionDte' })).toBe(1);
		const again = await run({ resource: 'dte', operation: 'void' }, asInput(sent));
		expect(again.error?.message).toMatch(/\(005\): EL DOCUMENTO YA FUE INVALIDADO$/);
	});
});

describe('Get Links', () => {
	it('builds the view, ticket and MH check URLs without any request, and the view opens', async () => {
		const sent = await run(facturaParameters());
		setup.sim.server.clearLog();
		const links = await run({ resource: 'dte', operation: 'getLinks' }, asInput(sent));
		expect(links.error).toBeUndefined();
		const code = json(sent).codigoGeneracion as string;
		expect(json(links)).toEqual({
			codigoGeneracion: code,
			fecEmi: json(sent).fecEmi,
			ambiente: '00',
			links: {
				view: `${setup.sim.url}/viewDte?id=${code}`,
				ticket: `${setup.sim.url}/ticket?id=${code}`,
				mhCheck: `https://admin.factura.gob.sv/consultaPublica?ambiente=00&codGen=${code}&fechaEmi=${json(sent).fecEmi as string}`,
			},
		});
		expect(setup.sim.server.count()).toBe(0);
		const page = await fetch((json(links).links as Record<string, string>).view);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain(json(sent).numeroControl as string);
	});
});

describe('receivers and the escape hatch', () => {
	it('Factura to a stored client picked from the list sends its idCliente', async () => {
		const clientId = await createClient(setup, 'Panadería San Jorge');
		const created = await run(facturaParameters({ receiver: 'storedClient', client: { __rl: true, mode: 'list', value: clientId } }));
		expect(json(created).summary).toMatchObject({ status: 'accepted' });
		expect(setup.sim.state.dtes.get(json(created).codigoGeneracion as string)!.body.idCliente).toBe(Number(clientId));
	});

	it('CCF receiver address uses MH department and municipality codes', async () => {
		const created = await run(
			ccfParameters({
				receiverDepartment: '06',
				receiverMunicipality: '14',
				receiverDetails: { address: 'Blvd. Los Héroes 1', email: 'compras@cuscatlan.com.sv', phone: '2222-1111', tradeName: 'DICUSA', activityDescription: 'Venta al por mayor de alimentos' },
				additionalFields: { condicionOperacion: '2', notes: 'Crédito 30 días' },
			}),
		);
		const body = setup.sim.state.dtes.get(json(created).codigoGeneracion as string)!.body;
		expect(body).toMatchObject({
			condicionOperacion: 2,
			observaciones: 'Crédito 30 días',
			receptor: {
				nombreComercial: 'DICUSA',
				descActividad: 'Venta al por mayor de alimentos',
				direccion: { departamento: '06', municipio: '14', complemento: 'Blvd. Los Héroes 1' },
				telefono: '2222-1111',
				correo: 'compras@cuscatlan.com.sv',
			},
		});
	});

	it('Additional Fields (JSON) is merged into the body last, the user\'s keys winning', async () => {
		const created = await run(
			ccfParameters({
				sendNow: false,
				additionalFields: {
					notes: 'from the field',
					additionalJson: JSON.stringify({ observaciones: 'from the JSON', receptor: { nombreComercial: 'Override' }, campoNuevo: [1, 2] }),
				},
			}),
		);
		const body = setup.sim.state.dtes.get(json(created).codigoGeneracion as string)!.body;
		expect(body).toMatchObject({
			observaciones: 'from the JSON',
			campoNuevo: [1, 2],
			receptor: { nit: '06140104991287', nombreComercial: 'Override' },
		});
	});

	it('your own codigoGeneracion is used; Factuconect\'s own Create + Send answer is not sent again', async () => {
		const code = '0F1E2D3C-4B5A-4968-8776-65544332211A';
		const created = await run(
			facturaParameters({ sendNow: false, additionalFields: { codigoGeneracion: code, additionalJson: '{"send": true}' } }),
		);
		expect(json(created)).toMatchObject({ codigoGeneracion: code, estado: 'PROCESADO', codigoMsg: '001' });
		expect(json(created).summary).toMatchObject({ status: 'accepted', authorityId: code });
		expect(setup.sim.server.count({ path: '/facturar/sendFteMH' })).toBe(0);
		expect(setup.sim.state.sendCounts[code]).toBe(1);
	});

	it('Send and Void take Additional Fields (JSON) too', async () => {
		const created = await run(facturaParameters({ sendNow: false }));
		const sent = await run({ resource: 'dte', operation: 'send', options: { additionalJson: '{"firmar": true}' } }, asInput(created));
		expect(setup.sim.server.requests({ path: '/facturar/sendFteMH' })[0].body).toMatchObject({ firmar: true, codigoGeneracion: json(created).codigoGeneracion });
		await run({ resource: 'dte', operation: 'void', voidOptions: { additionalJson: '{"nombreResponsable": "Ana Gómez"}' } }, asInput(sent));
		expect(setup.sim.server.requests({ path: '/facturar/anulacionDte' })[0].body).toMatchObject({ nombreResponsable: 'Ana Gómez', tipoAnulacion: 2 });
	});
});
