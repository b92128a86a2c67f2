/**
 * FacEPro Cloud inside a real n8n (the built package loaded as custom extensions), against the
 * FacEPro simulator running in this jest process:
 * - invoice lifecycle: create (pending at DIAN) → get → refresh DIAN status → download XML, the file
 *   reaching the next nodes with its name, MIME type and bytes (binary data on disk: n8n's filesystem mode,
 *   the default of n8n 2.x and the only one n8n 3.0 keeps);
 * - credit and debit notes referencing the invoice created earlier in the workflow, by expressions;
 * - Continue On Fail: error items in place, with fields, provider, httpCode and pairedItem; and On Error →
 *   "continue (using error output)" routing them to the error branch;
 * - the External Reference guard across two executions (n8n's own deduplication store, and the lookup);
 * - Get Many listing what the workflows issued; Account → Get Me and Health;
 * - a failing workflow as n8n reports it, and the API token nowhere in n8n's output, database or run files.
 */
import type { IDataObject } from 'n8n-workflow';

import { documentXml } from '../../simulators/facepro/documents';
import type { FacEProSimulator } from '../../simulators/facepro';
import { startFacEProSimulator } from '../../simulators/facepro';
import type { CredentialSeed } from '../runtime/instance';
import { endedAs, nodeItems } from '../runtime/instance';
import { binaryOf, bytesRead, errorOf, Flow, items, json, nodeType, only, ProviderE2E } from './support';

const FACEPRO = nodeType('facEPro');
const POST_INVOICE = { method: 'POST', path: '/api/v1/documentos' };

/** FacEPro's documented invoice (subtotal 122500, IVA 23275, total 145775) as node fields, for a given customer. */
function invoiceFields(idNumber: string, name: string): IDataObject {
	return {
		resource: 'invoice',
		operation: 'create',
		inputMode: 'fields',
		personType: '2',
		idType: '13',
		idNumber,
		customerName: name,
		customerDetails: { email: 'juan@correo.com', address: 'Calle 50 # 30-20', municipalityCode: '05001', departmentCode: '05' },
		lines: {
			line: [
				{ code: 'PROD-001', description: 'Repuesto motocicleta XYZ', quantity: 2, unitPrice: 50000, ivaPct: 19 },
				{ code: 'SERV-010', description: 'Mano de obra instalación', quantity: 1, unitPrice: 25000, ivaPct: 19, discountType: 'percent', discountPct: 10 },
			],
		},
	};
}

/** A FacEPro body (JSON input mode) for a customer. */
const body = (numero_documento: string, extra: IDataObject = {}) => ({
	adquiriente: {
		tipo_persona: '2',
		tipo_documento: '13',
		numero_documento,
		razon_social: `CLIENTE ${numero_documento}`,
		responsabilidad_fiscal: 'R-99-PN',
	},
	lineas: [{ codigo: 'P-1', descripcion: 'Producto', cantidad: 1, precio: 10000, iva_pct: 19 }],
	...extra,
});

