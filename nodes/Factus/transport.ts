/**
 * Factus HTTP: environments (through the credential), v1 paths, pacing under the rate limit, Laravel
 * pagination, and `parseError`, which reads every error shape of factus.md (Laravel 422, DIAN-rule 422,
 * `data.errors` arrays, `errors:[{code, message}]`, 401/402/403/404/409/429/5xx) into the provider's words.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { factusBaseUrl } from '../../credentials/FactusApi.credentials';
import type { FieldErrors, ProviderErrorInfo } from '../shared/errors';
import { addFieldError, flattenErrors, GENERAL } from '../shared/errors';
import type { ApiResponse, HttpContext, HttpFailure, PacingRule, RequestSpec } from '../shared/http';
import { apiRequest, DEFAULT_SECRET_FIELDS } from '../shared/http';
import type { Kind } from './profile';
import { NOUNS, RESPONSE_KEYS } from './profile';

export const PROVIDER = 'Factus';
export const CREDENTIAL = 'factusApi';

/**
 * The credential's secret values, masked in every Factus text the node repeats: the defaults (password,
 * client secret, access and refresh tokens) and the token owner, a fingerprint of the secrets.
 */
export const SECRET_FIELDS = [...DEFAULT_SECRET_FIELDS, 'tokenOwner'];

const enc = encodeURIComponent;

export interface KindPaths {
	create: string;
	list: string;
	show: (number: string) => string;
	pdf: (number: string) => string;
	xml: (number: string) => string;
	destroy: (referenceCode: string) => string;
}

/**
 * factus.md "v1 endpoints". API v2 puts the identifier first (`/v2/bills/:number/download-pdf`); its paths
 * will sit next to these when the node speaks v2.
 */
export const PATHS = {
	documents: {
		bill: {
			create: '/v1/bills/validate',
			list: '/v1/bills',
			show: (n) => `/v1/bills/show/${enc(n)}`,
			pdf: (n) => `/v1/bills/download-pdf/${enc(n)}`,
			xml: (n) => `/v1/bills/download-xml/${enc(n)}`,
			destroy: (r) => `/v1/bills/destroy/reference/${enc(r)}`,
		},
		creditNote: {
			create: '/v1/credit-notes/validate',
			list: '/v1/credit-notes',
			show: (n) => `/v1/credit-notes/${enc(n)}`,
			pdf: (n) => `/v1/credit-notes/download-pdf/${enc(n)}`,
			xml: (n) => `/v1/credit-notes/download-xml/${enc(n)}`,
			destroy: (r) => `/v1/credit-notes/reference/${enc(r)}`,
		},
		supportDocument: {
			create: '/v1/support-documents/validate',
			list: '/v1/support-documents',
			show: (n) => `/v1/support-documents/show/${enc(n)}`,
			pdf: (n) => `/v1/support-documents/download-pdf/${enc(n)}`,
			xml: (n) => `/v1/support-documents/download-xml/${enc(n)}`,
			destroy: (r) => `/v1/support-documents/reference/${enc(r)}`,
		},
	} satisfies Record<Kind, KindPaths>,
	billEmail: {
		content: (n: string) => `/v1/bills/${enc(n)}/email-content`,
		send: (n: string) => `/v1/bills/send-email/${enc(n)}`,
	},
	catalogs: {
		numberingRanges: '/v1/numbering-ranges',
		numberingRange: (id: string | number) => `/v1/numbering-ranges/${enc(String(id))}`,
		municipalities: '/v1/municipalities',
		countries: '/v1/countries',
		productTributes: '/v1/tributes/products',
		measurementUnits: '/v1/measurement-units',
		acquirer: '/v1/dian/acquirer',
		company: '/v1/company',
		subscription: '/v1/subscriptions/current',
	},
};

/* ------------------------------------------------------------------------------------------------ */
/* Pacing                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/**
 * The shared budget for one Factus user on one API. The node aims a little under the configured limit
 * (one request in twenty, at least one) and adds a small margin to the window: the pacer counts a request
 * when it is handed out, while Factus counts it when it arrives (after a login, say), so sending exactly at
 * the limit would now and then spill one request into a window that is already full.
 */
