/**
 * The shared HTTP helper against a server that misbehaves the way real ones do: answers that drip,
 * redirects to another host, error texts that echo secrets, 2xx answers that are not the API's, and
 * connections cut after the provider committed. Through real n8n executions (harness) and the Probe node.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Harness } from '../harness';
import { Probe, ProbeApi } from '../fixtures/probe/probe';
import { PROBE_PASSWORD, PROBE_USER, probeServer } from '../fixtures/probe/server';
import type { Fault } from '../simulators/framework/server';
import { SimServer, sleepMs } from '../simulators/framework/server';
import { resetPacing } from '../../nodes/shared/http';

describe('shared HTTP helper against server faults', () => {
	const sim = probeServer();
	const { server, created } = sim;
	/** Another host: anything the helper leaks would arrive here. */
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
		harness = new Harness({ nodes: [new Probe()], credentials: [new ProbeApi()] });
		credential = harness.addCredential('probeApi', { baseUrl: server.url, user: PROBE_USER, password: PROBE_PASSWORD });
	});

	const run = async (items: IDataObject[], parameters: INodeParameters = {}, continueOnFail = true) =>
		await harness.execute({ type: 'probe', parameters, credential, continueOnFail }, items);

	const errorOf = (json: IDataObject) => json.error as IDataObject & { failure: IDataObject; message: string };

	/** The server notices a hang-up a moment after the client's promise settled. */
	async function eventually(check: () => boolean): Promise<boolean> {
		for (let i = 0; i < 100 && !check(); i++) await sleepMs(20);
		return check();
	}

	describe('overall deadline', () => {
		it('abandons a read whose answer drips, tries once more, then reports a network timeout', async () => {
			server.inject({ kind: 'drip', everyMs: 200 }, { path: '/thing' }, 2);
			const result = await run([{ path: '/thing' }], { timeoutMs: 600 });
			expect(errorOf(result.items[0].json).failure).toMatchObject({ kind: 'network', code: 'ETIMEDOUT', reason: 'deadline' });
			expect(server.count({ path: '/thing' })).toBe(2);
			// The helper hung up instead of reading on in the background.
			expect(await eventually(() => server.requests({ path: '/thing' }).every((r) => r.clientClosedEarly))).toBe(true);
		});

		it('treats a create dripping after the provider committed as possibly processed: looked up, never re-sent', async () => {
			server.inject({ kind: 'drip', everyMs: 200, afterCommit: true }, { method: 'POST', path: '/docs' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'D-1' } }], { timeoutMs: 600, recoverPath: '/docs/lookup' });
			expect(result.items[0].json).toMatchObject({ recovered: true, body: { found: true, doc: { ref: 'D-1' } } });
			expect(created).toHaveLength(1);
			expect(server.count({ method: 'POST', path: '/docs' })).toBe(1);
		});

		it('reports a create at its deadline as ambiguous (not refused) when nothing can look it up', async () => {
			server.inject({ kind: 'drip', everyMs: 200, afterCommit: true }, { method: 'POST', path: '/docs' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'D-2' } }], { timeoutMs: 600 }, false);
			expect(result.error?.message).toBe('Probe failed: ETIMEDOUT');
			expect((result.error as unknown as { context: IDataObject }).context.failure).toEqual({
				kind: 'network',
				code: 'ETIMEDOUT',
				reason: 'deadline',
				ambiguous: true,
			});
			expect(server.count({ method: 'POST', path: '/docs' })).toBe(1);
		});
	});

	describe('redirects', () => {
		it.each([302, 307] as const)('never re-sends a create redirected (%i) to another host: that host receives nothing', async (status) => {
			server.inject({ kind: 'redirect', status, location: `${other.url}/docs` }, { method: 'POST', path: '/docs' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'R-1' } }]);
			expect(other.count()).toBe(0);
			expect(server.count({ method: 'POST', path: '/docs' })).toBe(1);
			const error = errorOf(result.items[0].json);
			expect(error.message).toBe(
				`FacEPro answered with a redirect (HTTP ${status}) to ${other.url}/docs; the request was not sent again, so it is unknown whether FacEPro processed it`,
			);
			expect(error.description).toContain(`Nothing was sent to ${other.url}: your data and credentials stay with ${server.url}.`);
			expect(error.failure).toMatchObject({ kind: 'http', status, reason: 'redirect', redirect: { from: server.url, to: `${other.url}/docs` } });
		});

		it('looks a redirected create up (it may have been processed) and returns what it finds', async () => {
			server.inject({ kind: 'redirect', status: 307, location: `${other.url}/docs` }, { method: 'POST', path: '/docs' });
			sim.created.push({ id: 1, ref: 'R-2' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'R-2' } }], { recoverPath: '/docs/lookup' });
			expect(result.items[0].json).toMatchObject({ recovered: true, body: { found: true } });
			expect(other.count()).toBe(0);
		});

		it('does not follow a read redirected to another host: no request (so no Authorization) reaches it', async () => {
			server.inject({ kind: 'redirect', status: 302, location: `${other.url}/thing?x=1` }, { path: '/thing' });
			const result = await run([{ path: '/thing' }], {}, false);
			expect(other.count()).toBe(0);
			expect(other.requests().filter((r) => r.headers.authorization)).toEqual([]);
			expect(result.error?.message).toBe(
				`FacEPro redirected the request to ${other.url}; it was not followed so your credentials stay with ${server.url}. Check the Base URL / environment in the credential.`,
			);
			// A wrong address does not get right by asking again.
			expect(server.count({ path: '/thing' })).toBe(1);
		});

		it('follows a read redirected within the same origin, with the credential', async () => {
			server.inject({ kind: 'redirect', status: 301, location: `${server.url}/thing` }, { path: '/old' });
			const result = await run([{ path: '/old' }], {}, false);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ status: 200, body: { ok: true } });
			expect(server.requests({ path: '/thing' })[0].headers.authorization).toMatch(/^Bearer /);
		});

		it('stops following a same-origin redirect loop after a few hops', async () => {
			server.inject({ kind: 'redirect', status: 302, location: `${server.url}/loop` }, { path: '/loop' }, 10);
			const result = await run([{ path: '/loop' }]);
			expect(errorOf(result.items[0].json).message).toBe(
				`FacEPro redirected the request more than 3 times (last to ${server.url}/loop); it was not followed further`,
			);
			expect(server.count({ path: '/loop' })).toBe(4);
		});
	});

	describe('secrets echoed by the provider', () => {
		const token = () => String(harness.storedCredential(credential).data.token);

		it('masks the bearer token a create error repeats, in the error item and the full failure', async () => {
			await run([{ path: '/thing' }]);
			expect(token()).toMatch(/^[0-9a-f]{48}$/);
			server.inject({ kind: 'echoSecret', status: 422, authorization: true }, { method: 'POST', path: '/docs' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'S-1' } }]);
			const serialized = JSON.stringify(result.items);
			expect(serialized).not.toContain(token());
			const error = errorOf(result.items[0].json);
			expect(error.description).toContain('The server said: Request rejected: authorization "Bearer ***" not accepted');
			expect(error.fields).toEqual({ authorization: ['The value "Bearer ***" is not valid'] });
			expect(error.failure).toMatchObject({ status: 422, body: { received: { authorization: 'Bearer ***' } } });
		});

		it('masks the token without Continue On Fail too (message, description, context, stack)', async () => {
			await run([{ path: '/thing' }]);
			server.inject({ kind: 'echoSecret', status: 500, format: 'text' }, { path: '/thing' }, 4);
			const result = await run([{ path: '/thing' }], {}, false);
			expect(result.error?.message).toBe('Probe failed: 500');
			expect(result.serialized).toContain('Bearer ***');
			expect(result.serialized).not.toContain(token());
		});

		it('masks a password the provider repeats from the request body', async () => {
			server.inject({ kind: 'echoSecret', status: 422, authorization: false, fields: ['password', 'ref'] }, { method: 'POST', path: '/docs' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'S-3', password: PROBE_PASSWORD } }]);
			const serialized = JSON.stringify(result.items);
			expect(serialized).not.toContain(PROBE_PASSWORD);
			// Only secrets are masked: the rest of the text stays as the provider wrote it.
			expect(errorOf(result.items[0].json).fields).toEqual({
				password: ['The value "***" is not valid'],
				ref: ['The value "S-3" is not valid'],
			});
		});

		it('masks a password the login echoes while n8n renews the token', async () => {
			server.inject({ kind: 'echoSecret', status: 400, fields: ['password'] }, { method: 'POST', path: '/login' });
			const result = await run([{ path: '/thing' }], {}, false);
			expect(result.error).toBeDefined();
			expect(result.serialized).not.toContain(PROBE_PASSWORD);
			const again = await run([{ path: '/thing' }]);
			expect(again.items[0].json).toMatchObject({ status: 200 });
		});
	});

	describe('2xx answers that are not what they seem', () => {
		it.each<[string, Fault, string, string]>([
			['an HTML page', { kind: 'okHtml' }, 'text', '<!DOCTYPE html>'],
			['an empty body', { kind: 'okEmpty' }, 'empty', ''],
			['a truncated JSON (own Content-Length)', { kind: 'okTruncated' }, 'text', '{"ok"'],
			['a truncated JSON (chunked)', { kind: 'okTruncated', framing: 'chunked' }, 'text', '{"ok"'],
		])('tells %s apart from a parsed answer', async (_what, fault, kind, text) => {
			server.inject(fault, { path: '/thing' });
			const result = await run([{ path: '/thing' }], {}, false);
			expect(result.items[0].json).toMatchObject({ status: 200, bodyKind: kind });
			expect(String(result.items[0].json.text)).toMatch(new RegExp(`^${text.replace(/[{}()[\]]/g, '\\$&')}`));
			expect(typeof result.items[0].json.body).toBe('string');
		});

		it('keeps a committed create whose answer was truncated as text, never a partial object', async () => {
			server.inject({ kind: 'okTruncated' }, { method: 'POST', path: '/docs' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'T-1' } }], {}, false);
			expect(created).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({ status: 201, bodyKind: 'text' });
			expect(() => JSON.parse(String(result.items[0].json.text))).toThrow();
		});

		it('passes a well-formed body that says it failed on as parsed JSON (the caller judges it)', async () => {
			server.inject({ kind: 'okBody', body: { ok: false, error: 'not processed' } }, { method: 'POST', path: '/docs' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'B-1' } }], {}, false);
			expect(result.items[0].json).toMatchObject({ bodyKind: 'json', body: { ok: false } });
			expect(created).toHaveLength(0);
		});
	});

	describe('connection cut after the provider committed', () => {
		it('looks a create up when its answer was cut mid-body, and never re-sends it', async () => {
			server.inject({ kind: 'cutAfterCommit' }, { method: 'POST', path: '/docs' });
			const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'C-1' } }], { recoverPath: '/docs/lookup' }, false);
			expect(result.items[0].json).toMatchObject({ recovered: true, body: { found: true } });
			expect(created).toHaveLength(1);
			expect(server.count({ method: 'POST', path: '/docs' })).toBe(1);
		});

		it.each(['length', 'chunked'] as const)(
			'reports a create cut mid-body (%s framing) as an ambiguous network failure, not a success or a refusal',
			async (framing) => {
				server.inject({ kind: 'cutAfterCommit', framing }, { method: 'POST', path: '/docs' });
				const result = await run([{ method: 'POST', path: '/docs', body: { ref: 'C-2' } }]);
				expect(errorOf(result.items[0].json).failure).toMatchObject({ kind: 'network', code: 'ECONNRESET', reason: 'cut' });
				expect(result.items[0].json.error).not.toHaveProperty('httpCode');
				expect(created).toHaveLength(1);
				expect(server.count({ method: 'POST', path: '/docs' })).toBe(1);
			},
		);

		it('retries a read whose answer was cut mid-body', async () => {
			server.inject({ kind: 'cutAfterCommit' }, { path: '/thing' });
			const result = await run([{ path: '/thing' }], {}, false);
			expect(result.items[0].json).toMatchObject({ status: 200, attempts: 2, body: { ok: true } });
		});
	});
});
