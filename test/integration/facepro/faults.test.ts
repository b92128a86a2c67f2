/**
 * Every fault class of a create (issue 11) against the FacEPro simulator, with an External Reference:
 * the sale is issued at most once (counted in the simulator), never reported as issued without FacEPro's
 * document, never left stranded (the re-run resolves it), never reported with another sale's document;
 * no credential goes to another host, no secret is repeated, and every request is bounded by a deadline.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Fault } from '../../simulators/framework/server';
import { SimServer } from '../../simulators/framework/server';

import { API, createFromItem, DOC_EXAMPLE_BODY, useFacEPro } from './helpers';

const POST = { method: 'POST', path: `${API}/documentos` };
const LIST = { method: 'GET', path: `${API}/documentos` };

type Outcome = 'recovered' | 'not_issued' | 'refused';

describe('FacEPro create under every fault class', () => {
	const t = useFacEPro();
	const elsewhere = new SimServer('elsewhere');

	beforeAll(async () => {
		await elsewhere.start();
	});
	afterAll(async () => {
		await elsewhere.stop();
	});
	beforeEach(() => {
		elsewhere.clearLog();
	});

	const create = (options: INodeParameters = {}): INodeParameters => createFromItem('invoice', { externalReference: '={{ $json.order }}', options });
	const deliver = async (order: string, options: INodeParameters = {}, doc: IDataObject = DOC_EXAMPLE_BODY) =>
		await t.run(create(options), [{ order, doc }], { continueOnFail: true, workflowId: 'shop', mode: 'trigger' });

	const secrets = () => t.sim.tenants.flatMap((tenant) => [tenant.token, tenant.token.split('|')[1]]);
	/** No secret in the item, the error, its description or its context. */
	const expectNoSecret = (serialized: string) => {
		for (const secret of secrets()) expect(serialized).not.toContain(secret);
	};
	/** A success item is a document FacEPro has. */
	const expectRealDocument = (json: IDataObject) => {
		expect(t.sim.documents().map((d) => d.tracking_id)).toContain(json.tracking_id);
		expect(json.numero_completo).toBe(t.sim.document(String(json.tracking_id))!.numero_completo);
	};

	const CASES: Array<[string, Fault, Outcome]> = [
		['a 200 with an HTML page', { kind: 'okHtml' }, 'not_issued'],
		['a 201 with an empty body', { kind: 'okEmpty', status: 201 }, 'not_issued'],
		['a 200 with {ok:false}', { kind: 'okBody', body: { ok: false } }, 'not_issued'],
		['a 201 whose JSON is cut in half (committed)', { kind: 'okTruncated', status: 201 }, 'recovered'],
		['a 201 whose chunked JSON is cut in half (committed)', { kind: 'okTruncated', status: 201, framing: 'chunked' }, 'recovered'],
		['a connection cut mid-body (committed)', { kind: 'cutAfterCommit' }, 'recovered'],
		['a chunked answer cut mid-body (committed)', { kind: 'cutAfterCommit', framing: 'chunked' }, 'recovered'],
		['a 500 before the commit', { kind: 'status', status: 500, body: { ok: false, error: 'Error interno' } }, 'not_issued'],
		['a 500 after the commit', { kind: 'statusAfterCommit', status: 500, body: { ok: false, error: 'Error interno' } }, 'recovered'],
		['a 504 after the commit', { kind: 'statusAfterCommit', status: 504 }, 'recovered'],
		['a connection dropped after the commit', { kind: 'dropAfterCommit' }, 'recovered'],
		['a connection reset before the commit', { kind: 'reset' }, 'not_issued'],
		['an answer dripping past the deadline (committed)', { kind: 'drip', everyMs: 150, afterCommit: true }, 'recovered'],
		['an answer dripping past the deadline (not committed)', { kind: 'drip', everyMs: 150, body: { ok: true, data: { note: 'slow' } } }, 'not_issued'],
		['a 400 echoing the token', { kind: 'echoSecret', status: 400 }, 'refused'],
		['a 500 echoing the token as text', { kind: 'echoSecret', status: 500, format: 'text' }, 'not_issued'],
	];

	it.each(CASES)('%s: one document at most, and the re-run resolves it', async (_name, fault, outcome) => {
		t.sim.server.inject(fault, POST);
		// One second per request: a dripping answer (one byte every 150 ms) cannot finish in time.
		const first = await deliver('ORDER-F', { timeout: 1 });
		expectNoSecret(first.serialized);
		const json = first.items[0].json;
		if (outcome === 'recovered') {
			expect(json).toMatchObject({ recovered: true, externalReference: 'ORDER-F' });
			expectRealDocument(json);
			expect(t.sim.documents()).toHaveLength(1);
		} else {
			const error = json.error as IDataObject;
			expect(json.tracking_id).toBeUndefined();
			expect(error.code).toBe(outcome === 'refused' ? undefined : 'not_issued');
			expect(t.sim.documents()).toHaveLength(0);
		}
		if (fault.kind === 'drip') {
			expect(t.sim.server.requests(POST)[0].clientClosedEarly).toBe(true);
			if (outcome !== 'recovered') expect(String((json.error as IDataObject).message)).toContain('within the deadline');
		}

		// The re-run (the same order delivered again) ends with exactly one document.
		const again = await deliver('ORDER-F');
		expect(again.items[0].json.error).toBeUndefined();
		expectRealDocument(again.items[0].json);
		expect(again.items[0].json.alreadyIssued ?? false).toBe(outcome === 'recovered');
		expect(t.sim.documents()).toHaveLength(1);
		const third = await deliver('ORDER-F');
		expect(third.items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: again.items[0].json.tracking_id });
		expect(t.sim.documents()).toHaveLength(1);
	});

	it.each([301, 302, 303, 307, 308] as const)('a %i to another host: nothing goes there, nothing is issued, the re-run issues once', async (status) => {
		t.sim.server.inject({ kind: 'redirect', status, location: `${elsewhere.url}/api/v1/documentos` }, POST);
		const first = await deliver('ORDER-R');
		expect((first.items[0].json.error as IDataObject).code).toBe('not_issued');
		expect(String((first.items[0].json.error as IDataObject).message)).toContain('redirect');
		expect(elsewhere.count()).toBe(0);
		expect(t.sim.documents()).toHaveLength(0);
		const again = await deliver('ORDER-R');
		expectRealDocument(again.items[0].json);
		expect(t.sim.documents()).toHaveLength(1);
		expect(elsewhere.count()).toBe(0);
	});

	it('a lost answer and a lookup answered with HTML: "may exist", never "not issued"; the re-run finds it', async () => {
		t.sim.server.inject({ kind: 'dropAfterCommit' }, POST);
		t.sim.server.inject({ kind: 'okHtml' }, LIST);
		const first = await deliver('ORDER-H');
		const error = first.items[0].json.error as IDataObject;
		expect(error.code).toBe('unconfirmed');
		expect(error.description).toContain('FacEPro answered the document list with an HTML page');
		expect(error.description).not.toContain('most likely not issued');
		expect(t.sim.documents()).toHaveLength(1);
		const again = await deliver('ORDER-H');
		expect(again.items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: t.sim.documents()[0].tracking_id });
		expect(t.sim.server.count(POST)).toBe(1);
	});

	it('nothing issued and a lookup answered with HTML: unknown, and the re-run issues once', async () => {
		t.sim.server.inject({ kind: 'status', status: 500 }, POST);
		t.sim.server.inject({ kind: 'okHtml' }, LIST);
		const first = await deliver('ORDER-H2');
		expect((first.items[0].json.error as IDataObject).code).toBe('unconfirmed');
		const again = await deliver('ORDER-H2');
		expectRealDocument(again.items[0].json);
		expect(t.sim.documents()).toHaveLength(1);
	});

	it('without a reference: a lost answer is found, an unsure one is reported, never a success without a document', async () => {
		t.sim.server.inject({ kind: 'okHtml' }, POST);
		t.sim.server.inject({ kind: 'okTruncated' }, POST);
		// One at a time: the two injected faults must meet the two items in input order.
		const run = await t.run(createFromItem('invoice', { options: { parallelRequests: 1 } }), [
			{ doc: DOC_EXAMPLE_BODY },
			{ doc: { ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: '1020304050' } } },
		], { continueOnFail: true });
		expect((run.items[0].json.error as IDataObject).code).toBe('not_issued');
		expect(String((run.items[0].json.error as IDataObject).description)).toContain('Check before running again');
		expect(run.items[1].json).toMatchObject({ recovered: true });
		expectRealDocument(run.items[1].json);
		expect(t.sim.documents()).toHaveLength(1);
	});
});

