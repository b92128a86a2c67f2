/**
 * Factus in the Shopify modes, through n8n's WorkflowExecute against the Factus simulator: every
 * Colombian fixture becomes a bill whose total — as the simulator computed it — is what the customer
 * paid; orders Factus v1 cannot express are refused before any request; the same order delivered again
 * never issues a second bill; a refund becomes a credit note for what Shopify returned.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Dec } from '../../../nodes/shared/decimal';
import { useFactus } from '../factus/helpers';

import { AT_LEAST, COLOMBIA, errorOf, money, order, paid, reference, REFUSED, REFUSED_FIELDS, shopifyOf, TAX_ID_SETTINGS } from './fixtures';
import type { Order } from './fixtures';

const s = useFactus();

const billFromShopify = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'bill', operation: 'create', inputMode: 'shopifyOrder', ...extra });

let workflow = 0;
/** One production execution of the workflow (a Shopify Trigger fires in webhook mode). */
async function deliver(parameters: INodeParameters, input: Order[], workflowId = `shop-${++workflow}`) {
	return await s.harness.execute(s.node(parameters), input, { mode: 'webhook', workflowId });
}

const billOf = (name: string) => s.sim.documents.bill.filter((d) => d.referenceCode === reference(name));

describe('Factus: every Colombian Shopify order → a bill whose Factus total is the order total', () => {
	it(`issues at least ${AT_LEAST.Factus} of the fixtures; the others are refused, each with its reason`, () => {
		expect(COLOMBIA.filter((name) => !REFUSED[`${name}|Factus`]).length).toBeGreaterThanOrEqual(AT_LEAST.Factus);
	});

	it.each(COLOMBIA)('%s', async (name) => {
		const run = await deliver(billFromShopify(TAX_ID_SETTINGS[name]), [order(name)]);
		const refused = REFUSED[`${name}|Factus`];
		if (refused) {
			const error = errorOf(run);
			expect(error.message).toMatch(refused);
			expect(`${error.message}\n${error.description}`).toMatch(/nothing was sent to Factus/i);
			if (REFUSED_FIELDS[name]) expect(error.fields).toEqual(REFUSED_FIELDS[name]);
			expect(s.sim.server.count({ method: 'POST' })).toBe(0);
			return;
		}
		expect(run.error).toBeUndefined();
		const [bill] = billOf(name);
		expect(bill).toBeDefined();
		expect(money(bill.totals.total)).toBe(paid(name));
		const json = run.items[0].json;
		expect(json.summary).toMatchObject({ provider: 'Factus', status: 'accepted', total: Number(paid(name)), number: bill.number });
		expect(shopifyOf(run)).toMatchObject({
			orderId: String(order(name).id),
			orderName: order(name).name,
			reference: reference(name),
			alreadyIssued: false,
			check: { ok: true, orderTotal: paid(name), invoiceTotal: paid(name), difference: '0.00' },
		});
		expect((bill.body as IDataObject).observation).toBe(`Shopify ${order(name).name}`);
	});
});

describe('Factus: the same order delivered three times is one bill', () => {
	const name = 'co-02-multi-line-mixed-rates-nit';

	it('three executions (Shopify re-delivering the webhook, or the user re-running it)', async () => {
		const runs = [];
		for (let n = 0; n < 3; n++) runs.push(await deliver(billFromShopify(), [order(name)], 'shop-orders'));
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(billOf(name)).toHaveLength(1);
		expect(s.sim.created.bill[reference(name)]).toBe(1);
		const number = billOf(name)[0].number;
		expect(runs.map((r) => [r.items[0].json.summary && (r.items[0].json.summary as IDataObject).number, shopifyOf(r).alreadyIssued])).toEqual([
			[number, false],
			[number, true],
			[number, true],
		]);
		expect(runs[1].items[0].json.recovery).toMatchObject({ action: 'returnedExisting', alreadyIssued: true });
	});

	it('three items of one execution', async () => {
		const run = await deliver(billFromShopify(), [order(name), order(name), order(name)]);
		expect(run.error).toBeUndefined();
		expect(billOf(name)).toHaveLength(1);
		expect(run.items.map((i) => (i.json.shopify as IDataObject).alreadyIssued)).toEqual([false, true, true]);
		expect(new Set(run.items.map((i) => (i.json.summary as IDataObject).number)).size).toBe(1);
	});

	it('an order refused locally stays refused on every delivery, and nothing reaches Factus', async () => {
		for (let n = 0; n < 3; n++) {
			const run = await deliver(billFromShopify(), [order('co-10-unsupported-rate-inc')], 'shop-orders');
			expect(errorOf(run).message).toMatch(REFUSED['co-10-unsupported-rate-inc|Factus']);
		}
		expect(s.sim.server.count({ method: 'POST' })).toBe(0);
	});
});

