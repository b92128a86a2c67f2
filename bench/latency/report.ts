/** bench/results/latency.md from latency.bench.ts's outcomes: headline, every run, CPU and its profile, load. */
import type { Phase, CpuResult } from '../latency.bench';
import { median, num, ratio, table, writeReport } from '../lib';
import type { Provider, ProviderKey } from '../providers';
import type { ClientKey, Outcome } from './clients';
import type { Profiled } from './profile';
import { FACTUS_LIMIT, FLOOR_IN_FLIGHT } from './clients';

export interface ReportInput {
	providers: Provider[];
	/** Parallel Requests default each node declares (undefined: none declared, the runner's fallback 1). */
	declared: Record<ProviderKey, number | undefined>;
	http: string;
	httpVersion: number;
	outcomes: Outcome[];
	cpu: CpuResult[];
	phases: Phase[];
	seconds: number;
	quick: boolean;
	n: number;
	latencies: number[];
	reps: number;
}

const GOAL: Record<ProviderKey, number> = { facepro: 1.5, factuconect: 1.5, factus: 1.25 };
const CLIENT_NAME: Record<ClientKey, string> = {
	default: 'our node, default settings',
	serial: 'our node, Parallel Requests 1',
	http: "n8n's HTTP Request node",
	floor: `floor: fetch, ${FLOOR_IN_FLIGHT} in flight`,
};

const secs = (ms: number) => `${num(ms / 1000, ms % 1000 ? 1 : 0)} s`;

/** Factus: the fastest N creates can finish under its limit (whole windows, then one processing time). */
export const factusFloorSeconds = (n: number, latencyMs: number) =>
	(Math.max(0, Math.ceil(n / FACTUS_LIMIT.limit) - 1) * FACTUS_LIMIT.windowMs + latencyMs) / 1000;

