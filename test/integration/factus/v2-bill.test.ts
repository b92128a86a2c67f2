/**
 * Factus node version 2, bills: Preview Totals reproduces every worked example of the v2 pages to the
 * cent (and the simulator, which computes them independently, agrees); Create & Validate in Fields and
 * JSON modes; the same mistakes refused the same way in both modes, naming the field, before anything is
 * sent; and the duplicate-safe issue protocol on reference_code (a re-run, a lost answer, the 409 block).
 */
import type { IDataObject } from 'n8n-workflow';

import { FACTUS_V2_EXAMPLES } from '../../fixtures/factus-v2-examples';
import { useFactus } from './helpers';
import { fieldsBillV2, v2Runner } from './v2-helpers';

const CREATE = { method: 'POST', path: '/v2/bills/validate' };
const BILL_RANGE = 4;

type Totals = Record<string, string>;
const t = (gross: string, taxable: string, tax: string, total: string, extra: Totals = {}): Totals => ({
	prepayment_amount: '0.00',
	gross_amount: gross,
	taxable_amount: taxable,
	tax_amount: tax,
	surcharge_amount: '0.00',
	total,
	...extra,
});
const STANDARD = t('70000.00', '70000.00', '13300.00', '83300.00');

/** Every bill example of the v2 pages → the totals its payments (and cash rounding) state. */
const PAGES: Array<[keyof typeof FACTUS_V2_EXAMPLES, Totals]> = [
	['crearYValidar', STANDARD],
	['estandar', STANDARD],
	['consumidorFinal', STANDARD],
	['credito', STANDARD],
	['establecimiento', STANDARD],
	['ordenServicio', STANDARD],
	['anticipo', { ...STANDARD, prepayment_amount: '3300.00' }],
	['currency', { ...STANDARD, prepayment_amount: '3300.00' }],
	['autorretenciones', t('1000000.00', '1000000.00', '190000.00', '1190000.00')],
	['impuestoExcluido', t('83300.00', '0.00', '0.00', '83300.00')],
	['propina', t('70000.00', '70000.00', '13300.00', '85300.00', { surcharge_amount: '2000.00' })],
	['redondeo', t('237962.96', '237962.96', '22601.85', '260564.81')],
	['mandatos', t('15000.00', '15000.00', '2850.00', '17850.00')],
	['transporte', t('2020000.00', '2000000.00', '380000.00', '2400000.00')],
	['ssCufe', t('10000.00', '0.00', '0.00', '10000.00', { prepayment_amount: '5000.00' })],
	['ssReporte', t('10000.00', '0.00', '0.00', '10000.00', { prepayment_amount: '5000.00' })],
	['ssSinAporte', t('10000.00', '0.00', '0.00', '10000.00', { prepayment_amount: '5000.00' })],
];

const example = (name: keyof typeof FACTUS_V2_EXAMPLES, changes: IDataObject = {}) => ({ ...(JSON.parse(JSON.stringify(FACTUS_V2_EXAMPLES[name].body)) as IDataObject), ...changes });
const json = (body: IDataObject, extra: IDataObject = {}) => ({ resource: 'bill', operation: 'create', inputMode: 'json', referenceCode: '', documentJson: JSON.stringify(body), ...extra });

