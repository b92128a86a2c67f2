/**
 * Received Invoice (Factus v2 RADIAN) against the simulator: list with filters, upload by CUFE, and the
 * receiver's events 030 → 032 → 033 / 031 — DIAN's order and the person checked before anything is sent,
 * each event emitted once per invoice.
 */
import type { IDataObject } from 'n8n-workflow';

import { failure, PERSON, useRadian } from './radian-helpers';

const PATCH = { method: 'PATCH' };

describe('Factus v2 Received Invoice', () => {
	const s = useRadian();

	const event = (operation: string, id: number | string, extra: IDataObject = {}) => ({
		resource: 'receivedInvoice',
		operation,
		invoiceBy: 'id',
		invoiceId: String(id),
		...PERSON,
		...extra,
	});

	describe('Get Many', () => {
		it('lists received invoices newest first with their RADIAN state, filtered as documented', async () => {
			const a = s.sim.v2.receiveSupplierInvoice({ number: 'FE1', supplier: { identificationTypeCode: '31', nit: '900111222', dv: '3', name: 'Papelería Andina' } });
			const b = s.sim.v2.receiveSupplierInvoice({ number: 'FE2' });
			s.sim.v2.addSupplierInvoice({ number: 'FE3' }); // at DIAN only, not uploaded
			const all = await s.run({ resource: 'receivedInvoice', operation: 'getAll', returnAll: true });
			expect(all.error).toBeUndefined();
			expect(all.items.map((i) => i.json.number)).toEqual(['FE2', 'FE1']);
			expect(all.items[0].json).toMatchObject({
				id: b.id,
				cufe: b.cufe,
				radianStatus: 'noEvents',
				accepted: false,
				claimed: false,
				events: [],
				summary: { provider: 'Factus', kind: 'receivedInvoice', number: 'FE2', authorityId: b.cufe, status: 'pending', total: 119000, currency: 'COP' },
			});

			const byNit = await s.run({ resource: 'receivedInvoice', operation: 'getAll', returnAll: true, filters: { supplierNit: '900111222' } });
			expect(byNit.items.map((i) => i.json.id)).toEqual([a.id]);
			expect(s.sim.server.requests({ method: 'GET', path: '/v2/receptions/bills' }).at(-1)?.query['filter[company_nit]']).toBe('900111222');
			const byCufe = await s.run({ resource: 'receivedInvoice', operation: 'getAll', returnAll: true, filters: { cufe: a.cufe } });
			expect(byCufe.items.map((i) => i.json.number)).toEqual(['FE1']);
		});

		it('follows the pages for Return All and stops at the Limit', async () => {
			for (let n = 1; n <= 12; n++) s.sim.v2.receiveSupplierInvoice({ number: `FE${100 + n}` });
			const all = await s.run({ resource: 'receivedInvoice', operation: 'getAll', returnAll: true });
			expect(all.items).toHaveLength(12);
			const some = await s.run({ resource: 'receivedInvoice', operation: 'getAll', returnAll: false, limit: 5 });
			expect(some.items.map((i) => i.json.number)).toEqual(['FE112', 'FE111', 'FE110', 'FE109', 'FE108']);
		});

		it('filters by pending or completed events', async () => {
			const open = s.sim.v2.receiveSupplierInvoice({ number: 'FE-OPEN' });
			const done = s.sim.v2.receiveSupplierInvoice({ number: 'FE-DONE' });
			for (const code of ['acknowledge', 'confirmGoodsReceived', 'accept']) expect((await s.run(event(code, done.id))).error).toBeUndefined();
			const pending = await s.run({ resource: 'receivedInvoice', operation: 'getAll', returnAll: true, filters: { events: '0' } });
			expect(pending.items.map((i) => i.json.id)).toEqual([open.id]);
			const completed = await s.run({ resource: 'receivedInvoice', operation: 'getAll', returnAll: true, filters: { events: '1' } });
			expect(completed.items.map((i) => i.json.id)).toEqual([done.id]);
			expect(completed.items[0].json).toMatchObject({ radianStatus: 'expresslyAccepted', accepted: true, summary: { status: 'accepted' } });
		});

		it('refuses a malformed CUFE or ID filter before asking Factus', async () => {
			const result = await s.run({ resource: 'receivedInvoice', operation: 'getAll', returnAll: true, filters: { cufe: 'abc', id: 'x7' } });
			const { message, description } = failure(result);
			expect(message).toBe('The filter has 2 problems; nothing was sent to Factus');
			expect(description).toContain('Filters › CUFE (filter[cufe]): must be the 96 hexadecimal characters');
			expect(description).toContain('Filters › ID (filter[id]): must be a whole number');
			expect(s.sim.server.count({ path: '/v2/receptions/bills' })).toBe(0);
		});
	});

	describe('Upload', () => {
		it('uploads an invoice DIAN holds by its CUFE, and a second upload returns it instead of failing', async () => {
			const supplier = s.sim.v2.addSupplierInvoice({ number: 'FE77', total: '250000.00' });
			const first = await s.run({ resource: 'receivedInvoice', operation: 'upload', cufe: supplier.cufe });
			expect(first.error).toBeUndefined();
			expect(first.items[0].json).toMatchObject({ number: 'FE77', cufe: supplier.cufe, uploaded: true, alreadyUploaded: false, recovered: false, summary: { total: 250000 } });
			expect(typeof first.items[0].json.id).toBe('number');

			const again = await s.run({ resource: 'receivedInvoice', operation: 'upload', cufe: supplier.cufe });
			expect(again.error).toBeUndefined();
			expect(again.items[0].json).toMatchObject({ id: first.items[0].json.id, uploaded: false, alreadyUploaded: true });
			expect(again.items[0].json.note).toContain('already has a received invoice with CUFE');
			expect(s.sim.v2.receptions()).toHaveLength(1);
		});

		it('says what Factus said for a CUFE DIAN does not hold, and checks the CUFE locally first', async () => {
			const unknown = await s.run({ resource: 'receivedInvoice', operation: 'upload', cufe: 'a'.repeat(96) });
			expect(failure(unknown).message).toContain('La DIAN no tiene una factura electrónica con el CUFE');
			const bad = await s.run({ resource: 'receivedInvoice', operation: 'upload', cufe: 'FE77' });
			expect(failure(bad).description).toContain('CUFE (track_id): must be the 96 hexadecimal characters');
			expect(s.sim.server.count({ method: 'POST', path: '/v2/receptions/upload' })).toBe(1);
		});

		it('an upload whose answer is lost is found by its CUFE, not sent again', async () => {
			const supplier = s.sim.v2.addSupplierInvoice({ number: 'FE78' });
			s.sim.server.inject({ kind: 'dropAfterCommit' }, { method: 'POST', path: '/v2/receptions/upload' });
			const result = await s.run({ resource: 'receivedInvoice', operation: 'upload', cufe: supplier.cufe });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ number: 'FE78', uploaded: true, recovered: true });
			expect(s.sim.server.count({ method: 'POST', path: '/v2/receptions/upload' })).toBe(1);
		});
	});

	describe('events', () => {
		it('acknowledge → goods received → accept: each event with its CUDE, the invoice found by ID or CUFE', async () => {
			const invoice = s.sim.v2.receiveSupplierInvoice({ number: 'FE200' });
			const ack = await s.run(event('acknowledge', invoice.id, { personDetails: { jobTitle: 'Contadora', department: 'Finanzas' } }));
			expect(ack.error).toBeUndefined();
			expect(ack.items[0].json).toMatchObject({
				id: invoice.id,
				number: 'FE200',
				event: { code: '030', name: 'Acuse de recibo de Factura Electrónica de Venta', cude: expect.stringMatching(/^[0-9a-f]{96}$/), number: expect.stringMatching(/^AP\d+$/) },
				emitted: true,
				alreadyEmitted: false,
				radianStatus: 'acknowledged',
			});
			const body = s.sim.server.requests(PATCH).at(-1)?.body as IDataObject;
			expect(s.sim.server.requests(PATCH).at(-1)?.path).toBe(`/v2/receptions/bills/${invoice.id}/radian/events/030`);
			expect(body).toEqual({ identification_document_code: '13', identification: '1098765432', first_name: 'Laura', last_name: 'Gómez', job_title: 'Contadora', organization_department: 'Finanzas' });

			const goods = await s.run({ ...event('confirmGoodsReceived', ''), invoiceBy: 'cufe', invoiceCufe: invoice.cufe });
			expect(goods.items[0].json).toMatchObject({ event: { code: '032' }, radianStatus: 'goodsReceived' });
			const accept = await s.run(event('accept', invoice.id));
			expect(accept.items[0].json).toMatchObject({ event: { code: '033', name: 'Aceptación expresa' }, radianStatus: 'expresslyAccepted', accepted: true, summary: { status: 'accepted' } });
			expect((accept.items[0].json.events as IDataObject[]).map((e) => e.code)).toEqual(['030', '032', '033']);
			expect(invoice.events.map((e) => e.code)).toEqual(['030', '032', '033']);
		});

		it('a claim carries its reason code', async () => {
			const invoice = s.sim.v2.receiveSupplierInvoice();
			await s.run(event('acknowledge', invoice.id));
			await s.run(event('confirmGoodsReceived', invoice.id));
			const claim = await s.run(event('claim', invoice.id, { claimConcept: '03' }));
			expect(claim.error).toBeUndefined();
			expect(claim.items[0].json).toMatchObject({ event: { code: '031' }, radianStatus: 'claimed', claimed: true, summary: { status: 'rejected' } });
			expect((s.sim.server.requests(PATCH).at(-1)?.body as IDataObject).claim_concept_code).toBe('03');
			expect(invoice.events.at(-1)?.claimConcept).toBe('03');
		});

		it("DIAN's order is enforced locally: nothing is sent out of order", async () => {
			const invoice = s.sim.v2.receiveSupplierInvoice({ number: 'FE300' });
			const early = await s.run(event('confirmGoodsReceived', invoice.id));
			expect(failure(early).message).toBe(
				`Received invoice ID ${invoice.id} (FE300) has no acknowledgement of receipt (acuse de recibo, 030) yet, which DIAN requires before the receipt of the goods or service (recibo del bien o prestación del servicio, 032); nothing was sent to Factus`,
			);
			expect(failure(early).description).toContain('Emit Acknowledge Receipt (030) first');
			const accept = await s.run(event('accept', invoice.id));
			expect(failure(accept).description).toContain('Acknowledge Receipt (030), then Confirm Goods Received (032) first');
			await s.run(event('acknowledge', invoice.id));
			await s.run(event('confirmGoodsReceived', invoice.id));
			await s.run(event('accept', invoice.id));
			const claim = await s.run(event('claim', invoice.id, { claimConcept: '01' }));
			expect(failure(claim).message).toContain('already has the express acceptance (aceptación expresa, 033); DIAN admits no claim (reclamo, 031) after it');
			expect(s.sim.server.count(PATCH)).toBe(3);
		});

		it('checks the person and the claim reason before anything is sent, every problem at once', async () => {
			const invoice = s.sim.v2.receiveSupplierInvoice();
			const result = await s.run(
				event('claim', invoice.id, { personIdType: '31', personId: '900.123.456', personDv: '9', personFirstName: '={{ "" }}', personLastName: '={{ " " }}', claimConcept: '09' }),
			);
			const { message, description } = failure(result);
			expect(message).toBe('The event has 4 problems; nothing was sent to Factus');
			expect(description).toContain('Person › DV (dv): 9 is not the check digit of NIT 900123456 (it is 8)');
			expect(description).toContain('Person › First Name (first_name): is required');
			expect(description).toContain('Person › Last Name (last_name): is required');
			expect(description).toContain('Claim Reason (claim_concept_code): "09" is not a claim concept (01–04)');
			const noDv = await s.run(event('acknowledge', invoice.id, { personIdType: '31', personId: '900123456', personDv: '={{ "" }}' }));
			expect(failure(noDv).description).toContain('Person › DV (dv): is required for a NIT');
			const badId = await s.run(event('acknowledge', 'abc'));
			expect(failure(badId).description).toContain(`Received Invoice ID (bill_id): must be Factus's numeric ID of the received invoice, got "abc"`);
			expect(s.sim.server.count({ path: '/v2/receptions/bills' })).toBe(0);
		});

		it('a NIT with its right DV is sent with it', async () => {
			const invoice = s.sim.v2.receiveSupplierInvoice();
			const result = await s.run(event('acknowledge', invoice.id, { personIdType: '31', personId: '900123456', personDv: '8' }));
			expect(result.error).toBeUndefined();
			expect(s.sim.server.requests(PATCH).at(-1)?.body).toMatchObject({ identification_document_code: '31', identification: '900123456', dv: '8' });
		});

		it('an invoice not in the reception says how to get it there', async () => {
			const result = await s.run(event('acknowledge', 999));
			const { message, description } = failure(result);
			expect(message).toBe('Factus has no received invoice with ID 999; nothing was sent');
			expect(description).toContain('upload it first (Received Invoice → Upload, with its CUFE)');
			const byCufe = await s.run({ ...event('acknowledge', ''), invoiceBy: 'cufe', invoiceCufe: 'b'.repeat(96) });
			expect(failure(byCufe).message).toBe(`Factus has no received invoice with CUFE ${'b'.repeat(96)}; nothing was sent`);
			const asItem = await s.run(event('acknowledge', 998), [{}], { continueOnFail: true });
			expect(asItem.items[0].json.error).toMatchObject({ provider: 'Factus', code: 'not_found', fields: { 'Received Invoice ID (bill_id)': ['Factus has no received invoice with ID 998'] } });
			expect(s.sim.server.count(PATCH)).toBe(0);
		});
	});
});
