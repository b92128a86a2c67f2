/**
 * RADIAN in the Factus v2 simulator: the buyer's events on a bill we issued (test hook), our tacit
 * acceptance, and the supplier invoices we receive (upload by CUFE, list, events 030–033 in DIAN's order).
 */
import { FACTUS_V2_EXAMPLES } from '../../fixtures/factus-v2-examples';

import { useV2, withChanges } from './v2Client';

const PERSON = { identification_document_code: '13', identification: '12345667', dv: '', first_name: 'Pepito', last_name: 'Perez', job_title: 'Desarrollador de software', organization_department: 'Sistemas' };
const DAY = 24 * 3600 * 1000;

describe('Factus v2 simulator: RADIAN', () => {
	const s = useV2();

	const issue = async (reference: string, credit: boolean) => {
		const body = withChanges(FACTUS_V2_EXAMPLES[credit ? 'credito' : 'estandar'].body, { reference_code: reference, numbering_range_id: 4 });
		return (await s.api.post('/v2/bills/validate', body)).body.data as { number: string };
	};

	it("the buyer's events on our bill follow DIAN's order and are listed with code, name, CUDE, date and time", async () => {
		const { number } = await issue('radian-1', false);
		expect(() => s.sim.v2.buyerEvent(number, '032')).toThrow('debe tener el evento 030');
		s.sim.v2.buyerEvent(number, '030');
		expect(() => s.sim.v2.buyerEvent(number, '030')).toThrow('ya fue emitido');
		expect(() => s.sim.v2.buyerEvent(number, '033')).toThrow('debe tener el evento 032');
		s.sim.v2.buyerEvent(number, '032');
		s.sim.v2.buyerEvent(number, '033');
		expect(() => s.sim.v2.buyerEvent(number, '031', { claimConcept: '01' })).toThrow('ya tiene el evento 033');
		const events = await s.api.get(`/v2/bills/${number}/radian/events`);
		expect(events.body.data).toEqual(
			['030', '032', '033'].map((code) => ({
				number: expect.stringMatching(/^AP\d+$/),
				cude: expect.stringMatching(/^[0-9a-f]{96}$/),
				event_code: code,
				event_name: expect.any(String),
				effective_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
				effective_time: expect.stringMatching(/^\d\d:\d\d:\d\d$/),
			})),
		);
		expect(events.body.data[2].event_name).toBe('Aceptación expresa');
		expect((await s.api.get(`/v2/bills/${number}`)).body.data.has_claim).toBe(false);
	});

	it('a buyer claim (031, with its reason) marks the bill as claimed', async () => {
		const { number } = await issue('radian-2', false);
		s.sim.v2.buyerEvent(number, '030');
		s.sim.v2.buyerEvent(number, '032');
		expect(() => s.sim.v2.buyerEvent(number, '031')).toThrow('claimConcept');
		s.sim.v2.buyerEvent(number, '031', { claimConcept: '03' });
		expect((await s.api.get(`/v2/bills/${number}`)).body.data.has_claim).toBe(true);
		expect((await s.api.get(`/v2/bills?filter[number]=${number}`)).body.data.data[0].has_claim).toBe(true);
	});

	it('tacit acceptance (034): only ours, only on credit bills, three business days after 032 without claim or acceptance', async () => {
		const cash = await issue('tacit-cash', false);
		const tacit = (number: string, body: unknown = PERSON, code = '034') => s.api.post(`/v2/bills/${number}/radian/events/${code}`, body);
		expect((await tacit(cash.number)).body.errors.event_type[0]).toContain('solo aplica a facturas a crédito');
		expect((await tacit(cash.number, PERSON, '033')).body.errors.event_type[0]).toContain('lo emite el adquiriente');

		const { number } = await issue('tacit-credit', true);
		expect(await tacit(number)).toMatchObject({ status: 409, body: { message: expect.stringContaining('debe tener el evento 032') } });
		const missing = await tacit(number, { identification_document_code: '31', identification: '900' });
		expect(missing.body.errors).toEqual({
			dv: ['El campo dv es obligatorio cuando identification_document_code es 31.'],
			first_name: ['El campo first_name es obligatorio.'],
			last_name: ['El campo last_name es obligatorio.'],
		});
		const monday = new Date('2026-03-02T15:00:00Z');
		s.sim.v2.clock = () => new Date(monday.getTime() + 4 * DAY);
		s.sim.v2.buyerEvent(number, '030', { at: monday });
		s.sim.v2.buyerEvent(number, '032', { at: new Date(monday.getTime() + 2 * DAY) });
		expect((await tacit(number)).body.message).toContain('tres (3) días hábiles');
		s.sim.v2.clock = () => new Date(monday.getTime() + 7 * DAY);
		const accepted = await tacit(number);
		expect(accepted.status).toBe(201);
		expect(accepted.body.data).toMatchObject({ event_code: '034', event_name: 'Aceptación tácita', effective_date: '2026-03-09' });
		expect((await tacit(number)).status).toBe(409);
		expect(() => s.sim.v2.buyerEvent(number, '031', { claimConcept: '01' })).toThrow('ya tiene el evento 034');
	});

	it('received invoices: upload by CUFE, list and filter, events 030–033 by reception ID', async () => {
		const supplier = s.sim.v2.addSupplierInvoice({ number: 'FE77', total: '238000.00', supplier: { identificationTypeCode: '31', nit: '901724254', dv: '1', name: 'FACTUS S.A.S.' } });
		s.sim.v2.receiveSupplierInvoice({ number: 'AB1', supplier: { identificationTypeCode: '31', nit: '800197268', dv: '4', name: 'DIAN' } });
		expect((await s.api.post('/v2/receptions/upload', {})).body.errors).toEqual({ track_id: ['El campo track_id es obligatorio.'] });
		expect((await s.api.post('/v2/receptions/upload', { track_id: 'f'.repeat(96) })).status).toBe(404);
		const uploaded = await s.api.post('/v2/receptions/upload', { track_id: supplier.cufe });
		expect(uploaded.status).toBe(201);
		expect(uploaded.body.data).toMatchObject({ number: 'FE77', cufe: supplier.cufe, company_nit: '901724254', company_name: 'FACTUS S.A.S.', total: '238000.00', has_claim: false, events: [] });
		expect((await s.api.post('/v2/receptions/upload', { track_id: supplier.cufe })).status).toBe(409);

		const all = await s.api.get('/v2/receptions/bills');
		expect(all.body.data.data.map((r: { number: string }) => r.number)).toEqual(['FE77', 'AB1']);
		const id = uploaded.body.data.id as number;
		const event = (code: string, body: unknown = PERSON) => s.api.call('PATCH', `/v2/receptions/bills/${id}/radian/events/${code}`, body);
		expect((await event('032')).status).toBe(409);
		expect((await event('030', { ...PERSON, first_name: '' })).body.errors).toEqual({ first_name: ['El campo first_name es obligatorio.'] });
		expect((await event('030')).status).toBe(200);
		expect((await event('032')).body.data).toMatchObject({ event_code: '032', event_name: 'Recibo del bien y/o prestación del servicio' });
		expect((await event('031')).body.errors).toEqual({ claim_concept_code: ['El campo claim_concept_code es obligatorio.'] });
		expect((await event('034')).body.errors.event_type[0]).toContain('no puede ser emitida por el receptor');
		expect((await event('031', { ...PERSON, claim_concept_code: '02' })).status).toBe(200);
		expect((await event('033')).status).toBe(409);

		const done = await s.api.get('/v2/receptions/bills?filter[completed_events]=1');
		expect(done.body.data.data).toEqual([
			expect.objectContaining({ number: 'FE77', has_claim: true, claim_concept: { code: '02', name: 'Mercancía no entregada totalmente' }, completed_events: true }),
		]);
		expect((await s.api.get('/v2/receptions/bills?filter[completed_events]=0&filter[company_name]=dian')).body.data.data.map((r: { number: string }) => r.number)).toEqual(['AB1']);
		const xml = await s.api.get(`/v2/documents/${supplier.cufe}/download-xml`);
		expect(Buffer.from(xml.body.data.xml_base_64_encoded, 'base64').toString()).toContain('<ID>FE77</ID>');
		expect((await s.api.call('PATCH', '/v2/receptions/bills/999/radian/events/030', PERSON)).status).toBe(404);
	});
});
