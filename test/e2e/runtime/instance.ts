/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * A throwaway n8n "instance": its own user folder (sqlite DB, encryption key, binary data) driven through
 * the n8n CLI of the provisioned runtime. Every command is a fresh n8n process (~3 s each, mostly startup).
 *
 * Result data: `n8n execute` (1.123.x) logs the whole run (`IRun`: every node's run data, items with json
 * and binary) as ONE logger.info message; `--rawOutput` only drops the "Execution was successful" header.
 * On failure it logs the same IRun (with `resultData.error`) and exits 1. We force N8N_LOG_FORMAT=json, so
 * each log entry is one JSON line and the run is the entry whose `message` parses to an IRun: no guessing
 * where a pretty-printed object starts among other log lines (a text-format fallback exists anyway).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { IDataObject, INodeExecutionData, IRun, ITaskData } from 'n8n-workflow';

import { ensureN8nRuntime, type N8nRuntime } from './provision';

export interface CredentialSeed {
	id: string;
	name: string;
	type: string;
	/** Plain values; `n8n import:credentials` encrypts objects with the instance key. */
	data: IDataObject;
}

export interface WorkflowSeed {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: IDataObject;
	active?: boolean;
}

export interface CliResult {
	exitCode: number | null;
	/** Set when the process died from a signal (timeout kill, or a crash such as SIGSEGV). */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface ExecuteResult extends CliResult {
	/** Exit code 0 and no error in the run. */
	ok: boolean;
	/** The parsed run (`data.resultData.runData[nodeName][runIndex].data.main[output][i]`). */
	data: IRun | undefined;
}

export interface BatchEntry {
	status: 'success' | 'warning' | 'error' | string;
	/** n8n's one-line summary (`<description or message> on node <name>`), failures only. */
	error?: string;
	/** Full run, successful executions only: execute-batch writes snapshots only for those. */
	data?: IRun;
}

export interface BatchResult extends CliResult {
	/** Every requested workflow ran with status "success". Judge by this, not by exitCode (see executeBatch). */
	ok: boolean;
	results: Record<string, BatchEntry>;
}

export interface SandboxOptions {
	/** Default: `await ensureN8nRuntime()`. */
	runtime?: N8nRuntime;
	/** Extra or overriding environment for every n8n process. */
	env?: Record<string, string>;
	/** Per CLI call. Default 120 s. */
	timeoutMs?: number;
	/** Default `latam-einvoicing-e2e-key`; any fixed string works (the DB is thrown away). */
	encryptionKey?: string;
}

/** Environment of this process that must not reach n8n (jest sets NODE_ENV=test, which changes n8n's exits). */
const INHERITED_BLOCKLIST = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|npm_)/i;

export class N8nSandbox {
	private constructor(
		readonly runtime: N8nRuntime,
		/** N8N_USER_FOLDER; n8n keeps its data in `<userFolder>/.n8n`. */
		readonly userFolder: string,
		/** The copy of the package's dist that n8n loads. */
		readonly extensionsDir: string,
		/** Environment of every n8n process (public so that long-running commands like `start` can reuse it). */
		readonly env: NodeJS.ProcessEnv,
		private readonly timeoutMs: number,
	) {}

