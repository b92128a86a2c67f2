/**
 * The Factus v2 simulator's contract beyond money: per-field 422s, reference-code uniqueness, the
 * pending-document block, DIAN outcomes (steered like v1), lists with filters and pagination, files,
 * e-mail, deletes, notes by number, and the guard it shares with v1 (token, rate limit, faults).
 */
import { FACTUS_V2_EXAMPLES } from '../../fixtures/factus-v2-examples';
import { zipEntryNames } from '../../simulators/factus/files';

import { useV2, withChanges } from './v2Client';

const bill = (reference: string, changes: Record<string, unknown> = {}) =>
	withChanges(FACTUS_V2_EXAMPLES.estandar.body, { reference_code: reference, numbering_range_id: 4, ...changes });

describe('Factus v2 simulator: documents', () => {
	const s = useV2();

	const create = async (reference: string, changes: Record<string, unknown> = {}) => await s.api.post('/v2/bills/validate', bill(reference, changes));

	it('answers a missing or wrong field with a per-field 422, before anything is stored', async () => {
		const body = bill('bad-1', {
			payment_details: [{ payment_form: '2', payment_method_code: '99', amount: '83300' }],
			customer: { identification_document_code: '6', identification: '1', legal_organization_code: '1', municipality_code: '980' },
			items: [{ name: 'x', quantity: '1.005', price: '10', unit_measure_code: '70', standard_code: '999', taxes: [{ code: '02', rate: '19.00' }] }],
		});
		const { status, body: answer } = await s.api.post('/v2/bills/validate', body);
		expect(status).toBe(422);
		expect(answer.errors).toEqual({
			'payment_details.0.payment_method_code': ['El campo payment_details.0.payment_method_code seleccionado no es válido.'],
			'payment_details.0.due_date': ['El campo payment_details.0.due_date es obligatorio cuando payment_details.0.payment_form es 2.'],
			'customer.identification_document_code': ['El campo customer.identification_document_code seleccionado no es válido.'],
			'customer.municipality_code': ['El campo customer.municipality_code seleccionado no es válido.'],
			'customer.company': ['El campo customer.company es obligatorio cuando customer.legal_organization_code es 1.'],
			'items.0.code_reference': ['El campo items.0.code_reference es obligatorio.'],
			'items.0.quantity': ['El campo items.0.quantity debe ser un número con máximo 2 decimales.'],
			'items.0.unit_measure_code': ['El campo items.0.unit_measure_code seleccionado no es válido.'],
			'items.0.taxes.0.code': ['El campo items.0.taxes.0.code seleccionado no es válido.'],
		});
		expect(answer.message).toBe('El campo payment_details.0.payment_method_code seleccionado no es válido. (and 8 more errors)');
		expect(s.sim.v2.documents.bill).toHaveLength(0);
	});

	it('checks the invoice types: Mandatos needs scheme_id and the mandate, SS-CUFE the health data, 03 related documents', async () => {
		const mandate = FACTUS_V2_EXAMPLES.mandatos.body as { items: Array<Record<string, unknown>> };
		const items: Array<Record<string, unknown>> = mandate.items.map((i, n) => ({ ...i, scheme_id: n === 0 ? '1' : undefined, mandate: undefined }));
		const mandatos = await s.api.post('/v2/bills/validate', withChanges(mandate, { numbering_range_id: 4, items }));
		expect(mandatos.body.errors).toEqual({
			'items.0.mandate': ['El campo items.0.mandate es obligatorio cuando items.0.scheme_id es 1.'],
			'items.1.scheme_id': ['El campo items.1.scheme_id es obligatorio.'],
		});
		const health = await s.api.post('/v2/bills/validate', withChanges(FACTUS_V2_EXAMPLES.ssCufe.body, { health: undefined }));
		expect(health.body.errors).toEqual({ health: ['El campo health es obligatorio cuando operation_type es SS-CUFE.'] });
		const paper = await create('paper-1', { document: '03', numbering_range_id: 67 });
		expect(paper.body.errors).toEqual({ related_documents: ['El campo related_documents es obligatorio.'] });
	});

	it('reference_code: a validated one is taken (422), a pending one is re-checked without a duplicate', async () => {
		expect((await create('dup-1')).status).toBe(201);
		const again = await create('dup-1');
		expect(again.status).toBe(422);
		expect(again.body.errors).toEqual({ reference_code: ['El campo reference_code ya ha sido registrado.'] });

		s.sim.dian.enqueue({ kind: 'pending', showsUntilValid: 2 });
		const pending = await create('slow-1');
		expect(pending.status).toBe(201);
		expect(pending.body.data).toMatchObject({ is_validated: false, validated_at: null, cufe: null, errors: [] });
		const resent = await create('slow-1');
		expect(resent.body.data.number).toBe(pending.body.data.number);
		expect(resent.body.data.is_validated).toBe(false);
		const shown = await s.api.get(`/v2/bills/${pending.body.data.number}`);
		expect(shown.body.data).toMatchObject({ is_validated: true, validated_at: expect.stringMatching(/^\d\d-\d\d-\d{4} \d\d:\d\d:\d\d [AP]M$/) });
		expect(s.sim.v2.created.bill['slow-1']).toBe(1);
	});

	it('a rejected bill answers DIAN\'s rule, blocks the next ones (409) until it is deleted', async () => {
		s.sim.dian.enqueue('rejected');
		const rejected = await create('rej-1');
		expect(rejected.status).toBe(422);
		expect(rejected.body.data.errors).toEqual({ FAJ43b: expect.stringContaining('Rechazo') });
		const blocked = await create('next-1');
		expect(blocked).toMatchObject({ status: 409, body: { status: 'Conflict', message: 'Se encontró una factura pendiente por enviar a la DIAN' } });
		expect((await s.api.call('DELETE', '/v2/bills/destroy/reference/rej-1')).status).toBe(200);
		expect((await create('next-1')).status).toBe(201);
		expect((await s.api.call('DELETE', '/v2/bills/destroy/reference/next-1')).status).toBe(409);
		expect(s.sim.v2.deleted.bill).toEqual(['rej-1']);
	});

	it('regla 90 and notifications are steered like v1 (markers in the data work too)', async () => {
		const regla90 = await create('dup-dian [regla90]');
		expect(regla90.body.data.errors).toEqual({ '90': 'Regla: 90, Rechazo: Documento procesado anteriormente.' });
		s.sim.reset();
		await s.api.login();
		s.sim.dian.enqueue('notification');
		const noted = await create('note-1');
		expect(noted.status).toBe(201);
		expect(noted.body.data.is_validated).toBe(true);
		expect(Object.keys(noted.body.data.errors)).toEqual(['FAJ44b', 'RUT01']);
	});

	it('lists with filters, created_at ranges and pagination', async () => {
		s.sim.v2.seed(25, { from: new Date('2026-03-01T15:00:00Z'), spacingMs: 24 * 3600 * 1000, status: (i) => (i === 3 ? 'pending' : 'validated') });
		const page = await s.api.get('/v2/bills?filter[per_page]=10&page=3');
		expect(page.body.data.pagination).toMatchObject({ total: 25, per_page: 10, current_page: 3, last_page: 3, from: 21, to: 25 });
		expect(page.body.data.pagination.links[3]).toMatchObject({ label: 3, active: true, page: 3 });
		expect(page.body.data.data).toHaveLength(5);
		const march = await s.api.get('/v2/bills?filter[created_at][start_date]=2026-03-05&filter[created_at][end_date]=2026-03-07');
		expect(march.body.data.data.map((r: { reference_code: string }) => r.reference_code)).toEqual(['seed-v2-7', 'seed-v2-6', 'seed-v2-5']);
		const pending = await s.api.get('/v2/bills?filter[status]=0');
		expect(pending.body.data.data.map((r: { reference_code: string }) => r.reference_code)).toEqual(['seed-v2-4']);
		const byReference = await s.api.get('/v2/bills?filter[reference_code]=seed-v2-9&filter[names]=turing');
		expect(byReference.body.data.data[0]).toMatchObject({ reference_code: 'seed-v2-9', total: '119000.00', is_validated: true, customer: { names: 'Alan Turing' } });
		const bad = await s.api.get('/v2/bills?filter[created_at][start_date]=05-03-2026');
		expect(bad.status).toBe(422);
		expect(bad.body.errors).toEqual({ 'filter.created_at.start_date': ['El campo filter.created_at.start_date no corresponde con el formato Y-m-d.'] });
		expect((await s.api.get('/v2/bills?page=9')).body.data.data).toEqual([]);
	});

	it('PDF, XML, AttachedDocument, e-mail content and sending, by number; not before DIAN validated', async () => {
		const { number } = (await create('files-1', { send_email: false })).body.data;
		const pdf = await s.api.get(`/v2/bills/${number}/download-pdf`);
		expect(Buffer.from(pdf.body.data.pdf_base_64_encoded, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
		const xml = await s.api.get(`/v2/bills/${number}/download-xml/`);
		expect(Buffer.from(xml.body.data.xml_base_64_encoded, 'base64').toString()).toContain(`<cbc:ID>${number}</cbc:ID>`);
		const attached = await s.api.get(`/v2/bills/${number}/download-attached-document-xml`);
		expect(Buffer.from(attached.body.data.xml_base_64_encoded, 'base64').toString()).toContain('<AttachedDocument');
		expect(attached.body.data.file_name).toMatch(/^ad0900825759/);
		const content = await s.api.get(`/v2/bills/${number}/email-content`);
		expect(content.body.data.subject).toBe(`900825759;HALLTEC S.A.S.;${number};01;HALLTEC S.A.S.`);
		expect(zipEntryNames(Buffer.from(content.body.data.attached_document, 'base64'))).toEqual([expect.stringMatching(/^fv.*\.pdf$/), expect.stringMatching(/^ad.*\.xml$/)]);
		expect((await s.api.post(`/v2/bills/${number}/send-email`, { email: 'no' })).body.errors).toEqual({ email: ['El campo email debe ser una dirección de correo válida.'] });
		expect((await s.api.post(`/v2/bills/${number}/send-email`, { email: 'ana@example.com' })).status).toBe(200);
		expect(s.sim.v2.byNumber('bill', number)?.emails).toEqual(['ana@example.com']);

		s.sim.dian.enqueue('pending');
		const pending = (await create('files-2')).body.data.number;
		expect((await s.api.get(`/v2/bills/${pending}/download-pdf`)).status).toBe(409);
		expect((await s.api.get('/v2/bills/SETP1/download-pdf')).status).toBe(404);
	});

	it('credit and debit notes find the bill by number, take its customer when none is sent, and show on the bill', async () => {
		const created = (await create('cn-bill')).body.data;
		const credit = withChanges(FACTUS_V2_EXAMPLES.creditNote.body, { bill_number: created.number, numbering_range_id: undefined, customer: undefined });
		const note = await s.api.post('/v2/credit-notes/validate', credit);
		expect(note.status).toBe(201);
		expect(note.body.data.customer).toMatchObject({ identification: '123456789', company: 'Alan company name' });
		const again = await s.api.post('/v2/credit-notes/validate', withChanges(credit, { reference_code: 'NOTA-2' }));
		expect(again.body.data.errors[0]).toContain('supera el saldo de la factura');
		const unknown = await s.api.post('/v2/debit-notes/validate', withChanges(credit, { reference_code: 'ND-1', correction_concept_code: '1', customization_id: '30', bill_number: 'SETP1' }));
		expect(unknown.body.errors).toEqual({ bill_number: ['El campo bill_number seleccionado no es válido.'] });
		const shown = await s.api.get(`/v2/bills/${created.number}`);
		expect(shown.body.data.related_notes).toEqual({
			credit_notes: [{ number: note.body.data.number, reference_code: 'NOTA-2026-0015', cude: note.body.data.cude, is_validated: true, total: '83300.00' }],
			debit_notes: [],
		});
		const listed = await s.api.get('/v2/credit-notes?filter[number]=' + note.body.data.number);
		expect(listed.body.data.data).toHaveLength(1);
		const withoutBill = await s.api.post('/v2/credit-notes/validate', withChanges(credit, { reference_code: 'NC-22', customization_id: '22', bill_number: undefined }));
		expect(withoutBill.body.errors).toEqual({
			billing_period: ['El campo billing_period es obligatorio cuando customization_id es 22.'],
			customer: ['El campo customer es obligatorio.'],
		});
		expect((await s.api.get(`/v2/credit-notes/${note.body.data.number}/email-content`)).body.data.subject).toContain(';91;');
		expect((await s.api.call('DELETE', `/v2/credit-notes/reference/NOTA-2026-0015`)).status).toBe(409);
	});

	it('support documents and adjustment notes: 403 when the company has not enabled them', async () => {
		s.sim.options.supportDocumentsEnabled = false;
		try {
			const refused = await s.api.post('/v2/support-documents/validate', withChanges(FACTUS_V2_EXAMPLES.supportDocument.body, { payment_details: [{ payment_form: '1', payment_method_code: '10', amount: '95200' }] }));
			expect(refused).toMatchObject({ status: 403, body: { message: 'La empresa no tiene habilitada la creación de este documento' } });
		} finally {
			s.sim.options.supportDocumentsEnabled = undefined;
		}
	});
});

describe('Factus v2 simulator: shared guard and lookups', () => {
	const s = useV2({ rateLimit: { limit: 3, windowMs: 60_000 } });

	it('needs the bearer token, counts v2 calls in the same rate limit, and takes injected faults', async () => {
		expect((await s.api.call('GET', '/v2/bills', undefined, 'nope')).status).toBe(401);
		const first = await s.api.get('/v2/bills');
		expect(first.headers.get('x-ratelimit-limit')).toBe('3');
		expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
		await s.api.get('/v1/bills');
		await s.api.get('/v2/companies');
		const limited = await s.api.get('/v2/bills');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		s.sim.setRateLimit(100, 60_000);
		s.sim.server.inject({ kind: 'status', status: 503, body: { message: 'down' } }, { path: '/v2/bills/validate' });
		expect((await s.api.post('/v2/bills/validate', bill('f-1'))).status).toBe(503);
		s.sim.server.inject({ kind: 'statusAfterCommit', status: 500 }, { path: '/v2/bills/validate' });
		expect((await s.api.post('/v2/bills/validate', bill('f-1'))).status).toBe(500);
		expect((await s.api.get('/v2/bills?filter[reference_code]=f-1')).body.data.data).toHaveLength(1);
	});

	it('numbering ranges (v2 adds debit and adjustment note ranges), acquirer by code, company, subscriptions', async () => {
		s.sim.setRateLimit(100, 60_000);
		const ranges = await s.api.get('/v2/numbering-ranges?filter[document]=23');
		expect(ranges.body.data.data).toEqual([expect.objectContaining({ id: 7, prefix: 'ND', document: 'Nota Débito', current: 1, is_active: 1 })]);
		expect((await s.api.get('/v2/numbering-ranges/4')).body.data).toMatchObject({ id: 4, document: '21', document_name: 'Factura de Venta', prefix: 'SETP' });
		expect((await s.api.get('/v2/dian/acquirer?identification_document_code=31&identification_number=900825759')).body.data).toEqual({
			name: 'HALLTEC S.A.S.',
			email: 'facturacion@halltec.example',
		});
		expect((await s.api.get('/v2/dian/acquirer?identification_document_code=6&identification_number=1')).body.errors).toEqual({
			identification_document_code: ['El campo identification_document_code seleccionado no es válido.'],
		});
		expect((await s.api.get('/v2/companies')).body.data).toMatchObject({ nit: '900825759', dv: '7' });
		expect((await s.api.get('/v2/subscriptions')).body.data[0].quota).toEqual({ total: 5000, consumed: 0, available: 5000 });
		expect((await s.api.get('/v2/municipalities')).status).toBe(404);
	});
});
