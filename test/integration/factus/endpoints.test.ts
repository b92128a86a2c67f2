/**
 * "Done means" 5 (endpoints half): every operation of the node, through n8n-core, against the simulator —
 * and at the end a check that every v1 endpoint of factus.md's table was called.
 */
import type { IDataObject, INodeExecutionData, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { zipEntryNames } from '../../simulators/factus/files';
import { fieldsBill, useFactus } from './helpers';

/** factus.md "v1 endpoints" (plus the token endpoint). */
const V1_ENDPOINTS: Array<[string, RegExp]> = [
	['POST', /^\/oauth\/token$/],
	['POST', /^\/v1\/bills\/validate$/],
	['GET', /^\/v1\/bills$/],
	['GET', /^\/v1\/bills\/show\/[^/]+$/],
	['GET', /^\/v1\/bills\/download-pdf\/[^/]+$/],
	['GET', /^\/v1\/bills\/download-xml\/[^/]+$/],
	['GET', /^\/v1\/bills\/[^/]+\/email-content$/],
	['POST', /^\/v1\/bills\/send-email\/[^/]+$/],
	['DELETE', /^\/v1\/bills\/destroy\/reference\/[^/]+$/],
	['POST', /^\/v1\/credit-notes\/validate$/],
	['GET', /^\/v1\/credit-notes$/],
	['GET', /^\/v1\/credit-notes\/(?!download-)[^/]+$/],
	['GET', /^\/v1\/credit-notes\/download-pdf\/[^/]+$/],
	['GET', /^\/v1\/credit-notes\/download-xml\/[^/]+$/],
	['DELETE', /^\/v1\/credit-notes\/reference\/[^/]+$/],
	['POST', /^\/v1\/support-documents\/validate$/],
	['GET', /^\/v1\/support-documents$/],
	['GET', /^\/v1\/support-documents\/show\/[^/]+$/],
	['GET', /^\/v1\/support-documents\/download-pdf\/[^/]+$/],
	['GET', /^\/v1\/support-documents\/download-xml\/[^/]+$/],
	['DELETE', /^\/v1\/support-documents\/reference\/[^/]+$/],
	['GET', /^\/v1\/numbering-ranges$/],
	['GET', /^\/v1\/numbering-ranges\/\d+$/],
	['GET', /^\/v1\/municipalities$/],
	['GET', /^\/v1\/countries$/],
	['GET', /^\/v1\/tributes\/products$/],
	['GET', /^\/v1\/measurement-units$/],
	['GET', /^\/v1\/dian\/acquirer$/],
	['GET', /^\/v1\/company$/],
	['GET', /^\/v1\/subscriptions\/current$/],
];

describe('Factus node: every operation over HTTP', () => {
	const s = useFactus();
	const called: Array<{ method: string; path: string; status: unknown }> = [];

	afterEach(() => {
		called.push(...s.sim.server.log.map((r) => ({ method: r.method, path: r.path, status: r.status })));
	});

	const run = async (parameters: IDataObject, input?: Array<IDataObject | INodeExecutionData>) => {
		const result = await s.harness.execute(s.node(parameters as never), input);
		expect(result.error).toBeUndefined();
		return result.items;
	};

	const createBill = async (reference: string, extra: IDataObject = {}) => {
		const [item] = await run(fieldsBill(reference, extra as never));
		return item.json.bill as IDataObject;
	};

	describe('Bill', () => {
		it('Get returns the document with its summary', async () => {
			const bill = await createBill('get-1');
			const [item] = await run({ resource: 'bill', operation: 'get', number: bill.number });
			expect(item.json.bill).toMatchObject({ number: bill.number, reference_code: 'get-1', total: '119000.00' });
			expect(item.json.summary).toMatchObject({ number: bill.number, status: 'accepted', total: 119000, links: { qr: expect.stringContaining('documentkey=') } });
		});

		it('Get Many: newest first, the six filters, Limit and Return All', async () => {
			s.sim.seedDocuments(23, { referencePrefix: 'hist-', status: (i) => (i % 5 === 0 ? 'rejected' : 'validated'), customerName: (i) => (i === 7 ? 'Ada Lovelace' : 'Alan Turing') });
			const limited = await run({ resource: 'bill', operation: 'getAll', limit: 12 });
			expect(limited).toHaveLength(12);
			expect(limited[0].json.reference_code).toBe('hist-23');
			expect(limited.map((i) => i.json.id)).toEqual([...limited.map((i) => i.json.id as number)].sort((a, b) => b - a));

			const all = await run({ resource: 'bill', operation: 'getAll', returnAll: true });
			expect(all).toHaveLength(23);
			expect(s.sim.server.requests({ path: '/v1/bills' }).map((r) => [r.query.page, r.query.per_page])).toEqual([
				['1', '12'],
				['1', '100'],
			]);

			const rejected = await run({ resource: 'bill', operation: 'getAll', returnAll: true, filters: { status: '0' } });
			expect(rejected.map((i) => i.json.reference_code)).toEqual(['hist-21', 'hist-16', 'hist-11', 'hist-6', 'hist-1']);
			expect(rejected.every((i) => (i.json.summary as IDataObject).status === 'rejected')).toBe(true);

			const byName = await run({ resource: 'bill', operation: 'getAll', returnAll: true, filters: { names: 'lovelace' } });
			expect(byName.map((i) => i.json.reference_code)).toEqual(['hist-8']);
			const byReference = await run({ resource: 'bill', operation: 'getAll', returnAll: true, filters: { referenceCode: 'hist-3' } });
			expect(byReference).toHaveLength(1);
			const byNumber = await run({ resource: 'bill', operation: 'getAll', returnAll: true, filters: { number: byReference[0].json.number } });
			expect(byNumber.map((i) => i.json.reference_code)).toEqual(['hist-3']);
			const byPrefixAndId = await run({ resource: 'bill', operation: 'getAll', limit: 100, filters: { prefix: 'SETP', identification: '123456789' } });
			expect(byPrefixAndId).toHaveLength(23);
			const filters = s.sim.server.requests({ path: '/v1/bills' }).map((r) => Object.keys(r.query).filter((k) => k.startsWith('filter[') && k !== 'filter[per_page]'));
			expect(new Set(filters.flat())).toEqual(
				new Set(['filter[status]', 'filter[names]', 'filter[reference_code]', 'filter[number]', 'filter[prefix]', 'filter[identification]']),
			);
		});

		it('Get Many follows Laravel pagination to the last page', async () => {
			s.sim.seedDocuments(230);
			const all = await run({ resource: 'bill', operation: 'getAll', returnAll: true });
			expect(all).toHaveLength(230);
			expect(new Set(all.map((i) => i.json.id)).size).toBe(230);
			expect(s.sim.server.requests({ path: '/v1/bills' }).map((r) => r.query.page)).toEqual(['1', '2', '3']);
			const limited = await run({ resource: 'bill', operation: 'getAll', limit: 150 });
			expect(limited).toHaveLength(150);
			// A limit that ends inside a page keeps one page size: the newest 150, each once (not rows 51–100 twice).
			expect(limited.map((i) => i.json.id)).toEqual(all.slice(0, 150).map((i) => i.json.id));

			// Thousands of seeded bills: newest first, and the reference filter still finds one.
			s.sim.seedDocuments(5000, { referencePrefix: 'bulk-', from: new Date(Date.now() + 60_000), spacingMs: 1000 });
			const newest = await run({ resource: 'bill', operation: 'getAll', limit: 3 });
			expect(newest.map((i) => i.json.reference_code)).toEqual(['bulk-5000', 'bulk-4999', 'bulk-4998']);
			const one = await run({ resource: 'bill', operation: 'getAll', returnAll: true, filters: { referenceCode: 'bulk-2500' } });
			expect(one).toHaveLength(1);
		});

		it('Download PDF and XML: binary files named after the bill number', async () => {
			const bill = await createBill('files-1');
			const [pdf] = await run({ resource: 'bill', operation: 'downloadPdf', number: bill.number });
			expect(pdf.binary?.data).toMatchObject({ fileName: `${String(bill.number)}.pdf`, mimeType: 'application/pdf' });
			expect(Buffer.from(pdf.binary!.data.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
			const [xml] = await run({ resource: 'bill', operation: 'downloadXml', number: bill.number, binaryPropertyName: 'xml' });
			expect(xml.binary?.xml).toMatchObject({ fileName: `${String(bill.number)}.xml`, mimeType: 'application/xml' });
			expect(Buffer.from(xml.binary!.xml.data, 'base64').toString()).toContain(`<cbc:ID>${String(bill.number)}</cbc:ID>`);
			expect(xml.json).toMatchObject({ number: bill.number, fileName: `${String(bill.number)}.xml`, factusFileName: expect.stringMatching(/^fv/) });
		});

		it('Get Email Content (ZIP) and Send Email (with and without a PDF of your own)', async () => {
			const bill = await createBill('mail-1');
			const [content] = await run({ resource: 'bill', operation: 'getEmailContent', number: bill.number });
			expect(content.binary?.data).toMatchObject({ fileName: `${String(bill.number)}.zip`, mimeType: 'application/zip' });
			expect(content.json.subject).toContain(String(bill.number));
			const names = zipEntryNames(Buffer.from(content.binary!.data.data, 'base64'));
			expect(names.some((n) => n.endsWith('.pdf')) && names.some((n) => n.endsWith('.xml'))).toBe(true);

			const [sent] = await run({ resource: 'bill', operation: 'sendEmail', number: bill.number, email: 'cliente@example.com' });
			expect(sent.json).toMatchObject({ sent: true, email: 'cliente@example.com' });
			const pdf = Buffer.from('%PDF-1.4 own design');
			await run({ resource: 'bill', operation: 'sendEmail', number: bill.number, email: 'otro@example.com', options: { pdfBinaryProperty: 'data' } }, [
				{ json: {}, binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'own.pdf' } } },
			]);
			expect(s.sim.byNumber('bill', String(bill.number))?.emails).toEqual(['cliente@example.com', 'otro@example.com']);
			expect((s.sim.server.requests({ method: 'POST', path: `/v1/bills/send-email/${String(bill.number)}` })[1].body as IDataObject).pdf_base_64_encoded).toBe(pdf.toString('base64'));
		});

		it('Delete Unvalidated deletes a rejected bill by its reference code', async () => {
			await s.harness.execute(s.node(fieldsBill('del-1', { customerName: 'Z [rechazo]' }), true));
			const [item] = await run({ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: 'del-1' });
			expect(item.json).toMatchObject({ deleted: true, reference_code: 'del-1' });
			expect(s.sim.find('bill', 'del-1')).toBeUndefined();
		});

		it('Wait for DIAN Result: polls with backoff until validated, or rejected, and times out clearly', async () => {
			s.sim.dian.enqueue({ kind: 'pending', showsUntilValid: 3 });
			const pending = await createBill('wait-1');
			const [validated] = await run({ resource: 'bill', operation: 'waitForResult', number: pending.number, timeout: 10, options: { interval: 0.2 } });
			expect(validated.json.summary).toMatchObject({ status: 'accepted', authorityId: expect.stringMatching(/^[0-9a-f]{96}$/) });
			expect(validated.json.waited).toMatchObject({ checks: 3 });
			// Backoff: 0.2 s, then 0.3 s (sleep guarantees the minimum; the arrival stamps add a few ms).
			const shows = s.sim.server.requests({ path: `/v1/bills/show/${String(pending.number)}` }).map((r) => r.at);
			expect(shows[1] - shows[0]).toBeGreaterThanOrEqual(190);
			expect(shows[2] - shows[1]).toBeGreaterThanOrEqual(290);

			s.sim.validatePending();
			s.sim.dian.enqueue({ kind: 'pending', showsUntilValid: 2, then: 'rejected' });
			const doomed = await createBill('wait-2');
			const [rejected] = await run({ resource: 'bill', operation: 'waitForResult', number: doomed.number, timeout: 10, options: { interval: 0.1 } });
			expect(rejected.json.summary).toMatchObject({ status: 'rejected', statusMessage: expect.stringContaining('Rechazo') });
			await run({ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: 'wait-2' });

			s.sim.dian.enqueue({ kind: 'pending', showsUntilValid: 1000 });
			const slow = await createBill('wait-3');
			const timedOut = await s.harness.execute(s.node({ resource: 'bill', operation: 'waitForResult', number: String(slow.number), timeout: 1, options: { interval: 0.2 } }));
			expect(timedOut.error?.message).toBe(`Factus: bill ${String(slow.number)} is still waiting for DIAN after 1 s`);
			const [returned] = await run({ resource: 'bill', operation: 'waitForResult', number: slow.number, timeout: 1, options: { interval: 0.2, onTimeout: 'output' } });
			expect(returned.json).toMatchObject({ timedOut: true, summary: { status: 'pending' } });
		});
	});

	describe('Credit Note', () => {
		it('Create from a bill number: finds bill_id, copies the lines, credits the whole bill', async () => {
			const bill = await createBill('cn-bill-1');
			const [note] = await run({ resource: 'creditNote', operation: 'create', billNumber: bill.number, correctionConcept: 2, referenceCode: 'cn-1' });
			const sent = s.sim.server.requests({ method: 'POST', path: '/v1/credit-notes/validate' })[0].body as IDataObject;
			expect(sent).toMatchObject({ bill_id: bill.id, correction_concept_code: 2, customization_id: 20, reference_code: 'cn-1' });
			expect(sent.bill_number).toBeUndefined();
			expect(sent.items).toEqual([expect.objectContaining({ price: 59500, quantity: 2, tax_rate: '19.00', unit_measure_id: 70 })]);
			expect(note.json.credit_note).toMatchObject({ total: '119000.00', correction_concept: { code: '2' } });
			expect(note.json).toMatchObject({ creditedBill: { id: bill.id, number: bill.number }, summary: { kind: 'creditNote', status: 'accepted', total: 119000 } });
			const [again] = await run({ resource: 'bill', operation: 'get', number: bill.number });
			expect(again.json.credit_notes).toEqual([expect.objectContaining({ reference_code: 'cn-1' })]);
		});

		it('Create with entered lines (partial return); a second one over the remaining balance is refused by Factus', async () => {
			const bill = await createBill('cn-bill-2');
			const partial = {
				resource: 'creditNote',
				operation: 'create',
				billNumber: bill.number,
				correctionConcept: 1,
				linesSource: 'lines',
				lines: { line: [{ description: 'Camiseta devuelta', quantity: 1, unitPrice: 59500, tax: 'IVA_19' }] },
			};
			const [note] = await run({ ...partial, referenceCode: 'cn-2' });
			expect(note.json.credit_note).toMatchObject({ total: '59500.00' });
			const tooMuch = await s.harness.execute(s.node({ ...partial, referenceCode: 'cn-3', lines: { line: [{ description: 'Todo', quantity: 2, unitPrice: 59500, tax: 'IVA_19' }] } } as never, true));
			expect((tooMuch.items[0].json.error as IDataObject).message).toContain('supera el saldo de la factura');
		});

		it('refuses to credit a bill DIAN has not validated (before sending the note)', async () => {
			s.sim.dian.enqueue({ kind: 'pending', showsUntilValid: 100 });
			const bill = await createBill('cn-bill-3');
			const result = await s.harness.execute(s.node({ resource: 'creditNote', operation: 'create', billNumber: bill.number, referenceCode: 'cn-4' } as never, true));
			expect((result.items[0].json.error as IDataObject).message).toBe(`Bill ${String(bill.number)} is not validated by DIAN (pending); a credit note can only correct a validated bill`);
			expect(s.sim.server.count({ method: 'POST', path: '/v1/credit-notes/validate' })).toBe(0);
		});

		it('Get, Get Many, Download PDF / XML and Delete Unvalidated', async () => {
			const bill = await createBill('cn-bill-4');
			const [note] = await run({ resource: 'creditNote', operation: 'create', billNumber: bill.number, referenceCode: 'cn-5' });
			const number = (note.json.credit_note as IDataObject).number;
			const [got] = await run({ resource: 'creditNote', operation: 'get', number });
			expect(got.json.summary).toMatchObject({ kind: 'creditNote', number, authorityId: expect.any(String) });
			const many = await run({ resource: 'creditNote', operation: 'getAll', returnAll: true, filters: { referenceCode: 'cn-5' } });
			expect(many.map((i) => i.json.number)).toEqual([number]);
			const [pdf] = await run({ resource: 'creditNote', operation: 'downloadPdf', number });
			expect(pdf.binary?.data.fileName).toBe(`${String(number)}.pdf`);
			const [xml] = await run({ resource: 'creditNote', operation: 'downloadXml', number });
			expect(xml.binary?.data.fileName).toBe(`${String(number)}.xml`);

			const bill2 = await createBill('cn-bill-5');
			await s.harness.execute(s.node({ resource: 'creditNote', operation: 'create', billNumber: bill2.number, referenceCode: 'cn-6-[rechazo]' } as never, true));
			const [deleted] = await run({ resource: 'creditNote', operation: 'deleteUnvalidated', referenceCode: 'cn-6-[rechazo]' });
			expect(deleted.json).toMatchObject({ deleted: true });
			expect(s.sim.deleted.creditNote).toEqual(['cn-6-[rechazo]']);
		});
	});

	describe('Support Document', () => {
		const supportDocument = (reference: string, name = 'Transportes Pérez') => ({
			resource: 'supportDocument',
			operation: 'create',
			referenceCode: reference,
			idType: 3,
			idNumber: '1109780065',
			customerName: name,
			municipality: { __rl: true, mode: 'id', value: '1041' },
			lines: { line: [{ description: 'Flete Bogotá - San Gil', quantity: 1, unitPrice: 350000, withholdings: { reteRenta: 1 } }] },
		});

		it('Create, Get, Get Many, Download PDF / XML and Delete Unvalidated', async () => {
			const [created] = await run(supportDocument('ds-1'));
			expect(created.json.support_document).toMatchObject({ total: '350000.00', status: 1 });
			expect(created.json.withholding_taxes).toEqual([{ tribute_code: '06', name: 'ReteRenta', value: '3500.00' }]);
			expect(created.json.summary).toMatchObject({ kind: 'supportDocument', status: 'accepted', total: 350000 });
			const sent = s.sim.server.requests({ method: 'POST', path: '/v1/support-documents/validate' })[0].body as IDataObject;
			expect(sent.provider).toMatchObject({ identification_document_id: 3, names: 'Transportes Pérez', is_resident: 1, country_code: 'CO', municipality_id: 1041 });
			expect((sent.items as IDataObject[])[0].tax_rate).toBeUndefined();

			const number = (created.json.support_document as IDataObject).number;
			const [got] = await run({ resource: 'supportDocument', operation: 'get', number });
			expect(got.json.summary).toMatchObject({ number, authorityId: expect.any(String) });
			const many = await run({ resource: 'supportDocument', operation: 'getAll', returnAll: true });
			expect(many).toHaveLength(1);
			const [pdf] = await run({ resource: 'supportDocument', operation: 'downloadPdf', number });
			expect(pdf.binary?.data.fileName).toBe(`${String(number)}.pdf`);
			const [xml] = await run({ resource: 'supportDocument', operation: 'downloadXml', number });
			expect(xml.binary?.data.fileName).toBe(`${String(number)}.xml`);

			await s.harness.execute(s.node(supportDocument('ds-2', 'Proveedor [rechazo]') as never, true));
			const [deleted] = await run({ resource: 'supportDocument', operation: 'deleteUnvalidated', referenceCode: 'ds-2' });
			expect(deleted.json).toMatchObject({ deleted: true, reference_code: 'ds-2' });
		});
	});

	describe('Lookup', () => {
		it('DIAN acquirer, numbering ranges (list and by ID), company and subscription', async () => {
			const [acquirer] = await run({ resource: 'lookup', operation: 'acquirer', idType: 6, idNumber: '900825759' });
			expect(acquirer.json).toMatchObject({ name: 'HALLTEC S.A.S.', email: expect.stringContaining('@') });
			const missing = await s.harness.execute(s.node({ resource: 'lookup', operation: 'acquirer', idType: 3, idNumber: '1' } as never, true));
			expect((missing.items[0].json.error as IDataObject).message).toBe('Factus: No se encontró información del adquiriente en la DIAN');

			const ranges = await run({ resource: 'lookup', operation: 'numberingRanges', filters: { document: '21', isActive: true } });
			expect(ranges.map((r) => r.json.id)).toEqual([4]);
			const [one] = await run({ resource: 'lookup', operation: 'numberingRanges', rangeId: 67 });
			expect(one.json).toMatchObject({ id: 67, prefix: 'FTP' });

			const [company] = await run({ resource: 'lookup', operation: 'company' });
			expect(company.json).toMatchObject({ nit: '900825759', dv: '7' });
			await createBill('sub-1');
			const [subscription] = await run({ resource: 'lookup', operation: 'subscription' });
			expect(subscription.json).toMatchObject({ documents: { used: 1, remaining: 4999 } });
		});

		it('catalogs with a name filter: municipalities (San Gil = 980), tributes, units (unidad = 70), countries', async () => {
			const municipalities = await run({ resource: 'lookup', operation: 'municipalities', name: 'san gil' });
			expect(municipalities.map((m) => m.json)).toEqual([{ id: 980, code: '68679', name: 'San Gil', department: 'Santander' }]);
			const all = await run({ resource: 'lookup', operation: 'municipalities', returnAll: true });
			expect(all).toHaveLength(1122);
			const tributes = await run({ resource: 'lookup', operation: 'productTributes', name: 'rete' });
			expect(tributes.map((t) => [t.json.id, t.json.code])).toEqual([
				[5, '05'],
				[6, '06'],
				[7, '07'],
			]);
			const units = await run({ resource: 'lookup', operation: 'measurementUnits', name: 'unidad', limit: 500 });
			expect(units.map((u) => u.json)).toContainEqual({ id: 70, code: '94', name: 'unidad' });
			const countries = await run({ resource: 'lookup', operation: 'countries', name: 'colombia' });
			expect(countries.map((c) => c.json.code)).toEqual(['CO']);
			expect(s.sim.server.requests({ path: '/v1/municipalities' })[0].query).toEqual({ name: 'san gil' });
		});
	});

	describe('editor lists (loadOptions / listSearch)', () => {
		const spec = (resource: string) => s.node({ resource, operation: 'create' });

		it('numbering ranges per document kind, with "Automatic" first', async () => {
			const bill = (await s.harness.loadOptions(spec('bill'), 'getBillNumberingRanges')) as INodePropertyOptions[];
			expect(bill.map((o) => o.value)).toEqual(['', 4, 67]);
			expect(bill[1].name).toBe('SETP — Factura de Venta (990000000–995000000, resolution 18760000001)');
			expect((await s.harness.loadOptions(spec('creditNote'), 'getCreditNoteNumberingRanges')) as INodePropertyOptions[]).toEqual([
				expect.objectContaining({ value: '' }),
				expect.objectContaining({ value: 5 }),
			]);
			const support = (await s.harness.loadOptions(spec('supportDocument'), 'getSupportDocumentNumberingRanges')) as INodePropertyOptions[];
			expect(support.map((o) => o.value)).toEqual(['', 6]);
		});

		it('measurement units and the searchable municipality list', async () => {
			const units = (await s.harness.loadOptions(spec('bill'), 'getMeasurementUnits')) as INodePropertyOptions[];
			expect(units).toContainEqual({ name: 'unidad (94)', value: 70 });
			const found = (await s.harness.loadOptions(spec('bill'), 'searchMunicipalities', { kind: 'listSearch', filter: 'gil' })) as INodeListSearchResult;
			expect(found.results).toContainEqual({ name: 'San Gil (Santander) — 68679', value: '980' });
			const first = (await s.harness.loadOptions(spec('bill'), 'searchMunicipalities', { kind: 'listSearch' })) as INodeListSearchResult;
			expect(first.results).toHaveLength(100);
			expect(first.paginationToken).toBe('100');
			const last = (await s.harness.loadOptions(spec('bill'), 'searchMunicipalities', { kind: 'listSearch', paginationToken: '1100' })) as INodeListSearchResult;
			expect(last.results).toHaveLength(22);
			expect(last.paginationToken).toBeUndefined();
		});
	});

	describe('coverage (runs last)', () => {
		it('every v1 endpoint of the contract was exercised', () => {
			expect(called.length).toBeGreaterThan(100);
			const missing = V1_ENDPOINTS.filter(([method, pattern]) => !called.some((c) => c.method === method && pattern.test(c.path) && c.status !== 404));
			expect(missing.map(([method, pattern]) => `${method} ${pattern.source}`)).toEqual([]);
		});
	});
});
