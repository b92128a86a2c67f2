import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { loginKey, singleFlight } from '../nodes/shared/singleFlight';

/**
 * Factuconect (El Salvador). Logs in first (`preAuthentication`): user + password at /clients/login,
 * or the provider's test token by NIT, and keeps the token in an expirable field that n8n renews
 * after a 401. The login answer's uid and idSucursal are kept too (hidden fields), unless the user
 * fills them in.
 *
 * Assumed, not shown on the provider's page (see docs/factuconect.md): the login body
 * `{usuario, password}`, the test-token path and body `{nit}`, the answer `{token, uid, idSucursal}`,
 * and that the token travels as `Authorization: Bearer <token>` — all in this one file.
 */

/** [doc] path; body and answer fields [assumed]. */
const LOGIN_PATH = '/clients/login';
/** The page shows this call without its path [assumed]. */
const QUICK_TEST_PATH = '/clients/testToken';

interface LoginAnswer {
	token?: unknown;
	uid?: unknown;
	idSucursal?: unknown;
	data?: LoginAnswer;
	msg?: unknown;
	message?: unknown;
}

/**
 * Network failures in words: n8n replaces a message that contains a code such as ECONNREFUSED with
 * its own generic sentence, which would hide that the login is what failed.
 */
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	ECONNRESET: 'connection closed',
	EHOSTUNREACH: 'host unreachable',
};

