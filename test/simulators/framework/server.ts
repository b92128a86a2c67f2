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

/**
 * What a simulator can be told to do wrong. Each kind says whether the handler runs — i.e. whether the
 * request is COMMITTED (state changed, e.g. a document issued) — because tests assert "0 duplicates"
 * against it: after a committed fault the document exists although the client saw a failure.
 */
export type Fault =
	/** Delays the answer (then the request proceeds normally). Combines with one other fault. */
	| { kind: 'latency'; ms: number }
	/** NOT committed: answers with this status instead of running the handler. */
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	/** COMMITTED: runs the handler, then destroys the socket without answering. */
	| { kind: 'dropAfterCommit' }
	/** NOT committed: destroys the socket before the handler runs. */
	| { kind: 'reset' }
	/** COMMITTED: runs the handler, then answers with this status (the client sees a failure). */
	| { kind: 'statusAfterCommit'; status: number; body?: unknown }
	/** NOT committed: a 2xx carrying an HTML page (a proxy's, a captive portal's) instead of the API's answer. */
	| { kind: 'okHtml'; status?: number; html?: string }
	/** NOT committed: a 2xx with an empty body. */
	| { kind: 'okEmpty'; status?: number }
	/** NOT committed: a 2xx with this body instead of the handler's (e.g. `{ok: false}`). */
	| { kind: 'okBody'; status?: number; body: unknown; headers?: Record<string, string> }
	/**
	 * COMMITTED: runs the handler, then sends the first half of its JSON answer as a complete 2xx (its own
	 * Content-Length, or chunked): the client receives a whole body that does not parse.
	 */
	| { kind: 'okTruncated'; status?: number; framing?: 'length' | 'chunked' }
	/** NOT committed: a 3xx pointing to `location` (absolute URL, e.g. another SimServer's). */
	| { kind: 'redirect'; status?: 301 | 302 | 303 | 307 | 308; location: string }
	/**
	 * COMMITTED: runs the handler, writes its status, headers and the first `bytes` of its body (default
	 * half; framed by the full Content-Length, or chunked), then destroys the socket.
	 */
	| { kind: 'cutAfterCommit'; bytes?: number; framing?: 'length' | 'chunked' }
	/**
	 * Sends the headers at once, then the body one byte every `everyMs`. With `afterCommit` the handler
	 * runs first (COMMITTED) and its answer is dripped; without, nothing is committed and `body` (default
	 * a small JSON object) is dripped with `status` (default 200). The log entry's `clientClosedEarly`
	 * tells whether the client hung up before the end.
	 */
	| { kind: 'drip'; everyMs: number; afterCommit?: boolean; status?: number; body?: unknown }
	/**
	 * NOT committed: a 4xx/5xx (default 400) whose error text repeats the request's Authorization header
	 * (unless `authorization: false`) and the values of the named body `fields` (e.g. `password`), in the message,
	 * in field errors and as plain text (`format: 'text'`).
	 */
	| { kind: 'echoSecret'; status?: number; authorization?: boolean; fields?: string[]; format?: 'json' | 'text' };

interface ArmedFault {
	match: FaultMatch;
	fault: Fault;
	remaining: number;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: Query;
	status: number | 'dropped' | 'reset' | 'cut';
	at: number;
	/** A dripped answer the client stopped reading (closed the connection) before it was complete. */
	clientClosedEarly?: boolean;
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

	private latency?: { ms: number; match: FaultMatch };

	/** Requests received and not answered yet, and the most at any moment (how many a client had in flight). */
	inFlight = 0;

	peakInFlight = 0;

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

	/**
	 * Processing time: every request matching `match` (default: all) that passes the middlewares (auth, rate
	 * limit) waits `ms` before its route handler runs, like a provider that signs and waits for the tax
	 * authority before answering. Unlike the latency fault it needs no arming per request; 0 turns it off.
	 */
	setLatency(ms: number, match: FaultMatch = {}): this {
		this.latency = ms > 0 ? { ms, match } : undefined;
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
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		res.once('close', () => this.inFlight--);

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
		const early = fault ? this.uncommittedAnswer(fault, simReq) : undefined;
		if (early) {
			entry.status = early.status;
			if (fault?.kind === 'drip') this.drip(res, entry, early, fault.everyMs);
			else this.send(res, early);
			return;
		}

		let response: SimResponse;
		try {
			response = await this.dispatch(simReq);
		} catch (error) {
			response = { status: 500, body: { error: (error as Error).message } };
		}

		switch (fault?.kind) {
			case 'dropAfterCommit':
				entry.status = 'dropped';
				req.socket.destroy();
				return;
			case 'statusAfterCommit':
				response = { status: fault.status, body: fault.body ?? { error: 'Internal Server Error' } };
				break;
			case 'cutAfterCommit': {
				entry.status = 'cut';
				const { status, headers, payload } = encode(response);
				const part = payload.subarray(0, fault.bytes ?? Math.floor(payload.length / 2));
				if (fault.framing === 'chunked') delete headers['content-length'];
				res.writeHead(status, headers);
				res.write(part);
				// Let the part reach the client before the connection breaks.
				setTimeout(() => req.socket.destroy(), 20);
				return;
			}
			case 'okTruncated': {
				const { headers, payload } = encode(response);
				const half = payload.subarray(0, Math.floor(payload.length / 2));
				const status = fault.status ?? (response.status >= 200 && response.status < 300 ? response.status : 200);
				entry.status = status;
				if (fault.framing === 'chunked') delete headers['content-length'];
				else headers['content-length'] = String(half.length);
				res.writeHead(status, headers);
				res.end(half);
				return;
			}
			case 'drip':
				entry.status = response.status;
				this.drip(res, entry, response, fault.everyMs);
				return;
			default:
		}
		entry.status = response.status;
		this.send(res, response);
	}

