/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Shared pieces of the provider end-to-end tests: the built package inside a real n8n (one
 * `N8nSandbox` per test file), a small workflow builder (Manual Trigger → nodes in a chain, with
 * expressions between them), and readers for what n8n returned (items, binary files, error items).
 *
 * The sandbox loads the package through N8N_CUSTOM_EXTENSIONS, so node types are `CUSTOM.<name>`.
 * Environment:
 * - `LATAM_E2E_DIST`: a built package folder to load instead of `<repo>/dist` (default; built by
 *   `npm run test:e2e`).
 * - `LATAM_E2E_KEEP=1`: keep each sandbox's user folder (n8n DB, logs of every command, workflows)
 *   and print where it is, to debug a failing test.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IBinaryData, IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import type { BatchResult, CredentialSeed, ExecuteResult, WorkflowSeed } from '../runtime/instance';
import { endedAs, N8nSandbox, nodeItems, readableLog } from '../runtime/instance';
import { ensureN8nRuntime } from '../runtime/provision';

export const REPO = path.resolve(__dirname, '..', '..', '..');

/** How the sandbox installs the package (N8N_CUSTOM_EXTENSIONS): node types are `CUSTOM.<name>`. */
export const NODE_TYPE_PREFIX = 'CUSTOM.';

export const nodeType = (name: string) => `${NODE_TYPE_PREFIX}${name}`;

/** The built package: `$LATAM_E2E_DIST` or `<repo>/dist`, checked to hold what package.json declares. */
export function distDir(): string {
	const dir = path.resolve(process.env.LATAM_E2E_DIST || path.join(REPO, 'dist'));
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials]
		.map((file) => path.join(dir, path.relative('dist', file)))
		.filter((file) => !fs.existsSync(file));
	if (missing.length > 0) {
		throw new Error(`The built package in ${dir} lacks ${missing.join(', ')}: run "npm run build" (npm run test:e2e does).`);
	}
	return dir;
}

/* ------------------------------------------------------------------------------------------------ */
/* Workflows                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

export interface NodeOptions {
	/** `{credentialType: CredentialSeed}`: the node references the imported credential by id and name. */
	credentials?: Record<string, Pick<CredentialSeed, 'id' | 'name'>>;
	/**
	 * The editor's Settings → On Error: `true` = "Continue" (error items in the regular output),
	 * `'errorOutput'` = "Continue (using error output)" (n8n moves error items to a second output; see `Flow.branches`).
	 */
	continueOnFail?: boolean | 'errorOutput';
	typeVersion?: number;
}

interface FlowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: IDataObject;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
}

/**
 * A linear workflow: Manual Trigger → each added node in order (optionally ending in two branches). Node
 * names are what expressions such as `$('Create Invoice').item.json.cufe` refer to and what
 * `items(run, name)` reads.
 */
export class Flow {
	private readonly nodes: FlowNode[] = [];

