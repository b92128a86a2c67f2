/**
 * The process-wide pacer with many requests in flight at once, against a server that enforces a rate
 * limit (a fixed window, like Laravel's throttle behind Factus) and sees traffic the pacer cannot: the
 * budget it has left must come from the answers' rate-limit headers.
 */
import type { IDataObject } from 'n8n-workflow';

import { Harness } from '../harness';
import { Probe, ProbeApi } from '../fixtures/probe/probe';
import { PROBE_PASSWORD, PROBE_USER, probeServer } from '../fixtures/probe/server';
import { RateLimiter } from '../simulators/framework/auth';
import { SimServer } from '../simulators/framework/server';
import { Pacer, rateLimitResetAt, resetPacing } from '../../nodes/shared/http';

/** Answers as fetch gives them, headers lower-cased like the helper passes them. */
async function get(url: string, authorization?: string): Promise<{ status: number; headers: Record<string, string> }> {
	const response = await fetch(url, { headers: authorization ? { authorization } : {} });
	await response.text();
	return { status: response.status, headers: Object.fromEntries(response.headers.entries()) };
}

/** `callers` requests at once through the pacer; each tries again after a 429 (like a read would). */
async function burst(pacer: Pacer, url: string, callers: number): Promise<number[]> {
	return await Promise.all(
		Array.from({ length: callers }, async () => {
			for (;;) {
				const ticket = await pacer.take();
				const answer = await get(url);
				pacer.observe(ticket, answer.status, answer.headers);
				if (answer.status !== 429) return answer.status;
			}
		}),
	);
}

describe('pacer with concurrent callers', () => {
	const limiter = new RateLimiter(5, 600);
	/** When false the server sends only Retry-After on a 429, like providers without rate-limit headers. */
	let withBudgetHeaders = true;
	const server = new SimServer('limited').route('GET', '/r', () => {
		const decision = limiter.hit('user');
		const budget: Record<string, string> = withBudgetHeaders
			? { 'x-ratelimit-limit': String(decision.limit), 'x-ratelimit-remaining': String(decision.remaining) }
			: {};
		return decision.allowed
			? { status: 200, body: { ok: true }, headers: budget }
			: { status: 429, body: { message: 'Too Many Attempts.' }, headers: { ...budget, 'retry-after': String(decision.resetSeconds) } };
	});

	beforeAll(async () => await server.start());

	afterAll(async () => await server.stop());

	beforeEach(() => {
		limiter.reset();
		server.clearLog();
		withBudgetHeaders = true;
	});

	it('keeps to the budget the headers report when another app spent part of it', async () => {
		limiter.limit = 5;
		limiter.windowMs = 600;
		// Another app on the same user: the pacer never sees these requests.
		for (let i = 0; i < 3; i++) expect((await get(`${server.url}/r`)).status).toBe(200);
		const pacer = new Pacer(5, 600);
		const statuses = await burst(pacer, `${server.url}/r`, 12);
		expect(statuses).toEqual(Array(12).fill(200));
		// Sent alone, the local window (5 per 600 ms) would have met three 429s at once.
		expect(limiter.rejected.user ?? 0).toBe(0);
	});

	it('holds every caller on the key for Retry-After after a 429, including callers that come later', async () => {
		withBudgetHeaders = false;
		limiter.limit = 10;
		limiter.windowMs = 1500;
		// The local rule knows nothing of the server's limit.
		const pacer = new Pacer(100, 1000);
		expect(await burst(pacer, `${server.url}/r`, 12)).toEqual(Array(12).fill(200));
		expect(limiter.rejected.user).toBe(2);
		// Callers arriving while the window is still spent wait for the pause instead of meeting 429s.
		expect(await burst(pacer, `${server.url}/r`, 6)).toEqual(Array(6).fill(200));
		expect(limiter.rejected.user).toBe(2);
	});

	it('reads X-RateLimit-Reset as seconds to wait or as a Unix timestamp', () => {
		const now = 1_700_000_000_000;
		expect(rateLimitResetAt({ 'x-ratelimit-reset': '30' }, now)).toBe(now + 30_000);
		expect(rateLimitResetAt({ 'x-ratelimit-reset': '1700000060' }, now)).toBe(now + 60_000);
		expect(rateLimitResetAt({}, now)).toBeUndefined();
	});
});

describe('pacing through apiRequest with items in parallel', () => {
	const sim = probeServer();
	let harness: Harness;
	let credential: string;

	beforeAll(async () => await sim.server.start());

	afterAll(async () => await sim.server.stop());

	beforeEach(() => {
		resetPacing();
		sim.reset();
		harness = new Harness({ nodes: [new Probe()], credentials: [new ProbeApi()] });
		credential = harness.addCredential('probeApi', { baseUrl: sim.server.url, user: PROBE_USER, password: PROBE_PASSWORD });
	});

	it('sends a parallel bulk run without a 429 while another app shares the user', async () => {
		sim.limiter.limit = 5;
		sim.limiter.windowMs = 600;
		const other = `Bearer ${sim.tokens.issue('other-app', 3600).token}`;
		for (let i = 0; i < 3; i++) expect((await get(`${sim.server.url}/limited`, other)).status).toBe(200);
		const items: IDataObject[] = Array.from({ length: 10 }, () => ({ path: '/limited' }));
		const run = await harness.execute(
			{ type: 'probe', parameters: { parallel: true, pacingLimit: 5, pacingWindowMs: 600 }, credential },
			items,
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.status)).toEqual(Array(10).fill(200));
		expect(run.items.map((item) => item.json.attempts)).toEqual(Array(10).fill(1));
		expect(sim.limiter.rejected.user ?? 0).toBe(0);
	});
});
