/**
 * Factus Trigger v2 on RADIAN, polled through n8n-core's PollContext by the harness: a new event on one of
 * our bills (claimed, accepted, tacitly accepted — or any event chosen) and a newly received supplier
 * invoice start the workflow once each; the first activation emits nothing old; a failed poll changes
 * nothing; closed bills are not read again.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PollResult } from '../../harness';
import { DAY, useRadian } from './radian-helpers';

const ALL = ['030', '031', '032', '033', '034'];

describe('Factus Trigger v2: RADIAN', () => {
	const s = useRadian();

	const radian = (radianEvents: string[] = ['031', '033', '034']) => ({ documentKind: 'radianEvents', radianEvents, radianLookBackDays: 10 });
	const emitted = (result: PollResult) => {
		expect(result.error).toBeUndefined();
		return (result.items ?? []).map((item) => `${String(item.json.billNumber)}:${String((item.json.event as IDataObject).code)}`);
	};
	const eventReads = () => s.sim.server.requests({ method: 'GET', path: /\/radian\/events$/ }).map((r) => r.path.split('/')[3]);

	describe('new RADIAN event on a bill', () => {
		it('starts once per new event, oldest first, with the bill, the event and where the bill stands', async () => {
			const a = await s.issueBill('trig-a');
			s.sim.v2.buyerEvent(a, '030', { at: new Date(Date.now() - 60_000) });
			expect(emitted(await s.poll(radian(ALL)))).toEqual([]); // baseline: nothing old

			s.sim.v2.buyerEvent(a, '032', { at: new Date(Date.now() - 30_000) });
			const b = await s.issueBill('trig-b');
			s.sim.v2.buyerEvent(b, '030');
			const second = await s.poll(radian(ALL));
			expect(emitted(second)).toEqual([`${a}:032`, `${b}:030`]);
			expect(second.items![0].json).toMatchObject({
				billNumber: a,
				event: { code: '032', name: 'Recibo del bien y/o prestación del servicio', cude: expect.stringMatching(/^[0-9a-f]{96}$/) },
				radianStatus: 'goodsReceived',
				previousStatus: null,
				bill: { number: a, reference_code: 'trig-a' },
				summary: { provider: 'Factus', kind: 'invoice', number: a, status: 'pending', statusMessage: 'RADIAN 032: Recibo del bien y/o prestación del servicio' },
			});
			expect(emitted(await s.poll(radian(ALL)))).toEqual([]);
		});

		it('emits only the chosen events, and a bill claimed or accepted is not read again', async () => {
			const a = await s.issueBill('trig-c');
			const b = await s.issueBill('trig-d');
			expect(emitted(await s.poll(radian()))).toEqual([]);
			for (const [bill, code] of [
				[a, '030'],
				[a, '032'],
				[a, '033'],
				[b, '030'],
			]) {
				s.sim.v2.buyerEvent(bill, code);
			}
			const result = await s.poll(radian());
			expect(emitted(result)).toEqual([`${a}:033`]);
			expect(result.items![0].json).toMatchObject({ radianStatus: 'expresslyAccepted', accepted: true, summary: { status: 'accepted' } });
			expect(eventReads().sort()).toEqual([a, b].sort());

			s.sim.v2.buyerEvent(b, '032');
			s.sim.v2.buyerEvent(b, '031', { claimConcept: '04' });
			const claimed = await s.poll(radian());
			expect(emitted(claimed)).toEqual([`${b}:031`]);
			expect(claimed.items![0].json).toMatchObject({ radianStatus: 'claimed', claimed: true, summary: { status: 'rejected' } });
			expect(eventReads()).toEqual([b]);
			expect(emitted(await s.poll(radian()))).toEqual([]);
			expect(eventReads()).toEqual([]);
		});

		it('reports a tacit acceptance we recorded', async () => {
			const a = await s.issueBill('trig-tacit', true);
			s.sim.v2.buyerEvent(a, '030', { at: new Date(Date.now() - 9 * DAY) });
			s.sim.v2.buyerEvent(a, '032', { at: new Date(Date.now() - 8 * DAY) });
			expect(emitted(await s.poll(radian()))).toEqual([]);
			const person = { identification_document_code: '13', identification: '12345667', first_name: 'Pepito', last_name: 'Perez' };
			expect((await s.api.post(`/v2/bills/${a}/radian/events/034`, person)).status).toBe(201);
			const result = await s.poll(radian());
			expect(emitted(result)).toEqual([`${a}:034`]);
			expect(result.items![0].json).toMatchObject({ radianStatus: 'tacitlyAccepted', event: { name: 'Aceptación tácita' } });
		});

		it('a failed poll emits nothing and changes nothing: the next poll reports what it missed', async () => {
			const a = await s.issueBill('trig-fail');
			expect(emitted(await s.poll(radian()))).toEqual([]);
			s.sim.v2.buyerEvent(a, '030');
			s.sim.v2.buyerEvent(a, '032');
			s.sim.v2.buyerEvent(a, '031', { claimConcept: '01' });
			s.sim.server.inject({ kind: 'status', status: 500, body: { message: 'Server Error' } }, { method: 'GET', path: `/v2/bills/${a}/radian/events` }, 10);
			const failed = await s.poll(radian());
			expect(failed.items).toBeNull();
			expect(failed.error?.message).toContain('Factus: internal error (HTTP 500)');
			s.sim.server.clearFaults();
			expect(emitted(await s.poll(radian()))).toEqual([`${a}:031`]);
		});

		it('Fetch Test Event shows the newest event, whatever its code, also of a bill already closed', async () => {
			const a = await s.issueBill('trig-manual');
			s.sim.v2.buyerEvent(a, '030');
			const sample = await s.poll(radian(), 'manual');
			expect(emitted(sample)).toEqual([`${a}:030`]);
			s.sim.v2.buyerEvent(a, '032');
			s.sim.v2.buyerEvent(a, '033');
			expect(emitted(await s.poll(radian()))).toEqual([]); // baseline: the bill is closed now
			expect(emitted(await s.poll(radian(), 'manual'))).toHaveLength(1);
		});
	});

	describe('new received invoice', () => {
		const reception = { documentKind: 'receivedInvoice', receptionLookBackHours: 24 };

		it('starts once per invoice that arrives, never for the ones already there or their events', async () => {
			const old = s.sim.v2.receiveSupplierInvoice({ number: 'FE-OLD' });
			expect((await s.poll(reception)).items).toBeNull();
			const fresh = s.sim.v2.receiveSupplierInvoice({ number: 'FE-NEW', total: '50000.00' });
			const result = await s.poll(reception);
			expect(result.error).toBeUndefined();
			expect(result.items!.map((i) => i.json.number)).toEqual(['FE-NEW']);
			expect(result.items![0].json).toMatchObject({
				id: fresh.id,
				cufe: fresh.cufe,
				radianStatus: 'noEvents',
				previousStatus: null,
				summary: { kind: 'receivedInvoice', number: 'FE-NEW', total: 50000 },
			});
			const person = { identification_document_code: '13', identification: '12345667', first_name: 'Pepito', last_name: 'Perez' };
			expect((await s.api.call('PATCH', `/v2/receptions/bills/${old.id}/radian/events/030`, person)).status).toBe(200);
			expect((await s.poll(reception)).items).toBeNull();
		});

		it('Fetch Test Event shows the newest received invoice', async () => {
			s.sim.v2.receiveSupplierInvoice({ number: 'FE-1' });
			s.sim.v2.receiveSupplierInvoice({ number: 'FE-2' });
			const sample = await s.poll(reception, 'manual');
			expect(sample.items!.map((i) => i.json.number)).toEqual(['FE-2']);
		});
	});
});
