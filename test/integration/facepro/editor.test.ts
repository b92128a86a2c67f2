/**
 * The editor's document pickers (methods/listSearch.ts): the Document field of Get / Refresh DIAN Status /
 * Download XML and the invoice a note corrects, "From List" — FacEPro's documents newest first, searchable by
 * number, customer or ID — and their values used in runs.
 */
import type { INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import { API, createInvoice, DOC_EXAMPLE_FIELDS, errorOf, useFacEPro } from './helpers';

const rl = (value: string, mode = 'list') => ({ __rl: true, mode, value });

describe('FacEPro document pickers', () => {
	const t = useFacEPro();

	const search = async (method: string, parameters: INodeParameters, filter?: string, paginationToken?: string) =>
		(await t.harness.loadOptions({ type: 'facEPro', parameters, credential: t.credential }, method, { kind: 'listSearch', filter, paginationToken })) as INodeListSearchResult;

	it('lists recent documents newest first, filters by what is typed, and pages on', async () => {
		t.sim.seedDocuments(620, { notes: 0.2, seed: 7 });
		const get = { resource: 'invoice', operation: 'get' };
		const first = await search('searchDocuments', get);
		expect(first.results.length).toBeGreaterThanOrEqual(50);
		expect(first.results[0].name).toMatch(/^(SETP|NC|ND)\d+ · .+ \(\d+\) · [\d.]+ COP · \d{4}-\d{2}-\d{2} · (aceptado|rechazado|pendiente|fallido)$/);
		expect(first.results.every((r) => /^[0-9a-f-]{36}$/.test(String(r.value)))).toBe(true);
		// A page of FacEPro's list per answer; the token is the next page.
		expect(first.paginationToken).toBe('2');
		const all = [...first.results];
		for (let token = first.paginationToken as string | undefined; token !== undefined; ) {
			const next = await search('searchDocuments', get, undefined, token);
			all.push(...next.results);
			token = next.paginationToken as string | undefined;
		}
		expect(new Set(all.map((r) => r.value)).size).toBe(620);

		const maria = await search('searchDocuments', get, 'maría gómez');
		expect(maria.results.length).toBeGreaterThan(0);
		expect(maria.results.every((r) => r.name.includes('MARIA GOMEZ'))).toBe(true);
		const byNumber = await search('searchDocuments', get, String(first.results[3].name).split(' · ')[0]);
		expect(byNumber.results.map((r) => r.value)).toContain(first.results[3].value);
	});

	it('lists only invoices for the invoice a note corrects', async () => {
		t.sim.seedDocuments(150, { notes: 0.5, seed: 3 });
		const found = await search('searchInvoices', { resource: 'creditNote', operation: 'create', referenceBy: 'document' });
		expect(found.results.length).toBeGreaterThan(0);
		expect(found.results.every((r) => String(r.name).startsWith('SETP'))).toBe(true);
	});

	it('an answer that is not FacEPro\'s list is an error, not an empty list', async () => {
		t.sim.server.inject({ kind: 'okHtml' }, { method: 'GET', path: `${API}/documentos` });
		await expect(search('searchDocuments', { resource: 'invoice', operation: 'get' })).rejects.toThrow('FacEPro answered the document list with an HTML page');
	});

	it('Get, Refresh DIAN Status and Download XML take the picked document (and a tracking ID)', async () => {
		const created = (await t.run(createInvoice())).items[0].json;
		const id = created.tracking_id as string;
		for (const operation of ['get', 'refreshStatus', 'downloadXml']) {
			for (const trackingId of [rl(id), rl(id, 'id')]) {
				const run = await t.run({ resource: 'invoice', operation, trackingId } as INodeParameters);
				expect(run.error).toBeUndefined();
				expect(run.items[0].json.tracking_id).toBe(id);
			}
		}
		// A document number where the tracking ID belongs, typed or from an expression: the node's own
		// message names the field (n8n's bare regex check, "The workflow has issues", named none), nothing sent.
		for (const value of ['SETP990000001', '={{ "SETP990000001" }}']) {
			const wrong = await t.run({ resource: 'invoice', operation: 'get', trackingId: rl(value, 'id') } as INodeParameters);
			expect(errorOf(wrong).message).toBe('Document (trackingId): "SETP990000001" is not a FacEPro tracking ID');
		}
	});

	it('a note picks the invoice it corrects: its number, CUFE and date come from FacEPro', async () => {
		const invoice = (await t.run(createInvoice())).items[0].json;
		const note = {
			...DOC_EXAMPLE_FIELDS,
			resource: 'creditNote',
			operation: 'create',
			inputMode: 'fields',
			referenceBy: 'document',
			referencedInvoice: rl(invoice.tracking_id as string),
			reasonCode: '2',
			reasonDescription: 'Anulación',
		} as INodeParameters;
		const run = await t.run(note);
		expect(run.error).toBeUndefined();
		expect(t.sim.server.requests({ method: 'POST', path: `${API}/notas-credito` })[0].body).toMatchObject({
			factura_referencia: { numero: invoice.numero_completo, cufe: invoice.cufe, fecha: String(invoice.fecha_emision).slice(0, 10) },
			motivo: { codigo: '2', descripcion: 'Anulación' },
		});
		// A credit note is not an invoice a note can correct.
		const refused = await t.run({ ...note, referencedInvoice: rl(run.items[0].json.tracking_id as string) } as INodeParameters);
		expect(errorOf(refused).fields).toEqual({ Invoice: ['is a credit note, not an invoice'] });
		expect(t.sim.server.count({ method: 'POST', path: `${API}/notas-credito` })).toBe(1);
	});
});
