/**
 * Factus node version 2: credit and debit notes made from the bill's number (the node reads the bill:
 * it must be validated; a full annulment copies its lines), support documents and their adjustment notes
 * (from the support document's number), each with its reads, files and delete — and the worked examples of
 * the v2 pages for these documents through Preview Totals (two of them are inconsistent and are refused
 * before anything is sent, as docs/factus-v2-notes.md #3 and #4 explain).
 */
import type { IDataObject } from 'n8n-workflow';

import { FACTUS_V2_EXAMPLES } from '../../fixtures/factus-v2-examples';
import { useFactus } from './helpers';
import { fieldsBillV2, v2Runner } from './v2-helpers';

const example = (name: keyof typeof FACTUS_V2_EXAMPLES, changes: IDataObject = {}) => ({ ...(JSON.parse(JSON.stringify(FACTUS_V2_EXAMPLES[name].body)) as IDataObject), ...changes });
const json = (resource: string, body: IDataObject, operation = 'create') => ({ resource, operation, inputMode: 'json', referenceCode: '', documentJson: JSON.stringify(body) });

describe('Factus node version 2: notes and support documents', () => {
	const s = useFactus();
	const { run, fails } = v2Runner(s);
	const problems = (error: IDataObject) => `${String(error.message)}\n${String(error.description)}`;

	const bill = async (reference: string) => (await run(fieldsBillV2(reference)))[0].json;

	describe('credit notes', () => {
		it('Fields: an annulment of every line of the bill, by its number; the bill lists the note', async () => {
			const issued = await bill('cn-bill-1');
			const [note] = await run({ resource: 'creditNote', operation: 'create', inputMode: 'fields', referenceCode: 'cn-1', parentNumber: issued.number as string, correctionConcept: '2', linesSource: 'parent', customerType: 'fromBill' });
			const sent = s.sim.server.requests({ method: 'POST', path: '/v2/credit-notes/validate' })[0].body as IDataObject;
			expect(sent).toMatchObject({ reference_code: 'cn-1', bill_number: issued.number, correction_concept_code: '2', payment_details: [{ amount: '119000.00' }] });
			expect(sent.customer).toBeUndefined();
			expect(sent.items).toEqual([{ code_reference: 'SKU-1', name: 'Camiseta', quantity: '2.00', discount_rate: '0.00', price: '50000.00', unit_measure_code: '94', standard_code: '999', taxes: [{ code: '01', rate: '19.00' }] }]);
			expect(note.json.summary).toMatchObject({ kind: 'creditNote', status: 'accepted', total: 119000, authorityId: expect.stringMatching(/^[0-9a-f]{96}$/) });
			expect(note.json.corrected).toEqual({ kind: 'bill', number: issued.number, cufe: issued.cufe });
			const [again] = await run({ resource: 'bill', operation: 'get', number: issued.number as string });
			expect((again.json.related_notes as IDataObject).credit_notes).toEqual([expect.objectContaining({ reference_code: 'cn-1' })]);
		});

		it('refuses a bill DIAN has not validated before sending the note; Preview Totals of entered lines needs no note request', async () => {
			s.sim.dian.enqueue({ kind: 'pending', showsUntilValid: 100 });
			const pending = await bill('cn-bill-2');
			const error = await fails({ resource: 'creditNote', operation: 'create', inputMode: 'fields', referenceCode: 'cn-2', parentNumber: pending.number as string, correctionConcept: '2', linesSource: 'parent', customerType: 'fromBill' });
			expect(error.message).toBe(`The bill ${String(pending.number)} is not validated by DIAN (pending); a credit note can only correct a validated bill`);
			expect(s.sim.server.count({ method: 'POST', path: '/v2/credit-notes/validate' })).toBe(0);
			const [preview] = await run({
				resource: 'creditNote',
				operation: 'previewTotals',
				inputMode: 'fields',
				parentNumber: pending.number as string,
				correctionConcept: '1',
				linesSource: 'lines',
				customerType: 'fromBill',
				lines: { line: [{ description: 'Camiseta devuelta', quantity: 1, unitPrice: '50000', tax: '01_19' }] },
			});
			expect(preview.json.totals).toMatchObject({ total: '59500.00' });
		});

		it('a second credit note for more than what is left of the bill is refused before sending, with the figures', async () => {
			const issued = await bill('cn-bill-3');
			const partial = (reference: string, unitPrice: number) => ({
				resource: 'creditNote',
				operation: 'create',
				inputMode: 'fields',
				referenceCode: reference,
				parentNumber: issued.number as string,
				correctionConcept: '1',
				linesSource: 'lines',
				customerType: 'fromBill',
				lines: { line: [{ description: 'Devolución', quantity: 1, unitPrice: String(unitPrice), tax: '01_19' }] },
			});
			await run(partial('cn-3a', 50000));
			const error = await fails(partial('cn-3b', 60000));
			expect(problems(error)).toContain('Lines (items): add up to 71400.00, more than what is left to credit of bill');
			expect(problems(error)).toContain(': 59500.00 (its total 119000.00 less 59500.00 already credited)');
			expect(s.sim.server.count({ method: 'POST', path: '/v2/credit-notes/validate' })).toBe(1);
			const [last] = await run(partial('cn-3c', 50000));
			expect(last.json.summary).toMatchObject({ status: 'accepted', total: 59500 });
		});

		it("the page's credit note, by bill_number, credits the standard bill: 83300.00 to the cent", async () => {
			const [standard] = await run({ resource: 'bill', operation: 'create', inputMode: 'json', referenceCode: '', documentJson: JSON.stringify(example('estandar', { numbering_range_id: 4 })) });
			const body = example('creditNote', { bill_number: standard.json.number, numbering_range_id: 5 });
			const [preview] = await run(json('creditNote', body, 'previewTotals'));
			const [note] = await run(json('creditNote', body));
			expect(note.json.totals).toMatchObject(preview.json.totals as IDataObject);
			expect(note.json.totals).toMatchObject({ total: '83300.00', tax_amount: '13300.00' });
			expect(note.json.bill).toMatchObject({ number: standard.json.number });
		});
	});

	describe('debit notes', () => {
		it('Fields: interest added to a validated bill; Get, Get Many, PDF, XML, AttachedDocument, e-mail', async () => {
			const issued = await bill('dn-bill-1');
			const [note] = await run({
				resource: 'debitNote',
				operation: 'create',
				inputMode: 'fields',
				referenceCode: 'dn-1',
				parentNumber: issued.number as string,
				correctionConcept: '1',
				customerType: 'fromBill',
				lines: { line: [{ description: 'Intereses de mora', quantity: 1, unitPrice: '10000', tax: '01_19' }] },
			});
			expect(note.json.summary).toMatchObject({ kind: 'debitNote', status: 'accepted', total: 11900 });
			const number = note.json.number as string;
			const [got] = await run({ resource: 'debitNote', operation: 'get', number });
			expect(got.json.summary).toMatchObject({ number, authorityId: note.json.cude });
			expect((await run({ resource: 'debitNote', operation: 'getAll', returnAll: true })).map((i) => i.json.number)).toEqual([number]);
			const [pdf] = await run({ resource: 'debitNote', operation: 'downloadPdf', number });
			expect(pdf.binary?.data.fileName).toBe(`${number}.pdf`);
			const [attached] = await run({ resource: 'debitNote', operation: 'downloadAttachedDocument', number });
			expect(Buffer.from(attached.binary!.data.data, 'base64').toString()).toContain('AttachedDocument');
			const [mail] = await run({ resource: 'debitNote', operation: 'sendEmail', number, email: 'buyer@example.com' });
			expect(mail.json.sent).toBe(true);
		});

		it("the page's debit note pays 119000 for items worth 83300: refused before sending, naming payment_details", async () => {
			const issued = await bill('dn-bill-2');
			const error = await fails(json('debitNote', example('debitNote', { bill_number: issued.number, numbering_range_id: 7 })));
			expect(problems(error)).toContain('payment_details: add up to 119000.00 but the document total is 83300.00');
			expect(s.sim.server.count({ method: 'POST', path: '/v2/debit-notes/validate' })).toBe(0);
		});
	});

	describe('support documents and adjustment notes', () => {
		const supportFields = (reference: string) => ({
			resource: 'supportDocument',
			operation: 'create',
			inputMode: 'fields',
			referenceCode: reference,
			idType: '31',
			idNumber: '2343543',
			customerName: 'Pepito Perez',
			sellerAddress: 'calle 4',
			municipality: { __rl: true, mode: 'id', value: '68679' },
			lines: { line: [{ code: '12345', description: 'Flete', quantity: 2, unitPrice: '50000', discountRate: 20, tax: '01_19', withholdings: { reteRenta: 3.5 } }] },
		});

		it("the page's support document: 2 × 50000 − 20 % + IVA 19 % = 95200.00; its 80000 of payments are refused, the node's one payment is right", async () => {
			const documented = await fails(json('supportDocument', example('supportDocument')));
			expect(problems(documented)).toContain('payment_details: add up to 80000.00 but the document total is 95200.00');
			const [created] = await run(supportFields('ds-1'));
			expect(created.json.totals).toMatchObject({ gross_amount: '100000.00', taxable_amount: '80000.00', tax_amount: '15200.00', total: '95200.00' });
			expect(created.json.withholding_taxes).toEqual([{ tribute_code: '06', name: 'ReteRenta', value: '2800.00' }]);
			expect(created.json.summary).toMatchObject({ kind: 'supportDocument', status: 'accepted', authorityId: created.json.cuds });
			const [preview] = await run({ ...supportFields('x'), operation: 'previewTotals' });
			expect(preview.json.withholding_taxes).toEqual([{ code: '06', name: 'ReteRenta', value: '2800.00' }]);
		});

		it("an adjustment note from the support document's number copies its lines; the page's adjustment note is 119000.00 to the cent", async () => {
			const [support] = await run(supportFields('ds-2'));
			const [note] = await run({ resource: 'adjustmentNote', operation: 'create', inputMode: 'fields', referenceCode: 'na-1', parentNumber: support.json.number as string, correctionConcept: '2', linesSource: 'parent' });
			expect(note.json.totals).toMatchObject({ total: '95200.00' });
			expect(note.json.corrected).toEqual({ kind: 'supportDocument', number: support.json.number, cuds: support.json.cuds });
			const [page] = await run(json('adjustmentNote', example('adjustmentNote', { support_document_number: support.json.number })));
			expect(page.json.totals).toMatchObject({ gross_amount: '100000.00', tax_amount: '19000.00', total: '119000.00' });
			expect(page.json.withholding_taxes).toEqual([{ tribute_code: '06', name: 'ReteRenta', value: '3500.00' }]);
			const [xml] = await run({ resource: 'adjustmentNote', operation: 'downloadXml', number: page.json.number as string });
			expect(xml.binary?.data.fileName).toBe(`${String(page.json.number)}.xml`);
		});

		it('a rejected support document is deleted with Delete Unvalidated; the seller must use a support-document ID type', async () => {
			s.sim.dian.enqueue({ kind: 'rejected' });
			await fails(supportFields('ds-rej'));
			const [deleted] = await run({ resource: 'supportDocument', operation: 'deleteUnvalidated', referenceCode: 'ds-rej' });
			expect(deleted.json).toMatchObject({ deleted: true, previousStatus: 'rejected' });
			const wrongId = await fails(json('supportDocument', example('supportDocument', { provider: { ...(example('supportDocument').provider as IDataObject), identification_document_code: '13' } })));
			expect(problems(wrongId)).toContain('provider.identification_document_code: "13" is not a identification type code Factus v2 knows');
		});
	});
});
