/**
 * A fiscal document is never issued twice: lost answers are recovered by codigoGeneracion (the DTE's
 * printable view, or MH's answer when sending now; MH's "resend at most twice" rule for sends), creates
 * are only retried when certainly not processed, and an External Reference issues one document — the
 * answer coming from Factuconect, in every kind of run.
 */
import type { IDataObject } from 'n8n-workflow';

import { asInput, describedProblems, facturaParameters, json, spec, startSetup } from './setup';
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

const SEND = { method: 'POST', path: '/facturar/sendFteMH' };
const CREATE = { method: 'POST', path: '/facturar/fe' };
const VIEW = { method: 'GET', path: '/viewDte' };

const created = async () => await setup.harness.execute(spec(setup.credential, facturaParameters({ sendNow: false })));

describe('sending to MH after a lost answer', () => {
	it('re-sends the same codigoGeneracion once and reports the 004 as received', async () => {
		const doc = await created();
		const code = json(doc).codigoGeneracion as string;
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, SEND);
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'dte', operation: 'send' }), asInput(doc));
		expect(run.error).toBeUndefined();
		expect(json(run)).toMatchObject({ codigoMsg: '004', alreadyReceived: true, resends: 1 });
		expect(json(run).summary).toMatchObject({ status: 'accepted' });
		expect(setup.sim.state.sendCounts[code]).toBe(2);
		expect(setup.sim.state.dtes.get(code)?.estado).toBe('PROCESADO');
	});

	it('after a timeout, the re-send is what gets the answer', async () => {
		const doc = await created();
		setup.sim.server.inject({ kind: 'latency', ms: 1500 }, SEND);
		const run = await setup.harness.execute(
			spec(setup.credential, { resource: 'dte', operation: 'send', options: { timeout: 1 } }),
			asInput(doc),
		);
		expect(run.error).toBeUndefined();
		expect(json(run).summary).toMatchObject({ status: 'accepted' });
		expect(json(run).resends).toBe(1);
	});

	it('stops after two re-sends (three sends in all) and says not to resend blindly', async () => {
		const doc = await created();
		const code = json(doc).codigoGeneracion as string;
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, SEND, 3);
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'dte', operation: 'send' }), asInput(doc));
		expect(run.error?.message).toBe(
			`Factuconect closed the connection before answering (ECONNRESET), so it is unknown whether it could send DTE ${code} to MH`,
		);
		expect(describedProblems(run)).toContain('Sent 3 times without an answer');
		expect(describedProblems(run)).toContain('do not resend it now');
		expect(setup.sim.server.count(SEND)).toBe(3);
	});

	it('retries a send Factuconect certainly did not take (503)', async () => {
		const doc = await created();
		setup.sim.server.inject({ kind: 'status', status: 503, body: { msg: 'Mantenimiento' } }, SEND);
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'dte', operation: 'send' }), asInput(doc));
		expect(json(run).summary).toMatchObject({ status: 'accepted' });
		expect(json(run).codigoMsg).toBe('001');
		expect(setup.sim.server.count(SEND)).toBe(2);
	});
});

