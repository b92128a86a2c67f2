/**
 * The one HTTP helper every operation uses. It is built on `httpRequestWithAuthentication`, so n8n
 * applies the credential (and renews expirable tokens on a 401), and adds what a fiscal API needs:
 * - every request has an overall deadline (connect + whole answer), not only an idle timeout;
 * - reads (GET) retry on network errors, rate limiting (honouring `Retry-After`) and 5xx, with capped backoff;
 * - creates (POST) are retried only when the provider certainly did not process them (429, 503,
 *   connection refused); after an ambiguous failure (deadline, reset, cut answer, redirect, 500, …) the
 *   caller's `recover` looks the document up instead of issuing a second one;
 * - redirects are never followed with a body, and reads follow them only within the same origin, so
 *   neither the data nor the credential's token ever goes to another host;
 * - answers are classified (`bodyKind`): an HTML page, an empty body or a truncated JSON is never taken
 *   for a parsed document;
 * - pacing keeps bulk runs under the provider's rate limit by itself (see pacing.ts);
 * - failures become provider-worded `NodeApiError`s, never the HTTP client's error (which holds headers
 *   with tokens), with the credential's secrets masked in every provider text they repeat.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep, sleepWithAbort } from './sleep';

import type { ProviderErrorInfo, ProviderName } from './errors';
import { providerApiError } from './errors';
import type { PacingRule, Pacer } from './pacing';
import { pacerFor, retryAfterMs } from './pacing';
import { maskSecrets, secretValues } from './secrets';
import type { BodyKind, HttpFailure } from './httpAnswer';
import { certainlyNotProcessed, describeFailure, failureFromResponse, isAmbiguousFailure, isRedirect, kindOfValue, normaliseHeaders, readBody } from './httpAnswer';

export type { PacingRule } from './pacing';
export { Pacer, rateLimitRemaining, rateLimitResetAt, resetPacing, retryAfterMs } from './pacing';
export { maskSecrets } from './secrets';
export type { BodyKind, HttpFailure } from './httpAnswer';
export { certainlyNotProcessed, describeFailure, failureFromResponse, isAmbiguousFailure, readBody } from './httpAnswer';

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
	/**
	 * Overall deadline of one attempt: connecting, sending and receiving the whole answer (default 60 s).
	 * An answer still arriving then is abandoned as a network failure (`ETIMEDOUT`, reason `deadline`).
	 */
	timeoutMs?: number;
}

export interface ApiResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string>;
	/** Parsed JSON; the text as it came when it was not JSON (`''` when empty); a Buffer for `binary`. */
	body: T;
	/** Always set by `apiRequest` (optional so callers can build responses, e.g. in `recover`). */
	bodyKind?: BodyKind;
	/** The raw text when the body was not JSON (`text`) or empty. */
	text?: string;
	/** How many HTTP attempts were made. */
	attempts: number;
	/** Set when the answer came from `recover` after an ambiguous failure of a create. */
	recovered?: boolean;
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
	/** Maps a final failure to the provider's words. It is given the failure with secrets already masked. */
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
	/**
	 * Sends the request without the credential: for a public page of the provider (e.g. a document's
	 * printable view), so no token reaches that host. Secrets are still masked in failures.
	 */
	anonymous?: boolean;
	/**
	 * Credential properties whose values are masked (`***`) in every provider text built from a failure
	 * (default `DEFAULT_SECRET_FIELDS`). Any `Bearer <token>` is masked as well.
	 */
	secretFields?: string[];
}

/** The secret properties of this package's credentials; a property a credential lacks is skipped. */
export const DEFAULT_SECRET_FIELDS = ['password', 'clientSecret', 'accessToken', 'refreshToken', 'apiToken', 'token', 'apiKey'];

export const DEFAULT_DEADLINE_MS = 60_000;

/** Same-origin redirects a read follows before giving up. */
export const MAX_REDIRECTS = 3;

function retryableRead(failure: HttpFailure, attempt: number): boolean {
	// A deadline already cost a whole deadline: one more try, not three.
	if (failure.reason === 'deadline') return attempt < 2;
	if (failure.kind === 'network') return true;
	const status = failure.status ?? 0;
	return status === 429 || status === 408 || status >= 500;
}

function backoffMs(attempt: number, rule: RetryRule): number {
	const base = rule.baseDelayMs ?? 500;
	const cap = rule.maxDelayMs ?? 8000;
	return Math.min(cap, base * 2 ** (attempt - 1));
}

