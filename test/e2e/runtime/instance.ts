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
import type { IBinaryData, IDataObject, INodeExecutionData, IRun, ITaskData } from 'n8n-workflow';

import { freePort } from './ports';
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
	/** The task-runner broker port this process was given (n8n 2.x listens on it; 1.x with runners off does not). */
	brokerPort: number;
}

export interface ExecuteResult extends CliResult {
	/**
	 * n8n printed a run without an error, and then exited 0 or crashed (`crashedAfterResult`). Judge a run by
	 * this, not by the exit code alone.
	 */
	ok: boolean;
	/** The parsed run (`data.resultData.runData[nodeName][runIndex].data.main[output][i]`). */
	data: IRun | undefined;
	/**
	 * n8n printed the run and then died from a signal while exiting (n8n 2.x's `execute` exits without
	 * disposing the isolated-vm expression engine and segfaults about half the time, with or without this
	 * package). Never the case for 1.x's `execute` so far.
	 */
	crashedAfterResult: boolean;
	/** n8n processes started for this run: more than 1 when a process crashed before printing any result. */
	attempts: number;
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
			// Binary files on disk, the run holding references (`filesystem-v2:…`): the mode n8n 2.x uses by
			// default and the only one n8n 3.0 keeps (1.x defaults to `default`, in-memory, which 2.0 removed).
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			// Quiet and offline.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_PUBLIC_API_DISABLED: 'true',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			// Task runners (N8N_RUNNERS_ENABLED) stay as each version defaults them: off in 1.x, on in 2.x. Each
			// process gets its own broker port (see processEnv), so parallel n8n processes do not collide.
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

	/**
	 * Runs a workflow (it needs a Manual Trigger) in a fresh n8n process. Never throws for a failed run.
	 * The result comes from what n8n printed, not from how the process ended: a process that crashed after
	 * printing the run still delivered it. A process that died from a signal before printing anything is
	 * started again (at most `crashRetries` times, default 2); a run that was printed is never repeated, so
	 * nothing a workflow created is created twice by the runner.
	 */
	async execute(workflowId: string, opts: { timeoutMs?: number; crashRetries?: number } = {}): Promise<ExecuteResult> {
		const retries = opts.crashRetries ?? 2;
		for (let attempt = 1; ; attempt++) {
			const res = await this.run(['execute', `--id=${workflowId}`, '--rawOutput'], opts.timeoutMs);
			const data = parseRun(res.stdout);
			const crashed = res.signal !== null;
			if (data === undefined && crashed && attempt <= retries) continue;
			const crashedAfterResult = data !== undefined && crashed;
			const ok = data !== undefined && !data.data.resultData.error && (res.exitCode === 0 || crashedAfterResult);
			return { ...res, ok, data, crashedAfterResult, attempts: attempt };
		}
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

	/**
	 * Where n8n's filesystem binary-data mode keeps files: `$N8N_BINARY_DATA_STORAGE_PATH` if set, else
	 * `<user folder>/.n8n/binaryData` (n8n 1.x) or `<user folder>/.n8n/storage` (n8n 2.x).
	 */
	get binaryDataDir(): string {
		if (this.env.N8N_BINARY_DATA_STORAGE_PATH) return this.env.N8N_BINARY_DATA_STORAGE_PATH;
		return path.join(this.userFolder, '.n8n', this.runtime.major >= 2 ? 'storage' : 'binaryData');
	}

	/**
	 * The bytes of a binary property as n8n stored them in filesystem mode: the run holds only a reference
	 * (`id: "filesystem-v2:workflows/<wf>/executions/<n>/binary_data/<uuid>"`), the file lies in
	 * `binaryDataDir`. Throws for anything not stored that way (e.g. the in-memory mode's inline base64).
	 */
	storedBinary(binary: IBinaryData): Buffer {
		const match = /^filesystem(?:-v2)?:(.+)$/.exec(binary.id ?? '');
		if (!match) throw new Error(`binary "${binary.fileName ?? '?'}" is not stored in filesystem mode (id: ${binary.id ?? 'none'})`);
		const file = path.resolve(this.binaryDataDir, match[1]);
		if (!file.startsWith(path.resolve(this.binaryDataDir) + path.sep)) throw new Error(`binary id points outside the storage folder: ${binary.id}`);
		return fs.readFileSync(file);
	}

	async dispose(): Promise<void> {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	/**
	 * The environment for one more n8n process of this sandbox (a CLI command, `n8n start`, later a worker):
	 * the sandbox's environment, a free port for the task-runner broker (n8n 2.x starts one in every process,
	 * on 5679 by default) and `extra`.
	 */
	async processEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
		return { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extra };
	}

	/** Any n8n CLI command with this sandbox's environment; never throws on a non-zero exit. */
	async run(args: string[], timeoutMs = this.timeoutMs): Promise<CliResult> {
		const started = Date.now();
		const env = await this.processEnv();
		return await new Promise((resolve, reject) => {
			// cwd = user folder: n8n's bin loads a `.env` from the current directory (dotenv).
			const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
				cwd: this.userFolder,
				env,
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
				const res = { exitCode, signal, stdout, stderr, durationMs: Date.now() - started, brokerPort: Number(env.N8N_RUNNERS_BROKER_PORT) };
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

/**
 * How an `n8n execute` process ended, in words tests can assert per n8n line: "exit code N",
 * "crashed with SIGSEGV after printing the run", "crashed with SIGSEGV before printing a run".
 */
export function endedAs(res: ExecuteResult): string {
	if (res.signal === null) return `exit code ${res.exitCode}`;
	return `crashed with ${res.signal} ${res.crashedAfterResult ? 'after printing the run' : 'before printing a run'}`;
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
