/**
 * The Factuconect credential's login, called the way n8n calls it: several requests that meet the same
 * expired token share one login — at the same moment (single flight) or a moment later (the renewal of that
 * token is reused) — while other secrets, another stale token or a first login always log in.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { FactuconectApi } from '../../credentials/FactuconectApi.credentials';
import { sleepMs } from '../simulators/framework/server';

function fakeLogin() {
	const calls: Array<Record<string, unknown>> = [];
	const helper = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.push(options.body as Record<string, unknown>);
				await sleepMs(10);
				const body = options.body as { password?: string };
				if (body.password !== 'right') return { statusCode: 401, body: { msg: 'Usuario o contraseña incorrectos' } };
				return { statusCode: 200, body: { token: `token-${calls.length}`, uid: '53', idSucursal: '12' } };
			},
		},
	} as unknown as IHttpRequestHelper;
	return { calls, helper };
}

const credential = new FactuconectApi();
const base = (extra: Record<string, unknown> = {}): ICredentialDataDecryptedObject =>
	({ baseUrl: `https://unit-${Math.random()}.example`, authMode: 'login', user: 'demo', password: 'right', ...extra }) as ICredentialDataDecryptedObject;

describe('FactuconectApi preAuthentication', () => {
	it('eight requests meeting the same expired token at once: one login, one token for all', async () => {
		const { calls, helper } = fakeLogin();
		const data = base({ token: 'expired-1' });
		const results = await Promise.all(Array.from({ length: 8 }, async () => await credential.preAuthentication.call(helper, { ...data })));
		expect(calls).toHaveLength(1);
		expect(new Set(results.map((r) => r.token))).toEqual(new Set(['token-1']));
	});

	it('a request still holding the renewed token a moment later gets the renewal, not a new login', async () => {
		const { calls, helper } = fakeLogin();
		const data = base({ token: 'expired-2' });
		const first = await credential.preAuthentication.call(helper, { ...data });
		const late = await credential.preAuthentication.call(helper, { ...data });
		expect(calls).toHaveLength(1);
		expect(late).toEqual(first);
		// When the renewed token expires in turn, that is a new renewal.
		await credential.preAuthentication.call(helper, { ...data, token: String(first.token) });
		expect(calls).toHaveLength(2);
	});

	it('a first login (no token) and other secrets always ask Factuconect', async () => {
		const { calls, helper } = fakeLogin();
		const data = base({ token: '' });
		await credential.preAuthentication.call(helper, { ...data });
		await credential.preAuthentication.call(helper, { ...data });
		expect(calls).toHaveLength(2);
		// A wrong password with the same stale token is checked, and fails in the login's words.
		const stale = base({ token: 'expired-3' });
		await credential.preAuthentication.call(helper, { ...stale });
		await expect(credential.preAuthentication.call(helper, { ...stale, password: 'wrong' })).rejects.toThrow(
			'Factuconect login failed: wrong user or password (HTTP 401): Usuario o contraseña incorrectos',
		);
		expect(calls.map((c) => c.password)).toEqual(['right', 'right', 'right', 'wrong']);
	});
});
