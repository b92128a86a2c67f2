/**
 * Concurrent executions of one workflow (issue 18): Shopify-like orders arriving together, some delivered
 * two or three times at the same instant, then every order delivered again later — with the reference
 * store racing like n8n's (one row per workflow, read-modify-write without a lock). 0 duplicates, 0 lost
 * records, every execution ends with its order's one document.
 */
import type { IDataObject } from 'n8n-workflow';

import { memoryDeduplicator } from '../../harness/services';

import { createFromItem, DOC_EXAMPLE_BODY, useFacEPro } from './helpers';

const WORKFLOW = 'shop-webhook';

/** Order n: its own customer, except every fourth order, which repeats order 0's customer and total. */
function orderDoc(n: number): IDataObject {
	if (n % 4 === 0) return DOC_EXAMPLE_BODY;
	return {
		...DOC_EXAMPLE_BODY,
		adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: String(7000000 + n), razon_social: `CLIENTE ${n}` },
		lineas: [{ codigo: 'P-1', descripcion: 'Producto', cantidad: 1 + (n % 3), precio: 10000 + n, iva_pct: 19 }],
	};
}

describe('FacEPro under concurrent executions (racy reference store)', () => {
	const t = useFacEPro();

	beforeEach(() => {
		memoryDeduplicator.racy = true;
	});
	afterEach(() => {
		memoryDeduplicator.racy = false;
	});

	const deliver = async (n: number) =>
		await t.run(createFromItem('invoice', { externalReference: '={{ $json.order }}' }), [{ order: `ORDER-${n}`, doc: orderDoc(n) }], {
			continueOnFail: true,
			workflowId: WORKFLOW,
			mode: 'webhook' as never,
		});

	it('12 orders at once, a quarter delivered 2–3 times simultaneously, then all again later: 12 documents, 0 lost records', async () => {
		const orders = Array.from({ length: 12 }, (_, n) => n);
		const deliveries = orders.flatMap((n) => (n % 4 === 1 ? [n, n, n] : n % 4 === 2 ? [n, n] : [n]));
		const runs = await Promise.all(deliveries.map(async (n) => ({ n, run: await deliver(n) })));

		const documents = t.sim.documents();
		expect(documents).toHaveLength(orders.length);
		const byOrder = new Map<number, Set<unknown>>();
		for (const { n, run } of runs) {
			const json = run.items[0].json;
			expect(json.error).toBeUndefined();
			expect(documents.map((d) => d.tracking_id)).toContain(json.tracking_id);
			byOrder.set(n, (byOrder.get(n) ?? new Set()).add(json.tracking_id));
		}
		// Every delivery of an order got that order's one document, and different orders different documents.
		expect([...byOrder.values()].every((ids) => ids.size === 1)).toBe(true);
		expect(new Set([...byOrder.values()].map((ids) => [...ids][0])).size).toBe(orders.length);
		// Each order's reference and its document's facts survived the racing store.
		for (const n of orders) {
			expect(memoryDeduplicator.has(WORKFLOW, `facepro:invoice:ORDER-${n}`)).toBe(true);
			const id = String([...byOrder.get(n)!][0]);
			expect(memoryDeduplicator.has(WORKFLOW, `facepro:doc:${id}:ORDER-${n}`)).toBe(true);
		}

		// Later, every order delivered again, all at once: nothing new.
		const later = await Promise.all(orders.map(async (n) => ({ n, run: await deliver(n) })));
		for (const { n, run } of later) {
			expect(run.items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: [...byOrder.get(n)!][0] });
		}
		expect(t.sim.documents()).toHaveLength(orders.length);
	});

	it('the same order delivered 4 times at once while FacEPro loses the first answer: one document for all four', async () => {
		t.sim.server.inject({ kind: 'dropAfterCommit' }, { method: 'POST' });
		const runs = await Promise.all([1, 2, 3, 4].map(async () => await deliver(5)));
		expect(t.sim.documents()).toHaveLength(1);
		const id = t.sim.documents()[0].tracking_id;
		for (const run of runs) expect(run.items[0].json.tracking_id).toBe(id);
		expect(runs.filter((run) => run.items[0].json.recovered === true)).toHaveLength(1);
		expect(runs.filter((run) => run.items[0].json.alreadyIssued === true)).toHaveLength(3);
	});
});
