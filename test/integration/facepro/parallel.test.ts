/**
 * Parallel Requests (issue 13) on FacEPro: items of one run are sent several at a time, and the user sees
 * the same as one at a time — output in input order, each item paired with its input, Continue On Fail per
 * item — and two items of the batch with the same External Reference issue one document.
 *
 * Concurrency is shown without timing: the first create FacEPro receives is delayed, so with requests in
 * flight later items are numbered before it (FacEPro numbers documents in the order it processes them);
 * one at a time, numbers follow the input.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { API, createFromItem, DOC_EXAMPLE_BODY, useFacEPro } from './helpers';

/** Sale n: its own customer and amount. */
function sale(n: number): IDataObject {
	return {
		...DOC_EXAMPLE_BODY,
		adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: String(8000000 + n), razon_social: `CLIENTE ${n}` },
		lineas: [{ codigo: `P-${n}`, descripcion: `Producto ${n}`, cantidad: 1, precio: 10000 + n, iva_pct: 19 }],
	};
}

const create = (parallel?: number, extra: INodeParameters = {}): INodeParameters =>
	createFromItem('invoice', { ...(parallel === undefined ? {} : { options: { parallelRequests: parallel } }), ...extra });

const consecutive = (item: INodeExecutionData) => Number(String(item.json.numero_completo).replace(/^\D+/, ''));
const customerOf = (item: INodeExecutionData) => (item.json.adquirente as IDataObject | undefined)?.documento;

describe('FacEPro with Parallel Requests', () => {
	const t = useFacEPro();

	const slowFirstCreate = () => t.sim.server.inject({ kind: 'latency', ms: 400 }, { method: 'POST', path: `${API}/documentos` });

	it('default (10 in flight): output in input order and paired with it, although FacEPro finished them in another order', async () => {
		slowFirstCreate();
		const input = Array.from({ length: 12 }, (_, n) => ({ doc: sale(n) }));
		const run = await t.run(create(), input);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(12);
		expect(run.items.map(customerOf)).toEqual(input.map((_, n) => String(8000000 + n)));
		expect(run.items.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		const numbers = run.items.map(consecutive);
		// The delayed create was numbered after items that come later in the input: they were in flight together.
		expect(numbers).not.toEqual([...numbers].sort((a, b) => a - b));
		expect(t.sim.documents()).toHaveLength(12);
	});

	it('Parallel Requests 1: one after another, as before (numbers follow the input)', async () => {
		slowFirstCreate();
		const input = Array.from({ length: 6 }, (_, n) => ({ doc: sale(n) }));
		const run = await t.run(create(1), input);
		expect(run.error).toBeUndefined();
		const numbers = run.items.map(consecutive);
		expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
		expect(run.items.map(customerOf)).toEqual(input.map((_, n) => String(8000000 + n)));
	});

	it('Continue On Fail: each failed item is an error item in its own place, the others are issued', async () => {
		slowFirstCreate();
		const bad = new Set([2, 5, 9]);
		const input = Array.from({ length: 12 }, (_, n) => ({ doc: bad.has(n) ? { ...sale(n), lineas: [{ ...(sale(n).lineas as IDataObject[])[0], iva_pct: 7 }] } : sale(n) }));
		const run = await t.run(create(8), input, { continueOnFail: true });
		expect(run.items).toHaveLength(12);
		run.items.forEach((item, n) => {
			expect(item.pairedItem).toEqual({ item: n });
			if (bad.has(n)) {
				expect(item.json.error).toMatchObject({ fields: { 'lineas.0.iva_pct': [expect.stringContaining('must be 0, 5 or 19')] } });
			} else {
				expect(item.json.error).toBeUndefined();
				expect(customerOf(item)).toBe(String(8000000 + n));
			}
		});
		expect(t.sim.documents()).toHaveLength(9);
	});

	it('without Continue On Fail: the first failing item is reported, nothing new starts, what was in flight finishes', async () => {
		const input = Array.from({ length: 30 }, (_, n) => ({ doc: n === 3 ? { ...sale(n), lineas: [] } : sale(n) }));
		const run = await t.run(create(4), input);
		expect(run.error?.message).toMatch(/nothing was sent to FacEPro/);
		expect((run.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(3);
		// Items 0–2 and at most the lanes' next items were sent; the rest of the 30 never started.
		const sent = t.sim.documents().map((d) => Number((d.adquirente as IDataObject).documento) - 8000000);
		expect(sent).toEqual(expect.arrayContaining([0, 1, 2]));
		expect(sent.length).toBeLessThan(10);
		expect(new Set(sent).size).toBe(sent.length);
	});

	it('503 and a 429 that is not the quota, with requests in flight: backed off and sent again, every item issued once', async () => {
		t.sim.server.inject({ kind: 'status', status: 503, body: { ok: false, error: 'Mantenimiento' } }, { method: 'POST', path: `${API}/documentos` }, 3);
		t.sim.server.inject({ kind: 'status', status: 429, body: { ok: false, error: 'Demasiadas solicitudes' }, headers: { 'retry-after': '0' } }, { method: 'POST', path: `${API}/documentos` }, 2);
		const input = Array.from({ length: 10 }, (_, n) => ({ doc: sale(n) }));
		const run = await t.run(create(), input);
		expect(run.error).toBeUndefined();
		expect(run.items.map(customerOf)).toEqual(input.map((_, n) => String(8000000 + n)));
		const customers = t.sim.documents().map((d) => (d.adquirente as IDataObject).documento);
		expect(customers).toHaveLength(10);
		expect(new Set(customers).size).toBe(10);
		expect(t.sim.server.requests({ method: 'POST', path: `${API}/documentos` })).toHaveLength(15);
	});

	it('the quota 429 is never retried: each item is sent once and reports the quota in its place', async () => {
		const quota = { ok: false, error: 'Cuota agotada', codigo: 'quota_excedida', consumidos: 100, limite: 100, periodo: 'mensual' };
		t.sim.server.inject({ kind: 'status', status: 429, body: quota }, { method: 'POST', path: `${API}/documentos` }, 100);
		const input = Array.from({ length: 6 }, (_, n) => ({ doc: sale(n) }));
		const run = await t.run(create(3), input, { continueOnFail: true });
		const posts = t.sim.server.requests({ method: 'POST', path: `${API}/documentos` }).length;
		expect(posts).toBe(6);
		run.items.forEach((item, n) => {
			expect(item.pairedItem).toEqual({ item: n });
			expect(String((item.json.error as IDataObject).message)).toMatch(/quota/i);
		});
		expect(t.sim.documents()).toHaveLength(0);
	});

	it('the same External Reference twice in one batch issues one document, returned to both items', async () => {
		const input = [
			{ order: 'ORDER-1', doc: sale(1) },
			{ order: 'ORDER-2', doc: sale(2) },
			{ order: 'ORDER-1', doc: sale(1) },
			{ order: 'ORDER-3', doc: sale(3) },
			{ order: 'ORDER-2', doc: sale(2) },
		];
		const run = await t.run(create(10, { externalReference: '={{ $json.order }}' }), input);
		expect(run.error).toBeUndefined();
		expect(t.sim.documents()).toHaveLength(3);
		const ids = run.items.map((i) => i.json.tracking_id);
		expect(ids[0]).toBe(ids[2]);
		expect(ids[1]).toBe(ids[4]);
		expect(new Set(ids).size).toBe(3);
		expect(run.items.map((i) => i.json.alreadyIssued === true)).toEqual([false, false, true, false, true]);
		expect(run.items.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(t.sim.server.requests({ method: 'POST', path: `${API}/documentos` })).toHaveLength(3);
	});
});
