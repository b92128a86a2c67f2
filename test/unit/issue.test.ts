/**
 * The duplicate-safe issue protocol (nodes/shared/issue.ts) against a server that misbehaves the way real
 * ones do, through real n8n executions (harness) and the Issuer test node: for every fault class, a sale is
 * issued at most once, never reported as issued without the server's proof, never left stranded, and a
 * lookup that cannot tell never says "absent".
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Harness } from '../harness';
import { memoryDeduplicator } from '../harness/services';
import { Issuer } from '../fixtures/issuer/issuer';
import { issuerServer } from '../fixtures/issuer/server';
import { ProbeApi } from '../fixtures/probe/probe';
import { PROBE_PASSWORD, PROBE_USER } from '../fixtures/probe/server';
import type { Fault } from '../simulators/framework/server';
import { SimServer } from '../simulators/framework/server';
import { resetPacing } from '../../nodes/shared/http';

describe('the shared issue protocol', () => {
	const sim = issuerServer();
	const { server } = sim;
	const other = new SimServer('other-host');
	let harness: Harness;
	let credential: string;

	beforeAll(async () => {
		await server.start();
		await other.start();
	});

	afterAll(async () => {
		await server.stop();
		await other.stop();
	});

	beforeEach(() => {
		resetPacing();
		sim.reset();
		other.clearLog();
		memoryDeduplicator.clear();
		memoryDeduplicator.racy = false;
		harness = new Harness({ nodes: [new Issuer()], credentials: [new ProbeApi()] });
		credential = harness.addCredential('probeApi', { baseUrl: server.url, user: PROBE_USER, password: PROBE_PASSWORD });
	});

	const run = async (items: IDataObject[], parameters: INodeParameters = {}, workflowId?: string) =>
		await harness.execute({ type: 'issuer', parameters, credential, continueOnFail: true }, items, { workflowId });

	const errorOf = (json: IDataObject) => json.error as IDataObject & { message: string; description?: string; code?: string };

	describe('an answer that does not prove the document is resolved by the lookup', () => {
		const committed: Array<[string, Fault]> = [
			['a 2xx whose JSON was cut in half', { kind: 'okTruncated' }],
			['a connection cut mid-body', { kind: 'cutAfterCommit' }],
			['a dripping answer past the deadline', { kind: 'drip', everyMs: 400, afterCommit: true }],
			['a 500 after the commit', { kind: 'statusAfterCommit', status: 500 }],
			['a dropped connection after the commit', { kind: 'dropAfterCommit' }],
		];
		it.each(committed)('%s (committed): the document is returned once, as recovered', async (_name, fault) => {
			server.inject(fault, { method: 'POST', path: '/docs' });
			const result = await run([{ ref: 'SALE-1' }]);
			expect(result.items[0].json).toMatchObject({ how: 'recovered', alreadyIssued: false, number: 'N000001' });
			expect(result.items[0].json.note).toContain('was found by ref "SALE-1"');
			expect(sim.count('SALE-1')).toBe(1);
		});

		const notCommitted: Array<[string, Fault]> = [
			['a 2xx HTML page', { kind: 'okHtml' }],
			['an empty 2xx', { kind: 'okEmpty' }],
			['a 2xx {ok:false}', { kind: 'okBody', body: { ok: false } }],
			['a 500 before the commit', { kind: 'status', status: 500, body: { ok: false, message: 'boom' } }],
		];
		it.each(notCommitted)('%s (not committed): never reported as issued, says it was checked', async (_name, fault) => {
			server.inject(fault, { method: 'POST', path: '/docs' });
			const result = await run([{ ref: 'SALE-1' }]);
			const error = errorOf(result.items[0].json);
			expect(error.code).toBe('not_issued');
			expect(error.message).toMatch(/^FacEPro did not confirm the document \(/);
			expect(error.description).toContain('had no document with ref "SALE-1", so it was most likely not issued');
			expect(error.description).toContain('Running the workflow again is safe');
			expect(sim.count('SALE-1')).toBe(0);
		});

		it('words what the 2xx was', async () => {
			server.inject({ kind: 'okHtml' }, { method: 'POST', path: '/docs' });
			server.inject({ kind: 'okEmpty' }, { method: 'POST', path: '/docs' });
			const result = await run([{ ref: 'A' }, { ref: 'B' }]);
			expect(errorOf(result.items[0].json).message).toContain('with an HTML page instead of the document');
			expect(errorOf(result.items[1].json).message).toContain('with an empty body');
		});

		it('a create redirected to another host is sent nowhere else and nothing is issued', async () => {
			server.inject({ kind: 'redirect', status: 307, location: `${other.url}/docs` }, { method: 'POST', path: '/docs' });
			const result = await run([{ ref: 'SALE-1' }]);
			expect(errorOf(result.items[0].json).code).toBe('not_issued');
			expect(other.count({})).toBe(0);
			expect(sim.count('SALE-1')).toBe(0);
		});
	});

	describe('a lookup that cannot tell is "unknown", never "absent"', () => {
		it('lost answer + a lookup answered with HTML: says the document may exist', async () => {
			server.inject({ kind: 'dropAfterCommit' }, { method: 'POST', path: '/docs' });
			server.inject({ kind: 'okHtml' }, { method: 'GET', path: '/docs' });
			const result = await run([{ ref: 'SALE-1' }]);
			const error = errorOf(result.items[0].json);
			expect(error.code).toBe('unconfirmed');
			expect(error.description).toContain('The document may exist');
			expect(error.description).not.toContain('most likely not issued');
			expect(error.description).toContain('Look for ref "SALE-1" in the issuer.');
			// The re-run looks again and finds it: one document.
			const again = await run([{ ref: 'SALE-1' }]);
			expect(again.items[0].json).toMatchObject({ how: 'existing', alreadyIssued: true, number: 'N000001' });
			expect(sim.count('SALE-1')).toBe(1);
		});

		it('a lookup that fails outright is unknown too', async () => {
			server.inject({ kind: 'dropAfterCommit' }, { method: 'POST', path: '/docs' });
			server.inject({ kind: 'status', status: 500 }, { method: 'GET', path: '/docs' }, 10);
			const result = await run([{ ref: 'SALE-1' }]);
			expect(errorOf(result.items[0].json)).toMatchObject({ code: 'unconfirmed' });
			expect(errorOf(result.items[0].json).description).toContain('looking it up failed too');
		});

		it('several candidates are never picked', async () => {
			sim.uniqueRef = false;
			await run([{ ref: 'SALE-1' }]);
			server.inject({ kind: 'dropAfterCommit' }, { method: 'POST', path: '/docs' });
			const result = await run([{ ref: 'SALE-1' }], { keyIsUnique: false });
			expect(errorOf(result.items[0].json)).toMatchObject({ code: 'unconfirmed' });
			expect(errorOf(result.items[0].json).description).toContain('2 documents match');
		});
	});

	describe('a provider-enforced key', () => {
		it('a duplicate refusal returns the existing document as already issued', async () => {
			await run([{ ref: 'SALE-1' }]);
			const again = await run([{ ref: 'SALE-1' }]);
			expect(again.items[0].json).toMatchObject({ how: 'existing', alreadyIssued: true, number: 'N000001' });
			expect(sim.count('SALE-1')).toBe(1);
		});

		it('a definite refusal is the provider\'s own error, with nothing looked up', async () => {
			const result = await run([{ ref: '' }]);
			expect(errorOf(result.items[0].json).message).toBe('Issuer: ref is required');
			expect(server.count({ method: 'GET', path: '/docs' })).toBe(0);
		});
	});

	describe('the External Reference guard', () => {
		const guarded = { guard: true, keyIsUnique: false };

		it('a re-run after a failure before the commit issues the sale (not stranded)', async () => {
			server.inject({ kind: 'status', status: 500, body: { ok: false, message: 'boom' } }, { method: 'POST', path: '/docs' });
			const first = await run([{ ref: 'SALE-1' }], guarded);
			expect(errorOf(first.items[0].json).code).toBe('not_issued');
			const again = await run([{ ref: 'SALE-1' }], guarded);
			expect(again.items[0].json).toMatchObject({ how: 'issued', alreadyIssued: false });
			expect(again.items[0].json.note).toContain('An earlier attempt for External Reference "SALE-1" left no document');
			expect(sim.count('SALE-1')).toBe(1);
		});

		it('a re-run after a lost answer returns the document issued then', async () => {
			server.inject({ kind: 'dropAfterCommit' }, { method: 'POST', path: '/docs' });
			// Every attempt of the first lookup fails (a read is tried 4 times).
			server.inject({ kind: 'status', status: 500 }, { method: 'GET', path: '/docs' }, 4);
			const first = await run([{ ref: 'SALE-1' }], guarded);
			expect(errorOf(first.items[0].json).code).toBe('unconfirmed');
			const again = await run([{ ref: 'SALE-1' }], guarded);
			expect(again.items[0].json).toMatchObject({ how: 'existing', alreadyIssued: true, number: 'N000001' });
			expect(sim.count('SALE-1')).toBe(1);
		});

		it('a definite refusal gives the reference back', async () => {
			server.inject({ kind: 'status', status: 422, body: { ok: false, message: 'amount is wrong' } }, { method: 'POST', path: '/docs' });
			const first = await run([{ ref: 'SALE-1' }], guarded);
			expect(errorOf(first.items[0].json).message).toBe('Issuer: amount is wrong');
			const again = await run([{ ref: 'SALE-1' }], guarded);
			expect(again.items[0].json).toMatchObject({ how: 'issued', alreadyIssued: false, note: null });
		});

		it('a used reference whose document cannot be found, with no earlier attempt known to have ended, is refused, not re-sent', async () => {
			// Another execution claimed the reference and is (as far as this one can tell) still issuing it.
			const claimedElsewhere = await run([{ ref: 'SALE-1' }], { ...guarded, reissue: false });
			expect(claimedElsewhere.items[0].json).toMatchObject({ how: 'issued' });
			sim.documents.length = 0; // the provider lost it, or it is still in flight elsewhere
			const again = await run([{ ref: 'SALE-1' }], guarded);
			expect(errorOf(again.items[0].json)).toMatchObject({ code: 'reference_unresolved' });
			expect(errorOf(again.items[0].json).message).toContain('another execution may be issuing it right now');
			expect(sim.count('SALE-1')).toBe(0);
			// The user checked: Issue Again If Earlier Attempt Not Found.
			const forced = await run([{ ref: 'SALE-1' }], { ...guarded, reissue: true });
			expect(forced.items[0].json).toMatchObject({ how: 'issued' });
		});

		it('two items with the same reference in one batch issue one document', async () => {
			const result = await run([{ ref: 'SALE-1' }, { ref: 'SALE-1' }, { ref: 'SALE-2' }], guarded);
			expect(result.items.map((i) => [i.json.how, i.json.alreadyIssued])).toEqual([
				['issued', false],
				['existing', true],
				['issued', false],
			]);
			expect(sim.documents).toHaveLength(2);
		});

		it('concurrent executions recording different references lose no record, even in a store that races like n8n\'s', async () => {
			memoryDeduplicator.racy = true;
			sim.uniqueRef = false; // only the store stands between a re-delivery and a second document
			const refs = Array.from({ length: 20 }, (_v, n) => `SALE-${n + 1}`);
			await Promise.all(refs.map(async (ref) => await run([{ ref }], guarded, 'wf-concurrent')));
			expect(refs.filter((ref) => !memoryDeduplicator.has('wf-concurrent', `issuer:${ref}`))).toEqual([]);
			// Every order delivered once more: all answered from the store's records, none issued again.
			const again = await Promise.all(refs.map(async (ref) => await run([{ ref }], guarded, 'wf-concurrent')));
			expect(again.map((r) => r.items[0].json.how)).toEqual(refs.map(() => 'existing'));
			expect(sim.documents).toHaveLength(20);
		});
	});
});
