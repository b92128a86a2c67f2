/* eslint-disable @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * n8n in queue mode on one machine: Redis, PostgreSQL, an n8n main (editor, webhooks, schedules and
 * polling triggers) and N workers (`n8n worker`) that run the executions, with this package installed as a
 * community package and one credential per simulator. `npm run start:queue` and the queue-mode e2e tests
 * (test/e2e/queue) both use it; `mode: 'regular'` runs the same set-up as one ordinary n8n process
 * (sqlite, no Redis, executions in the process), for the comparison.
 */
import * as fs from 'fs';
import * as path from 'path';

import { N8nSandbox, type CredentialSeed, type WorkflowSeed } from '../../test/e2e/runtime/instance';
import { freePort } from '../../test/e2e/runtime/ports';
import { ensureN8nRuntime, type N8nRuntime } from '../../test/e2e/runtime/provision';
import { PACKAGE_NAME, REPO_ROOT } from '../local-n8n/config';
import { logTail, portProblem, startN8n, waitUntilUp, type N8nServer } from '../local-n8n/n8nProcess';
import { N8nRest, unflatten } from '../local-n8n/rest';
import { checkModuleResolution, encryptionKey, installPackage, relocateStaticCache } from '../local-n8n/userFolder';

import { ensureBinaries, pgDump, redisSnapshot, startPostgres, startRedis, type Binaries, type Service } from './services';

export const OWNER = { email: 'admin@example.com', password: 'Local-Einvoicing-1' };

export interface QueueSandboxOptions {
	mode: 'queue' | 'regular';
	/** Worker processes (queue mode; default 2). */
	workers?: number;
	/** Executions one worker runs at once (n8n's default 10). */
	concurrency?: number;
	/** n8n keeps its data in `<userFolder>/.n8n`; Redis and PostgreSQL in `<userFolder>/redis|postgres`. */
	userFolder: string;
	/** 0 = a free port. */
	ports: { n8n: number; redis: number; postgres: number };
	/** Built package folder (dist/). */
	distDir: string;
	n8nVersion?: string;
	credentials: CredentialSeed[];
	workflows?: WorkflowSeed[];
	/** Workflows to activate before n8n starts (webhooks and polling triggers are registered by main). */
	activate?: string[];
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	log?: (line: string) => void;
}

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
}

export interface ExecutionDetail extends Execution {
	/** The run's error (message — description), when it failed. */
	error?: string;
	/** Items each node output, last run, first output. */
	outputs: Record<string, Array<Record<string, unknown>>>;
}

const DATABASE = 'n8n';

export class QueueSandbox {
	readonly services: Service[] = [];

	readonly processes: Array<{ name: string; server: N8nServer; logFile: string }> = [];

	rest!: N8nRest;

	url = '';

	runtime!: N8nRuntime;

	private binaries?: Binaries;

	private cli?: N8nSandbox;

	private constructor(readonly options: QueueSandboxOptions) {}

	get redisPort(): number | undefined {
		return this.services.find((s) => s.name === 'redis')?.port;
	}

	get postgresPort(): number | undefined {
		return this.services.find((s) => s.name === 'postgres')?.port;
	}

	/** Starts everything; on failure, stops what was started and rethrows. */
	static async start(options: QueueSandboxOptions): Promise<QueueSandbox> {
		const sandbox = new QueueSandbox(options);
		try {
			await sandbox.boot();
			return sandbox;
		} catch (error) {
			await sandbox.stop();
			throw error;
		}
	}

	private log(line: string) {
		this.options.log?.(line);
	}

