/**
 * What one HTTP exchange produced, independent of the HTTP client's classes: a body classified as it
 * came off the wire, or an `HttpFailure` read from an error answer or from what n8n's helpers threw.
 */

/**
 * What a 2xx body turned out to be: parsed JSON, something else (an HTML page, a truncated JSON: the raw
 * text is in `text`), nothing at all, or bytes asked for with `binary`.
 */
export type BodyKind = 'json' | 'text' | 'empty' | 'binary';

/** What went wrong with one HTTP attempt, independent of the HTTP client's error classes. */
export interface HttpFailure {
	kind: 'http' | 'network';
	status?: number;
	/** Network error code: ECONNREFUSED, ECONNRESET, ETIMEDOUT, ECONNABORTED, … */
	code?: string;
	/**
	 * Why, when the status or code alone does not say: the overall `deadline` passed (code ETIMEDOUT); the
	 * connection was `cut` after the answer had begun (code ECONNRESET); the provider answered with a
	 * `redirect` that was not followed (status 3xx).
	 */
	reason?: 'deadline' | 'cut' | 'redirect';
	/** For `redirect`: the origin the request was for, and where the provider sent it (absent if unreadable). */
	redirect?: { from: string; to?: string };
	body?: unknown;
	bodyKind?: BodyKind;
	headers: Record<string, string>;
	/** The client's own message (safe: no headers). */
	message: string;
}

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function normaliseHeaders(headers: unknown): Record<string, string> {
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

function asBuffer(data: unknown): Buffer | undefined {
	if (Buffer.isBuffer(data)) return data;
	if (data instanceof ArrayBuffer) return Buffer.from(data);
	if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	return undefined;
}

/**
 * Reads a body as it came off the wire. JSON is parsed whole or not at all: a truncated JSON stays
 * text, never a partial object.
 */
export function readBody(data: unknown, binary = false): { kind: BodyKind; body: unknown; text?: string } {
	const buffer = asBuffer(data);
	if (binary) {
		const bytes = buffer ?? Buffer.from(typeof data === 'string' ? data : '');
		return { kind: bytes.length === 0 ? 'empty' : 'binary', body: bytes };
	}
	let text: string;
	if (buffer) text = buffer.toString('utf8');
	else if (typeof data === 'string') text = data;
	else if (data === undefined || data === null) text = '';
	// Already parsed by the HTTP client (it did not honour the raw encoding asked for).
	else return { kind: 'json', body: data };
	text = text.replace(/^\uFEFF/, '');
	if (text.trim() === '') return { kind: 'empty', body: '', text: '' };
	try {
		return { kind: 'json', body: JSON.parse(text) as unknown };
	} catch {
		return { kind: 'text', body: text, text };
	}
}

export const isRedirect = (status: number | undefined) => status !== undefined && status >= 300 && status < 400;

/** A non-2xx answer, read from the full response. */
export function failureFromResponse(response: { statusCode: number; headers: unknown; body: unknown }): HttpFailure {
	const answer = readBody(response.body);
	return {
		kind: 'http',
		status: response.statusCode,
		body: answer.body,
		bodyKind: answer.kind,
		headers: normaliseHeaders(response.headers),
		message: `HTTP ${response.statusCode}`,
		...(isRedirect(response.statusCode) ? { reason: 'redirect' as const } : {}),
	};
}

/** The answer had begun (status and headers arrived) when the connection broke. */
function cutFailure(detail: string): HttpFailure {
	return {
		kind: 'network',
		code: 'ECONNRESET',
		reason: 'cut',
		headers: {},
		message: `the connection was cut before the whole answer arrived (${detail})`,
	};
}

/**
 * Reads what n8n's request helpers threw. n8n 1.x wraps the HTTP client's error in a NodeApiError
 * that keeps only `httpCode` (a status, or a network code such as ECONNRESET) and the response body
 * (`context.data`); newer versions also keep the original error as `cause`. A 2xx "status" on an error
 * is an answer whose body broke off (n8n 1.x: httpCode "200", "stream has been aborted").
 */
export function describeFailure(error: unknown): HttpFailure {
	const err = error as Record<string, unknown> & { cause?: unknown; message?: string };
	const original = err?.cause as
		| { response?: { status?: number; data?: unknown; headers?: unknown }; code?: unknown; message?: string }
		| undefined;
	const messages = [err?.message, ...((err?.messages as string[] | undefined) ?? [])].filter(
		(m): m is string => typeof m === 'string',
	);
	if (original?.response?.status) {
		if (original.response.status < 300) return cutFailure(original.message ?? messages[0] ?? 'no detail');
		return failureFromResponse({
			statusCode: original.response.status,
			headers: original.response.headers,
			body: original.response.data,
		});
	}
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
	if (status >= 200 && status < 300) return cutFailure(messages.at(-1) ?? `HTTP ${status}`);
	if (status >= 100) {
		const context = err.context as { data?: unknown } | undefined;
		return {
			kind: 'http',
			status,
			body: context?.data,
			headers: {},
			message: messages.at(-1) ?? `HTTP ${status}`,
			...(isRedirect(status) ? { reason: 'redirect' as const } : {}),
		};
	}
	return { kind: 'network', code: 'EUNKNOWN', headers: {}, message: messages[0] ?? String(error) };
}

/** The provider certainly did not process the request: safe to send it again. */
export function certainlyNotProcessed(failure: HttpFailure): boolean {
	if (failure.kind === 'network') return NEVER_CONNECTED.has(failure.code ?? '');
	return failure.status === 429 || failure.status === 503;
}

/**
 * The provider may or may not have processed the request: every network failure after connecting
 * (deadline, reset, an answer cut short), 500/502/504/408, and a redirect (not followed, so what the
 * server did before answering it is unknown).
 */
export function isAmbiguousFailure(failure: HttpFailure): boolean {
	if (failure.kind === 'network') return !NEVER_CONNECTED.has(failure.code ?? '');
	if (isRedirect(failure.status)) return true;
	return failure.status === 500 || failure.status === 502 || failure.status === 504 || failure.status === 408;
}

/** The kind of a body someone else built (e.g. the response `recover` returns). */
export function kindOfValue(body: unknown): BodyKind {
	if (Buffer.isBuffer(body)) return body.length ? 'binary' : 'empty';
	if (body === undefined || body === null || body === '') return 'empty';
	return typeof body === 'string' ? 'text' : 'json';
}