	private readonly connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};

	constructor(
		readonly id: string,
		readonly name: string,
	) {
		if (!/\d/.test(id)) throw new Error(`workflow id "${id}" needs a digit (n8n execute-batch drops others)`);
		if (id.length > 16) throw new Error(`workflow id "${id}" is longer than 16 characters (n8n keeps no static data for it)`);
		this.nodes.push({
			id: 'trigger',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		});
	}

	/** Appends a node after the last one. */
	then(name: string, type: string, parameters: IDataObject, options: NodeOptions = {}): this {
		if (this.nodes.some((n) => n.name === name)) throw new Error(`duplicate node name "${name}" in ${this.id}`);
		const node: FlowNode = {
			id: `n${this.nodes.length}`,
			name,
			type,
			typeVersion: options.typeVersion ?? 1,
			position: [this.nodes.length * 220, 0],
			parameters,
		};
		if (options.credentials) {
			node.credentials = Object.fromEntries(
				Object.entries(options.credentials).map(([type, c]) => [type, { id: c.id, name: c.name }]),
			);
		}
		if (options.continueOnFail) node.onError = options.continueOnFail === 'errorOutput' ? 'continueErrorOutput' : 'continueRegularOutput';
		this.connect(this.nodes[this.nodes.length - 1].name, 0, name);
		this.nodes.push(node);
		return this;
	}

	/**
	 * Ends the chain with two No Op nodes after the last node: its output 0 → `success`, output 1 → `failure`
	 * (the error output of a node added with `continueOnFail: 'errorOutput'`).
	 */
	branches(success: string, failure: string): this {
		const from = this.nodes[this.nodes.length - 1].name;
		for (const [output, name] of [success, failure].entries()) {
			this.nodes.push({ id: `n${this.nodes.length}`, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [this.nodes.length * 220, output * 200], parameters: {} });
			this.connect(from, output, name);
		}
		return this;
	}

	private connect(from: string, output: number, to: string): void {
		const outputs = (this.connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: 0 });
	}

	/**
	 * Several input items for the next node: Edit Fields (raw JSON `{items: [...]}`) → Split Out named `name`.
	 * (Not a Code node: with task runners off, n8n 1.123 cannot read a Code node's output from a later
	 * node's expressions — `$('Code').first().json` evaluates to null — while `$json` works.)
	 */
	items(name: string, items: IDataObject[]): this {
		return this.then(`${name} (JSON)`, 'n8n-nodes-base.set', { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} }, { typeVersion: 3.4 }).then(
			name,
			'n8n-nodes-base.splitOut',
			{ fieldToSplitOut: 'items', include: 'noOtherFields', options: {} },
			{ typeVersion: 1 },
		);
	}

	/** A Set node (Edit Fields) adding string fields computed by expressions, keeping the item's own fields. */
	set(name: string, fields: Record<string, string>): this {
		const assignments = Object.entries(fields).map(([field, expression]) => ({ id: `${name}-${field}`, name: field, value: `={{ ${expression} }}`, type: 'string' }));
		return this.then(name, 'n8n-nodes-base.set', { mode: 'manual', assignments: { assignments }, includeOtherFields: true, options: {} }, { typeVersion: 3.4 });
	}

	/**
	 * A Set node (Edit Fields) after a download: reads the incoming binary's file name, MIME type and size
	 * through expressions (`$binary.<property>.fileName`), keeps the item's fields and its binary.
	 */
	readBinary(name: string, property = 'data'): this {
		return this.set(name, {
			seenFileName: `$binary.${property}.fileName`,
			seenMimeType: `$binary.${property}.mimeType`,
			seenFileExtension: `$binary.${property}.fileExtension`,
		});
	}

	/**
	 * Extract From File → "Move File to Base64 String": the next node reads the file's bytes through n8n's
	 * binary data service (`getBinaryDataBuffer`), into `json[destination]`; `keepFile` passes the file on too.
	 */
	readBytes(name: string, property = 'data', options: { destination?: string; keepFile?: boolean } = {}): this {
		return this.then(
			name,
			'n8n-nodes-base.extractFromFile',
			{
				operation: 'binaryToPropery',
				binaryPropertyName: property,
				destinationKey: options.destination ?? 'fileBase64',
				options: { keepSource: options.keepFile ? 'both' : 'json' },
			},
			{ typeVersion: 1 },
		);
	}

	toSeed(): WorkflowSeed {
		return { id: this.id, name: this.name, nodes: this.nodes, connections: this.connections, settings: { executionOrder: 'v1' } };
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* Sandbox                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

const report = (file: string, line: string) => process.stderr.write(`[${file}] ${line}\n`);

/**
 * One real n8n per test file: the package copied in, credentials and workflows imported once, then
 * `batch` (many workflows, one n8n process) and `execute` (one workflow, with the run data of a failure).
 */
export class ProviderE2E {
	readonly timings: Record<string, number> = {};

	/** Everything n8n printed in this sandbox (stdout and stderr of every command). */
	private transcript = '';

	private started = Date.now();

	private constructor(
		readonly label: string,
		readonly sandbox: N8nSandbox,
	) {}

	static async start(label: string, options: { env?: Record<string, string> } = {}): Promise<ProviderE2E> {
		const t0 = Date.now();
		const runtime = await ensureN8nRuntime();
		const e2e = new ProviderE2E(label, await N8nSandbox.create(distDir(), { runtime, env: options.env, timeoutMs: 5 * 60_000 }));
		e2e.started = t0;
		e2e.timings.runtimeAndSandbox = Date.now() - t0;
		if (process.env.LATAM_E2E_KEEP) report(label, `sandbox user folder (kept): ${e2e.sandbox.userFolder}`);
		return e2e;
	}

	async importCredentials(credentials: CredentialSeed[]): Promise<void> {
		await this.timed('importCredentials', async () => await this.sandbox.importCredentials(credentials));
	}

	async importWorkflows(flows: Flow[]): Promise<void> {
		const seeds = flows.map((f) => f.toSeed());
		this.keep('workflows.json', seeds);
		await this.timed('importWorkflows', async () => await this.sandbox.importWorkflows(seeds));
	}

	/** Runs workflows in one n8n process; every one must succeed (else the error lists each failure). */
	async batch(ids: string[]): Promise<Record<string, IRun>> {
		const res = await this.timed(`batch(${ids.length})`, async () => await this.sandbox.executeBatch(ids));
		this.transcript += res.stdout + res.stderr;
		this.keep(`batch-${Date.now()}.log`, readableLog(res.stdout) + res.stderr);
		if (!res.ok) throw new Error(describeBatchFailure(res, ids));
		return Object.fromEntries(ids.map((id) => [id, res.results[id].data!]));
	}

	/** Runs one workflow in a fresh n8n process; `expectOk` false returns failed runs too. */
	async execute(id: string, opts: { expectOk?: boolean } = {}): Promise<ExecuteResult> {
		const res = await this.timed(`execute(${id})`, async () => await this.sandbox.execute(id));
		// Worth seeing in the log, not a failure: n8n 2.x's CLI can crash while exiting (see N8nSandbox.execute).
		if (res.attempts > 1) report(this.label, `n8n execute ${id}: ${res.attempts - 1} process(es) crashed before printing a run; started again`);
		if (res.crashedAfterResult) report(this.label, `n8n execute ${id}: ${endedAs(res)} (the printed run is used)`);
		this.transcript += res.stdout + res.stderr;
		this.keep(`execute-${id}-${Date.now()}.log`, readableLog(res.stdout) + res.stderr);
		if ((opts.expectOk ?? true) && !res.ok) {
			const error = res.data?.data.resultData.error;
			throw new Error(
				`workflow ${id} failed (exit ${res.exitCode ?? res.signal})` +
					(error ? `: ${error.message}${error.description ? ` — ${error.description}` : ''} on node ${res.data?.data.resultData.lastNodeExecuted}` : '') +
					`\n--- n8n output ---\n${tail(readableLog(res.stdout) + res.stderr)}`,
			);
		}
		return res;
	}

	/**
	 * Where each value appears in plain text: `output` (what n8n printed), `database` (n8n's sqlite: execution
	 * data and everything else n8n stores), `snapshots` (execute-batch's run files). Values found nowhere
	 * are left out. Decrypted credential exports (`exportCredential`) are not searched.
	 */
	findInSandbox(values: string[]): Record<string, string[]> {
		const folder = this.sandbox.userFolder;
		const n8nDir = path.join(folder, '.n8n');
		const snapshotFiles = fs
			.readdirSync(folder)
			.filter((d) => d.startsWith('batch-') && fs.existsSync(path.join(folder, d, 'snapshots')))
			.flatMap((d) => fs.readdirSync(path.join(folder, d, 'snapshots')).map((f) => path.join(folder, d, 'snapshots', f)));
		const sources: Record<string, Buffer[]> = {
			output: [Buffer.from(this.transcript)],
			database: fs.readdirSync(n8nDir).filter((f) => f.startsWith('database.sqlite')).map((f) => fs.readFileSync(path.join(n8nDir, f))),
			snapshots: snapshotFiles.map((f) => fs.readFileSync(f)),
		};
		const found: Record<string, string[]> = {};
		for (const value of values.filter((v) => v !== '')) {
			const where = Object.entries(sources).filter(([, buffers]) => buffers.some((b) => b.includes(value))).map(([name]) => name);
			if (where.length > 0) found[value] = where;
		}
		return found;
	}

	async exportCredential(id: string): Promise<IDataObject> {
		return await this.timed(`exportCredential(${id})`, async () => await this.sandbox.exportCredential(id));
	}

	async dispose(): Promise<void> {
		this.timings.total = Date.now() - this.started;
		const seconds = Object.fromEntries(Object.entries(this.timings).map(([k, v]) => [k, Math.round(v / 100) / 10]));
		report(this.label, `timings (s): ${JSON.stringify(seconds)}`);
		if (process.env.LATAM_E2E_KEEP) report(this.label, `kept ${this.sandbox.userFolder}`);
		else await this.sandbox.dispose();
	}

	private async timed<T>(key: string, fn: () => Promise<T>): Promise<T> {
		const t = Date.now();
		try {
			return await fn();
		} finally {
			this.timings[key] = (this.timings[key] ?? 0) + (Date.now() - t);
		}
	}

	/** With LATAM_E2E_KEEP, writes what was run and logged into the user folder. */
	private keep(file: string, content: unknown): void {
		if (!process.env.LATAM_E2E_KEEP) return;
		const dir = path.join(this.sandbox.userFolder, 'e2e');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
	}
}

function tail(text: string, max = 6000): string {
	return text.length > max ? `…${text.slice(-max)}` : text;
}

function describeBatchFailure(res: BatchResult, ids: string[]): string {
	const lines = ids.map((id) => {
		const entry = res.results[id];
		if (!entry) return `  ${id}: did not run (unknown workflow id?)`;
		return `  ${id}: ${entry.status}${entry.error ? ` — ${entry.error}` : ''}`;
	});
	return `execute-batch: not every workflow succeeded (exit ${res.exitCode ?? res.signal}):\n${lines.join('\n')}\n--- n8n output ---\n${tail(readableLog(res.stdout) + res.stderr)}`;
}

/* ------------------------------------------------------------------------------------------------ */
/* Reading runs                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

/** Items a node output in a run; fails (with the nodes that did run) if the node never ran. */
export function items(run: IRun | undefined, node: string): INodeExecutionData[] {
	const ran = Object.keys(run?.data.resultData.runData ?? {});
	if (!ran.includes(node)) throw new Error(`node "${node}" did not run; nodes that ran: ${ran.join(', ') || 'none'}`);
	return nodeItems(run, node);
}

/** The single item a node output. */
export function only(run: IRun | undefined, node: string): INodeExecutionData {
	const out = items(run, node);
	if (out.length !== 1) throw new Error(`node "${node}" output ${out.length} items, expected 1: ${JSON.stringify(out.map((i) => i.json)).slice(0, 2000)}`);
	return out[0];
}

export const json = (run: IRun | undefined, node: string) => only(run, node).json as IDataObject & { summary: IDataObject };

/** A binary property as n8n holds it: metadata and, in the filesystem mode every suite uses, a reference (`id`) to the stored file. */
export function binaryOf(item: INodeExecutionData, property = 'data'): IBinaryData {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`no binary property "${property}" on item: ${Object.keys(item.binary ?? {}).join(', ') || 'no binary at all'}`);
	return binary;
}

