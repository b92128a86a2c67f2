/**
 * RADIAN on our own bills (Factus v2): Get RADIAN Events (the buyer's events with code, name, CUDE, date)
 * and Tacit Acceptance (034) — only on credit bills, three business days after the buyer's 032 without a
 * claim or an express acceptance, checked before anything is sent, recorded once.
 */
import type { IDataObject } from 'n8n-workflow';

import { DAY, failure, PERSON, useRadian } from './radian-helpers';

describe('Factus v2 bills: RADIAN', () => {
	const s = useRadian();
	const tacit = (number: string, extra: IDataObject = {}) => ({ resource: 'bill', operation: 'tacitAcceptance', number, ...PERSON, ...extra });
	const POSTS = { method: 'POST', path: /\/radian\/events\// };

	it('Get RADIAN Events lists the buyer events with code, name, CUDE, date and time, and where the bill stands', async () => {
		const number = await s.issueBill('radian-get-1');
		const none = await s.run({ resource: 'bill', operation: 'getRadianEvents', number });
		expect(none.items[0].json).toEqual({ number, radianStatus: 'noEvents', accepted: false, claimed: false, lastEvent: null, events: [] });

		s.sim.v2.buyerEvent(number, '030');
		s.sim.v2.buyerEvent(number, '032');
		s.sim.v2.buyerEvent(number, '033');
		const result = await s.run({ resource: 'bill', operation: 'getRadianEvents', number });
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json).toMatchObject({ number, radianStatus: 'expresslyAccepted', accepted: true, claimed: false, lastEvent: { code: '033', name: 'Aceptación expresa' } });
		const sim = s.sim.v2.byNumber('bill', number)!.events;
		expect(json.events).toEqual(
			sim.map((e) => ({
				code: e.code,
				name: ['Acuse de recibo de Factura Electrónica de Venta', 'Recibo del bien y/o prestación del servicio', 'Aceptación expresa'][sim.indexOf(e)],
				number: e.number,
				cude: e.cude,
				date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
				time: expect.stringMatching(/^\d{2}:\d{2}:\d{2}$/),
			})),
		);
	});

	it('a claimed bill says so; an unknown bill number is Factus 404 in its words', async () => {
		const number = await s.issueBill('radian-get-2');
		s.sim.v2.buyerEvent(number, '030');
		s.sim.v2.buyerEvent(number, '032');
		s.sim.v2.buyerEvent(number, '031', { claimConcept: '02' });
		const claimed = await s.run({ resource: 'bill', operation: 'getRadianEvents', number });
		expect(claimed.items[0].json).toMatchObject({ radianStatus: 'claimed', claimed: true, accepted: false });
		const missing = await s.run({ resource: 'bill', operation: 'getRadianEvents', number: 'SETP404' });
		expect(failure(missing).message).toContain('no existe');
		const bad = await s.run({ resource: 'bill', operation: 'getRadianEvents', number: 'SETP 1/2' });
		expect(failure(bad).message).toBe('"SETP 1/2" is not a bill number; nothing was sent to Factus');
	});

	describe('Tacit Acceptance', () => {
		/** A credit bill whose buyer acknowledged it and received the goods `daysAgo` days ago. */
		const creditBillWithReceipt = async (reference: string, daysAgo: number) => {
			const number = await s.issueBill(reference, true);
			s.sim.v2.buyerEvent(number, '030', { at: new Date(Date.now() - (daysAgo + 1) * DAY) });
			s.sim.v2.buyerEvent(number, '032', { at: new Date(Date.now() - daysAgo * DAY) });
			return number;
		};

		it('records 034 on a credit bill after three business days, once', async () => {
			const number = await creditBillWithReceipt('tacit-ok', 8);
			const result = await s.run(tacit(number, { personDetails: { jobTitle: 'Cartera' } }));
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({
				number,
				event: { code: '034', name: 'Aceptación tácita', cude: expect.stringMatching(/^[0-9a-f]{96}$/) },
				emitted: true,
				alreadyEmitted: false,
				radianStatus: 'tacitlyAccepted',
				accepted: true,
			});
			expect(s.sim.server.requests(POSTS).at(-1)?.body).toEqual({ identification_document_code: '13', identification: '1098765432', first_name: 'Laura', last_name: 'Gómez', job_title: 'Cartera' });
			const again = await s.run(tacit(number));
			expect(again.items[0].json).toMatchObject({ emitted: false, alreadyEmitted: true, event: { code: '034' } });
			expect(s.sim.server.count(POSTS)).toBe(1);
		});

		it('refuses locally, with the reason, what DIAN would refuse: cash bill, no 032 yet, too early, already claimed', async () => {
			const cash = await s.issueBill('tacit-cash');
			s.sim.v2.buyerEvent(cash, '030');
			s.sim.v2.buyerEvent(cash, '032', { at: new Date(Date.now() - 10 * DAY) });
			expect(failure(await s.run(tacit(cash))).message).toBe(
				`Bill ${cash} is a cash bill; tacit acceptance applies only to bills paid on credit (payment form 2); nothing was sent to Factus`,
			);

			const noReceipt = await s.issueBill('tacit-no-032', true);
			expect(failure(await s.run(tacit(noReceipt))).message).toContain('has no receipt of the goods or service (recibo del bien o prestación del servicio, 032) from the buyer yet');

			const early = await creditBillWithReceipt('tacit-early', 0);
			const tooEarly = failure(await s.run(tacit(early)));
			expect(tooEarly.message).toMatch(/^Three business days have not passed since the buyer's 032 of bill \S+ \(\d{4}-\d{2}-\d{2}\); the tacit acceptance is possible from \d{4}-\d{2}-\d{2}; nothing was sent to Factus$/);

			const claimed = await creditBillWithReceipt('tacit-claimed', 8);
			s.sim.v2.buyerEvent(claimed, '031', { claimConcept: '01' });
			const afterClaim = failure(await s.run(tacit(claimed)));
			expect(afterClaim.message).toContain("already has the buyer's claim (reclamo, 031)");
			expect(afterClaim.description).toContain('credit note');
			expect(s.sim.server.count(POSTS)).toBe(0);
		});

		it('checks the person first', async () => {
			const number = await creditBillWithReceipt('tacit-person', 8);
			s.sim.server.clearLog();
			const result = await s.run(tacit(number, { personIdType: '99', personId: 'AB#12' }));
			const { message, description } = failure(result);
			expect(message).toBe('The tacit acceptance has 2 problems; nothing was sent to Factus');
			expect(description).toContain('Person › ID Type (identification_document_code): "99" is not an identification type of the DIAN table');
			expect(description).toContain('Person › ID Number (identification): must be up to 20 letters, digits or dashes');
			expect(s.sim.server.count()).toBe(0);
		});

		it('a lost answer is looked up in the bill events, not sent again', async () => {
			const number = await creditBillWithReceipt('tacit-lost', 8);
			s.sim.server.inject({ kind: 'dropAfterCommit' }, POSTS);
			const result = await s.run(tacit(number));
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ emitted: true, recovered: true, event: { code: '034' } });
			expect(s.sim.server.count(POSTS)).toBe(1);
			expect(s.sim.v2.byNumber('bill', number)!.events.filter((e) => e.code === '034')).toHaveLength(1);
		});
	});
});
