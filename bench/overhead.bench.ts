/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * What the node costs on top of the HTTP it must send: 1,000 invoice creations through the node (one
 * n8n execution, run by n8n-core's WorkflowExecute in the harness) against the same requests sent by a
 * plain `fetch` loop to a fresh simulator. The loop replays the node's requests from the simulator's
 * log — same method, path, query and body bytes (checked against each request's Content-Length), in
 * the same order, logins included; only the bearer token is the fresh simulator's.
 *
 *   npx ts-node --transpile-only --prefer-ts-exts bench/overhead.bench.ts
 *
 * Also: the same 1,000 invoices as 100 executions of 10 items (per-execution cost), Preview Totals of
 * the same 1,000 items (the node's local work: n8n execution, expressions, validation, totals, output
 * items — no request), and the provider's summary building over the 1,000 answers.
 */
import { performance } from 'node:perf_hooks';

import type { IDataObject } from 'n8n-workflow';

import { documentOutput as faceproOutput } from '../nodes/FacEPro/summary';
import { documentFrom } from '../nodes/FacEPro/transport';
import { dteSummary } from '../nodes/Factuconect/summary';
import { readMhAnswer } from '../nodes/Factuconect/transport';
import { documentOutput as factusOutput } from '../nodes/Factus/summary';
import { withSummary } from '../nodes/shared/summary';
import type { LoggedRequest } from '../test/simulators/framework/server';
import { median, num, pct, progress, ratio, run, table, timed, writeReport } from './lib';
import type { Bench, Provider } from './providers';
import { providers } from './providers';

const N = Number(process.env.BENCH_INVOICES ?? 1000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
/** The same invoices split into this many executions: the difference is SPLIT − 1 executions' fixed cost. */
const SPLIT = 100;
const WARMUP = 100;

interface Replayed {
	ms: number;
	cpuMs: number;
	statuses: number[];
	/** Parsed answers, in order. */
	bodies: unknown[];
	/** Requests whose re-encoded body differs in length from the Content-Length the node sent. */
	byteMismatches: number;
}

function encodeBody(request: LoggedRequest): string | undefined {
	if (request.body === undefined) return undefined;
	const type = String(request.headers['content-type'] ?? '');
	if (type.includes('application/x-www-form-urlencoded')) return new URLSearchParams(request.body as Record<string, string>).toString();
	return typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
}

/**
 * Sends the logged requests again, one after another, with `fetch`. A login answer's token (`token`,
 * `access_token`) becomes the bearer of the requests that follow, as a hand-written client would do.
 */
async function replay(log: LoggedRequest[], baseUrl: string, staticToken?: string): Promise<Replayed> {
	const prepared = log.map((request) => {
		const body = encodeBody(request);
		const sent = Number(request.headers['content-length'] ?? (body === undefined ? 0 : Number.NaN));
		const query = new URLSearchParams(request.query).toString();
		return {
			request,
			url: `${baseUrl}${request.path}${query ? `?${query}` : ''}`,
			body,
			mismatch: body !== undefined && Buffer.byteLength(body) !== sent,
		};
	});
	let token = staticToken;
	const statuses: number[] = [];
	const bodies: unknown[] = [];
	const started = performance.now();
	const cpu = process.cpuUsage();
	for (const { request, url, body } of prepared) {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (request.headers['content-type']) headers['content-type'] = String(request.headers['content-type']);
		if (request.headers.authorization && token) headers.authorization = `Bearer ${token}`;
		const response = await fetch(url, { method: request.method, headers, body });
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		const answer = (parsed ?? {}) as IDataObject;
		const fresh = answer.access_token ?? answer.token ?? (answer.data as IDataObject | undefined)?.token;
		if (typeof fresh === 'string' && fresh !== '') token = fresh;
		statuses.push(response.status);
		bodies.push(parsed);
	}
	const used = process.cpuUsage(cpu);
	return {
		ms: performance.now() - started,
		cpuMs: (used.user + used.system) / 1000,
		statuses,
		bodies,
		byteMismatches: prepared.filter((p) => p.mismatch).length,
	};
}

/** The provider's own summary building over the answers, timed (what the node adds to every output item). */
function summaryMs(provider: Provider, log: LoggedRequest[], bodies: unknown[]): number | undefined {
	if (provider.key === 'facepro') {
		const started = performance.now();
		for (const body of bodies) {
			const document = documentFrom(body);
			if (document) faceproOutput(document);
		}
		return performance.now() - started;
	}
	if (provider.key === 'factus') {
		const started = performance.now();
		bodies.forEach((body, i) => {
			if (log[i].path === '/v1/bills/validate') factusOutput('bill', ((body as IDataObject).data ?? {}) as IDataObject);
		});
		return performance.now() - started;
	}
	if (provider.key === 'factuconect') {
		const account = { viewBaseUrl: 'http://127.0.0.1', ambiente: '00' };
		const started = performance.now();
		let created: IDataObject | undefined;
		bodies.forEach((body, i) => {
			if (log[i].path === '/facturar/fe') created = ((body as IDataObject).data ?? {}) as IDataObject;
			if (log[i].path === '/facturar/sendFteMH' && created) {
				const mh = readMhAnswer(body);
				withSummary(
					{ ...created, ...(mh ?? {}) },
					dteSummary({
						account,
						codigoGeneracion: String(created.codigoGeneracion),
						tipoDte: '01',
						numeroControl: created.numeroControl as string,
						fecEmi: created.fecEmi as string,
						total: created.totalPagar,
						mh,
					}),
				);
			}
		});
		return performance.now() - started;
	}
	return undefined;
}

/** Wall-clock and CPU milliseconds. */
interface Time {
	ms: number;
	cpuMs: number;
}

interface Sample {
	node: Time;
	fetch: Time;
	split: Time;
	preview: Time;
	summaryMs?: number;
	requests: number;
	byteMismatches: number;
	statusMismatch: boolean;
	created: number;
}

async function createAll(bench: Bench, provider: Provider, n: number, prefix: string, executions = 1): Promise<Time> {
	const per = Math.ceil(n / executions);
	const total: Time = { ms: 0, cpuMs: 0 };
	for (let e = 0; e < executions; e++) {
		const input = provider.input(per, `${prefix}${e}`);
		const { ms, cpuMs, result } = await timed(async () => await bench.run(provider.create, input));
		if (result.error) throw new Error(`${provider.name}: ${result.error.message}`);
		if (result.items.length !== per) throw new Error(`${provider.name}: ${result.items.length} items out of ${per}`);
		if (result.items.some((item) => item.json.error !== undefined)) throw new Error(`${provider.name}: an item failed`);
		total.ms += ms;
		total.cpuMs += cpuMs;
	}
	return total;
}

async function sample(provider: Provider, rep: number): Promise<Sample> {
	// 1,000 creates through the node, in one execution, on a fresh simulator.
	const nodeBench = await provider.start();
	let node: Time;
	let log: LoggedRequest[];
	let created: number;
	try {
		node = await createAll(nodeBench, provider, N, `r${rep}`);
		log = [...nodeBench.server.log];
		created = nodeBench.documents();
	} finally {
		await nodeBench.stop();
	}

	// The same requests with fetch, on another fresh simulator.
	const fetchBench = await provider.start();
	let replayed: Replayed;
	try {
		replayed = await replay(log, fetchBench.server.url, fetchBench.staticToken);
	} finally {
		await fetchBench.stop();
	}

	// The same number of invoices in SPLIT executions; then Preview Totals of 1,000 items.
	const splitBench = await provider.start();
	let split: Time;
	let preview: Time;
	try {
		split = await createAll(splitBench, provider, N, `s${rep}`, SPLIT);
		const before = splitBench.server.log.length;
		const previewed = await timed(async () => await splitBench.run(provider.preview, provider.input(N, `p${rep}`)));
		if (previewed.result.error) throw new Error(`${provider.name} preview: ${previewed.result.error.message}`);
		if (splitBench.server.log.length !== before) throw new Error(`${provider.name} preview sent requests`);
		preview = { ms: previewed.ms, cpuMs: previewed.cpuMs };
	} finally {
		await splitBench.stop();
	}

	return {
		node,
		fetch: { ms: replayed.ms, cpuMs: replayed.cpuMs },
		split,
		preview,
		summaryMs: summaryMs(provider, log, replayed.bodies),
		requests: log.length,
		byteMismatches: replayed.byteMismatches,
		statusMismatch: log.some((r, i) => r.status !== replayed.statuses[i]),
		created,
	};
}

/** A short untimed run of every path, so the timed ones do not pay for loading and JIT compiling. */
async function warmUp(provider: Provider): Promise<void> {
	const bench = await provider.start();
	let log: LoggedRequest[];
	try {
		await createAll(bench, provider, WARMUP, 'warm');
		await bench.run(provider.preview, provider.input(WARMUP, 'warm'));
		log = [...bench.server.log];
	} finally {
		await bench.stop();
	}
	const other = await provider.start();
	try {
		await replay(log, other.server.url, other.staticToken);
	} finally {
		await other.stop();
	}
}

interface Row {
	provider: Provider;
	samples: Sample[];
}

const med = (row: Row, pick: (s: Sample) => number | undefined) => median(row.samples.map(pick).filter((v): v is number => v !== undefined));

async function main() {
	const started = performance.now();
	const list = providers();
	const rows: Row[] = [];
	for (const provider of list) {
		progress(`${provider.name}: warm-up`);
		await warmUp(provider);
		const samples: Sample[] = [];
		for (let rep = 1; rep <= REPS; rep++) {
			progress(`${provider.name}: repetition ${rep}/${REPS}`);
			samples.push(await sample(provider, rep));
		}
		rows.push({ provider, samples });
	}

	const perInvoice = (ms: number) => num(ms / N, 2);
	const headline = table(
		[
			'provider',
			`${num(N)} creates through the node: wall / CPU ms`,
			'same requests, plain fetch: wall / CPU ms',
			'ratio node / fetch: wall',
			'ratio: CPU',
			'per invoice, node / fetch: CPU ms',
		],
		rows.map((row) => {
			const node = { ms: med(row, (s) => s.node.ms), cpu: med(row, (s) => s.node.cpuMs) };
			const plain = { ms: med(row, (s) => s.fetch.ms), cpu: med(row, (s) => s.fetch.cpuMs) };
			return [
				row.provider.name,
				`${num(node.ms)} / ${num(node.cpu)}`,
				`${num(plain.ms)} / ${num(plain.cpu)}`,
				ratio(node.ms / plain.ms),
				ratio(node.cpu / plain.cpu),
				`${perInvoice(node.cpu)} / ${perInvoice(plain.cpu)}`,
			];
		}),
	);

	const details = table(
		[
			'provider',
			'HTTP requests (node = fetch)',
			'bodies byte-identical',
			'statuses identical',
			'documents created',
			`1 × ${num(N)} items: wall / CPU ms`,
			`${SPLIT} × ${num(N / SPLIT)} items: wall / CPU ms`,
			'CPU per extra execution (ms)',
		],
		rows.map((row) => {
			const s0 = row.samples[0];
			const oneCpu = med(row, (s) => s.node.cpuMs);
			const splitCpu = med(row, (s) => s.split.cpuMs);
			return [
				row.provider.name,
				num(s0.requests),
				row.samples.every((s) => s.byteMismatches === 0) ? 'yes (Content-Length of every request)' : `no (${s0.byteMismatches} differ)`,
				row.samples.every((s) => !s.statusMismatch) ? 'yes' : 'no',
				num(s0.created),
				`${num(med(row, (s) => s.node.ms))} / ${num(oneCpu)}`,
				`${num(med(row, (s) => s.split.ms))} / ${num(splitCpu)}`,
				num((splitCpu - oneCpu) / (SPLIT - 1), 1),
			];
		}),
	);

	const attribution = table(
		[
			'provider',
			'node total',
			'the same HTTP with fetch (client + simulator)',
			'local work (Preview Totals, no request)',
			'summary building',
			'rest: n8n request helper, credentials, our wrapper, minus fetch',
			'overhead share',
		],
		rows.map((row) => {
			const node = med(row, (s) => s.node.cpuMs);
			const plain = med(row, (s) => s.fetch.cpuMs);
			const preview = med(row, (s) => s.preview.cpuMs);
			const summary = med(row, (s) => s.summaryMs);
			const rest = node - plain - preview - (Number.isFinite(summary) ? summary : 0);
			const cell = (ms: number) => `${perInvoice(ms)} ms (${pct(ms / node, 0)})`;
			return [
				row.provider.name,
				`${perInvoice(node)} ms`,
				cell(plain),
				cell(preview),
				Number.isFinite(summary) ? cell(summary) : '–',
				cell(rest),
				pct((node - plain) / node, 0),
			];
		}),
	);

	const raw = table(
		['provider', 'repetition', 'node wall / CPU ms', 'fetch wall / CPU ms', `${SPLIT} × ${num(N / SPLIT)} wall / CPU ms`, 'preview wall / CPU ms', 'summary ms'],
		rows.flatMap((row) =>
			row.samples.map((s, i) => [
				row.provider.name,
				i + 1,
				`${num(s.node.ms)} / ${num(s.node.cpuMs)}`,
				`${num(s.fetch.ms)} / ${num(s.fetch.cpuMs)}`,
				`${num(s.split.ms)} / ${num(s.split.cpuMs)}`,
				`${num(s.preview.ms)} / ${num(s.preview.cpuMs)}`,
				s.summaryMs === undefined ? '–' : num(s.summaryMs, 1),
			]),
		),
	);

	writeReport({
		name: 'overhead',
		title: `Node overhead: ${num(N)} invoice creations through the node vs a plain fetch loop`,
		command: 'npx ts-node --transpile-only --prefer-ts-exts bench/overhead.bench.ts',
		seconds: (performance.now() - started) / 1000,
		method: [
			`Each provider: ${num(N)} creates through the node in one n8n execution (harness: n8n-core WorkflowExecute, credentials resolved and ` +
				'authenticated as n8n does), in Fields mode with three fields mapped from the input item by expressions; then the very requests the ' +
				"simulator logged for that run are sent again, one after another, by a plain `fetch` loop to a fresh simulator (same method, path, query " +
				'and body bytes, same order, logins included; the loop reads each answer as JSON and takes the token from a login answer).',
			`Medians of ${REPS} repetitions, each on fresh simulators, after an untimed warm-up of ${WARMUP} items on every path. Wall time is ` +
				'what a user waits; CPU time is what this process (the node or the fetch loop, plus the in-process simulator, which does the same ' +
				'work in both) spent, and is much less disturbed by other work on the machine, so ratios and the breakdown below use it. ' +
				'Creates are what the nodes send by default: FacEPro POST /documentos; Factuconect POST /facturar/fe then POST /facturar/sendFteMH ' +
				'("Send to Hacienda Now" is on by default); Factus POST /v1/bills/validate (the login is part of the first execution).',
			`Per-execution cost: the same ${num(N)} invoices as ${SPLIT} executions of ${num(N / SPLIT)} items on one credential (token kept ` +
				`between executions, as n8n stores it); the CPU difference to one execution, divided by ${SPLIT - 1}, is the fixed cost of one ` +
				'more execution (building the workflow, n8n-core run bookkeeping, the first item of each run).',
		],
		headline,
		sections: [
			{ heading: 'Requests and executions', body: details },
			{
				heading: 'Where the overhead goes (CPU per invoice)',
				body: [
					attribution,
					'',
					'"Local work" is Preview Totals over the same items in one execution: the n8n execution of 1,000 items, expression evaluation,',
					"parameter reading, validation, totals and output items, with no request (Factuconect's preview reads only the lines, so it",
					'understates its create a little). "Summary building" is the provider\'s summary function over the 1,000 answers, timed apart.',
					'"Rest" is what is left: n8n\'s `httpRequestWithAuthentication` (axios, credential decryption and authentication per request)',
					"and our `apiRequest` wrapper, less what `fetch` itself spends; it is a difference of medians, so it carries their noise.",
				].join('\n'),
			},
			{ heading: 'Every repetition', body: raw },
		],
	});
}

run(main);