/** The bytes the next node read (see `Flow.readBytes`). */
export function bytesRead(item: INodeExecutionData, destination = 'fileBase64'): Buffer {
	const value = item.json[destination];
	if (typeof value !== 'string') throw new Error(`no base64 string in json.${destination}`);
	return Buffer.from(value, 'base64');
}

/** A Continue On Fail item's error, as our runner writes it. */
export interface ErrorItemJson {
	message: string;
	description?: string;
	fields: Record<string, string[]>;
	provider: string;
	httpCode?: number;
	code?: string;
}

export function errorOf(item: INodeExecutionData): ErrorItemJson {
	const error = item.json.error as unknown as ErrorItemJson | undefined;
	if (!error || typeof error !== 'object') throw new Error(`item is not an error item: ${JSON.stringify(item.json).slice(0, 500)}`);
	return error;
}

/** Secrets a simulator has seen: every bearer token sent to it, and the named body fields (password, refresh_token…). */
export function secretsSeen(requests: Array<{ headers: Record<string, unknown>; body: unknown }>, bodyFields: string[]): string[] {
	const found = new Set<string>();
	for (const r of requests) {
		const auth = r.headers.authorization;
		if (typeof auth === 'string' && auth.startsWith('Bearer ')) found.add(auth.slice('Bearer '.length));
		const body = r.body as Record<string, unknown> | undefined;
		for (const field of bodyFields) if (body && typeof body[field] === 'string') found.add(body[field] as string);
	}
	found.delete('');
	return [...found];
}

export const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
