/**
 * Never two fiscal documents for one sale: the External Reference guard across executions, and the
 * lookup after an ambiguous failure of a create, exercised with fault injection.
 */
import type { INodeParameters } from 'n8n-workflow';

import { API, createFromItem, createInvoice, creditNoteBody, DOC_EXAMPLE_BODY, DOC_EXAMPLE_FIELDS, errorOf, useFacEPro } from './helpers';

const withReference = (reference: string, options: INodeParameters = {}): INodeParameters => ({
	...createInvoice({ ...DOC_EXAMPLE_FIELDS, additionalFields: { externalReference: reference } }),
	options,
});

const POST = { method: 'POST', path: `${API}/documentos` };

describe('FacEPro External Reference guard', () => {
	const t = useFacEPro();

	it('a second execution for the same reference returns the document already issued', async () => {
		const first = await t.run(withReference('ORDER-1001'));
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ externalReference: 'ORDER-1001', numero_completo: 'SETP990000001' });
		expect(first.items[0].json).not.toHaveProperty('alreadyIssued');

		const second = await t.run(withReference('ORDER-1001'));
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toMatchObject({
			alreadyIssued: true,
			externalReference: 'ORDER-1001',
			tracking_id: first.items[0].json.tracking_id,
			numero_completo: 'SETP990000001',
			summary: { status: 'accepted', warnings: ['Already issued earlier for External Reference "ORDER-1001"; nothing was sent again'] },
		});
		expect(t.sim.server.count(POST)).toBe(1);
		expect(t.sim.documents()).toHaveLength(1);
	});

	it('issues once for two items with the same reference in one execution, and keeps kinds apart', async () => {
		const run = await t.run(createFromItem('invoice', { externalReference: '={{ $json.order }}' }), [
			{ order: 'A-1', doc: DOC_EXAMPLE_BODY },
			{ order: 'A-1', doc: DOC_EXAMPLE_BODY },
			{ order: 'A-2', doc: DOC_EXAMPLE_BODY },
		]);
		expect(run.items.map((i) => [i.json.numero_completo, i.json.alreadyIssued ?? false])).toEqual([
			['SETP990000001', false],
			['SETP990000001', true],
			['SETP990000002', false],
		]);
		// The same reference on a credit note is a different document.
		const note = await t.run(createFromItem('creditNote', { externalReference: 'A-1' }), [{ doc: creditNoteBody(run.items[0].json) }]);
		expect(note.items[0].json).toMatchObject({ numero_completo: 'NC1', externalReference: 'A-1' });
		expect(note.items[0].json).not.toHaveProperty('alreadyIssued');
	});

	it('recovers the document when the connection drops after FacEPro issued it (no second POST)', async () => {
		t.sim.server.inject({ kind: 'dropAfterCommit' }, POST);
		const run = await t.run(withReference('ORDER-2'));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			recovered: true,
			numero_completo: 'SETP990000001',
			externalReference: 'ORDER-2',
			summary: { warnings: [expect.stringContaining('was not issued twice')] },
		});
		expect(t.sim.server.count(POST)).toBe(1);
		expect(t.sim.documents()).toHaveLength(1);
		const again = await t.run(withReference('ORDER-2'));
		expect(again.items[0].json).toMatchObject({ alreadyIssued: true, numero_completo: 'SETP990000001' });
	});

	it('recovers after a 500 answered once FacEPro had issued it, with or without a reference', async () => {
		t.sim.server.inject({ kind: 'statusAfterCommit', status: 500, body: { ok: false, error: 'Error interno' } }, POST, 2);
		const run = await t.run(createFromItem('invoice', { externalReference: '={{ $json.order ?? "" }}' }), [
			{ order: 'ORDER-3', doc: DOC_EXAMPLE_BODY },
			{ doc: { ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: '1020304050' } } },
		]);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => [i.json.numero_completo, i.json.recovered])).toEqual([
			['SETP990000001', true],
			['SETP990000002', true],
		]);
		expect(t.sim.documents()).toHaveLength(2);
		expect(t.sim.server.count(POST)).toBe(2);
	});

	it('after a 500 where nothing was issued: says what to check, keeps the reference, and issues again only when told', async () => {
		t.sim.server.inject({ kind: 'status', status: 500, body: { ok: false, error: 'Error interno' } }, POST);
		const first = await t.run(withReference('ORDER-4'));
		const error = errorOf(first);
		expect(error.message).toBe('FacEPro did not confirm whether the invoice was issued (HTTP 500)');
		expect(error.description).toContain('Nothing will be re-sent for External Reference "ORDER-4" until you check');
		expect(error.description).toContain('an invoice to JUAN PEREZ (ID 71234567) for 145775.00 COP');
		expect(t.sim.documents()).toHaveLength(0);

		const second = await t.run(withReference('ORDER-4'));
		expect(errorOf(second).message).toBe(
			'External Reference "ORDER-4" was already used in this workflow, but FacEPro has no matching invoice',
		);
		expect(errorOf(second).description).toContain('turn on Options → Issue Again If Earlier Attempt Not Found');
		expect(t.sim.server.count(POST)).toBe(1);

		const third = await t.run(withReference('ORDER-4', { issueAgainIfNotFound: true }));
		expect(third.error).toBeUndefined();
		expect(third.items[0].json).toMatchObject({ numero_completo: 'SETP990000001', externalReference: 'ORDER-4' });
		expect(t.sim.server.count(POST)).toBe(2);
		// From now on the reference finds this document.
		const fourth = await t.run(withReference('ORDER-4', { issueAgainIfNotFound: true }));
		expect(fourth.items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: third.items[0].json.tracking_id });
	});

	it('guards a reference mapped as a number (Shopify order_number) in Fields and JSON mode; refuses one that is not text', async () => {
		// Bug fixed: a number from an expression was dropped in Fields mode (the same order was issued
		// twice) and crashed JSON mode with "trim is not a function".
		const fields = createInvoice({ ...DOC_EXAMPLE_FIELDS, additionalFields: { externalReference: '={{ $json.order_number }}' } });
		const first = await t.run(fields, [{ order_number: 1001 }]);
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ externalReference: '1001', numero_completo: 'SETP990000001' });
		const again = await t.run(fields, [{ order_number: 1001 }]);
		expect(again.items[0].json).toMatchObject({ alreadyIssued: true, externalReference: '1001', numero_completo: 'SETP990000001' });
		const json = await t.run(createFromItem('invoice', { externalReference: '={{ $json.order_number }}' }), [
			{ order_number: 1001, doc: DOC_EXAMPLE_BODY },
		]);
		expect(json.error).toBeUndefined();
		expect(json.items[0].json).toMatchObject({ alreadyIssued: true, externalReference: '1001', numero_completo: 'SETP990000001' });
		expect(t.sim.server.count(POST)).toBe(1);

		const objectInFields = await t.run(fields, [{ order_number: { id: 1001 } }]);
		expect(errorOf(objectInFields).fields).toEqual({ 'Additional Fields › External Reference': ['must be a string, got object'] });
		const listInJson = await t.run(createFromItem('invoice', { externalReference: '={{ $json.order_number }}' }), [
			{ order_number: [1001], doc: DOC_EXAMPLE_BODY },
		]);
		expect(errorOf(listInJson).message).toBe('The invoice has 1 problem; nothing was sent to FacEPro');
		expect(errorOf(listInJson).fields).toEqual({ externalReference: ['must be text or a number, e.g. ORDER-1001'] });
		expect(t.sim.server.count(POST)).toBe(1);
	});

	it('looks the document up after any other 5xx FacEPro may have processed (a proxy 524), instead of claiming it was not found', async () => {
		// Bug fixed: only 500/502/504/408/409 were looked up; after e.g. a 524 the error said "No matching
		// document was found" without having looked, while FacEPro had issued the invoice.
		t.sim.server.inject({ kind: 'statusAfterCommit', status: 524, body: { ok: false, error: 'A timeout occurred' } }, POST);
		const recovered = await t.run(withReference('ORDER-524'));
		expect(recovered.error).toBeUndefined();
		expect(recovered.items[0].json).toMatchObject({ recovered: true, numero_completo: 'SETP990000001', externalReference: 'ORDER-524' });
		expect(t.sim.documents()).toHaveLength(1);

		t.sim.server.inject({ kind: 'status', status: 520, body: { ok: false, error: 'Unknown error' } }, POST);
		const lost = await t.run(createFromItem('invoice'), [
			{ doc: { ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: '1020304050' } } },
		]);
		expect(errorOf(lost).message).toBe('FacEPro did not confirm whether the invoice was issued (HTTP 520)');
		expect(errorOf(lost).description).toContain('No matching document was found in FacEPro just after the failure');
		expect(t.sim.server.requests({ method: 'GET', path: `${API}/documentos` })).toHaveLength(2);
		expect(t.sim.server.count(POST)).toBe(2);
		expect(t.sim.documents()).toHaveLength(1);
	});

	it('gives the reference back after a definite refusal (422, quota), so the corrected run issues', async () => {
		t.sim.server.inject(
			{ kind: 'status', status: 422, body: { ok: false, error: 'Datos invalidos', errors: { 'adquiriente.email': ['El email no existe.'] } } },
			POST,
		);
		const refused = await t.run(withReference('ORDER-5'));
		expect(errorOf(refused).message).toBe('FacEPro rejected the data: Datos invalidos');
		expect(errorOf(refused).fields).toEqual({ 'Customer Details › Email': ['El email no existe.'] });
		const fixed = await t.run(withReference('ORDER-5'));
		expect(fixed.error).toBeUndefined();
		expect(fixed.items[0].json).not.toHaveProperty('alreadyIssued');
		expect(t.sim.documents()).toHaveLength(1);

		const quota = t.credentialFor(3);
		expect(errorOf(await t.run(withReference('ORDER-6'), [{}], { credential: quota })).message).toContain('FacEPro quota exhausted');
		t.sim.tenant(3).cuota.limite = 200;
		const afterRaise = await t.run(withReference('ORDER-6'), [{}], { credential: quota });
		expect(afterRaise.items[0].json).toMatchObject({ numero_completo: 'SETP990000001', externalReference: 'ORDER-6' });
	});

	it('gives the reference back when FacEPro could not be reached (connection refused)', async () => {
		await t.sim.stop();
		try {
			const run = await t.run(withReference('ORDER-7'));
			expect(errorOf(run).message).toBe(`Could not connect to FacEPro at ${t.sim.baseUrl} (connection refused)`);
			expect(errorOf(run).description).toContain('Check the Base URL');
		} finally {
			await t.sim.start();
		}
		const run = await t.run(withReference('ORDER-7'));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).not.toHaveProperty('alreadyIssued');
		expect(t.sim.documents()).toHaveLength(1);
	});

	it('keeps the reference when FacEPro cannot even be asked after a lost answer', async () => {
		t.sim.server.inject({ kind: 'dropAfterCommit' }, POST);
		t.sim.server.inject({ kind: 'status', status: 503, headers: { 'retry-after': '0' } }, { method: 'GET', path: `${API}/documentos` }, 4);
		const run = await t.run(withReference('ORDER-8'));
		expect(errorOf(run).message).toBe('FacEPro did not confirm whether the invoice was issued (ECONNRESET)');
		expect(errorOf(run).description).toContain('FacEPro could not be asked whether it exists either');
		// It had been issued: the next run finds it instead of issuing again.
		const next = await t.run(withReference('ORDER-8'));
		expect(next.items[0].json).toMatchObject({ alreadyIssued: true, numero_completo: 'SETP990000001' });
		expect(t.sim.server.count(POST)).toBe(1);
	});

	it('does not guess between several matching documents: lists them for the user', async () => {
		await t.run(createInvoice()); // the same sale issued once without a reference
		await t.run(withReference('ORDER-9'));
		const again = await t.run(withReference('ORDER-9'));
		expect(errorOf(again).message).toBe('External Reference "ORDER-9" was already used, and FacEPro has 2 documents that match it');
		expect(errorOf(again).description).toContain('SETP990000002, SETP990000001');
		expect(t.sim.server.count(POST)).toBe(2);
	});

	it('in production executions it remembers the tracking ID, so the exact document comes back', async () => {
		await t.run(createInvoice()); // an identical sale without reference
		const production = { workflowId: 'shop-orders', mode: 'trigger' as const };
		const first = await t.run(withReference('ORDER-10'), [{}], production);
		t.sim.server.clearLog();
		const again = await t.run(withReference('ORDER-10'), [{}], production);
		expect(again.items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: first.items[0].json.tracking_id });
		expect(t.sim.server.requests().map((r) => r.path)).toEqual([`${API}/documentos/${String(first.items[0].json.tracking_id)}`]);
	});
});