export function renderReport(input: ReportInput): void {
	const find = (p: ProviderKey, c: ClientKey, l: number) => input.outcomes.find((o) => o.provider === p && o.client === c && o.latencyMs === l);
	/** Factus's limit binds only when a run has more creates than it allows per window. */
	const limitBinds = input.n > FACTUS_LIMIT.limit;
	/** The floor a run is compared with: the measured fetch, or Factus's rate-limit floor where its limit binds. */
	const floorOf = (p: ProviderKey, l: number) =>
		p === 'factus' && limitBinds ? factusFloorSeconds(input.n, l) : (find(p, 'floor', l)?.seconds ?? Number.NaN);
	const parallelName = (p: ProviderKey) =>
		input.declared[p] === undefined ? 'none declared: the runner falls back to 1' : `Parallel Requests ${input.declared[p]}`;
	const reference = input.latencies.includes(1500) ? 1500 : Math.max(...input.latencies);

	const timeCell = (o: Outcome | undefined) => {
		if (!o) return '–';
		const base = `${num(o.seconds, 1)} s`;
		if (o.nodeError) return `${base}: node failed (${num(o.failed)} of ${num(o.items)} items; ${num(o.rejected429)} × 429)`;
		if (o.failed) return `${base}: ${num(o.failed)} failed`;
		return base;
	};
	const quality = (o: Outcome | undefined) =>
		o ? `${num(o.duplicates)} / ${num(o.failed)} / ${o.orderKept === undefined ? '–' : o.orderKept ? 'yes' : 'NO'}` : '–';

	const headline = [
		table(
			[
				'provider',
				`our node, default settings`,
				'our node, Parallel Requests 1',
				"n8n's HTTP Request node (defaults)",
				'floor',
				'default ÷ floor (goal)',
				'duplicates / failed items / order kept (default)',
			],
			input.providers.map((p) => {
				const d = find(p.key, 'default', reference);
				const floor = floorOf(p.key, reference);
				const measuredFloor = find(p.key, 'floor', reference);
				return [
					p.key === 'factuconect' ? 'Factuconect (create + send)' : p.key === 'factus' ? `Factus (${FACTUS_LIMIT.limit} requests/min enforced)` : p.name,
					`${timeCell(d)} (${parallelName(p.key)})`,
					timeCell(find(p.key, 'serial', reference)),
					timeCell(find(p.key, 'http', reference)),
					p.key === 'factus' && limitBinds
						? `${num(floor, 1)} s rate-limit floor (fetch paced to the limit: ${timeCell(measuredFloor)})`
						: `${timeCell(measuredFloor)} (${FLOOR_IN_FLIGHT} in flight)`,
					`${ratio((d?.seconds ?? Number.NaN) / floor)} (≤ ${GOAL[p.key]}×)`,
					quality(d),
				];
			}),
		),
		'',
		`${num(input.n)} creates in one execution, the simulator taking ${secs(reference)} per document.`,
		'',
		table(
			['provider', 'CPU per item at 0 ms: our node (default settings)', "n8n's HTTP Request node", 'ratio (goal ≤ 1.1×)', `for reference: plain fetch, ${FLOOR_IN_FLIGHT} in flight`],
			input.cpu.map((c) => {
				const [ours, http, floor] = [median(c.ours), median(c.http), median(c.floor)];
				return [
					input.providers.find((p) => p.key === c.provider)?.name ?? c.provider,
					`${num(ours, 2)} ms`,
					`${num(http, 2)} ms`,
					ratio(ours / http),
					`${num(floor, 2)} ms`,
				];
			}),
		),
	].join('\n');

	const every = table(
		['provider', 'latency', 'client', 'time', '÷ floor', 'items ok / failed', 'duplicates', 'missing documents', '429s', 'order kept', 'peak in flight', 'requests'],
		input.providers.flatMap((p) =>
			input.latencies.flatMap((l) =>
				(['default', 'serial', 'http', 'floor'] as ClientKey[]).map((c) => {
					const o = find(p.key, c, l);
					if (!o) return [p.name, secs(l), CLIENT_NAME[c], '–', '–', '–', '–', '–', '–', '–', '–', '–'];
					return [
						p.name,
						secs(l),
						c === 'default' ? `${CLIENT_NAME[c]} (${parallelName(p.key)})` : c === 'floor' && p.key === 'factus' ? `${CLIENT_NAME[c]}, paced to the limit` : CLIENT_NAME[c],
						`${num(o.seconds, 2)} s${o.nodeError ? ' (node failed)' : ''}`,
						ratio(o.seconds / floorOf(p.key, l)),
						`${num(o.ok)} / ${num(o.failed)}`,
						num(o.duplicates),
						num(o.missing),
						num(o.rejected429),
						o.orderKept === undefined ? '–' : o.orderKept ? 'yes' : 'NO',
						num(o.peakInFlight),
						num(o.requests),
					];
				}),
			),
		),
	);

	const profileSections = input.cpu.map((c) => {
		const name = input.providers.find((p) => p.key === c.provider)?.name ?? c.provider;
		const [ours, http] = [c.profileOurs, c.profileHttp];
		const places = [...new Set([...ours.byPlace, ...http.byPlace].map((x) => x.place))];
		const shareOf = (p: Profiled, place: string) => p.byPlace.find((x) => x.place === place)?.share ?? 0;
		/** ms per item: the place's share of the samples × the profiled run's measured CPU. */
		const perItem = (p: Profiled, place: string) => (shareOf(p, place) * p.cpuMs) / input.n;
		const rows = places
			.filter((place) => shareOf(ours, place) >= 0.005 || shareOf(http, place) >= 0.005)
			.sort((a, b) => perItem(ours, b) + perItem(http, b) - (perItem(ours, a) + perItem(http, a)));
		const pct = (share: number) => `${num(100 * share, 1)} %`;
		const body = [
			table(
				['where (self time)', 'our node: ms per item', 'share', 'HTTP Request node: ms per item', 'share', 'difference, ms per item'],
				[
					...rows.map((place) => [
						place,
						num(perItem(ours, place), 3),
						pct(shareOf(ours, place)),
						num(perItem(http, place), 3),
						pct(shareOf(http, place)),
						num(perItem(ours, place) - perItem(http, place), 3),
					]),
					['process CPU of the profiled run', num(ours.cpuMs / input.n, 3), '100 %', num(http.cpuMs / input.n, 3), '100 %', num((ours.cpuMs - http.cpuMs) / input.n, 3)],
				],
			),
			'',
			`Our node's busiest functions (share of the samples): ${ours.topFunctions
				.slice(0, 10)
				.map((f) => `\`${f.name}\` ${pct(f.share)}`)
				.join('; ')}.`,
			'',
			`This package's own busiest functions: ${ours.ownFunctions.map((f) => `\`${f.name}\` ${pct(f.share)}`).join('; ') || 'none sampled'}.`,
			'',
			`The HTTP Request node's busiest functions: ${http.topFunctions
				.slice(0, 6)
				.map((f) => `\`${f.name}\` ${pct(f.share)}`)
				.join('; ')}.`,
		].join('\n');
		return { heading: `Where the CPU goes: ${name} (one profiled run of ${num(input.n)} items each, 0 ms)`, body };
	});

	const notes: string[] = [];
	for (const p of input.providers) {
		const d = find(p.key, 'default', reference);
		if (!d) continue;
		const factor = d.seconds / floorOf(p.key, reference);
		const clean = d.duplicates === 0 && d.failed === 0 && d.orderKept === true;
		notes.push(
			`${p.name} at ${secs(reference)}, default settings (${parallelName(p.key)}; at most ${num(d.peakInFlight)} requests in flight at the simulator): ` +
				`${ratio(factor)} the floor — ${factor <= GOAL[p.key] ? 'meets' : 'MISSES'} the goal of ≤ ${GOAL[p.key]}×; ` +
				`${clean ? '0 duplicates, 0 failed items, output order kept' : `${d.duplicates} duplicates, ${d.failed} failed items, order kept: ${String(d.orderKept)}`}.`,
		);
	}
	for (const p of input.providers) {
		const declared = input.declared[p.key] ?? 1;
		const slow = input.outcomes.filter((o) => o.provider === p.key && o.client === 'default' && o.latencyMs > 0);
		const peak = Math.max(...slow.map((o) => o.peakInFlight));
		if (slow.length && peak < Math.min(declared, input.n)) {
			notes.push(
				`${p.name} declares Parallel Requests ${declared} as its default, but with latency the simulator never saw more than ` +
					`${num(peak)} of its requests in flight: the default in effect is not the one the node shows.`,
			);
		}
	}
	for (const o of input.outcomes.filter((x) => x.duplicates > 0 || (x.client !== 'http' && x.failed > 0))) {
		notes.push(`${o.provider}, ${CLIENT_NAME[o.client]} at ${secs(o.latencyMs)}: ${o.duplicates} duplicates, ${o.failed} failed items${o.nodeError ? ` (${o.nodeError})` : ''}.`);
	}
	for (const c of input.cpu) {
		const r = median(c.ours) / median(c.http);
		notes.push(
			`${c.provider}: CPU per item ${ratio(r)} the HTTP Request node's (${r <= 1.1 ? 'meets' : 'MISSES'} the goal of ≤ 1.1×); ` +
				`repetitions ours ${c.ours.map((x) => num(x, 2)).join(', ')} ms, HTTP Request ${c.http.map((x) => num(x, 2)).join(', ')} ms.`,
		);
	}

	const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
	const phases = table(
		['phase', 'seconds', 'load average 1 / 5 / 15 min at start', 'at end'],
		input.phases.map((ph) => [ph.name, num(ph.seconds, 0), load(ph.loadStart), load(ph.loadEnd)]),
	);

	writeReport({
		name: 'latency',
		title: `Batches with provider latency: our node vs n8n's HTTP Request node vs the floor${input.quick ? ' (QUICK RUN: N = 20, not the figures to quote)' : ''}`,
		command: `npm run bench:latency${input.quick ? ' -- --quick' : ''}`,
		seconds: input.seconds,
		method: [
			`${num(input.n)} creates per provider in one n8n execution (harness: n8n-core's WorkflowExecute, Start → node), each run on a fresh ` +
				`simulator, at ${input.latencies.map(secs).join(', ')} of processing time per document: every request that hands a document to ` +
				'the tax authority waits that long before it is handled (FacEPro POST /documentos, Factuconect POST /facturar/sendFteMH, Factus ' +
				'every accepted /v1 request, here POST /v1/bills/validate) — one wait per document; logins, catalog reads, Factuconect\'s create ' +
				`before the send and Factus's 429s answer at once. The Factus simulator enforces ${FACTUS_LIMIT.limit} requests per ` +
				`${FACTUS_LIMIT.windowMs / 1000} s per user (fixed window, like Laravel's throttle) in every run with latency or at 0 ms; ` +
				"our node's Factus credential is as a user saves it (no advanced settings: the node's own budget for that limit).",
			`The clients: (a) our node with default settings — the Parallel Requests default read from the node's own description ` +
				`(${input.providers.map((p) => `${p.name}: ${parallelName(p.key)}`).join('; ')}); (b) our node with Parallel Requests 1; ` +
				`(c) n8n's HTTP Request node v${input.httpVersion} from ${input.http}, in the same harness: POST, an Authorization header ` +
				'with a bearer token fetched once before the run (not timed; a user pastes it or logs in in an earlier node), Send Body as JSON ' +
				"`{{ $json }}` where each item is the body our node sent for that item in a capture run — every option at its default (no " +
				'batching: it sends all items at once, and a 429 fails the node). For Factuconect a second HTTP Request node sends each created ' +
				"DTE to Hacienda (`codigoGeneracion` from the create's answer). (d) The floor: the same bodies with plain `fetch`, " +
				`${FLOOR_IN_FLIGHT} in flight (a Factuconect lane creates, then sends); for Factus paced to exactly its limit (sliding window, ` +
				`100 ms margin; a 429 would wait Retry-After) — and Factus's rate-limit floor, (⌈N / ${FACTUS_LIMIT.limit}⌉ − 1) × ` +
				`${FACTUS_LIMIT.windowMs / 1000} s + one processing time, is what its runs are divided by (when N > ${FACTUS_LIMIT.limit}; ` +
				'below that the limit does not bind and the measured fetch is the floor).',
			'Counted from the simulator: duplicates (documents beyond the first for the same item: customer ID number for FacEPro, line ' +
				'description for Factuconect, reference code for Factus), missing documents, 429s answered, requests, and the most requests it ' +
				'was handling at once (peak in flight). Failed items: items not returned or returned as errors (when a node fails as a whole, ' +
				'all its items count as failed although documents may exist: see missing documents). Order kept: output item i carries input ' +
				"item i's document (its identifiers matched to the simulator's documents).",
			`CPU per item: process CPU time (user + system) during the run ÷ items, at 0 ms and without rate limit, median of ${input.reps} ` +
				'interleaved repetitions after a warm-up, default settings. The simulator runs in the same process, so its work (the same ' +
				'requests for every client) is in every figure, and so is Node\'s HTTP stack on both ends; plain `fetch` (undici) is shown for ' +
				'reference — in Node 20 it costs about as much CPU per request as n8n\'s axios-based helpers, so it is no lower bound. One more ' +
				'run of each node under the V8 sampling profiler shows where the CPU goes (shares of the samples × the run\'s measured CPU).',
			'Every run is a child process. The 0 ms runs and the CPU runs go one at a time; the runs with latency (mostly waiting) go several ' +
				'at once. The machine is shared: see the load averages per phase below; CPU-bound figures (0 ms) move with the load, ' +
				'latency-bound ones much less.',
		],
		headline,
		sections: [
			{
				heading: 'Reading the CPU comparison',
				body:
					"The HTTP Request node is handed finished request bodies (one `{{ $json }}` expression per item); our node builds each body " +
					'from the order fields (three mapped expressions per item here, two for Factuconect), validates it, computes totals, runs the ' +
					'duplicate-safe issue protocol and writes a summary. In a real workflow the HTTP Request node would need a Set or Code node ' +
					'before it to build the bodies, whose cost is not in its figure. n8n evaluates every expression with a fresh data proxy ' +
					"(`WorkflowDataProxy`, whose `$now` and `$today` are luxon DateTimes — luxon's `partsOffset` in the profiles) and global " +
					'context (`initializeGlobalContext`), so each mapped field costs CPU before our code runs.',
			},
			{ heading: 'Every run', body: every },
			...profileSections,
			{ heading: 'Phases and machine load', body: phases },
		],
		notes,
	});
}