/* ------------------------------------------------------------------------------------------------ */
/* Failures kept for callers, secrets                                                                */
/* ------------------------------------------------------------------------------------------------ */

/** Full failures of thrown errors, kept off the error object so they are never serialised into output. */
const failures = new WeakMap<object, HttpFailure>();

/** The full `HttpFailure` (secrets masked) behind an error thrown by `apiRequest`. */
export function failureOf(error: unknown): HttpFailure | undefined {
	return error && typeof error === 'object' ? failures.get(error) : undefined;
}

/** Secret values per execution context and credential, read at the first failure that needs them. */
const secretCache = new WeakMap<object, Map<string, Promise<string[]>>>();

function secretScope(ctx: HttpContext, options: CallOptions) {
	const fields = options.secretFields ?? DEFAULT_SECRET_FIELDS;
	const key = `${options.credentialType}\n${fields.join('\n')}`;
	const read = async (): Promise<string[]> => {
		try {
			const credentials = await (ctx.getCredentials as (type: string) => Promise<ICredentialDataDecryptedObject>).call(
				ctx,
				options.credentialType,
			);
			return secretValues(fields.map((field) => credentials?.[field]));
		} catch {
			// No readable credential: only `Bearer <token>` patterns are masked.
			return [];
		}
	};
	return {
		async values(): Promise<string[]> {
			let byKey = secretCache.get(ctx);
			if (!byKey) secretCache.set(ctx, (byKey = new Map()));
			let values = byKey.get(key);
			if (!values) byKey.set(key, (values = read()));
			return await values;
		},
		/** A 401 renews the token: read the credential again when next needed. */
		forget(): void {
			secretCache.get(ctx)?.delete(key);
		},
	};
}

function maskFailure(failure: HttpFailure, secrets: string[]): HttpFailure {
	return maskSecrets(failure, secrets);
}

/* ------------------------------------------------------------------------------------------------ */
/* Deadline, redirects                                                                               */
/* ------------------------------------------------------------------------------------------------ */

const DEADLINE = 'deadline';

function executionSignal(ctx: HttpContext): AbortSignal | undefined {
	const get = (ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal;
	return typeof get === 'function' ? get.call(ctx) : undefined;
}

/**
 * n8n's `httpRequestWithAuthentication` replaces `abortSignal` with the execution's cancel signal when
 * the context has one (n8n-core: `if ('getExecutionCancelSignal' in this)`). The request is therefore
 * sent through a view of the context whose cancel signal is ours; ours also fires when the execution
 * is cancelled.
 */
function withCancelSignal(ctx: HttpContext, signal: AbortSignal): HttpContext {
	if (!('getExecutionCancelSignal' in ctx)) return ctx;
	return Object.create(ctx, { getExecutionCancelSignal: { value: () => signal } }) as HttpContext;
}

/**
 * Runs one exchange under an overall deadline: at the deadline the request is aborted, and the promise
 * settles then even if the client ignores the abort. Rejects with `DEADLINE` when the time ran out.
 */
async function withinDeadline<T>(
	ctx: HttpContext,
	ms: number,
	run: (scoped: HttpContext, signal: AbortSignal) => Promise<T>,
): Promise<T> {
	const abort = new AbortController();
	const clock = new AbortController();
	const execution = executionSignal(ctx);
	const cancel = () => abort.abort();
	if (execution?.aborted) abort.abort();
	else execution?.addEventListener('abort', cancel, { once: true });
	const deadline = new Promise<never>((_resolve, reject) => {
		sleepWithAbort(ms, clock.signal).then(
			() => {
				abort.abort();
				reject(new Error(DEADLINE));
			},
			// The exchange settled first and stopped the clock.
			() => undefined,
		);
	});
	try {
		return await Promise.race([run(withCancelSignal(ctx, abort.signal), abort.signal), deadline]);
	} finally {
		clock.abort();
		execution?.removeEventListener('abort', cancel);
	}
}

function deadlineFailure(ms: number): HttpFailure {
	return {
		kind: 'network',
		code: 'ETIMEDOUT',
		reason: 'deadline',
		headers: {},
		message: `no complete answer within ${Math.round(ms / 100) / 10} s`,
	};
}

function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin;
	} catch {
		return undefined;
	}
}

