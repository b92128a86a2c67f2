/**
 * Factus API v2 money in the simulator: every worked example of the v2 pages, sent as the page prints it,
 * answers with totals that equal the page's own figures to the cent. The pages give request bodies only;
 * their figures are the payment amounts (Σ payment_details = total + cash_rounding_amount) and, for the
 * support family, the one answer v2 prints (notas-ajuste-documentos-soporte/ver.md).
 * Account-specific values are swapped for the simulator's (numbering range ids, referenced numbers).
 * Two pages are internally inconsistent and say so below: the debit-note and support-document examples.
 */
import { FACTUS_V2_EXAMPLES } from '../../fixtures/factus-v2-examples';

import { useV2, withChanges } from './v2Client';

type Totals = { prepayment_amount?: string; gross_amount: string; taxable_amount: string; tax_amount: string; surcharge_amount?: string; total: string };

const BILL_RANGE = 4;
const t = (gross: string, taxable: string, tax: string, total: string, extra: Partial<Totals> = {}): Totals => ({
	prepayment_amount: '0.00',
	gross_amount: gross,
	taxable_amount: taxable,
	tax_amount: tax,
	surcharge_amount: '0.00',
	total,
	...extra,
});
const STANDARD = t('70000.00', '70000.00', '13300.00', '83300.00');

/** Bill examples → the totals their payments (and rounding) state. */
const BILLS: Array<[keyof typeof FACTUS_V2_EXAMPLES, Totals]> = [
	['crearYValidar', STANDARD],
	['estandar', STANDARD],
	['consumidorFinal', STANDARD],
	['credito', STANDARD],
	['establecimiento', STANDARD],
	['ordenServicio', STANDARD],
	// Prepayments are reported next to the total; the payments still add up to the whole value (83300).
	['anticipo', { ...STANDARD, prepayment_amount: '3300.00' }],
	['currency', { ...STANDARD, prepayment_amount: '3300.00' }],
	['autorretenciones', t('1000000.00', '1000000.00', '190000.00', '1190000.00')],
	['impuestoExcluido', t('83300.00', '0.00', '0.00', '83300.00')],
	['propina', t('70000.00', '70000.00', '13300.00', '85300.00', { surcharge_amount: '2000.00' })],
	// 190000.00 + 31999.99 + 38564.82 = 260564.81; paid 100000 + 160550 with −14.81 of cash rounding.
	['redondeo', t('237962.96', '237962.96', '22601.85', '260564.81')],
	['mandatos', t('15000.00', '15000.00', '2850.00', '17850.00')],
	['transporte', t('2020000.00', '2000000.00', '380000.00', '2400000.00')],
	['ssCufe', t('10000.00', '0.00', '0.00', '10000.00', { prepayment_amount: '5000.00' })],
	['ssReporte', t('10000.00', '0.00', '0.00', '10000.00', { prepayment_amount: '5000.00' })],
	['ssSinAporte', t('10000.00', '0.00', '0.00', '10000.00', { prepayment_amount: '5000.00' })],
	['ssRecaudo1', t('10000.00', '0.00', '0.00', '10000.00')],
	['ssRecaudo2', t('10000.00', '0.00', '0.00', '10000.00')],
];

const paid = (body: Record<string, unknown>) =>
	(body.payment_details as Array<{ amount: string | number }>).reduce((sum, p) => sum + Math.round(Number(p.amount) * 100), 0) -
	Math.round(Number(body.cash_rounding_amount ?? 0) * 100);

