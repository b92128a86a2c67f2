/**
 * The one HTTP helper every operation uses. It is built on `httpRequestWithAuthentication`, so n8n
 * applies the credential (and renews expirable tokens on a 401), and adds what a fiscal API needs:
 * - reads (GET) retry on network errors, rate limiting (honouring `Retry-After`) and 5xx, with capped backoff;
 * - creates (POST) are retried only when the provider certainly did not process them (429, 503,
 *   connection refused); after an ambiguous failure (timeout, reset, 500, …) the caller's `recover`
 *   looks the document up instead of issuing a second one;
 * - pacing keeps bulk runs under the provider's rate limit by itself;
 * - failures become provider-worded `NodeApiError`s, never the HTTP client's error (which holds headers
 *   with tokens).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ProviderErrorInfo, ProviderName } from './errors';
import { providerApiError } from './errors';

export type HttpContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IExecuteSingleFunctions;

export interface RequestSpec {
	method: IHttpRequestMethods;
	/** Absolute URL. */
	url: string;
	qs?: IDataObject;
	/** JSON body, or a form body when `form` is set. */
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
	/** Send the body as application/x-www-form-urlencoded. */
	form?: boolean;
	/** Return the body as a Buffer (XML, PDF, ZIP downloads). */
	binary?: boolean;
	timeoutMs?: number;
}

export interface ApiResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
	/** How many HTTP attempts were made. */
	attempts: number;
	/** Set when the answer came from `recover` after an ambiguous failure of a create. */
	recovered?: boolean;
}

/** What went wrong with one HTTP attempt, independent of the HTTP client's error classes. */
export interface HttpFailure {
	kind: 'http' | 'network';
	status?: number;
	/** Network error code: ECONNREFUSED, ECONNRESET, ETIMEDOUT, ECONNABORTED, … */
	code?: string;
	body?: unknown;
	headers: Record<string, string>;
	/** The client's own message (safe: no headers). */
	message: string;
}

export interface PacingRule {
	/** Identifies the shared budget, e.g. provider + base URL + user. */
	key: string;
	limit: number;
	windowMs: number;
}

export interface RetryRule {
	/** Total attempts for retryable failures (default 4). */
	maxAttempts?: number;
	/** First backoff step (default 500 ms), doubled each attempt. */
	baseDelayMs?: number;
	/** Backoff cap (default 8 s). */
	maxDelayMs?: number;
	/** A `Retry-After` longer than this is not waited for; the failure is reported (default 120 s). */
	maxRetryAfterMs?: number;
}

export interface CallOptions {
	provider: ProviderName;
	credentialType: string;
	/** Maps a final failure to the provider's words. */
	parseError: (failure: HttpFailure) => ProviderErrorInfo;
	itemIndex?: number;
	pacing?: PacingRule;
	retry?: RetryRule;
	/** Failures that retrying soon cannot fix (e.g. a monthly quota answered with 429). */
	isFinal?: (failure: HttpFailure) => boolean;
	/** For creates: the safe-POST rule applies. Defaults to `method !== 'GET'`. */
	mutating?: boolean;
	/** Creates only: provider-specific failures that are ambiguous besides the generic ones (e.g. Factus 409). */
	isAmbiguous?: (failure: HttpFailure) => boolean;
	/**
	 * Creates only: called after an ambiguous failure. Return the existing document's response to use
	 * it instead of creating again, or `undefined` when it certainly does not exist.
	 */
	recover?: (failure: HttpFailure) => Promise<ApiResponse | undefined>;
}

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function normaliseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return out;
	const source =
		typeof (headers as { toJSON?: () => unknown }).toJSON === 'function'
			? ((headers as { toJSON: () => unknown }).toJSON() as Record<string, unknown>)
			: (headers as Record<string, unknown>);
	for (const [key, value] of Object.entries(source)) {
		if (value !== undefined && value !== null) out[key.toLowerCase()] = String(value);
	}
	return out;
}

