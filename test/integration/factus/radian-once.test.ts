/**
 * A RADIAN event is never emitted twice for an invoice: repeated runs, two items or two executions at
 * once, Factus's own "already emitted" answer, and every fault class after the PATCH (answer lost, cut,
 * replaced, or a 500 before or after the event was registered) — resolved by reading the invoice's events,
 * never by a blind re-send.
 */
import type { IDataObject } from 'n8n-workflow';

import { sleep } from '../../../nodes/shared/sleep';

import type { ReceivedInvoice } from '../../simulators/factus/v2/radian';
import { newEvent } from '../../simulators/factus/v2/radian';
import { failure, PERSON, useRadian } from './radian-helpers';

describe('Factus v2 RADIAN events: never twice', () => {
	const s = useRadian();
	let invoice: ReceivedInvoice;
	const PATCH_030 = () => ({ method: 'PATCH', path: `/v2/receptions/bills/${invoice.id}/radian/events/030` });
	const ack = (extra: IDataObject = {}) => ({ resource: 'receivedInvoice', operation: 'acknowledge', invoiceBy: 'id', invoiceId: String(invoice.id), ...PERSON, ...extra });
	const codes = () => invoice.events.map((e) => e.code);

	beforeEach(() => {
		invoice = s.sim.v2.receiveSupplierInvoice({ number: 'FE500' });
	});

	it('a second run finds the event and sends nothing', async () => {
		const first = await s.run(ack());
		expect(first.items[0].json).toMatchObject({ emitted: true, alreadyEmitted: false });
		const second = await s.run(ack());
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toMatchObject({ emitted: false, alreadyEmitted: true, event: { code: '030', cude: first.items[0].json.event && (first.items[0].json.event as IDataObject).cude } });
		expect(second.items[0].json.note).toBe(`Received invoice ID ${invoice.id} already has the acknowledgement of receipt (acuse de recibo, 030); nothing was sent`);
		// Another workflow (its own deduplication records) reads the invoice's events as well.
		const elsewhere = await s.run(ack(), [{}], { workflowId: 'another-workflow' });
		expect(elsewhere.items[0].json).toMatchObject({ alreadyEmitted: true });
		expect(s.sim.server.count(PATCH_030())).toBe(1);
		expect(codes()).toEqual(['030']);
	});

	it('two items of one batch and two executions at once for the same invoice and event emit it once', async () => {
		const batch = await s.run(ack({ invoiceId: '={{ $json.id }}' }), [{ id: invoice.id }, { id: invoice.id }]);
		expect(batch.items.map((i) => [i.json.emitted, i.json.alreadyEmitted])).toEqual([
			[true, false],
			[false, true],
		]);
		const other = s.sim.v2.receiveSupplierInvoice({ number: 'FE501' });
		const both = await Promise.all([0, 1].map(() => s.run(ack({ invoiceId: String(other.id) }))));
		expect(both.map((r) => r.items[0].json.emitted).sort()).toEqual([false, true]);
		expect(other.events.map((e) => e.code)).toEqual(['030']);
		expect(s.sim.server.count({ method: 'PATCH' })).toBe(2);
	});

	/** Waits until the simulator has received `n` requests matching `match`. */
	const arrived = async (match: { method: string; path: string }, n = 1) => {
		while (s.sim.server.count(match) < n) await sleep(5);
	};

	it("Factus's own \"already emitted\" answer is success with the flag (the event came from elsewhere meanwhile)", async () => {
		// The PATCH is held back; meanwhile the same event arrives from another system, so Factus answers 409.
		s.sim.server.inject({ kind: 'latency', ms: 300 }, PATCH_030());
		const run = s.run(ack());
		await arrived(PATCH_030());
		invoice.events.push(newEvent('030', { identification_document_code: '13', identification: '52000111', first_name: 'Otra', last_name: 'Persona' }, new Date()));
		const result = await run;
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ emitted: false, alreadyEmitted: true, event: { code: '030', cude: invoice.events[0].cude } });
		expect(result.items[0].json.note).toBe(`Factus already has a RADIAN acknowledgement of receipt (acuse de recibo, 030) with received invoice ID ${invoice.id}; it is returned instead of issuing another one`);
		expect(s.sim.server.requests(PATCH_030()).map((r) => r.status)).toEqual([409]);
		expect(codes()).toEqual(['030']);
	});

	describe('faults after the PATCH', () => {
		it.each([
			['the connection dropped after Factus registered it', { kind: 'dropAfterCommit' as const }],
			['the answer was cut after Factus registered it', { kind: 'cutAfterCommit' as const }],
			['a 500 after Factus registered it', { kind: 'statusAfterCommit' as const, status: 500 }],
		])('%s: the event is looked up and returned as recovered, not sent again', async (_label, fault) => {
			s.sim.server.inject(fault, PATCH_030());
			const result = await s.run(ack());
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ emitted: true, alreadyEmitted: false, recovered: true, event: { code: '030', cude: invoice.events[0].cude } });
			expect(result.items[0].json.note).toContain('answer was lost');
			expect(s.sim.server.count(PATCH_030())).toBe(1);
			expect(codes()).toEqual(['030']);
		});

		it.each([
			['a 500 before anything was registered', { kind: 'status' as const, status: 500, body: { message: 'Server Error' } }],
			['an HTML page instead of the answer', { kind: 'okHtml' as const }],
			['an empty answer', { kind: 'okEmpty' as const }],
			['the connection reset before Factus read it', { kind: 'reset' as const }],
		])('%s: the lookup finds nothing, the error says so, and the next run sends it once', async (_label, fault) => {
			s.sim.server.inject(fault, PATCH_030());
			const result = await s.run(ack());
			const { message, description } = failure(result);
			expect(message).toMatch(/^Factus did not confirm the RADIAN acknowledgement of receipt \(acuse de recibo, 030\)/);
			expect(description).toContain('had no RADIAN acknowledgement of receipt (acuse de recibo, 030) with received invoice ID');
			expect(description).toContain('Running the workflow again is safe');
			expect(codes()).toEqual([]);
			const again = await s.run(ack());
			expect(again.error).toBeUndefined();
			expect(again.items[0].json).toMatchObject({ emitted: true, alreadyEmitted: false });
			expect(s.sim.server.count(PATCH_030())).toBe(2);
			expect(codes()).toEqual(['030']);
		});

		it('a lost answer whose lookup cannot tell is reported as unknown, and the next run finds the event', async () => {
			// The check before sending reads the list; the PATCH is registered and its answer dropped; the lookup
			// that follows gets an HTML page (armed while the PATCH is held back).
			s.sim.server.inject({ kind: 'latency', ms: 300 }, PATCH_030());
			s.sim.server.inject({ kind: 'dropAfterCommit' }, PATCH_030());
			const run = s.run(ack());
			await arrived(PATCH_030());
			s.sim.server.inject({ kind: 'okHtml' }, { method: 'GET', path: '/v2/receptions/bills' });
			const { message, description } = failure(await run);
			expect(message).toMatch(/^Factus did not confirm the RADIAN acknowledgement of receipt/);
			expect(description).toContain('Whether it was issued cannot be told');
			expect(description).toContain('HTML page');
			expect(s.sim.server.count(PATCH_030())).toBe(1);
			const again = await s.run(ack());
			expect(again.items[0].json).toMatchObject({ emitted: false, alreadyEmitted: true });
			expect(s.sim.server.count(PATCH_030())).toBe(1);
			expect(codes()).toEqual(['030']);
		});
	});

	it('a refusal by Factus (422 on the person) is shown in its words, and a corrected run emits', async () => {
		s.sim.server.inject({ kind: 'status', status: 422, body: { message: 'El campo first_name es obligatorio.', errors: { first_name: ['El campo first_name es obligatorio.'] } } }, PATCH_030());
		const refused = await s.run(ack());
		expect(failure(refused).message).toBe('Factus: El campo first_name es obligatorio.');
		const again = await s.run(ack());
		expect(again.items[0].json).toMatchObject({ emitted: true, alreadyEmitted: false });
		expect(codes()).toEqual(['030']);
	});
});