describe('FacEPro: two alike sales (same customer, same total)', () => {
	const t = useFacEPro();
	const deliver = async (order: string, options: INodeParameters = {}) =>
		await t.run(createFromItem('invoice', { externalReference: '={{ $json.order }}', options }), [{ order, doc: DOC_EXAMPLE_BODY }], {
			continueOnFail: true,
			workflowId: 'shop',
			mode: 'trigger',
		});

	it('the second create fails before the commit: never reported with the first sale\'s document; its re-run issues its own', async () => {
		const first = await deliver('ORDER-A');
		t.sim.server.inject({ kind: 'status', status: 500, body: { ok: false, error: 'Error interno' } }, POST);
		const second = await deliver('ORDER-B');
		const error = second.items[0].json.error as IDataObject;
		expect(second.items[0].json.tracking_id).toBeUndefined();
		expect(error.code).toBe('not_issued');
		// The first sale's document was there (same customer and total) but at another second.
		const [sentA, sentB] = t.sim.server.requests(POST).map((r) => (r.body as { factura: { hora: string } }).factura.hora);
		expect(sentB).not.toBe(sentA);

		const retried = await deliver('ORDER-B');
		expect(retried.items[0].json.error).toBeUndefined();
		expect(retried.items[0].json.tracking_id).not.toBe(first.items[0].json.tracking_id);
		expect(t.sim.documents()).toHaveLength(2);
		// Each reference keeps its own document.
		expect((await deliver('ORDER-A')).items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: first.items[0].json.tracking_id });
		expect((await deliver('ORDER-B')).items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: retried.items[0].json.tracking_id });
		expect(t.sim.documents()).toHaveLength(2);
	});

	it('the second create loses its answer after the commit: recovered with its own document, not the first one', async () => {
		const first = await deliver('ORDER-A');
		t.sim.server.inject({ kind: 'statusAfterCommit', status: 500 }, POST);
		const second = await deliver('ORDER-B');
		expect(second.items[0].json).toMatchObject({ recovered: true, numero_completo: 'SETP990000002' });
		expect(second.items[0].json.tracking_id).not.toBe(first.items[0].json.tracking_id);
		expect(t.sim.documents()).toHaveLength(2);
	});

	it('without references, in one execution: the second item fails before the commit and is not given the first one\'s document', async () => {
		// The second POST of the run answers 500 without issuing (a one-shot rule: faults would hit the first POST).
		let posts = 0;
		t.sim.server.use((req) => {
			if (req.method !== 'POST' || ++posts !== 2) return undefined;
			return { status: 500, body: { ok: false, error: 'Error interno' } };
		});
		// Both are in flight at once (Parallel Requests): whichever POST FacEPro receives second fails.
		const run = await t.run(createFromItem(), [{ doc: DOC_EXAMPLE_BODY }, { doc: DOC_EXAMPLE_BODY }], { continueOnFail: true });
		const issued = run.items.filter((i) => i.json.error === undefined);
		const failed = run.items.filter((i) => i.json.error !== undefined);
		expect(issued.map((i) => i.json.numero_completo)).toEqual(['SETP990000001']);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.tracking_id).toBeUndefined();
		expect((failed[0].json.error as IDataObject).code).toBe('not_issued');
		expect(t.sim.documents()).toHaveLength(1);
	});

	it('alike sales in the same second take consecutive seconds, so each lost answer has one candidate', async () => {
		const run = await t.run(createFromItem(), [{ doc: DOC_EXAMPLE_BODY }, { doc: DOC_EXAMPLE_BODY }, { doc: DOC_EXAMPLE_BODY }]);
		const moments = run.items.map((i) => String(i.json.fecha_emision));
		expect(new Set(moments).size).toBe(3);
		// In flight together (Parallel Requests), which item takes which second is not fixed; each has its own.
	});
});
