/**
 * What FacEPro's lookups cost (requests to FacEPro and calls to n8n's reference store), measured against a
 * company with 3,000 documents in the 30-day look-back window (100 a day, up to yesterday: the seeded history
 * has no times, so today's would sort above a document issued now). docs/facepro.md quotes these figures;
 * the assertions keep them true.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { colombiaDate } from '../../../nodes/shared/country/colombia';
import { memoryDeduplicator } from '../../harness/services';

import { API, createFromItem, DOC_EXAMPLE_BODY, useFacEPro } from './helpers';

const LIST = { method: 'GET', path: `${API}/documentos` };
const POST = { method: 'POST', path: `${API}/documentos` };
/** A customer the seeded history does not have: its documents are the only alike ones. */
const doc: IDataObject = { ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: '5555555555' } };

describe('FacEPro lookup cost', () => {
	const t = useFacEPro();
	let store: jest.SpyInstance[] = [];

	beforeEach(() => {
		const day = (back: number) => colombiaDate(Date.parse(`${colombiaDate()}T12:00:00Z`) - back * 86_400_000);
		t.sim.seedDocuments(3000, { from: day(30), to: day(1), seed: 11 });
		store = [jest.spyOn(memoryDeduplicator, 'checkProcessedAndRecord'), jest.spyOn(memoryDeduplicator, 'removeProcessed')];
	});
	afterEach(() => {
		for (const spy of store) spy.mockRestore();
	});

	const deliver = async (order: string, options: INodeParameters = {}) =>
		await t.run(createFromItem('invoice', { externalReference: '={{ $json.order }}', options }), [{ order, doc }], {
			continueOnFail: true,
			workflowId: 'shop',
			mode: 'trigger',
		});
	/** Requests to FacEPro and store calls made by `work`. */
	const measure = async (work: () => Promise<unknown>) => {
		t.sim.server.clearLog();
		for (const spy of store) spy.mockClear();
		await work();
		return { lists: t.sim.server.count(LIST), requests: t.sim.server.count(), store: store.reduce((n, spy) => n + spy.mock.calls.length, 0) };
	};

	it('a create with a reference: 1 POST and 5 store calls; re-delivered the same day: 1 list request and 4 store calls', async () => {
		const issued = await measure(async () => expect((await deliver('ORDER-1')).items[0].json.numero_completo).toBeDefined());
		// claim with a bid, the look 1.5 s later (does it still hold it?), the chosen second (before sending),
		// the facts (after), the look 1.5 s later (did they outlast other workers' writes?).
		expect(issued).toEqual({ lists: 0, requests: 1, store: 5 });
		const cost = await measure(async () => expect((await deliver('ORDER-1')).items[0].json.alreadyIssued).toBe(true));
		// claim (1) + "records its seconds" (1) + "document is ORDER-1's" (1) + remember the facts again (1).
		expect(cost).toEqual({ lists: 1, requests: 1, store: 4 });
	});

	it("a lost answer: the issue date's list (one page per 100 documents that day), no second POST", async () => {
		t.sim.seedDocuments(150, { from: colombiaDate(), to: colombiaDate(), seed: 12 });
		t.sim.server.inject({ kind: 'dropAfterCommit' }, POST);
		const cost = await measure(async () => expect((await deliver('ORDER-2')).items[0].json.recovered).toBe(true));
		// Store: claim, its look, the second before sending, "another reference's?" for the one candidate (2),
		// the facts after and their look.
		expect(cost).toEqual({ lists: 2, requests: 3, store: 7 });
		expect(t.sim.server.count(POST)).toBe(1);
	});

	it('a re-run whose document does not exist reads the whole window: 31 list requests for 3,000 documents', async () => {
		t.sim.server.inject({ kind: 'status', status: 500 }, POST);
		await deliver('ORDER-3');
		const cost = await measure(async () => expect((await deliver('ORDER-3')).items[0].json.error).toBeUndefined());
		// 3,000 documents in the window: 30 pages of 100 (the last one says it is the last), then the POST.
		// Store: claim, "records its seconds", "ended unresolved", the second before sending, the facts after
		// and their look.
		expect(cost).toEqual({ lists: 30, requests: 31, store: 6 });
	});
});
