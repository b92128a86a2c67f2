/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The "busy sale day" scenario of issues 17 and 18, run against a real n8n (queue mode: main + 2 workers
 * on Redis and PostgreSQL; or regular mode: one process) with the three providers' simulators:
 *
 * - per provider, `orders` Shopify orders posted to a Webhook → create workflow, 10 deliveries in flight;
 *   every 5th order delivered twice at the same instant and every 20th three times (20 % re-delivered
 *   simultaneously, so that copies land on different workers);
 * - then every order delivered once more (Shopify's later re-delivery);
 * - the Factus simulator enforcing a rate limit (scaled down: 40 requests per 5 s, the credential says the same);
 * - the Factus and FacEPro status triggers polling for new documents meanwhile.
 *
 * It measures, and returns for the test to assert: documents per order per provider (from the simulators'
 * own records, each order traced by a marker in its line titles), every execution's outcome and error,
 * which worker ran each copy, 429s, what the triggers emitted, where secrets appear in the stores.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { QueueSandbox, type Execution, type ExecutionDetail } from '../../../scripts/queue/sandbox';
import {
	createVersion,
	credentialSeeds,
	orderMarker,
	ordersWorkflow,
	PROVIDERS,
	shopifyOrder,
	TRIGGER_NODE,
	TRIGGER_PROVIDERS,
	triggerWorkflow,
	webhookPath,
	workflowId,
	type Provider,
} from '../../../scripts/queue/workflows';
import { startFacEProSimulator } from '../../simulators/facepro';
import { startFactuconectSimulator } from '../../simulators/factuconect';
import { startFactusSimulator } from '../../simulators/factus';
import { distDir, secretsSeen } from '../providers/support';

export const FACTUS_RATE_LIMIT = { limit: 40, windowMs: 5000 };

export interface ProviderOutcome {
	provider: Provider;
	/** Deliveries posted (first wave with simultaneous copies, then the late re-delivery, and Shopify's retries of unanswered ones). */
	deliveries: number;
	/** Deliveries n8n answered with a 2xx (each has an execution; an unanswered one may have one too). */
	accepted: number;
	/** HTTP status of each webhook answer → count. */
	answers: Record<string, number>;
	executions: ExecutionDetail[];
	/** order n → documents the provider holds for it. */
	documentsPerOrder: Map<number, number>;
	/** Σ (documents − 1) over orders with more than one. */
	duplicates: number;
	/** Orders without any document. */
	missing: number[];
	/** Simultaneous copies of one order that ran on different workers (queue mode). */
	splitAcrossWorkers: number;
	simultaneousGroups: number;
}

export interface ScenarioResult {
	mode: 'queue' | 'regular';
	n8nVersion: string;
	orders: number;
	seconds: number;
	providers: Record<Provider, ProviderOutcome>;
	factus: { rateLimited: number; accepted: number; peakPerWindow: number };
	/** Provider → document key → times emitted by its status trigger. */
	triggerEmissions: Record<string, Map<string, number>>;
	/** Provider → keys of the documents it holds. */
	documentKeys: Record<string, string[]>;
	triggerExecutions: Record<string, Execution[]>;
	/** Provider → the error of each failed poll execution (n8n records a poll that threw as a failed execution). */
	triggerFailures: Record<string, ExecutionDetail[]>;
	/** execution id → worker (queue mode). */
	workerOf: Map<string, string>;
	/** What ran in main's log (queue mode: no execution should). */
	mainRanExecutions: boolean;
	/** Secret → stores it appears in, in clear text (queue mode). */
	secretsInStores: Record<string, string[]>;
	secretsChecked: number;
}

const log = (line: string) => process.stderr.write(`[queue e2e] ${line}\n`);

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
	const results: T[] = new Array(tasks.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, tasks.length) }, async () => {
			while (next < tasks.length) {
				const index = next++;
				results[index] = await tasks[index]();
			}
		}),
	);
	return results;
}

/** Copies delivered at the same instant in the first wave. */
export const copiesOf = (n: number) => (n % 20 === 0 ? 3 : n % 5 === 0 ? 2 : 1);

/** Deliveries of one order at most when n8n does not answer with a 2xx (Shopify retries too). */
const SHOPIFY_ATTEMPTS = 3;

