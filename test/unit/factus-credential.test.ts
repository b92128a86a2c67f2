/**
 * The factusApi credential's `authenticate`: the stored token goes out only with the settings that
 * obtained it, so an edited password or client secret is checked by Factus instead of riding on it.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { FactusApi } from '../../credentials/FactusApi.credentials';

const settings: ICredentialDataDecryptedObject = {
	environment: 'custom',
	baseUrl: 'http://127.0.0.1:1',
	clientId: 'client',
	clientSecret: 'secret',
	username: 'user@example.com',
	password: 'right',
};

describe('factusApi authenticate', () => {
	const credential = new FactusApi();
	const authenticate = credential.authenticate as (c: ICredentialDataDecryptedObject, r: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
	const request: IHttpRequestOptions = { url: 'http://127.0.0.1:1/v1/company', headers: { Accept: 'application/json' } };

	/** The token owner a login with these settings stores (a login answered by a stub token endpoint). */
	async function ownerOf(values: ICredentialDataDecryptedObject): Promise<string> {
		const helper = {
			helpers: {
				httpRequest: async () => ({ statusCode: 200, body: { access_token: 'new-token', refresh_token: 'r' } }),
			},
		};
		const output = (await credential.preAuthentication.call(helper as never, { ...values, accessToken: '' })) as { tokenOwner: string };
		return output.tokenOwner;
	}

	it('sends the stored token with the settings that obtained it', async () => {
		const tokenOwner = await ownerOf(settings);
		const out = await authenticate({ ...settings, accessToken: 'stored', tokenOwner }, request);
		expect(out.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer stored' });
	});

	it.each([
		['password', { password: 'typed-wrong' }],
		['client secret', { clientSecret: 'typed-wrong' }],
		['username', { username: 'other@example.com' }],
		['API URL', { baseUrl: 'http://127.0.0.1:2' }],
	])('sends no token once the %s was edited (Factus answers 401, n8n logs in with what was typed)', async (_, edit) => {
		const tokenOwner = await ownerOf(settings);
		const out = await authenticate({ ...settings, ...edit, accessToken: 'stored', tokenOwner }, request);
		expect(out.headers).toEqual({ Accept: 'application/json' });
	});
});
