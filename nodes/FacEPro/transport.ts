/**
 * FacEPro's HTTP surface: base URL, paths, how its errors read to a user, and the list pagination.
 * Every request goes through the shared `apiRequest` (deadline, retries, safe-POST rule, no secrets in
 * errors, no credentials across origins).
 */
import type { IDataObject } from 'n8n-workflow';

import type { FieldErrors, ProviderErrorInfo } from '../shared/errors';
import { flattenErrors, localError } from '../shared/errors';
import type { ApiResponse, CallOptions, HttpContext, HttpFailure, RequestSpec, RetryRule } from '../shared/http';
import { apiRequest } from '../shared/http';

import type { DocumentKind } from './profile';

export const PROVIDER = 'FacEPro';
export const CREDENTIAL = 'facEProApi';
export const DEFAULT_BASE_URL = 'https://facepro.cdpconsultores.com/api/v1';

export const PATHS = {
	health: '/health',
	me: '/me',
	documents: '/documentos',
	document: (trackingId: string) => `/documentos/${encodeURIComponent(trackingId)}`,
	refresh: (trackingId: string) => `/documentos/${encodeURIComponent(trackingId)}/consultar`,
	xml: (trackingId: string) => `/documentos/${encodeURIComponent(trackingId)}/xml`,
	create: { invoice: '/documentos', creditNote: '/notas-credito', debitNote: '/notas-debito' } as Record<DocumentKind, string>,
};

/** FacEPro's permission names in plain words. */
const PERMISSIONS: Record<string, string> = {
	permite_facturas: 'invoices',
	permite_notas_credito: 'credit notes',
	permite_notas_debito: 'debit notes',
};

const PERIODS: Record<string, string> = { mensual: 'this month', anual: 'this year' };

/** Network codes meaning the request never reached FacEPro (nothing was sent), in plain words. */
const NOT_CONNECTED: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

/** What the failing request was about, so messages can name it. */
export interface ErrorContext {
	/** e.g. `document 550e8400-…` */
	subject?: string;
	/** Names a FacEPro field path (of a 422) the way the user sees the field. */
	fieldPath?: (path: string) => string;
	baseUrl?: string;
	/** A create: its failures are worded without "retry later" (retrying blindly is the risk there). */
	create?: boolean;
}

const bodyOf = (failure: HttpFailure): IDataObject =>
	failure.body && typeof failure.body === 'object' && !Array.isArray(failure.body) ? (failure.body as IDataObject) : {};

const providerWords = (body: IDataObject): string | undefined =>
	typeof body.error === 'string' && body.error.trim() !== ''
		? body.error
		: typeof body.message === 'string' && body.message.trim() !== ''
			? body.message
			: undefined;

/** A 429 caused by the document quota (not a rate limit): retrying soon cannot help. */
export function isQuotaFailure(failure: HttpFailure): boolean {
	if (failure.status !== 429) return false;
	const body = bodyOf(failure);
	return body.codigo === 'quota_excedida' || body.limite !== undefined || body.consumidos !== undefined;
}

function networkWords(failure: HttpFailure, context: ErrorContext, base: ProviderErrorInfo): ProviderErrorInfo {
	const where = context.baseUrl ? ` at ${context.baseUrl}` : '';
	const notConnected = NOT_CONNECTED[failure.code ?? ''];
	if (notConnected) {
		return {
			...base,
			message: `Could not connect to FacEPro${where} (${notConnected})`,
			hint: 'Check the Base URL in the FacEPro credential, or try again later if FacEPro is down.',
			code: failure.code,
		};
	}
	if (failure.reason === 'deadline') {
		return { ...base, message: `FacEPro did not answer completely within the deadline (${failure.message})`, hint: 'Try again later.', code: failure.code };
	}
	if (failure.code === 'ETIMEDOUT' || failure.code === 'ECONNABORTED') {
		return { ...base, message: 'FacEPro did not answer in time', hint: 'Try again later.', code: failure.code };
	}
	return {
		...base,
		message: `The connection to FacEPro was interrupted (${failure.code ?? 'network error'})`,
		hint: 'Try again later.',
		code: failure.code,
	};
}

function quotaWords(body: IDataObject, base: ProviderErrorInfo, code: string | undefined): ProviderErrorInfo {
	const period = typeof body.periodo === 'string' ? body.periodo : 'periodo';
	const used = body.consumidos ?? '?';
	const limit = body.limite ?? '?';
	return {
		...base,
		code: code ?? 'quota_excedida',
		message:
			`FacEPro quota exhausted: ${String(used)} of ${String(limit)} documents used ${PERIODS[period] ?? 'in this period'} (${period}). ` +
			'Retrying will not help: ask FacEPro for more quota or wait for the next period.',
		hint: 'Stop automatic sending until the quota is raised; nothing was issued for this item.',
	};
}

