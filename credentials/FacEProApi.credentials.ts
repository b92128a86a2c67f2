import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/me',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: "FacEPro rejected the API token: check the token in FacEPro's portal → Tokens API (generate a new one if it was revoked or lost)",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: "FacEPro's API was not found at this Base URL: it should end in /api/v1",
				},
			},
		],
	};
}
