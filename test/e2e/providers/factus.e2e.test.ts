/**
 * Factus inside a real n8n (the built package loaded as custom extensions), against the Factus
 * simulator running in this jest process:
 * - bill: create & validate (pending at DIAN) → wait for DIAN result → get → download PDF, XML and the
 *   e-mail ZIP, each file reaching the next nodes with its name, MIME type and bytes (binary data on disk,
 *   n8n's filesystem mode, like every e2e suite), the PDF sent back as the e-mail attachment;
 * - credit note from the bill number; support document; a pending bill deleted as unvalidated (explicit option);
 * - Continue On Fail: local validation errors and a 404 become error items in place;
 * - the credential used by n8n's HTTP Request node (Predefined Credential Type);
 * - the OAuth token: the token n8n saved after the password login is used by the next execution, the
 *   simulator expires it (3-second lifetime), and one renewal (refresh grant) serves every item and is
 *   saved in its place;
 * - DIAN's rejection as the workflow's error, and no token, password or client secret in n8n's output,
 *   database or run files.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FactusSimulator, StoredDocument } from '../../simulators/factus';
import { startFactusSimulator } from '../../simulators/factus';
import { zipEntryNames } from '../../simulators/factus/files';
import type { CredentialSeed } from '../runtime/instance';
import { binaryOf, bytesRead, errorOf, Flow, items, json, nodeType, only, ProviderE2E, secretsSeen, sleep } from './support';

const FACTUS = nodeType('factus');
const CREATE_BILL = { method: 'POST', path: '/v1/bills/validate' };

/** A bill as a no-code user fills it in: 2 × 59,500 with IVA 19 % included → total 119,000. */
const bill = (referenceCode: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'bill',
	operation: 'create',
	inputMode: 'fields',
	referenceCode,
	idType: 3,
	idNumber: '123456789',
	customerName: 'Alan Turing',
	municipality: { __rl: true, mode: 'list', value: '980' },
	customerDetails: { email: 'alan.turing@example.com' },
	lines: { line: [{ code: 'SKU-1', description: 'Camiseta', quantity: 2, unitPrice: 59500, tax: 'IVA_19' }] },
	...extra,
});

/** The simulator's own rendering of a document's files (what Factus holds), to compare bytes with. */
const simFile = (sim: FactusSimulator, doc: StoredDocument, type: 'pdf' | 'xml'): Buffer => (sim[type] as (d: StoredDocument) => Buffer).call(sim, doc);