describe('creating after a lost answer', () => {
	it('Create + Send finds the DTE by its proposed codigoGeneracion instead of creating it again', async () => {
		const before = setup.sim.state.dtes.size;
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters()));
		expect(run.error).toBeUndefined();
		expect(setup.sim.state.dtes.size).toBe(before + 1);
		expect(setup.sim.server.count(CREATE)).toBe(1);
		const out = json(run);
		const stored = [...setup.sim.state.dtes.values()].at(-1)!;
		expect(out.codigoGeneracion).toBe(stored.codigoGeneracion);
		// Found by its printable view (read without the token), which also gives its numeroControl.
		expect(out.summary).toMatchObject({ status: 'accepted', authorityId: stored.codigoGeneracion, number: stored.numeroControl });
		expect((out.summary as { warnings: string[] }).warnings[0]).toContain("answer to the create was lost");
		expect(setup.sim.server.requests(VIEW).map((r) => r.headers.authorization)).toEqual([undefined]);
	});

	it('Create + Send whose create never reached Factuconect says so (found by nothing under the proposed code)', async () => {
		const before = setup.sim.state.dtes.size;
		setup.sim.server.inject({ kind: 'reset' }, CREATE);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters()));
		expect(run.error?.message).toBe('Factuconect did not confirm the Factura (Factuconect closed the connection before answering (ECONNRESET))');
		expect((run.error as { context?: { providerCode?: string } }).context?.providerCode).toBe('not_issued');
		expect(describedProblems(run)).toMatch(/^Checked right after the failure, Factuconect had no Factura with codigoGeneracion [0-9A-F-]{36}, so it was most likely not issued/);
		expect(setup.sim.state.dtes.size).toBe(before);
		expect(setup.sim.server.count(SEND)).toBe(1);
		expect(setup.sim.server.requests(SEND)[0].status).toBe(404);
	});

	it('a create without send whose answer is lost is found by its view (nothing sent to MH), and Send to Hacienda then sends it', async () => {
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters({ sendNow: false })));
		expect(run.error).toBeUndefined();
		const stored = [...setup.sim.state.dtes.values()].at(-1)!;
		expect(json(run)).toMatchObject({ codigoGeneracion: stored.codigoGeneracion, numeroControl: stored.numeroControl, estado: 'PENDIENTE' });
		expect(json(run).summary).toMatchObject({ status: 'pending', number: stored.numeroControl, total: 22.6 });
		expect(setup.sim.server.count(CREATE)).toBe(1);
		expect(setup.sim.server.count(SEND)).toBe(0);

		const send = await setup.harness.execute(spec(setup.credential, { resource: 'dte', operation: 'send', codigoGeneracion: stored.codigoGeneracion }));
		expect(json(send).summary).toMatchObject({ status: 'accepted' });
	});

	it('Create + Send whose lost create cannot be looked up either says the create may exist', async () => {
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
		// The view fails on every attempt of the read, then the send that would tell fails three times.
		setup.sim.server.inject({ kind: 'status', status: 500 }, VIEW, 3);
		setup.sim.server.inject({ kind: 'reset' }, SEND, 3);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters()));
		const stored = [...setup.sim.state.dtes.values()].at(-1)!;
		expect(run.error?.message).toBe('Factuconect did not confirm the Factura (Factuconect closed the connection before answering (ECONNRESET))');
		expect((run.error as { context?: { providerCode?: string } }).context?.providerCode).toBe('unconfirmed');
		expect(describedProblems(run)).toContain(
			`Whether it was issued cannot be told: sending codigoGeneracion ${stored.codigoGeneracion} to MH to find out failed too (` +
				`Factuconect closed the connection before answering (ECONNRESET), so it is unknown whether it could send DTE ${stored.codigoGeneracion} to MH). The Factura may exist.`,
		);
		expect(describedProblems(run)).toContain(`/viewDte?id=${stored.codigoGeneracion}: if it shows the Factura with a numeroControl, Factuconect has it`);
		expect(describedProblems(run)).toContain('Check before running again: running again may issue a second Factura.');
		expect(setup.sim.server.count(SEND)).toBe(3);
		expect(setup.sim.server.count(CREATE)).toBe(1);
	});

	it('retries a create answered 503 (not processed) and issues exactly one DTE', async () => {
		const before = setup.sim.state.dtes.size;
		setup.sim.server.inject({ kind: 'status', status: 503 }, CREATE);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters()));
		expect(json(run).summary).toMatchObject({ status: 'accepted' });
		expect(setup.sim.server.count(CREATE)).toBe(2);
		expect(setup.sim.state.dtes.size).toBe(before + 1);
	});

	it('a create failing with HTTP 500 after it was made is not sent again: the view finds it', async () => {
		setup.sim.server.inject({ kind: 'statusAfterCommit', status: 500 }, CREATE);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters({ sendNow: false })));
		expect(run.error).toBeUndefined();
		const stored = [...setup.sim.state.dtes.values()].at(-1)!;
		expect(json(run).summary).toMatchObject({ status: 'pending', authorityId: stored.codigoGeneracion, number: stored.numeroControl });
		expect((json(run).summary as { warnings: string[] }).warnings.join('\n')).toContain('Factuconect answered HTTP 500 (Internal Server Error)');
		expect(setup.sim.server.count(CREATE)).toBe(1);
	});
});

