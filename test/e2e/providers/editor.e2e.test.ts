/**
 * What the n8n editor asks the server for, against a real `n8n start` with the built package loaded
 * (custom extensions) and the three simulators running in this jest process:
 * - the node and credential types are offered (and the AI-tool variants of the action nodes);
 * - "Test connection" of each credential: success, and the provider's words for a wrong secret — through
 *   n8n's own credential tester (which runs the login of FactusApi / FactuconectApi first);
 * - dropdowns and searchable lists loaded through the credential, with the node's current parameters
 *   (a list that depends on another parameter gets it).
 */
import type { IDataObject } from 'n8n-workflow';

import { FACEPRO_NOT_AT_BASE_URL, FACEPRO_REFUSED_TOKEN } from '../../../credentials/FacEProApi.credentials';

import type { FacEProSimulator } from '../../simulators/facepro';
import { startFacEProSimulator } from '../../simulators/facepro';
import type { FactuconectSimulator } from '../../simulators/factuconect';
import { startFactuconectSimulator } from '../../simulators/factuconect';
import type { FactusSimulator } from '../../simulators/factus';
import { startFactusSimulator } from '../../simulators/factus';
import type { CredentialSeed } from '../runtime/instance';
import type { CredentialRef } from './editor';
import { N8nEditor } from './editor';
import { nodeType, ProviderE2E } from './support';

const FACEPRO = { type: nodeType('facEPro'), version: 1 };
const FACTUS = { type: nodeType('factus'), version: 1 };
const FACTUCONECT = { type: nodeType('factuconect'), version: 1 };

