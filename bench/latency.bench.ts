/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test tooling, not shipped in dist/ */
/**
 * A benchmark that tells the truth about batches (issue 13): N = 100 creates per provider, with the
 * simulator taking 0, 0.5, 1.5 and 3 s per document and Factus's 80 requests/min enforced, issued by
 *   (a) our node with default settings (the Parallel Requests default the node itself declares),
 *   (b) our node with Parallel Requests 1,
 *   (c) n8n's own HTTP Request node (loaded from the provisioned n8n's n8n-nodes-base, in the same
 *       harness, sending the same bodies, default settings),
 *   (d) the floor: plain `fetch` with 10 in flight (Factus: paced to its limit; its rate-limit floor is
 *       also computed),
 * counting duplicates (documents per item in the simulator), failed items, 429s and whether the output
 * kept the input's order. Then the CPU per item at 0 ms: our node vs the HTTP Request node, and a
 * profile of where each one's CPU goes.
 *
 *   npm run bench:latency             # full run (~20–30 min)
 *   npm run bench:latency -- --quick  # N = 20, 0 and 0.5 s (a couple of minutes)
 *
 * Every measurement runs in a child process (pacing budgets and n8n-core state are per process). The
 * 0 ms runs and the CPU runs go one at a time; the runs with latency — mostly waiting — go up to
 * BENCH_WORKERS (4) at once. Knobs (a run with any BENCH_* set is printed, not written): BENCH_PROVIDERS,
 * BENCH_INVOICES, BENCH_LATENCIES (seconds, comma-separated), BENCH_REPS, BENCH_WORKERS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { ClientKey, Outcome } from './latency/clients';
import { capture, declaredParallel, FACTUS_LIMIT, loadHttpRequestNode, runFloor, runHttpRequest, runNode } from './latency/clients';
import type { Profiled } from './latency/profile';
import { profile } from './latency/profile';
import type { ReportInput } from './latency/report';
import { renderReport } from './latency/report';
import { progress, run } from './lib';
import type { Provider, ProviderKey } from './providers';
import { providers } from './providers';

export const QUICK = process.argv.includes('--quick');
export const N = Number(process.env.BENCH_INVOICES ?? (QUICK ? 20 : 100));
export const LATENCIES = (process.env.BENCH_LATENCIES ?? (QUICK ? '0,0.5' : '0,0.5,1.5,3')).split(',').map((s) => Math.round(Number(s) * 1000));
const REPS = Number(process.env.BENCH_REPS ?? (QUICK ? 2 : 5));
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
export const CLIENTS: ClientKey[] = ['default', 'serial', 'http', 'floor'];

/** One child process: these clients at these latencies, then (with `cpu`) the CPU measurement. */
interface Job {
	provider: ProviderKey;
	clients: ClientKey[];
	latencies: number[];
	cpu?: boolean;
}

export interface CpuResult {
	provider: ProviderKey;
	/** CPU ms per item, one entry per repetition. */
	ours: number[];
	http: number[];
	floor: number[];
	profileOurs: Profiled;
	profileHttp: Profiled;
}

export interface WorkerOutput {
	outcomes: Outcome[];
	cpu?: CpuResult;
}

const providerOf = (key: ProviderKey): Provider => {
	const found = providers().find((p) => p.key === key);
	if (!found) throw new Error(`Unknown provider ${key}`);
	return found;
};

/** First runs in a fresh process load modules and warm the JIT: not measured. */
async function warmUp(provider: Provider): Promise<void> {
	await runNode(provider, 0, 5, { client: 'default', rateLimited: false, prefix: 'w' });
	const captured = await capture(provider, 5);
	await runHttpRequest(provider, 0, captured, { rateLimited: false });
	await runFloor(provider, 0, captured, { rateLimited: false });
}

async function runJob(job: Job): Promise<WorkerOutput> {
	const provider = providerOf(job.provider);
	await warmUp(provider);
	const captured = job.clients.some((c) => c === 'http' || c === 'floor') ? await capture(provider, N) : undefined;
	const outcomes: Outcome[] = [];
	for (const latencyMs of job.latencies) {
		for (const client of job.clients) {
			progress(`${provider.name}: ${client} at ${latencyMs} ms`);
			if (client === 'default') outcomes.push(await runNode(provider, latencyMs, N, { client }));
			if (client === 'serial') outcomes.push(await runNode(provider, latencyMs, N, { client, parallel: 1 }));
			if (client === 'http') outcomes.push(await runHttpRequest(provider, latencyMs, captured!));
			if (client === 'floor') outcomes.push(await runFloor(provider, latencyMs, captured!));
		}
	}
	return { outcomes, cpu: job.cpu ? await cpuRuns(provider) : undefined };
}

/** CPU per item at 0 ms without rate limit (nothing waits), repeated and interleaved; then one profiled run each. */
async function cpuRuns(provider: Provider): Promise<CpuResult> {
	const captured = await capture(provider, N);
	const cpu: CpuResult = { provider: provider.key, ours: [], http: [], floor: [], profileOurs: undefined!, profileHttp: undefined! };
	for (let rep = 0; rep < REPS; rep++) {
		progress(`${provider.name}: CPU repetition ${rep + 1}/${REPS}`);
		cpu.ours.push((await runNode(provider, 0, N, { client: 'default', rateLimited: false })).cpuMs / N);
		cpu.http.push((await runHttpRequest(provider, 0, captured, { rateLimited: false })).cpuMs / N);
		cpu.floor.push((await runFloor(provider, 0, captured, { rateLimited: false })).cpuMs / N);
	}
	cpu.profileOurs = await profile(async () => await runNode(provider, 0, N, { client: 'default', rateLimited: false }));
	cpu.profileHttp = await profile(async () => await runHttpRequest(provider, 0, captured, { rateLimited: false }));
	return cpu;
}

