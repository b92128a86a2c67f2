/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * How many HTTP requests the nodes send per created invoice, split by endpoint (from the simulator's
 * request log), and how many logins per 1,000 invoices: one, not one per item. Logins are counted with
 * a realistic token lifetime (3,600 s) and a short one (5 s) that expires several times during the run;
 * FacEPro's API token never expires (no logins). Also: what re-running the same 1,000 items costs when
 * each carries an External Reference (a production execution re-run after the first one succeeded).
 *
 *   npx ts-node --transpile-only --prefer-ts-exts bench/requests.bench.ts
 */
import { performance } from 'node:perf_hooks';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { LoggedRequest } from '../test/simulators/framework/server';
import { declaredParallel } from './latency/clients';
import { num, progress, run, table, timed, writeReport } from './lib';
import type { Bench, Logins, Provider, RunOptions, SimOptions } from './providers';
import { providers } from './providers';

const N = Number(process.env.BENCH_INVOICES ?? 1000);
const SHORT_TTL_S = 5;
/** Token lifetimes the short-token run spans at least. */
const LIFETIMES = 4;
/**
 * With the short token lifetime every answer waits this long, so that the run spans LIFETIMES lifetimes
 * although the node has its default Parallel Requests (`parallel`) in flight: N × wait ÷ parallel.
 */
const slowMs = (provider: Provider) => Math.ceil((LIFETIMES * SHORT_TTL_S * 1000 * parallelOf(provider)) / N);
/** The Parallel Requests default the node declares for its create (1 when it declares none). */
const parallelOf = (provider: Provider) => declaredParallel(provider.nodeType(), provider.create) ?? 1;

interface Outcome {
	provider: Provider;
	scenario: string;
	executions: number;
	invoices: number;
	/** Items the node returned as created (not already issued, not errors). */
	created: number;
	alreadyIssued: number;
	errors: number;
	firstError?: string;
	seconds: number;
	log: LoggedRequest[];
	logins: Logins;
	ttlSeconds?: number;
	/** Documents the simulator holds after the run. */
	documents: number;
}