function trimSlash(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/**
 * Factuconect's own words from an answer, with the password masked: a provider that repeats what it
 * was sent would otherwise show it in "Test connection" and in errors.
 */
function providerWords(body: unknown, password: string): string {
	if (body && typeof body === 'object') {
		const b = body as LoginAnswer;
		const text = b.msg ?? b.message;
		if (typeof text === 'string' && text.trim() !== '') {
			const words = text.trim();
			return `: ${password.length >= 4 ? words.split(password).join('***') : words}`;
		}
	}
	return '';
}

export class FactuconectApi implements ICredentialType {
	name = 'factuconectApi';

	displayName = 'Factuconect API';

	documentationUrl = 'https://factuconect.com/api';

	icon = { light: 'file:../nodes/Factuconect/factuconect.svg', dark: 'file:../nodes/Factuconect/factuconect.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://dte.factuconect.com',
			placeholder: 'e.g. https://dte.factuconect.com',
			required: true,
			description:
				"Address of Factuconect's API. The provider's API page does not state it; the default is the host of its public document views. Ask Factuconect for your API address if requests fail with 404.",
		},
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				{ name: 'User and Password', value: 'login', description: 'POST /clients/login with your Factuconect user' },
				{ name: 'Test Token by NIT', value: 'testToken', description: "The provider's quick test flow: a token for a NIT" },
			],
			default: 'login',
			description: 'How the node gets its Factuconect token',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Factuconect user (usuario)',
			displayOptions: { show: { authMode: ['login'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Factuconect password. It is only sent to the login call and never appears in outputs, errors or logs.',
			displayOptions: { show: { authMode: ['login'] } },
		},
		{
			displayName: 'Issuer NIT',
			name: 'nit',
			type: 'string',
			default: '',
			placeholder: 'e.g. 06140104991287',
			required: true,
			description: 'NIT of the test issuer, 14 digits (or 9)',
			displayOptions: { show: { authMode: ['testToken'] } },
		},
		{
			displayName: 'Ambiente',
			name: 'ambiente',
			type: 'options',
			options: [
				{ name: '00 — Test (Pruebas)', value: '00' },
				{ name: '01 — Production (Producción)', value: '01' },
			],
			default: '00',
			description: 'MH environment sent with every document call. Documents issued in 01 are real fiscal documents.',
		},
		{
			displayName: 'UID',
			name: 'uid',
			type: 'string',
			default: '',
			description: "Account UID from Factuconect's configuration. Leave empty to use the one the login returns.",
		},
		{
			displayName: 'Branch ID (idSucursal)',
			name: 'idSucursal',
			type: 'string',
			default: '',
			description: 'Leave empty to use the one the login returns',
		},
		{
			displayName: 'Document View URL',
			name: 'viewBaseUrl',
			type: 'string',
			default: 'https://dte.factuconect.com',
			description: 'Where the printable views live (viewDte and ticket links)',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'UID From Login',
			name: 'sessionUid',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Branch ID From Login',
			name: 'sessionIdSucursal',
			type: 'hidden',
			default: '',
		},
	];

	/**
	 * Runs when the token is empty or after a 401. Errors are plain `Error`s with a readable message
	 * (n8n's credential test shows `error.message`) and never contain the password.
	 *
	 * One login per renewal: requests in flight that meet the same expired token all call this; they
	 * share one login (`singleFlight`), and a caller whose stale token was renewed a moment ago gets that
	 * renewal instead of logging in again (which could invalidate the token the others just received).
	 * The key holds a hash of the secrets, so other secrets (a credential test) never reuse a login.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const key = loginKey(
			trimSlash(String(credentials.baseUrl ?? '')),
			credentials.authMode,
			credentials.user,
			credentials.password,
			credentials.nit,
		);
		const stale = String(credentials.token ?? '');
		const recent = renewals.get(key);
		// Only a renewal of the same stale token is reused: with no token yet (a first login, a credential test)
		// the secrets are always checked.
		if (stale !== '' && recent && recent.from === stale && Date.now() - recent.at < RENEWAL_REUSE_MS) return recent.to;
		const helpers = this.helpers;
		return await singleFlight(key, async () => {
			const to = await login(helpers, credentials);
			renewals.set(key, { from: stale, to, at: Date.now() });
			return to;
		});
	}

	/** How the token is sent is not documented: Bearer [assumed], kept here only. */
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	};

	/**
	 * "Test connection" logs in with the user and password (or NIT) as typed, never with a stored token:
	 * the request is the login itself. (n8n also runs preAuthentication first when the token field is
	 * empty or it knows it is testing; either way a wrong secret fails with the login's own words.)
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: `={{$credentials.authMode === "testToken" ? "${QUICK_TEST_PATH}" : "${LOGIN_PATH}"}}`,
			method: 'POST',
			body: '={{ $credentials.authMode === "testToken" ? ({ nit: String($credentials.nit || "").split("-").join("").trim() }) : ({ usuario: $credentials.user, password: $credentials.password }) }}',
			json: true,
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Factuconect login failed: wrong user or password (HTTP 401)' } },
			{ type: 'responseCode', properties: { value: 403, message: 'Factuconect login failed: wrong user or password (HTTP 403)' } },
			{ type: 'responseCode', properties: { value: 404, message: 'Factuconect login failed: not found (HTTP 404). Check the Base URL (and, for a test token, the NIT).' } },
		],
	};
}

/** A renewal answered within this time is handed to callers still holding the token it replaced. */
const RENEWAL_REUSE_MS = 30_000;
/** The last renewal per login key (bounded by the number of distinct credentials in the process). */
const renewals = new Map<string, { from: string; to: LoginResult; at: number }>();

type LoginResult = {
	token: string;
	sessionUid: string;
	sessionIdSucursal: string;
};

/** One login (or test token) with the credential's secrets; throws readable errors without the password. */
async function login(helpers: IHttpRequestHelper['helpers'], credentials: ICredentialDataDecryptedObject): Promise<LoginResult> {
	const base = trimSlash(String(credentials.baseUrl ?? ''));
	const testToken = credentials.authMode === 'testToken';
	const body = testToken
		? { nit: String(credentials.nit ?? '').replace(/-/g, '').trim() }
		: { usuario: String(credentials.user ?? ''), password: String(credentials.password ?? '') };
	const what = testToken ? `a test token for NIT ${body.nit as string}` : 'the login';
	const password = testToken ? '' : String(credentials.password ?? '');
	let response: { statusCode: number; body: unknown };
	try {
		response = (await helpers.httpRequest({
			method: 'POST',
			url: base + (testToken ? QUICK_TEST_PATH : LOGIN_PATH),
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30_000,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		// The HTTP client's error holds the request (and the password): keep only its code.
		const code = String((error as { code?: unknown }).code ?? '');
		throw new Error(`Factuconect login failed: could not reach ${base} (${NETWORK_WORDS[code] ?? 'network error'})`);
	}
	if (response.statusCode === 401 || response.statusCode === 403) {
		throw new Error(
			testToken
				? `Factuconect login failed: it refused ${what} (HTTP ${response.statusCode})${providerWords(response.body, password)}`
				: `Factuconect login failed: wrong user or password (HTTP ${response.statusCode})${providerWords(response.body, password)}`,
		);
	}
	if (response.statusCode >= 400) {
		throw new Error(`Factuconect login failed: ${what} answered HTTP ${response.statusCode}${providerWords(response.body, password)}`);
	}
	const answer = (response.body ?? {}) as LoginAnswer;
	const data = answer.data && typeof answer.data === 'object' ? { ...answer, ...answer.data } : answer;
	if (typeof data.token !== 'string' || data.token === '') {
		throw new Error(`Factuconect login failed: the answer from ${base} has no token (is the Base URL right?)${providerWords(answer, password)}`);
	}
	return {
		token: data.token,
		sessionUid: data.uid === undefined || data.uid === null ? '' : String(data.uid),
		sessionIdSucursal: data.idSucursal === undefined || data.idSucursal === null ? '' : String(data.idSucursal),
	};
}