/** Runs one job in a child process (this file with `--worker <job> <out>`); resolves with its output. */
async function spawnJob(job: Job, dir: string, index: number): Promise<WorkerOutput> {
	const jobFile = join(dir, `job-${index}.json`);
	const outFile = join(dir, `out-${index}.json`);
	writeFileSync(jobFile, JSON.stringify(job));
	const bin = require.resolve('ts-node/dist/bin.js');
	const args = [bin, '--transpile-only', '--prefer-ts-exts', __filename, '--worker', jobFile, outFile, ...(QUICK ? ['--quick'] : [])];
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
	const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
	if (code !== 0) throw new Error(`Worker for ${JSON.stringify(job)} failed (exit ${code})`);
	return JSON.parse(readFileSync(outFile, 'utf8')) as WorkerOutput;
}

/** Runs jobs with at most `limit` at once, the longest (estimated) first. */
async function pool(jobs: Job[], limit: number, dir: string, firstIndex: number): Promise<WorkerOutput[]> {
	const outputs: WorkerOutput[] = [];
	let next = 0;
	const lane = async () => {
		while (next < jobs.length) {
			const i = next++;
			outputs.push(await spawnJob(jobs[i], dir, firstIndex + i));
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
	return outputs;
}

/** Rough seconds a latency job waits (for scheduling only). */
function estimate(job: Job): number {
	return job.latencies.reduce(
		(sum, ms) =>
			sum +
			job.clients.reduce((s, c) => s + (c === 'serial' ? (N * ms) / 1000 : (N * ms) / 10_000) + (job.provider === 'factus' && c !== 'http' && N > FACTUS_LIMIT.limit ? 60 : 0), 0),
		0,
	);
}

export interface Phase {
	name: string;
	seconds: number;
	loadStart: number[];
	loadEnd: number[];
}

async function main() {
	const started = performance.now();
	const list = providers();
	const http = loadHttpRequestNode();
	const declared = Object.fromEntries(list.map((p) => [p.key, declaredParallel(p.nodeType(), p.create)])) as Record<ProviderKey, number | undefined>;
	const dir = mkdtempSync(join(tmpdir(), 'latency-bench-'));
	const phases: Phase[] = [];
	const outputs: WorkerOutput[] = [];
	const phase = async (name: string, fn: () => Promise<WorkerOutput[]>) => {
		const at = performance.now();
		const loadStart = loadavg();
		progress(`phase: ${name} (load average ${loadStart.map((l) => l.toFixed(2)).join(' ')})`);
		outputs.push(...(await fn()));
		phases.push({ name, seconds: (performance.now() - at) / 1000, loadStart, loadEnd: loadavg() });
	};
	const zero = LATENCIES.filter((ms) => ms === 0);
	const slow = LATENCIES.filter((ms) => ms > 0);
	await phase('0 ms, then CPU per item (0 ms, no rate limit): one run at a time', async () =>
		await pool(list.map((p) => ({ provider: p.key, clients: CLIENTS, latencies: zero, cpu: true })), 1, dir, 0),
	);
	if (slow.length) {
		const jobs = list
			.flatMap((p) => CLIENTS.map((client) => ({ provider: p.key, clients: [client], latencies: slow })))
			.sort((a, b) => estimate(b) - estimate(a));
		await phase(`with latency, up to ${WORKERS} runs at once`, async () => await pool(jobs, WORKERS, dir, 20));
	}
	const raw: Raw = {
		providers: list.map((p) => p.key),
		declared,
		http: http.from,
		httpVersion: http.version,
		outcomes: outputs.flatMap((o) => o.outcomes),
		cpu: outputs.flatMap((o) => (o.cpu ? [o.cpu] : [])),
		phases,
		seconds: (performance.now() - started) / 1000,
		quick: QUICK,
		n: N,
		latencies: LATENCIES,
		reps: REPS,
	};
	const rawFile = join(dir, 'raw.json');
	writeFileSync(rawFile, JSON.stringify(raw));
	progress(`raw results: ${rawFile} (npm run bench:latency -- --render ${rawFile} re-renders the report)`);
	render(raw);
}

/** Everything the report is made of, as JSON. */
type Raw = Omit<ReportInput, 'providers'> & { providers: ProviderKey[] };

function render(raw: Raw): void {
	renderReport({ ...raw, providers: raw.providers.map(providerOf) });
}

const workerAt = process.argv.indexOf('--worker');
const renderAt = process.argv.indexOf('--render');
if (renderAt >= 0) {
	run(async () => render(JSON.parse(readFileSync(process.argv[renderAt + 1], 'utf8')) as Raw));
} else if (workerAt >= 0) {
	const [jobFile, outFile] = process.argv.slice(workerAt + 1, workerAt + 3);
	const job = JSON.parse(readFileSync(jobFile, 'utf8')) as Job;
	run(async () => {
		writeFileSync(outFile, JSON.stringify(await runJob(job)));
	});
} else {
	run(main);
}
