/**
 * How the Factuconect node talks to the API: every path in one table (documented or [assumed]),
 * the account settings every document call carries (uid, idSucursal, ambiente), the request
 * wrapper over the shared `apiRequest`, and `parseError`, which words failures in the provider's
 * (or MH's) terms.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ProviderErrorInfo, ValidationProblem } from '../shared/errors';
import { addFieldError, flattenErrors, GENERAL, localError } from '../shared/errors';
import { apiRequest, isAmbiguousFailure } from '../shared/http';
import type { ApiResponse, CallOptions, HttpContext, HttpFailure, RequestSpec } from '../shared/http';

import { checkAmbiente } from './rules';

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
export async function accountSettings(ctx: HttpContext, problems?: ValidationProblem[]): Promise<AccountSettings> {
	const c = await ctx.getCredentials(CREDENTIAL);
	const settings: AccountSettings = {
		baseUrl: trimSlash(c.baseUrl),
		viewBaseUrl: trimSlash(c.viewBaseUrl) || 'https://dte.factuconect.com',
		ambiente: String(c.ambiente ?? ''),
		uid: String(c.uid ?? '').trim() || String(c.sessionUid ?? '').trim(),
		idSucursal: String(c.idSucursal ?? '').trim() || String(c.sessionIdSucursal ?? '').trim(),
	};
	if (problems) checkAmbiente(settings.ambiente, 'credential.ambiente', problems);
	return settings;
}

/**
 * The account settings with uid and idSucursal known. When the credential leaves them to the login
 * and no login happened yet, one cheap authenticated read makes n8n log in (and store them).
 */
export async function documentAccount(ctx: IExecuteFunctions, itemIndex: number, settings: AccountSettings): Promise<AccountSettings> {
	if (settings.uid && settings.idSucursal) return settings;
	await call(ctx, { method: 'GET', url: settings.baseUrl + PATHS.enabledTypes }, { itemIndex, what: 'log in' });
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
 * The final failure of a call, in Factuconect's (or MH's) words. `what` completes "could not …".
 * For a call that changes something (`mutating`), an ambiguous failure says the outcome is unknown.
 */
export function parseError(failure: HttpFailure, what: string, mutating = false): ProviderErrorInfo {
	const login = LOGIN_FAILED.exec(failure.message);
	if (login) return { provider: PROVIDER, message: login[0].trim(), hint: 'Check the Factuconect credential.' };
	if (failure.kind === 'network') {
		const code = failure.code ?? 'network error';
		let message = `Factuconect closed the connection before answering (${code}), so it is unknown whether it could ${what}`;
		if (/TIMEDOUT|ECONNABORTED/.test(code)) message = `Factuconect did not answer in time, so it is unknown whether it could ${what}`;
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
	if (mutating && isAmbiguousFailure(failure)) {
		message = `Factuconect answered HTTP ${status}${words ? ` (${words})` : ''}, so it is unknown whether it could ${what}`;
	} else if (status === 401) {
		message = `Factuconect did not accept the token even after logging in again (HTTP 401)${words ? `: ${words}` : ''}`;
		hint = 'Check the user, password and Base URL of the Factuconect credential.';
	} else if (status === 403) {
		hint = "Check UID, Branch ID (idSucursal) and the DTE types enabled for this account (Lookup → Get Enabled DTE Types).";
	} else if (status === 404 && !words) {
		hint = 'Check the Base URL of the Factuconect credential.';
	}
	return { provider: PROVIDER, message, fields, hint, httpCode: status || undefined };
}

/* ------------------------------------------------------------------------------------------------ */
/* Calls                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

export interface CallSpec {
	itemIndex?: number;
	/** Completes "Factuconect could not …" in messages, e.g. "create the Factura". */
	what: string;
	/** Failures that are answers to read as data (e.g. MH's rejection with HTTP 400). */
	acceptAsAnswer?: (failure: HttpFailure) => boolean;
	recover?: CallOptions['recover'];
	/** Custom wording of the final failure. */
	parseError?: (failure: HttpFailure) => ProviderErrorInfo;
}

const isLoginFailure = (failure: HttpFailure) => LOGIN_FAILED.test(failure.message);

export type Attempt<T> =
	| { ok: true; response: ApiResponse<T> }
	/** `failure` is the final HTTP failure when there was one (not when `recover` itself failed). */
	| { ok: false; error: NodeApiError | NodeOperationError; failure?: HttpFailure };

/**
 * One request through the shared helper, reporting instead of throwing. A failure that
 * `acceptAsAnswer` recognises comes back as a response (status kept): the shared helper treats every
 * 4xx as a failure, while MH answers a rejection with HTTP 400 and a body the user needs.
 */
export async function attempt<T = unknown>(ctx: HttpContext, spec: RequestSpec, options: CallSpec): Promise<Attempt<T>> {
	let final: HttpFailure | undefined;
	const words = options.parseError ?? ((f: HttpFailure) => parseError(f, options.what, spec.method !== 'GET'));
	return await apiRequest<T>(ctx, spec, {
		provider: PROVIDER,
		credentialType: CREDENTIAL,
		itemIndex: options.itemIndex,
		retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 4000 },
		// A wrong password does not get better by asking again.
		isFinal: isLoginFailure,
		recover: options.recover,
		parseError: (failure) => {
			final = failure;
			return words(failure);
		},
	}).then(
		(response): Attempt<T> => ({ ok: true, response }),
		(error: unknown): Attempt<T> => {
			if (final && options.acceptAsAnswer?.(final)) {
				return { ok: true, response: { statusCode: final.status ?? 0, headers: final.headers, body: final.body as T, attempts: 1 } };
			}
			const nodeError =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: options.itemIndex });
			return { ok: false, error: nodeError, failure: final };
		},
	);
}

/** Like `attempt`, throwing the provider-worded error. */
export async function call<T = unknown>(ctx: HttpContext, spec: RequestSpec, options: CallSpec): Promise<ApiResponse<T>> {
	const result = await attempt<T>(ctx, spec, options);
	if (!result.ok) throw result.error;
	return result.response;
}

/** The `data` of a Factuconect answer (`{msg, data}`), or the body itself. */
export function dataOf(body: unknown): unknown {
	if (body && typeof body === 'object' && !Array.isArray(body) && 'data' in (body as IDataObject)) {
		return (body as IDataObject).data;
	}
	return body;
}