export function pacingFor(credentials: ICredentialDataDecryptedObject, base: string): PacingRule {
	const limit = Math.max(1, Math.floor(Number(credentials.rateLimit ?? 80)) || 80);
	const windowMs = Math.max(1, Number(credentials.rateLimitWindowSeconds ?? 60) || 60) * 1000;
	return {
		key: `factus|${base}|${String(credentials.username ?? '').toLowerCase()}`,
		limit: limit > 1 ? limit - Math.max(1, Math.floor(limit / 20)) : 1,
		windowMs: windowMs + Math.min(1000, Math.max(50, Math.round(windowMs / 50))),
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Requests                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

export interface Call {
	itemIndex?: number;
	/** Names the document in messages ("bill", "credit note"). */
	what?: string;
	/** A create: sent once, never retried after it may have arrived (the issue protocol looks it up). */
	mutating?: boolean;
}

export interface Spec extends Omit<RequestSpec, 'url'> {
	/** Path under the API base URL, e.g. `/v1/bills`. */
	path: string;
}

const LOGIN_FAILED = /^Factus login failed/;

/** Failures that retrying cannot fix: a spent subscription, a refused login, a document type not enabled. */
export function isFinalFailure(failure: HttpFailure): boolean {
	if (failure.kind === 'network') return LOGIN_FAILED.test(failure.message);
	return failure.status === 402 || failure.status === 403;
}

/**
 * The credential's settings (URL, user, rate limit), read once per execution context: they cannot change
 * during a run, while the token they sit next to is handled by n8n on every request.
 */
const settingsCache = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

async function credentialSettings(ctx: HttpContext): Promise<ICredentialDataDecryptedObject> {
	let settings = settingsCache.get(ctx);
	if (!settings) {
		settings = (ctx.getCredentials as (type: string) => Promise<ICredentialDataDecryptedObject>).call(ctx, CREDENTIAL).then((c) => c ?? {});
		settingsCache.set(ctx, settings);
		// A failed read (no credential selected) is not kept: the next item asks again.
		settings.catch(() => settingsCache.delete(ctx));
	}
	return await settings;
}

/** The Factus account a context works on (API URL and user): what two executions in this process share. */
export async function accountKey(ctx: HttpContext): Promise<string> {
	const credentials = await credentialSettings(ctx);
	return pacingFor(credentials, factusBaseUrl(credentials)).key;
}

/** One request to Factus under the shared HTTP rules, paced under the credential's rate limit. */
export async function request<T = IDataObject>(ctx: HttpContext, spec: Spec, call: Call = {}): Promise<ApiResponse<T>> {
	const credentials = await credentialSettings(ctx);
	const base = factusBaseUrl(credentials);
	const { path, ...rest } = spec;
	return await apiRequest<T>(
		ctx,
		{ ...rest, url: `${base}${path}` },
		{
			provider: PROVIDER,
			credentialType: CREDENTIAL,
			parseError: (failure) => parseError(failure, { base, what: call.what }),
			itemIndex: call.itemIndex,
			pacing: pacingFor(credentials, base),
			isFinal: isFinalFailure,
			mutating: call.mutating,
			secretFields: SECRET_FIELDS,
		},
	);
}

/** Rows of a v1 list answer: `data.data[]` (paginated) or `data[]` (catalogs). */
export function rowsOf(body: unknown): IDataObject[] {
	const data = (body as IDataObject | undefined)?.data;
	if (Array.isArray(data)) return data as IDataObject[];
	const inner = (data as IDataObject | undefined)?.data;
	return Array.isArray(inner) ? (inner as IDataObject[]) : [];
}

/** factus.md: v2 documents filter[per_page], some clients send per_page — both are sent. */
export function pagingQuery(page: number, perPage: number): IDataObject {
	return { page, per_page: perPage, 'filter[per_page]': perPage };
}

/**
 * One page of a list answer: its rows, and whether another page follows (Laravel's `pagination`). A flat
 * catalog, an empty page, or a page without a readable `last_page` is the last.
 */
export function readListPage(body: unknown, page: number): { rows: IDataObject[]; hasMore: boolean } {
	const data = (body as IDataObject | undefined)?.data;
	const rows = rowsOf(body);
	if (Array.isArray(data) || rows.length === 0) return { rows, hasMore: false };
	const pagination = ((data as IDataObject).pagination ?? data) as IDataObject;
	const current = Number(pagination.current_page ?? page);
	const last = Number(pagination.last_page);
	return { rows, hasMore: Number.isFinite(last) && current < last };
}

/**
 * Every row of a Laravel-paginated list (or of a flat catalog), following `?page=` until the last page,
 * an empty page, or `limit` rows.
 */
export async function listAll(
	ctx: HttpContext,
	path: string,
	qs: IDataObject = {},
	options: { limit?: number; itemIndex?: number; paged?: boolean } = {},
): Promise<IDataObject[]> {
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	// One page size for every page: Laravel's page N starts at (N − 1) × per_page, so a smaller last page
	// would repeat rows already read and skip the ones wanted.
	const perPage = Math.min(100, Math.max(1, limit));
	const rows: IDataObject[] = [];
	for (let page = 1; page <= 100_000; page++) {
		// Catalogs (paged: false) answer one flat list and get no paging parameters at all.
		const paging = options.paged === false ? (page > 1 ? { page } : {}) : pagingQuery(page, perPage);
		const response = await request(ctx, { method: 'GET', path, qs: { ...qs, ...paging } }, { itemIndex: options.itemIndex });
		const { rows: pageRows, hasMore } = readListPage(response.body, page);
		rows.push(...pageRows);
		if (rows.length >= limit) return rows.slice(0, limit);
		if (!hasMore) break;
	}
	return rows;
}

/** GET show: the answer's `data` (company, customer, bill/credit_note/support_document, items…). */
export async function show(ctx: HttpContext, itemIndex: number, kind: Kind, number: string): Promise<IDataObject> {
	const response = await request(ctx, { method: 'GET', path: PATHS.documents[kind].show(number) }, { itemIndex, what: NOUNS[kind] });
	const data = (response.body as IDataObject | undefined)?.data;
	return data && typeof data === 'object' ? (data as IDataObject) : {};
}

/**
 * The rows of a paginated v1 list answer, or undefined when the answer is not that list (an HTML page, a
 * catalog's flat list, `{ok: false}`…): for decisions that must not read "no rows" into a broken answer.
 */
export function listRowsOf(answer: ApiResponse): IDataObject[] | undefined {
	if (answer.bodyKind !== undefined && answer.bodyKind !== 'json') return undefined;
	const data = (answer.body as IDataObject | undefined)?.data;
	const rows = data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject).data : undefined;
	return Array.isArray(rows) && rows.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row)) ? (rows as IDataObject[]) : undefined;
}