export async function runScenario(options: { mode: 'queue' | 'regular'; orders: number }): Promise<ScenarioResult> {
	const started = Date.now();
	const factus = await startFactusSimulator({ rateLimit: FACTUS_RATE_LIMIT, perPage: 100 });
	const facepro = await startFacEProSimulator();
	const factuconect = await startFactuconectSimulator();
	const sims = [factus, facepro, factuconect];
	const creds = sims.map((s) => s.credentials());
	Object.assign(creds[0].factusApi, { rateLimit: FACTUS_RATE_LIMIT.limit, rateLimitWindowSeconds: FACTUS_RATE_LIMIT.windowMs / 1000 });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-${options.mode}-`));
	fs.chmodSync(userFolder, 0o755); // PostgreSQL runs as its own user (as root: postgres) and must reach its folder
	let sandbox: QueueSandbox | undefined;
	try {
		sandbox = await QueueSandbox.start({
			mode: options.mode,
			workers: 2,
			userFolder,
			ports: { n8n: 0, redis: 0, postgres: 0 },
			distDir: distDir(),
			n8nVersion: process.env.N8N_E2E_VERSION,
			credentials: credentialSeeds(creds),
			workflows: [...PROVIDERS.map(ordersWorkflow), ...TRIGGER_PROVIDERS.map((p) => triggerWorkflow(p))],
			activate: [...PROVIDERS.map((p) => workflowId(p, 'orders')), ...TRIGGER_PROVIDERS.map((p) => workflowId(p, 'trigger'))],
			log,
		});
		const sb = sandbox;
		log(`up after ${Math.round((Date.now() - started) / 1000)} s; posting ${options.orders} orders per provider`);
		const runTag = String(Date.now() % 100_000);
		const answers = Object.fromEntries(PROVIDERS.map((p) => [p, {} as Record<string, number>])) as Record<Provider, Record<string, number>>;
		const deliveries = Object.fromEntries(PROVIDERS.map((p) => [p, 0])) as Record<Provider, number>;
		const accepted = Object.fromEntries(PROVIDERS.map((p) => [p, 0])) as Record<Provider, number>;
		/**
		 * Posts one Shopify delivery. Like Shopify, a delivery whose answer is not a 2xx (or never comes) is
		 * delivered again a little later, up to 3 times in all: n8n's main now and then refuses a delivery in a
		 * burst or never answers it, and the order must still get its document.
		 */
		const deliver = async (provider: Provider, n: number) => {
			for (let attempt = 1; attempt <= SHOPIFY_ATTEMPTS; attempt++) {
				deliveries[provider]++;
				let status: string;
				try {
					const res = await fetch(sb.webhookUrl(webhookPath(provider)), {
						method: 'POST',
						headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/paid' },
						body: JSON.stringify(shopifyOrder(provider, n, runTag)),
						// n8n answers once the execution has ended (a FacEPro copy that waits for another worker's
						// invoice takes up to 90 s more). Generous, so that a slow answer keeps its slot instead of
						// piling more deliveries onto main; the outcome is read from n8n afterwards.
						signal: AbortSignal.timeout(4 * 60_000),
					});
					await res.text();
					status = String(res.status);
				} catch (error) {
					status = `no answer (${(error as Error).message})`;
				}
				answers[provider][status] = (answers[provider][status] ?? 0) + 1;
				if (/^2\d\d$/.test(status)) {
					accepted[provider]++;
					return;
				}
				await new Promise((r) => setTimeout(r, 5000));
			}
		};
		const numbers = Array.from({ length: options.orders }, (_v, i) => i + 1);
		// Wave 1: every order, the re-delivered ones as simultaneous copies; the three providers interleaved.
		const wave1 = numbers.flatMap((n) => PROVIDERS.map((p) => async () => {
			await Promise.all(Array.from({ length: copiesOf(n) }, async () => await deliver(p, n)));
		}));
		await pool(wave1, 30);
		log(`wave 1 done after ${Math.round((Date.now() - started) / 1000)} s`);
		// Wave 2: Shopify delivers every order once more, later.
		await pool(numbers.flatMap((n) => PROVIDERS.map((p) => async () => await deliver(p, n))), 30);
		log(`wave 2 done after ${Math.round((Date.now() - started) / 1000)} s`);
		// Every accepted delivery's execution has ended, and so have those of deliveries whose answer did not
		// come (they may or may not have one): the count holds still across two looks 6 s apart.
		for (const provider of PROVIDERS) {
			const until = Date.now() + 10 * 60_000;
			let previous = -1;
			for (;;) {
				const list = await sb.executions(workflowId(provider, 'orders'));
				const ended = list.length >= accepted[provider] && list.every((e) => !['new', 'running', 'waiting'].includes(e.status));
				if (ended && list.length === previous) break;
				previous = ended ? list.length : -1;
				if (Date.now() > until) throw new Error(`${provider}: ${list.length} executions of ${accepted[provider]} accepted deliveries, not all ended after 10 min`);
				await new Promise((r) => setTimeout(r, 6000));
			}
		}

		// The example's Factus node issues on API v2 (version 2) or v1 (version 1): the simulator keeps each apart.
		const factusBills = createVersion('factus') >= 2 ? factus.v2.documents.bill : factus.documents.bill;
		const documentKeys: Record<string, string[]> = {
			factus: factusBills.map((d) => d.number),
			facepro: facepro.documents().map((d) => d.tracking_id),
		};
		// The triggers: wait until a poll has run after the last document (they poll every 20 s).
		const triggerEmissions: Record<string, Map<string, number>> = {};
		const triggerExecutions: Record<string, Execution[]> = {};
		const triggerFailures: Record<string, ExecutionDetail[]> = {};
		const deadline = Date.now() + 120_000;
		for (const provider of TRIGGER_PROVIDERS) {
			for (;;) {
				const executions = (await sb.executions(workflowId(provider, 'trigger'))).filter((e) => !['running', 'new'].includes(e.status));
				const emitted = new Map<string, number>();
				triggerFailures[provider] = [];
				for (const e of executions) {
					const detail = await sb.execution(e.id);
					if (detail.status !== 'success') triggerFailures[provider].push(detail);
					for (const item of detail.outputs[TRIGGER_NODE] ?? []) {
						const key = String(provider === 'factus' ? item.number : item.tracking_id);
						emitted.set(key, (emitted.get(key) ?? 0) + 1);
					}
				}
				triggerEmissions[provider] = emitted;
				triggerExecutions[provider] = executions;
				if (documentKeys[provider].every((k) => emitted.has(k)) || Date.now() > deadline) break;
				await new Promise((r) => setTimeout(r, 5000));
			}
		}

		const workerOf = sb.workerOf();
		const providers = {} as Record<Provider, ProviderOutcome>;
		for (const provider of PROVIDERS) {
			const list = await sb.executions(workflowId(provider, 'orders'));
			const details = await pool(list.map((e) => async () => await sb.execution(e.id)), 6);
			const bodies: unknown[] =
				provider === 'factus'
					? factusBills.map((d) => d.body)
					: provider === 'facepro'
						? facepro.documents().map((d) => d.request)
						: [...factuconect.state.dtes.values()].map((d) => d.body);
			const documentsPerOrder = new Map<number, number>(numbers.map((n) => [n, 0]));
			const marker = new RegExp(`${orderMarker(provider, 0).replace('-0-', '-(\\d+)-')}`);
			for (const body of bodies) {
				const match = marker.exec(JSON.stringify(body));
				if (match) documentsPerOrder.set(Number(match[1]), (documentsPerOrder.get(Number(match[1])) ?? 0) + 1);
			}
			// Which worker ran each simultaneous copy (first wave: the executions of an order beyond its last one).
			const byOrder = new Map<number, ExecutionDetail[]>();
			for (const d of details) {
				const body = (d.outputs['Shopify Order Webhook']?.[0]?.body ?? {}) as { name?: string };
				const n = Number(String(body.name ?? '').replace('#Q', ''));
				if (n) byOrder.set(n, [...(byOrder.get(n) ?? []), d]);
			}
			let split = 0;
			let groups = 0;
			for (const n of numbers.filter((x) => copiesOf(x) > 1)) {
				const runs = (byOrder.get(n) ?? []).sort((a, b) => Number(a.id) - Number(b.id)).slice(0, copiesOf(n));
				groups++;
				if (new Set(runs.map((r) => workerOf.get(r.id))).size > 1) split++;
			}
			const counts = [...documentsPerOrder.values()];
			providers[provider] = {
				provider,
				deliveries: deliveries[provider],
				accepted: accepted[provider],
				answers: answers[provider],
				executions: details,
				documentsPerOrder,
				duplicates: counts.reduce((sum, c) => sum + Math.max(0, c - 1), 0),
				missing: numbers.filter((n) => documentsPerOrder.get(n) === 0),
				splitAcrossWorkers: split,
				simultaneousGroups: groups,
			};
		}

		const mainLog = sb.processes[0].logFile;
		const secrets = [
			...new Set([
				String(creds[0].factusApi.clientSecret),
				String(creds[0].factusApi.password),
				String(creds[1].facEProApi.apiToken),
				String(creds[2].factuconectApi.password),
				...secretsSeen(factus.server.log, ['password', 'client_secret', 'refresh_token']),
				...secretsSeen(facepro.server.log, []),
				...secretsSeen(factuconect.server.log, ['password']),
			]),
		].filter((s) => s.length >= 8);
		const result: ScenarioResult = {
			mode: options.mode,
			n8nVersion: sb.runtime.n8nVersion,
			orders: options.orders,
			seconds: 0,
			providers,
			factus: {
				rateLimited: factus.rateLimited,
				accepted: factus.server.log.filter((r) => r.status !== 429).length,
				peakPerWindow: factus.peakPerWindow,
			},
			triggerEmissions,
			documentKeys,
			triggerExecutions,
			triggerFailures,
			workerOf,
			mainRanExecutions: fs.existsSync(mainLog) && /Worker started execution|Execution \d+ started/.test(fs.readFileSync(mainLog, 'utf8')),
			secretsInStores: options.mode === 'queue' ? await sb.findInStores(secrets) : {},
			secretsChecked: secrets.length,
		};
		result.seconds = Math.round((Date.now() - started) / 1000);
		return result;
	} finally {
		await sandbox?.stop();
		await Promise.all(sims.map(async (s) => await s.stop()));
		if (process.env.LATAM_E2E_KEEP) log(`kept ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/** One line per provider: the figures the docs quote. */
export function summarize(result: ScenarioResult): string {
	const lines = [`${result.mode} mode, n8n ${result.n8nVersion}, ${result.orders} orders per provider, ${result.seconds} s`];
	for (const p of Object.values(result.providers)) {
		const statuses: Record<string, number> = {};
		for (const e of p.executions) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
		const reasons: Record<string, number> = {};
		for (const e of p.executions.filter((x) => x.error)) {
			const reason = (e.error ?? '').replace(/\d+/g, 'N').slice(0, 160);
			reasons[reason] = (reasons[reason] ?? 0) + 1;
		}
		lines.push(
			`  ${p.provider}: ${p.deliveries} deliveries (${p.accepted} answered 2xx), executions ${JSON.stringify(statuses)}, answers ${JSON.stringify(p.answers)}; ` +
				`duplicates ${p.duplicates}, orders without document ${p.missing.length}; simultaneous groups split across workers ${p.splitAcrossWorkers}/${p.simultaneousGroups}` +
				(Object.keys(reasons).length ? `\n    failures: ${JSON.stringify(reasons)}` : ''),
		);
	}
	lines.push(`  factus: ${result.factus.rateLimited} × 429 of ${result.factus.accepted + result.factus.rateLimited} requests; peak ${result.factus.peakPerWindow} per ${FACTUS_RATE_LIMIT.windowMs / 1000} s window (limit ${FACTUS_RATE_LIMIT.limit})`);
	for (const [provider, emitted] of Object.entries(result.triggerEmissions)) {
		const repeated = [...emitted.values()].filter((c) => c > 1).length;
		const failed = result.triggerFailures[provider] ?? [];
		lines.push(
			`  ${provider} trigger: ${result.triggerExecutions[provider].length} executions, ${emitted.size} documents emitted (${repeated} more than once) of ${result.documentKeys[provider].length}` +
				(failed.length ? `; ${failed.length} failed poll(s): ${failed.map((f) => f.error ?? f.status).join(' | ').slice(0, 600)}` : ''),
		);
	}
	if (result.mode === 'queue') lines.push(`  secrets checked in Redis and PostgreSQL: ${result.secretsChecked}, found in clear text: ${Object.keys(result.secretsInStores).length}`);
	return lines.join('\n');
}
