/**
 * How the Factuconect node talks to the API: every path in one table (documented or [assumed]), the
 * account settings every document call carries (uid, idSucursal, ambiente), `request` over the shared
 * `apiRequest`, `listAll` (the clients' 0-based pages), the catalog and client-search reads, and
 * `parseError`, which words failures in the provider's (or MH's) terms.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ProviderErrorInfo, ValidationProblem } from '../shared/errors';
import { addFieldError, flattenErrors, GENERAL, localError } from '../shared/errors';
import { apiRequest, failureOf, isAmbiguousFailure } from '../shared/http';
import type { ApiResponse, HttpContext, HttpFailure, RequestSpec } from '../shared/http';
import type { Problems } from '../shared/invoice/problems';
import { singleFlight } from '../shared/singleFlight';

import { DEPARTMENT_QUERY, readCatalog } from './wire/catalog';
import type { CatalogEntry, CatalogKind } from './wire/catalog';
import { LIST_QUERY, PAGE_SIZE, SEARCH_QUERY } from './wire/client';
import type { Pagination } from './wire/client';
import { checkAmbiente } from './wire/rules';

export const PROVIDER = 'Factuconect' as const;
export const CREDENTIAL = 'factuconectApi';

/**
 * Every path the node calls. [doc]: shown on the provider's page; [assumed]: the page names the
 * call but not its path (the login paths live in the credential).
 */
export const PATHS = {
	catalogs: {
		countries: '/catalogos/paises', // [assumed]
		departments: '/catalogos/departamentos', // [assumed]
		municipalities: '/catalogos/municipios', // [assumed] ?id_departamento=
		documentTypes: '/catalogos/tiposDocumento', // [assumed]
		economicActivities: '/catalogos/actividadesEconomicas', // [assumed]
	},
	clientAdd: '/receptor/add', // [doc]
	clientList: '/receptor/showAll', // [doc]
	clientSearch: '/receptor/searchByNitNrc', // [doc]
	enabledTypes: '/facturar/typeFacts', // [doc]
	create: {
		'01': '/facturar/fe', // [doc]
		'03': '/facturar/ccf-exe', // [doc]
		'14': '/facturar/fsex', // [doc]
		'05': '/facturar/nc', // [doc]
		'06': '/facturar/nd', // [doc]
	},
	send: '/facturar/sendFteMH', // [doc]
	void: '/facturar/anulacionDte', // [doc]
	view: '/viewDte', // [doc] ?id={codigoGeneracion}, on the document view host, no auth
	ticket: '/ticket', // [doc] ?id={codigoGeneracion}
} as const;

/** MH's public check of any DTE [mh]. */
export const MH_PUBLIC_CHECK = 'https://admin.factura.gob.sv/consultaPublica';

export interface AccountSettings {
	baseUrl: string;
	viewBaseUrl: string;
	ambiente: string;
	/** Set in the credential or learnt from the login answer; empty until known. */
	uid: string;
	idSucursal: string;
}

const trimSlash = (url: unknown) => String(url ?? '').trim().replace(/\/+$/, '');

/** Reads the credential (no request); reports a bad ambiente as a problem of the item. */
export async function accountSettings(ctx: HttpContext, problems?: Problems): Promise<AccountSettings> {
	const c = await ctx.getCredentials(CREDENTIAL);
	const settings: AccountSettings = {
		baseUrl: trimSlash(c.baseUrl),
		viewBaseUrl: trimSlash(c.viewBaseUrl) || 'https://dte.factuconect.com',
		ambiente: String(c.ambiente ?? ''),
		uid: String(c.uid ?? '').trim() || String(c.sessionUid ?? '').trim(),
		idSucursal: String(c.idSucursal ?? '').trim() || String(c.sessionIdSucursal ?? '').trim(),
	};
	if (problems) {
		const list: ValidationProblem[] = [];
		checkAmbiente(settings.ambiente, 'credential.ambiente', list);
		problems.addAll(list);
	}
	return settings;
}

