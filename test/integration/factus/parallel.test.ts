/**
 * Issue 13 for Factus: a batch with several requests in flight (Options → Parallel Requests) keeps the
 * output's order and pairing, Continue On Fail per item, one bill per reference code, the recovery
 * playbook's handling of "409 pending to be sent to DIAN", and the rate limit — its own and what Factus
 * reports about traffic the node cannot see.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fieldsBill, fresh, refs, useFactus } from './helpers';

const CREATE = { method: 'POST', path: '/v1/bills/validate' };

/** Bill → Create & Validate with `parallel` items in flight, the reference code from each item's `ref`. */
const batchBill = (parallel: number, extra: INodeParameters = {}, options: IDataObject = {}) =>
	fieldsBill('={{ $json.ref }}', { options: { parallelRequests: parallel, ...options }, ...extra });

const summaryOf = (item: { json: IDataObject }) => item.json.summary as IDataObject | undefined;
const errorOf = (item: { json: IDataObject }) => item.json.error as IDataObject | undefined;
const referenceOf = (item: { json: IDataObject }) => (item.json.bill as IDataObject | undefined)?.reference_code;

describe('Factus with Parallel Requests > 1', () => {
	const s = useFactus();

	it('keeps the input order and pairedItem although the bills finish out of order', async () => {
		// The pacer sends the first request alone (to learn Factus's budget from its answer); then four go
		// together. The first two creates answer 600 ms late: item 1's bill is committed after items 2–4's.
		s.sim.server.inject({ kind: 'latency', ms: 600 }, CREATE, 2);
		const items = refs('order', 12);
		const run = await s.harness.execute(s.node(batchBill(4)), items);
		expect(run.error).toBeUndefined();
		expect(run.items.map(referenceOf)).toEqual(items.map((i) => i.ref));
		expect(run.items.map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(run.items.every((item) => summaryOf(item)?.status === 'accepted')).toBe(true);
		// Proof that they ran together: item 1's bill was numbered after item 2's.
		const numbers = run.items.map((item) => Number(String(summaryOf(item)?.number).replace(/\D/g, '')));
		expect(numbers[1]).toBeGreaterThan(numbers[2]);
		expect(s.sim.documents.bill).toHaveLength(12);
	});

	it('Continue On Fail: each failed item becomes an error item in its own place, the others are issued', async () => {
		const items = refs('cof', 8).map((item, i) => ({ ...item, id: i === 2 || i === 5 ? 'ABC' : '123456789' }));
		// One item refused by Factus itself (after sending), two by the local check (before sending).
		s.sim.server.inject({ kind: 'status', status: 402, body: { message: 'No tiene documentos disponibles' } }, CREATE);
		const run = await s.harness.execute(s.node(batchBill(4, { idNumber: '={{ $json.id }}' }), true), items);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(8);
		expect(run.items.map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		for (const i of [2, 5]) {
			expect(errorOf(run.items[i])?.message).toMatch(/^The bill has \d+ problems?; nothing was sent to Factus$/);
			expect(Object.keys((errorOf(run.items[i])?.fields ?? {}) as IDataObject).join()).toContain('ID Number');
		}
		const quota = run.items.filter((item) => errorOf(item)?.code === 'quota');
		expect(quota).toHaveLength(1);
		const accepted = run.items.filter((item) => summaryOf(item)?.status === 'accepted');
		expect(accepted).toHaveLength(5);
		// Every accepted item carries its own reference; nothing was issued for the failed ones.
		for (const item of accepted) expect(referenceOf(item)).toBe(items[run.items.indexOf(item)].ref);
		expect(s.sim.documents.bill).toHaveLength(5);
	});

	it('without Continue On Fail: the first failing item stops the run, the bills already in flight are finished, none twice', async () => {
		const items = refs('stop', 10).map((item, i) => ({ ...item, id: i === 3 ? 'ABC' : '123456789' }));
		const run = await s.harness.execute(s.node(batchBill(3, { idNumber: '={{ $json.id }}' })), items);
		expect(run.error?.message).toMatch(/^The bill has \d+ problems?; nothing was sent to Factus$/);
		// Items 0–2 were in flight before item 3 failed; nothing after item 3 started once the run stopped,
		// except what was already in flight in the other lanes.
		for (const ref of ['stop-1', 'stop-2', 'stop-3']) expect(s.sim.created.bill[ref]).toBe(1);
		expect(s.sim.created.bill['stop-4']).toBeUndefined();
		expect(Object.values(s.sim.created.bill).every((n) => n === 1)).toBe(true);
		expect(s.sim.documents.bill.length).toBeLessThan(10);
	});

	it('the same reference code twice in one batch issues one bill; both items return it', async () => {
		const items = [{ ref: 'twice-A' }, { ref: 'twice-B' }, { ref: 'twice-A' }, { ref: 'twice-C' }, { ref: 'twice-A' }];
		const run = await s.harness.execute(s.node(batchBill(5)), items);
		expect(run.error).toBeUndefined();
		expect(s.sim.created.bill).toEqual({ 'twice-A': 1, 'twice-B': 1, 'twice-C': 1 });
		const numbers = run.items.map((item) => summaryOf(item)?.number);
		expect(numbers[2]).toBe(numbers[0]);
		expect(numbers[4]).toBe(numbers[0]);
		expect(new Set(numbers).size).toBe(3);
		expect(run.items.map(referenceOf)).toEqual(items.map((i) => i.ref));
	});

	it('answers lost after the commit while others are in flight: each bill is found by its reference code, none issued twice', async () => {
		s.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE, 3);
		const items = refs('lost', 8);
		const run = await s.harness.execute(s.node(batchBill(4)), items);
		expect(run.error).toBeUndefined();
		expect(run.items.map(referenceOf)).toEqual(items.map((i) => i.ref));
		expect(run.items.filter((item) => (item.json.recovery as IDataObject | undefined)?.action === 'returnedExisting')).toHaveLength(3);
		expect(s.sim.created.bill).toEqual(Object.fromEntries(items.map((i) => [i.ref, 1])));
		// A re-run of the same batch issues nothing new.
		const again = await s.harness.execute(s.node(batchBill(4)), items);
		expect(again.items.map((item) => summaryOf(item)?.number)).toEqual(run.items.map((item) => summaryOf(item)?.number));
		expect(s.sim.created.bill).toEqual(Object.fromEntries(items.map((i) => [i.ref, 1])));
	});

	it('"409 pending to be sent to DIAN" with several in flight: reported per item without the option, never a duplicate', async () => {
		await s.harness.execute(s.node(fieldsBill('rejected-1', { customerName: 'Cliente [rechazo]' }), true));
		const items = refs('blocked', 6);
		const run = await s.harness.execute(s.node(batchBill(4), true), items);
		expect(run.items).toHaveLength(6);
		for (const item of run.items) expect(errorOf(item)).toMatchObject({ httpCode: 409, code: 'pending_block' });
		expect(s.sim.deleted.bill).toEqual([]);
		expect(s.sim.documents.bill.map((d) => d.referenceCode)).toEqual(['rejected-1']);
	});

	it('"409 pending" with "Delete Rejected Document and Resend" and several in flight: the rejected bill is deleted once, each bill issued once', async () => {
		await s.harness.execute(s.node(fieldsBill('rejected-2', { customerName: 'Cliente [rechazo]' }), true));
		const items = refs('unblocked', 6);
		const run = await s.harness.execute(s.node(batchBill(4, {}, { deleteRejectedAndResend: true })), items);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => summaryOf(item)?.status)).toEqual(Array(6).fill('accepted'));
		expect(run.items.map(referenceOf)).toEqual(items.map((i) => i.ref));
		expect(s.sim.deleted.bill).toEqual(['rejected-2']);
		expect(s.sim.created.bill).toEqual({ 'rejected-2': 1, ...Object.fromEntries(items.map((i) => [i.ref, 1])) });
	});

	it('pacing holds with 10 in flight: 60 bills against 20 requests per 2 s, no item fails, the window is respected', async () => {
		s.sim.setRateLimit(20, 2000);
		fresh(s, { rateLimit: 20, rateLimitWindowSeconds: 2 });
		s.sim.processingMs = 150;
		const run = await s.harness.execute(s.node(batchBill(10)), refs('paced', 60));
		expect(run.error).toBeUndefined();
		expect(run.items.filter((item) => summaryOf(item)?.status !== 'accepted')).toHaveLength(0);
		expect(s.sim.peakPerWindow).toBeLessThanOrEqual(20);
		// A 429 would be re-sent (Factus did not process it): none is expected, and none may cost a bill.
		expect(s.sim.rateLimited).toBe(0);
		expect(s.sim.server.count(CREATE)).toBe(60);
		expect(Object.values(s.sim.created.bill).every((n) => n === 1)).toBe(true);
	}, 30_000);

	it('pacing follows X-RateLimit-Remaining: another app spent most of the window, the batch still meets no 429', async () => {
		s.sim.setRateLimit(20, 2000);
		fresh(s, { rateLimit: 20, rateLimitWindowSeconds: 2 });
		// Another client with the same Factus user spends 15 of the 20 requests of the window first.
		const login = await fetch(`${s.sim.url}/oauth/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams({
				grant_type: 'password',
				client_id: s.sim.client.clientId,
				client_secret: s.sim.client.clientSecret,
				username: s.sim.user.email,
				password: s.sim.user.password,
			}).toString(),
		});
		const { access_token: token } = (await login.json()) as { access_token: string };
		for (let i = 0; i < 15; i++) {
			const answer = await fetch(`${s.sim.url}/v1/company`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
			expect(answer.status).toBe(200);
		}
		const run = await s.harness.execute(s.node(batchBill(10)), refs('shared', 20));
		expect(run.error).toBeUndefined();
		expect(run.items.filter((item) => summaryOf(item)?.status !== 'accepted')).toHaveLength(0);
		expect(s.sim.rateLimited).toBe(0);
		expect(s.sim.peakPerWindow).toBeLessThanOrEqual(20);
	}, 30_000);
});