	/** The answer of a fault that does not run the handler (nothing committed), if this one is such. */
	private uncommittedAnswer(fault: Fault, req: SimRequest): SimResponse | undefined {
		switch (fault.kind) {
			case 'status':
				return { status: fault.status, body: fault.body, headers: fault.headers };
			case 'okHtml':
				return {
					status: fault.status ?? 200,
					body: fault.html ?? '<!DOCTYPE html><html><head><title>Service</title></head><body><h1>Welcome</h1></body></html>',
					headers: { 'content-type': 'text/html; charset=utf-8' },
				};
			case 'okEmpty':
				return { status: fault.status ?? 200, body: '', headers: { 'content-type': 'application/json' } };
			case 'okBody':
				return { status: fault.status ?? 200, body: fault.body, headers: fault.headers };
			case 'redirect':
				return { status: fault.status ?? 302, body: '', headers: { location: fault.location } };
			case 'drip':
				return fault.afterCommit ? undefined : { status: fault.status ?? 200, body: fault.body ?? { ok: true, note: 'slow answer' } };
			case 'echoSecret':
				return echoAnswer(fault, req);
			default:
				return undefined;
		}
	}

	/** Headers now, then the body one byte every `everyMs` until it is all sent or the client hangs up. */
	private drip(res: http.ServerResponse, entry: LoggedRequest, response: SimResponse, everyMs: number): void {
		const { status, headers, payload } = encode(response);
		delete headers['content-length'];
		res.writeHead(status, headers);
		res.flushHeaders();
		let sent = 0;
		const timer = setInterval(() => {
			if (res.destroyed) return;
			if (sent >= payload.length) {
				clearInterval(timer);
				res.end();
				return;
			}
			res.write(payload.subarray(sent, sent + 1));
			sent++;
		}, everyMs);
		res.on('close', () => {
			clearInterval(timer);
			if (!res.writableFinished) entry.clientClosedEarly = true;
		});
	}

	private async dispatch(req: SimRequest): Promise<SimResponse> {
		for (const middleware of this.middlewares) {
			const early = await middleware(req);
			if (early) return early;
		}
		if (this.latency && faultMatches(this.latency.match, req.method, req.path)) await sleepMs(this.latency.ms);
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
		const { status, headers, payload } = encode(response);
		res.writeHead(status, headers);
		res.end(payload);
	}
}

/** Status, headers and bytes of a response: objects as JSON, strings and Buffers as they are. */
function encode(response: SimResponse): { status: number; headers: Record<string, string>; payload: Buffer } {
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	let payload: Buffer = Buffer.alloc(0);
	if (Buffer.isBuffer(response.body)) {
		payload = response.body;
		headers['content-type'] ??= 'text/plain; charset=utf-8';
	} else if (typeof response.body === 'string') {
		payload = Buffer.from(response.body);
		headers['content-type'] ??= 'text/plain; charset=utf-8';
	} else if (response.body !== undefined) {
		payload = Buffer.from(JSON.stringify(response.body));
		headers['content-type'] ??= 'application/json';
	}
	headers['content-length'] = String(payload.length);
	return { status: response.status, headers, payload };
}

/** An error answer that repeats what the request carried: its Authorization header, body fields. */
function echoAnswer(fault: Extract<Fault, { kind: 'echoSecret' }>, req: SimRequest): SimResponse {
	const echoed: Record<string, string> = {};
	if (fault.authorization !== false && req.headers.authorization) echoed.authorization = req.headers.authorization;
	const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
	for (const field of fault.fields ?? []) if (body[field] !== undefined) echoed[field] = String(body[field]);
	const said = Object.entries(echoed).map(([name, value]) => `${name} "${value}"`);
	const message = `Request rejected: ${said.length ? said.join(', ') : 'nothing'} not accepted`;
	const status = fault.status ?? 400;
	if (fault.format === 'text') return { status, body: `${message}\n${JSON.stringify(echoed)}` };
	const errors = Object.fromEntries(Object.entries(echoed).map(([name, value]) => [name, [`The value "${value}" is not valid`]]));
	return { status, body: { message, error: message, errors, received: echoed } };
}

/** Reads a bearer token from the Authorization header. */
export function bearerToken(req: SimRequest): string | undefined {
	const header = req.headers.authorization;
	if (!header) return undefined;
	const match = /^Bearer\s+(.+)$/i.exec(header);
	return match?.[1];
}
