/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * What one poll of the real provider triggers costs against the real simulators, with a large history:
 * requests per poll, stored state (JSON of the node's static data) and poll time, for several look-back
 * windows, with 5 changes inside the window. Polls run through the harness (n8n-core PollContext)
 * over HTTP on 127.0.0.1.
 *
 *   npx ts-node --transpile-only --prefer-ts-exts bench/triggers.bench.ts
 *
 * Prints one markdown table per provider and writes them to bench/results/triggers.md. The run fails
 * (exit code 1) when a poll emits a different number of changes than were made, a quiet poll emits, or
 * the provider refuses a request for its rate limit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { ICredentialType, IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { FacEProApi } from '../credentials/FacEProApi.credentials';
import { FacEProTrigger } from '../nodes/FacEPro/FacEProTrigger.node';
import { FactusApi } from '../credentials/FactusApi.credentials';
import { FactusTrigger } from '../nodes/Factus/FactusTrigger.node';
import { resetPacing } from '../nodes/shared/http';
import { DEFAULT_MAX_DOCUMENTS } from '../nodes/shared/statusWatch';
import { Harness } from '../test/harness';
import { bogota, startFacEProSimulator } from '../test/simulators/facepro';
import type { FacEProSimulator } from '../test/simulators/facepro';
import { startFactusSimulator } from '../test/simulators/factus';
import type { FactusSimulator } from '../test/simulators/factus';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CHANGES = 5;
const QUIET_POLLS = 3;
/** Documents per day of the seeded history: 10,000 in 90 days. */
const PER_DAY = 10_000 / 90;
const TOTALS = [10_000, 40_000];
const WINDOWS_HOURS = [1, 24, 168, 744];

/** A provider simulator with its trigger, as the benchmark drives it. */
interface Target {
	provider: string;
	pageSize: number;
	/** Whether the trigger has the "Refresh Pending Documents While Polling" option. */
	refreshOption: boolean;
	nodes: INodeType[];
	credentials: ICredentialType[];
	start(): Promise<void>;
	stop(): Promise<void>;
	credential(): { type: string; data: IDataObject };
	trigger(parameters: INodeParameters): { type: string; parameters: INodeParameters };
	/** Replaces the history with `total` documents, PER_DAY a day, the newest a little before now. */
	seed(total: number): void;
	/** Documents issued at or after `since` (epoch ms). */
	inWindow(since: number): number;
	/** Makes `count` changes inside the window starting at `since`: new documents and status changes. */
	change(count: number, since: number): Promise<void>;
	/** The trigger's requests since the last `clearLog`: list pages and refreshes of pending documents. */
	requests(): { list: number; refresh: number };
	clearLog(): void;
	/** Called before every poll: each poll stands for one made 15 minutes after the previous one. */
	beforePoll(): void;
	/** The provider's rate limit, when it has one: requests refused with 429 are then counted. */
	rateLimit?: string;
	/** Requests refused with 429 since the last `seed`. */
	rateLimited(): number;
}

function facEProTarget(): Target {
	let sim: FacEProSimulator;
	const api = (path: string, init: RequestInit = {}) =>
		fetch(`${sim.baseUrl}${path}`, {
			...init,
			headers: { Authorization: `Bearer ${sim.tenant(1).token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
		});
	return {
		provider: 'FacEPro Cloud',
		pageSize: 100,
		refreshOption: true,
		nodes: [new FacEProTrigger()],
		credentials: [new FacEProApi()],
		start: async () => {
			sim = await startFacEProSimulator();
		},
		stop: async () => await sim.stop(),
		credential: () => ({ type: 'facEProApi', data: sim.credentials(1).facEProApi as IDataObject }),
		trigger: (parameters) => ({ type: 'facEProTrigger', parameters }),
		seed(total) {
			sim.reset();
			// DIAN stays slow for the history's pending documents: refreshing them costs requests but
			// changes nothing, so every row emits exactly the changes the benchmark makes.
			sim.dian.pendingConsultas = 1_000_000;
			const to = bogota(new Date(Date.now() - DAY)).fecha;
			const days = Math.round(total / PER_DAY);
			const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY).toISOString().slice(0, 10);
			sim.seedDocuments(total, { from, to });
		},
		inWindow: (since) => sim.documents(1).filter((d) => Date.parse(d.fecha_emision) >= since).length,
		async change(count, since) {
			const pending = sim
				.documents(1)
				.filter((d) => d.estado === 'pendiente' && Date.parse(d.fecha_emision) >= since + HOUR / 4)
				.sort((a, b) => b.fecha_emision.localeCompare(a.fecha_emision));
			const created = Math.max(count - pending.length, Math.min(2, count));
			for (let i = created; i > 0; i--) {
				const at = bogota(new Date(Date.now() - i * 1000));
				const response = await api('/documentos', {
					method: 'POST',
					body: JSON.stringify({
						factura: { fecha: at.fecha, hora: at.hora },
						adquiriente: { tipo_persona: '2', tipo_documento: '13', numero_documento: '71234567', razon_social: 'JUAN PEREZ', responsabilidad_fiscal: 'R-99-PN' },
						lineas: [{ codigo: 'P-1', descripcion: 'Producto', cantidad: 1, precio: 10000, iva_pct: 19 }],
					}),
				});
				if (response.status !== 201) throw new Error(`FacEPro simulator refused a document: HTTP ${response.status}`);
			}
			// Someone else asks DIAN again about pending documents, and this time DIAN answers.
			for (const doc of pending.slice(0, count - created)) {
				doc.pendiente = { restantes: 1, then: 'aceptado' };
				const response = await api(`/documentos/${doc.tracking_id}/consultar`);
				if (response.status !== 200) throw new Error(`FacEPro simulator refused /consultar: HTTP ${response.status}`);
			}
		},
		requests: () => ({
			list: sim.server.count({ method: 'GET', path: '/api/v1/documentos' }),
			refresh: sim.server.count({ method: 'GET', path: /\/consultar$/ }),
		}),
		clearLog: () => sim.server.clearLog(),
		beforePoll: () => undefined,
		rateLimited: () => 0,
	};
}

function factusTarget(): Target {
	let sim: FactusSimulator;
	let added = 0;
	return {
		provider: 'Factus',
		pageSize: 100,
		rateLimit: '80 per minute',
		refreshOption: false,
		nodes: [new FactusTrigger()],
		credentials: [new FactusApi()],
		start: async () => {
			// Factus's documented limit, 80 requests a minute per user; the credential's default paces under it.
			sim = await startFactusSimulator({ rateLimit: { limit: 80, windowMs: 60_000 } });
		},
		stop: async () => await sim.stop(),
		credential: () => ({ type: 'factusApi', data: sim.credentials().factusApi as IDataObject }),
		trigger: (parameters) => ({ type: 'factusTrigger', parameters: { documentKind: 'bill', ...parameters } }),
		seed(total) {
			sim.reset();
			const spacingMs = DAY / PER_DAY;
			const newest = Date.now() - 2 * HOUR;
			// About 7 % pending and 6 % rejected, the rest validated.
			sim.seedDocuments(total, {
				from: new Date(newest - (total - 1) * spacingMs),
				spacingMs,
				status: (i) => (i % 14 === 3 ? 'pending' : i % 16 === 5 ? 'rejected' : 'validated'),
			});
		},
		inWindow: (since) => sim.documents.bill.filter((d) => d.createdAt.getTime() >= since).length,
		async change(count, since) {
			const pending = sim.documents.bill
				.filter((d) => d.pending && d.createdAt.getTime() >= since + HOUR / 4)
				.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
			const created = Math.max(count - pending.length, Math.min(2, count));
			for (let i = created; i > 0; i--) {
				sim.seedDocuments(1, { from: new Date(Date.now() - i * 1000), referencePrefix: `bench-${++added}-` });
			}
			// DIAN answers documents that were waiting.
			for (const doc of pending.slice(0, count - created)) sim.validatePending(doc.number);
		},
		requests: () => ({ list: sim.server.count({ method: 'GET', path: '/v1/bills' }), refresh: 0 }),
		clearLog: () => sim.server.clearLog(),
		beforePoll() {
			// A fresh minute for the rate limit, on both sides, as 15 minutes between polls would give.
			resetPacing();
			sim.limiter.reset();
		},
		rateLimited: () => sim.rateLimited,
	};
}

interface Row {
	total: number;
	windowHours: number;
	refresh: boolean;
	inWindow: number;
	floor: number;
	baseline: number;
	list: number;
	refreshRequests: number;
	emitted: number;
	quietEmitted: number;
	refused: number;
	entries: number;
	stateBytes: number;
	pollMs: number;
	quietMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(target: Target, total: number, windowHours: number, refresh: boolean): Promise<Row> {
	target.seed(total);
	resetPacing();
	const harness = new Harness({ nodes: target.nodes, credentials: target.credentials });
	const { type, data } = target.credential();
	const credential = harness.addCredential(type, data as never);
	const spec = {
		...target.trigger({
			triggerOn: ['newDocument', 'statusChange'],
			lookBackHours: windowHours,
			...(target.refreshOption ? { refreshPending: refresh } : {}),
		}),
		credential,
	};

	target.clearLog();
	target.beforePoll();
	const baseline = await harness.poll(spec);
	if (baseline.error) throw baseline.error;
	if (baseline.items) throw new Error('The baseline poll emitted');
	const baselineRequests = target.requests();

	const since = Date.now() - windowHours * HOUR;
	await target.change(CHANGES, since);
	const inWindow = target.inWindow(Date.now() - windowHours * HOUR);

	target.clearLog();
	target.beforePoll();
	const started = performance.now();
	const result = await harness.poll(spec);
	const pollMs = performance.now() - started;
	if (result.error) throw result.error;
	const requests = target.requests();
	const state = (result.staticData['node:Node'] as IDataObject).statusWatch as { docs: IDataObject };

	const quiet: number[] = [];
	let quietEmitted = 0;
	for (let i = 0; i < QUIET_POLLS; i++) {
		target.beforePoll();
		const t = performance.now();
		const again = await harness.poll(spec);
		quiet.push(performance.now() - t);
		if (again.error) throw again.error;
		quietEmitted += again.items?.length ?? 0;
	}

	return {
		total,
		windowHours,
		refresh,
		inWindow,
		floor: Math.ceil(inWindow / target.pageSize),
		baseline: baselineRequests.list + baselineRequests.refresh,
		list: requests.list,
		refreshRequests: requests.refresh,
		emitted: result.items?.length ?? 0,
		quietEmitted,
		refused: target.rateLimited(),
		entries: Object.keys(state.docs).length,
		stateBytes: Buffer.byteLength(JSON.stringify(result.staticData)),
		pollMs,
		quietMs: median(quiet),
	};
}

const n = (value: number) => value.toLocaleString('en-US');

function table(target: Target, rows: Row[]): string {
	const header = [
		'documents',
		'window (h)',
		...(target.refreshOption ? ['refresh pending'] : []),
		'docs in window',
		`page-size floor (÷${target.pageSize})`,
		'requests: baseline',
		'requests: list',
		...(target.refreshOption ? ['requests: /consultar'] : []),
		'requests per poll',
		'emitted / made',
		...(target.rateLimit ? ['429 answers'] : []),
		'state entries',
		'state bytes',
		'poll ms',
		`quiet poll ms (median of ${QUIET_POLLS})`,
	];
	const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
	for (const r of rows) {
		const cells = [
			n(r.total),
			r.windowHours,
			...(target.refreshOption ? [r.refresh ? 'on (10)' : 'off'] : []),
			n(r.inWindow) + (r.inWindow > DEFAULT_MAX_DOCUMENTS ? ' *' : ''),
			r.floor,
			r.baseline,
			r.list,
			...(target.refreshOption ? [r.refreshRequests] : []),
			r.list + r.refreshRequests,
			`${r.emitted} / ${CHANGES}`,
			...(target.rateLimit ? [r.refused] : []),
			n(r.entries),
			n(r.stateBytes),
			r.pollMs.toFixed(1),
			r.quietMs.toFixed(1),
		];
		lines.push(`| ${cells.join(' | ')} |`);
	}
	return lines.join('\n');
}

async function main() {
	const targets = [facEProTarget(), factusTarget()];
	const sections: string[] = [];
	let wrong = 0;
	for (const target of targets) {
		await target.start();
		const rows: Row[] = [];
		try {
			for (const total of TOTALS) {
				for (const windowHours of WINDOWS_HOURS) {
					for (const refresh of target.refreshOption ? [false, true] : [false]) {
						rows.push(await measure(target, total, windowHours, refresh));
					}
				}
			}
		} finally {
			await target.stop();
		}
		wrong += rows.filter((r) => r.emitted !== CHANGES || r.quietEmitted !== 0 || r.refused !== 0).length;
		const limit = target.rateLimit
			? [`Rate limit ${target.rateLimit} (simulator and credential); every poll starts with a fresh minute, as polls 15 minutes apart do.`, '']
			: [];
		sections.push(`## ${target.provider} Trigger`, '', ...limit, table(target, rows), '');
	}

	const text = [
		'# Provider triggers: cost of one poll against the simulators',
		'',
		`Generated by \`npx ts-node --transpile-only --prefer-ts-exts bench/triggers.bench.ts\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.`,
		'',
		`Each row: the simulator holds the history (about ${Math.round(PER_DAY)} documents a day; the newest yesterday for FacEPro, whose simulator`,
		`seeds whole days, and two hours ago for Factus), the trigger records its baseline, ${CHANGES} changes are made inside the window`,
		'(new documents, and pending documents that DIAN then accepts), the measured poll runs (requests, emitted, state, poll ms),',
		`then ${QUIET_POLLS} polls with nothing new, which must emit nothing.`,
		'"page-size floor" is ceil(docs in window ÷ page size): the fewest list requests that can read the window.',
		`"state bytes" is JSON.stringify of the node's static data after the measured poll. At most ${n(DEFAULT_MAX_DOCUMENTS)} documents are read`,
		'and kept per poll, so a window holding more (*) is cut to the newest ones and costs at most that many pages.',
		'With "refresh pending" on, the history\'s pending documents stay pending at DIAN: each poll asks about at most 10 of them.',
		"Times include the harness (n8n-core) and HTTP on 127.0.0.1 and vary with the machine's load: compare rows, not absolute values.",
		"They also include the simulators' own work: Factus's sorts and formats its whole list for every page it serves.",
		'',
		...sections,
	].join('\n');
	console.log(text);
	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'triggers.md'), text);
	if (wrong > 0) {
		console.error(`${wrong} row(s) emitted a different number of changes than were made, emitted on a quiet poll, or met a 429`);
		process.exitCode = 1;
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