	/**
	 * @param distDir absolute path of a built package folder (`dist/`); node types are then `CUSTOM.<name>`.
	 * The folder is copied into the sandbox: loaded from inside the repository, `require('n8n-workflow')`
	 * would resolve to the repository's devDependency instead of n8n's own copy (n8n only adds its
	 * node_modules as NODE_PATH fallback), which is not how an installed community package runs.
	 */
	static async create(distDir: string, opts: SandboxOptions = {}): Promise<N8nSandbox> {
		if (!path.isAbsolute(distDir) || !fs.existsSync(distDir)) throw new Error(`dist folder not found: ${distDir}`);
		const runtime = opts.runtime ?? (await ensureN8nRuntime());
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sandbox-'));
		const extensionsDir = path.join(userFolder, 'custom-extensions');
		fs.cpSync(distDir, extensionsDir, { recursive: true });

		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) if (!INHERITED_BLOCKLIST.test(key)) env[key] = value;
		Object.assign(env, {
			PATH: `${path.dirname(runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
			NODE_ENV: 'production', // like n8n's Docker image; anything but "test"
			// Node 24's on-disk compile cache: ~0.4 s less startup per n8n command (of ~3 s).
			NODE_COMPILE_CACHE: path.join(runtime.cacheDir, 'compile-cache'),
			TZ: 'UTC',
			GENERIC_TIMEZONE: 'UTC',
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: opts.encryptionKey ?? 'latam-einvoicing-e2e-key',
			N8N_CUSTOM_EXTENSIONS: extensionsDir,
			DB_TYPE: 'sqlite',
			// Keep stdout machine-readable: one JSON object per log entry. The run itself is logged at
			// "info", so N8N_LOG_LEVEL must stay at info or more verbose.
			N8N_LOG_FORMAT: 'json',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			// Binary data inline (base64 in the run) instead of ids pointing into the user folder.
			N8N_DEFAULT_BINARY_DATA_MODE: 'default',
			// Quiet and offline.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_PUBLIC_API_DISABLED: 'true',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			// Task runners only serve the Code node. On, every command also starts a runner process (~5 s per
			// execute instead of ~3 s) and a broker on fixed port 5679 that parallel sandboxes would fight over.
			N8N_RUNNERS_ENABLED: 'false',
			// Silences the "permissions 0644 are too wide" warning on every command (n8n fixes them to 0600).
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		});
		Object.assign(env, opts.env);
		return new N8nSandbox(runtime, userFolder, extensionsDir, env, opts.timeoutMs ?? 120_000);
	}

	async importCredentials(credentials: CredentialSeed[]): Promise<void> {
		const file = this.writeTemp('credentials', credentials);
		await this.runOrThrow(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows: WorkflowSeed[]): Promise<void> {
		const file = this.writeTemp('workflows', workflows.map((w) => ({ active: false, settings: {}, ...w })));
		await this.runOrThrow(['import:workflow', `--input=${file}`]);
	}

	/** Runs a workflow (it needs a Manual Trigger) in a fresh n8n process. Never throws for a failed run. */
	async execute(workflowId: string, opts: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const res = await this.run(['execute', `--id=${workflowId}`, '--rawOutput'], opts.timeoutMs);
		const data = parseRun(res.stdout);
		const ok = res.exitCode === 0 && data !== undefined && !data.data.resultData.error;
		return { ...res, ok, data };
	}

	/**
	 * Runs several workflows in ONE n8n process (`n8n execute-batch`, sequential), paying n8n's startup once.
	 * Limits (n8n 1.123.x): ids must contain a digit (n8n filters them with /\d+/ and silently drops the
	 * rest); a failed workflow only yields a one-line error, no run data; errors whose text contains 429,
	 * 502/503/504, "internal server error", "status code 401", ECONNREFUSED… count as "warning", not
	 * "error"; 3 min timeout per workflow. After a failed workflow n8n usually dies with SIGSEGV while
	 * exiting (isolated-vm, the default "vm" expression engine, is not disposed before process.exit);
	 * the summary and snapshots are written before that, so results come from them, not from the exit code.
	 */
	async executeBatch(workflowIds: string[], opts: { timeoutMs?: number } = {}): Promise<BatchResult> {
		const bad = workflowIds.filter((id) => !/\d/.test(id) || id.includes(','));
		if (bad.length > 0) throw new Error(`execute-batch ignores workflow ids without a digit: ${bad.join(', ')}`);
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'batch-'));
		const snapshots = path.join(dir, 'snapshots');
		fs.mkdirSync(snapshots);
		const summaryFile = path.join(dir, 'summary.json');
		const res = await this.run(
			['execute-batch', `--ids=${workflowIds.join(',')}`, `--snapshot=${snapshots}`, `--output=${summaryFile}`, '--retries=0'],
			opts.timeoutMs,
		);
		if (!fs.existsSync(summaryFile)) throw cliError(`execute-batch wrote no summary (exit ${res.exitCode ?? res.signal})`, res);
		const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as {
			executions: Array<{ workflowId: string; executionStatus: string; error?: string }>;
		};
		const results: Record<string, BatchEntry> = {};
		for (const e of summary.executions) {
			const snapshot = path.join(snapshots, `${e.workflowId}-snapshot.json`);
			results[e.workflowId] = {
				status: e.executionStatus,
				error: e.error,
				data: fs.existsSync(snapshot) ? (JSON.parse(fs.readFileSync(snapshot, 'utf8')) as IRun) : undefined,
			};
		}
		const ok = workflowIds.every((id) => results[id]?.status === 'success');
		return { ...res, ok, results };
	}

	/** The credential's data as n8n stores it now, decrypted (e.g. to see a token saved by preAuthentication). */
	async exportCredential(id: string): Promise<IDataObject> {
		const file = path.join(fs.mkdtempSync(path.join(this.userFolder, 'export-')), 'credentials.json');
		await this.runOrThrow(['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`]);
		const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ id: string; data: IDataObject }>;
		const found = exported.find((c) => c.id === id);
		if (!found) throw new Error(`credential ${id} not in export`);
		return found.data;
	}

	async dispose(): Promise<void> {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** Any n8n CLI command with this sandbox's environment; never throws on a non-zero exit. */
	run(args: string[], timeoutMs = this.timeoutMs): Promise<CliResult> {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			// cwd = user folder: n8n's bin loads a `.env` from the current directory (dotenv).
			const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true, // own process group, so a timeout kills n8n's children too
			});
			let stdout = '';
			let stderr = '';
			let timedOut = false;
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			const timer = setTimeout(() => {
				timedOut = true;
				try {
					process.kill(-child.pid!, 'SIGKILL');
				} catch {
					child.kill('SIGKILL');
				}
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('close', (exitCode, signal) => {
				clearTimeout(timer);
				const res = { exitCode, signal, stdout, stderr, durationMs: Date.now() - started };
				if (timedOut) reject(cliError(`n8n ${args[0]} timed out after ${timeoutMs} ms`, res));
				else resolve(res);
			});
		});
	}

	private async runOrThrow(args: string[]): Promise<CliResult> {
		const res = await this.run(args);
		if (res.exitCode !== 0) throw cliError(`n8n ${args.join(' ')} failed (exit ${res.exitCode})`, res);
		return res;
	}

	private writeTemp(prefix: string, content: unknown): string {
		const file = path.join(fs.mkdtempSync(path.join(this.userFolder, `${prefix}-`)), `${prefix}.json`);
		fs.writeFileSync(file, JSON.stringify(content));
		return file;
	}
}