describe('Factus: orders arriving together, some delivered several times at once, all delivered again later', () => {
	it('24 orders in concurrent executions of one workflow: one bill each, none lost, every delivery answered with it', async () => {
		const name = 'co-02-multi-line-mixed-rates-nit';
		const orders = Array.from({ length: 24 }, (_v, n) => ({ ...order(name), id: 5_900_000_000_000 + n, name: `#${9000 + n}` }));
		// A quarter of them re-delivered by Shopify at the same instant (2 or 3 times).
		const burst = orders.flatMap((o, n) => (n % 4 === 0 ? [o, o, ...(n % 8 === 0 ? [o] : [])] : [o]));
		const first = await Promise.all(burst.map(async (o) => await deliver(billFromShopify(), [o], 'shop-burst')));
		const later = await Promise.all(orders.map(async (o) => await deliver(billFromShopify(), [o], 'shop-burst')));
		for (const result of [...first, ...later]) expect(result.error).toBeUndefined();
		const perOrder = orders.map((o) => s.sim.created.bill[`shopify-${o.id}`]);
		expect(perOrder).toEqual(orders.map(() => 1));
		expect(s.sim.documents.bill).toHaveLength(orders.length);
		// The later delivery of every order returns its bill as already issued.
		expect(later.map((r) => shopifyOf(r).alreadyIssued)).toEqual(orders.map(() => true));
		expect(later.map((r) => (r.items[0].json.summary as IDataObject).number)).toEqual(
			orders.map((o) => s.sim.documents.bill.find((d) => d.referenceCode === `shopify-${o.id}`)?.number),
		);
	});
});