/** Words every FacEPro failure for a user (never includes the token: only status, body and URL host). */
export function parseError(failure: HttpFailure, context: ErrorContext = {}): ProviderErrorInfo {
	const body = bodyOf(failure);
	const words = providerWords(body);
	const code = typeof body.codigo === 'string' ? body.codigo : undefined;
	const base: ProviderErrorInfo = { provider: PROVIDER, httpCode: failure.status, code, message: '' };

	if (failure.kind === 'network') return networkWords(failure, context, base);

	switch (failure.status) {
		case 401:
			return {
				...base,
				message: 'FacEPro rejected the API token. Check the token in the credential',
				hint:
					"The token may be mistyped, revoked or from another FacEPro instance. In FacEPro's portal go to Tokens API, " +
					'generate a new token (it is shown only once) and paste it into the credential.',
			};
		case 403: {
			const permission = typeof body.permiso === 'string' ? body.permiso : undefined;
			const what = permission ? (PERMISSIONS[permission] ?? permission) : undefined;
			return {
				...base,
				message: what
					? `FacEPro does not allow your company to issue ${what} (missing permission ${permission})`
					: `FacEPro refused the request: ${words ?? 'permission not granted'}`,
				hint: words
					? `FacEPro said: "${words}". Ask CDP Consultores (FacEPro support) to enable it for your company.`
					: 'Ask CDP Consultores (FacEPro support) to enable it for your company.',
			};
		}
		case 404: {
			// FacEPro's own 404s have {ok:false}; anything else means the URL is not FacEPro's API.
			const fromApi = body.ok === false;
			return {
				...base,
				message: fromApi ? `FacEPro found no ${context.subject ?? 'such resource'} for this company` : `FacEPro's API was not found at this address (HTTP 404)`,
				hint: fromApi
					? 'Check the tracking ID: it must come from a document issued with this same credential (company).'
					: `Check the Base URL in the credential: it should end in /api/v1 (e.g. ${DEFAULT_BASE_URL}).`,
			};
		}
		case 422: {
			const fields: FieldErrors = {};
			for (const [path, messages] of Object.entries(flattenErrors(body.errors))) {
				fields[context.fieldPath ? context.fieldPath(path) : path] = messages;
			}
			return { ...base, message: `FacEPro rejected the data: ${words ?? 'Datos invalidos'}`, fields, hint: 'Nothing was issued. Correct the fields above and run again.' };
		}
		case 429:
			if (isQuotaFailure(failure)) return quotaWords(body, base, code);
			return { ...base, message: 'FacEPro is receiving too many requests (HTTP 429)', hint: 'Wait a moment and run again, or send fewer documents at once.' };
		case 500:
			if (context.create) return { ...base, message: `FacEPro answered HTTP 500${words ? ` ("${words}")` : ''}` };
			return {
				...base,
				message: `FacEPro had an internal error (HTTP 500)${words ? `: ${words}` : ''}; retry later`,
				hint: 'If it persists, write to soporte@cdpconsultores.com with the time of the request.',
			};
		case 502:
		case 504:
			if (context.create) return { ...base, message: `FacEPro answered HTTP ${failure.status} (a gateway error)` };
			return { ...base, message: `FacEPro is temporarily unavailable (HTTP ${failure.status}); retry later` };
		case 503:
			// Nothing was processed (the shared rule): retrying later is safe, also for a create.
			return { ...base, message: `FacEPro is temporarily unavailable (HTTP ${failure.status}); retry later` };
		default:
			return {
				...base,
				message:
					context.create && (failure.status ?? 0) >= 500
						? `FacEPro answered HTTP ${failure.status ?? '?'}${words ? ` ("${words}")` : ''}`
						: `FacEPro refused the request (HTTP ${failure.status ?? '?'})${words ? `: ${words}` : ''}`,
			};
	}
}

/** The credential's base URL without trailing slashes. */
export async function baseUrlOf(ctx: HttpContext): Promise<string> {
	const credentials = await ctx.getCredentials(CREDENTIAL);
	const raw = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== '' ? credentials.baseUrl : DEFAULT_BASE_URL;
	return raw.trim().replace(/\/+$/, '');
}

export interface Call extends Partial<Omit<CallOptions, 'parseError'>> {
	errorContext?: ErrorContext;
}

/** One FacEPro request under the shared rules; `path` is relative to the base URL. */
export async function request<T = unknown>(ctx: HttpContext, spec: Omit<RequestSpec, 'url'> & { path: string }, call: Call = {}): Promise<ApiResponse<T>> {
	const baseUrl = await baseUrlOf(ctx);
	const { path, ...rest } = spec;
	const { errorContext, ...options } = call;
	return await apiRequest<T>(
		ctx,
		{ ...rest, url: `${baseUrl}${path}` },
		{
			provider: PROVIDER,
			credentialType: CREDENTIAL,
			isFinal: isQuotaFailure,
			...options,
			parseError: (failure) => parseError(failure, { baseUrl, ...errorContext }),
		},
	);
}

