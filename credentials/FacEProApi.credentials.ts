import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** What Test shows when FacEPro refuses the token (`{ok:false}`: revoked, mistyped, another instance's). */
export const FACEPRO_REFUSED_TOKEN =
	"FacEPro refused the API token: check the token in FacEPro's portal → Tokens API (generate a new one if it was revoked or lost)";

/** What Test shows when the Base URL answers, but not as FacEPro's GET /me (no company in the answer). */
export const FACEPRO_NOT_AT_BASE_URL =
	"No FacEPro account answered at this Base URL (GET /me returned no company): it should be FacEPro's API address, ending in /api/v1";

/** FacEPro Cloud: a static per-company Bearer token (Laravel Sanctum) generated in FacEPro's portal. */
export class FacEProApi implements ICredentialType {
	name = 'facEProApi';

	displayName = 'FacEPro Cloud API';

	icon: Icon = { light: 'file:../nodes/FacEPro/facepro.svg', dark: 'file:../nodes/FacEPro/facepro.dark.svg' };

	documentationUrl = 'https://github.com/latam-einvoicing/n8n-nodes-latam-einvoicing/blob/main/docs/facepro.md#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. 7|aBcDeF…',
			description:
				"In FacEPro's portal go to Tokens API and click Generate Token. It is shown only once; if you lose it, generate a new one.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://facepro.cdpconsultores.com/api/v1',
			required: true,
			placeholder: 'e.g. https://facepro.cdpconsultores.com/api/v1',
			description:
				"FacEPro's API address, ending in /api/v1. Keep the default for FacEPro Cloud; change it only for a self-hosted or test FacEPro instance.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	/**
	 * GET /me with the token as typed. n8n 1.123 applies a test's `responseCode` rules only when its error
	 * keeps the HTTP response as `cause`, which the request helper's error does not: a refused token showed
	 * n8n's generic "Authorization failed". So the test never fails on an HTTP status
	 * (`ignoreHttpStatusErrors`) and judges the answer's body with `responseSuccessBody` rules, which
	 * n8n 1.x and 2.x both apply in order: FacEPro answers every refusal with `{ok: false, error}`, and only
	 * FacEPro's /me names the company (`tenant`). A network failure still fails with n8n's own words.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/me',
			method: 'GET',
			headers: { Accept: 'application/json' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'ok',
					value: false,
					message: FACEPRO_REFUSED_TOKEN,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'tenant',
					value: undefined,
					message: FACEPRO_NOT_AT_BASE_URL,
				},
			},
		],
	};
}
