/**
 * Parallel Requests (issue 13) on the Factuconect node: items of one run are created and sent with several
 * in flight, and the run still reads like one item after another — output order, pairedItem, Continue On
 * Fail in the failed item's place, one DTE for two items with the same External Reference, one login for
 * several requests that meet an expired token at once.
 */
import type { IDataObject } from 'n8n-workflow';

import { facturaParameters, json, spec, startSetup } from './setup';
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

const CREATE = { method: 'POST', path: '/facturar/fe' };

/** A Factura whose line names the input item's order; `parallel` sets Options → Parallel Requests. */
const batch = (parallel: number | undefined, extra: IDataObject = {}) =>
	facturaParameters({
		lines: { line: [{ description: '={{ "Pedido " + $json.order }}', quantity: 1, unitPrice: '={{ $json.price ?? 22.6 }}' }] },
		options: parallel === undefined ? {} : { parallelRequests: parallel },
		...extra,
	});

const orders = (n: number, prefix: string) => Array.from({ length: n }, (_v, k) => ({ order: `${prefix}-${k + 1}` }));

const descriptionOf = (code: unknown) => {
	const dte = setup.sim.state.dtes.get(String(code));
	return (dte?.body.items as IDataObject[] | undefined)?.[0]?.descripcion;
};

describe('Parallel Requests', () => {
	it('keeps the input order and pairedItem while later items finish first', async () => {
		const input = orders(8, 'order');
		// The first two creates answer last: with requests in flight, items 3..8 are created before them.
		setup.sim.server.inject({ kind: 'latency', ms: 400 }, CREATE, 1).inject({ kind: 'latency', ms: 250 }, CREATE, 1);
		const run = await setup.harness.execute(spec(setup.credential, batch(4)), input);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(8);
		run.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(descriptionOf(item.json.codigoGeneracion)).toBe(`Pedido order-${i + 1}`);
			expect((item.json.summary as IDataObject).status).toBe('accepted');
		});
		// MH numbers DTEs in the order Factuconect creates them: the delayed first item got a later number.
		const sequence = (i: number) => Number(String(json(run, i).numeroControl).slice(-15));
		expect(sequence(0)).toBeGreaterThan(sequence(3));
		expect(new Set(run.items.map((item) => item.json.codigoGeneracion)).size).toBe(8);
	});

	it('runs one item after another with Parallel Requests 1 (the delayed first item keeps the first number)', async () => {
		setup.sim.server.inject({ kind: 'latency', ms: 200 }, CREATE, 1);
		const run = await setup.harness.execute(spec(setup.credential, batch(1)), orders(3, 'serial'));
		const sequence = (i: number) => Number(String(json(run, i).numeroControl).slice(-15));
		expect(sequence(0)).toBeLessThan(sequence(1));
		expect(sequence(1)).toBeLessThan(sequence(2));
	});

	it('Continue On Fail: each failed item becomes an error item in its own place, the others are issued', async () => {
		const input = [{ order: 'cof-1' }, { order: 'cof-2', price: -5 }, { order: 'cof-3' }, { order: 'cof-4', price: 'abc' }, { order: 'cof-5' }];
		setup.sim.server.inject({ kind: 'latency', ms: 200 }, CREATE, 1);
		const run = await setup.harness.execute(spec(setup.credential, batch(5), { continueOnFail: true }), input);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual(input.map((_v, i) => ({ item: i })));
		expect(run.items.map((item) => (item.json.error ? 'error' : (item.json.summary as IDataObject).status))).toEqual([
			'accepted',
			'error',
			'accepted',
			'error',
			'accepted',
		]);
		expect(String((run.items[1].json.error as IDataObject).message)).toMatch(/problem/);
		expect(JSON.stringify(run.items[1].json.error)).toContain('lines.0.unitPrice');
		expect(JSON.stringify(run.items[3].json.error)).toContain('lines.0.unitPrice');
		for (const i of [0, 2, 4]) expect(descriptionOf(json(run, i).codigoGeneracion)).toBe(`Pedido cof-${i + 1}`);
		// The refused items reached nobody.
		expect(setup.sim.server.count(CREATE)).toBe(3);
	});

	it('without Continue On Fail the run fails on the first failing item, and no item is issued twice', async () => {
		const input = [{ order: 'stop-1' }, { order: 'stop-2', price: -1 }, { order: 'stop-3' }];
		const run = await setup.harness.execute(spec(setup.credential, batch(3)), input);
		expect(run.error?.message).toMatch(/problem/);
		const created = setup.sim.server.requests(CREATE).map((r) => ((r.body as IDataObject).items as IDataObject[])[0].descripcion);
		expect(new Set(created).size).toBe(created.length);
		expect(created).not.toContain('Pedido stop-2');
	});

	it('two items of one batch with the same External Reference issue one DTE', async () => {
		const input = [{ order: 'same-1' }, { order: 'same-1' }, { order: 'other-2' }, { order: 'same-1' }];
		const run = await setup.harness.execute(
			spec(setup.credential, batch(4, { additionalFields: { externalReference: '={{ "ref-" + $json.order }}' } })),
			input,
		);
		expect(run.error).toBeUndefined();
		const codes = run.items.map((item) => item.json.codigoGeneracion);
		expect(codes[0]).toBe(codes[1]);
		expect(codes[0]).toBe(codes[3]);
		expect(codes[2]).not.toBe(codes[0]);
		const same = [...setup.sim.state.dtes.values()].filter((d) => (d.body.items as IDataObject[])[0].descripcion === 'Pedido same-1');
		expect(same).toHaveLength(1);
		expect(setup.sim.state.sendCounts[String(codes[0])]).toBe(1);
		expect(run.items.filter((item) => item.json.alreadyIssued === true)).toHaveLength(2);
	});

	it('several requests in flight meeting an expired token log in once', async () => {
		// A first run logs in and stores the token; then every token expires.
		await setup.harness.execute(spec(setup.credential, { resource: 'lookup', operation: 'getEnabledTypes' }));
		setup.sim.control.expireTokens();
		const logins = setup.sim.state.tokens.issued.access;
		const run = await setup.harness.execute(spec(setup.credential, batch(8)), orders(8, 'expired'));
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => (item.json.summary as IDataObject).status)).toEqual(Array(8).fill('accepted'));
		expect(setup.sim.state.tokens.issued.access - logins).toBe(1);
		expect(setup.sim.server.count({ method: 'POST', path: '/clients/login' })).toBe(1);
		// Several requests met the expired token: the renewal was shared, not repeated.
		expect(setup.sim.server.requests().filter((r) => r.status === 401).length).toBeGreaterThan(1);
	});
});