describe('Factus node version 2: bills', () => {
	const s = useFactus();
	const { run, fails } = v2Runner(s);
	const problems = (error: IDataObject) => `${String(error.message)}\n${String(error.description)}`;

	describe('Preview Totals and the v2 pages, to the cent', () => {
		it.each(PAGES)('%s: Preview Totals gives the page\'s totals without a request; Create gets the same from Factus', async (name, totals) => {
			const body = example(name, { numbering_range_id: BILL_RANGE });
			const [preview] = await run({ ...json(body), operation: 'previewTotals' });
			expect(preview.json.totals).toMatchObject(totals);
			// The page's own figure: Σ payments = total + cash rounding.
			expect(preview.json.payable).toBe(preview.json.payments_total);
			expect(s.sim.server.log.filter((r) => r.path.startsWith('/v2/'))).toEqual([]);

			const [created] = await run(json(body));
			expect(created.json.totals).toEqual(totals);
			expect(created.json.summary).toMatchObject({ provider: 'Factus', kind: 'invoice', status: 'accepted', total: Number(totals.total) });
		});

		it('per item: the rounding example rounds each tax to the cent; self-withholdings (autorretenciones) are reported, never subtracted', async () => {
			const [rounding] = await run({ ...json(example('redondeo')), operation: 'previewTotals' });
			const items = rounding.json.items as IDataObject[];
			// Each tax rounded to the cent on its item: 14074.07 and 2370.37 INC 8 %, 6157.41 IVA 19 %; the items with
			// their tax are the page's 190000.00 + 31999.99 + 38564.82 = 260564.81, paid 260550 with −14.81 of rounding.
			expect(items.map((i) => [i.total, (i.taxes as IDataObject[]).map((x) => [x.code, x.tax_amount])])).toEqual([
				['175925.93', [['04', '14074.07']]],
				['29629.62', [['04', '2370.37']]],
				['32407.41', [['01', '6157.41']]],
			]);
			expect(rounding.json.taxes).toEqual([
				{ code: '01', name: 'IVA', is_excluded: false, rate: '19.00', taxable_amount: '32407.41', tax_amount: '6157.41' },
				{ code: '04', name: 'INC', is_excluded: false, rate: '8.00', taxable_amount: '205555.55', tax_amount: '16444.44' },
			]);
			expect(rounding.json).toMatchObject({ cash_rounding_amount: '-14.81', payable: '260550.00', payments_total: '260550.00' });
			const [self] = await run({ ...json(example('autorretenciones')), operation: 'previewTotals' });
			expect(self.json.withholding_taxes).toEqual([
				{ code: '05', name: 'ReteIVA', value: '3800.00' },
				{ code: '06', name: 'ReteRenta', value: '40000.00' },
			]);
			expect((self.json.totals as IDataObject).total).toBe('1190000.00');
		});
	});

	describe('Create & Validate', () => {
		it('Fields mode: net prices, taxes per item, one payment of the total computed by the node; validated with its CUFE', async () => {
			const [bill] = await run(fieldsBillV2('v2-fields-1', { additionalFields: { observation: 'Pedido 1001', orderReference: 'OC-77', billingStart: '2026-01-01', billingEnd: '2026-01-31' } }));
			const sent = s.sim.server.requests(CREATE)[0].body as IDataObject;
			expect(sent).toEqual({
				reference_code: 'v2-fields-1',
				customer: {
					identification_document_code: '13',
					identification: '123456789',
					email: 'alan.turing@example.com',
					municipality_code: '68679',
					names: 'Alan Turing',
					legal_organization_code: '2',
				},
				items: [{ code_reference: 'SKU-1', name: 'Camiseta', quantity: '2.00', discount_rate: '0.00', price: '50000.00', unit_measure_code: '94', standard_code: '999', taxes: [{ code: '01', rate: '19.00' }] }],
				payment_details: [{ payment_form: '1', payment_method_code: '47', amount: '119000.00' }],
				observation: 'Pedido 1001',
				billing_period: { start_date: '2026-01-01', end_date: '2026-01-31' },
				order_reference: { reference_code: 'OC-77' },
			});
			expect(bill.json).toMatchObject({ number: expect.stringMatching(/^SETP/), is_validated: true, totals: { total: '119000.00', tax_amount: '19000.00' }, order_reference: 'OC-77' });
			expect(bill.json.summary).toMatchObject({ status: 'accepted', total: 119000, authorityId: expect.stringMatching(/^[0-9a-f]{96}$/) });
			const [preview] = await run({ ...fieldsBillV2('ignored'), operation: 'previewTotals' });
			expect(preview.json.totals).toEqual(bill.json.totals);
		});

		it('Fields mode: final consumer, several payments (cash + credit with due date), a tip, cash rounding and a currency for the PDF', async () => {
			const [bill] = await run(
				fieldsBillV2('v2-fields-2', {
					customerType: 'finalConsumer',
					lines: { line: [{ description: 'Almuerzo', quantity: 3, unitPrice: '20168.07', tax: '04_8' }] },
					paymentMode: 'several',
					payments: {
						payment: [
							{ paymentForm: '1', paymentMethod: '10', amount: 30000 },
							{ paymentForm: '2', paymentMethod: '47', amount: 38345, dueDate: '2026-07-30' },
						],
					},
					additionalFields: { tip: 3000, cashRounding: 0.45, currency: 'usd', exchangeRate: 3565.07 },
				}),
			);
			const sent = s.sim.server.requests(CREATE)[0].body as IDataObject;
			expect(sent.customer).toEqual({ identification_document_code: '13', identification: '222222222222', names: 'Consumidor final', legal_organization_code: '2', tribute_code: 'ZZ', email: 'alan.turing@example.com' });
			expect(sent.allowance_charges).toEqual([{ concept_type: '03', is_surcharge: true, reason: 'Propina', base_amount: '0.00', amount: '3000.00' }]);
			expect(sent.currency).toEqual({ type: 'USD', exchange_rate: '3565.07' });
			// 3 × 20168.07 = 60504.21 + INC 8 % 4840.34 + tip 3000.00 = 68344.55, paid 68345.00 with +0.45 of cash rounding.
			expect(sent.cash_rounding_amount).toBe('0.45');
			expect(bill.json.totals).toMatchObject({ total: '68344.55', tax_amount: '4840.34', surcharge_amount: '3000.00' });
			expect(bill.json.payment_details).toEqual([
				expect.objectContaining({ amount: '30000.00', due_date: null }),
				expect.objectContaining({ amount: '38345.00', due_date: '30-07-2026' }),
			]);
		});

		it('Fields mode: contingency (document 03) needs the paper invoice; with it the bill is issued as type 03', async () => {
			const missing = await fails(fieldsBillV2('v2-03', { additionalFields: { documentType: '03', relatedCode: 'Factura de talonario' } }));
			expect(problems(missing)).toContain('Additional Fields › Paper Invoice Number (related_documents.0.number): is required');
			expect(problems(missing)).toContain('Additional Fields › Paper Invoice Date (related_documents.0.issue_date): is required');
			expect(s.sim.server.count(CREATE)).toBe(0);
			const [bill] = await run(
				fieldsBillV2('v2-03', { numberingRangeId: 67, additionalFields: { documentType: '03', relatedCode: 'Factura de talonario', relatedNumber: 'FTP990000014', relatedDate: '2026-01-08' } }),
			);
			expect((s.sim.server.requests(CREATE)[0].body as IDataObject).related_documents).toEqual([{ code: 'Factura de talonario', number: 'FTP990000014', issue_date: '2026-01-08' }]);
			expect(bill.json).toMatchObject({ document_type: { code: '03' }, related_documents: [{ number: 'FTP990000014', issue_date: '08-01-2026' }] });
		});

		it('JSON mode: the Reference Code field wins over the JSON\'s; the package\'s invoice JSON (customer, lines) is mapped to v2', async () => {
			await run(json(example('estandar', { numbering_range_id: BILL_RANGE }), { referenceCode: 'from-field' }));
			expect((s.sim.server.requests(CREATE)[0].body as IDataObject).reference_code).toBe('from-field');
			const [mapped] = await run(
				json({
					externalReference: 'pkg-1',
					customer: { idType: '31', idNumber: '900123456', name: 'Tienda SAS', email: 'compras@tienda.co', municipality: '11001' },
					lines: [{ description: 'Servicio', quantity: 1, unitPrice: '100000', taxRate: 19 }],
				}),
			);
			const sent = s.sim.server.requests(CREATE)[1].body as IDataObject;
			expect(sent).toMatchObject({ reference_code: 'pkg-1', customer: { identification_document_code: '31', company: 'Tienda SAS', legal_organization_code: '1' }, payment_details: [{ amount: '119000.00' }] });
			expect(mapped.json.summary).toMatchObject({ status: 'accepted', total: 119000 });
		});
	});

	describe('the same mistakes refused the same way in Fields and JSON mode, naming the field, nothing sent', () => {
		it('price with three decimals, an unknown municipality, an IVA of 7 %, a missing reference code', async () => {
			const fields = await fails(
				fieldsBillV2('v2-bad', {
					municipality: { __rl: true, mode: 'id', value: '99999' },
					lines: { line: [{ description: 'Camiseta', quantity: 1, unitPrice: '10.505', tax: '01_19' }, { description: 'Gorra', quantity: 1, unitPrice: '1000', tax: '01_19' }] },
				}),
			);
			expect(problems(fields)).toContain('Municipality (customer.municipality_code)');
			expect(problems(fields)).toContain('Lines › Unit Price (Before Tax) (line 1) (items.0.price): 10.505 has more than 2 decimals');
			const body = example('estandar', { reference_code: '', customer: { ...(example('estandar').customer as IDataObject), municipality_code: '99999' } });
			(body.items as IDataObject[])[0].price = '10.505';
			(body.items as IDataObject[])[1].taxes = [{ code: '01', rate: '7.00' }];
			const fromJson = await fails(json(body));
			expect(problems(fromJson)).toContain('reference_code');
			expect(problems(fromJson)).toContain('customer.municipality_code');
			expect(problems(fromJson)).toContain('items.0.price: 10.505 has more than 2 decimals');
			expect(problems(fromJson)).toContain('items.1.taxes.0.rate: 7 % is not a rate of IVA; use 0, 5, 19');
			expect(s.sim.server.count(CREATE)).toBe(0);
		});

		it('payments that do not add up to the total + cash rounding (what Factus would refuse with a 422)', async () => {
			const several = await fails(fieldsBillV2('v2-pay', { paymentMode: 'several', payments: { payment: [{ paymentForm: '1', paymentMethod: '10', amount: 100000 }] } }));
			expect(problems(several)).toContain('Payments (payment_details): add up to 100000.00 but the document total is 119000.00: the payments must add up to 119000.00');
			const body = example('redondeo', { cash_rounding_amount: '-14.80' });
			const fromJson = await fails(json(body));
			expect(problems(fromJson)).toContain('payment_details: add up to 260550.00 but the document total is 260564.81 plus the cash rounding -14.80: the payments must add up to 260550.01');
			const credit = await fails(json(example('credito', { payment_details: [{ payment_form: '2', payment_method_code: '10', amount: '83300' }] })));
			expect(problems(credit)).toContain('payment_details.0.due_date: is required');
			expect(s.sim.server.count(CREATE)).toBe(0);
		});

		it('a price that comes out empty, typed with a thousands separator, or a line worth 0 is refused on its field, in Create and Preview Totals', async () => {
			// An empty field is flagged by n8n itself (required); an expression that gives nothing reaches the node.
			const line = (unitPrice: string, extra: IDataObject = {}) => ({ description: 'Camiseta', quantity: 1, unitPrice, tax: '01_19', ...extra });
			const lines = { line: [line('={{ "" }}'), line('50.000,00'), line('0'), line('50000', { discountRate: 100 }), line('50000')] };
			for (const operation of ['create', 'previewTotals']) {
				const error = await fails(fieldsBillV2('v2-price', { operation, lines }));
				expect(problems(error)).toContain('Lines › Unit Price (Before Tax) (line 1) (items.0.price): is required');
				expect(problems(error)).toMatch(/Lines › Unit Price \(Before Tax\) \(line 2\) \(items\.1\.price\): .*50\.000,00/);
				expect(problems(error)).toContain('Lines › Unit Price (Before Tax) (line 3) (items.2.price): is 0, so the line is worth 0');
				expect(problems(error)).toContain('Lines › Discount (%) (line 4) (items.3.discount_rate): leaves the line worth 0');
				expect(problems(error)).not.toContain('line 5');
			}
			const body = example('estandar');
			(body.items as IDataObject[])[0].price = '0.00';
			expect(problems(await fails(json(body)))).toContain('items.0.price: is 0, so the line is worth 0');
			expect(s.sim.server.count(CREATE)).toBe(0);
		});

		it('a price typed as text is read as an exact decimal; the unit chosen and the line withholdings are sent', async () => {
			const [bill] = await run(
				fieldsBillV2('v2-exact', {
					lines: { line: [{ description: 'Arroz', quantity: 3, unitPrice: ' 3333.33 ', tax: '01_5', unit: 'KGM', withholdings: { reteIva: 15, reteRenta: 2.5 } }] },
				}),
			);
			const item = ((s.sim.server.requests(CREATE)[0].body as IDataObject).items as IDataObject[])[0];
			expect(item).toMatchObject({ price: '3333.33', unit_measure_code: 'KGM', withholding_taxes: [{ code: '05', rate: '15.00' }, { code: '06', rate: '2.50' }] });
			expect(bill.json.summary).toMatchObject({ status: 'accepted', total: 10499.99 });
		});
	});

	describe('never twice: reference_code', () => {
		it('a re-run returns the bill Factus already has (Factus refuses the code again); one bill', async () => {
			const [first] = await run(fieldsBillV2('v2-dup-1'));
			const [again] = await run(fieldsBillV2('v2-dup-1'));
			expect(again.json.number).toBe(first.json.number);
			expect(again.json.recovery).toMatchObject({ action: 'returnedExisting' });
			expect(s.sim.v2.created.bill['v2-dup-1']).toBe(1);
		});

		it('a lost answer (connection dropped after Factus committed) is found by reference_code, sent once', async () => {
			s.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
			const [bill] = await run(fieldsBillV2('v2-lost-1', { options: { timeout: 2 } }));
			expect(bill.json.recovery).toMatchObject({ action: 'returnedExisting', reason: expect.stringContaining('Factus has the bill with reference_code "v2-lost-1"') });
			expect(bill.json.summary).toMatchObject({ status: 'accepted' });
			expect(s.sim.server.count(CREATE)).toBe(1);
			expect(s.sim.v2.created.bill['v2-lost-1']).toBe(1);
		});

		it('an answer that is not the bill (an HTML page) and no bill at Factus: "not issued", and a re-run sends it', async () => {
			s.sim.server.inject({ kind: 'status', status: 502, body: '<html>Bad gateway</html>' }, CREATE);
			const error = await fails(fieldsBillV2('v2-502'));
			expect(error.message).toMatch(/502|Bad gateway|not issued/i);
			const [bill] = await run(fieldsBillV2('v2-502'));
			expect(bill.json.summary).toMatchObject({ status: 'accepted' });
			expect(s.sim.v2.created.bill['v2-502']).toBe(1);
		});

		it('DIAN slow: the bill is returned pending; resending the same reference makes Factus check it again (no duplicate); Wait for DIAN Result ends it', async () => {
			s.sim.dian.enqueue({ kind: 'pending', showsUntilValid: 3 });
			const [pending] = await run(fieldsBillV2('v2-slow'));
			expect(pending.json.summary).toMatchObject({ status: 'pending', authorityId: null });
			const [again] = await run(fieldsBillV2('v2-slow'));
			expect(again.json.number).toBe(pending.json.number);
			const [done] = await run({ resource: 'bill', operation: 'waitForResult', number: pending.json.number as string, timeout: 30, options: { interval: 0.1 } });
			expect(done.json.summary).toMatchObject({ status: 'accepted' });
			expect(s.sim.v2.created.bill['v2-slow']).toBe(1);
		});

		it('DIAN rejects: an error naming the rule; the 409 block on the next bill is cleared only with the option, deleting the rejected one', async () => {
			s.sim.dian.enqueue({ kind: 'rejected' });
			const rejected = await fails(fieldsBillV2('v2-rej'));
			expect(rejected.message).toContain('DIAN rejected');
			const blocked = await fails(fieldsBillV2('v2-next'));
			expect(blocked.message).toContain('pendiente por enviar');
			const [issued] = await run(fieldsBillV2('v2-next', { options: { deleteRejectedAndResend: true } }));
			expect(issued.json.recovery).toMatchObject({ action: 'deletedRejectedAndResent', deletedRejected: [expect.objectContaining({ reference_code: 'v2-rej' })] });
			expect(s.sim.v2.deleted.bill).toEqual(['v2-rej']);
		});

		it('the 409 block met by several bills in flight, with the option: the rejected bill is deleted once, each bill issued once', async () => {
			s.sim.dian.enqueue({ kind: 'rejected' });
			await fails(fieldsBillV2('v2-rej-batch'));
			const refs = Array.from({ length: 6 }, (_v, k) => ({ ref: `v2-unblocked-${k + 1}` }));
			const issued = await run(fieldsBillV2('={{ $json.ref }}', { options: { deleteRejectedAndResend: true, parallelRequests: 4 } }), refs);
			expect(issued.map((item) => (item.json.summary as IDataObject).status)).toEqual(Array(6).fill('accepted'));
			expect(issued.map((item) => item.json.reference_code)).toEqual(refs.map((r) => r.ref));
			expect(s.sim.v2.deleted.bill).toEqual(['v2-rej-batch']);
			for (const { ref } of refs) expect(s.sim.v2.created.bill[ref]).toBe(1);
		});
	});
});