	private async boot(): Promise<void> {
		const o = this.options;
		const queue = o.mode === 'queue';
		fs.mkdirSync(o.userFolder, { recursive: true });
		this.runtime = await ensureN8nRuntime({ version: o.n8nVersion, log: (l) => this.log(`[n8n runtime] ${l}`) });
		const port = async (value: number) => (value === 0 ? await freePort() : value);
		const n8nPort = await port(o.ports.n8n);
		const problem = await portProblem(n8nPort, '127.0.0.1');
		if (problem) throw new Error(`port ${n8nPort} for n8n: ${problem}`);

		const env: Record<string, string> = {
			N8N_USER_FOLDER: o.userFolder,
			N8N_ENCRYPTION_KEY: encryptionKey(o.userFolder),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_FORMAT: 'text',
			// Execution data of every run is kept (the default), so outcomes can be read back.
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		};
		if (queue) {
			this.binaries = ensureBinaries((l) => this.log(l));
			const redisPort = await port(o.ports.redis);
			const pgPort = await port(o.ports.postgres);
			for (const [name, p] of [['Redis', redisPort], ['PostgreSQL', pgPort]] as const) {
				const busy = await portProblem(p, '127.0.0.1');
				if (busy) throw new Error(`port ${p} for ${name}: ${busy} (an earlier start:queue still running? npm run stop:queue)`);
			}
			this.services.push(await startRedis(this.binaries, path.join(o.userFolder, 'redis'), redisPort));
			this.log(`Redis on 127.0.0.1:${redisPort}`);
			this.services.push(await startPostgres(this.binaries, path.join(o.userFolder, 'postgres'), pgPort, DATABASE));
			this.log(`PostgreSQL on 127.0.0.1:${pgPort} (database ${DATABASE})`);
			Object.assign(env, {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(pgPort),
				DB_POSTGRESDB_DATABASE: DATABASE,
				DB_POSTGRESDB_USER: 'postgres',
				DB_POSTGRESDB_PASSWORD: '',
				// n8n's default pool is 2 connections per process: under a burst of webhooks main's requests then
				// time out waiting for one ("Database connection timed out") and deliveries are refused.
				DB_POSTGRESDB_POOL_SIZE: '10',
				// n8n's recommendation for queue mode: manual runs go to the workers too.
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			});
		} else {
			Object.assign(env, { DB_TYPE: 'sqlite', DB_SQLITE_POOL_SIZE: '2', EXECUTIONS_MODE: 'regular' });
		}
		Object.assign(env, o.env);

		const pkg = installPackage(this.runtime, o.userFolder, o.distDir);
		relocateStaticCache(o.userFolder, REPO_ROOT);
		for (const p of checkModuleResolution(this.runtime, pkg)) this.log(`WARNING: module resolution: ${p}`);
		this.log(`installed ${PACKAGE_NAME}@${pkg.version} as a community package`);

		this.cli = await N8nSandbox.create(o.distDir, { runtime: this.runtime, env, timeoutMs: 5 * 60_000 });
		delete this.cli.env.N8N_CUSTOM_EXTENSIONS;
		if (o.credentials.length) await this.cli.importCredentials(o.credentials);
		if (o.workflows?.length) await this.cli.importWorkflows(o.workflows);
		for (const id of o.activate ?? []) {
			// n8n 2.x publishes a workflow version (update:workflow --active is deprecated there).
			const args = this.runtime.major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
			const res = await this.cli.run(args);
			if (res.exitCode !== 0) throw new Error(`activating workflow ${id} failed:\n${res.stdout}${res.stderr}`);
		}

		const mainLog = path.join(o.userFolder, 'n8n-main.log');
		const main = startN8n(this.runtime, await this.cli.processEnv({ N8N_PORT: String(n8nPort) }), o.userFolder, mainLog);
		this.processes.push({ name: 'main', server: main, logFile: mainLog });
		this.url = `http://127.0.0.1:${n8nPort}`;
		if (queue) {
			for (let i = 1; i <= (o.workers ?? 2); i++) {
				const logFile = path.join(o.userFolder, `n8n-worker-${i}.log`);
				const workerEnv = await this.cli.processEnv({ QUEUE_HEALTH_CHECK_PORT: String(await freePort()), N8N_PORT: String(await freePort()) });
				const server = startN8n(this.runtime, workerEnv, o.userFolder, logFile, ['worker', `--concurrency=${o.concurrency ?? 10}`]);
				this.processes.push({ name: `worker-${i}`, server, logFile });
			}
		}
		try {
			await waitUntilUp(`${this.url}/healthz/readiness`, main, 240_000, () => false);
			await waitUntilUp(`${this.url}/rest/settings`, main, 120_000, () => false);
			for (const worker of this.processes.filter((p) => p.name.startsWith('worker'))) {
				await waitForLog(worker.logFile, 'n8n worker is now ready', worker.server, 240_000);
			}
			// Main serves webhooks before it has activated every workflow; a polling trigger takes its baseline
			// when activated, so documents created before that would be part of it and never reported.
			for (const id of o.activate ?? []) await waitForLog(mainLog, `(ID: ${id})`, main, 240_000, 'Activated workflow');
		} catch (error) {
			const logs = this.processes.map((p) => `--- ${p.name} (${p.logFile}) ---\n${logTail(p.logFile, 25)}`).join('\n');
			throw new Error(`${(error as Error).message}\n${logs}`);
		}
		this.rest = new N8nRest(this.url, 60_000);
		if (!(await this.rest.ownerSetUp())) await this.rest.setupOwner(OWNER.email, OWNER.password);
		await this.rest.login(OWNER.email, OWNER.password);
		this.log(`n8n ${this.runtime.n8nVersion} ${queue ? `queue mode: main + ${o.workers ?? 2} workers` : 'regular mode'} on ${this.url}`);
	}

