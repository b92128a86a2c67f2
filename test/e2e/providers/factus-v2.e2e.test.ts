/**
 * The Factus node's version 2 (API v2) inside a real n8n (the built package as custom extensions), against
 * the Factus simulator running in this jest process: a Fields-mode v2 bill (net prices, one payment the
 * node computes) left pending by DIAN → Wait for DIAN Result → Download PDF and AttachedDocument XML,
 * the files reaching the next nodes with name, MIME type and the bytes Factus holds; and the same workflow
 * with a version-1 node next to it still speaking API v1.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FactusSimulator } from '../../simulators/factus';
import { startFactusSimulator } from '../../simulators/factus';
import { attachedDocumentV2, pdfV2 } from '../../simulators/factus/v2/documents';
import type { CredentialSeed } from '../runtime/instance';
import { binaryOf, bytesRead, Flow, json, nodeType, only, ProviderE2E } from './support';

const FACTUS = nodeType('factus');

/** A v2 bill as a no-code user fills it in: 2 × 50,000 before tax + IVA 19 % → total 119,000. */
const billV2 = (referenceCode: string): IDataObject => ({
	resource: 'bill',
	operation: 'create',
	inputMode: 'fields',
	referenceCode,
	customerType: 'identified',
	idType: '13',
	idNumber: '123456789',
	customerName: 'Alan Turing',
	personType: '2',
	municipality: { __rl: true, mode: 'list', value: '68679' },
	customerDetails: { email: 'alan.turing@example.com' },
	lines: { line: [{ code: 'SKU-1', description: 'Camiseta', quantity: 2, unitPrice: '50000', tax: '01_19' }] },
	paymentMode: 'single',
	paymentForm: '1',
	paymentMethod: '10',
});

describe('Factus version 2 in a real n8n', () => {
	let sim: FactusSimulator;
	let e2e: ProviderE2E;
	let credential: CredentialSeed;
	const v2 = () => ({ credentials: { factusApi: credential }, typeVersion: 2 });
	let flow: Flow;
	let mixed: Flow;
	let batch: Awaited<ReturnType<ProviderE2E['batch']>>;

	beforeAll(async () => {
		sim = await startFactusSimulator();
		e2e = await ProviderE2E.start('factus-v2.e2e');
		credential = { id: 'factusv2', name: 'Factus account', type: 'factusApi', data: sim.credentials().factusApi as IDataObject };
		await e2e.importCredentials([credential]);
		flow = new Flow('factusv2a', 'Factus v2: bill create → wait → PDF → AttachedDocument')
			.then('Create Bill', FACTUS, billV2('e2e-v2-bill-1-[pendiente]'), v2())
			.then('Wait for DIAN', FACTUS, { resource: 'bill', operation: 'waitForResult', number: '={{ $json.number }}', timeout: 30, options: { interval: 0.2 } }, v2())
			.then('Download PDF', FACTUS, { resource: 'bill', operation: 'downloadPdf', number: '={{ $json.summary.number }}' }, v2())
			.readBinary('PDF Info')
			.readBytes('PDF Bytes', 'data', { keepFile: true })
			.then('Download AttachedDocument', FACTUS, { resource: 'bill', operation: 'downloadAttachedDocument', number: "={{ $('Wait for DIAN').item.json.number }}", binaryPropertyName: 'xml' }, v2())
			.readBinary('XML Info', 'xml')
			.readBytes('XML Bytes', 'xml');
		mixed = new Flow('factusv2b', 'Factus v1 and v2 side by side')
			.then('Lookup v2', FACTUS, { resource: 'lookup', operation: 'numberingRanges', filters: { document: '23' } }, v2())
			.then('Company v1', FACTUS, { resource: 'lookup', operation: 'company' }, { credentials: { factusApi: credential }, typeVersion: 1 });
		await e2e.importWorkflows([flow, mixed]);
		batch = await e2e.batch([flow.id, mixed.id]);
	});

	afterAll(async () => {
		await e2e?.dispose();
		await sim?.stop();
	});

	it('create (pending at DIAN) → Wait for DIAN Result (accepted): one v2 bill, net prices, the node computed the payment', () => {
		const run = batch[flow.id];
		const created = json(run, 'Create Bill');
		const number = String(created.number);
		expect(number).toMatch(/^SETP\d+$/);
		expect(created).toMatchObject({ reference_code: 'e2e-v2-bill-1-[pendiente]', is_validated: false, totals: { total: '119000.00', tax_amount: '19000.00' } });
		expect(created.summary).toMatchObject({ provider: 'Factus', kind: 'invoice', number, status: 'pending', total: 119000 });
		const waited = json(run, 'Wait for DIAN');
		expect(waited.summary).toMatchObject({ number, status: 'accepted', authorityId: expect.stringMatching(/^[0-9a-f]{96}$/) });
		const sent = sim.server.requests({ method: 'POST', path: '/v2/bills/validate' }).map((r) => r.body as IDataObject);
		expect(sent).toEqual([
			expect.objectContaining({
				items: [expect.objectContaining({ price: '50000.00', quantity: '2.00', taxes: [{ code: '01', rate: '19.00' }] })],
				payment_details: [{ payment_form: '1', payment_method_code: '10', amount: '119000.00' }],
			}),
		]);
		expect(sim.v2.created.bill['e2e-v2-bill-1-[pendiente]']).toBe(1);
	});

	it('the PDF and the AttachedDocument reach the next nodes with name, MIME type and the bytes Factus holds', () => {
		const run = batch[flow.id];
		const number = String(json(run, 'Wait for DIAN').number);
		const doc = sim.v2.byNumber('bill', number)!;
		const pdf = only(run, 'Download PDF');
		expect(binaryOf(pdf, 'data')).toMatchObject({ fileName: `${number}.pdf`, mimeType: 'application/pdf' });
		expect(only(run, 'PDF Info').json).toMatchObject({ seenFileName: `${number}.pdf`, seenMimeType: 'application/pdf' });
		expect(bytesRead(only(run, 'PDF Bytes'))).toEqual(pdfV2(doc));
		const xml = only(run, 'Download AttachedDocument');
		expect(binaryOf(xml, 'xml')).toMatchObject({ fileName: `${number}-attached-document.xml`, mimeType: 'application/xml' });
		expect(bytesRead(only(run, 'XML Bytes'), 'fileBase64')).toEqual(attachedDocumentV2(doc));
	});

	it('a version-1 node in the same n8n still speaks API v1; the version-2 node API v2', () => {
		const run = batch[mixed.id];
		expect(json(run, 'Company v1')).toHaveProperty('nit');
		expect(sim.server.requests({ method: 'GET', path: '/v1/company' })).toHaveLength(1);
		expect(sim.server.requests({ method: 'GET', path: '/v2/numbering-ranges' }).length).toBeGreaterThan(0);
	});
});