describe('a create whose send fails', () => {
	it('says the DTE exists and how to send it; the reference then returns it and sends it', async () => {
		const parameters = facturaParameters({ additionalFields: { externalReference: 'shopify-6006' } });
		setup.sim.server.inject({ kind: 'status', status: 502, body: { msg: 'Bad Gateway' } }, SEND, 3);
		const run = await setup.harness.execute(spec(setup.credential, parameters), [{}], { mode: 'webhook', workflowId: 'shop' });
		const stored = [...setup.sim.state.dtes.values()].at(-1)!;
		expect(run.error?.message).toBe(
			`The Factura was created (codigoGeneracion ${stored.codigoGeneracion}, numeroControl ${stored.numeroControl}) but sending it to MH failed: ` +
				`Factuconect answered HTTP 502 (Bad Gateway), so it is unknown whether it could send DTE ${stored.codigoGeneracion} to MH`,
		);
		expect(describedProblems(run)).toContain('Sent 3 times without an answer');
		expect(describedProblems(run)).toContain(`Send it with Send to Hacienda and codigoGeneracion ${stored.codigoGeneracion}; do not create it again.`);
		expect(stored.estado).toBe('PENDIENTE');

		expect(describedProblems(run)).toContain('Running this workflow again with External Reference "shopify-6006" also sends it, without creating another.');

		// The repeat finds the DTE (its view shows no reception stamp) and, as Send to Hacienda Now asks, sends it.
		const repeat = await setup.harness.execute(spec(setup.credential, parameters), [{}], { mode: 'webhook', workflowId: 'shop' });
		expect(json(repeat)).toMatchObject({ alreadyIssued: true, codigoGeneracion: stored.codigoGeneracion, numeroControl: stored.numeroControl, estado: 'PROCESADO' });
		expect(json(repeat).summary).toMatchObject({ status: 'accepted' });
		expect((json(repeat).summary as { warnings: string[] }).warnings).toContain('MH had not received it yet: it was sent now');
		expect(setup.sim.server.count(CREATE)).toBe(1);
		expect(stored.estado).toBe('PROCESADO');
	});

	it("lists Factuconect's field errors about the send once, then says not to create it again", async () => {
		setup.sim.server.inject({ kind: 'status', status: 422, body: { msg: 'Datos inválidos', errors: { codigoGeneracion: ['no firmado'] } } }, SEND);
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters()));
		const stored = [...setup.sim.state.dtes.values()].at(-1)!;
		expect(run.error?.message).toBe(
			`The Factura was created (codigoGeneracion ${stored.codigoGeneracion}, numeroControl ${stored.numeroControl}) but sending it to MH failed: ` +
				`Factuconect could not send DTE ${stored.codigoGeneracion} to MH (HTTP 422): Datos inválidos`,
		);
		expect(describedProblems(run)).toBe(
			`codigoGeneracion: no firmado\n\nSend it with Send to Hacienda and codigoGeneracion ${stored.codigoGeneracion}; do not create it again.`,
		);
		expect(setup.sim.server.count(SEND)).toBe(1);
	});
});