/** A document object from a create/get/consultar answer (tolerates `{data}`, bare, `{documento}`). */
export function documentFrom(body: unknown): IDataObject | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const obj = body as IDataObject;
	for (const candidate of [obj.data, obj.documento, obj]) {
		if (candidate && typeof candidate === 'object' && !Array.isArray(candidate) && typeof (candidate as IDataObject).tracking_id === 'string') {
			const document = { ...(candidate as IDataObject) };
			delete document.ok;
			return document;
		}
	}
	return undefined;
}

export interface ListFilters {
	estado?: string;
	desde?: string;
	hasta?: string;
}

export interface ListPage {
	documents: IDataObject[];
	currentPage: number;
	lastPage?: number;
}

/** Reads one page of GET /documentos: `data` as the array, or Laravel's paginator in `data`; undefined when it is no list. */
export function readListPage(body: unknown, requestedPage: number): ListPage | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const obj = body as IDataObject;
	if (obj.ok === false) return undefined;
	const data = obj.data as unknown;
	let documents: unknown[];
	let meta: IDataObject = (obj.meta as IDataObject | undefined) ?? {};
	if (Array.isArray(data)) documents = data;
	else if (data && typeof data === 'object' && Array.isArray((data as IDataObject).data)) {
		documents = (data as IDataObject).data as unknown[];
		meta = { ...(data as IDataObject), ...meta };
	} else return undefined;
	const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
	return {
		documents: documents.filter((d): d is IDataObject => !!d && typeof d === 'object' && !Array.isArray(d)),
		currentPage: num(meta.current_page) ?? requestedPage,
		lastPage: num(meta.last_page),
	};
}

/** Whether a page of GET /documentos is the last one: empty, a short page without meta, or current_page ≥ last_page. */
export function isLastListPage(result: ListPage, perPage: number): boolean {
	return result.documents.length === 0 || (result.lastPage !== undefined ? result.currentPage >= result.lastPage : result.documents.length < perPage);
}

/**
 * One page of the list, refused when the answer is not FacEPro's list (an HTML page, an empty or cut
 * body, `{ok:false}`): such an answer must never read as "no documents".
 */
export function listPage(ctx: HttpContext, response: ApiResponse, page: number, itemIndex?: number): ListPage {
	const result = response.bodyKind === 'json' ? readListPage(response.body, page) : undefined;
	if (result) return result;
	const what = response.bodyKind === 'text' && /<(!doctype|html)\b/i.test(String(response.body)) ? 'an HTML page' : `something that is not its list (${response.bodyKind ?? 'unknown'} answer)`;
	throw localError(
		ctx.getNode(),
		{
			provider: PROVIDER,
			message: `FacEPro answered the document list with ${what} (HTTP ${response.statusCode})`,
			hint: `Check the Base URL in the credential: it should be FacEPro's API, ending in /api/v1 (e.g. ${DEFAULT_BASE_URL}).`,
			httpCode: response.statusCode,
		},
		itemIndex,
	);
}

export interface ListOptions {
	perPage: number;
	/** Pages read at most; the walk reports `complete: false` when it stopped there. */
	maxPages?: number;
	itemIndex?: number;
	timeoutMs?: number;
	retry?: RetryRule;
}

/**
 * Pages through GET /documentos (newest first). `onPage` returns false to stop early. Returns whether
 * the list was read to its end. Throws when a page is not FacEPro's list.
 */
export async function listAll(
	ctx: HttpContext,
	filters: ListFilters,
	options: ListOptions,
	onPage: (documents: IDataObject[]) => boolean | Promise<boolean>,
): Promise<{ complete: boolean; pages: number }> {
	const max = options.maxPages ?? Number.POSITIVE_INFINITY;
	for (let page = 1; page <= max; page++) {
		const qs: IDataObject = { per_page: options.perPage, page };
		for (const [key, value] of Object.entries(filters)) if (value) qs[key] = value;
		const response = await request(
			ctx,
			{ method: 'GET', path: PATHS.documents, qs, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
			{ itemIndex: options.itemIndex, ...(options.retry ? { retry: options.retry } : {}) },
		);
		const result = listPage(ctx, response, page, options.itemIndex);
		const more = await onPage(result.documents);
		if (isLastListPage(result, options.perPage)) return { complete: true, pages: page };
		if (!more) return { complete: false, pages: page };
	}
	return { complete: false, pages: max };
}