describe('the n8n editor with the package (credential tests, dropdowns)', () => {
	let facepro: FacEProSimulator;
	let factus: FactusSimulator;
	let factuconect: FactuconectSimulator;
	let e2e: ProviderE2E;
	let editor: N8nEditor | undefined;
	const seeds: Record<string, CredentialSeed> = {};
	const ref = (type: string): CredentialRef => ({ id: seeds[type].id, name: seeds[type].name, type });
	const data = (type: string) => seeds[type].data;

	beforeAll(async () => {
		[facepro, factus, factuconect] = await Promise.all([startFacEProSimulator(), startFactusSimulator(), startFactuconectSimulator()]);
		factuconect.control.seedClients(120);
		e2e = await ProviderE2E.start('editor.e2e');
		for (const [id, name, credentials] of [
			['facepro1', 'FacEPro Cloud account', facepro.credentials(1)],
			['factus1', 'Factus account', factus.credentials()],
			['factuconect1', 'Factuconect account', factuconect.credentials()],
		] as const) {
			const [type, values] = Object.entries(credentials)[0];
			seeds[type] = { id, name, type, data: values as IDataObject };
		}
		await e2e.importCredentials(Object.values(seeds));
		const t = Date.now();
		editor = await N8nEditor.start(e2e.sandbox);
		e2e.timings.editorStart = Date.now() - t;
	});

	afterAll(async () => {
		const t = Date.now();
		await editor?.stop();
		if (e2e) e2e.timings.editorStop = Date.now() - t;
		await e2e?.dispose();
		await Promise.all([facepro?.stop(), factus?.stop(), factuconect?.stop()]);
	});

	it('offers the nodes (with their AI-tool variants) and the credentials of the package', async () => {
		const types = await editor!.types();
		const ours = types.nodes.filter((n) => n.startsWith('CUSTOM.')).sort();
		expect(ours).toEqual(expect.arrayContaining([FACEPRO.type, FACTUS.type, FACTUCONECT.type]));
		expect(ours).toEqual(expect.arrayContaining([`${FACEPRO.type}Tool`, `${FACTUS.type}Tool`, `${FACTUCONECT.type}Tool`]));
		expect(types.credentials).toEqual(expect.arrayContaining(['facEProApi', 'factusApi', 'factuconectApi']));
	});

	it("FacEPro Cloud API: Test connection succeeds; a refused token or a wrong Base URL fail in the credential's own words (n8n 1.x and 2.x alike)", async () => {
		expect(await editor!.testCredential(ref('facEProApi'), data('facEProApi'))).toEqual({ status: 'OK', message: 'Connection successful!' });
		const refused = await editor!.testCredential(ref('facEProApi'), { ...data('facEProApi'), apiToken: ['1', 'not-a-real-token'].join('|') });
		const wrongUrl = await editor!.testCredential(ref('facEProApi'), { ...data('facEProApi'), baseUrl: facepro.url });
		// The test judges FacEPro's answer with `responseSuccessBody` rules, which n8n's tester applies on
		// every line (its `responseCode` rules never reached n8n 1.123: its error keeps no response).
		expect(refused).toEqual({ status: 'Error', message: FACEPRO_REFUSED_TOKEN });
		expect(wrongUrl).toEqual({ status: 'Error', message: FACEPRO_NOT_AT_BASE_URL });
		// Only GET /me is called, once per test.
		expect(facepro.server.requests().map((r) => [r.path, r.status])).toEqual([
			['/api/v1/me', 200],
			['/api/v1/me', 401],
			['/me', 404],
		]);
	});

	it('FacEPro Cloud in the node panel: the codex aliases it is searched by, the panel description and the canvas subtitle, as n8n serves them', async () => {
		const node = await editor!.nodeType(FACEPRO.type);
		const trigger = await editor!.nodeType(`${FACEPRO.type}Trigger`);
		expect(node).toBeDefined();
		// The node panel searches displayName and codex.alias.
		expect((node!.codex as IDataObject | undefined)?.alias).toEqual(expect.arrayContaining(['invoice', 'e-invoice', 'factura', 'factura electrónica', 'DIAN', 'CUFE']));
		// n8n merges the node with its trigger in the panel and shows the trigger's description there.
		expect(String(trigger?.description)).toMatch(/^Issue Colombian electronic invoices and notes to DIAN with FacEPro Cloud/);
		// The canvas subtitle names the operation (not "create: invoice").
		expect(String(node!.subtitle)).toContain('"invoice:create":"Create an invoice"');
		expect(node!.iconUrl ?? node!.icon).toBeDefined();
	});

	it('Factus API: Test connection logs in first, and tells a wrong client secret from a wrong password', async () => {
		expect(await editor!.testCredential(ref('factusApi'), data('factusApi'))).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(factus.server.requests({ path: '/oauth/token' }).map((r) => (r.body as IDataObject).grant_type)).toEqual(['password']);
		expect(factus.server.requests({ path: '/v1/company' }).at(-1)?.status).toBe(200);

		const typo = ['wrong', 'value', 'e2e'].join('-');
		const badClient = await editor!.testCredential(ref('factusApi'), { ...data('factusApi'), clientSecret: typo });
		expect(badClient.status).toBe('Error');
		expect(badClient.message).toContain('Factus refused the Client ID or Client Secret (invalid_client');
		expect(badClient.message).not.toContain(typo);

		const badUser = await editor!.testCredential(ref('factusApi'), { ...data('factusApi'), password: typo });
		expect(badUser.status).toBe('Error');
		expect(badUser.message).toContain('Factus refused the username (e-mail) or password (invalid_grant');
		expect(badUser.message).not.toContain(typo);
	});

	it('Factuconect API: Test connection logs in with the password as typed; a wrong password says so', async () => {
		expect(await editor!.testCredential(ref('factuconectApi'), data('factuconectApi'))).toEqual({ status: 'OK', message: 'Connection successful!' });
		// The test request is the login itself (never a stored token).
		expect(factuconect.server.requests({ path: '/clients/login' }).at(-1)?.status).toBe(200);
		const bad = await editor!.testCredential(ref('factuconectApi'), { ...data('factuconectApi'), password: ['wrong', 'value', 'e2e'].join('-') });
		expect(bad.status).toBe('Error');
		expect(bad.message).toBe('Factuconect login failed: wrong user or password (HTTP 401): Usuario o contraseña incorrectos');
	});

	it('Factus dropdowns: numbering ranges of the document kind, municipalities searched by name', async () => {
		const credentials = { factusApi: ref('factusApi') };
		const ranges = await editor!.options(FACTUS, 'numberingRangeId', 'getBillNumberingRanges', { resource: 'bill', operation: 'create', inputMode: 'fields' }, credentials);
		expect(ranges.map((r) => r.value)).toEqual(['', 4, 67]);
		expect(ranges[1].name).toBe('SETP — Factura de Venta (990000000–995000000, resolution 18760000001)');
		const notes = await editor!.options(FACTUS, 'numberingRangeId', 'getCreditNoteNumberingRanges', { resource: 'creditNote', operation: 'create', inputMode: 'fields' }, credentials);
		expect(notes.map((r) => r.value)).toEqual(['', 5]);

		const found = await editor!.listSearch(FACTUS, 'municipality', 'searchMunicipalities', { resource: 'bill', operation: 'create', inputMode: 'fields' }, credentials, 'san gil');
		expect(found.results).toContainEqual({ name: 'San Gil (Santander) — 68679', value: '980' });
	});

	it('Factuconect dropdowns: municipalities follow the chosen department, clients are searchable and paged', async () => {
		const credentials = { factuconectApi: ref('factuconectApi') };
		const client = { resource: 'client', operation: 'create' };
		const departments = await editor!.options(FACTUCONECT, 'department', 'getDepartments', client, credentials);
		expect(departments).toHaveLength(14);
		expect(departments).toContainEqual({ name: 'San Salvador (06)', value: '6' });
		expect(await editor!.options(FACTUCONECT, 'municipality', 'getMunicipalities', client, credentials)).toEqual([]);
		const sanSalvador = await editor!.options(FACTUCONECT, 'municipality', 'getMunicipalities', { ...client, department: '6' }, credentials);
		expect(sanSalvador.map((m) => m.name)).toContain('Soyapango (17)');
		expect(factuconect.server.requests({ path: '/catalogos/municipios' }).map((r) => r.query.id_departamento)).toEqual(['6']);

		const factura = { resource: 'dte', operation: 'createFactura', receiver: 'storedClient' };
		const first = await editor!.listSearch(FACTUCONECT, 'client', 'searchClients', factura, credentials);
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('1');
		const next = await editor!.listSearch(FACTUCONECT, 'client', 'searchClients', factura, credentials, undefined, '1');
		expect(next.results).toHaveLength(20);
		const byName = await editor!.listSearch(FACTUCONECT, 'client', 'searchClients', factura, credentials, 'cliente 42');
		expect(byName.results.map((r) => r.name)).toEqual(['Cliente 42 — NIT 06140010000041 — NRC 100041']);
	});
});