/** What Factus lists under a reference code: the rows, or why the answer cannot tell. */
export type ReferenceRows = { rows: IDataObject[] } | { unreadable: string };

/**
 * The rows of a list (`listPath`, documents called `noun`) filtered by `filter[reference_code]` (one page: a
 * reference code is unique, so more than a page of matches means the filter was not applied). Only rows whose
 * `reference_code` is exactly `reference` are kept; rows with other codes in the answer make it unreadable, as
 * does anything but Factus's list (an HTML page, an empty answer). Request failures are thrown. The same for
 * v1 and v2 lists.
 */
export async function rowsByReferenceAt(ctx: HttpContext, itemIndex: number, listPath: string, noun: string, reference: string): Promise<ReferenceRows> {
	const answer = await request(
		ctx,
		{ method: 'GET', path: listPath, qs: { 'filter[reference_code]': reference, ...pagingQuery(1, 10) }, timeoutMs: 30_000 },
		{ itemIndex, what: noun },
	);
	const rows = listRowsOf(answer);
	if (!rows) return { unreadable: `Factus answered the lookup with ${answerWords(answer)} instead of its list of ${noun}s` };
	const matching = rows.filter((row) => String(row.reference_code ?? '') === reference);
	if (matching.length < rows.length) {
		return { unreadable: `Factus's list for reference_code "${reference}" also held other reference codes, so its filter was not applied` };
	}
	return { rows: matching };
}

/** `rowsByReferenceAt` for a v1 kind. */
export async function rowsByReference(ctx: HttpContext, itemIndex: number, kind: Kind, reference: string): Promise<ReferenceRows> {
	return await rowsByReferenceAt(ctx, itemIndex, PATHS.documents[kind].list, NOUNS[kind], reference);
}

