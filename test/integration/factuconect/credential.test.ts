/**
 * The factuconectApi credential: login (or test token by NIT) through preAuthentication, the token
 * kept and renewed like n8n does, uid/idSucursal from the login unless overridden, the "Test
 * connection" wording, and the password never showing up anywhere.
 */
import type { IDataObject } from 'n8n-workflow';

import { facturaParameters, json, spec, startSetup } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => setup.sim.server.clearFaults().clearLog());

const base = () => setup.sim.credentials().factuconectApi as IDataObject;

describe('Test connection', () => {
	it('succeeds with the right user and password', async () => {
		expect(await setup.harness.testCredential('factuconectApi', base() as never)).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('says the user or password is wrong, in words, without the password', async () => {
		const result = await setup.harness.testCredential('factuconectApi', { ...base(), password: 'Wrong-Secret-77' } as never);
		expect(result).toEqual({
			status: 'Error',
			message: 'Factuconect login failed: wrong user or password (HTTP 401): Usuario o contraseña incorrectos',
		});
	});

	it('works with the test token by NIT, and says so when the NIT is unknown', async () => {
		const nitOnly = { baseUrl: setup.sim.url, authMode: 'testToken', nit: '0614-010499-128-7', ambiente: '00' };
		expect(await setup.harness.testCredential('factuconectApi', nitOnly as never)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const unknown = await setup.harness.testCredential('factuconectApi', { ...nitOnly, nit: '06149999999999' } as never);
		expect(unknown.status).toBe('Error');
		expect(unknown.message).toBe(
			'Factuconect login failed: a test token for NIT 06149999999999 answered HTTP 404: No hay un cliente de prueba con el NIT 06149999999999',
		);
	});

	it("a login answer without a token keeps Factuconect's words", async () => {
		setup.sim.server.inject({ kind: 'status', status: 200, body: { msg: 'Usuario bloqueado' } }, { method: 'POST', path: '/clients/login' });
		const result = await setup.harness.testCredential('factuconectApi', base() as never);
		expect(result).toEqual({
			status: 'Error',
			message: `Factuconect login failed: the answer from ${setup.sim.url} has no token (is the Base URL right?): Usuario bloqueado`,
		});
	});

	it('a login error that repeats the password shows it masked', async () => {
		setup.sim.server.inject({ kind: 'echoSecret', status: 400, fields: ['password'] }, { method: 'POST', path: '/clients/login' });
		const result = await setup.harness.testCredential('factuconectApi', base() as never);
		expect(result).toEqual({ status: 'Error', message: 'Factuconect login failed: the login answered HTTP 400: Request rejected: password "***" not accepted' });
	});

	it('checks the password as typed, not the token the credential already holds', async () => {
		// A working credential: a run logged in and stored its token.
		const credential = setup.harness.addCredential('factuconectApi', base() as never);
		await setup.harness.execute(spec(credential, { resource: 'lookup', operation: 'getEnabledTypes' }));
		const stored = setup.harness.storedCredential(credential).data as IDataObject;
		expect(stored.token).toEqual(expect.any(String));
		setup.sim.server.clearLog();

		const wrong = await setup.harness.testCredential('factuconectApi', { ...stored, password: 'Edited-Wrong-1' } as never);
		expect(wrong).toEqual({ status: 'Error', message: 'Factuconect login failed: wrong user or password (HTTP 401): Usuario o contraseña incorrectos' });
		const wrongUser = await setup.harness.testCredential('factuconectApi', { ...stored, user: 'nobody' } as never);
		expect(wrongUser.status).toBe('Error');
		// Every request of those tests was a login with what was typed; none used the stored token to read data.
		const logins = setup.sim.server.requests({ method: 'POST', path: '/clients/login' });
		expect(logins.length).toBeGreaterThanOrEqual(2);
		expect(logins.map((r) => (r.body as IDataObject).usuario)).toContain('nobody');
		expect(setup.sim.server.requests().filter((r) => r.path !== '/clients/login')).toEqual([]);

		setup.sim.server.clearLog();
		expect(await setup.harness.testCredential('factuconectApi', stored as never)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(setup.sim.server.requests({ method: 'POST', path: '/clients/login' }).map((r) => (r.body as IDataObject).password)).toContain(String(stored.password));
	});

	it('checks the NIT as typed in Test Token mode, with a stored token', async () => {
		const nitOnly = { baseUrl: setup.sim.url, authMode: 'testToken', nit: '0614-010499-128-7', ambiente: '00' };
		const credential = setup.harness.addCredential('factuconectApi', nitOnly as never);
		await setup.harness.execute(spec(credential, { resource: 'lookup', operation: 'getEnabledTypes' }));
		const stored = setup.harness.storedCredential(credential).data as IDataObject;
		const unknown = await setup.harness.testCredential('factuconectApi', { ...stored, nit: '06149999999999' } as never);
		// n8n words a 404 of the test request itself; what matters is that the typed NIT was asked for.
		expect(unknown.status).toBe('Error');
		expect(setup.sim.server.requests({ method: 'POST', path: '/clients/testToken' }).map((r) => (r.body as IDataObject).nit)).toContain('06149999999999');
	});

	it('explains an unreachable Base URL', async () => {
		const result = await setup.harness.testCredential('factuconectApi', { ...base(), baseUrl: 'http://127.0.0.1:9' } as never);
		expect(result).toEqual({ status: 'Error', message: 'Factuconect login failed: could not reach http://127.0.0.1:9 (connection refused)' });
	});
});

describe('login and token', () => {
	it('logs in once, stores token, uid and idSucursal, and sends them with documents', async () => {
		const credential = setup.harness.addCredential('factuconectApi', base() as never);
		const first = await setup.harness.execute(spec(credential, facturaParameters()), [{}, {}]);
		expect(first.error).toBeUndefined();
		expect(setup.harness.storedCredential(credential).data).toMatchObject({ sessionUid: '53', sessionIdSucursal: '12', token: expect.any(String) });
		await setup.harness.execute(spec(credential, facturaParameters()));
		expect(setup.sim.server.count({ path: '/clients/login' })).toBe(1);
		for (const request of setup.sim.server.requests({ method: 'POST', path: '/facturar/*' })) {
			expect(request.body).toMatchObject({ uid: '53', idSucursal: '12', ambiente: '00' });
			expect(request.headers.authorization).toMatch(/^Bearer [0-9a-f]{48}$/);
		}
	});

	it('uses uid and idSucursal typed in the credential over the login\'s (and reports a mismatch clearly)', async () => {
		const credential = setup.harness.addCredential('factuconectApi', { ...base(), uid: '99', idSucursal: '1' } as never);
		const run = await setup.harness.execute(spec(credential, facturaParameters()));
		expect(setup.sim.server.requests({ path: '/facturar/fe' })[0].body).toMatchObject({ uid: '99', idSucursal: '1' });
		expect(run.error?.message).toBe('Factuconect could not create the Factura (HTTP 403): uid o idSucursal no corresponden al token');
		expect((run.error as { description?: string }).description).toContain('Check UID, Branch ID (idSucursal)');
	});

	it('renews an expired token mid-run without failing any item', async () => {
		const credential = setup.harness.addCredential('factuconectApi', base() as never);
		await setup.harness.execute(spec(credential, { resource: 'lookup', operation: 'getEnabledTypes' }));
		const token = setup.harness.storedCredential(credential).data.token;
		const logins = setup.sim.state.tokens.issued.access;
		setup.sim.control.expireTokensAfter(3);
		const run = await setup.harness.execute(spec(credential, facturaParameters()), [{}, {}, {}, {}]);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => (item.json.summary as IDataObject).status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
		expect(setup.sim.state.tokens.issued.access - logins).toBe(1);
		// The requests in flight that met the expired token were each sent again after the one new login.
		const refused = setup.sim.server.requests().filter((r) => r.status === 401);
		expect(refused.length).toBeGreaterThan(0);
		const accepted = new Set(setup.sim.server.requests().filter((r) => r.status === 200).map((r) => `${r.path} ${JSON.stringify(r.body)}`));
		for (const r of refused) expect(accepted.has(`${r.path} ${JSON.stringify(r.body)}`)).toBe(true);
		expect(setup.harness.storedCredential(credential).data.token).not.toBe(token);
		// Every DTE was created once and sent once.
		const codes = run.items.map((item) => item.json.codigoGeneracion as string);
		expect(new Set(codes).size).toBe(4);
		for (const code of codes) expect(setup.sim.state.sendCounts[code]).toBe(1);
	});

	it('never shows the password: not in errors, items or stored output', async () => {
		const typed = 'Very-Secret-Pass-123';
		const credential = setup.harness.addCredential('factuconectApi', { ...base(), password: typed } as never);
		const failed = await setup.harness.execute(spec(credential, facturaParameters()));
		expect(failed.error?.message).toBe('Factuconect login failed: wrong user or password (HTTP 401): Usuario o contraseña incorrectos');
		expect(failed.serialized).not.toContain(typed);

		const continued = await setup.harness.execute(spec(credential, facturaParameters(), { continueOnFail: true }), [{}, {}]);
		expect(continued.items.map((item) => (item.json.error as IDataObject).message)).toEqual([
			'Factuconect login failed: wrong user or password (HTTP 401): Usuario o contraseña incorrectos',
			'Factuconect login failed: wrong user or password (HTTP 401): Usuario o contraseña incorrectos',
		]);
		expect(continued.serialized).not.toContain(typed);

		const ok = await setup.harness.execute(spec(setup.credential, facturaParameters()));
		expect(json(ok).summary).toMatchObject({ status: 'accepted' });
		expect(ok.serialized).not.toContain(String(base().password));
		expect(ok.serialized).not.toContain(String(setup.harness.storedCredential(setup.credential).data.token));
	});
});
