/**
 * Every error row of FacEPro's contract, as a user sees it; the credential's "Test connection";
 * and the API token never appearing in any output, error message or description.
 */
import type { IDataObject } from 'n8n-workflow';

import { FACEPRO_NOT_AT_BASE_URL, FACEPRO_REFUSED_TOKEN, FacEProApi } from '../../../credentials/FacEProApi.credentials';
import { validar } from '../../simulators/facepro/rules';

import { API, createFromItem, createInvoice, creditNoteBody, DOC_EXAMPLE_BODY, DOC_EXAMPLE_FIELDS, errorOf, useFacEPro } from './helpers';

describe('FacEPro errors', () => {
	const t = useFacEPro();
	/** Serialised runs (items and errors, with stacks), collected for the secrecy check at the end. */
	const serialized: string[] = [];

	const keep = <T extends { serialized: string }>(run: T): T => {
		serialized.push(run.serialized);
		return run;
	};

	it('401: tells the user to check the token (revoked token)', async () => {
		t.sim.revokeToken(1);
		const run = keep(await t.run(createInvoice()));
		const error = errorOf(run);
		expect(error.message).toBe('FacEPro rejected the API token. Check the token in the credential');
		expect(error.description).toContain("In FacEPro's portal go to Tokens API");
		expect((run.error as unknown as { context: IDataObject }).context).toMatchObject({ httpCode: 401, provider: 'FacEPro' });
		expect(t.sim.documents()).toHaveLength(0);
	});

	it('403: names the missing permission in plain words', async () => {
		const invoice = (await t.run(createInvoice(), [{}], { credential: t.credentialFor(2) })).items[0].json;
		const run = keep(
			await t.run(createFromItem('creditNote'), [{ doc: creditNoteBody(invoice) }], { credential: t.credentialFor(2) }),
		);
		const error = errorOf(run);
		expect(error.message).toBe('FacEPro does not allow your company to issue credit notes (missing permission permite_notas_credito)');
		expect(error.description).toContain('Tu empresa no tiene permitido emitir este tipo de documento.');
		const debit = await t.run(
			createFromItem('debitNote'),
			[{ doc: creditNoteBody(invoice, { codigo: '1', descripcion: 'Intereses por mora' }) }],
			{ credential: t.credentialFor(2) },
		);
		expect(errorOf(debit).message).toContain('to issue debit notes (missing permission permite_notas_debito)');
	});

	it("404: unknown tracking ID, and another company's document", async () => {
		const unknown = keep(await t.run({ resource: 'invoice', operation: 'get', trackingId: '550e8400-e29b-41d4-a716-446655440000' }));
		expect(errorOf(unknown).message).toBe(
			'FacEPro found no document with tracking ID 550e8400-e29b-41d4-a716-446655440000 for this company',
		);
		const other = (await t.run(createInvoice(), [{}], { credential: t.credentialFor(2) })).items[0].json;
		const run = await t.run({ resource: 'invoice', operation: 'refreshStatus', trackingId: other.tracking_id as string });
		expect(errorOf(run).message).toBe(`FacEPro found no document with tracking ID ${String(other.tracking_id)} for this company`);
		expect(errorOf(run).description).toContain('issued with this same credential');
		// A 404 is not retried.
		expect(t.sim.server.count({ path: `${API}/documentos/${String(other.tracking_id)}/consultar` })).toBe(1);
	});

	it('404 from a Base URL without /api/v1 explains the Base URL', async () => {
		const credential = t.harness.addCredential('facEProApi', { apiToken: t.sim.tenant(1).token, baseUrl: t.sim.url });
		const run = keep(await t.run({ resource: 'account', operation: 'getMe' }, [{}], { credential }));
		expect(errorOf(run).message).toBe("FacEPro's API was not found at this address (HTTP 404)");
		expect(errorOf(run).description).toContain('should end in /api/v1');
	});

	it("422: FacEPro's own field messages, under the paths the user typed", async () => {
		// A rule only the server knows (e.g. a change on FacEPro's side): answered as FacEPro answers.
		const errors = validar({ ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: '' } }, 'factura');
		const answer = { ok: false, error: 'Datos invalidos', errors: { ...errors, 'lineas.1.iva_pct': ['El IVA % debe ser un número entre 0 y 100.'] } };
		t.sim.server.inject({ kind: 'status', status: 422, body: answer }, { method: 'POST' }, 3);

		const json = keep(await t.run(createFromItem(), [{ doc: DOC_EXAMPLE_BODY }]));
		expect(errorOf(json).message).toBe('FacEPro rejected the data: Datos invalidos');
		expect(errorOf(json).fields).toEqual({
			'adquiriente.numero_documento': ['El número de documento es requerido.'],
			'lineas.1.iva_pct': ['El IVA % debe ser un número entre 0 y 100.'],
		});
		expect(errorOf(json).description).toContain('adquiriente.numero_documento: El número de documento es requerido.');

		const fields = await t.run(createInvoice());
		// The field as the user sees it, and FacEPro's path next to it (issue 11, "typed through").
		expect(errorOf(fields).fields).toEqual({
			'ID Number (adquiriente.numero_documento)': ['El número de documento es requerido.'],
			'Lines › Line 2 › IVA % (lineas.1.iva_pct)': ['El IVA % debe ser un número entre 0 y 100.'],
		});
		const neutral = await t.run(createFromItem(), [
			{ doc: { customer: { idType: '13', idNumber: '1234567', name: 'X' }, lines: [{ code: 'a', description: 'a', quantity: 1, unitPrice: 1, taxRate: 0 }] } },
		]);
		expect(Object.keys(errorOf(neutral).fields)).toEqual(['customer.idNumber', 'lines.1.taxRate']);
		// A 422 is definite: sent once each, never retried.
		expect(t.sim.server.count({ method: 'POST' })).toBe(3);
	});

	it('429 quota: explains consumed/limit/period and is not retried', async () => {
		const run = keep(await t.run(createInvoice(), [{}], { credential: t.credentialFor(3) }));
		const error = errorOf(run);
		expect(error.message).toBe(
			'FacEPro quota exhausted: 100 of 100 documents used this month (mensual). Retrying will not help: ask FacEPro for more quota or wait for the next period.',
		);
		expect((run.error as unknown as { context: IDataObject }).context).toMatchObject({ httpCode: 429, providerCode: 'quota_excedida' });
		expect(t.sim.server.count({ method: 'POST' })).toBe(1);

		t.sim.tenant(3).cuota = { limite: 12000, consumidos: 12000, periodo: 'anual' };
		const yearly = await t.run(createInvoice(), [{}], { credential: t.credentialFor(3) });
		expect(errorOf(yearly).message).toContain('12000 of 12000 documents used this year (anual)');
	});

	it('500 on a read: retried, then "retry later" with FacEPro\'s detail', async () => {
		const created = (await t.run(createInvoice())).items[0].json;
		t.sim.server.inject(
			{ kind: 'status', status: 500, body: { ok: false, error: 'SQLSTATE[HY000] Error interno' }, headers: { 'retry-after': '0' } },
			{ path: `${API}/documentos/${String(created.tracking_id)}` },
			4,
		);
		const run = keep(await t.run({ resource: 'invoice', operation: 'get', trackingId: created.tracking_id as string }));
		expect(errorOf(run).message).toBe('FacEPro had an internal error (HTTP 500): SQLSTATE[HY000] Error interno; retry later');
		expect(t.sim.server.count({ path: `${API}/documentos/${String(created.tracking_id)}` })).toBe(4);

		// One transient 500 is absorbed by the retry.
		t.sim.server.inject({ kind: 'status', status: 500, headers: { 'retry-after': '0' } }, { path: `${API}/documentos/${String(created.tracking_id)}` });
		const retried = await t.run({ resource: 'invoice', operation: 'get', trackingId: created.tracking_id as string });
		expect(retried.error).toBeUndefined();
	});

	it('500 on a create is never re-sent; without a reference the user is told to check first', async () => {
		t.sim.server.inject({ kind: 'status', status: 500, body: { ok: false, error: 'Error interno' } }, { method: 'POST' });
		const run = keep(await t.run(createInvoice()));
		const error = errorOf(run);
		expect(error.message).toBe('FacEPro did not confirm the invoice (FacEPro answered HTTP 500 ("Error interno"))');
		expect(error.description).toContain('Check before running again: running again may issue a second invoice');
		expect(error.description).toContain('an invoice to JUAN PEREZ (ID 71234567) for 145775.00 COP');
		expect(t.sim.server.count({ method: 'POST' })).toBe(1);
	});

	it('with Continue On Fail, error items carry message, description, fields, provider and httpCode', async () => {
		t.sim.revokeToken(1);
		const run = keep(await t.run(createFromItem(), [{ doc: DOC_EXAMPLE_BODY }, { doc: { lineas: [] } }], { continueOnFail: true }));
		expect(run.items.map((i) => i.json.error)).toEqual([
			expect.objectContaining({ message: 'FacEPro rejected the API token. Check the token in the credential', httpCode: 401, provider: 'FacEPro', fields: {} }),
			expect.objectContaining({ message: 'The invoice has 2 problems; nothing was sent to FacEPro', description: expect.stringContaining('adquiriente: is required') }),
		]);
	});

	it('never shows the API token in outputs, error messages or descriptions', async () => {
		// Successful outputs of every kind, too.
		const created = keep(await t.run(createInvoice({ ...DOC_EXAMPLE_FIELDS, additionalFields: { externalReference: 'ORDER-7' } })));
		const id = created.items[0].json.tracking_id as string;
		for (const operation of ['get', 'refreshStatus', 'downloadXml']) keep(await t.run({ resource: 'invoice', operation, trackingId: id }));
		keep(await t.run({ resource: 'invoice', operation: 'getAll', returnAll: true }));
		keep(await t.run({ resource: 'account', operation: 'getMe' }));
		keep(await t.run(createInvoice({ ...DOC_EXAMPLE_FIELDS, additionalFields: { externalReference: 'ORDER-7' } })));
		expect(serialized.length).toBeGreaterThanOrEqual(15);
		for (const tenant of t.sim.tenants) {
			const secret = tenant.token.split('|')[1];
			for (const text of serialized) {
				expect(text).not.toContain(secret);
				expect(text).not.toContain(tenant.token);
			}
		}
	});
});