describe("Factus: the buyer's tax ID", () => {
	const person = (name: string) => billOf(name)[0].person as IDataObject;

	it('a NIT with its DV from the note attribute: the company is the customer', async () => {
		const name = 'co-02-multi-line-mixed-rates-nit';
		expect((await deliver(billFromShopify(), [order(name)])).error).toBeUndefined();
		expect(person(name)).toMatchObject({ identification_document_id: 6, identification: '900123456', dv: '8', legal_organization_id: 1, company: 'Café Montaña S.A.S.' });
	});

	it('a NIT without DV gets its DV computed, and the output says so', async () => {
		const name = 'co-04-fixed-code-nit-without-dv';
		const run = await deliver(billFromShopify(), [order(name)]);
		expect(person(name)).toMatchObject({ identification_document_id: 6, identification: '901234567', dv: '7' });
		expect((run.items[0].json.summary as IDataObject).warnings).toContain('NIT 901234567 came without its check digit; DV 7 was computed.');
	});

	it('the billing company field', async () => {
		const name = 'co-05-zero-rated-excluded-company-field';
		const run = await deliver(billFromShopify({ shopifyTaxIdSource: 'billingCompany' }), [order(name)]);
		expect(shopifyOf(run).customerSource).toBe('billingCompany');
		expect(person(name)).toMatchObject({ identification: '830045612', dv: '2', company: 'Restaurante El Fogón S.A.S.' });
	});

	it('a value mapped by expression (e.g. a customer metafield read earlier)', async () => {
		const name = 'co-01-single-item-final-consumer';
		const input = { ...order(name), metafieldNit: '79.123.456' };
		const run = await deliver(billFromShopify({ shopifyTaxIdSource: 'value', shopifyTaxIdValue: '={{ $json.metafieldNit }}' }), [input]);
		expect(shopifyOf(run).customerSource).toBe('value');
		expect(person(name)).toMatchObject({ identification_document_id: 3, identification: '79123456', names: 'Laura Gómez', legal_organization_id: 2 });
	});

	it('no tax ID: the final consumer 222222222222, visible in the bill', async () => {
		const name = 'co-01-single-item-final-consumer';
		const run = await deliver(billFromShopify(), [order(name)]);
		expect(person(name)).toMatchObject({ identification_document_id: 3, identification: '222222222222', names: 'Consumidor final', email: 'laura.gomez82@gmail.com' });
		expect(shopifyOf(run).customerSource).toBe('finalConsumer');
		expect((run.items[0].json.summary as IDataObject).warnings).toContain('No tax ID in the note attribute "NIT": invoiced to the final consumer (222222222222).');
	});

	it('a wrong DV is refused with its field, before any request', async () => {
		const run = await deliver(billFromShopify({ shopifyTaxIdSource: 'value', shopifyTaxIdValue: '900.123.456-3' }), [order('co-02-multi-line-mixed-rates-nit')]);
		const error = errorOf(run);
		expect(error.message).toMatch(/Shopify order #\d+ cannot be issued as a Factus \(v1\) invoice: customer\.dv: check digit 3 does not match NIT 900123456/);
		expect(error.fields['customer.dv']).toEqual(["check digit 3 does not match NIT 900123456 (DIAN's algorithm gives 8)"]);
		expect(s.sim.server.count({ method: 'POST' })).toBe(0);
	});
});

describe('Factus: settings and overrides', () => {
	it('defaults Shopify does not know: municipality, payment method per gateway, unit', async () => {
		const name = 'co-02-multi-line-mixed-rates-nit';
		const settings = { municipality: '980', paymentMethodByGateway: '{"shopify_payments": "48"}', unit: '70' };
		expect((await deliver(billFromShopify({ shopifySettings: settings }), [order(name)])).error).toBeUndefined();
		const [bill] = billOf(name);
		expect(bill.body).toMatchObject({ payment_method_code: '48', payment_form: '1', customer: { municipality_id: 980 } });
		expect((bill.body.items as IDataObject[]).every((item) => item.unit_measure_id === 70)).toBe(true);
	});

	it('a Payment Method per Gateway that is not a JSON object is refused before any request', async () => {
		const run = await deliver(billFromShopify({ shopifySettings: { paymentMethodByGateway: '{"shopify_payments": ' } }), [order('co-02-multi-line-mixed-rates-nit')]);
		expect(errorOf(run).message).toBe('The Shopify configuration has 1 problem; nothing was sent to Factus');
		expect(Object.keys(errorOf(run).fields)).toEqual(['shopifySettings.paymentMethodByGateway']);
		expect(s.sim.server.log).toHaveLength(0);
	});

	it('a B2B order with Net 30 terms is a credit sale with its due date', async () => {
		const name = 'co-06-tax-excluded-b2b-net30';
		const run = await deliver(billFromShopify(), [order(name)]);
		expect(billOf(name)[0].body).toMatchObject({ payment_form: '2', payment_due_date: '2025-08-08' });
		expect(shopifyOf(run).warnings).toContain('The order\'s financial status is "pending", not paid.');
	});

	it('a Reference Code typed by the user wins over shopify-<id>', async () => {
		const run = await deliver(billFromShopify({ referenceCode: 'TIENDA-1041' }), [order('co-01-single-item-final-consumer')]);
		expect(s.sim.documents.bill[0].referenceCode).toBe('TIENDA-1041');
		expect(shopifyOf(run).reference).toBe('TIENDA-1041');
	});

	it('the REST API\'s {"order": …} wrapper, given by expression', async () => {
		const name = 'co-08-rounding-stress-odd-cents';
		const run = await deliver(billFromShopify({ shopifyOrder: '={{ $json.response }}' }), [{ response: { order: order(name) } }]);
		expect(run.error).toBeUndefined();
		expect(money(billOf(name)[0].totals.total)).toBe(paid(name));
	});

	it('an input that is not an order is refused with every problem', async () => {
		const run = await deliver(billFromShopify(), [{ id: 1, line_items: [] }]);
		const error = errorOf(run);
		expect(error.message).toBe('The Shopify order has 4 problems; nothing was sent to Factus');
		expect(Object.keys(error.fields)).toEqual(['order.currency', 'order.taxes_included', 'order.total_price', 'order.line_items']);
	});

	it('Preview Totals shows what Create & Validate would send, without any request', async () => {
		const name = 'co-17-line-discount-quantity-split';
		const run = await s.harness.execute(s.node(billFromShopify({ operation: 'previewTotals' })), [order(name)]);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ preview: true, total: paid(name), shopify: { check: { ok: true, invoiceTotal: paid(name) } } });
		expect(s.sim.server.log).toHaveLength(0);
	});
});

