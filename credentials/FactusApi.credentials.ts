import { createHash } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { maskSecrets } from '../nodes/shared/secrets';
import { loginKey, singleFlight } from '../nodes/shared/singleFlight';

/**
 * Factus (Colombia, DIAN): OAuth2 *password* grant, which n8n's OAuth2 credential does not offer, done
 * in `preAuthentication`. n8n runs it when the expirable `accessToken` is empty or after a 401, and
 * saves everything it returns: the access token and the refresh token (plus a fingerprint of the
 * settings they belong to). A renewal tries the refresh grant first and falls back to the password.
 *
 * A stored token is only ever used with the secrets that obtained it (`authenticate` sends none when the
 * fingerprint differs), so "Test connection" after editing the password or the client secret logs in with
 * what was typed, whether or not n8n forces `preAuthentication` for a test. Logins are single-flight: many
 * requests in flight meeting an expired token renew it once.
 */

export const FACTUS_ENVIRONMENTS: Record<string, string> = {
	sandbox: 'https://api-sandbox.factus.com.co',
	production: 'https://api.factus.com.co',
};

/** The API base URL the credential points at, without a trailing slash. */
export function factusBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = String(credentials.environment ?? 'sandbox');
	const url = environment === 'custom' ? String(credentials.baseUrl ?? '') : (FACTUS_ENVIRONMENTS[environment] ?? FACTUS_ENVIRONMENTS.sandbox);
	return url.trim().replace(/\/+$/, '');
}

/** Ties a stored refresh token to the settings that obtained it: changing any of them forces a password login. */
function fingerprint(credentials: ICredentialDataDecryptedObject): string {
	return createHash('sha256')
		.update(
			[factusBaseUrl(credentials), credentials.clientId, credentials.clientSecret, credentials.username, credentials.password]
				.map((v) => String(v ?? ''))
				.join('\u0000'),
		)
		.digest('hex');
}

/** Plain words for network codes (n8n would replace a message containing the raw code with its own text). */
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	ECONNRESET: 'connection cut',
};

interface TokenAnswer {
	access_token?: unknown;
	refresh_token?: unknown;
	error?: unknown;
	error_description?: unknown;
	message?: unknown;
}

/**
 * What the token endpoint said, in brackets, with every secret of the credential masked: a server (or a
 * proxy in front of it) may echo the password or the client secret it was sent, and this text is shown in
 * "Test connection", in node errors and in execution logs.
 */
function providerWords(body: TokenAnswer, credentials: ICredentialDataDecryptedObject): string {
	const parts = [body.error, body.error_description ?? body.message].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
	const secrets = [credentials.password, credentials.clientSecret, credentials.refreshToken, credentials.accessToken, credentials.tokenOwner];
	return parts.length ? ` (${maskSecrets(parts.join(': '), secrets)})` : '';
}

type Grant = { grant_type: 'password'; username: string; password: string } | { grant_type: 'refresh_token'; refresh_token: string };

