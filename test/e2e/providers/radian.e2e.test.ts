/**
 * Factus RADIAN (node version 2) inside a real n8n (the built package loaded as custom extensions),
 * against the Factus simulator running in this jest process:
 * - received invoice: Get Many (filter by number) → Acknowledge Receipt (030) → Confirm Goods Received (032)
 *   → Accept (033), each taking the invoice's ID from the previous node through `{{ $json.id }}`;
 * - a supplier invoice DIAN holds: Upload by CUFE → 030 → 032 → Claim (031) with its reason, the last by CUFE;
 * - our credit bill: Get RADIAN Events → Tacit Acceptance (034) three business days after the buyer's 032;
 * - Continue On Fail: an invoice not in the reception and a malformed ID become error items in place,
 *   nothing sent for them;
 * - never twice across executions: the same workflow run again in a new n8n process finds the event and
 *   sends nothing (`alreadyEmitted`).
 * (The RADIAN triggers are polled through n8n-core's PollContext in test/integration/factus/radian-trigger.test.ts:
 * `n8n execute` runs a polling trigger only in the editor's manual mode.)
 */
import type { IDataObject } from 'n8n-workflow';

import type { FactusSimulator } from '../../simulators/factus';
import { startFactusSimulator } from '../../simulators/factus';
import type { ReceivedInvoice } from '../../simulators/factus/v2/radian';
import { FACTUS_V2_EXAMPLES } from '../../fixtures/factus-v2-examples';
import { V2Client, withChanges } from '../../integration/factus/v2Client';
import type { CredentialSeed } from '../runtime/instance';
import { errorOf, Flow, items, json, nodeType, ProviderE2E } from './support';

const FACTUS = nodeType('factus');
const DAY = 24 * 3600 * 1000;
const PERSON = { personIdType: '13', personId: '1098765432', personFirstName: 'Laura', personLastName: 'Gómez' };
const event = (operation: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'receivedInvoice',
	operation,
	invoiceBy: 'id',
	invoiceId: '={{ $json.id }}',
	...PERSON,
	...extra,
});