function resolveLocation(from: string, location: string | undefined): string | undefined {
	if (!location) return undefined;
	try {
		return new URL(location, from).toString();
	} catch {
		return undefined;
	}
}

/** Where a redirect pointed, without its query (which may hold tokens) for messages. */
function shortUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return url;
	}
}

/** The user-facing words for a redirect that was not followed. */
function redirectWords(provider: ProviderName, failure: HttpFailure, mutating: boolean): Pick<ProviderErrorInfo, 'message' | 'hint'> {
	const from = failure.redirect?.from ?? 'the configured address';
	const to = failure.redirect?.to;
	const elsewhere = to !== undefined && originOf(to) !== from ? originOf(to) : undefined;
	const check = 'Check the Base URL / environment in the credential.';
	if (mutating) {
		return {
			message: `${provider} answered with a redirect (HTTP ${failure.status})${to ? ` to ${shortUrl(to)}` : ''}; the request was not sent again, so it is unknown whether ${provider} processed it`,
			hint: `${elsewhere ? `Nothing was sent to ${elsewhere}: your data and credentials stay with ${from}. ` : ''}${check} Check in ${provider} whether the document exists before sending it again.`,
		};
	}
	if (elsewhere) {
		return {
			message: `${provider} redirected the request to ${elsewhere}; it was not followed so your credentials stay with ${from}. ${check}`,
			// The message already says what to check.
			hint: undefined,
		};
	}
	return {
		message: to
			? `${provider} redirected the request more than ${MAX_REDIRECTS} times (last to ${shortUrl(to)}); it was not followed further`
			: `${provider} answered with a redirect (HTTP ${failure.status}) without a usable Location; it was not followed`,
		hint: check,
	};
}

function toN8nOptions(
	spec: RequestSpec,
	target: { url: string; qs?: IDataObject },
	ignoreHttpStatusErrors: boolean,
	deadlineMs: number,
	signal: AbortSignal,
): IHttpRequestOptions {
	const headers: IDataObject = { Accept: 'application/json', ...(spec.headers ?? {}) };
	const options: IHttpRequestOptions = {
		method: spec.method,
		url: target.url,
		qs: target.qs,
		headers,
		returnFullResponse: true,
		ignoreHttpStatusErrors,
		timeout: deadlineMs,
		abortSignal: signal,
		// Redirects are judged here (same origin only, never with a body); n8n's own following would re-send
		// the body and, by default, the Authorization header to whatever host the answer names.
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
		// The raw bytes: the body is classified here (an HTML page or truncated JSON is not a parse result).
		encoding: 'arraybuffer',
		json: !spec.binary,
	};
	if (spec.body !== undefined) {
		if (spec.form) {
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
			options.body = new URLSearchParams(spec.body as Record<string, string>).toString();
		} else {
			headers['Content-Type'] = 'application/json';
			options.body = spec.body;
		}
	}
	return options;
}

/* ------------------------------------------------------------------------------------------------ */
/* The helper                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

type FullResponse = { statusCode: number; headers: unknown; body: unknown };

type Exchange = { ok: true; response: FullResponse } | { ok: false; failure: HttpFailure };

/**
 * One attempt: the request (re-sent once through n8n after a 401 so it renews the token), following
 * same-origin redirects of reads. Throws what the client threw, or `DEADLINE`.
 */
async function exchange(
	send: (target: { url: string; qs?: IDataObject }, ignoreHttpStatusErrors: boolean) => Promise<FullResponse>,
	spec: RequestSpec,
	mutating: boolean,
	onUnauthorized: () => void,
): Promise<Exchange> {
	let target: { url: string; qs?: IDataObject } = { url: spec.url, qs: spec.qs };
	const origin = originOf(spec.url) ?? spec.url;
	for (let hops = 0; ; hops++) {
		// Error statuses come back as responses so their headers (Retry-After) and body survive.
		let response = await send(target, true);
		// A 401 is sent again letting n8n see it: n8n then renews an expirable token and retries once.
		if (response.statusCode === 401) {
			onUnauthorized();
			response = await send(target, false);
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) return { ok: true, response };
		if (!isRedirect(status)) return { ok: false, failure: failureFromResponse(response) };
		const to = resolveLocation(target.url, normaliseHeaders(response.headers).location);
		if (!mutating && to !== undefined && originOf(to) === origin && hops < MAX_REDIRECTS) {
			// The Location carries its own query.
			target = { url: to };
			continue;
		}
		const failure = failureFromResponse(response);
		return { ok: false, failure: { ...failure, reason: 'redirect', redirect: { from: origin, ...(to ? { to } : {}) } } };
	}
}

