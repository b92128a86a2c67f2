/**
 * The RADIAN wire of Factus v2 (nodes/Factus/wire/v2/radian.ts): DIAN's order as decisions, the tacit
 * acceptance's three business days, the person of an event, and the two shapes Factus lists events in —
 * checked against the simulator's own rules where both decide the same thing.
 */
import { Problems } from '../../nodes/shared/invoice/problems';
import type { RadianEventRow } from '../../nodes/Factus/wire/v2/radian';
import {
	addBusinessDays,
	billIsCredit,
	businessDaysBetween,
	eventBody,
	radianState,
	readEvents,
	receiverDecision,
	tacitDecision,
} from '../../nodes/Factus/wire/v2/radian';
import { buyerEventRefusal, businessDaysBetween as simBusinessDays, newEvent } from '../simulators/factus/v2/radian';

const row = (code: string, date = '2026-03-02'): RadianEventRow => ({ code, name: code, number: `AP${code}`, cude: 'c'.repeat(96), date, time: '10:00:00' });
const PERSON = { idType: '13', id: '1098765432', firstName: 'Laura', lastName: 'Gómez' };

describe('receiverDecision: DIAN order, the same verdicts as the simulator', () => {
	const histories = [[], ['030'], ['030', '032'], ['030', '032', '031'], ['030', '032', '033']];
	for (const history of histories) {
		for (const code of ['030', '031', '032', '033', '034']) {
			it(`[${history.join(', ')}] + ${code}`, () => {
				const decision = receiverDecision(history.map((c) => row(c)), code, 'FE1');
				const simEvents = history.map((c) => newEvent(c, { identification_document_code: '13', identification: '1', first_name: 'A', last_name: 'B' }, new Date()));
				const simRefusal = buyerEventRefusal(simEvents, code, 'FE1');
				if (history.includes(code)) expect(decision.kind).toBe('alreadyEmitted');
				else expect(decision.kind).toBe(simRefusal ? 'refused' : 'send');
			});
		}
	}
});

describe('business days', () => {
	it('count weekdays after the first date up to the second, like the simulator', () => {
		expect(businessDaysBetween('2026-03-06', '2026-03-09')).toBe(1); // Friday → Monday
		expect(businessDaysBetween('2026-03-02', '2026-03-05')).toBe(3);
		for (let d = 0; d < 14; d++) {
			const from = new Date(Date.UTC(2026, 2, 2 + d, 15));
			const to = new Date(from.getTime() + 6 * 86_400_000);
			expect(businessDaysBetween(from.toISOString().slice(0, 10), to.toISOString().slice(0, 10))).toBe(simBusinessDays(from, to));
		}
	});

	it('addBusinessDays skips weekends', () => {
		expect(addBusinessDays('2026-03-05', 3)).toBe('2026-03-10'); // Thursday + 3 → Tuesday
		expect(businessDaysBetween('2026-03-05', addBusinessDays('2026-03-05', 3))).toBe(3);
	});
});