describe('Factus v2 simulator: the documented examples, to the cent', () => {
	const s = useV2();

	const bill = (name: keyof typeof FACTUS_V2_EXAMPLES) => withChanges(FACTUS_V2_EXAMPLES[name].body, { numbering_range_id: BILL_RANGE });

	it.each(BILLS)('bill example %s: validated, totals as the page states', async (name, totals) => {
		const body = bill(name);
		const { status, body: answer } = await s.api.post('/v2/bills/validate', body);
		expect({ status, errors: answer.errors }).toEqual({ status: 201, errors: undefined });
		expect(answer.data.is_validated).toBe(true);
		expect(answer.data.totals).toEqual(totals);
		// The page's own figure: what the payments add up to, less the cash rounding.
		expect(Math.round(Number(answer.data.totals.total) * 100)).toBe(paid(body));
		expect(answer.data.cufe).toMatch(/^[0-9a-f]{96}$/);
	});

	it('per-item figures: the rounding example rounds each tax to the cent (14074.07 + 2370.37 INC, 6157.41 IVA)', async () => {
		const { body } = await s.api.post('/v2/bills/validate', bill('redondeo'));
		const items = body.data.items as Array<{ total: string; taxes: Array<{ tribute: { code: string }; rates: Array<{ tax_amount: string }> }> }>;
		expect(items.map((i) => [i.total, i.taxes[0].tribute.code, i.taxes[0].rates[0].tax_amount])).toEqual([
			['175925.93', '04', '14074.07'],
			['29629.62', '04', '2370.37'],
			['32407.41', '01', '6157.41'],
		]);
		expect(body.data.taxes).toEqual([
			{ tribute: { code: '01', name: 'IVA' }, is_excluded: false, rates: [{ taxable_amount: '32407.41', tax_amount: '6157.41', rate: '19.00' }] },
			{ tribute: { code: '04', name: 'INC' }, is_excluded: false, rates: [{ taxable_amount: '205555.55', tax_amount: '16444.44', rate: '8.00' }] },
		]);
		expect(body.data.cash_rounding_amount).toBe('-14.81');
		expect(body.data.payment_details.map((p: { amount: string }) => p.amount)).toEqual(['100000.00', '160550.00']);
	});

	it('self-withholdings are reported and leave the total alone: ReteIVA 2 % of the IVA, ReteRenta 4 % of the net', async () => {
		const { body } = await s.api.post('/v2/bills/validate', bill('autorretenciones'));
		expect(body.data.withholding_taxes).toEqual([
			{ tribute_code: '05', name: 'ReteIVA', value: '3800.00' },
			{ tribute_code: '06', name: 'ReteRenta', value: '40000.00' },
		]);
		expect(body.data.totals.total).toBe('1190000.00');
	});

	it('the foreign-currency example shows USD totals in the graphic representation (83300 / 3565.07 = 23.37)', async () => {
		const { body } = await s.api.post('/v2/bills/validate', bill('currency'));
		const pdf = await s.api.get(`/v2/bills/${body.data.number}/download-pdf`);
		expect(Buffer.from(pdf.body.data.pdf_base_64_encoded, 'base64').toString('latin1')).toContain('Total USD: 23.37 - TRM 3565.07');
	});

	it('the cash rounding must reconcile exactly, and stay within ±500', async () => {
		const off = await s.api.post('/v2/bills/validate', withChanges(bill('redondeo'), { cash_rounding_amount: '-14.80' }));
		expect(off.status).toBe(422);
		expect(off.body.errors.payment_details[0]).toContain('(260564.81) más el redondeo (-14.80): 260550.01');
		const big = await s.api.post('/v2/bills/validate', withChanges(bill('redondeo'), { cash_rounding_amount: '-500.01' }));
		expect(big.body.errors).toEqual({ cash_rounding_amount: ['El campo cash_rounding_amount debe ser al menos -500.'] });
	});

	it('credit note example (by bill_number) credits the standard bill: 83300.00', async () => {
		const { body: created } = await s.api.post('/v2/bills/validate', bill('estandar'));
		const note = withChanges(FACTUS_V2_EXAMPLES.creditNote.body, { bill_number: created.data.number, numbering_range_id: 5 });
		const { status, body } = await s.api.post('/v2/credit-notes/validate', note);
		expect(status).toBe(201);
		expect(body.data.totals).toEqual(STANDARD);
		expect(body.data.bill).toMatchObject({ number: created.data.number, cufe: created.data.cufe });
	});

	it('debit note example: the page pays 119000 for items worth 83300 (inconsistent); the same note paid 83300 is accepted', async () => {
		const { body: created } = await s.api.post('/v2/bills/validate', bill('estandar'));
		const documented = withChanges(FACTUS_V2_EXAMPLES.debitNote.body, { bill_number: created.data.number, numbering_range_id: 7 });
		const refused = await s.api.post('/v2/debit-notes/validate', documented);
		expect(refused.status).toBe(422);
		expect(refused.body.errors.payment_details[0]).toContain('(119000.00) debe ser igual al total del documento (83300.00)');
		const payments = [
			{ payment_form: '1', payment_method_code: '10', reference_code: 'pago-001', amount: '64300' },
			{ payment_form: '2', payment_method_code: '10', reference_code: 'pago-002', due_date: '2026-07-30', amount: '19000' },
		];
		const { status, body } = await s.api.post('/v2/debit-notes/validate', withChanges(documented, { payment_details: payments }));
		expect(status).toBe(201);
		expect(body.data.totals).toEqual(STANDARD);
		expect(body.data.customization).toEqual({ code: '30', name: 'Nota Débito que referencia una factura electrónica' });
	});

	it('support document example: 2 × 50000 − 20 % + IVA 19 % is 95200, the page pays 80000 (inconsistent); paid 95200 it is accepted', async () => {
		const documented = FACTUS_V2_EXAMPLES.supportDocument.body;
		const refused = await s.api.post('/v2/support-documents/validate', documented);
		expect(refused.status).toBe(422);
		expect(refused.body.errors.payment_details[0]).toContain('(80000.00) debe ser igual al total del documento (95200.00)');
		const payments = [
			{ payment_form: '1', payment_method_code: '42', reference_code: 'pago-002', amount: '40000' },
			{ payment_form: '2', payment_method_code: '10', reference_code: 'pago-003', amount: '55200', due_date: '2026-05-25' },
		];
		const { status, body } = await s.api.post('/v2/support-documents/validate', withChanges(documented, { payment_details: payments }));
		expect(status).toBe(201);
		expect(body.data.totals).toEqual(t('100000.00', '80000.00', '15200.00', '95200.00'));
		expect(body.data.items[0]).toMatchObject({ discount_rate: '20.00', discount: '20000.00', gross_value: '100000.00', total: '80000.00' });
		expect(body.data.withholding_taxes).toEqual([{ tribute_code: '06', name: 'ReteRenta', value: '2800.00' }]);
		expect(body.data.cuds).toMatch(/^[0-9a-f]{96}$/);
	});

	it('adjustment note example (by support_document_number): 119000.00, ReteRenta 3.5 % = 3500.00', async () => {
		const support = await s.api.post('/v2/support-documents/validate', withChanges(FACTUS_V2_EXAMPLES.supportDocument.body, {
			payment_details: [{ payment_form: '1', payment_method_code: '10', amount: '95200' }],
		}));
		const note = withChanges(FACTUS_V2_EXAMPLES.adjustmentNote.body, { support_document_number: support.body.data.number });
		const { status, body } = await s.api.post('/v2/adjustment-notes/validate', note);
		expect(status).toBe(201);
		expect(body.data.totals).toEqual(t('100000.00', '100000.00', '19000.00', '119000.00'));
		expect(body.data.withholding_taxes).toEqual([{ tribute_code: '06', name: 'ReteRenta', value: '3500.00' }]);
		expect(body.data.support_document).toEqual({ reference_code: 'DS-2026-v2-0001', number: support.body.data.number, cuds: support.body.data.cuds });
	});

	it("the adjustment-note answer of ver.md (NA1: 2 × 50000 untaxed, ReteRenta 3.50 % = 3500.00, total 100000.00)", async () => {
		const support = await s.api.post('/v2/support-documents/validate', withChanges(FACTUS_V2_EXAMPLES.supportDocument.body, {
			payment_details: [{ payment_form: '1', payment_method_code: '10', amount: '95200' }],
		}));
		const note = withChanges(FACTUS_V2_EXAMPLES.adjustmentNote.body, {
			support_document_number: support.body.data.number,
			correction_concept_code: '5',
			payment_details: [{ payment_form: '1', payment_method_code: '42', reference_code: 'pago-002', amount: '100000.00' }],
			items: [{ code_reference: '12345', name: 'producto de prueba', quantity: '2.00', discount_rate: '0.00', price: '50000.00', unit_measure_code: '94', standard_code: '999', withholding_taxes: [{ code: '06', rate: '3.50' }] }],
		});
		const { status, body } = await s.api.post('/v2/adjustment-notes/validate', note);
		expect(status).toBe(201);
		expect(body.data.totals).toMatchObject({ gross_amount: '100000.00', total: '100000.00' });
		expect(body.data.items[0]).toMatchObject({
			quantity: '2.00',
			discount_rate: '0.00',
			discount: '0.00',
			gross_value: '100000.00',
			price: '50000.00',
			total: '100000.00',
			withholding_taxes: [{ tribute_code: '06', name: 'ReteRenta', value: '3500.00', rates: [{ code: '06', name: 'ReteRenta', rate: '3.50' }] }],
		});
		expect(body.data.withholding_taxes).toEqual([{ tribute_code: '06', name: 'ReteRenta', value: '3500.00' }]);
		expect(body.data.correction_concept).toEqual({ code: '5', name: 'Otros' });
		expect(body.data.payment_details).toEqual([
			{ payment_form: { code: '1', name: 'Pago de contado' }, payment_method: { code: '42', name: 'Consignación' }, reference_code: 'pago-002', amount: '100000.00', due_date: null },
		]);
		const pdf = await s.api.get(`/v2/adjustment-notes/${body.data.number}/download-pdf`);
		expect(Buffer.from(pdf.body.data.pdf_base_64_encoded, 'base64').toString('latin1')).toContain('Total: 100000.00 COP');
	});
});
