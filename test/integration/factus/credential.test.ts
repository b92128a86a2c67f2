/**
 * The factusApi credential: password grant through preAuthentication, renewal after a 401 (refresh grant
 * first, password as fallback), "Test connection" messages, and no secret in any output.
 * "Done means" 2: 50 items with a 2-second token → 0 failures, one password login, renewals only as
 * expiry required.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { fieldsBill, refs, useFactus } from './helpers';

describe('Factus credential (OAuth password grant via preAuthentication)', () => {
	const s = useFactus();

	beforeEach(() => {
		s.sim.tokenTtlSeconds = 600;
	});

	it('logs in once with a form-urlencoded password grant and stores access and refresh tokens for later executions', async () => {
		const first = await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ nit: '900825759', company: 'HALLTEC S.A.S.' });
		const login = s.sim.server.requests({ path: '/oauth/token' })[0];
		expect(String(login.headers['content-type'])).toContain('application/x-www-form-urlencoded');
		expect(login.body).toMatchObject({ grant_type: 'password', username: s.sim.user.email, client_id: s.sim.client.clientId });
		const stored = s.harness.storedCredential(s.credential).data;
		expect(stored.accessToken).toEqual(expect.any(String));
		expect(stored.refreshToken).toEqual(expect.any(String));

		await s.harness.execute(s.node({ resource: 'lookup', operation: 'subscription' }));
		expect(s.sim.counters.passwordLogins).toBe(1);
		expect(s.sim.server.count({ path: '/oauth/token' })).toBe(1);
	});

	it('50 items with a 2-second token: no item fails, one password login, and only the renewals expiry required', async () => {
		s.sim.tokenTtlSeconds = 2;
		// ~110 ms per request makes the run outlive the token a few times.
		s.sim.processingMs = 110;
		const started = Date.now();
		// One at a time (Parallel Requests 1), so the batch lasts several token lifetimes.
		const run = await s.harness.execute(s.node({ ...fieldsBill('={{ $json.ref }}'), options: { parallelRequests: 1 } }), refs('token', 50));
		const elapsedMs = Date.now() - started;
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(50);
		expect(run.items.every((item) => (item.json.summary as IDataObject).status === 'accepted')).toBe(true);

		const { passwordLogins, refreshes, expiredTokenRejections, failedLogins } = s.sim.counters;
		// eslint-disable-next-line no-console
		console.log(`50 items in ${elapsedMs} ms with a 2 s token: ${passwordLogins} password login(s), ${refreshes} refresh(es), ${expiredTokenRejections} 401s for an expired token`);
		expect(passwordLogins).toBe(1);
		expect(failedLogins).toBe(0);
		expect(refreshes).toBeGreaterThanOrEqual(1);
		// Every renewal answers an expiry: n8n renews after the second 401 of the request whose token expired.
		expect(expiredTokenRejections).toBe(2 * refreshes);
		expect(refreshes).toBeLessThanOrEqual(Math.ceil(elapsedMs / 2000) + 1);
		expect(s.sim.documents.bill).toHaveLength(50);
	});

	it('falls back to the password when the refresh token was revoked', async () => {
		await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		s.sim.tokens.revokeSubject(s.sim.user.email, 'refresh');
		s.sim.tokens.expireAll('access');
		const run = await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		expect(run.error).toBeUndefined();
		expect(s.sim.server.requests({ path: '/oauth/token' }).map((r) => (r.body as IDataObject).grant_type)).toEqual([
			'password',
			'refresh_token',
			'password',
		]);
		expect(s.sim.counters.passwordLogins).toBe(2);
	});

	it('does not use a refresh token obtained with other settings (changed password → password login)', async () => {
		await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		const stored = s.harness.storedCredential(s.credential);
		stored.data = { ...stored.data, password: 'changed-password', accessToken: '' };
		const run = await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		expect(run.error?.message).toBe('Factus login failed: Factus refused the username (e-mail) or password (invalid_grant: The user credentials were incorrect.)');
		expect(s.sim.counters.refreshes).toBe(0);
		// One attempt only: a refused login is not retried (accounts can get locked).
		expect(s.sim.counters.failedLogins).toBe(1);
	});

	it('"Test connection" succeeds, and tells a wrong client secret from a wrong password, without secrets', async () => {
		const good = s.sim.credentials().factusApi as ICredentialDataDecryptedObject;
		const wrongSecret = ['wrong', 'client', 'value', '123'].join('-');
		const wrongPassword = ['wrong', 'user', 'value', '456'].join('-');
		expect(await s.harness.testCredential('factusApi', good)).toEqual({ status: 'OK', message: 'Connection successful!' });

		const badClient = await s.harness.testCredential('factusApi', { ...good, clientSecret: wrongSecret });
		expect(badClient.status).toBe('Error');
		expect(badClient.message).toContain('refused the Client ID or Client Secret');
		expect(badClient.message).toContain('invalid_client');
		expect(badClient.message).not.toContain(wrongSecret);

		const badPassword = await s.harness.testCredential('factusApi', { ...good, password: wrongPassword });
		expect(badPassword.status).toBe('Error');
		expect(badPassword.message).toContain('refused the username (e-mail) or password');
		expect(badPassword.message).toContain('invalid_grant');
		expect(badPassword.message).not.toContain(wrongPassword);

		const unreachable = await s.harness.testCredential('factusApi', { ...good, baseUrl: 'http://127.0.0.1:9' });
		expect(unreachable).toEqual({ status: 'Error', message: 'Factus login failed: could not reach http://127.0.0.1:9 (connection refused)' });
	});

	it('"Test connection" of an edited credential logs in with what was typed, even with a valid token stored', async () => {
		await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		const stored = s.harness.storedCredential(s.credential).data;
		expect(stored.accessToken).toEqual(expect.any(String));
		const wrongPassword = ['edited', 'pass', '789'].join('-');
		const wrongSecret = ['edited', 'secret', '012'].join('-');

		const badPassword = await s.harness.testCredential('factusApi', { ...stored, password: wrongPassword });
		expect(badPassword).toEqual({ status: 'Error', message: expect.stringContaining('refused the username (e-mail) or password') });
		const badSecret = await s.harness.testCredential('factusApi', { ...stored, clientSecret: wrongSecret });
		expect(badSecret).toEqual({ status: 'Error', message: expect.stringContaining('refused the Client ID or Client Secret') });
		expect(JSON.stringify([badPassword, badSecret])).not.toMatch(/edited-(pass|secret)/);
		expect(await s.harness.testCredential('factusApi', stored)).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('a stored token is used only with the secrets that obtained it: an edited password is checked by Factus, not ridden on the old token', async () => {
		await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		const stored = s.harness.storedCredential(s.credential);
		const validToken = stored.data.accessToken;
		// The editor keeps the hidden token when only the password is changed.
		// (A password of its own: secrets just refused in another test are not sent again for a few seconds.)
		stored.data = { ...stored.data, password: 'edited-in-the-editor' };
		const before = s.sim.server.count({ path: '/v1/company' });
		const run = await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		expect(run.error?.message).toBe('Factus login failed: Factus refused the username (e-mail) or password (invalid_grant: The user credentials were incorrect.)');
		// The company request went without the old token (Factus answered 401), then the typed password was refused.
		const company = s.sim.server.requests({ path: '/v1/company' }).slice(before);
		expect(company.length).toBeGreaterThan(0);
		expect(company.map((r) => r.headers.authorization)).not.toContain(`Bearer ${String(validToken)}`);
		expect(s.sim.counters.failedLogins).toBe(1);
		expect(s.sim.counters.refreshes).toBe(0);
	});

	it('several requests in flight meeting an expired token renew it once (single flight)', async () => {
		const warm = await s.harness.execute(s.node(fieldsBill('warm-1')));
		expect(warm.error).toBeUndefined();
		const loginsBefore = s.sim.server.count({ path: '/oauth/token' });
		s.sim.tokens.expireAll('access');
		// 300 ms per request keeps the eight creates in flight together when their 401s come back.
		s.sim.processingMs = 300;
		const run = await s.harness.execute(s.node(fieldsBill('={{ $json.ref }}', { options: { parallelRequests: 8 } })), refs('expired', 8));
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => (item.json.summary as IDataObject).status)).toEqual(Array(8).fill('accepted'));
		expect(s.sim.counters.expiredTokenRejections).toBeGreaterThanOrEqual(2);
		// One renewal (the refresh grant) for all of them; no password login, no failed login.
		expect(s.sim.server.count({ path: '/oauth/token' }) - loginsBefore).toBe(1);
		expect(s.sim.counters.refreshes).toBe(1);
		expect(s.sim.counters.passwordLogins).toBe(1);
		expect(s.sim.counters.failedLogins).toBe(0);
		expect(Object.values(s.sim.created.bill).every((n) => n === 1)).toBe(true);
	});

	it('a refused login in flight is tried once for all the requests waiting on it (no burst of failed logins)', async () => {
		await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		const stored = s.harness.storedCredential(s.credential);
		stored.data = { ...stored.data, password: 'mistyped-password' };
		s.sim.processingMs = 300;
		const run = await s.harness.execute(s.node(fieldsBill('={{ $json.ref }}', { options: { parallelRequests: 6 } }), true), refs('locked', 6));
		expect(run.items).toHaveLength(6);
		for (const item of run.items) expect((item.json.error as IDataObject | undefined)?.message).toContain('Factus login failed');
		// One refused login answers every request of the batch: an account is not locked by a burst of attempts.
		expect(s.sim.counters.failedLogins).toBe(1);
		expect(s.sim.documents.bill).toHaveLength(0);
	});

	it('never puts a token, password or client secret in output or errors', async () => {
		const ok = await s.harness.execute(s.node(fieldsBill('secret-check-1')));
		const stored = s.harness.storedCredential(s.credential).data;
		const failed = await s.harness.execute(s.node(fieldsBill('secret-check-2', { idNumber: 'ABC' }), true));
		s.sim.server.inject({ kind: 'status', status: 401, body: { message: 'Unauthenticated.' } }, { path: '/v1/company' }, 3);
		const unauthorized = await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		expect(unauthorized.error?.message).toContain('the access token was refused even after logging in again');
		for (const run of [ok, failed, unauthorized]) {
			for (const secret of [stored.accessToken, stored.refreshToken, s.sim.user.password, s.sim.client.clientSecret]) {
				expect(run.serialized).not.toContain(String(secret));
			}
		}
	});
});