describe('FacEPro Cloud in a real n8n', () => {
	let sim: FacEProSimulator;
	let e2e: ProviderE2E;
	let credential: CredentialSeed;
	const use = () => ({ credentials: { facEProApi: credential } });

	const flows = () => ({
		lifecycle: new Flow('facepro1', 'FacEPro: invoice lifecycle')
			.then('Create Invoice', FACEPRO, invoiceFields('1010101010', 'JUAN PEREZ [pendiente]'), use())
			.then('Get Invoice', FACEPRO, { resource: 'invoice', operation: 'get', trackingId: '={{ $json.tracking_id }}' }, use())
			.then('Refresh Status', FACEPRO, { resource: 'invoice', operation: 'refreshStatus', trackingId: '={{ $json.tracking_id }}' }, use())
			.then('Download XML', FACEPRO, { resource: 'invoice', operation: 'downloadXml', trackingId: '={{ $json.tracking_id }}' }, use())
			.readBinary('Read File Info')
			.readBytes('Read File Bytes'),
		notes: new Flow('facepro2', 'FacEPro: credit and debit notes for an invoice')
			.then('Create Invoice', FACEPRO, invoiceFields('2020202020', 'MARIA GOMEZ'), use())
			.then(
				'Credit Note',
				FACEPRO,
				{
					...invoiceFields('2020202020', 'MARIA GOMEZ'),
					resource: 'creditNote',
					referencedNumber: '={{ $json.numero_completo }}',
					referencedCufe: '={{ $json.cufe }}',
					referencedDate: '={{ $json.fecha_emision }}',
					reasonCode: '2',
					reasonDescription: 'Anulación: pedido cancelado',
				},
				use(),
			)
			.then(
				'Debit Note',
				FACEPRO,
				{
					...invoiceFields('2020202020', 'MARIA GOMEZ'),
					resource: 'debitNote',
					// Two nodes back: n8n resolves the paired item through the credit note's pairedItem.
					referencedNumber: "={{ $('Create Invoice').item.json.numero_completo }}",
					referencedCufe: "={{ $('Create Invoice').item.json.cufe }}",
					referencedDate: "={{ $('Create Invoice').item.json.fecha_emision.slice(0, 10) }}",
					reasonCode: '1',
					reasonDescription: 'Intereses por mora',
					lines: { line: [{ code: 'INT', description: 'Intereses de mora', quantity: 1, unitPrice: 15000, ivaPct: 0 }] },
				},
				use(),
			),
		continueOnFail: new Flow('facepro3', 'FacEPro: Continue On Fail')
			.items('Orders', [
				{ order: 'A', doc: body('3030303031') },
				// Two local problems: the NIT's check digit and an IVA rate DIAN does not have.
				{
					order: 'B',
					doc: body('800197268', {
						adquiriente: { tipo_persona: '1', tipo_documento: '31', numero_documento: '800197268', dv: '9', razon_social: 'MAL DV SAS', responsabilidad_fiscal: 'O-13' },
						lineas: [{ codigo: 'P-1', descripcion: 'Producto', cantidad: 1, precio: 10000, iva_pct: 7 }],
					}),
				},
				{ order: 'C', doc: body('3030303033') },
				{ order: 'D', doc: body('3030303034') },
			])
			.then('Create Invoices', FACEPRO, { resource: 'invoice', operation: 'create', inputMode: 'json', documentJson: '={{ $json.doc }}' }, { ...use(), continueOnFail: true })
			.then(
				'Get Invoices',
				FACEPRO,
				// The failed item has no tracking_id: a well-formed ID FacEPro does not know → 404.
				{ resource: 'invoice', operation: 'get', trackingId: "={{ $json.tracking_id ?? '00000000-0000-4000-8000-00000000e2e0' }}" },
				{ ...use(), continueOnFail: true },
			)
			// n8n resolves `.item` back through both FacEPro nodes by their pairedItem, error items included.
			.set('Trace', { order: "$('Orders').item.json.order", created: "$('Create Invoices').item.json.numero_completo ?? 'failed'" }),
		errorOutput: new Flow('facepro6', 'FacEPro: On Error → Continue (using error output)')
			.items('Orders', [
				{ order: 'E', doc: body('6060606061') },
				{ order: 'F', doc: body('6060606062', { lineas: [] }) },
				{ order: 'G', doc: body('6060606063') },
			])
			.then('Create Invoices', FACEPRO, { resource: 'invoice', operation: 'create', inputMode: 'json', documentJson: '={{ $json.doc }}' }, { ...use(), continueOnFail: 'errorOutput' })
			.branches('Issued', 'Failed'),
		guard: new Flow('facepro4', 'FacEPro: External Reference guard').then(
			'Create Invoice',
			FACEPRO,
			{ ...invoiceFields('4040404040', 'CLIENTE GUARDADO'), additionalFields: { externalReference: 'E2E-ORDER-1001' } },
			use(),
		),
		failing: new Flow('facepro7', 'FacEPro: a failing workflow').then(
			'Get Invoice',
			FACEPRO,
			{ resource: 'invoice', operation: 'get', trackingId: '00000000-0000-4000-8000-0000000e2e07' },
			use(),
		),
		account: new Flow('facepro8', 'FacEPro: account')
			.then('Get Me', FACEPRO, { resource: 'account', operation: 'getMe' }, use())
			.then('Health', FACEPRO, { resource: 'account', operation: 'health' }, use()),
		list: new Flow('facepro5', 'FacEPro: Get Many').then('List', FACEPRO, { resource: 'invoice', operation: 'getAll', returnAll: true }, use()),
	});

	let batch: Awaited<ReturnType<ProviderE2E['batch']>>;
	let f: ReturnType<typeof flows>;

	beforeAll(async () => {
		sim = await startFacEProSimulator();
		e2e = await ProviderE2E.start('facepro.e2e');
		credential = { id: 'facepro1', name: 'FacEPro Cloud account', type: 'facEProApi', data: sim.credentials(1).facEProApi as IDataObject };
		await e2e.importCredentials([credential]);
		f = flows();
		await e2e.importWorkflows(Object.values(f));
		batch = await e2e.batch([f.lifecycle.id, f.notes.id, f.continueOnFail.id, f.errorOutput.id, f.guard.id, f.account.id]);
	});

	afterAll(async () => {
		await e2e?.dispose();
		await sim?.stop();
	});

	it('loads the package: the node type CUSTOM.facEPro resolves and runs with the imported credential', () => {
		const run = batch[f.lifecycle.id];
		const created = json(run, 'Create Invoice');
		expect(created.summary).toMatchObject({ provider: 'FacEPro' });
		const request = sim.server.requests(POST_INVOICE).find((r) => (r.body as IDataObject & { adquiriente: IDataObject }).adquiriente.numero_documento === '1010101010');
		expect(request?.headers.authorization).toBe(`Bearer ${sim.tenant(1).token}`);
	});

	it('account: Get Me shows the company of the token; Health answers', () => {
		const run = batch[f.account.id];
		expect(json(run, 'Get Me')).toMatchObject({ tenant: { nit: sim.tenant(1).nit, razon_social: 'MI EMPRESA SAS' }, user: { email: sim.tenant(1).user.email } });
		expect(json(run, 'Health')).toMatchObject({ status: 'ok', service: 'FacEPro Cloud' });
	});

	it('invoice: create (pending) → get → refresh DIAN status (accepted) → download XML', () => {
		const run = batch[f.lifecycle.id];
		const created = json(run, 'Create Invoice');
		expect(created).toMatchObject({
			numero_completo: expect.stringMatching(/^SETP\d+$/),
			tipo_documento: 'factura',
			estado: 'pendiente',
			totales: { subtotal: 122500, iva: 23275, total: 145775 },
			summary: { provider: 'FacEPro', kind: 'invoice', status: 'pending', total: 145775, currency: 'COP' },
		});
		expect(created.cufe).toMatch(/^[0-9a-f]{96}$/);
		expect(created.summary.authorityId).toBe(created.cufe);
		expect(only(run, 'Create Invoice').pairedItem).toEqual({ item: 0 });

		const got = json(run, 'Get Invoice');
		expect(got).toMatchObject({ tracking_id: created.tracking_id, cufe: created.cufe, summary: { status: 'pending', number: created.numero_completo } });

		const refreshed = json(run, 'Refresh Status');
		expect(refreshed).toMatchObject({
			tracking_id: created.tracking_id,
			estado: 'aceptado',
			summary: { status: 'accepted', statusMessage: 'Procesado Correctamente.' },
			dian: { is_valid: true, status_code: '00' },
		});

		const stored = sim.document(String(created.tracking_id))!;
		expect(stored).toMatchObject({ estado: 'aceptado', numero_completo: created.numero_completo });
		const fileName = `${String(created.numero_completo)}.xml`;
		const download = only(run, 'Download XML');
		expect(download.json).toMatchObject({ fileName, mimeType: 'application/xml', tracking_id: created.tracking_id });
		expect(binaryOf(download)).toMatchObject({ fileName, mimeType: 'application/xml', fileExtension: 'xml' });

		// The next nodes see the file: its metadata through expressions, its bytes through n8n's binary data service.
		const info = only(run, 'Read File Info');
		expect(info.json).toMatchObject({ seenFileName: fileName, seenMimeType: 'application/xml', seenFileExtension: 'xml', tracking_id: created.tracking_id });
		expect(binaryOf(info).fileName).toBe(fileName);
		const bytes = bytesRead(only(run, 'Read File Bytes'));
		// Filesystem mode: the run holds a reference to the file n8n stored, and it is the file the next node read.
		expect(binaryOf(download).id).toMatch(/^filesystem-v2:workflows\/facepro1\/executions\/\d+\/binary_data\//);
		expect(e2e.sandbox.storedBinary(binaryOf(download))).toEqual(bytes);
		const xml = bytes.toString('utf8');
		expect(xml).toBe(documentXml(stored, sim.tenant(1)));
		expect(xml).toContain(`schemeName="CUFE-SHA384">${String(created.cufe)}</cbc:UUID>`);
	});

	it('credit and debit notes reference the invoice created earlier in the workflow (expressions, paired items)', () => {
		const run = batch[f.notes.id];
		const invoice = json(run, 'Create Invoice');
		const credit = json(run, 'Credit Note');
		const debit = json(run, 'Debit Note');
		expect(credit).toMatchObject({
			tipo_documento: 'nota_credito',
			numero_completo: expect.stringMatching(/^NC\d+$/),
			totales: { total: 145775 },
			summary: { kind: 'creditNote', status: 'accepted', total: 145775 },
		});
		expect(debit).toMatchObject({
			tipo_documento: 'nota_debito',
			numero_completo: expect.stringMatching(/^ND\d+$/),
			totales: { total: 15000 },
			summary: { kind: 'debitNote', status: 'accepted', total: 15000 },
		});
		expect(credit.cufe).toMatch(/^[0-9a-f]{96}$/);
		expect(debit.cufe).toMatch(/^[0-9a-f]{96}$/);
		const reference = { numero: invoice.numero_completo, cufe: invoice.cufe, fecha: String(invoice.fecha_emision).slice(0, 10) };
		const sent = (path: string) => sim.server.requests({ method: 'POST', path }).map((r) => r.body as IDataObject);
		expect(sent('/api/v1/notas-credito')).toEqual([expect.objectContaining({ factura_referencia: reference, motivo: { codigo: '2', descripcion: 'Anulación: pedido cancelado' } })]);
		expect(sent('/api/v1/notas-debito')).toEqual([expect.objectContaining({ factura_referencia: reference, motivo: { codigo: '1', descripcion: 'Intereses por mora' } })]);
		expect(sim.documents().filter((d) => d.adquirente.documento === '2020202020').map((d) => d.kind)).toEqual(['factura', 'nota_credito', 'nota_debito']);
	});

	it('Continue On Fail: error items stay in place with message, fields, provider, httpCode and pairedItem', () => {
		const run = batch[f.continueOnFail.id];
		const created = items(run, 'Create Invoices');
		expect(created).toHaveLength(4);
		expect(created.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(created.map((i) => (i.json.summary as IDataObject | undefined)?.status ?? 'error')).toEqual(['accepted', 'error', 'accepted', 'accepted']);
		expect(created.map((i) => (i.json.adquirente as IDataObject | undefined)?.documento)).toEqual(['3030303031', undefined, '3030303033', '3030303034']);
		const invalid = errorOf(created[1]);
		expect(invalid).toMatchObject({ message: 'The invoice has 2 problems; nothing was sent to FacEPro', provider: 'FacEPro' });
		expect(invalid.httpCode).toBeUndefined();
		expect(Object.keys(invalid.fields).sort()).toEqual(['adquiriente.dv', 'lineas.0.iva_pct']);
		expect(invalid.fields['adquiriente.dv'].join(' ')).toContain('4');
		// Nothing was sent for the invalid item.
		expect(sim.server.requests(POST_INVOICE).filter((r) => (r.body as { adquiriente: IDataObject }).adquiriente.numero_documento === '800197268')).toHaveLength(0);

		const got = items(run, 'Get Invoices');
		expect(got.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(got.map((i) => i.json.tracking_id)).toEqual([created[0].json.tracking_id, undefined, created[2].json.tracking_id, created[3].json.tracking_id]);
		expect(errorOf(got[1])).toMatchObject({ provider: 'FacEPro', httpCode: 404, message: expect.stringContaining('00000000-0000-4000-8000-00000000e2e0') });
		expect(items(run, 'Trace').map((i) => [i.json.order, i.json.created])).toEqual([
			['A', created[0].json.numero_completo],
			['B', 'failed'],
			['C', created[2].json.numero_completo],
			['D', created[3].json.numero_completo],
		]);
	});

	it('On Error → Continue (using error output): n8n routes our error items to the error branch, with the input fields', () => {
		const run = batch[f.errorOutput.id];
		// The node's two outputs: paired with the input items they came from.
		expect(nodeItems(run, 'Create Invoices', { output: 0 }).map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(nodeItems(run, 'Create Invoices', { output: 1 }).map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(items(run, 'Issued').map((i) => (i.json.adquirente as IDataObject).documento)).toEqual(['6060606061', '6060606063']);
		const failed = items(run, 'Failed');
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({ order: 'F', doc: { adquiriente: { numero_documento: '6060606062' } } });
		expect(errorOf(failed[0])).toMatchObject({ provider: 'FacEPro', message: 'The invoice has 1 problem; nothing was sent to FacEPro' });
		expect(Object.keys(errorOf(failed[0]).fields)).toEqual(['lineas']);
	});

	it("External Reference guard: a second execution returns the document already issued (n8n's deduplication store)", async () => {
		const first = json(batch[f.guard.id], 'Create Invoice');
		expect(first).toMatchObject({ externalReference: 'E2E-ORDER-1001', summary: { status: 'accepted' } });
		expect(first).not.toHaveProperty('alreadyIssued');

		const logged = sim.server.requests().length;
		// A second n8n process: what the first one recorded must come from n8n's database.
		const again = await e2e.batch([f.guard.id, f.list.id]);
		const second = json(again[f.guard.id], 'Create Invoice');
		expect(second).toMatchObject({
			alreadyIssued: true,
			externalReference: 'E2E-ORDER-1001',
			tracking_id: first.tracking_id,
			numero_completo: first.numero_completo,
			cufe: first.cufe,
			summary: { status: 'accepted', warnings: ['Already issued earlier for External Reference "E2E-ORDER-1001"; nothing was sent again'] },
		});
		const forCustomer = (d: { adquirente: { documento: string } }) => d.adquirente.documento === '4040404040';
		expect(sim.documents().filter(forCustomer)).toHaveLength(1);
		expect(sim.server.requests(POST_INVOICE).filter((r) => (r.body as { adquiriente: IDataObject }).adquiriente.numero_documento === '4040404040')).toHaveLength(1);
		// Found by the lookup (changed on purpose, issue 18: no reference → tracking ID memory in workflow static
		// data, which concurrent executions overwrite): FacEPro's list, the document tied to the reference by n8n's store.
		const since = sim.server.requests().slice(logged);
		expect(since.filter((r) => r.path === `/api/v1/documentos/${String(first.tracking_id)}`)).toHaveLength(0);
		const lookups = since.filter((r) => r.method === 'GET' && r.path === '/api/v1/documentos' && r.query.desde !== undefined);
		expect(lookups.map((r) => r.query.page)).toEqual(['1']);

		// Get Many (Return All) lists every document the workflows issued, newest first.
		const listed = items(again[f.list.id], 'List').map((i) => i.json);
		expect(listed.map((d) => d.tracking_id).sort()).toEqual(sim.documents(1).map((d) => d.tracking_id).sort());
		expect(listed.every((d) => typeof (d.summary as IDataObject).status === 'string')).toBe(true);
	});

	it('a failing workflow: n8n shows the provider error (message, description, HTTP code) and no secret leaks (exit code 1; n8n 2.x may crash after printing the run)', async () => {
		const res = await e2e.execute(f.failing.id, { expectOk: false });
		expect(res.ok).toBe(false);
		if (e2e.sandbox.runtime.major === 1) expect(res.exitCode).toBe(1);
		else expect(endedAs(res)).toMatch(/^(exit code 1|crashed with SIG[A-Z]+ after printing the run)$/);
		expect(res.data?.data.resultData.lastNodeExecuted).toBe('Get Invoice');
		expect(res.data?.data.resultData.error).toMatchObject({
			name: 'NodeApiError',
			message: 'FacEPro found no document with tracking ID 00000000-0000-4000-8000-0000000e2e07 for this company',
			description: expect.stringContaining('Check the tracking ID'),
			httpCode: '404',
		});
		// The search works (a value known to be in the execution data is found), and the API token is nowhere.
		const issued = String(json(batch[f.lifecycle.id], 'Create Invoice').numero_completo);
		expect(e2e.findInSandbox([issued])).toEqual({ [issued]: ['database', 'snapshots'] });
		expect(e2e.findInSandbox([sim.tenant(1).token, sim.tenant(1).token.split('|')[1]])).toEqual({});
	});
});