/**
 * The account settings with uid and idSucursal known. When the credential leaves them to the login
 * and no login happened yet, one cheap authenticated read makes n8n log in (and store them).
 */
export async function documentAccount(ctx: IExecuteFunctions, itemIndex: number, settings: AccountSettings): Promise<AccountSettings> {
	if (settings.uid && settings.idSucursal) return settings;
	// Items in flight together share one read (and so one login) instead of one each.
	await singleFlight(`factuconect-account:${ctx.getExecutionId()}:${settings.baseUrl}`, async () => {
		await request(ctx, { method: 'GET', url: settings.baseUrl + PATHS.enabledTypes }, { itemIndex, what: 'log in' });
	});
	const fresh = await accountSettings(ctx);
	if (!fresh.uid || !fresh.idSucursal) {
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: "Factuconect's login answer did not include uid and idSucursal",
				hint: 'Fill in UID and Branch ID (idSucursal) in the Factuconect credential.',
			},
			itemIndex,
		);
	}
	return fresh;
}

/* ------------------------------------------------------------------------------------------------ */
/* MH answers                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

export interface MhAnswer extends IDataObject {
	estado: string;
	codigoGeneracion?: string;
	selloRecibido?: string | null;
	fhProcesamiento?: string;
	clasificaMsg?: string;
	codigoMsg?: string;
	descripcionMsg?: string;
	observaciones: string[];
}

/** MH's reception answer inside a Factuconect body: at `data.mh`, `data`, `mh` or the root [assumed]. */
export function readMhAnswer(body: unknown): MhAnswer | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const root = body as IDataObject;
	const data = root.data as IDataObject | undefined;
	for (const candidate of [data?.mh, data, root.mh, root]) {
		if (candidate && typeof candidate === 'object' && !Array.isArray(candidate)) {
			const c = candidate as IDataObject;
			if (c.estado === 'PROCESADO' || c.estado === 'RECHAZADO') {
				const observaciones = Array.isArray(c.observaciones)
					? (c.observaciones as unknown[]).map(String)
					: typeof c.observaciones === 'string' && c.observaciones !== ''
						? [c.observaciones]
						: [];
				return { ...c, estado: c.estado, observaciones } as MhAnswer;
			}
		}
	}
	return undefined;
}

/** A failed call whose body is MH's verdict (a rejection comes with HTTP 400): an answer, not an error. */
export const isMhAnswer = (failure: HttpFailure) => failure.kind === 'http' && readMhAnswer(failure.body) !== undefined;

/** "[field] MESSAGE" observations → field paths, so they read like other field errors. */
export function observationFields(answer: MhAnswer, fields: Record<string, string[]> = {}): Record<string, string[]> {
	for (const text of answer.observaciones) {
		const match = /^\[([^\]]+)\]\s*(.*)$/.exec(text);
		if (match) addFieldError(fields, match[1], match[2] || text);
		else addFieldError(fields, GENERAL, text);
	}
	return fields;
}

/* ------------------------------------------------------------------------------------------------ */
/* Errors                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

const LOGIN_FAILED = /Factuconect login failed[^|]*/;

function providerMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
	if (!body || typeof body !== 'object') return undefined;
	const b = body as IDataObject;
	for (const key of ['msg', 'message', 'error', 'mensaje']) {
		if (typeof b[key] === 'string' && (b[key] as string).trim() !== '') return (b[key] as string).trim();
	}
	return undefined;
}

/**
 * How a failure is worded: a `read`; a `change` (send, void), whose ambiguous failure says the outcome
 * is unknown; or the `cause` of a create the issue protocol resolves (it says the rest itself).
 */
export type FailureMode = 'read' | 'change' | 'cause';

