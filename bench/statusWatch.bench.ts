/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * How much one status-trigger poll costs as the provider's history grows: requests per poll for
 * several look-back windows and history sizes, the stored state's size (JSON of the node's static
 * data) and the poll's time, with 5 changes inside the window. Polls run through the harness (n8n-core
 * PollContext) over real HTTP against a local source.
 *
 *   npx ts-node --transpile-only bench/statusWatch.bench.ts
 *
 * Prints a markdown table and writes it to bench/results/statusWatch.md. The source is a `BenchTarget`:
 * the fake provider today; the Factus and FacEPro simulators plug in the same way once they exist.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { ICredentialType, IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { Harness } from '../test/harness';
import { ProbeApi } from '../test/fixtures/probe/probe';
import { FakeProvider } from '../test/fixtures/watch/fakeProvider';
import { WatchTestTrigger } from '../test/fixtures/watch/watchTrigger';
import { DEFAULT_MAX_DOCUMENTS } from '../nodes/shared/statusWatch';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.UTC(2026, 10, 2, 15, 0, 0);
const CHANGES = 5;

/** A provider (simulator) the benchmark can fill with history and watch with its trigger. */
interface BenchTarget {
	name: string;
	nodes: INodeType[];
	credentials: ICredentialType[];
	start(): Promise<void>;
	stop(): Promise<void>;
	/** Credential type and data for the harness. */
	credential(): { type: string; data: Record<string, string> };
	/** The trigger node and its parameters. */
	trigger(parameters: INodeParameters): { type: string; parameters: INodeParameters };
	/** Replaces the history with `total` documents, one every `spacingMs`, the newest just before `now`. */
	seed(total: number, spacingMs: number, now: number): void;
	/**
	 * Makes `count` changes inside the window ending at `now`: new documents and status changes of
	 * documents issued after `since`. Returns how many the trigger should report.
	 */
	change(count: number, since: number, now: number): number;
	/** List requests since the last `resetRequests`. */
	listRequests(): number;
	resetRequests(): void;
}

function fakeTarget(dateFilter: boolean): BenchTarget {
	const fake = new FakeProvider({ dateFilter, maxPerPage: 100 });
	return {
		name: dateFilter ? 'fake, date filter (FacEPro-like)' : 'fake, pages only (Factus v1-like)',
		nodes: [new WatchTestTrigger()],
		credentials: [new ProbeApi()],
		start: async () => {
			await fake.start();
		},
		stop: async () => await fake.stop(),
		credential: () => ({ type: 'probeApi', data: fake.credential() }),
		trigger: (parameters) => ({ type: 'watchTestTrigger', parameters: { perPage: 100, refreshPending: false, ...parameters } }),
		seed(total, spacingMs, now) {
			fake.clear();
			for (let i = total - 1; i >= 0; i--) fake.add(now - i * spacingMs - MINUTE, i % 7 === 0 ? 'pendiente' : 'aceptado');
		},
		change(count, since, now) {
			// Among the newest documents a poll keeps, away from the window's edge.
			const inWindow = [...fake.docs.values()]
				.filter((d) => Date.parse(d.issued_at) >= since + HOUR / 4)
				.sort((a, b) => b.issued_at.localeCompare(a.issued_at))
				.slice(0, DEFAULT_MAX_DOCUMENTS / 2);
			const created = Math.max(count - inWindow.length, Math.min(2, count));
			// Oldest first, as they would be issued.
			for (let i = created; i > 0; i--) fake.add(now - i * 1000, 'aceptado');
			const step = Math.max(1, Math.floor(inWindow.length / (count - created)));
			for (let i = 0; i < count - created; i++) {
				const doc = inWindow[i * step];
				fake.setStatus(doc.id, doc.status === 'aceptado' ? 'rechazado' : 'aceptado');
			}
			return count;
		},
		listRequests: () => fake.listRequests(),
		resetRequests: () => fake.server.clearLog(),
	};
}

interface Row {
	source: string;
	total: number;
	spacing: string;
	windowHours: number;
	inWindow: number;
	baselineRequests: number;
	pollRequests: number;
	emitted: number;
	expected: number;
	stateBytes: number;
	entries: number;
	pollMs: number;
	steadyMs: number;
}

const STEADY_POLLS = 5;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function measure(target: BenchTarget, total: number, spacingMs: number, windowHours: number): Promise<Row> {
	target.seed(total, spacingMs, NOW);
	const harness = new Harness({ nodes: target.nodes, credentials: target.credentials });
	const { type, data } = target.credential();
	const credential = harness.addCredential(type, data);
	const spec = (now: number) => ({
		...target.trigger({ triggerOn: ['newDocument', 'statusChange'], lookBackHours: windowHours, nowMs: now }),
		credential,
	});

	target.resetRequests();
	const baseline = await harness.poll(spec(NOW));
	if (baseline.error) throw baseline.error;
	const baselineRequests = target.listRequests();

	const later = NOW + 10 * MINUTE;
	const since = later - windowHours * HOUR;
	const expected = target.change(CHANGES, since, later);
	target.resetRequests();
	const started = performance.now();
	const result = await harness.poll(spec(later));
	const pollMs = performance.now() - started;
	if (result.error) throw result.error;
	const pollRequests = target.listRequests();

	const watch = (result.staticData['node:Node'] as IDataObject).statusWatch as { docs: IDataObject };
	const stateBytes = JSON.stringify(result.staticData).length;
	const emitted = result.items?.length ?? 0;

	// Polls with nothing new: the steady cost, less sensitive to a busy machine than one sample.
	const steady: number[] = [];
	for (let i = 1; i <= STEADY_POLLS; i++) {
		const t = performance.now();
		const quiet = await harness.poll(spec(later + i * MINUTE));
		steady.push(performance.now() - t);
		if (quiet.error) throw quiet.error;
		if (quiet.items) throw new Error(`A poll without changes emitted ${quiet.items.length} item(s)`);
	}
	return {
		source: target.name,
		total,
		spacing: `${spacingMs / MINUTE} min`,
		windowHours,
		inWindow: Math.min(total, Math.floor((windowHours * HOUR - 11 * MINUTE) / spacingMs) + 1),
		baselineRequests,
		pollRequests,
		emitted,
		expected,
		stateBytes,
		entries: Object.keys(watch.docs).length,
		pollMs,
		steadyMs: median(steady),
	};
}

function table(rows: Row[]): string {
	const header = [
		'source',
		'documents',
		'one every',
		'window (h)',
		'≈ in window',
		'requests (baseline)',
		'requests (poll)',
		'emitted / expected',
		'state entries',
		'state bytes',
		'poll ms',
		`quiet poll ms (median of ${STEADY_POLLS})`,
	];
	const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
	for (const r of rows) {
		lines.push(
			`| ${[
				r.source,
				r.total.toLocaleString('en-US'),
				r.spacing,
				r.windowHours,
				r.inWindow.toLocaleString('en-US'),
				r.baselineRequests,
				r.pollRequests,
				`${r.emitted} / ${r.expected}`,
				r.entries.toLocaleString('en-US'),
				r.stateBytes.toLocaleString('en-US'),
				r.pollMs.toFixed(1),
				r.steadyMs.toFixed(1),
			].join(' | ')} |`,
		);
	}
	return lines.join('\n');
}

async function main() {
	const rows: Row[] = [];
	for (const target of [fakeTarget(true), fakeTarget(false)]) {
		await target.start();
		try {
			// A steady issuer (96 documents a day): the window, not the history, sets the cost.
			for (const total of [1_000, 10_000, 100_000]) {
				for (const windowHours of [1, 24, 168, 744]) {
					rows.push(await measure(target, total, 15 * MINUTE, windowHours));
				}
			}
			// A busy issuer: 10,000 documents in 31 days, so the widest window holds more than one poll reads.
			for (const windowHours of [24, 744]) {
				rows.push(await measure(target, 10_000, 4 * MINUTE, windowHours));
			}
		} finally {
			await target.stop();
		}
	}

	const text = [
		'# Status trigger engine: cost of one poll',
		'',
		`Generated by \`npx ts-node --transpile-only bench/statusWatch.bench.ts\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.`,
		'',
		`Each row: a baseline poll, then ${CHANGES} changes inside the window (new documents and status changes), then the`,
		`measured poll (requests, emitted, state, poll ms), then ${STEADY_POLLS} polls with nothing new, each of which must emit nothing.`,
		'Page size 100; "requests" counts list requests (no refresh of pending documents).',
		`"state bytes" is JSON.stringify of the node's static data after the measured poll; at most ${DEFAULT_MAX_DOCUMENTS.toLocaleString('en-US')}`,
		'entries are kept, so a window holding more documents is cut to the newest (the busy-issuer rows).',
		"Times include the harness (n8n-core) and HTTP on 127.0.0.1 and vary with the machine's load: compare rows, not absolute values.",
		'',
		table(rows),
		'',
	].join('\n');
	console.log(text);
	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'statusWatch.md'), text);

	const wrong = rows.filter((r) => r.emitted !== r.expected);
	if (wrong.length > 0) {
		console.error(`${wrong.length} row(s) emitted a different number of changes than were made`);
		process.exitCode = 1;
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
