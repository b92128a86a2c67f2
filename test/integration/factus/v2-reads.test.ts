/**
 * The Factus node's version 2 (API v2): new nodes get it, and its reads work against the simulator's
 * v2 routes — Get, Get Many with filters and Return All, PDF / XML / AttachedDocument XML, e-mail content,
 * Send Email, Wait for DIAN Result, Delete Unvalidated (never a validated document), and the lookups,
 * including the reference tables that need no request.
 */
import type { IDataObject, INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { Factus } from '../../../nodes/Factus/Factus.node';
import { FactusTrigger } from '../../../nodes/Factus/FactusTrigger.node';
import { zipEntryNames } from '../../simulators/factus/files';
import { useFactus } from './helpers';

describe('Factus node version 2: reads', () => {
	const s = useFactus();

	const run = async (parameters: INodeParameters) => {
		const result = await s.harness.execute({ ...s.node(parameters), typeVersion: 2 });
		expect(result.error).toBeUndefined();
		return result.items;
	};
	const fails = async (parameters: INodeParameters) => {
		const result = await s.harness.execute({ ...s.node(parameters, true), typeVersion: 2 });
		return result.items[0].json.error as IDataObject;
	};

	it('new nodes (and triggers) default to version 2; version 1 stays selectable', () => {
		const node = new Factus();
		expect(node.description.defaultVersion).toBe(2);
		expect(Object.keys(node.nodeVersions).sort()).toEqual(['1', '2']);
		expect(new FactusTrigger().description).toMatchObject({ version: [1, 2], defaultVersion: 2 });
	});

	it('Get and Get Many read the v2 lists with the summary (validated, pending, rejected)', async () => {
		const [validated, pending, rejected] = [
			...s.sim.v2.seed(1, { referencePrefix: 'ok' }),
			...s.sim.v2.seed(1, { referencePrefix: 'wait', status: () => 'pending' }),
			...s.sim.v2.seed(1, { referencePrefix: 'bad', status: () => 'rejected' }),
		];
		const [got] = await run({ resource: 'bill', operation: 'get', number: validated.number });
		expect(got.json.summary).toMatchObject({ provider: 'Factus', kind: 'invoice', number: validated.number, status: 'accepted', authorityId: validated.authorityId });
		expect(s.sim.server.requests({ method: 'GET', path: `/v2/bills/${validated.number}` })).toHaveLength(1);

		const all = await run({ resource: 'bill', operation: 'getAll', returnAll: true });
		expect(all.map((i) => [i.json.number, (i.json.summary as IDataObject).status])).toEqual(
			expect.arrayContaining([
				[validated.number, 'accepted'],
				[pending.number, 'pending'],
				[rejected.number, 'rejected'],
			]),
		);
		const filtered = await run({ resource: 'bill', operation: 'getAll', returnAll: true, filters: { status: '0' } });
		expect(filtered.map((i) => i.json.number).sort()).toEqual([pending.number, rejected.number].sort());
		const bad = await fails({ resource: 'bill', operation: 'getAll', returnAll: true, filters: { createdFrom: '31-01-2026' } });
		expect(bad.message).toContain('not a date');
	});

	it('Return All follows every page; a Limit stops early', async () => {
		s.sim.v2.seed(23);
		expect(await run({ resource: 'bill', operation: 'getAll', returnAll: true })).toHaveLength(23);
		expect(await run({ resource: 'bill', operation: 'getAll', returnAll: false, limit: 5 })).toHaveLength(5);
	});

	it('PDF, XML and AttachedDocument XML as binary files; e-mail content as a ZIP; Send Email', async () => {
		const [bill] = s.sim.v2.seed(1);
		const [pdf] = await run({ resource: 'bill', operation: 'downloadPdf', number: bill.number });
		expect(pdf.binary?.data).toMatchObject({ fileName: `${bill.number}.pdf`, mimeType: 'application/pdf' });
		const [xml] = await run({ resource: 'bill', operation: 'downloadXml', number: bill.number });
		expect(Buffer.from(xml.binary!.data.data, 'base64').toString()).toContain(`<cbc:ID>${bill.number}</cbc:ID>`);
		const [attached] = await run({ resource: 'bill', operation: 'downloadAttachedDocument', number: bill.number });
		expect(attached.binary?.data.fileName).toBe(`${bill.number}-attached-document.xml`);
		expect(Buffer.from(attached.binary!.data.data, 'base64').toString()).toContain('<AttachedDocument');
		const [zip] = await run({ resource: 'bill', operation: 'getEmailContent', number: bill.number });
		expect(zip.json.subject).toContain(bill.number);
		expect(zipEntryNames(Buffer.from(zip.binary!.data.data, 'base64'))).toHaveLength(2);
		const [sent] = await run({ resource: 'bill', operation: 'sendEmail', number: bill.number, email: 'buyer@example.com' });
		expect(sent.json).toMatchObject({ sent: true, email: 'buyer@example.com' });
		const wrong = await fails({ resource: 'bill', operation: 'sendEmail', number: bill.number, email: 'not-an-address' });
		expect(wrong.message).toContain('not a valid e-mail address');
		expect(s.sim.server.count({ method: 'POST', path: `/v2/bills/${bill.number}/send-email` })).toBe(1);
	});

	it('Wait for DIAN Result checks until DIAN answers; Delete Unvalidated deletes a rejected bill and refuses a validated one', async () => {
		const [pending] = s.sim.v2.seed(1, { referencePrefix: 'wait', status: () => 'pending' });
		const [waited] = await run({ resource: 'bill', operation: 'waitForResult', number: pending.number, timeout: 30, options: { interval: 0.1 } });
		expect(waited.json.summary).toMatchObject({ status: 'accepted' });
		expect((waited.json.waited as IDataObject).checks).toBeGreaterThan(1);

		const [rejected] = s.sim.v2.seed(1, { referencePrefix: 'bad', status: () => 'rejected' });
		const [deleted] = await run({ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: rejected.referenceCode });
		expect(deleted.json).toMatchObject({ deleted: true, number: rejected.number, previousStatus: 'rejected' });
		const refused = await fails({ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: pending.referenceCode });
		expect(refused.message).toContain('is validated by DIAN and is never deleted');
		expect(s.sim.server.count({ method: 'DELETE' })).toBe(1);
	});

	it('Lookups: numbering ranges, company and subscription from the API; municipalities from the table without a request', async () => {
		const ranges = await run({ resource: 'lookup', operation: 'numberingRanges', filters: { document: '23' } });
		expect(ranges.length).toBeGreaterThan(0);
		const [company] = await run({ resource: 'lookup', operation: 'company' });
		expect(company.json.nit).toBeDefined();
		const subscription = await run({ resource: 'lookup', operation: 'subscription' });
		expect(subscription[0].json).toHaveProperty('quota');
		const before = s.sim.server.log.length;
		const towns = await run({ resource: 'lookup', operation: 'municipalities', search: 'san gil', returnAll: true });
		expect(towns[0].json).toMatchObject({ code: '68679', name: 'San Gil' });
		expect(s.sim.server.log.length).toBe(before);
	});

	it('editor: municipalities and units searched in the package (no request); numbering ranges of the kind from /v2; DIAN acquirer by code', async () => {
		const spec = { ...s.node({ resource: 'bill', operation: 'create' }), typeVersion: 2 };
		const before = s.sim.server.log.length;
		const towns = (await s.harness.loadOptions(spec, 'searchV2Municipalities', { kind: 'listSearch', filter: 'gil santander' })) as INodeListSearchResult;
		expect(towns.results[0]).toEqual({ name: 'San Gil (Santander) – 68679', value: '68679' });
		const units = (await s.harness.loadOptions(spec, 'searchV2Units', { kind: 'listSearch', filter: '94' })) as INodeListSearchResult;
		expect(units.results[0]).toMatchObject({ value: '94' });
		expect(s.sim.server.log.length).toBe(before);
		const ranges = (await s.harness.loadOptions(spec, 'getV2DebitNoteRanges')) as INodePropertyOptions[];
		expect(ranges[0]).toMatchObject({ value: '' });
		expect(ranges.length).toBeGreaterThan(1);
		expect(s.sim.server.requests({ method: 'GET', path: '/v2/numbering-ranges' }).map((r) => r.query['filter[document]'])).toEqual(['23']);
		const [acquirer] = await run({ resource: 'lookup', operation: 'acquirer', idType: '31', idNumber: '900825759' });
		expect(acquirer.json).toMatchObject({ identification_document_code: '31', name: 'HALLTEC S.A.S.' });
	});
});