/** The final failure of a call, in Factuconect's (or MH's) words. `what` completes "could not …". */
export function parseError(failure: HttpFailure, what = 'answer the request', mode: FailureMode = 'read'): ProviderErrorInfo {
	const login = LOGIN_FAILED.exec(failure.message);
	if (login) return { provider: PROVIDER, message: login[0].trim(), hint: 'Check the Factuconect credential.' };
	const ambiguous = mode !== 'read' && isAmbiguousFailure(failure);
	const unknown = mode === 'cause' ? '' : `, so it is unknown whether it could ${what}`;
	if (failure.kind === 'network') {
		const code = failure.code ?? 'network error';
		let message = `Factuconect closed the connection before answering (${code})${unknown}`;
		if (/TIMEDOUT|ECONNABORTED/.test(code)) message = `Factuconect did not answer in time${unknown}`;
		else if (!isAmbiguousFailure(failure)) message = `Could not reach Factuconect to ${what} (${code})`;
		return { provider: PROVIDER, message, code: failure.code };
	}
	const mh = readMhAnswer(failure.body);
	if (mh) {
		return {
			provider: PROVIDER,
			message: `MH rejected it (${mh.codigoMsg ?? 'no code'}): ${mh.descripcionMsg ?? mh.estado}`,
			fields: observationFields(mh),
			httpCode: failure.status,
			code: mh.codigoMsg,
		};
	}
	const body = failure.body as IDataObject | undefined;
	const words = providerMessage(body);
	const fields = flattenErrors(body && typeof body === 'object' ? (body.errors ?? body.errores) : undefined);
	const status = failure.status ?? 0;
	let message = `Factuconect could not ${what} (HTTP ${status})${words ? `: ${words}` : ''}`;
	let hint: string | undefined;
	if (ambiguous) {
		message = `Factuconect answered HTTP ${status}${words ? ` (${words})` : ''}${unknown}`;
	} else if (status === 401) {
		message = `Factuconect did not accept the token even after logging in again (HTTP 401)${words ? `: ${words}` : ''}`;
		hint = 'Check the user, password and Base URL of the Factuconect credential.';
	} else if (status === 403) {
		hint = 'Check UID, Branch ID (idSucursal) and the DTE types enabled for this account (Lookup → Get Enabled DTE Types).';
	} else if (status === 404 && !words) {
		hint = 'Check the Base URL of the Factuconect credential.';
	}
	return { provider: PROVIDER, message, fields, hint, httpCode: status || undefined };
}

/* ------------------------------------------------------------------------------------------------ */
/* Requests                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

export interface CallSpec {
	itemIndex?: number;
	/** Completes "Factuconect could not …" in messages, e.g. "list clients". */
	what: string;
	/** Failures that are answers to read as data (e.g. MH's rejection with HTTP 400). */
	acceptAsAnswer?: (failure: HttpFailure) => boolean;
	/** Custom wording of the final failure. */
	parseError?: (failure: HttpFailure) => ProviderErrorInfo;
	/** A public page (the printable view): sent without the token. */
	anonymous?: boolean;
}

const isLoginFailure = (failure: HttpFailure) => LOGIN_FAILED.test(failure.message);

/**
 * One request through the shared helper (deadline, no cross-origin redirects, secrets masked); throws
 * the provider-worded error, whose full failure `failureOf(error)` gives. A failure `acceptAsAnswer`
 * recognises comes back as a response (status kept): the shared helper treats every 4xx as a failure,
 * while MH answers a rejection with HTTP 400 and a body the user needs. Creates pass no `recover`: the
 * issue protocol looks the document up itself.
 */