async function requestToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	grant: Grant,
): Promise<{ statusCode: number; body: TokenAnswer }> {
	const base = factusBaseUrl(credentials);
	if (!/^https?:\/\//i.test(base)) {
		throw new Error('Factus login failed: the credential has no valid API URL (choose Sandbox or Production, or enter a Custom URL)');
	}
	const form = new URLSearchParams({
		...grant,
		client_id: String(credentials.clientId ?? ''),
		client_secret: String(credentials.clientSecret ?? ''),
	});
	try {
		const response = (await helper.helpers.httpRequest({
			method: 'POST',
			url: `${base}/oauth/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: form.toString(),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: true,
			timeout: 30_000,
		})) as { statusCode: number; body: unknown };
		let body = response.body;
		if (typeof body === 'string') {
			try {
				body = JSON.parse(body);
			} catch {
				body = {};
			}
		}
		return { statusCode: response.statusCode, body: (body ?? {}) as TokenAnswer };
	} catch (error) {
		// The HTTP client's error carries the request (and the form with the password): keep only its code.
		const code = String((error as { code?: unknown }).code ?? '');
		throw new Error(`Factus login failed: could not reach ${base} (${NETWORK_WORDS[code] ?? 'no answer'})`);
	}
}

type LoginOutput = { accessToken: string; refreshToken: string; tokenOwner: string };

/** How long a renewal answers callers that still hold the token it replaced (requests in flight during it). */
const RENEWAL_REUSE_MS = 10_000;

/** The last renewal per settings fingerprint: the token it replaced and what it returned. */
const renewals = new Map<string, { replaced: string; output: LoginOutput; at: number }>();

/** Logins Factus refused per settings fingerprint: the same secrets are not tried again at once. */
const refusals = new Map<string, { message: string; at: number }>();

function forgetOld(): void {
	const now = Date.now();
	for (const [owner, renewal] of renewals) if (now - renewal.at >= RENEWAL_REUSE_MS) renewals.delete(owner);
	for (const [owner, refusal] of refusals) if (now - refusal.at >= RENEWAL_REUSE_MS) refusals.delete(owner);
}

/** Factus refused these very secrets (not a network failure): retrying them cannot help and may lock the account. */
class LoginRefused extends Error {}

/** One login: the refresh grant when a refresh token of these very settings is stored, else the password. */
async function logIn(helper: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, owner: string): Promise<LoginOutput> {
	const stored = typeof credentials.refreshToken === 'string' ? credentials.refreshToken : '';
	if (stored !== '' && credentials.tokenOwner === owner) {
		const refreshed = await requestToken(helper, credentials, { grant_type: 'refresh_token', refresh_token: stored });
		if (refreshed.statusCode < 300 && typeof refreshed.body.access_token === 'string' && refreshed.body.access_token !== '') {
			return {
				accessToken: refreshed.body.access_token,
				refreshToken: typeof refreshed.body.refresh_token === 'string' ? refreshed.body.refresh_token : stored,
				tokenOwner: owner,
			};
		}
		// A refused refresh (expired, revoked, rotated by a parallel run) falls back to the password.
	}
	const login = await requestToken(helper, credentials, {
		grant_type: 'password',
		username: String(credentials.username ?? ''),
		password: String(credentials.password ?? ''),
	});
	const body = login.body;
	if (body.error === 'invalid_client') {
		throw new LoginRefused(
			`Factus login failed: Factus refused the Client ID or Client Secret${providerWords(body, credentials)}. Check both in the API credentials Factus gave your company, and that they belong to the chosen environment (sandbox and production differ).`,
		);
	}
	if (body.error === 'invalid_grant') {
		throw new LoginRefused(`Factus login failed: Factus refused the username (e-mail) or password${providerWords(body, credentials)}`);
	}
	if (login.statusCode >= 300 || typeof body.access_token !== 'string' || body.access_token === '') {
		throw new Error(
			login.statusCode >= 300
				? `Factus login failed: the token endpoint answered HTTP ${login.statusCode}${providerWords(body, credentials)}`
				: 'Factus login failed: the answer has no access token (is the API URL right?)',
		);
	}
	return {
		accessToken: body.access_token,
		refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : '',
		tokenOwner: owner,
	};
}

export class FactusApi implements ICredentialType {
	name = 'factusApi';

	displayName = 'Factus API';

	documentationUrl = 'https://github.com/latam-einvoicing/n8n-nodes-latam-einvoicing/blob/main/docs/factus.md#credential';

	icon = { light: 'file:../nodes/Factus/factus.svg', dark: 'file:../nodes/Factus/factus.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Sandbox (Pruebas)', value: 'sandbox', description: 'https://api-sandbox.factus.com.co — documents have no fiscal effect' },
				{ name: 'Production', value: 'production', description: 'https://api.factus.com.co — real fiscal documents sent to DIAN' },
				{ name: 'Custom URL', value: 'custom', description: 'Another address, e.g. a proxy or a local simulator' },
			],
			default: 'sandbox',
		},
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api-sandbox.factus.com.co',
			required: true,
			description: 'The address the API paths start from, without /v1 at the end (the node adds /v1/…)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From the API credentials Factus gives your company (developer panel). Sandbox and production have different ones.',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Comes with the Client ID, from the same environment',
		},
		{
			displayName: 'Username (Email)',
			name: 'username',
			type: 'string',
			default: '',
			placeholder: 'name@email.com',
			required: true,
			description: 'The e-mail of your Factus user',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The password you log in to Factus with, in the chosen environment',
		},
		{
			displayName: 'Show Advanced Settings',
			name: 'advanced',
			type: 'boolean',
			default: false,
			description: 'Whether to show the rate-limit settings. Factus allows 80 requests per minute per user; change them only if Factus told you your plan differs.',
		},
		{
			displayName: 'Rate Limit (Requests per Window)',
			name: 'rateLimit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 80,
			description: 'How many requests Factus accepts per window. The node sends a little less, so a bulk run never hits the limit.',
			displayOptions: { show: { advanced: [true] } },
		},
		{
			displayName: 'Rate Limit Window (Seconds)',
			name: 'rateLimitWindowSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'The period Factus counts requests over (60 seconds for its 80 requests per minute)',
			displayOptions: { show: { advanced: [true] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Token Owner',
			name: 'tokenOwner',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/**
	 * Gets an access token. Errors are plain `Error`s whose message n8n shows as it is (in "Test
	 * connection" too); they say which half of the credential Factus refused and never contain a secret.
	 * Concurrent calls for the same settings share one login; a call that still holds the token a renewal
	 * just replaced (a request that was in flight while it ran) gets that renewal instead of another login,
	 * and secrets Factus just refused are not sent again for a few seconds (a batch must not lock the account).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const owner = fingerprint(credentials);
		const stale = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		const recent = renewals.get(owner);
		if (recent && stale !== '' && recent.replaced === stale && Date.now() - recent.at < RENEWAL_REUSE_MS) return { ...recent.output };
		const refused = refusals.get(owner);
		if (refused && Date.now() - refused.at < RENEWAL_REUSE_MS) throw new Error(refused.message);
		return await singleFlight(loginKey('factus', owner), async () => {
			forgetOld();
			try {
				const output = await logIn(this, credentials, owner);
				renewals.set(owner, { replaced: stale, output, at: Date.now() });
				return { ...output };
			} catch (error) {
				if (error instanceof LoginRefused) refusals.set(owner, { message: error.message, at: Date.now() });
				throw error;
			}
		});
	}

	/**
	 * The stored token, only when it was obtained with the settings as they are now: after an edit of the
	 * password, client secret, user or URL the request goes without one, Factus answers 401, and n8n logs
	 * in again with what was typed (a wrong secret then fails instead of riding on the old token).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		if (token === '' || credentials.tokenOwner !== fingerprint(credentials)) return requestOptions;
		return { ...requestOptions, headers: { ...((requestOptions.headers ?? {}) as IDataObject), Authorization: `Bearer ${token}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : $credentials.environment === "production" ? "https://api.factus.com.co" : "https://api-sandbox.factus.com.co"}}',
			url: '/v1/company',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
	};
}
