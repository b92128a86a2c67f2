/**
 * The shared HTTP helper, exercised through real n8n executions (harness) against a real local server.
 */
import { Harness } from '../harness';
import { Probe, ProbeApi } from '../fixtures/probe/probe';
import { PROBE_PASSWORD, PROBE_USER, probeServer } from '../fixtures/probe/server';
import { resetPacing } from '../../nodes/shared/http';

describe('shared HTTP helper (through n8n-core)', () => {
	const sim = probeServer();
	const { server, tokens, created } = sim;
	let harness: Harness;
	let credential: string;

	beforeAll(async () => await server.start());

	afterAll(async () => await server.stop());

	beforeEach(() => {
		resetPacing();
		sim.reset();
		harness = new Harness({ nodes: [new Probe()], credentials: [new ProbeApi()] });
		credential = harness.addCredential('probeApi', { baseUrl: server.url, user: PROBE_USER, password: PROBE_PASSWORD });
	});

	const probe = (parameters = {}, continueOnFail = false) => ({
		type: 'probe',
		parameters,
		credential,
		continueOnFail,
	});

	it('logs in once through preAuthentication, stores the token and reuses it in the next execution', async () => {
		const first = await harness.execute(probe(), [{ path: '/thing' }, { path: '/thing' }]);
		expect(first.error).toBeUndefined();
		expect(first.items.map((i) => i.json.status)).toEqual([200, 200]);
		const logins = tokens.issued.access;
		const saved = harness.storedCredential(credential).data.token;
		expect(saved).toEqual(expect.any(String));

		await harness.execute(probe(), [{ path: '/thing' }]);
		expect(tokens.issued.access).toBe(logins);
		expect(server.count({ path: '/login' })).toBe(1);
	});

	it('renews an expired token after a 401 without failing the item', async () => {
		await harness.execute(probe(), [{ path: '/thing' }]);
		const before = tokens.issued.access;
		tokens.expireAll();
		const run = await harness.execute(probe(), [{ path: '/thing' }, { path: '/thing' }]);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.status)).toEqual([200, 200]);
		expect(tokens.issued.access - before).toBe(1);
	});

	it('retries a GET after 503 and after a connection reset', async () => {
		server.inject({ kind: 'status', status: 503 }, { path: '/thing' });
		server.inject({ kind: 'reset' }, { path: '/thing' });
		const run = await harness.execute(probe(), [{ path: '/thing' }]);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.attempts).toBe(3);
	});

	it('honours Retry-After on 429 for reads', async () => {
		server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, { path: '/thing' });
		const started = Date.now();
		const run = await harness.execute(probe(), [{ path: '/thing' }]);
		expect(run.items[0].json.attempts).toBe(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('never retries a create after an ambiguous failure, and returns what recover finds', async () => {
		server.inject({ kind: 'dropAfterCommit' }, { method: 'POST', path: '/docs' });
		const run = await harness.execute(probe({ recoverPath: '/docs/lookup' }), [
			{ method: 'POST', path: '/docs', body: { ref: 'A-1' } },
		]);
		expect(run.error).toBeUndefined();
		expect(created).toHaveLength(1);
		expect(server.count({ method: 'POST', path: '/docs' })).toBe(1);
		expect(run.items[0].json).toMatchObject({ recovered: true, body: { found: true } });
	});

	it('retries a create after 503 (the provider did not process it)', async () => {
		server.inject({ kind: 'status', status: 503 }, { method: 'POST', path: '/docs' });
		const run = await harness.execute(probe(), [{ method: 'POST', path: '/docs', body: { ref: 'B-1' } }]);
		expect(run.error).toBeUndefined();
		expect(created).toHaveLength(1);
		expect(run.items[0].json.attempts).toBe(2);
	});

	it('fails a create after a 500 with no recover, without resending', async () => {
		server.inject({ kind: 'statusAfterCommit', status: 500 }, { method: 'POST', path: '/docs' });
		const run = await harness.execute(probe(), [{ method: 'POST', path: '/docs', body: { ref: 'C-1' } }]);
		expect(run.error?.message).toBe('Probe failed: 500');
		expect(server.count({ method: 'POST', path: '/docs' })).toBe(1);
	});

	it('maps a 422 to field errors and a Continue On Fail item with pairedItem', async () => {
		const run = await harness.execute(probe({}, true), [
			{ path: '/thing' },
			{ method: 'POST', path: '/invalid', body: {} },
		]);
		expect(run.items).toHaveLength(2);
		expect(run.items[1].json.error).toMatchObject({
			message: 'Probe failed: 422',
			fields: { 'lines.0.qty': ['must be positive'] },
			provider: 'FacEPro',
			httpCode: 422,
		});
		expect(run.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('returns binary bodies as Buffers', async () => {
		const run = await harness.execute(probe(), [{ path: '/file', binary: true }]);
		expect(Buffer.from(run.items[0].json.body as unknown as string, 'base64').toString()).toBe('<xml/>');
	});

	it('paces a burst under the configured limit', async () => {
		const run = await harness.execute(
			probe({ pacingLimit: 5, pacingWindowMs: 400 }),
			Array.from({ length: 12 }, () => ({ path: '/thing' })),
		);
		expect(run.error).toBeUndefined();
		const times = server.requests({ path: '/thing' }).map((r) => r.at);
		// The server stamps arrival after reading the body: on a loaded machine that is tens of ms after the
		// client's send, so allow 60 ms of jitter (unpaced, the six would arrive within a few ms).
		for (let i = 5; i < times.length; i++) expect(times[i] - times[i - 5]).toBeGreaterThanOrEqual(340);
	});

	it('reports the credential test result like n8n', async () => {
		expect(await harness.testCredential('probeApi', { baseUrl: server.url, user: PROBE_USER, password: PROBE_PASSWORD })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const bad = await harness.testCredential('probeApi', { baseUrl: server.url, user: PROBE_USER, password: 'nope' });
		expect(bad.status).toBe('Error');
	});
});