export async function request<T = unknown>(ctx: HttpContext, spec: RequestSpec, call: CallSpec): Promise<ApiResponse<T>> {
	let refused: unknown;
	try {
		return await apiRequest<T>(ctx, spec, {
			provider: PROVIDER,
			credentialType: CREDENTIAL,
			itemIndex: call.itemIndex,
			retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 4000 },
			// A wrong password does not get better by asking again.
			isFinal: isLoginFailure,
			anonymous: call.anonymous,
			parseError: call.parseError ?? ((failure) => parseError(failure, call.what, spec.method === 'GET' ? 'read' : 'change')),
		});
	} catch (error) {
		refused = error;
	}
	// apiRequest's error as it is (a NodeApiError whose full failure `failureOf` keeps), unless it is an answer.
	const failure = failureOf(refused);
	if (!failure || !call.acceptAsAnswer?.(failure)) throw refused;
	return {
		statusCode: failure.status ?? 0,
		headers: failure.headers,
		body: failure.body as T,
		bodyKind: failure.bodyKind ?? (typeof failure.body === 'string' ? 'text' : 'json'),
		attempts: 1,
	};
}

/** The `data` of a Factuconect answer (`{msg, data}`), or the body itself. */
export function dataOf(body: unknown): unknown {
	if (body && typeof body === 'object' && !Array.isArray(body) && 'data' in (body as IDataObject)) {
		return (body as IDataObject).data;
	}
	return body;
}

/** A stop for a server that ignores the page number and answers page 0 forever. */
const MAX_PAGES = 10_000;

/** One 0-based page of the account's clients (GET /receptor/showAll), and whether another follows. */
export async function listPage(
	ctx: HttpContext,
	settings: AccountSettings,
	page: number,
	itemIndex?: number,
): Promise<{ clients: IDataObject[]; more: boolean }> {
	const response = await request<{ data?: IDataObject[]; pagination?: Pagination }>(
		ctx,
		{ method: 'GET', url: settings.baseUrl + PATHS.clientList, qs: { [LIST_QUERY.page]: page, [LIST_QUERY.pageSize]: PAGE_SIZE } },
		{ itemIndex, what: `list clients (page ${page})` },
	);
	const clients = Array.isArray(response.body?.data) ? response.body.data : [];
	const pages = response.body?.pagination?.totalPages;
	const more = clients.length > 0 && (typeof pages === 'number' ? page + 1 < pages : clients.length >= PAGE_SIZE);
	return { clients, more };
}

/** The account's clients, following the 0-based pages, up to `limit` (all when undefined). */
export async function listAll(ctx: HttpContext, options: { limit?: number; itemIndex?: number } = {}): Promise<IDataObject[]> {
	const settings = await accountSettings(ctx);
	const limit = options.limit ?? Infinity;
	const clients: IDataObject[] = [];
	for (let page = 0; page < MAX_PAGES && clients.length < limit; page++) {
		const next = await listPage(ctx, settings, page, options.itemIndex);
		clients.push(...next.clients);
		if (!next.more) break;
	}
	return clients.slice(0, limit);
}

/** The account's clients whose NIT or NRC contains `query` (GET /receptor/searchByNitNrc). */
export async function searchClients(ctx: HttpContext, settings: AccountSettings, query: string, itemIndex?: number): Promise<IDataObject[]> {
	const response = await request(ctx, { method: 'GET', url: settings.baseUrl + PATHS.clientSearch, qs: { [SEARCH_QUERY]: query } }, { itemIndex, what: 'search clients' });
	const data = dataOf(response.body);
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

const CATALOG_WORDS: Record<CatalogKind, string> = {
	countries: 'list countries',
	departments: 'list departments',
	municipalities: 'list municipalities',
	documentTypes: 'list document types',
	economicActivities: 'list economic activities',
};

/** One catalog (dropdowns, the Lookup operations, the Shopify buyer's document type). */
export async function fetchCatalog(ctx: HttpContext, kind: CatalogKind, departmentId?: string | number): Promise<CatalogEntry[]> {
	const settings = await accountSettings(ctx);
	const response = await request(
		ctx,
		{ method: 'GET', url: settings.baseUrl + PATHS.catalogs[kind], qs: kind === 'municipalities' ? { [DEPARTMENT_QUERY]: departmentId } : undefined },
		{ what: CATALOG_WORDS[kind] },
	);
	return readCatalog(response.body);
}
