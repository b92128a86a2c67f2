/**
 * Issue 12, "Preview Totals for every create": credit notes and support documents get the bill's Preview
 * Totals (the same checks as their create, the shared money engine), and its figures equal what Factus's
 * own arithmetic (the simulator) answers to the create of the same document. The preview's sum of the
 * items' discounts is `itemDiscounts`, never `discount` (Factus's bill-level discount, 0.00 in v1).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fieldsBill, useFactus } from './helpers';

const FIGURES = ['gross_value', 'taxable_amount', 'tax_amount', 'total'];

/** The document's totals as Factus answered the create, as text with two decimals. */
const answered = (document: IDataObject) => Object.fromEntries(FIGURES.map((key) => [key, Number(document[key]).toFixed(2)]));
const previewed = (json: IDataObject) => Object.fromEntries(FIGURES.map((key) => [key, json[key]]));

describe('Factus Preview Totals for credit notes and support documents', () => {
	const s = useFactus();

	const run = async (parameters: INodeParameters) => {
		const result = await s.harness.execute(s.node(parameters));
		expect(result.error).toBeUndefined();
		return result.items[0].json;
	};

	const supportDocument = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
		resource: 'supportDocument',
		operation,
		idType: 3,
		idNumber: '1109780065',
		customerName: 'Transportes Pérez',
		municipality: { __rl: true, mode: 'id', value: '1041' },
		lines: {
			line: [
				{ description: 'Flete Bogotá - San Gil', quantity: 1, unitPrice: 350000, discountRate: 5, withholdings: { reteRenta: 1 } },
				{ description: 'Cargue', quantity: 3, unitPrice: 33333.33, withholdings: { reteIca: 0.97 } },
			],
		},
		...extra,
	});

	it('support document: no request, and the figures Factus then answers for the same document', async () => {
		const preview = await run(supportDocument('previewTotals'));
		expect(s.sim.server.log).toHaveLength(0);
		expect(preview).toMatchObject({ preview: true, currency: 'COP', tax_amount: '0.00' });
		expect(preview.discount).toBeUndefined();
		expect(Number(preview.itemDiscounts)).toBeGreaterThan(0);

		const created = await run(supportDocument('create', { referenceCode: 'ds-preview-1' }));
		expect(previewed(preview)).toEqual(answered(created.support_document as IDataObject));
		expect(preview.withholding_taxes).toEqual(created.withholding_taxes);
	});

	it('credit note with entered lines: no request, and the figures Factus then answers', async () => {
		const bill = (await run(fieldsBill('cn-preview-bill', { lines: { line: [{ description: 'Camiseta', quantity: 3, unitPrice: 59500, tax: 'IVA_19', discountRate: 10 }] } })))
			.bill as IDataObject;
		const before = s.sim.server.log.length;
		const note = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
			resource: 'creditNote',
			operation,
			billNumber: bill.number as string,
			correctionConcept: 1,
			linesSource: 'lines',
			lines: { line: [{ description: 'Camiseta devuelta', quantity: 1, unitPrice: 59500, tax: 'IVA_19', discountRate: 10, withholdings: { reteIva: 15 } }] },
			...extra,
		});
		const preview = await run(note('previewTotals'));
		expect(s.sim.server.log.length).toBe(before);
		expect(preview).toMatchObject({ preview: true, itemDiscounts: expect.any(String) });
		expect(preview.discount).toBeUndefined();

		const created = await run(note('create', { referenceCode: 'cn-preview-1' }));
		expect(previewed(preview)).toEqual(answered(created.credit_note as IDataObject));
		expect(preview.withholding_taxes).toEqual(created.withholding_taxes);
	});

	it("credit note copying the bill's lines: reads the bill (one GET, nothing created) and previews the whole bill", async () => {
		const created = await run(fieldsBill('cn-preview-bill-2'));
		const bill = created.bill as IDataObject;
		const before = s.sim.server.log.length;
		const preview = await run({ resource: 'creditNote', operation: 'previewTotals', billNumber: bill.number as string, correctionConcept: 2 });
		const requests = s.sim.server.log.slice(before);
		expect(requests.map((r) => r.method)).toEqual(['GET']);
		expect(previewed(preview)).toEqual(answered(bill));
		expect(preview.creditedBill).toMatchObject({ id: bill.id, number: bill.number });
		expect(s.sim.documents.creditNote).toHaveLength(0);
	});

	it('a malformed credit note or support document is refused by its preview like by its create, nothing sent', async () => {
		const badNote = await s.harness.execute(
			s.node({ resource: 'creditNote', operation: 'previewTotals', billNumber: 'SETP1', linesSource: 'lines', lines: { line: [{ description: 'x', quantity: 1.5, unitPrice: 100, tax: 'IVA_19' }] } }, true),
		);
		expect((badNote.items[0].json.error as IDataObject).fields).toMatchObject({ 'Lines › Line 1 › Quantity (items.0.quantity)': [expect.stringContaining('whole number')] });
		const badDocument = await s.harness.execute(s.node(supportDocument('previewTotals', { idNumber: '12A45' }), true));
		expect(Object.keys((badDocument.items[0].json.error as IDataObject).fields as IDataObject).join()).toContain('Seller ID Number');
		expect(s.sim.server.log).toHaveLength(0);
	});

	it("the bill's preview calls the items' discounts itemDiscounts (Factus's own `discount` is another figure)", async () => {
		const preview = await run(fieldsBill('', { operation: 'previewTotals', lines: { line: [{ description: 'Camiseta', quantity: 2, unitPrice: 59500, tax: 'IVA_19', discountRate: 20 }] } }));
		expect(preview.discount).toBeUndefined();
		expect(preview.itemDiscounts).toBe((preview.items as IDataObject[])[0].discount);
		expect(Number(preview.itemDiscounts)).toBeGreaterThan(0);
	});
});