/** What a 2xx answer that is not the expected JSON was, in words. */
export function answerWords(answer: ApiResponse): string {
	if (answer.bodyKind === 'empty') return 'an empty body';
	if (answer.bodyKind === 'text') {
		const text = String(answer.text ?? answer.body ?? '');
		return /<(!doctype|html|head|body)\b/i.test(text) ? 'an HTML page' : /^\s*[[{]/.test(text) ? 'an unreadable (cut) JSON answer' : 'a text that is not JSON';
	}
	return 'JSON that is not the expected answer';
}

/** The document object of a v1 create/show answer (`data.bill`…), or undefined when the answer has none. */
export function answerDocument(kind: Kind, answer: ApiResponse): { data: IDataObject; document: IDataObject } | undefined {
	if (answer.bodyKind !== undefined && answer.bodyKind !== 'json') return undefined;
	const data = (answer.body as IDataObject | undefined)?.data;
	if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
	const document = (data as IDataObject)[RESPONSE_KEYS[kind]];
	return document && typeof document === 'object' && !Array.isArray(document) ? { data: data as IDataObject, document: document as IDataObject } : undefined;
}

/* ------------------------------------------------------------------------------------------------ */
/* Errors                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

interface ReadBody {
	/** The provider's own top-level sentence. */
	words: string;
	fields: FieldErrors;
	/** Every message, flattened (field messages included). */
	all: string[];
}

/** factus.md: look in `data.errors`, `errors`, `data.message`, `message`, flattening arrays and objects. */
export function readErrorBody(body: unknown): ReadBody {
	const fields: FieldErrors = {};
	if (typeof body === 'string') {
		const clean = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
		return { words: clean.slice(0, 300), fields, all: clean ? [clean.slice(0, 300)] : [] };
	}
	if (!body || typeof body !== 'object') return { words: '', fields, all: [] };
	const obj = body as IDataObject;
	const data = obj.data && typeof obj.data === 'object' ? (obj.data as IDataObject) : undefined;
	flattenErrors(data?.errors, fields);
	flattenErrors(obj.errors, fields);
	// OAuth-style answers (`error`, `error_description`) from proxies in front of the API.
	if (typeof obj.error === 'string' && !obj.message) addFieldError(fields, GENERAL, text(obj.error_description) || obj.error);
	const all = Object.values(fields).flat();
	const words = text(obj.message) || text(data?.message) || fields[GENERAL]?.[0] || all[0] || '';
	return { words, fields, all };
}

const NETWORK: Record<string, string> = {
	ECONNREFUSED: 'could not connect to Factus',
	ENOTFOUND: 'the Factus host was not found',
	EAI_AGAIN: 'the Factus host was not found',
	ETIMEDOUT: 'Factus did not answer in time',
	ECONNABORTED: 'Factus did not answer in time',
	ECONNRESET: 'the connection to Factus was cut before an answer arrived',
	EPIPE: 'the connection to Factus was cut before an answer arrived',
};

export const REGLA_90 = /Regla:\s*90\b/i;
const RECHAZO = /Rechazo/i;
const PENDING_BLOCK = /pendiente por enviar/i;

export const PENDING_BLOCK_HINT =
	'Factus blocks new documents of a kind while an earlier one is not validated by DIAN. Find it with Get Many (Status: Not Validated). ' +
	'If DIAN rejected it: fix the data and delete it (Delete Unvalidated), or turn on the option "Delete Rejected Document and Resend". ' +
	'If DIAN has not answered yet: wait (Wait for DIAN Result for a bill, Get for other documents) — never delete a document DIAN may still validate.';

export const REGLA_90_HINT =
	'DIAN says it already processed a document with this number (Regla 90). The node neither deleted nor resent it. ' +
	'Reconcile it manually: look it up in Factus and in DIAN\'s portal with its CUFE, and ask Factus support to align the status.';

/** The 409 "Se encontró una factura pendiente por enviar a la DIAN": Factus refused, blocked by an unvalidated document. */
export function isPendingBlock(failure: HttpFailure): boolean {
	if (failure.kind !== 'http' || failure.status !== 409) return false;
	const { words, all } = readErrorBody(failure.body);
	return [words, ...all].some((m) => PENDING_BLOCK.test(m));
}

/** A 422 on `reference_code`: Factus already has a document with it (the local check makes sure one is given). */
export function isReferenceTaken(failure: HttpFailure): boolean {
	return failure.kind === 'http' && failure.status === 422 && readErrorBody(failure.body).fields.reference_code !== undefined;
}

/** One line in the provider's words, every field problem kept, plus what to do next. */
export function parseError(failure: HttpFailure, context: { base?: string; what?: string } = {}): ProviderErrorInfo {
	const what = context.what ?? 'document';
	if (failure.kind === 'network') {
		if (LOGIN_FAILED.test(failure.message)) {
			return { provider: PROVIDER, message: failure.message, code: 'login_failed', hint: 'Open the Factus credential and use "Test connection".' };
		}
		const words = NETWORK[failure.code ?? ''] ?? `no answer from Factus (${failure.message})`;
		return {
			provider: PROVIDER,
			message: `Factus: ${words}${failure.code === 'ECONNREFUSED' && context.base ? ` at ${context.base}` : ''}`,
			code: 'network',
		};
	}

	const status = failure.status ?? 0;
	const { words, fields, all } = readErrorBody(failure.body);
	const info = (message: string, extra: Partial<ProviderErrorInfo> = {}): ProviderErrorInfo => ({
		provider: PROVIDER,
		message,
		fields: Object.keys(fields).length ? fields : undefined,
		httpCode: status,
		...extra,
	});

	const rechazos = all.filter((m) => RECHAZO.test(m));
	if (rechazos.some((m) => REGLA_90.test(m))) {
		const rule = rechazos.find((m) => REGLA_90.test(m));
		return info(`Factus: DIAN already has this ${what} (${rule}) — reconcile it manually; it was not deleted and will not be resent`, {
			code: 'regla90',
			hint: REGLA_90_HINT,
		});
	}
	if (rechazos.length > 0) {
		const more = rechazos.length > 1 ? ` (and ${rechazos.length - 1} more)` : '';
		return info(`Factus: DIAN rejected the ${what}: ${rechazos[0]}${more}`, {
			code: 'dian_rejected',
			hint: `Fix the data and send it again. Factus keeps the rejected ${what} and blocks new ones until it is deleted: use Delete Unvalidated, or the option "Delete Rejected Document and Resend".`,
		});
	}

	switch (status) {
		case 401:
			return info(`Factus: the access token was refused even after logging in again${words ? ` (${words})` : ''}`, {
				code: 'unauthenticated',
				hint: 'Open the Factus credential and use "Test connection".',
			});
		case 402:
			return info(`Factus: ${words || 'the subscription has no documents left'}`, {
				code: 'quota',
				hint: 'Your Factus plan has no documents left; nothing was issued. Buy more documents in Factus, then run again.',
			});
		case 403:
			return info(`Factus: ${words || 'forbidden'}`, {
				code: 'forbidden',
				hint: 'Factus has not enabled this for your company (for example support documents). Ask Factus support to enable it.',
			});
		case 404:
			return info(`Factus: ${words || 'not found'}`, {
				code: 'not_found',
				hint: 'Check the number (for example SETP990000493) and that the credential points at the right environment (sandbox or production).',
			});
		case 409:
			return info(`Factus: ${words || 'conflict'}`, PENDING_BLOCK.test(words) ? { code: 'pending_block', hint: PENDING_BLOCK_HINT } : { code: 'conflict' });
		case 422: {
			// DIAN-style and array-style answers carry a generic headline; the first specific message says more.
			const generic = /^(Error de validación|Validation error)\.?$/i.test(words) || words === '';
			const first = fields[GENERAL]?.[0];
			const message = generic && first ? first : words || first || 'the data was not accepted';
			const count = all.length;
			const more = generic && first && count > 1 ? ` (and ${count - 1} more)` : '';
			return info(`Factus: ${message}${more}`, { code: 'validation' });
		}
		case 429: {
			const limit = failure.headers['x-ratelimit-limit'];
			const retry = failure.headers['retry-after'];
			return info(`Factus: rate limit reached${limit ? ` (${limit} requests per window)` : ''}${retry ? `; retry after ${retry} s` : ''}`, {
				code: 'rate_limited',
				hint: 'The node paces itself under the limit set in the credential; another workflow or app using the same Factus user shares that limit.',
			});
		}
		case 503:
			return info(`Factus: ${words || 'service unavailable'}`, {
				code: 'maintenance',
				hint: 'Factus is unavailable (maintenance); nothing was issued and the node already retried. Run again later.',
			});
		default:
			if (status >= 500) return info(`Factus: internal error (HTTP ${status})${words ? `: ${words}` : ''}`, { code: 'server_error' });
			return info(`Factus: ${words || `HTTP ${status}`}`, { code: status ? `http_${status}` : undefined });
	}
}