	webhookUrl(webhookPath: string): string {
		return `${this.url}/webhook/${webhookPath}`;
	}

	/** Every execution of a workflow (newest first, all pages). */
	async executions(workflowId: string): Promise<Execution[]> {
		const all: Execution[] = [];
		let lastId: string | undefined;
		for (;;) {
			// n8n caps a page (100 in 1.123) whatever `limit` asks: page on until one comes back empty.
			const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: '100' });
			if (lastId) query.set('lastId', lastId);
			const page = await this.rest.ok<{ results: Execution[] }>('GET', `/rest/executions?${query.toString()}`);
			const fresh = page.results.filter((e) => !all.some((a) => a.id === String(e.id)));
			if (fresh.length === 0) return all;
			all.push(...fresh.map((e) => ({ id: String(e.id), workflowId: String(e.workflowId), status: e.status, mode: e.mode })));
			lastId = String(Math.min(...fresh.map((e) => Number(e.id))));
		}
	}

	/** One execution with its error and what each node output. */
	async execution(id: string): Promise<ExecutionDetail> {
		const e = await this.rest.ok<Execution & { data: string }>('GET', `/rest/executions/${id}`);
		const run = unflatten(e.data) as {
			resultData?: {
				error?: { message?: string; description?: string };
				runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>>;
			};
		};
		const outputs: ExecutionDetail['outputs'] = {};
		for (const [node, runs] of Object.entries(run.resultData?.runData ?? {})) {
			outputs[node] = (runs[runs.length - 1]?.data?.main?.[0] ?? []).map((i) => i.json);
		}
		const error = run.resultData?.error;
		return {
			id: String(e.id),
			workflowId: String(e.workflowId),
			status: e.status,
			mode: e.mode,
			error: error ? [error.message, error.description].filter(Boolean).join(' — ') : undefined,
			outputs,
		};
	}

	/** execution id → the worker that ran it (from the workers' logs). */
	workerOf(): Map<string, string> {
		const map = new Map<string, string>();
		for (const p of this.processes.filter((x) => x.name.startsWith('worker'))) {
			const text = fs.existsSync(p.logFile) ? fs.readFileSync(p.logFile, 'utf8') : '';
			for (const m of text.matchAll(/Worker started execution (\d+)/g)) map.set(m[1], p.name);
		}
		return map;
	}

	/** Where each value appears in clear text: `postgres` (pg_dump) and `redis` (a SAVE of what it holds). */
	async findInStores(values: string[]): Promise<Record<string, string[]>> {
		if (!this.binaries || !this.redisPort || !this.postgresPort) throw new Error('findInStores needs queue mode');
		const dump = Buffer.from(pgDump(this.binaries, this.postgresPort, DATABASE));
		const rdb = await redisSnapshot(path.join(this.options.userFolder, 'redis'), this.redisPort);
		const found: Record<string, string[]> = {};
		for (const value of values.filter((v) => v.length > 0)) {
			const where = [dump.includes(value) && 'postgres', rdb.includes(value) && 'redis'].filter(Boolean) as string[];
			if (where.length) found[value] = where;
		}
		return found;
	}

	/** Stops n8n (main first: it stops taking work), then the workers, Redis and PostgreSQL. */
	async stop(): Promise<void> {
		for (const p of this.processes) await p.server.stop().catch(() => undefined);
		for (const s of [...this.services].reverse()) await s.stop().catch(() => undefined);
		await this.cli?.dispose();
	}

	/** pids to record for `npm run stop:queue`. */
	pids(): Record<string, number> {
		const out: Record<string, number> = {};
		for (const p of this.processes) if (p.server.child.pid) out[`n8n-${p.name}`] = p.server.child.pid;
		for (const s of this.services) out[s.name] = s.pid;
		return out;
	}
}

/** Waits until `file` has a line containing `text` (and `also`, when given). */
async function waitForLog(file: string, text: string, server: N8nServer, timeoutMs: number, also?: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exit: string | undefined;
	void server.exited.then((e) => (exit = e));
	for (;;) {
		if (exit) throw new Error(`${path.basename(file)}: n8n stopped while starting (${exit})`);
		if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').split('\n').some((l) => l.includes(text) && (!also || l.includes(also)))) return;
		if (Date.now() > deadline) throw new Error(`${path.basename(file)}: "${text}" not logged within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}