describe('Factus RADIAN in a real n8n', () => {
	let sim: FactusSimulator;
	let e2e: ProviderE2E;
	let credential: CredentialSeed;
	const use = () => ({ credentials: { factusApi: credential }, typeVersion: 2 });
	let received: ReceivedInvoice;
	let atDian: ReceivedInvoice;
	let once: ReceivedInvoice;
	let cof: ReceivedInvoice;
	let bill: string;

	/** Built once the simulator holds the invoices and the bill the flows name. */
	const flows = () => ({
		accept: new Flow('radian1', 'Factus RADIAN: received invoice → 030 → 032 → 033')
			.then('Find Invoice', FACTUS, { resource: 'receivedInvoice', operation: 'getAll', returnAll: true, filters: { number: 'FE-E2E-1' } }, use())
			.then('Acknowledge', FACTUS, event('acknowledge', { personDetails: { jobTitle: 'Contadora' } }), use())
			.then('Goods Received', FACTUS, event('confirmGoodsReceived', { personFirstName: 'Carlos', personLastName: 'Ruiz', personId: '80111222' }), use())
			.then('Accept', FACTUS, event('accept'), use()),
		claim: new Flow('radian2', 'Factus RADIAN: upload → 030 → 032 → claim')
			.then('Upload', FACTUS, { resource: 'receivedInvoice', operation: 'upload', cufe: atDian.cufe }, use())
			.then('Acknowledge', FACTUS, event('acknowledge'), use())
			.then('Goods Received', FACTUS, event('confirmGoodsReceived'), use())
			.then('Claim', FACTUS, event('claim', { invoiceBy: 'cufe', invoiceCufe: '={{ $json.cufe }}', claimConcept: '02' }), use()),
		tacit: new Flow('radian3', 'Factus RADIAN: bill events → tacit acceptance')
			.then('Bill Events', FACTUS, { resource: 'bill', operation: 'getRadianEvents', number: bill }, use())
			.then('Tacit Acceptance', FACTUS, { resource: 'bill', operation: 'tacitAcceptance', number: '={{ $json.number }}', ...PERSON, personDetails: { jobTitle: 'Cartera' } }, use()),
		continueOnFail: new Flow('radian4', 'Factus RADIAN: Continue On Fail')
			.items('Invoices', [{ id: cof.id }, { id: 999 }, { id: 'FE-E2E-4' }])
			.then('Acknowledge', FACTUS, event('acknowledge'), { ...use(), continueOnFail: true }),
		once: new Flow('radian5', 'Factus RADIAN: acknowledge once').then('Acknowledge', FACTUS, event('acknowledge', { invoiceId: String(once.id) }), use()),
	});

	let f: ReturnType<typeof flows>;
	let batch: Awaited<ReturnType<ProviderE2E['batch']>>;

	beforeAll(async () => {
		sim = await startFactusSimulator();
		received = sim.v2.receiveSupplierInvoice({ number: 'FE-E2E-1' });
		atDian = sim.v2.addSupplierInvoice({ number: 'FE-E2E-2' });
		once = sim.v2.receiveSupplierInvoice({ number: 'FE-E2E-5' });
		cof = sim.v2.receiveSupplierInvoice({ number: 'FE-E2E-4' });
		const api = new V2Client(sim);
		await api.login();
		const body = withChanges(FACTUS_V2_EXAMPLES.credito.body, { reference_code: 'radian-e2e-bill', numbering_range_id: 4 });
		bill = ((await api.post('/v2/bills/validate', body)).body.data as { number: string }).number;
		sim.v2.buyerEvent(bill, '030', { at: new Date(Date.now() - 9 * DAY) });
		sim.v2.buyerEvent(bill, '032', { at: new Date(Date.now() - 8 * DAY) });

		e2e = await ProviderE2E.start('radian.e2e');
		credential = { id: 'factus1', name: 'Factus account', type: 'factusApi', data: sim.credentials().factusApi as IDataObject };
		await e2e.importCredentials([credential]);
		f = flows();
		await e2e.importWorkflows(Object.values(f));
		batch = await e2e.batch([f.accept.id, f.claim.id, f.tacit.id, f.continueOnFail.id]);
	});

	afterAll(async () => {
		await e2e?.dispose();
		await sim?.stop();
	});

	it('received invoice: found by number, then 030 → 032 → 033, the ID passed between nodes by expressions', () => {
		const run = batch[f.accept.id];
		expect(json(run, 'Find Invoice')).toMatchObject({ id: received.id, number: 'FE-E2E-1', radianStatus: 'noEvents', summary: { kind: 'receivedInvoice', status: 'pending' } });
		expect(json(run, 'Acknowledge')).toMatchObject({ id: received.id, event: { code: '030' }, emitted: true, radianStatus: 'acknowledged' });
		expect(json(run, 'Goods Received')).toMatchObject({ event: { code: '032' }, radianStatus: 'goodsReceived' });
		expect(json(run, 'Accept')).toMatchObject({ event: { code: '033', name: 'Aceptación expresa', cude: expect.stringMatching(/^[0-9a-f]{96}$/) }, accepted: true, summary: { status: 'accepted' } });
		expect(received.events.map((e) => [e.code, e.person.first_name])).toEqual([
			['030', 'Laura'],
			['032', 'Carlos'],
			['033', 'Laura'],
		]);
		expect(received.events[0].person.job_title).toBe('Contadora');
	});

	it('upload by CUFE, then 030 → 032 → claim with its reason (the invoice found by CUFE)', () => {
		const run = batch[f.claim.id];
		expect(json(run, 'Upload')).toMatchObject({ number: 'FE-E2E-2', cufe: atDian.cufe, uploaded: true, alreadyUploaded: false });
		expect(json(run, 'Claim')).toMatchObject({ event: { code: '031' }, claimed: true, summary: { status: 'rejected' } });
		expect(atDian.events.map((e) => e.code)).toEqual(['030', '032', '031']);
		expect(atDian.events[2].claimConcept).toBe('02');
	});

	it("our credit bill: its events read, then the tacit acceptance recorded", () => {
		const run = batch[f.tacit.id];
		expect(json(run, 'Bill Events')).toMatchObject({ number: bill, radianStatus: 'goodsReceived', events: [{ code: '030' }, { code: '032' }] });
		expect(json(run, 'Tacit Acceptance')).toMatchObject({ number: bill, event: { code: '034', name: 'Aceptación tácita' }, emitted: true, radianStatus: 'tacitlyAccepted' });
		expect(sim.v2.byNumber('bill', bill)!.events.map((e) => e.code)).toEqual(['030', '032', '034']);
	});

	it('Continue On Fail: an invoice not in the reception and a malformed ID are error items in place, nothing sent for them', () => {
		const out = items(batch[f.continueOnFail.id], 'Acknowledge');
		expect(out).toHaveLength(3);
		expect(out[0].json).toMatchObject({ id: cof.id, emitted: true, event: { code: '030' } });
		expect(errorOf(out[1])).toMatchObject({ message: 'Factus has no received invoice with ID 999; nothing was sent', provider: 'Factus' });
		expect(errorOf(out[2])).toMatchObject({ message: 'The event has 1 problem; nothing was sent to Factus', fields: { 'Received Invoice ID (bill_id)': [expect.stringContaining('numeric ID')] } });
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sim.server.count({ method: 'PATCH', path: /\/receptions\/bills\/(999|FE-E2E-4)\// })).toBe(0);
	});

	it('never twice across executions: a second n8n process finds the event and sends nothing', async () => {
		const first = await e2e.execute(f.once.id);
		expect(json(first.data, 'Acknowledge')).toMatchObject({ emitted: true, alreadyEmitted: false });
		const second = await e2e.execute(f.once.id);
		expect(json(second.data, 'Acknowledge')).toMatchObject({ emitted: false, alreadyEmitted: true });
		expect(sim.server.count({ method: 'PATCH', path: `/v2/receptions/bills/${once.id}/radian/events/030` })).toBe(1);
		expect(once.events.map((e) => e.code)).toEqual(['030']);
	});
});