describe('Factus: a Shopify refund → a credit note for the refunded lines and shipping', () => {
	const name = 'co-07-partial-refund';
	const refund = order(name).refunds[0];
	const returned = money(refund.transactions.reduce((sum: Dec, t: IDataObject) => sum.add(String(t.amount)), Dec.zero));
	const creditNote = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'creditNote', operation: 'create', inputMode: 'shopifyRefund', ...extra });

	async function billTheOriginalOrder() {
		// The bill was issued when the order was paid, before the refund: the order as placed.
		const run = await deliver(billFromShopify({ shopifySettings: { useCurrentAmounts: false } }), [order(name)], 'shop-refunds');
		expect(run.error).toBeUndefined();
		expect(money(billOf(name)[0].totals.total)).toBe(money(order(name).total_price));
		return run;
	}

	it("finds the order's bill by its reference code and credits exactly what Shopify returned", async () => {
		await billTheOriginalOrder();
		const run = await deliver(creditNote(), [order(name)], 'shop-refunds');
		expect(run.error).toBeUndefined();
		const [note] = s.sim.documents.creditNote;
		expect(note.referenceCode).toBe(`${reference(name)}-refund-${refund.id}`);
		expect(money(note.totals.total)).toBe(returned);
		expect(note.billId).toBe(billOf(name)[0].id);
		expect(note.body).toMatchObject({ correction_concept_code: 1, customization_id: 20 });
		expect((note.items as IDataObject[]).map((i) => [i.name, i.quantity])).toEqual([
			['Zapatillas Running Pro - 42', 1],
			['Envío express', 1],
		]);
		// What was billed minus what was credited is what the customer kept.
		expect(money(billOf(name)[0].totals.total - note.totals.total)).toBe(paid(name));
		expect(shopifyOf(run)).toMatchObject({ refundId: String(refund.id), alreadyIssued: false, check: { ok: true, orderTotal: returned } });
	});

	it('takes the Bill Number mapped from the bill, and a refund delivered three times is one credit note', async () => {
		const bill = await billTheOriginalOrder();
		const number = (bill.items[0].json.bill as IDataObject).number;
		const runs = [];
		for (let n = 0; n < 3; n++) runs.push(await deliver(creditNote({ shopifyBillNumber: String(number), shopifyRefund: String(refund.id) }), [order(name)], 'shop-refunds'));
		expect(s.sim.documents.creditNote).toHaveLength(1);
		expect(runs.map((r) => shopifyOf(r).alreadyIssued)).toEqual([false, true, true]);
		expect(s.sim.server.count({ method: 'GET', path: '/v1/bills' })).toBe(0);
	});

	it('a fully refunded order: its bill (the order as placed) is annulled by a credit note for the whole bill (concept 2)', async () => {
		const full = 'co-24-fully-refunded';
		const bill = await deliver(billFromShopify({ shopifySettings: { useCurrentAmounts: false } }), [order(full)], 'shop-refunds');
		expect(bill.error).toBeUndefined();
		const run = await deliver(creditNote(), [order(full)], 'shop-refunds');
		expect(run.error).toBeUndefined();
		const [note] = s.sim.documents.creditNote;
		expect(note.body).toMatchObject({ correction_concept_code: 2 });
		expect(note.billId).toBe(billOf(full)[0].id);
		expect(money(note.totals.total)).toBe(money(order(full).total_price));
		expect(money(billOf(full)[0].totals.total - note.totals.total)).toBe('0.00');
	});

	it('without a bill for the order, nothing is sent and the message says what to give', async () => {
		const run = await deliver(creditNote(), [order(name)]);
		expect(errorOf(run).message).toBe(`Factus has no bill with reference_code "${reference(name)}" for Shopify order ${order(name).name}`);
		expect(s.sim.server.count({ method: 'POST', path: '/v1/credit-notes/validate' })).toBe(0);
	});
});
