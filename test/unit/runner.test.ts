/**
 * The shared item runner with several items in flight (Parallel Requests): output order, pairedItem and
 * Continue On Fail exactly as one-after-another, same-reference items issue one document, and a failure
 * without Continue On Fail stops starting new items. Through real n8n executions and the Issuer test node.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Harness } from '../harness';
import { memoryDeduplicator } from '../harness/services';
import { Issuer } from '../fixtures/issuer/issuer';
import { issuerServer } from '../fixtures/issuer/server';
import { ProbeApi } from '../fixtures/probe/probe';
import { PROBE_PASSWORD, PROBE_USER } from '../fixtures/probe/server';
import { resetPacing } from '../../nodes/shared/http';

describe('the shared runner with requests in flight', () => {
	const sim = issuerServer();
	const { server } = sim;
	let harness: Harness;
	let credential: string;

	beforeAll(async () => await server.start());
	afterAll(async () => await server.stop());

	beforeEach(() => {
		resetPacing();
		sim.reset();
		memoryDeduplicator.clear();
		harness = new Harness({ nodes: [new Issuer()], credentials: [new ProbeApi()] });
		credential = harness.addCredential('probeApi', { baseUrl: server.url, user: PROBE_USER, password: PROBE_PASSWORD });
	});

	const run = async (items: IDataObject[], parameters: INodeParameters = {}, continueOnFail = true) =>
		await harness.execute({ type: 'issuer', parameters, credential, continueOnFail }, items);

	const sales = (n: number) => Array.from({ length: n }, (_v, k) => ({ ref: `SALE-${k + 1}` }));

	it('keeps the input order and pairedItem while up to N creates are in flight', async () => {
		sim.createMs = 60;
		// Early items answer slowest, so they finish last.
		for (let k = 0; k < 4; k++) server.inject({ kind: 'latency', ms: 200 - k * 40 }, { method: 'POST', path: '/docs' });
		// A generous deadline: this test is about order, not deadlines (a loaded machine must not turn it into recoveries).
		const result = await run(sales(12), { options: { parallelRequests: 5 }, timeoutMs: 20_000 });
		expect(result.items.map((i) => (i.json.note === null ? i.json.how : 'x'))).toEqual(sales(12).map(() => 'issued'));
		const numbers = new Map(sim.documents.map((d) => [d.ref, d.number]));
		expect(result.items.map((i) => i.json.number)).toEqual(sales(12).map((s) => numbers.get(s.ref)));
		expect(result.items.map((i) => i.pairedItem)).toEqual(sales(12).map((_s, k) => ({ item: k })));
		expect(sim.peakInFlight).toBe(5);
	});

	it('runs one after another with Parallel Requests 1, and at the provider default otherwise', async () => {
		sim.createMs = 30;
		await run(sales(6), { options: { parallelRequests: 1 }, defaultParallel: 4 });
		expect(sim.peakInFlight).toBe(1);
		sim.reset();
		sim.createMs = 30;
		await run(sales(6), { defaultParallel: 4 });
		expect(sim.peakInFlight).toBe(4);
	});

	it('Continue On Fail: failed items stay in their places', async () => {
		sim.createMs = 20;
		const items = sales(8).map((s, k) => (k === 2 || k === 5 ? { ref: '' } : s));
		const result = await run(items, { options: { parallelRequests: 4 } });
		expect(result.items.map((i) => (i.json.error ? 'error' : i.json.how))).toEqual(['issued', 'issued', 'error', 'issued', 'issued', 'error', 'issued', 'issued']);
		expect(result.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(sim.documents).toHaveLength(6);
	});

	it('without Continue On Fail: the first failing item is reported and no new item starts after it', async () => {
		sim.createMs = 40;
		const items = sales(20).map((s, k) => (k === 3 ? { ref: '' } : s));
		const result = await run(items, { options: { parallelRequests: 3 } }, false);
		expect(result.error?.message).toBe('Issuer: ref is required');
		// Items already in flight finished; nothing beyond them was started.
		expect(sim.documents.length).toBeGreaterThanOrEqual(3);
		expect(sim.documents.length).toBeLessThanOrEqual(3 + 2);
	});

	it('two items of one batch with the same External Reference issue one document, even in flight together', async () => {
		sim.createMs = 50;
		sim.uniqueRef = false; // only the node stands between the two items and a second document
		const result = await run([{ ref: 'SALE-1' }, { ref: 'SALE-1' }, { ref: 'SALE-2' }, { ref: 'SALE-1' }], {
			guard: true,
			keyIsUnique: false,
			options: { parallelRequests: 4 },
		});
		expect(result.items.map((i) => [i.json.how, i.json.alreadyIssued])).toEqual([
			['issued', false],
			['existing', true],
			['issued', false],
			['existing', true],
		]);
		expect(sim.count('SALE-1')).toBe(1);
	});
});