/** `POST /documentos 201` style counts, per invoice, with 401s and logins kept apart. */
function byEndpoint(outcome: Outcome): Array<{ endpoint: string; count: number }> {
	const counts = new Map<string, number>();
	for (const request of outcome.log) {
		const key = `${outcome.provider.describeEndpoint(request)}${request.status === 401 ? ' → 401' : ''}${
			request.path === '/oauth/token' ? ` (${String((request.body as IDataObject | undefined)?.grant_type ?? '?')})` : ''
		}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts.entries()].map(([endpoint, count]) => ({ endpoint, count })).sort((a, b) => b.count - a.count);
}

const isLogin = (r: LoggedRequest) => r.path === '/clients/login' || r.path === '/oauth/token';

async function execute(
	bench: Bench,
	provider: Provider,
	scenario: string,
	options: {
		executions?: number;
		prefix: string;
		reference?: boolean;
		/** Parameters merged over the create's. */
		extra?: INodeParameters;
		runOptions?: RunOptions;
		ttlSeconds?: number;
	},
): Promise<Outcome> {
	const executions = options.executions ?? 1;
	const per = Math.ceil(N / executions);
	const parameters = { ...provider.create, ...(options.reference ? provider.reference : {}), ...(options.extra ?? {}) };
	const loginsBefore = bench.logins();
	const logBefore = bench.server.log.length;
	let created = 0;
	let alreadyIssued = 0;
	let errors = 0;
	let firstError: string | undefined;
	const { ms } = await timed(async () => {
		for (let e = 0; e < executions; e++) {
			const result = await bench.run(parameters, provider.input(per, `${options.prefix}${executions > 1 ? `e${e}` : ''}`), options.runOptions);
			if (result.error) throw new Error(`${provider.name} ${scenario}: ${result.error.message}`);
			for (const item of result.items) {
				if (item.json.error !== undefined) {
					errors++;
					const error = item.json.error as IDataObject | string;
					firstError ??= typeof error === 'object' ? String(error.message) : String(error);
				} else if (item.json.alreadyIssued === true || (item.json.recovery as IDataObject | undefined)?.action === 'returnedExisting') {
					alreadyIssued++;
				} else created++;
			}
		}
	});
	const after = bench.logins();
	return {
		provider,
		scenario,
		executions,
		invoices: per * executions,
		created,
		alreadyIssued,
		errors,
		firstError,
		seconds: ms / 1000,
		log: bench.server.log.slice(logBefore),
		logins: {
			password: after.password - loginsBefore.password,
			refresh: after.refresh - loginsBefore.refresh,
			expired401: after.expired401 - loginsBefore.expired401,
		},
		ttlSeconds: options.ttlSeconds,
		documents: bench.documents(),
	};
}

async function withBench<T>(provider: Provider, options: SimOptions, fn: (bench: Bench) => Promise<T>): Promise<T> {
	const bench = await provider.start(options);
	try {
		return await fn(bench);
	} finally {
		await bench.stop();
	}
}

const hasLogins = (provider: Provider) => provider.key !== 'facepro';

async function measure(provider: Provider): Promise<Outcome[]> {
	const out: Outcome[] = [];
	progress(`${provider.name}: 1 × ${N}`);
	out.push(await withBench(provider, { tokenTtlSeconds: 3600 }, async (b) => await execute(b, provider, `1 execution × ${num(N)}`, { prefix: 'a', ttlSeconds: 3600 })));
	progress(`${provider.name}: 10 × ${N / 10}`);
	out.push(
		await withBench(provider, { tokenTtlSeconds: 3600 }, async (b) =>
			await execute(b, provider, `10 executions × ${num(N / 10)}`, { prefix: 'b', executions: 10, ttlSeconds: 3600 }),
		),
	);
	if (provider.key === 'factuconect') {
		// docs/factuconect.md: Factuconect's own "Create + Send" flag; the node then reads MH's answer from the create's.
		progress(`${provider.name}: Create + Send in one call`);
		out.push(
			await withBench(provider, { tokenTtlSeconds: 3600 }, async (b) =>
				await execute(b, provider, `1 execution × ${num(N)}, Additional Fields (JSON) {"send": true}`, {
					prefix: 'd',
					extra: { additionalFields: { additionalJson: '{"send": true}' } },
					ttlSeconds: 3600,
				}),
			),
		);
	}
	if (hasLogins(provider)) {
		progress(`${provider.name}: token ${SHORT_TTL_S} s`);
		out.push(
			await withBench(provider, { tokenTtlSeconds: SHORT_TTL_S, processingMs: slowMs(provider) }, async (b) =>
				await execute(b, provider, `1 execution × ${num(N)}, token ${SHORT_TTL_S} s, ${slowMs(provider)} ms per answer, ${parallelOf(provider)} in flight`, {
					prefix: 'c',
					ttlSeconds: SHORT_TTL_S,
				}),
			),
		);
	}
	const referenced = provider.reference !== undefined || provider.key === 'factus';
	if (referenced) {
		progress(`${provider.name}: re-run with references`);
		out.push(
			...(await withBench(provider, { tokenTtlSeconds: 3600 }, async (b) => {
				const runOptions: RunOptions = { mode: 'trigger', workflowId: 'bench-rerun', continueOnFail: true };
				const first = await execute(b, provider, `with External Reference: first run (${num(N)})`, {
					prefix: 'ref',
					reference: true,
					runOptions,
					ttlSeconds: 3600,
				});
				// The credential keeps the first run's token: no login is needed (fewest possible: 0).
				const again = await execute(b, provider, `with External Reference: the same ${num(N)} again`, {
					prefix: 'ref',
					reference: true,
					runOptions,
				});
				return [first, again];
			})),
		);
	}
	return out;
}

function loginsCell(outcome: Outcome): string {
	if (!hasLogins(outcome.provider)) return '0 (API token, no login)';
	const { password, refresh } = outcome.logins;
	return outcome.provider.key === 'factus' ? `${password} password + ${refresh} refresh` : `${password}`;
}

/** The fewest logins a run of this length needs: one per token lifetime started. */
const loginFloor = (outcome: Outcome) => (outcome.ttlSeconds ? Math.max(1, Math.ceil(outcome.seconds / outcome.ttlSeconds)) : 0);

async function main() {
	const started = performance.now();
	const list = providers();
	const outcomes: Outcome[] = [];
	for (const provider of list) outcomes.push(...(await measure(provider)));

	const firstRuns = outcomes.filter((o) => o.scenario === `1 execution × ${num(N)}`);
	const headline = table(
		['provider', `HTTP requests per created invoice (1 × ${num(N)})`, 'what they are', `logins per ${num(N)} invoices: 1 execution`, `in 10 executions`, `token ${SHORT_TTL_S} s: logins (fewest possible)`, `re-run of the same ${num(N)} with External Reference: requests per item`],
		firstRuns.map((o) => {
			const ten = outcomes.find((x) => x.provider === o.provider && x.scenario.startsWith('10 executions'));
			const short = outcomes.find((x) => x.provider === o.provider && x.scenario.includes('token'));
			const again = outcomes.find((x) => x.provider === o.provider && x.scenario.endsWith('again'));
			const endpoints = byEndpoint(o);
			const perInvoice = endpoints.filter((e) => e.count >= o.invoices / 2);
			const once = endpoints.filter((e) => e.count < o.invoices / 2);
			return [
				o.provider.name,
				num(o.log.length / o.created, 3),
				perInvoice.map((e) => `${e.endpoint} ×${num(e.count / o.created, 0)}`).join(' + ') +
					(once.length ? `; per run: ${once.map((e) => `${e.endpoint}${e.count > 1 ? ` ×${e.count}` : ''}`).join(', ')}` : ''),
				loginsCell(o),
				ten ? loginsCell(ten) : '–',
				short ? `${loginsCell(short)} (${loginFloor(short)})` : 'n/a (token never expires)',
				again
					? `${num(again.log.length / again.invoices, 2)} (${num(again.alreadyIssued)} returned as already issued, ${num(again.errors)} failed, ${num(again.created)} issued again)`
					: '–',
			];
		}),
	);

	const detail = table(
		['provider', 'scenario', 'created / already issued / errors', 'seconds', 'requests', 'per invoice', 'by endpoint (count)', 'logins', 'fewest possible', '401 (expired token)'],
		outcomes.map((o) => [
			o.provider.name,
			o.scenario,
			`${num(o.created)} / ${num(o.alreadyIssued)} / ${num(o.errors)}`,
			num(o.seconds, 1),
			num(o.log.length),
			num(o.log.length / o.invoices, 3),
			byEndpoint(o)
				.map((e) => `${e.endpoint}: ${num(e.count)}`)
				.join('<br>'),
			loginsCell(o),
			hasLogins(o.provider) ? num(loginFloor(o)) : '0',
			num(o.log.filter((r) => r.status === 401).length),
		]),
	);

	const notes: string[] = [];
	for (const o of outcomes) {
		const renewals = o.log.filter(isLogin).length;
		const unauthorized = o.log.filter((r) => r.status === 401).length;
		if (renewals > 1 && unauthorized > 0) {
			notes.push(
				`${o.provider.name}, ${o.scenario}: ${renewals - 1} token renewal(s) after expiry cost ${unauthorized} requests answered 401 ` +
					`(${num(unauthorized / (renewals - 1), 1)} per renewal) on top of the ${renewals} login request(s).`,
			);
		}
		if (o.firstError) notes.push(`${o.provider.name}, ${o.scenario}: ${num(o.errors)} item(s) failed; the first: "${o.firstError}".`);
	}
	for (const o of outcomes.filter((x) => x.scenario.includes('"send": true'))) {
		notes.push(
			`Factuconect with Additional Fields (JSON) {"send": true} (Factuconect's own Create + Send, docs/factuconect.md): ` +
				`${num(o.log.length / o.created, 3)} requests per invoice instead of 2 — the node reads MH's answer from the create's and does ` +
				'not send again. It is opt-in because the flag\'s form is an assumption (docs/factuconect.md, "Adjusting to the real API").',
		);
	}
	for (const o of outcomes.filter((x) => x.scenario.endsWith('again'))) {
		const endpoints = byEndpoint(o);
		const count = (endpoint: string) => endpoints.find((e) => e.endpoint === endpoint)?.count ?? 0;
		if (o.provider.key === 'facepro') {
			const recalled = count('GET /documentos/{id}');
			const walked = o.invoices - recalled;
			if (walked > 0) {
				notes.push(
					`FacEPro re-run: ${num(recalled)} references were still in the node's memory (workflow static data, at most 500 entries: ` +
						'`MEMORY_SIZE` in nodes/FacEPro/document/lookup.ts) and cost one GET /documentos/{id} each; the other ' +
						`${num(walked)} were looked up by fingerprint, paging through every document of the last 30 days (all pages, to detect ` +
						`ambiguity): ${num(count('GET /documentos'))} list requests, ${num(count('GET /documentos') / walked, 1)} per item with ` +
						`${num(o.documents)} documents in the window — up to 50 pages per item (5,000 documents, after which the lookup is incomplete).`,
				);
			}
		}
		if (o.provider.key === 'factuconect' && o.errors > 0) {
			notes.push(
				`Factuconect re-run: ${num(o.alreadyIssued)} items came back as already issued from the node's ledger (workflow static data, ` +
					'at most 500 entries: `LEDGER_LIMIT` in nodes/Factuconect/resources/dte/ledger.ts); the other ' +
					`${num(o.errors)} were refused by the reference guard (nothing sent, no duplicate) but fail instead of returning the earlier DTE.`,
			);
		}
		if (o.provider.key === 'factus') {
			notes.push(
				`Factus re-run: each bill is sent once more (Factus refuses the duplicate reference_code), then found with one list and one ` +
					'show request: 3 requests per already-issued bill, by design (nodes/Factus/recovery.ts: no lookup before each create, which ' +
					'would cost a request per new bill instead).',
			);
		}
	}

	writeReport({
		name: 'requests',
		title: 'HTTP requests per created invoice, and logins per 1,000 invoices',
		command: 'npx ts-node --transpile-only --prefer-ts-exts bench/requests.bench.ts',
		seconds: (performance.now() - started) / 1000,
		method: [
			`Each scenario runs on a fresh simulator and a fresh n8n credential (no stored token), with ${num(N)} creates in Fields mode ` +
				"(three fields mapped from the item by expressions) at the node's default settings — its own Parallel Requests in flight " +
				`(${providers().map((p) => `${p.name} ${parallelOf(p)}`).join(', ')}); every request the simulator received is counted from its request log. ` +
				'"Logins" are Factuconect POST /clients/login and Factus POST /oauth/token (password and refresh grants); FacEPro uses a ' +
				'long-lived API token. "Fewest possible" is one login per token lifetime the run spans (at least one).',
			`The short-lifetime rows use a ${SHORT_TTL_S} s token and a simulator that waits before each answer long enough that the run, ` +
				`with its requests in flight, outlives the token at least ${LIFETIMES} times (N × wait ÷ Parallel Requests). With requests in flight a ` +
				'token that expires is met by every request then in flight: the notes say how many 401s and logins each renewal cost. The External Reference rows run as production executions (static data kept, as n8n does ' +
				'for active workflows) with Continue On Fail, in the same workflow: the first run issues, the second must issue nothing. ' +
				"For Factus the reference code is the bill's own `reference_code` (always set).",
		],
		headline,
		sections: [{ heading: 'Every scenario', body: detail }],
		notes,
	});
}

run(main);