function decodeBody(data: unknown): unknown {
	if (data === undefined || data === null) return data;
	let text: string | undefined;
	if (Buffer.isBuffer(data)) text = data.toString('utf8');
	else if (data instanceof ArrayBuffer) text = Buffer.from(data).toString('utf8');
	else if (typeof data === 'string') text = data;
	if (text === undefined) return data;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** A non-2xx answer, read from the full response. */
export function failureFromResponse(response: { statusCode: number; headers: unknown; body: unknown }): HttpFailure {
	return {
		kind: 'http',
		status: response.statusCode,
		body: decodeBody(response.body),
		headers: normaliseHeaders(response.headers),
		message: `HTTP ${response.statusCode}`,
	};
}

/**
 * Reads what n8n's request helpers threw. n8n 1.x wraps the HTTP client's error in a NodeApiError
 * that keeps only `httpCode` (a status, or a network code such as ECONNRESET) and the response body
 * (`context.data`); newer versions also keep the original error as `cause`.
 */
export function describeFailure(error: unknown): HttpFailure {
	const err = error as Record<string, unknown> & { cause?: unknown; message?: string };
	const original = err?.cause as
		| { response?: { status?: number; data?: unknown; headers?: unknown }; code?: unknown; message?: string }
		| undefined;
	if (original?.response?.status) {
		return failureFromResponse({
			statusCode: original.response.status,
			headers: original.response.headers,
			body: original.response.data,
		});
	}
	const messages = [err?.message, ...((err?.messages as string[] | undefined) ?? [])].filter(
		(m): m is string => typeof m === 'string',
	);
	const text = messages.join(' | ');
	const codes = [original?.code, err?.code, err?.httpCode].filter((c) => typeof c === 'string') as string[];
	const networkCode =
		codes.find((c) => /^E[A-Z_]+$/.test(c)) ??
		(/ECONNREFUSED/.test(text)
			? 'ECONNREFUSED'
			: /socket hang up|ECONNRESET/i.test(text)
				? 'ECONNRESET'
				: /timeout|ETIMEDOUT|ECONNABORTED/i.test(text)
					? 'ETIMEDOUT'
					: undefined);
	if (networkCode) return { kind: 'network', code: networkCode, headers: {}, message: messages.at(-1) ?? networkCode };
	const status = Number(err?.httpCode);
	if (status >= 100) {
		const context = err.context as { data?: unknown } | undefined;
		return { kind: 'http', status, body: context?.data, headers: {}, message: messages.at(-1) ?? `HTTP ${status}` };
	}
	return { kind: 'network', code: 'EUNKNOWN', headers: {}, message: messages[0] ?? String(error) };
}

/** The provider certainly did not process the request: safe to send it again. */
export function certainlyNotProcessed(failure: HttpFailure): boolean {
	if (failure.kind === 'network') return NEVER_CONNECTED.has(failure.code ?? '');
	return failure.status === 429 || failure.status === 503;
}

/** The provider may or may not have processed the request. */
export function isAmbiguousFailure(failure: HttpFailure): boolean {
	if (failure.kind === 'network') return !NEVER_CONNECTED.has(failure.code ?? '');
	return failure.status === 500 || failure.status === 502 || failure.status === 504 || failure.status === 408;
}

function retryableRead(failure: HttpFailure): boolean {
	if (failure.kind === 'network') return true;
	const status = failure.status ?? 0;
	return status === 429 || status === 408 || status >= 500;
}

/** Seconds or HTTP date → milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string>): number | undefined {
	const value = headers['retry-after'];
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * A sliding-window budget shared by every execution in this n8n process for the same key, so a bulk
 * run (or several at once) stays under the provider's limit without the user configuring batching.
 */
class Pacer {
	private readonly sent: number[] = [];

	private pausedUntil = 0;

	private queue: Promise<void> = Promise.resolve();

	constructor(
		private limit: number,
		private windowMs: number,
	) {}

	update(limit: number, windowMs: number) {
		this.limit = limit;
		this.windowMs = windowMs;
	}

	/** Waits for a free slot; calls are served in order. */
	async take(): Promise<void> {
		const turn = this.queue.then(async () => {
			for (;;) {
				const now = Date.now();
				while (this.sent.length && now - this.sent[0] >= this.windowMs) this.sent.shift();
				const wait = Math.max(
					this.pausedUntil - now,
					this.sent.length >= this.limit ? this.sent[0] + this.windowMs - now : 0,
				);
				if (wait <= 0) break;
				await sleep(wait + 5);
			}
			this.sent.push(Date.now());
		});
		this.queue = turn.catch(() => undefined);
		await turn;
	}

	/** The provider said "not before": everyone using this budget waits. */
	pause(ms: number) {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}
}

const pacers = new Map<string, Pacer>();

function pacerFor(rule: PacingRule): Pacer {
	let pacer = pacers.get(rule.key);
	if (!pacer) {
		pacer = new Pacer(rule.limit, rule.windowMs);
		pacers.set(rule.key, pacer);
	} else {
		pacer.update(rule.limit, rule.windowMs);
	}
	return pacer;
}

function backoffMs(attempt: number, rule: RetryRule): number {
	const base = rule.baseDelayMs ?? 500;
	const cap = rule.maxDelayMs ?? 8000;
	return Math.min(cap, base * 2 ** (attempt - 1));
}

function toN8nOptions(spec: RequestSpec, ignoreHttpStatusErrors: boolean): IHttpRequestOptions {
	const headers: IDataObject = { Accept: 'application/json', ...(spec.headers ?? {}) };
	const options: IHttpRequestOptions = {
		method: spec.method,
		url: spec.url,
		qs: spec.qs,
		headers,
		returnFullResponse: true,
		ignoreHttpStatusErrors,
		timeout: spec.timeoutMs ?? 60_000,
	};
	if (spec.body !== undefined) {
		if (spec.form) {
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
			options.body = new URLSearchParams(spec.body as Record<string, string>).toString();
		} else {
			headers['Content-Type'] = 'application/json';
			options.body = spec.body;
			options.json = true;
		}
	}
	if (spec.binary) options.encoding = 'arraybuffer';
	else options.json = true;
	return options;
}

/**
 * Sends one request under the rules above and returns the full response, or throws a
 * provider-worded `NodeApiError`.
 */
export async function apiRequest<T = unknown>(
	ctx: HttpContext,
	spec: RequestSpec,
	options: CallOptions,
): Promise<ApiResponse<T>> {
	const mutating = options.mutating ?? spec.method !== 'GET';
	const rule = options.retry ?? {};
	const maxAttempts = Math.max(1, rule.maxAttempts ?? 4);
	const pacer = options.pacing ? pacerFor(options.pacing) : undefined;

	type FullResponse = { statusCode: number; headers: unknown; body: unknown };
	const send = async (ignoreHttpStatusErrors: boolean) =>
		(await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			options.credentialType,
			toN8nOptions(spec, ignoreHttpStatusErrors),
		)) as FullResponse;

	for (let attempt = 1; ; attempt++) {
		if (pacer) await pacer.take();
		let failure: HttpFailure;
		try {
			// Error statuses come back as responses so their headers (Retry-After) and body survive.
			let response = await send(true);
			// A 401 is sent again letting n8n see it: n8n then renews an expirable token and retries once.
			if (response.statusCode === 401) {
				// The re-send (and n8n's retry after renewing) spends budget too.
				if (pacer) await pacer.take();
				response = await send(false);
			}
			if (response.statusCode < 400) {
				return {
					statusCode: response.statusCode,
					headers: normaliseHeaders(response.headers),
					body: (spec.binary ? Buffer.from(response.body as ArrayBuffer) : response.body) as T,
					attempts: attempt,
				};
			}
			failure = failureFromResponse(response);
		} catch (error) {
			failure = describeFailure(error);
		}

		const wait = retryAfterMs(failure.headers);
		if (pacer && failure.status === 429) pacer.pause(wait ?? backoffMs(attempt, rule));

		const final = options.isFinal?.(failure) ?? false;
		const retryable = !final && (mutating ? certainlyNotProcessed(failure) : retryableRead(failure));
		const waitMs = wait ?? backoffMs(attempt, rule);
		if (retryable && attempt < maxAttempts && waitMs <= (rule.maxRetryAfterMs ?? 120_000)) {
			await sleep(waitMs);
			continue;
		}

		if (mutating && !final && options.recover && (isAmbiguousFailure(failure) || options.isAmbiguous?.(failure))) {
			const found = await options.recover(failure);
			if (found) return { ...(found as ApiResponse<T>), attempts: attempt, recovered: true };
		}
		const error = providerApiError(ctx.getNode(), options.parseError(failure), options.itemIndex);
		// Callers that must tell a definite refusal from a lost answer (creates) read this.
		error.context.failure = { kind: failure.kind, status: failure.status, code: failure.code };
		throw error;
	}
}

/** Resets pacing budgets (tests). */
export function resetPacing(): void {
	pacers.clear();
}