/**
 * Sends one request under the rules above and returns the full response, or throws a
 * provider-worded `NodeApiError` (its full failure: `failureOf(error)`).
 */
export async function apiRequest<T = unknown>(
	ctx: HttpContext,
	spec: RequestSpec,
	options: CallOptions,
): Promise<ApiResponse<T>> {
	const mutating = options.mutating ?? spec.method !== 'GET';
	const rule = options.retry ?? {};
	const maxAttempts = Math.max(1, rule.maxAttempts ?? 4);
	const pacer: Pacer | undefined = options.pacing ? pacerFor(options.pacing) : undefined;
	const deadlineMs = Math.max(1, spec.timeoutMs ?? DEFAULT_DEADLINE_MS);
	const secrets = secretScope(ctx, options);

	const send = async (target: { url: string; qs?: IDataObject }, ignoreHttpStatusErrors: boolean) => {
		// Every send spends budget, including the re-send after a 401 and a followed redirect.
		const ticket = pacer ? await pacer.take() : undefined;
		let response: FullResponse | undefined;
		try {
			response = await withinDeadline(ctx, deadlineMs, async (scoped, signal) => {
				const request = toN8nOptions(spec, target, ignoreHttpStatusErrors, deadlineMs, signal);
				if (options.anonymous) return (await scoped.helpers.httpRequest(request)) as FullResponse;
				return (await scoped.helpers.httpRequestWithAuthentication.call(scoped, options.credentialType, request)) as FullResponse;
			});
			return response;
		} finally {
			if (ticket) pacer!.observe(ticket, response?.statusCode, response && normaliseHeaders(response.headers));
		}
	};

	for (let attempt = 1; ; attempt++) {
		let failure: HttpFailure;
		try {
			const result = await exchange(send, spec, mutating, () => secrets.forget());
			if (result.ok) {
				const answer = readBody(result.response.body, spec.binary);
				return {
					statusCode: result.response.statusCode,
					headers: normaliseHeaders(result.response.headers),
					body: answer.body as T,
					bodyKind: answer.kind,
					...(answer.text !== undefined ? { text: answer.text } : {}),
					attempts: attempt,
				};
			}
			failure = result.failure;
		} catch (error) {
			failure = error instanceof Error && error.message === DEADLINE ? deadlineFailure(deadlineMs) : describeFailure(error);
		}
		failure = maskFailure(failure, await secrets.values());

		const wait = retryAfterMs(failure.headers);
		if (pacer && failure.status === 429) pacer.pause(wait ?? backoffMs(attempt, rule));

		// A cancelled execution is not retried, nor looked up: the user stopped it.
		const final = executionSignal(ctx)?.aborted === true || (options.isFinal?.(failure) ?? false);
		const retryable = !final && (mutating ? certainlyNotProcessed(failure) : retryableRead(failure, attempt));
		const waitMs = wait ?? backoffMs(attempt, rule);
		if (retryable && attempt < maxAttempts && waitMs <= (rule.maxRetryAfterMs ?? 120_000)) {
			await sleep(waitMs);
			continue;
		}

		const ambiguous = mutating && !final && (isAmbiguousFailure(failure) || (options.isAmbiguous?.(failure) ?? false));
		if (ambiguous && options.recover) {
			const found = await options.recover(failure);
			if (found) {
				return {
					...(found as ApiResponse<T>),
					bodyKind: found.bodyKind ?? kindOfValue(found.body),
					attempts: attempt,
					recovered: true,
				};
			}
		}
		let info = options.parseError(failure);
		if (failure.reason === 'redirect') info = { ...info, ...redirectWords(options.provider, failure, mutating) };
		const error = providerApiError(ctx.getNode(), maskSecrets(info, await secrets.values()), options.itemIndex);
		// Callers that must tell a definite refusal from a lost answer (creates) read this.
		error.context.failure = {
			kind: failure.kind,
			status: failure.status,
			code: failure.code,
			...(failure.reason ? { reason: failure.reason } : {}),
			...(mutating ? { ambiguous } : {}),
		};
		failures.set(error, failure);
		throw error;
	}
}