describe('Factus in a real n8n', () => {
	let sim: FactusSimulator;
	let e2e: ProviderE2E;
	let credential: CredentialSeed;
	/** Same user, own stored token: only the token test uses it. */
	let tokenCredential: CredentialSeed;
	const use = (c = () => credential) => ({ credentials: { factusApi: c() } });
	const number = (from: string) => `={{ $('${from}').item.json.bill.number }}`;

	const flows = () => ({
		bill: new Flow('factus1', 'Factus: bill create → wait → get → files')
			.then('Create Bill', FACTUS, bill('e2e-bill-1-[pendiente]'), use())
			.then('Wait for DIAN', FACTUS, { resource: 'bill', operation: 'waitForResult', number: '={{ $json.bill.number }}', timeout: 30, options: { interval: 0.2 } }, use())
			.then('Get Bill', FACTUS, { resource: 'bill', operation: 'get', number: '={{ $json.bill.number }}' }, use())
			.then('Download PDF', FACTUS, { resource: 'bill', operation: 'downloadPdf', number: '={{ $json.bill.number }}' }, use())
			.readBinary('PDF Info')
			.readBytes('PDF Bytes', 'data', { keepFile: true })
			// The downloaded PDF sent back as the bill's e-mail attachment: binary input read from disk.
			.then(
				'Send Email',
				FACTUS,
				{ resource: 'bill', operation: 'sendEmail', number: number('Get Bill'), email: 'cliente@example.com', options: { pdfBinaryProperty: 'data' } },
				use(),
			)
			.then('Download XML', FACTUS, { resource: 'bill', operation: 'downloadXml', number: number('Get Bill'), binaryPropertyName: 'xml' }, use())
			.readBinary('XML Info', 'xml')
			.readBytes('XML Bytes', 'xml')
			.then('Email Content', FACTUS, { resource: 'bill', operation: 'getEmailContent', number: number('Get Bill') }, use())
			.readBinary('ZIP Info')
			.readBytes('ZIP Bytes'),
		creditNote: new Flow('factus2', 'Factus: credit note from the bill number')
			.then('Create Bill', FACTUS, bill('e2e-bill-2'), use())
			.then(
				'Credit Note',
				FACTUS,
				{ resource: 'creditNote', operation: 'create', billNumber: '={{ $json.bill.number }}', correctionConcept: 2, referenceCode: 'e2e-cn-2' },
				use(),
			)
			.then('Credit Note PDF', FACTUS, { resource: 'creditNote', operation: 'downloadPdf', number: '={{ $json.credit_note.number }}' }, use())
			.readBinary('Credit Note PDF Info'),
		supportDocument: new Flow('factus8', 'Factus: support document create → get → PDF')
			.then(
				'Create Support Document',
				FACTUS,
				{
					resource: 'supportDocument',
					operation: 'create',
					referenceCode: 'e2e-ds-8',
					idType: 3,
					idNumber: '1109780065',
					customerName: 'Transportes Pérez',
					municipality: { __rl: true, mode: 'id', value: '1041' },
					lines: { line: [{ description: 'Flete Bogotá - San Gil', quantity: 1, unitPrice: 350000, withholdings: { reteRenta: 1 } }] },
				},
				use(),
			)
			.then('Get Support Document', FACTUS, { resource: 'supportDocument', operation: 'get', number: '={{ $json.support_document.number }}' }, use())
			.then('Support Document PDF', FACTUS, { resource: 'supportDocument', operation: 'downloadPdf', number: '={{ $json.support_document.number }}' }, use())
			.readBinary('Support Document PDF Info'),
		deletePending: new Flow('factus3', 'Factus: delete a bill DIAN has not answered')
			.then('Create Bill', FACTUS, bill('e2e-bill-3-[pendiente]'), use())
			.then(
				'Delete Unvalidated',
				FACTUS,
				{ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: '={{ $json.bill.reference_code }}', options: { allowPending: true } },
				use(),
			),
		continueOnFail: new Flow('factus4', 'Factus: Continue On Fail')
			.items('Orders', [
				{ ref: 'e2e-cof-a', idType: 3, id: '1109780065', qty: 1 },
				// Not a whole quantity (v1 has none).
				{ ref: 'e2e-cof-b', idType: 3, id: '1109780065', qty: 1.5 },
				{ ref: 'e2e-cof-c', idType: 3, id: '1109780066', qty: 3 },
				// A NIT without its check digit.
				{ ref: 'e2e-cof-d', idType: 6, id: '900825759', qty: 1 },
			])
			.then(
				'Create Bills',
				FACTUS,
				bill('={{ $json.ref }}', {
					idType: '={{ $json.idType }}',
					idNumber: '={{ $json.id }}',
					lines: { line: [{ code: 'SKU-1', description: 'Camiseta', quantity: '={{ $json.qty }}', unitPrice: 59500, tax: 'IVA_19' }] },
				}),
				{ ...use(), continueOnFail: true },
			)
			.then(
				'Get Bills',
				FACTUS,
				// The failed items have no bill: a number Factus does not have → 404.
				{ resource: 'bill', operation: 'get', number: "={{ $json.bill ? $json.bill.number : 'SETP990999999' }}" },
				{ ...use(), continueOnFail: true },
			),
		httpRequest: new Flow('factus7', 'Factus: the credential in an HTTP Request node').then(
			'Subscription (HTTP Request)',
			'n8n-nodes-base.httpRequest',
			{ method: 'GET', url: `${sim.url}/v1/subscriptions/current`, authentication: 'predefinedCredentialType', nodeCredentialType: 'factusApi', options: {} },
			{ ...use(), typeVersion: 4.2 },
		),
		failing: new Flow('factus6', 'Factus: a bill DIAN rejects').then('Create Bill', FACTUS, bill('e2e-bill-6', { customerName: 'Empresa [rechazo]' }), use()),
		token: new Flow('factus5', 'Factus: token reuse and renewal')
			.items('Three Items', [{ n: 1 }, { n: 2 }, { n: 3 }])
			.then('Company', FACTUS, { resource: 'lookup', operation: 'company' }, use(() => tokenCredential)),
	});

	let f: ReturnType<typeof flows>;
	let batch: Awaited<ReturnType<ProviderE2E['batch']>>;
	let loginsInBatch = 0;
	/** Tokens exported from n8n by the token test (also searched for leaks). */
	const savedTokens: string[] = [];

	beforeAll(async () => {
		sim = await startFactusSimulator();
		e2e = await ProviderE2E.start('factus.e2e');
		const data = sim.credentials().factusApi as IDataObject;
		credential = { id: 'factus1', name: 'Factus account', type: 'factusApi', data };
		tokenCredential = { id: 'factus2', name: 'Factus token check', type: 'factusApi', data };
		await e2e.importCredentials([credential, tokenCredential]);
		f = flows();
		await e2e.importWorkflows(Object.values(f));
		batch = await e2e.batch([f.bill.id, f.creditNote.id, f.supportDocument.id, f.deletePending.id, f.continueOnFail.id, f.httpRequest.id]);
		loginsInBatch = sim.counters.passwordLogins + sim.counters.refreshes;
	});

	afterAll(async () => {
		await e2e?.dispose();
		await sim?.stop();
	});

	it('bill: create & validate (pending) → wait for DIAN (accepted) → get', () => {
		const run = batch[f.bill.id];
		const created = json(run, 'Create Bill');
		const number = String((created.bill as IDataObject).number);
		expect(number).toMatch(/^SETP\d+$/);
		expect(created.bill).toMatchObject({ reference_code: 'e2e-bill-1-[pendiente]', total: '119000.00', status: 0 });
		expect(created.summary).toMatchObject({ provider: 'Factus', kind: 'invoice', number, status: 'pending', total: 119000, currency: 'COP' });

		const waited = json(run, 'Wait for DIAN');
		expect(waited.summary).toMatchObject({ number, status: 'accepted', authorityId: expect.stringMatching(/^[0-9a-f]{96}$/) });
		// The simulator answers a pending bill on its second check.
		expect(waited.waited).toMatchObject({ checks: 2 });

		const got = json(run, 'Get Bill');
		expect(got.bill).toMatchObject({ number, status: 1, cufe: waited.summary.authorityId, total: '119000.00' });
		expect(got.summary).toMatchObject({ status: 'accepted', total: 119000, links: { qr: expect.stringContaining('documentkey=') } });
		expect(sim.find('bill', 'e2e-bill-1-[pendiente]')).toMatchObject({ number, status: 1 });
		expect(sim.created.bill['e2e-bill-1-[pendiente]']).toBe(1);
	});

	it('bill files: PDF, XML and the e-mail ZIP reach the next nodes with name, MIME type and the bytes Factus holds', () => {
		const run = batch[f.bill.id];
		const number = String((json(run, 'Get Bill').bill as IDataObject).number);
		const doc = sim.byNumber('bill', number)!;
		const files = [
			{ download: 'Download PDF', info: 'PDF Info', bytes: 'PDF Bytes', property: 'data', ext: 'pdf', mimeType: 'application/pdf', expected: simFile(sim, doc, 'pdf') },
			{ download: 'Download XML', info: 'XML Info', bytes: 'XML Bytes', property: 'xml', ext: 'xml', mimeType: 'application/xml', expected: simFile(sim, doc, 'xml') },
			{ download: 'Email Content', info: 'ZIP Info', bytes: 'ZIP Bytes', property: 'data', ext: 'zip', mimeType: 'application/zip', expected: undefined },
		];
		for (const file of files) {
			const fileName = `${number}.${file.ext}`;
			const download = only(run, file.download);
			expect(download.json).toMatchObject({ number, fileName, mimeType: file.mimeType });
			expect(binaryOf(download, file.property)).toMatchObject({ fileName, mimeType: file.mimeType, fileExtension: file.ext });
			expect(only(run, file.info).json).toMatchObject({ seenFileName: fileName, seenMimeType: file.mimeType, seenFileExtension: file.ext });
			// Filesystem mode: the run holds a reference; the next node read the bytes from disk.
			expect(binaryOf(download, file.property).id).toMatch(/^filesystem-v2:/);
			const bytes = bytesRead(only(run, file.bytes));
			expect(e2e.sandbox.storedBinary(binaryOf(download, file.property))).toEqual(bytes);
			if (file.expected) expect(bytes).toEqual(file.expected);
		}
		expect(bytesRead(only(run, 'PDF Bytes')).subarray(0, 5).toString()).toBe('%PDF-');
		expect(bytesRead(only(run, 'XML Bytes')).toString('utf8')).toContain(`<cbc:UUID>${doc.authorityId}</cbc:UUID>`);
		const zipNames = zipEntryNames(bytesRead(only(run, 'ZIP Bytes')));
		expect(zipNames).toHaveLength(2);
		expect(zipNames.filter((n) => n.endsWith('.pdf'))).toHaveLength(1);
		expect(zipNames.filter((n) => n.endsWith('.xml'))).toHaveLength(1);
		expect(only(run, 'Email Content').json.subject).toContain(number);
	});

	it('send e-mail with the downloaded PDF as attachment: a binary input read from disk reaches Factus intact', () => {
		const run = batch[f.bill.id];
		const number = String((json(run, 'Get Bill').bill as IDataObject).number);
		expect(json(run, 'Send Email')).toMatchObject({ sent: true, number, email: 'cliente@example.com' });
		const sent = sim.server.requests({ method: 'POST', path: `/v1/bills/send-email/${number}` }).map((r) => r.body as IDataObject);
		expect(sent).toHaveLength(1);
		expect(Buffer.from(String(sent[0].pdf_base_64_encoded), 'base64')).toEqual(simFile(sim, sim.byNumber('bill', number)!, 'pdf'));
		expect(sim.byNumber('bill', number)?.emails).toEqual(['cliente@example.com']);
	});

	it('credit note: created from the bill number (bill_id found by the node), its PDF named after the note', () => {
		const run = batch[f.creditNote.id];
		const created = json(run, 'Create Bill');
		const billDoc = created.bill as IDataObject;
		const note = json(run, 'Credit Note');
		const noteNumber = String((note.credit_note as IDataObject).number);
		expect(note.credit_note).toMatchObject({ reference_code: 'e2e-cn-2', total: '119000.00', correction_concept: { code: '2' } });
		expect(note).toMatchObject({ creditedBill: { id: billDoc.id, number: billDoc.number } });
		expect(note.summary).toMatchObject({ kind: 'creditNote', status: 'accepted', total: 119000, authorityId: expect.stringMatching(/^[0-9a-f]{96}$/) });
		const sent = sim.server.requests({ method: 'POST', path: '/v1/credit-notes/validate' }).map((r) => r.body as IDataObject);
		expect(sent).toEqual([expect.objectContaining({ bill_id: billDoc.id, correction_concept_code: 2, reference_code: 'e2e-cn-2' })]);
		expect(sim.created.creditNote).toEqual({ 'e2e-cn-2': 1 });
		expect(sim.find('creditNote', 'e2e-cn-2')).toMatchObject({ number: noteNumber, billId: billDoc.id, status: 1 });
		expect(only(run, 'Credit Note PDF Info').json).toMatchObject({ seenFileName: `${noteNumber}.pdf`, seenMimeType: 'application/pdf' });
	});

	it('support document: create (ReteRenta withheld) → get → PDF named after the document', () => {
		const run = batch[f.supportDocument.id];
		const created = json(run, 'Create Support Document');
		const number = String((created.support_document as IDataObject).number);
		expect(created.support_document).toMatchObject({ reference_code: 'e2e-ds-8', total: '350000.00', status: 1 });
		expect(created.withholding_taxes).toEqual([{ tribute_code: '06', name: 'ReteRenta', value: '3500.00' }]);
		expect(created.summary).toMatchObject({ kind: 'supportDocument', status: 'accepted', total: 350000, authorityId: expect.any(String) });
		expect(json(run, 'Get Support Document').summary).toMatchObject({ number, status: 'accepted' });
		expect(only(run, 'Support Document PDF Info').json).toMatchObject({ seenFileName: `${number}.pdf`, seenMimeType: 'application/pdf' });
		expect(sim.created.supportDocument).toEqual({ 'e2e-ds-8': 1 });
	});

	it('delete unvalidated: a bill DIAN has not answered is deleted only with the explicit option', () => {
		const run = batch[f.deletePending.id];
		expect(json(run, 'Create Bill').summary).toMatchObject({ status: 'pending' });
		expect(json(run, 'Delete Unvalidated')).toMatchObject({ deleted: true, reference_code: 'e2e-bill-3-[pendiente]' });
		expect(sim.deleted.bill).toEqual(['e2e-bill-3-[pendiente]']);
		expect(sim.find('bill', 'e2e-bill-3-[pendiente]')).toBeUndefined();
	});

	it('Continue On Fail: validation errors and a 404 become error items in place, nothing sent for invalid items', () => {
		const run = batch[f.continueOnFail.id];
		const created = items(run, 'Create Bills');
		expect(created.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(created.map((i) => (i.json.bill as IDataObject | undefined)?.reference_code)).toEqual(['e2e-cof-a', undefined, 'e2e-cof-c', undefined]);
		expect(created[2].json.summary).toMatchObject({ status: 'accepted', total: 178500 });

		expect(errorOf(created[1])).toEqual({
			message: 'The bill has 1 problem; nothing was sent to Factus',
			// The field the user filled in, with Factus's path next to it (the shared problems collector).
			description: 'Lines › Line 1 › Quantity (items.0.quantity): 1.5 is not a whole number; Factus v1 accepts whole quantities only',
			fields: { 'Lines › Line 1 › Quantity (items.0.quantity)': ['1.5 is not a whole number; Factus v1 accepts whole quantities only'] },
			provider: 'Factus',
		});
		expect(errorOf(created[3])).toMatchObject({
			message: 'The bill has 1 problem; nothing was sent to Factus',
			fields: { 'Customer Details › DV (NIT Check Digit) (customer.dv)': ['is required for a NIT (for 900825759 it is 7)'] },
			provider: 'Factus',
		});
		expect(errorOf(created[3]).httpCode).toBeUndefined();
		expect(Object.keys(sim.created.bill).filter((r) => r.startsWith('e2e-cof-')).sort()).toEqual(['e2e-cof-a', 'e2e-cof-c']);
		expect(sim.server.requests(CREATE_BILL).map((r) => (r.body as IDataObject).reference_code).filter((r) => String(r).startsWith('e2e-cof-'))).toEqual([
			'e2e-cof-a',
			'e2e-cof-c',
		]);

		const got = items(run, 'Get Bills');
		expect(got.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(got.map((i) => (i.json.bill as IDataObject | undefined)?.reference_code)).toEqual(['e2e-cof-a', undefined, 'e2e-cof-c', undefined]);
		for (const index of [1, 3]) {
			expect(errorOf(got[index])).toMatchObject({ provider: 'Factus', httpCode: 404, code: 'not_found', message: 'Factus: La factura con número SETP990999999 no existe' });
		}
	});

	it("the credential works in n8n's HTTP Request node (Predefined Credential Type: Factus API)", () => {
		const answer = json(batch[f.httpRequest.id], 'Subscription (HTTP Request)');
		expect(answer).toMatchObject({ status: 'OK', data: { documents: expect.any(Object) } });
		const request = sim.server.requests({ path: '/v1/subscriptions/current' }).at(-1)!;
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
	});

	it('the token saved after the first login serves every later execution of the batch (one login)', () => {
		expect(loginsInBatch).toBe(1);
		expect(sim.counters.passwordLogins).toBe(1);
	});

	it('token: saved by n8n, reused by the next execution, renewed once after expiry (refresh grant) and saved again', async () => {
		// Short, but long enough that execution 1 (login, then three requests within milliseconds) never
		// outlives it even on a slow machine.
		sim.tokenTtlSeconds = 3;
		const before = { ...sim.counters };
		const first = await e2e.execute(f.token.id);
		expect(items(first.data, 'Company').map((i) => i.json.nit)).toEqual(['900825759', '900825759', '900825759']);
		expect(sim.counters.passwordLogins - before.passwordLogins).toBe(1);
		const saved1 = await e2e.exportCredential(tokenCredential.id);
		expect(saved1).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenOwner: expect.any(String) });
		const issued = sim.tokens.check(String(saved1.accessToken));
		expect(typeof issued === 'object' || issued === 'expired').toBe(true);

		// Past the lifetime of the saved token (counted from the login).
		const loginAt = sim.server.requests({ path: '/oauth/token' }).at(-1)!.at;
		await sleep(Math.max(0, loginAt + 3500 - Date.now()));
		expect(sim.tokens.check(String(saved1.accessToken))).toBe('expired');
		const logged = sim.server.requests().length;
		const renewed = await e2e.execute(f.token.id);
		expect(items(renewed.data, 'Company')).toHaveLength(3);

		// The first request of the second execution carried the token n8n had saved.
		const requests = sim.server.requests().slice(logged);
		expect(requests[0]).toMatchObject({ path: '/v1/company', status: 401 });
		expect(requests[0].headers.authorization).toBe(`Bearer ${String(saved1.accessToken)}`);
		// One renewal for the three items, by the refresh grant; no new password login.
		expect(sim.counters.refreshes - before.refreshes).toBe(1);
		expect(sim.counters.passwordLogins - before.passwordLogins).toBe(1);
		expect(requests.filter((r) => r.path === '/oauth/token').map((r) => (r.body as IDataObject).grant_type)).toEqual(['refresh_token']);
		expect(requests.filter((r) => r.path === '/v1/company' && r.status === 200)).toHaveLength(3);

		const saved2 = await e2e.exportCredential(tokenCredential.id);
		savedTokens.push(...[saved1, saved2].flatMap((c) => [String(c.accessToken), String(c.refreshToken)]));
		expect(saved2.accessToken).not.toBe(saved1.accessToken);
		expect(saved2.refreshToken).not.toBe(saved1.refreshToken);
		expect(requests.filter((r) => r.status === 200).every((r) => r.path === '/oauth/token' || r.headers.authorization === `Bearer ${String(saved2.accessToken)}`)).toBe(true);
	});

	it('a failing workflow: DIAN\'s rejection is the error n8n shows; no token, password or client secret leaks anywhere', async () => {
		const res = await e2e.execute(f.failing.id, { expectOk: false });
		expect(res.ok).toBe(false);
		expect(res.data?.data.resultData.lastNodeExecuted).toBe('Create Bill');
		const error = res.data?.data.resultData.error as unknown as { message: string; description: string; httpCode: string; context: IDataObject };
		expect(error.message).toContain('Regla: FAJ43b, Rechazo: Nombre informado No corresponde');
		expect(error.httpCode).toBe('422');

		const secrets = [
			...secretsSeen(sim.server.requests(), ['password', 'client_secret', 'refresh_token']),
			...savedTokens,
			sim.user.password,
			sim.client.clientSecret,
		];
		expect(secrets.length).toBeGreaterThan(5);
		const number = String((json(batch[f.bill.id], 'Get Bill').bill as IDataObject).number);
		expect(e2e.findInSandbox([number])[number]).toContain('database');
		expect(e2e.findInSandbox(secrets)).toEqual({});
	});
});