describe('External Reference', () => {
	const withReference = (reference: string, extra: IDataObject = {}) =>
		facturaParameters({ additionalFields: { externalReference: reference }, ...extra });

	it('issues one document per reference; a repeat returns the earlier document', async () => {
		const first = await setup.harness.execute(spec(setup.credential, withReference('shopify-1001')), [{}], { mode: 'webhook', workflowId: 'shop' });
		expect(json(first).summary).toMatchObject({ status: 'accepted' });
		const creates = setup.sim.server.count(CREATE);

		const repeat = await setup.harness.execute(spec(setup.credential, withReference('shopify-1001')), [{}], { mode: 'webhook', workflowId: 'shop' });
		expect(repeat.error).toBeUndefined();
		expect(setup.sim.server.count(CREATE)).toBe(creates);
		expect(json(repeat)).toMatchObject({
			alreadyIssued: true,
			externalReference: 'shopify-1001',
			codigoGeneracion: json(first).codigoGeneracion,
			numeroControl: json(first).numeroControl,
			estado: 'PROCESADO',
		});
		expect(json(repeat).summary).toMatchObject({ status: 'accepted', selloRecibido: json(first).selloRecibido, total: 22.6 });
	});

	it('two items with the same reference in one run create one document', async () => {
		const run = await setup.harness.execute(spec(setup.credential, withReference('shopify-2002')), [{}, {}], { mode: 'webhook', workflowId: 'shop' });
		expect(setup.sim.server.count(CREATE)).toBe(1);
		expect(run.items[1].json).toMatchObject({ alreadyIssued: true, codigoGeneracion: run.items[0].json.codigoGeneracion });
	});

	it('in manual runs too, a repeat returns the earlier document, found at Factuconect, and creates nothing', async () => {
		const first = await setup.harness.execute(spec(setup.credential, withReference('shopify-3003')), [{}], { workflowId: 'manual' });
		const repeat = await setup.harness.execute(spec(setup.credential, withReference('shopify-3003')), [{}], { workflowId: 'manual' });
		expect(repeat.error).toBeUndefined();
		expect(json(repeat)).toMatchObject({ alreadyIssued: true, codigoGeneracion: json(first).codigoGeneracion, numeroControl: json(first).numeroControl });
		expect(repeat.serialized).not.toContain('manual test runs keep no workflow data');
		expect(setup.sim.server.count(CREATE)).toBe(1);
	});

	it('a create the provider refused gives the reference back for a corrected run', async () => {
		const refused = await setup.harness.execute(
			spec(setup.credential, withReference('shopify-4004', { receiver: 'storedClient', client: { __rl: true, mode: 'id', value: '999999' } })),
			[{}],
			{ mode: 'webhook', workflowId: 'shop' },
		);
		expect(describedProblems(refused)).toBe('idCliente: No existe el cliente 999999');
		const fixed = await setup.harness.execute(spec(setup.credential, withReference('shopify-4004')), [{}], { mode: 'webhook', workflowId: 'shop' });
		expect(fixed.error).toBeUndefined();
		expect(json(fixed).alreadyIssued).toBeUndefined();
		expect(json(fixed).summary).toMatchObject({ status: 'accepted' });
	});

	it('a create whose outcome is unknown keeps the reference taken; the repeat returns what was created', async () => {
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
		setup.sim.server.inject({ kind: 'status', status: 500 }, VIEW, 3);
		const first = await setup.harness.execute(spec(setup.credential, withReference('shopify-5005', { sendNow: false })), [{}], { mode: 'webhook', workflowId: 'shop' });
		expect((first.error as { context?: { providerCode?: string } }).context?.providerCode).toBe('unconfirmed');
		const creates = setup.sim.server.count(CREATE);
		const repeat = await setup.harness.execute(spec(setup.credential, withReference('shopify-5005')), [{}], { mode: 'webhook', workflowId: 'shop' });
		expect(json(repeat)).toMatchObject({ alreadyIssued: true, externalReference: 'shopify-5005' });
		expect(setup.sim.server.count(CREATE)).toBe(creates);
	});
});
