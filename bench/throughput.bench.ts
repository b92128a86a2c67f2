/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Throughput under a Factus-style rate limit (80 requests per minute per user, 429 + Retry-After),
 * scaled down so a run spans several windows in seconds: 80 per 6 s and 20 per 2 s, with the
 * credential's rate-limit settings matching. Bills are created through the node (harness) and the
 * simulator counts what it accepted and refused. Reported: the achieved rate as a share of the limit,
 * 429s received, and the most requests in any window (the simulator's fixed windows and any sliding
 * window) against the limit. Also two executions at once on the same Factus user, and another client
 * spending part of the same user's budget behind n8n's back.
 *
 *   npx ts-node --transpile-only --prefer-ts-exts bench/throughput.bench.ts
 */
import { performance } from 'node:perf_hooks';

import type { IDataObject } from 'n8n-workflow';

import { pacingFor } from '../nodes/Factus/transport';
import type { LoggedRequest } from '../test/simulators/framework/server';
import { num, pct, progress, run, table, timed, writeReport } from './lib';
import type { Bench, Provider } from './providers';
import { providers } from './providers';

interface Scenario {
	name: string;
	limit: number;
	windowMs: number;
	/** Bills per execution. */
	bills: number;
	/** Executions started at once (same credential, same n8n process). */
	executions: number;
	/** Requests per window another client sends with the same Factus user. */
	foreignPerWindow?: number;
	/** What the credential's Rate Limit says, when it is not the real limit. */
	credentialLimit?: number;
}

const SCENARIOS: Scenario[] = [
	{ name: '80 / 6 s (80 / min ÷ 10)', limit: 80, windowMs: 6000, bills: 400, executions: 1 },
	{ name: '20 / 2 s', limit: 20, windowMs: 2000, bills: 200, executions: 1 },
	{ name: '80 / 6 s, two executions at once', limit: 80, windowMs: 6000, bills: 200, executions: 2 },
	{ name: '60 / 6 s, but the credential says 80', limit: 60, windowMs: 6000, bills: 240, executions: 1, credentialLimit: 80 },
	{ name: '80 / 6 s, another client uses 20 / 6 s of the same user', limit: 80, windowMs: 6000, bills: 160, executions: 1, foreignPerWindow: 20 },
];

interface Result {
	scenario: Scenario;
	seconds: number;
	/** Bills created (output items without error). */
	created: number;
	failed: number;
	/** The node's API requests the simulator accepted / refused with 429. */
	accepted: number;
	rejected: number;
	/** The other client's. */
	foreignAccepted: number;
	foreignRejected: number;
	peakFixed: number;
	peakSliding: number;
	/** Mean accepted requests (node + other client) per full window after the first request, as a share of the limit. */
	sustainedShare: number;
	/** The least time any client keeping the limit needs for the node's requests: one full window per limit's worth, after the first. */
	fastestSeconds: number;
	/** What the pacer aims at: limit and window as `pacingFor` derives them. */
	aim: { limit: number; windowMs: number };
	logins: number;
}

const isApi = (r: LoggedRequest) => r.path.startsWith('/v1/');

/** Mean requests per full window of `windowMs` counted from the first one (the last, partial window left out). */
function sustained(times: number[], windowMs: number): number {
	if (times.length === 0) return 0;
	const sorted = [...times].sort((a, b) => a - b);
	const first = sorted[0];
	const buckets = new Map<number, number>();
	for (const t of sorted) {
		const b = Math.floor((t - first) / windowMs);
		buckets.set(b, (buckets.get(b) ?? 0) + 1);
	}
	const last = Math.floor((sorted[sorted.length - 1] - first) / windowMs);
	if (last === 0) return sorted.length;
	let sum = 0;
	for (let b = 0; b < last; b++) sum += buckets.get(b) ?? 0;
	return sum / last;
}