describe('tacitDecision', () => {
	const receipt = [row('030', '2026-03-02'), row('032', '2026-03-05')];
	it('allows 034 from the third business day after the 032', () => {
		expect(tacitDecision(receipt, 'SETP1', true, '2026-03-09')).toMatchObject({ kind: 'refused', message: expect.stringContaining('possible from 2026-03-10') });
		expect(tacitDecision(receipt, 'SETP1', true, '2026-03-10')).toEqual({ kind: 'send' });
		expect(tacitDecision(receipt, 'SETP1', undefined, '2026-03-10')).toEqual({ kind: 'send' });
	});
	it('refuses cash bills, bills without 032, claimed or accepted bills; returns an existing 034', () => {
		expect(tacitDecision(receipt, 'SETP1', false, '2026-04-01').kind).toBe('refused');
		expect(tacitDecision([row('030')], 'SETP1', true, '2026-04-01').kind).toBe('refused');
		expect(tacitDecision([...receipt, row('031')], 'SETP1', true, '2026-04-01').kind).toBe('refused');
		expect(tacitDecision([...receipt, row('033')], 'SETP1', true, '2026-04-01').kind).toBe('refused');
		expect(tacitDecision([...receipt, row('034')], 'SETP1', true, '2026-04-01')).toMatchObject({ kind: 'alreadyEmitted', event: { code: '034' } });
	});
	it('reads the payment form of a bill', () => {
		expect(billIsCredit({ payment_details: [{ payment_form: { code: '1', name: 'Contado' } }, { payment_form: { code: '2', name: 'Crédito' } }] })).toBe(true);
		expect(billIsCredit({ payment_details: [{ payment_form: { code: '1' } }] })).toBe(false);
		expect(billIsCredit({ payment_form: { code: '2' } })).toBe(true);
		expect(billIsCredit({})).toBeUndefined();
		expect(billIsCredit({ payment_details: [{ amount: '1' }] })).toBeUndefined();
	});
});

describe('eventBody', () => {
	it('builds the documented body and leaves out what is empty', () => {
		const problems = new Problems();
		expect(eventBody('030', { ...PERSON, id: '1.098.765.432', jobTitle: ' Contadora ' }, problems)).toEqual({
			identification_document_code: '13',
			identification: '1098765432',
			first_name: 'Laura',
			last_name: 'Gómez',
			job_title: 'Contadora',
		});
		expect(problems.count).toBe(0);
	});
	it('a claim needs its concept; a NIT its right DV', () => {
		const problems = new Problems();
		eventBody('031', { ...PERSON, idType: '31', id: '900123456', dv: '9' }, problems, '');
		expect(problems.forUser()).toEqual([
			{ path: 'Person › DV (dv)', message: '9 is not the check digit of NIT 900123456 (it is 8)' },
			{ path: 'Claim Reason (claim_concept_code)', message: 'is required for a claim (031)' },
		]);
		const ok = new Problems();
		expect(eventBody('031', { ...PERSON, idType: '31', id: '900123456', dv: '8' }, ok, '04')).toMatchObject({ dv: '8', claim_concept_code: '04' });
		expect(ok.count).toBe(0);
	});
	it('refuses names with line breaks and foreign IDs with symbols', () => {
		const problems = new Problems();
		eventBody('032', { idType: '41', id: 'AB#1', firstName: 'Laura\nX', lastName: 'x'.repeat(101) }, problems);
		expect(problems.forUser().map((p) => p.path)).toEqual(['Person › ID Number (identification)', 'Person › First Name (first_name)', 'Person › Last Name (last_name)']);
	});
});

describe('reading events', () => {
	it('reads both list shapes and keeps Factus fields beyond the common ones', () => {
		const events = readEvents([
			{ number: 'AP1', cude: 'x', event_code: '030', event_name: 'Acuse', effective_date: '2026-03-02', effective_time: '10:00:00' },
			{ number: 'AP2', cude: 'y', code: '32', name: 'Recibo', effective_date: '2026-03-03', effective_time: '11:00:00', person_names: 'Laura Gómez' },
		]);
		expect(events).toEqual([
			{ number: 'AP1', cude: 'x', code: '030', name: 'Acuse', date: '2026-03-02', time: '10:00:00' },
			{ number: 'AP2', cude: 'y', code: '032', name: 'Recibo', date: '2026-03-03', time: '11:00:00', person_names: 'Laura Gómez' },
		]);
		expect(radianState(events!)).toMatchObject({ radianStatus: 'goodsReceived', accepted: false, claimed: false, lastEvent: { code: '032' } });
	});
	it('a broken list is unreadable, never "no events"', () => {
		expect(readEvents({ data: [] })).toBeUndefined();
		expect(readEvents([{ number: 'AP1' }])).toBeUndefined();
		expect(readEvents('<html>')).toBeUndefined();
		expect(readEvents([])).toEqual([]);
	});
});