/** Items of one node's output (default: last run, first output). Binary entries carry fileName/mimeType. */
export function nodeItems(
	run: IRun | undefined,
	nodeName: string,
	opts: { runIndex?: number; output?: number } = {},
): INodeExecutionData[] {
	const runs: ITaskData[] | undefined = run?.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) return [];
	const task = runs[opts.runIndex ?? runs.length - 1];
	return task?.data?.main?.[opts.output ?? 0] ?? [];
}

/** Finds the IRun in `n8n execute` stdout: JSON log lines first, pretty-printed text format as fallback. */
export function parseRun(stdout: string): IRun | undefined {
	const isRun = (v: unknown): v is IRun =>
		typeof v === 'object' && v !== null && typeof (v as IRun).data?.resultData === 'object';
	const lines = stdout.split('\n');
	for (const line of lines) {
		if (!line.startsWith('{"')) continue;
		try {
			const entry = JSON.parse(line) as { message?: unknown };
			if (typeof entry.message === 'string' && entry.message.startsWith('{')) {
				const run: unknown = JSON.parse(entry.message);
				if (isRun(run)) return run;
			}
		} catch {
			// not a log entry (e.g. a node's own console output)
		}
	}
	// Text format: JSON.stringify(run, null, 2) starts with a line "{" and ends with a line "}".
	for (let start = lines.indexOf('{'); start !== -1; start = lines.indexOf('{', start + 1)) {
		for (let end = lines.length - 1; end > start; end--) {
			if (lines[end] !== '}') continue;
			try {
				const run: unknown = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (isRun(run)) return run;
			} catch {
				// try a shorter block
			}
		}
	}
	return undefined;
}

/** Log lines back to readable text, for error messages. */
export function readableLog(output: string): string {
	return output
		.split('\n')
		.map((line) => {
			try {
				const entry = JSON.parse(line) as { level?: string; message?: string };
				if (typeof entry.message === 'string') return `${entry.level ?? ''}: ${entry.message}`;
			} catch {
				// plain line
			}
			return line;
		})
		.join('\n');
}

function cliError(message: string, res: CliResult): Error {
	const tail = (s: string) => (s.length > 4000 ? `…${s.slice(-4000)}` : s);
	return new Error(`${message}\n--- stderr ---\n${tail(res.stderr)}\n--- stdout ---\n${tail(readableLog(res.stdout))}`);
}