/** Another client with the same Factus user: logs in with the password grant and reads /v1/company at a steady pace. */
function foreignClient(bench: Bench, credentials: IDataObject, perWindow: number, windowMs: number) {
	let stopped = false;
	let token = '';
	const done = (async () => {
		const form = new URLSearchParams({
			grant_type: 'password',
			username: String(credentials.username),
			password: String(credentials.password),
			client_id: String(credentials.clientId),
			client_secret: String(credentials.clientSecret),
		});
		const login = await fetch(`${bench.server.url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: form.toString(),
		});
		token = String(((await login.json()) as IDataObject).access_token);
		const gap = windowMs / perWindow;
		while (!stopped) {
			const response = await fetch(`${bench.server.url}/v1/company`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
			await response.text();
			await new Promise((resolve) => setTimeout(resolve, gap));
		}
	})();
	return {
		isForeign: (r: LoggedRequest) => token !== '' && r.headers.authorization === `Bearer ${token}`,
		stop: async () => {
			stopped = true;
			await done;
		},
	};
}

async function measure(provider: Provider, scenario: Scenario, aimFor: (limit: number, windowMs: number) => { limit: number; windowMs: number }): Promise<Result> {
	const bench = await provider.start(
		{ rateLimit: { limit: scenario.limit, windowMs: scenario.windowMs }, tokenTtlSeconds: 3600 },
		{ rateLimit: scenario.credentialLimit ?? scenario.limit, rateLimitWindowSeconds: scenario.windowMs / 1000 },
	);
	try {
		const credentials = bench.harness.storedCredential(bench.credential).data as IDataObject;
		const foreign = scenario.foreignPerWindow ? foreignClient(bench, credentials, scenario.foreignPerWindow, scenario.windowMs) : undefined;
		// Let the other client settle into its pace before the run starts.
		if (foreign) await new Promise((resolve) => setTimeout(resolve, scenario.windowMs));
		const { ms, result } = await timed(
			async () =>
				await Promise.all(
					Array.from({ length: scenario.executions }, async (_, e) =>
						await bench.run(provider.create, provider.input(scenario.bills, `x${e}`), { workflowId: `bench-throughput-${e}`, continueOnFail: true }),
					),
				),
		);
		await foreign?.stop();
		let created = 0;
		let failed = 0;
		for (const execution of result) {
			if (execution.error) throw new Error(`${provider.name}: ${execution.error.message}`);
			for (const item of execution.items) {
				if (item.json.error === undefined) created++;
				else failed++;
			}
		}
		const log = bench.server.log.filter(isApi);
		const mine = log.filter((r) => !foreign?.isForeign(r));
		const theirs = log.filter((r) => foreign?.isForeign(r));
		const acceptedTimes = log.filter((r) => r.status !== 429 && r.status !== 401).map((r) => r.at);
		const accepted = mine.filter((r) => r.status !== 429 && r.status !== 401).length;
		const rate = bench.rate!();
		return {
			scenario,
			seconds: ms / 1000,
			created,
			failed,
			accepted,
			rejected: mine.filter((r) => r.status === 429).length,
			foreignAccepted: theirs.filter((r) => r.status !== 429).length,
			foreignRejected: theirs.filter((r) => r.status === 429).length,
			peakFixed: rate.peakFixed,
			peakSliding: rate.peakSliding,
			sustainedShare: sustained(acceptedTimes, scenario.windowMs) / scenario.limit,
			fastestSeconds: ((Math.ceil(accepted / scenario.limit) - 1) * scenario.windowMs) / 1000,
			aim: aimFor(scenario.credentialLimit ?? scenario.limit, scenario.windowMs),
			logins: bench.server.count({ path: '/oauth/token' }),
		};
	} finally {
		await bench.stop();
	}
}

async function main() {
	const started = performance.now();
	const list = providers();
	const factus = list.find((p) => p.key === 'factus');
	if (!factus) {
		console.error('Factus is not among BENCH_PROVIDERS: nothing to measure (the other providers have no rate limit).');
		return;
	}
	const aimFor = (limit: number, windowMs: number) => {
		const rule = pacingFor({ rateLimit: limit, rateLimitWindowSeconds: windowMs / 1000, username: 'x' }, 'x');
		return { limit: rule.limit, windowMs: rule.windowMs };
	};

	const results: Result[] = [];
	for (const scenario of SCENARIOS) {
		progress(`Factus: ${scenario.name}, ${scenario.executions} × ${scenario.bills} bills`);
		results.push(await measure(factus, scenario, aimFor));
	}

	const aimShare = (r: Result) => (r.aim.limit / r.aim.windowMs) / (r.scenario.limit / r.scenario.windowMs);
	const headline = table(
		['limit', 'bills', 'achieved rate: accepted per window, share of the limit', 'pacer aims at', 'run time (fastest possible)', '429 received', 'most in one window: fixed / sliding (limit)', 'failed items'],
		results.map((r) => [
			r.scenario.name,
			`${r.scenario.executions > 1 ? `${r.scenario.executions} × ` : ''}${num(r.scenario.bills)}`,
			`${pct(r.sustainedShare)}${r.scenario.foreignPerWindow ? ' (both clients)' : ''}`,
			`${r.aim.limit} / ${num(r.aim.windowMs / 1000, 2)} s = ${pct(aimShare(r))}`,
			`${num(r.seconds, 1)} s (${num(r.fastestSeconds, 0)} s)`,
			`${num(r.rejected)}${r.scenario.foreignPerWindow ? ` (other client: ${num(r.foreignRejected)})` : ''}`,
			`${r.peakFixed} / ${r.peakSliding} (${r.scenario.limit})`,
			num(r.failed),
		]),
	);
	const detail = table(
		['limit', 'seconds', 'bills created', 'node requests accepted', 'node 429s', 'other client accepted / 429', 'logins', 'windows spanned'],
		results.map((r) => [
			r.scenario.name,
			num(r.seconds, 1),
			num(r.created),
			num(r.accepted),
			num(r.rejected),
			r.scenario.foreignPerWindow ? `${num(r.foreignAccepted)} / ${num(r.foreignRejected)}` : '–',
			num(r.logins),
			num((r.seconds * 1000) / r.scenario.windowMs, 1),
		]),
	);

	writeReport({
		name: 'throughput',
		title: 'Throughput under a Factus-style rate limit',
		command: 'npx ts-node --transpile-only --prefer-ts-exts bench/throughput.bench.ts',
		seconds: (performance.now() - started) / 1000,
		method: [
			'The Factus simulator enforces a fixed-window limit per user (like Laravel\'s throttle: 429 with Retry-After once the window is ' +
				"full); the credential's Rate Limit settings are set to the same numbers, as a user would after reading Factus's plan. " +
				'Bills are created in Fields mode through the harness (n8n-core), one execution per row unless stated, with Continue On Fail.',
			'"Achieved rate" is the mean number of requests the simulator accepted per full window (windows counted from the first request; ' +
				'the last, partial window left out), as a share of the limit. The pacer deliberately aims a little under the limit (one request ' +
				'in twenty fewer, and a slightly longer window), so about 95 % per 6 s window (93 % over a long run) is its ceiling. "Fastest ' +
				'possible" is what a client sending exactly the limit at the start of every fixed window would need for the same requests. ' +
				'"Most in one window" is the largest count the simulator accepted in one of its fixed windows, and in any sliding window of the ' +
				'same length (a fixed-window limiter lets a sliding window see up to twice the limit).',
			'"The credential says 80": the real limit is lower than the credential\'s setting, so the local window alone would overshoot; ' +
				'the pacer also follows X-RateLimit-Remaining (every execution on that user waits when it reaches 0) and honours ' +
				'Retry-After after a 429, and no item fails.',
			'"Another client" logs in with the same Factus user outside n8n and reads /v1/company at a steady 20 requests per window: the node ' +
				'cannot see that traffic but reads what is left of the budget in X-RateLimit-Remaining and waits for the next window when ' +
				'it is spent; the other client, which does not pace itself, gets the 429s when it sends into a full window.',
		],
		headline,
		sections: [{ heading: 'Details', body: detail }],
	});
}

run(main);