describe('FacEPro credential', () => {
	const t = useFacEPro();

	it('"Test connection" succeeds with a working token and calls GET /me', async () => {
		const result = await t.harness.testCredential('facEProApi', { apiToken: t.sim.tenant(1).token, baseUrl: t.sim.baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(t.sim.server.requests().map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
			['GET', `${API}/me`, `Bearer ${t.sim.tenant(1).token}`],
		]);
	});

	it('"Test connection" judges the token as typed, in FacEPro\'s words: a revoked or mistyped token, a wrong Base URL', async () => {
		// The same words on n8n 1.x and 2.x: the test never fails on an HTTP status and its
		// `responseSuccessBody` rules judge FacEPro's answer (the harness applies them as n8n's tester does).
		const working = { apiToken: t.sim.tenant(1).token, baseUrl: t.sim.baseUrl };
		expect(await t.harness.testCredential('facEProApi', working)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const mistyped = `${working.apiToken.split('|')[0]}|${'x'.repeat(40)}`;
		expect(await t.harness.testCredential('facEProApi', { ...working, apiToken: mistyped })).toEqual({ status: 'Error', message: FACEPRO_REFUSED_TOKEN });
		t.sim.revokeToken(1);
		expect(await t.harness.testCredential('facEProApi', working)).toEqual({ status: 'Error', message: FACEPRO_REFUSED_TOKEN });
		const wrongUrl = await t.harness.testCredential('facEProApi', { apiToken: t.sim.tenant(2).token, baseUrl: `${t.sim.url}/` });
		expect(wrongUrl).toEqual({ status: 'Error', message: FACEPRO_NOT_AT_BASE_URL });
		// One GET /me per test, with the token typed (a refused token is not asked twice).
		expect(t.sim.server.requests().map((r) => [r.path, r.headers.authorization])).toEqual([
			[`${API}/me`, `Bearer ${working.apiToken}`],
			[`${API}/me`, `Bearer ${mistyped}`],
			[`${API}/me`, `Bearer ${working.apiToken}`],
			['/me', `Bearer ${t.sim.tenant(2).token}`],
		]);
	});

	it('"Test connection" of an unreachable Base URL fails with the network error', async () => {
		const result = await t.harness.testCredential('facEProApi', { apiToken: t.sim.tenant(1).token, baseUrl: 'http://127.0.0.1:1/api/v1' });
		// n8n's own words for a refused connection (the harness's n8n-core words it; the server may give the code).
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused the connection|ECONNREFUSED/);
	});

	it("defaults the Base URL to FacEPro Cloud's production address", () => {
		const baseUrl = new FacEProApi().properties.find((p) => p.name === 'baseUrl');
		expect(baseUrl?.default).toBe('https://facepro.cdpconsultores.com/api/v1');
	});
});
