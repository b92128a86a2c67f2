/**
 * Options → Write External Reference on the Invoice (opt-in): the reference is appended to the first line's
 * description, FacEPro keeps it in the signed XML, and the lookups prove a sale by reading it back — where
 * the reference store alone cannot tell (records lost between n8n workers, a reference claimed by an older
 * version of the node, an issue time the user fixed).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { memoryDeduplicator } from '../../harness/services';

import { API, createFromItem, createInvoice, DOC_EXAMPLE_BODY, DOC_EXAMPLE_FIELDS, errorOf, useFacEPro } from './helpers';

const POST = { method: 'POST', path: `${API}/documentos` };
const WORKFLOW = 'shop';
const XML = { method: 'GET', path: /\/xml$/ };

describe('FacEPro: the External Reference written on the invoice', () => {
	const t = useFacEPro();

	const deliver = async (order: string, options: INodeParameters = {}, doc: IDataObject = DOC_EXAMPLE_BODY) =>
		await t.run(createFromItem('invoice', { externalReference: '={{ $json.order }}', options }), [{ order, doc }], {
			continueOnFail: true,
			workflowId: WORKFLOW,
			mode: 'trigger',
		});
	const tagged = { writeReference: true };

	/** What a lost write between n8n workers leaves: the claim of the reference, none of its facts. */
	const loseFactsKeepClaim = async (reference: string) => {
		t.harness.clearDeduplication();
		await memoryDeduplicator.checkProcessedAndRecord([`facepro:invoice:${reference}`], 'workflow', { workflow: { id: WORKFLOW } } as never, { mode: 'entries' });
	};

	it('appends " (Ref: …)" to the first line, and the signed XML carries it', async () => {
		const run = await deliver('ORDER-77', tagged);
		expect(run.items[0].json.error).toBeUndefined();
		const sent = t.sim.server.requests(POST)[0].body as { lineas: Array<{ descripcion: string }> };
		expect(sent.lineas.map((l) => l.descripcion)).toEqual(['Repuesto motocicleta XYZ (Ref: ORDER-77)', 'Mano de obra instalación']);
		const xml = await t.run({ resource: 'invoice', operation: 'downloadXml', trackingId: run.items[0].json.tracking_id as string });
		expect(Buffer.from(xml.items[0].binary!.data.data, 'base64').toString('utf8')).toContain('<cbc:Description>Repuesto motocicleta XYZ (Ref: ORDER-77)</cbc:Description>');
		// Off by default.
		await deliver('ORDER-78');
		expect((t.sim.server.requests(POST)[1].body as { lineas: Array<{ descripcion: string }> }).lineas[0].descripcion).toBe('Repuesto motocicleta XYZ');
	});

	it('proves the sale from the XML when the store lost its records: the tagged document among alike ones', async () => {
		// Two alike sales without a reference, then ORDER-1 whose answer is lost and whose lookup cannot run.
		await t.run(createFromItem(), [{ doc: DOC_EXAMPLE_BODY }, { doc: DOC_EXAMPLE_BODY }]);
		t.sim.server.inject({ kind: 'dropAfterCommit' }, POST);
		t.sim.server.inject({ kind: 'status', status: 503, headers: { 'retry-after': '0' } }, { method: 'GET', path: `${API}/documentos` }, 4);
		const lost = await deliver('ORDER-1', tagged);
		expect((lost.items[0].json.error as IDataObject).code).toBe('unconfirmed');
		expect(String((lost.items[0].json.error as IDataObject).description)).toContain('whose first line ends with "(Ref: ORDER-1)"');
		const ours = t.sim.documents()[2];
		await loseFactsKeepClaim('ORDER-1');

		// Without the opt-in the store cannot tell which of the three is ORDER-1's: nothing is picked.
		const unsure = await deliver('ORDER-1');
		expect((unsure.items[0].json.error as IDataObject).code).toBe('reference_unresolved');
		expect(String((unsure.items[0].json.error as IDataObject).message)).toContain('3 alike documents');

		t.sim.server.clearLog();
		const proven = await deliver('ORDER-1', tagged);
		expect(proven.items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: ours.tracking_id });
		expect(t.sim.server.count(XML)).toBeLessThanOrEqual(3);
		expect(t.sim.documents()).toHaveLength(3);
	});

	it('an alike document carrying another reference is never this sale\'s; none with this one → issued once', async () => {
		await deliver('ORDER-2', tagged);
		t.sim.server.inject({ kind: 'status', status: 500 }, POST);
		const failed = await deliver('ORDER-3', tagged);
		expect((failed.items[0].json.error as IDataObject).code).toBe('not_issued');
		await loseFactsKeepClaim('ORDER-3');
		// The store cannot tell; the XML says the one alike document is ORDER-2's: nothing is ORDER-3's yet.
		const refused = await deliver('ORDER-3', tagged);
		expect((refused.items[0].json.error as IDataObject).code).toBe('reference_unresolved');
		expect(String((refused.items[0].json.error as IDataObject).message)).toContain('another execution may be issuing it right now');
		const issued = await deliver('ORDER-3', { ...tagged, issueAgainIfNotFound: true });
		expect(issued.items[0].json.error).toBeUndefined();
		expect(t.sim.documents()).toHaveLength(2);
	}, 40_000);

	it('an issue time the user fixed: a lost answer is told apart from an alike document issued at that same time', async () => {
		const fixed = { ...DOC_EXAMPLE_BODY, factura: { hora: '10:15:00' } };
		await t.run(createFromItem(), [{ doc: fixed }]);
		t.sim.server.inject({ kind: 'status', status: 500 }, POST);
		const failed = await deliver('ORDER-4', {}, fixed);
		// The alike document existed before sending at that very second: it is not ORDER-4's.
		expect((failed.items[0].json.error as IDataObject).code).toBe('not_issued');
		t.sim.server.inject({ kind: 'statusAfterCommit', status: 500 }, POST);
		const recovered = await deliver('ORDER-5', tagged, fixed);
		expect(recovered.items[0].json).toMatchObject({ recovered: true, numero_completo: 'SETP990000002' });
		expect(t.sim.documents()).toHaveLength(2);
	});

	it('an XML answered with an HTML page proves nothing: "may exist", never "not issued"; the re-run finds it', async () => {
		t.sim.server.inject({ kind: 'statusAfterCommit', status: 500 }, POST);
		t.sim.server.inject({ kind: 'okHtml' }, XML);
		const lost = await deliver('ORDER-8', tagged);
		expect((lost.items[0].json.error as IDataObject).code).toBe('unconfirmed');
		expect(t.sim.documents()).toHaveLength(1);
		const again = await deliver('ORDER-8', tagged);
		expect(again.items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: t.sim.documents()[0].tracking_id });
		expect(t.sim.documents()).toHaveLength(1);
	});

	it('refuses a first line that would be too long with the reference on it, before sending', async () => {
		const long = createInvoice({
			...DOC_EXAMPLE_FIELDS,
			lines: { line: [{ code: 'A', description: 'x'.repeat(995), quantity: 1, unitPrice: 1000, ivaPct: 19 }] },
			additionalFields: { externalReference: 'ORDER-6' },
		});
		const run = await t.run({ ...long, options: tagged });
		expect(errorOf(run).fields).toEqual({
			'Lines › Line 1 › Description (lineas.0.descripcion)': [
				'has 1010 characters; at most 1000 are accepted once the External Reference is written on it ("(Ref: ORDER-6)"); shorten it or turn off Options → Write External Reference on the Invoice',
			],
		});
		expect(t.sim.server.count()).toBe(0);
	});
});
