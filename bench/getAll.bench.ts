/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Get Many with Return All over 10,000 seeded documents: list requests and time against the floor set
 * by the API's largest page, ceil(10,000 / max page size). FacEPro invoices, Factuconect clients and
 * Factus bills (Factus also under its real limit of 80 requests a minute, which sets the time there).
 *
 *   npx ts-node --transpile-only --prefer-ts-exts bench/getAll.bench.ts
 */
import { performance } from 'node:perf_hooks';

import { median, num, progress, run, table, timed, writeReport } from './lib';
import type { Provider, SimOptions, CredentialOptions } from './providers';
import { providers } from './providers';

const TOTAL = Number(process.env.BENCH_DOCUMENTS ?? 10_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);

interface Row {
	provider: Provider;
	condition: string;
	items: number;
	unique: number;
	listRequests: number;
	otherRequests: number;
	floor: number;
	/** Median over the repetitions. */
	ms: number;
	samples: number[];
	seedMs: number;
	/** Factus: 429s answered during the measured runs. */
	rejected?: number;
}

async function measure(provider: Provider, condition: string, sim: SimOptions, credential: CredentialOptions, reps: number): Promise<Row> {
	const getAll = provider.getAll!;
	const bench = await provider.start(sim, credential);
	try {
		const seeded = await timed(async () => getAll.seed(bench, TOTAL));
		// One untimed call of a small page (logs in where there is a login, and warms up the code).
		const warm = await bench.run({ ...getAll.parameters, returnAll: false, limit: 10 }, [{}]);
		if (warm.error) throw new Error(`${provider.name}: ${warm.error.message}`);
		const samples: number[] = [];
		let row: Omit<Row, 'ms' | 'samples' | 'seedMs'> | undefined;
		for (let rep = 0; rep < reps; rep++) {
			bench.server.clearLog();
			const { ms, result } = await timed(async () => await bench.run(getAll.parameters, [{}]));
			if (result.error) throw new Error(`${provider.name}: ${result.error.message}`);
			samples.push(ms);
			const log = bench.server.log;
			const list = log.filter((r) => getAll.isListRequest(r)).length;
			const ids = new Set(result.items.map((i) => JSON.stringify(i.json.tracking_id ?? i.json.id ?? i.json.number ?? i.json)));
			row = {
				provider,
				condition,
				items: result.items.length,
				unique: ids.size,
				listRequests: list,
				otherRequests: log.length - list,
				floor: Math.ceil(TOTAL / getAll.maxPageSize),
			};
		}
		return { ...row!, ms: median(samples), samples, seedMs: seeded.ms, rejected: bench.rate?.().rejected };
	} finally {
		await bench.stop();
	}
}

async function main() {
	const started = performance.now();
	const list = providers();
	const rows: Row[] = [];
	for (const provider of list) {
		if (!provider.getAll) continue;
		progress(`${provider.name}: ${provider.getAll.what}`);
		rows.push(await measure(provider, 'no rate limit', {}, {}, REPS));
		if (provider.key === 'factus') {
			progress(`${provider.name}: under 80 requests per 60 s`);
			rows.push(
				await measure(
					provider,
					'80 requests / 60 s (Factus default), credential at its default',
					{ rateLimit: { limit: 80, windowMs: 60_000 } },
					{ rateLimit: 80, rateLimitWindowSeconds: 60 },
					1,
				),
			);
		}
	}

	const headline = table(
		['provider', 'what', 'items returned', 'list requests', 'floor ceil(N / max page)', 'time (s)', 'condition'],
		rows.map((r) => [
			r.provider.name,
			r.provider.getAll!.what,
			num(r.items),
			num(r.listRequests),
			`${num(r.floor)} (max page ${r.provider.getAll!.maxPageSize})`,
			num(r.ms / 1000, 2),
			r.condition,
		]),
	);
	const detail = table(
		['provider', 'condition', 'items (unique)', 'list requests / floor', 'other requests', '429 received', 'ms per list request', 'every repetition (ms)', 'seeding (ms)'],
		rows.map((r) => [
			r.provider.name,
			r.condition,
			`${num(r.items)} (${num(r.unique)})`,
			`${num(r.listRequests)} / ${num(r.floor)}`,
			num(r.otherRequests),
			r.rejected === undefined ? 'n/a (no rate limit)' : num(r.rejected),
			num(r.ms / Math.max(1, r.listRequests), 1),
			r.samples.map((s) => num(s)).join(', '),
			num(r.seedMs),
		]),
	);

	const notes: string[] = [];
	for (const r of rows) {
		if (r.items !== TOTAL || r.unique !== TOTAL) notes.push(`${r.provider.name} (${r.condition}): returned ${num(r.items)} items, ${num(r.unique)} unique, of ${num(TOTAL)}.`);
		if (r.listRequests > r.floor) notes.push(`${r.provider.name} (${r.condition}): ${r.listRequests - r.floor} list request(s) above the floor.`);
	}

	writeReport({
		name: 'getAll',
		title: `Get Many / Return All over ${num(TOTAL)} documents`,
		command: 'npx ts-node --transpile-only --prefer-ts-exts bench/getAll.bench.ts',
		seconds: (performance.now() - started) / 1000,
		method: [
			`Each provider's simulator is seeded with ${num(TOTAL)} documents (FacEPro invoices and notes, Factuconect clients, Factus bills), ` +
				'then Get Many runs with Return All and no filter, in one execution through the harness. "List requests" are counted from the ' +
				"simulator's log; the floor is the fewest requests any client needs at the API's largest page (all three clamp to 100). " +
				`Time is the median of ${REPS} runs after one untimed small call (which also logs in where there is a login), and includes ` +
				`building ${num(TOTAL)} output items with their summaries.`,
			"Factus is also run once under its real limit, 80 requests per 60 s, with the credential's rate-limit settings at their default: " +
				'the node paces itself a little under the limit, so the requests that do not fit in the first window wait for the next one.',
		],
		headline,
		sections: [{ heading: 'Details', body: detail }],
		notes,
	});
}

run(main);
