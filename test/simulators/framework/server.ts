/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * A tiny HTTP framework for provider simulators: real sockets on 127.0.0.1 (random port), routing,
 * request log, and fault injection. Provider simulators register routes and keep their own state.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Query = Record<string, string>;

export interface SimRequest {
	method: string;
	/** Path without the query string, e.g. `/documentos/abc`. */
	path: string;
	query: Query;
	headers: http.IncomingHttpHeaders;
	/** Parsed JSON or form body; `undefined` when there was none. */
	body: unknown;
	rawBody: string;
	params: Record<string, string>;
}

export interface SimResponse {
	status: number;
	/** Objects are sent as JSON; strings and Buffers as they are. */
	body?: unknown;
	headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface FaultMatch {
	method?: string;
	/** Exact path, prefix ending in `*`, or a RegExp. */
	path?: string | RegExp;
}

export type Fault =
	| { kind: 'latency'; ms: number }
	/** Answer with this status instead of running the handler (nothing is committed). */
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	/** Run the handler (state changes are committed), then destroy the socket without answering. */
	| { kind: 'dropAfterCommit' }
	/** Destroy the socket before the handler runs (nothing committed). */
	| { kind: 'reset' }
	/** Run the handler, then answer with this status (state committed, the client sees a failure). */
	| { kind: 'statusAfterCommit'; status: number; body?: unknown };

interface ArmedFault {
	match: FaultMatch;
	fault: Fault;
	remaining: number;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: Query;
	status: number | 'dropped' | 'reset';
	at: number;
	headers: http.IncomingHttpHeaders;
	body: unknown;
}

interface Route {
	method: string;
	segments: string[];
	handler: Handler;
}

function matchPath(segments: string[], path: string): Record<string, string> | undefined {
	const parts = path.split('/').filter((p) => p !== '');
	if (parts.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < segments.length; i++) {
		const seg = segments[i];
		if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(parts[i]);
		else if (seg !== parts[i]) return undefined;
	}
	return params;
}

function faultMatches(match: FaultMatch, method: string, path: string): boolean {
	if (match.method && match.method.toUpperCase() !== method) return false;
	if (match.path === undefined) return true;
	if (match.path instanceof RegExp) return match.path.test(path);
	if (match.path.endsWith('*')) return path.startsWith(match.path.slice(0, -1));
	return match.path === path;
}

function parseBody(raw: string, contentType: string | undefined): unknown {
	if (raw === '') return undefined;
	if (contentType?.includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(raw));
	}
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

export const sleepMs = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

export class SimServer {
	readonly log: LoggedRequest[] = [];

	private readonly routes: Route[] = [];

	private faults: ArmedFault[] = [];

	private server?: http.Server;

	private readonly sockets = new Set<Socket>();

	private port = 0;

	/** Called for every request before routing; may answer (e.g. auth, rate limit). */
	private middlewares: Handler[] = [];

	constructor(readonly name: string) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	route(method: string, pattern: string, handler: Handler): this {
		this.routes.push({
			method: method.toUpperCase(),
			segments: pattern.split('/').filter((p) => p !== ''),
			handler,
		});
		return this;
	}

	/** A middleware returns a response to short-circuit, or `undefined` to continue. */
	use(middleware: (req: SimRequest) => SimResponse | undefined | Promise<SimResponse | undefined>) {
		this.middlewares.push(middleware as Handler);
		return this;
	}

	/** Arms a fault for the next `times` requests matching `match` (default: once). */
	inject(fault: Fault, match: FaultMatch = {}, times = 1): this {
		this.faults.push({ match, fault, remaining: times });
		return this;
	}

	clearFaults(): this {
		this.faults = [];
		return this;
	}

	/** Requests received, optionally filtered by method and path (same matching as faults). */
	count(match: FaultMatch = {}): number {
		return this.requests(match).length;
	}

	requests(match: FaultMatch = {}): LoggedRequest[] {
		return this.log.filter((r) => faultMatches(match, r.method, r.path));
	}

	clearLog(): this {
		this.log.length = 0;
		return this;
	}

	async start(port = 0): Promise<string> {
		this.server = http.createServer((req, res) => {
			void this.handle(req, res);
		});
		this.server.keepAliveTimeout = 1000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port || this.port, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
		return this.url;
	}

	/** Stops listening: new connections are refused until `start()` is called again (same port). */
	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		this.sockets.clear();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private takeFault(method: string, path: string, kinds?: (kind: Fault['kind']) => boolean): Fault | undefined {
		const armed = this.faults.find(
			(f) => f.remaining > 0 && faultMatches(f.match, method, path) && (!kinds || kinds(f.fault.kind)),
		);
		if (!armed) return undefined;
		armed.remaining--;
		if (armed.remaining === 0) this.faults = this.faults.filter((f) => f !== armed);
		return armed.fault;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();
		const simReq: SimRequest = {
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: parseBody(rawBody, req.headers['content-type']),
			rawBody,
			params: {},
		};
		const entry: LoggedRequest = {
			method,
			path: simReq.path,
			query: simReq.query,
			status: 0,
			at: Date.now(),
			headers: req.headers,
			body: simReq.body,
		};
		this.log.push(entry);

		// A request takes at most one latency fault (so `times: N` delays N requests), then at most one other fault.
		// Both are taken on arrival: a request still sleeping must not take a fault armed later (for a later test).
		const latency = this.takeFault(method, simReq.path, (kind) => kind === 'latency');
		const fault = this.takeFault(method, simReq.path, (kind) => kind !== 'latency');
		if (latency?.kind === 'latency') await sleepMs(latency.ms);
		if (fault?.kind === 'reset') {
			entry.status = 'reset';
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'status') {
			entry.status = fault.status;
			this.send(res, { status: fault.status, body: fault.body, headers: fault.headers });
			return;
		}

		let response: SimResponse;
		try {
			response = await this.dispatch(simReq);
		} catch (error) {
			response = { status: 500, body: { error: (error as Error).message } };
		}

		if (fault?.kind === 'dropAfterCommit') {
			entry.status = 'dropped';
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'statusAfterCommit') {
			response = { status: fault.status, body: fault.body ?? { error: 'Internal Server Error' } };
		}
		entry.status = response.status;
		this.send(res, response);
	}

	private async dispatch(req: SimRequest): Promise<SimResponse> {
		for (const middleware of this.middlewares) {
			const early = await middleware(req);
			if (early) return early;
		}
		let pathMatched = false;
		for (const route of this.routes) {
			const params = matchPath(route.segments, req.path);
			if (!params) continue;
			pathMatched = true;
			if (route.method !== req.method) continue;
			req.params = params;
			return await route.handler(req);
		}
		return pathMatched
			? { status: 405, body: { message: `Method ${req.method} not allowed` } }
			: { status: 404, body: { message: `No route for ${req.method} ${req.path}` } };
	}

	private send(res: http.ServerResponse, response: SimResponse): void {
		const headers: Record<string, string> = { ...(response.headers ?? {}) };
		let payload: string | Buffer = '';
		if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
			payload = response.body;
			headers['content-type'] ??= 'text/plain; charset=utf-8';
		} else if (response.body !== undefined) {
			payload = JSON.stringify(response.body);
			headers['content-type'] ??= 'application/json';
		}
		res.writeHead(response.status, headers);
		res.end(payload);
	}
}

/** Reads a bearer token from the Authorization header. */
export function bearerToken(req: SimRequest): string | undefined {
	const header = req.headers.authorization;
	if (!header) return undefined;
	const match = /^Bearer\s+(.+)$/i.exec(header);
	return match?.[1];
}
