/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The four ways latency.bench.ts issues N documents against a fresh simulator, and what it counts for
 * each: our node (default settings or Parallel Requests 1), n8n's own HTTP Request node (loaded from the
 * provisioned n8n, same harness, same request bodies, default settings), and the floor (plain `fetch`
 * with 10 in flight; for Factus also paced to its rate limit).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { IDataObject, INodeExecutionData, INodeProperties, INodeParameters, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { PARALLEL_OPTION } from '../../nodes/shared/runner';
import { Harness } from '../../test/harness';
import type { RunResult } from '../../test/harness';
import { cachedRuntime, DEFAULT_N8N_VERSION } from '../../test/e2e/runtime/provision';
import type { LoggedRequest } from '../../test/simulators/framework/server';
import type { Bench, Provider, ProviderKey } from '../providers';

export type ClientKey = 'default' | 'serial' | 'http' | 'floor';

/** Factus's documented limit, enforced by the simulator in every latency run. */
export const FACTUS_LIMIT = { limit: 80, windowMs: 60_000 };
/** Requests the floor keeps in flight. */
export const FLOOR_IN_FLIGHT = 10;

export interface Outcome {
	provider: ProviderKey;
	client: ClientKey;
	latencyMs: number;
	items: number;
	seconds: number;
	/** Process CPU (user + system) during the run, simulator included (it runs in the same process). */
	cpuMs: number;
	/** Items returned without an error. */
	ok: number;
	/** Items returned as errors or missing from the output (the node failed). */
	failed: number;
	/** The node's error when it failed as a whole. */
	nodeError?: string;
	/** Documents beyond the first for the same item (documents per reference in the simulator). */
	duplicates: number;
	/** Items with no document in the simulator. */
	missing: number;
	/** 429 answers the simulator sent. */
	rejected429: number;
	requests: number;
	/** Most requests the simulator was handling at once. */
	peakInFlight: number;
	/** Output item i is input item i's document (by its identifiers); undefined when no output to check. */
	orderKept?: boolean;
	/** Our node: the Parallel Requests in effect (undefined: the node's default). */
	parallel?: number;
}

/** The requests our node sent for one run, in item order: what the HTTP Request node and the floor send too. */
export interface Captured {
	inputs: IDataObject[];
	create: { path: string; bodies: IDataObject[] };
	/** Factuconect: the send to Hacienda after each create (`codigoGeneracion` from the create). */
	send?: { path: string; bodies: IDataObject[] };
	login?: { path: string; body: string; contentType: string };
}

const CREATE_PATH: Record<ProviderKey, string> = { facepro: '/api/v1/documentos', factuconect: '/facturar/fe', factus: '/v1/bills/validate' };
const SEND_PATH: Partial<Record<ProviderKey, string>> = { factuconect: '/facturar/sendFteMH' };
const LOGIN_PATH: Partial<Record<ProviderKey, string>> = { factuconect: '/clients/login', factus: '/oauth/token' };

export const simOptions = (provider: Provider, rateLimited = true) =>
	provider.key === 'factus' ? { rateLimit: rateLimited ? FACTUS_LIMIT : { limit: 1_000_000, windowMs: 60_000 }, tokenTtlSeconds: 3600 } : {};

/**
 * The Parallel Requests default the node declares for this operation (the `default` of the option in the
 * Options collection shown for its resource and operation) in the node version the bench runs (the
 * harness's default, 1), or undefined when it declares none.
 */
export function declaredParallel(versioned: INodeType | IVersionedNodeType, parameters: INodeParameters, version = 1): number | undefined {
	const node = NodeHelpers.getVersionedNodeType(versioned, version);
	const shown = (property: INodeProperties) =>
		Object.entries(property.displayOptions?.show ?? {}).every(
			([name, values]) => !['resource', 'operation'].includes(name) || (values ?? []).includes(parameters[name] as never),
		);
	for (const property of node.description.properties) {
		if (property.type !== 'collection' || !shown(property)) continue;
		const option = (property.options as INodeProperties[] | undefined)?.find((o) => o.name === PARALLEL_OPTION);
		if (option && typeof option.default === 'number') return option.default;
	}
	return undefined;
}

/** Every string in a JSON value (depth-first). */
function strings(value: unknown, out: string[] = [], depth = 0): string[] {
	if (typeof value === 'string') out.push(value);
	else if (value && typeof value === 'object' && depth < 8) for (const v of Object.values(value)) strings(v, out, depth + 1);
	return out;
}

function count(bench: Bench, provider: Provider, inputs: IDataObject[], output: INodeExecutionData[] | undefined) {
	const { perKey, byId } = bench.documentKeys();
	const keys = inputs.map((item) => provider.itemKey(item));
	const duplicates = keys.reduce((sum, key) => sum + Math.max(0, (perKey.get(key) ?? 0) - 1), 0);
	const missing = keys.filter((key) => !perKey.get(key)).length;
	let orderKept: boolean | undefined;
	if (output?.length) {
		orderKept =
			output.length === inputs.length &&
			output.every((item, i) => strings(item.json).map((s) => byId.get(s)).find(Boolean) === keys[i]);
	}
	const log = bench.server.log;
	return {
		duplicates,
		missing,
		orderKept,
		rejected429: log.filter((r) => r.status === 429).length,
		requests: log.length,
		peakInFlight: bench.server.peakInFlight,
	};
}

function resultCounts(result: RunResult, n: number) {
	const errors = result.items.filter((item) => item.json.error !== undefined).length;
	const ok = result.error ? 0 : result.items.length - errors;
	return { ok, failed: n - ok, nodeError: result.error?.message };
}

async function measured<T>(fn: () => Promise<T>) {
	const started = performance.now();
	const cpu = process.cpuUsage();
	const result = await fn();
	const used = process.cpuUsage(cpu);
	return { result, seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000 };
}

/** Our node over `n` items; `parallel` sets Parallel Requests, undefined keeps the node's default. */
export async function runNode(
	provider: Provider,
	latencyMs: number,
	n: number,
	options: { parallel?: number; rateLimited?: boolean; client: ClientKey; prefix?: string },
): Promise<Outcome> {
	const rateLimited = options.rateLimited ?? true;
	const bench = await provider.start(simOptions(provider, rateLimited), { asSaved: rateLimited });
	try {
		bench.setLatency(latencyMs);
		const inputs = provider.input(n, options.prefix ?? 'l');
		const parameters: INodeParameters =
			options.parallel === undefined
				? provider.create
				: { ...provider.create, options: { ...((provider.create.options as IDataObject | undefined) ?? {}), [PARALLEL_OPTION]: options.parallel } };
		const { result, seconds, cpuMs } = await measured(async () => await bench.run(parameters, inputs));
		return {
			provider: provider.key,
			client: options.client,
			latencyMs,
			items: n,
			seconds,
			cpuMs,
			parallel: options.parallel,
			...resultCounts(result, n),
			...count(bench, provider, inputs, result.error ? undefined : result.items),
		};
	} finally {
		await bench.stop();
	}
}

/** One run of our node, one item after another, without rate limit or latency: its requests in item order. */
export async function capture(provider: Provider, n: number): Promise<Captured> {
	const bench = await provider.start(simOptions(provider, false));
	try {
		const inputs = provider.input(n, 'l');
		const result = await bench.run({ ...provider.create, options: { [PARALLEL_OPTION]: 1 } }, inputs);
		if (result.error) throw new Error(`${provider.name}: capture run failed: ${result.error.message}`);
		const bodies = (path: string) =>
			bench.server.log.filter((r) => r.method === 'POST' && r.path === path && typeof r.status === 'number' && r.status < 300).map((r) => r.body as IDataObject);
		const create = { path: CREATE_PATH[provider.key], bodies: bodies(CREATE_PATH[provider.key]) };
		if (create.bodies.length !== n) throw new Error(`${provider.name}: captured ${create.bodies.length} creates for ${n} items`);
		const sendPath = SEND_PATH[provider.key];
		const loginPath = LOGIN_PATH[provider.key];
		const login = loginPath ? bench.server.log.find((r: LoggedRequest) => r.path === loginPath) : undefined;
		return {
			inputs,
			create,
			send: sendPath ? { path: sendPath, bodies: bodies(sendPath) } : undefined,
			login: login
				? {
						path: login.path,
						contentType: String(login.headers['content-type']),
						body: String(login.headers['content-type']).includes('urlencoded')
							? new URLSearchParams(login.body as Record<string, string>).toString()
							: JSON.stringify(login.body),
					}
				: undefined,
		};
	} finally {
		await bench.stop();
	}
}

/** The bearer token a hand-written client uses: the static token, or one login (untimed). */
async function token(bench: Bench, captured: Captured): Promise<string> {
	if (!captured.login) return bench.staticToken ?? '';
	const response = await fetch(`${bench.server.url}${captured.login.path}`, {
		method: 'POST',
		headers: { 'content-type': captured.login.contentType, accept: 'application/json' },
		body: captured.login.body,
	});
	const answer = (await response.json()) as IDataObject;
	const found = answer.access_token ?? answer.token ?? (answer.data as IDataObject | undefined)?.token;
	if (typeof found !== 'string') throw new Error(`No token in the login answer (${response.status})`);
	return found;
}

let httpRequestNode: { node: INodeType | IVersionedNodeType; version: number; from: string } | undefined;

/** n8n's HTTP Request node from the provisioned n8n's n8n-nodes-base (the version new workflows get). */
export function loadHttpRequestNode(): { node: INodeType | IVersionedNodeType; version: number; from: string } {
	if (httpRequestNode) return httpRequestNode;
	const runtime = cachedRuntime(DEFAULT_N8N_VERSION);
	if (!runtime) throw new Error(`n8n ${DEFAULT_N8N_VERSION} is not provisioned (npm run n8n:provision)`);
	const base = join(runtime.cacheDir, 'n8n', 'node_modules', 'n8n-nodes-base');
	const file = join(base, 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');
	if (!existsSync(file)) throw new Error(`No HTTP Request node at ${file}`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpRequest } = require(file) as { HttpRequest: new () => IVersionedNodeType };
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { version } = require(join(base, 'package.json')) as { version: string };
	const node = new HttpRequest();
	httpRequestNode = { node, version: Number(node.description.defaultVersion), from: `n8n ${runtime.n8nVersion} (n8n-nodes-base ${version})` };
	return httpRequestNode;
}

const HTTP_TYPE = 'n8n-nodes-base.httpRequest';

/** An HTTP Request node as a user sets it up: POST, a bearer header, the body from the item; all else default. */
function httpSpec(name: string, url: string, bearer: string, jsonBody: string) {
	return {
		type: HTTP_TYPE,
		name,
		typeVersion: loadHttpRequestNode().version,
		parameters: {
			method: 'POST',
			url,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${bearer}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
		},
	};
}

/**
 * n8n's HTTP Request node, default settings, sending the bodies our node sent (the item is the body). For
 * Factuconect a second HTTP Request node sends each created DTE to Hacienda (its `codigoGeneracion` from
 * the create's answer). The bearer token is fetched once before the run (a user would paste it or log in
 * in an earlier node).
 */
export async function runHttpRequest(
	provider: Provider,
	latencyMs: number,
	captured: Captured,
	options: { rateLimited?: boolean } = {},
): Promise<Outcome> {
	const bench = await provider.start(simOptions(provider, options.rateLimited ?? true));
	try {
		bench.setLatency(latencyMs);
		const bearer = await token(bench, captured);
		const logBefore = bench.server.log.length;
		const harness = new Harness({ nodes: [], credentials: [], externalNodes: { [HTTP_TYPE]: loadHttpRequestNode().node } });
		const specs = [httpSpec('Create', `${bench.server.url}${captured.create.path}`, bearer, '={{ $json }}')];
		if (captured.send) {
			const constants = { ...captured.send.bodies[0] };
			delete constants.codigoGeneracion;
			specs.push(
				httpSpec(
					'Send',
					`${bench.server.url}${captured.send.path}`,
					bearer,
					`={{ Object.assign(${JSON.stringify(constants)}, { codigoGeneracion: $json.data.codigoGeneracion }) }}`,
				),
			);
		}
		const n = captured.inputs.length;
		const { result, seconds, cpuMs } = await measured(async () => await harness.executeChain(specs, captured.create.bodies));
		bench.server.log.splice(0, logBefore);
		return {
			provider: provider.key,
			client: 'http',
			latencyMs,
			items: n,
			seconds,
			cpuMs,
			...resultCounts(result, n),
			...count(bench, provider, captured.inputs, result.error ? undefined : result.items),
		};
	} finally {
		await bench.stop();
	}
}

/** At most `limit` starts in any `windowMs` (plus a margin for the trip to the server). */
function slidingPacer(limit: number, windowMs: number, marginMs = 100) {
	const starts: number[] = [];
	return async () => {
		for (;;) {
			const now = performance.now();
			while (starts.length && now - starts[0] >= windowMs + marginMs) starts.shift();
			if (starts.length < limit) {
				starts.push(now);
				return;
			}
			await new Promise((resolve) => setTimeout(resolve, starts[0] + windowMs + marginMs - now));
		}
	};
}

/**
 * The floor: the same requests with plain `fetch`, 10 in flight (each lane: create, then Factuconect's
 * send); for Factus paced to exactly its limit (sliding window), and a 429 waits Retry-After and retries.
 */
export async function runFloor(provider: Provider, latencyMs: number, captured: Captured, options: { rateLimited?: boolean } = {}): Promise<Outcome> {
	const rateLimited = options.rateLimited ?? true;
	const bench = await provider.start(simOptions(provider, rateLimited));
	try {
		bench.setLatency(latencyMs);
		const bearer = await token(bench, captured);
		const logBefore = bench.server.log.length;
		const pace = provider.key === 'factus' && rateLimited ? slidingPacer(FACTUS_LIMIT.limit, FACTUS_LIMIT.windowMs) : async () => undefined;
		const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${bearer}` };
		const post = async (path: string, body: IDataObject): Promise<boolean> => {
			for (;;) {
				await pace();
				const response = await fetch(`${bench.server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
				await response.arrayBuffer();
				if (response.status !== 429) return response.ok;
				await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
			}
		};
		const n = captured.inputs.length;
		const done: boolean[] = new Array(n).fill(false);
		let next = 0;
		const lane = async () => {
			while (next < n) {
				const i = next++;
				const created = await post(captured.create.path, captured.create.bodies[i]);
				done[i] = created && (!captured.send || (await post(captured.send.path, captured.send.bodies[i])));
			}
		};
		const { seconds, cpuMs } = await measured(async () => await Promise.all(Array.from({ length: FLOOR_IN_FLIGHT }, lane)));
		bench.server.log.splice(0, logBefore);
		const ok = done.filter(Boolean).length;
		return {
			provider: provider.key,
			client: 'floor',
			latencyMs,
			items: n,
			seconds,
			cpuMs,
			ok,
			failed: n - ok,
			...count(bench, provider, captured.inputs, undefined),
		};
	} finally {
		await bench.stop();
	}
}
