/**
 * Concurrent executions of one workflow (webhook executions of Shopify orders arriving together, some
 * delivered two or three times at the same instant, then every order delivered once more later) against
 * a deduplication store that loses records the way n8n's does (one row per workflow rewritten whole):
 * one DTE per sale, every delivery answered with it. The guard that cannot lose a record is
 * Factuconect's: the codigoGeneracion is derived from the External Reference, and a second DTE with it
 * is refused.
 */
import type { IDataObject } from 'n8n-workflow';

import { memoryDeduplicator } from '../../harness/services';
import { facturaParameters, json, lines, spec, startSetup } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => {
	memoryDeduplicator.racy = false;
	await setup.sim.stop();
});

beforeEach(() => {
	setup.harness.clearDeduplication();
	memoryDeduplicator.racy = true;
});

afterEach(() => {
	memoryDeduplicator.racy = false;
});

const CREATE = { method: 'POST', path: '/facturar/fe' };

const deliver = async (order: string, workflowId: string, sendNow = true) =>
	await setup.harness.execute(
		spec(
			setup.credential,
			facturaParameters({ sendNow, lines: lines({ description: `Pedido ${order}`, quantity: 1, unitPrice: 22.6 }), additionalFields: { externalReference: order } }),
		),
		[{}],
		{ mode: 'webhook', workflowId },
	);

const dtesOf = (order: string) => [...setup.sim.state.dtes.values()].filter((d) => (d.body.items as IDataObject[])[0].descripcion === `Pedido ${order}`);

describe.each([
	['sent to Hacienda at once', true],
	['created only', false],
])('orders %s', (_label, sendNow) => {
	it('delivered together (some 2–3 times at the same instant) and again later: one DTE per order', async () => {
		const workflowId = `shop-${String(sendNow)}`;
		const orders = Array.from({ length: 16 }, (_v, n) => `${workflowId}-order-${n + 1}`);
		// A quarter of the orders arrive two or three times at once.
		const deliveries = orders.flatMap((order, n) => (n % 4 === 0 ? [order, order, ...(n % 8 === 0 ? [order] : [])] : [order]));
		const together = await Promise.all(deliveries.map(async (order) => await deliver(order, workflowId, sendNow)));
		const later = await Promise.all(orders.map(async (order) => await deliver(order, workflowId, sendNow)));

		for (const order of orders) expect(dtesOf(order)).toHaveLength(1);
		for (const [n, run] of [...together, ...later].entries()) {
			const order = [...deliveries, ...orders][n];
			expect(run.error).toBeUndefined();
			expect(json(run).codigoGeneracion).toBe(dtesOf(order)[0].codigoGeneracion);
			expect(json(run).summary).toMatchObject({ status: sendNow ? 'accepted' : 'pending', number: dtesOf(order)[0].numeroControl });
		}
		// Every later delivery is the DTE already issued.
		expect(later.map((run) => json(run).alreadyIssued)).toEqual(orders.map(() => true));
		// Repeats at the same instant: one create each, the others answered from Factuconect.
		for (const order of orders) {
			const runs = together.filter((_r, n) => deliveries[n] === order);
			expect(runs.filter((run) => json(run).alreadyIssued !== true)).toHaveLength(1);
		}
		if (sendNow) for (const order of orders) expect(dtesOf(order)[0].estado).toBe('PROCESADO');
	});
});

it('a record the store lost: the repeat is refused by Factuconect (same codigoGeneracion) and answered with the DTE', async () => {
	const first = await deliver('lost-record-1', 'shop-lost');
	setup.harness.clearDeduplication();
	const creates = setup.sim.server.count(CREATE);
	const repeat = await deliver('lost-record-1', 'shop-lost');
	expect(repeat.error).toBeUndefined();
	expect(setup.sim.server.count(CREATE)).toBe(creates + 1);
	expect(setup.sim.server.requests(CREATE).at(-1)?.status).toBe(409);
	expect(json(repeat)).toMatchObject({ alreadyIssued: true, codigoGeneracion: json(first).codigoGeneracion, numeroControl: json(first).numeroControl });
	expect((json(repeat).summary as { warnings: string[] }).warnings[0]).toBe(
		`Factuconect already has a Factura with codigoGeneracion ${String(json(first).codigoGeneracion)}; it is returned instead of issuing another one`,
	);
	expect(dtesOf('lost-record-1')).toHaveLength(1);
});

it('two workflows issuing the same order reference propose the same code: still one DTE', async () => {
	const [a, b] = await Promise.all([deliver('two-workflows-1', 'shop-a'), deliver('two-workflows-1', 'shop-b')]);
	expect(a.error).toBeUndefined();
	expect(b.error).toBeUndefined();
	expect(dtesOf('two-workflows-1')).toHaveLength(1);
	expect(json(a).codigoGeneracion).toBe(json(b).codigoGeneracion);
	expect([json(a).alreadyIssued, json(b).alreadyIssued].filter((x) => x === true)).toHaveLength(1);
});

it('one reference for two different sales: the second is never answered with the first sale\'s DTE', async () => {
	const first = await deliver('shared-ref-1', 'shop-x');
	expect(first.error).toBeUndefined();
	const before = setup.sim.state.dtes.size;
	const other = await setup.harness.execute(
		spec(setup.credential, facturaParameters({ lines: lines({ description: 'Otro pedido', quantity: 3, unitPrice: 10 }), additionalFields: { externalReference: 'shared-ref-1' } })),
		[{}],
		{ mode: 'webhook', workflowId: 'shop-y' },
	);
	expect(other.error?.message).toMatch(/^Factuconect did not confirm the Factura \(Factuconect could not create the Factura \(HTTP 409\)/);
	expect(String((other.error as { description?: string }).description)).toContain(
		`Factuconect's DTE ${String(json(first).codigoGeneracion)} totals 22.60 USD but this sale totals 30.00 USD`,
	);
	expect(other.items).toHaveLength(0);
	expect(setup.sim.state.dtes.size).toBe(before);
});
