/**
 * FacEPro in the Shopify modes, through n8n's WorkflowExecute against the FacEPro simulator: every
 * Colombian fixture becomes an invoice whose `totales.total` — computed by the simulator — is what the
 * customer paid; orders FacEPro cannot reproduce are refused before any request; the External
 * Reference guard makes a repeated delivery return the invoice already issued; a refund becomes a
 * credit note referencing the invoice.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Dec } from '../../../nodes/shared/decimal';
import { useFacEPro } from '../facepro/helpers';

import { AT_LEAST, COLOMBIA, errorOf, money, order, paid, reference, REFUSED, REFUSED_FIELDS, shopifyOf, TAX_ID_SETTINGS } from './fixtures';
import type { Order } from './fixtures';

const s = useFacEPro();

const invoiceFromShopify = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'invoice', operation: 'create', inputMode: 'shopifyOrder', ...extra });

let workflow = 0;
async function deliver(parameters: INodeParameters, input: Order[], workflowId = `shop-${++workflow}`) {
	return await s.run(parameters, input, { mode: 'trigger', workflowId });
}

const creates = (path = '/api/v1/documentos') => s.sim.server.count({ method: 'POST', path });
const invoices = () => s.sim.documents().filter((d) => d.kind === 'factura');

describe('FacEPro: every Colombian Shopify order → an invoice whose FacEPro total is the order total', () => {
	it(`issues at least ${AT_LEAST.FacEPro} of the fixtures; the others are refused, each with its reason`, () => {
		expect(COLOMBIA.filter((name) => !REFUSED[`${name}|FacEPro`]).length).toBeGreaterThanOrEqual(AT_LEAST.FacEPro);
	});

	it.each(COLOMBIA)('%s', async (name) => {
		const run = await deliver(invoiceFromShopify(TAX_ID_SETTINGS[name]), [order(name)]);
		const refused = REFUSED[`${name}|FacEPro`];
		if (refused) {
			const error = errorOf(run);
			expect(error.message).toMatch(refused);
			expect(`${error.message}\n${error.description}`).toMatch(/nothing was sent to FacEPro/i);
			if (REFUSED_FIELDS[name]) expect(error.fields).toEqual(REFUSED_FIELDS[name]);
			expect(s.sim.server.count({ method: 'POST' })).toBe(0);
			return;
		}
		expect(run.error).toBeUndefined();
		const [invoice] = invoices();
		expect(invoices()).toHaveLength(1);
		expect(money(invoice.totales.total)).toBe(paid(name));
		expect(run.items[0].json).toMatchObject({
			externalReference: reference(name),
			summary: { provider: 'FacEPro', status: 'accepted', total: Number(paid(name)), number: invoice.numero_completo },
		});
		expect(shopifyOf(run)).toMatchObject({
			orderId: String(order(name).id),
			reference: reference(name),
			alreadyIssued: false,
			check: { ok: true, orderTotal: paid(name), invoiceTotal: paid(name) },
		});
	});

	it('co-16 with Rounding Line on: a visible 0 % line of one cent, and the total is the order total', async () => {
		const name = 'co-16-single-unit-no-shipping';
		const run = await deliver(invoiceFromShopify({ shopifySettings: { roundingLine: true } }), [order(name)]);
		expect(run.error).toBeUndefined();
		expect(money(invoices()[0].totales.total)).toBe(paid(name));
		expect((invoices()[0].request.lineas as IDataObject[]).at(-1)).toMatchObject({ descripcion: 'Ajuste por redondeo', precio: 0.01, iva_pct: 0 });
	});

	it('a refused order tells how to fix it', async () => {
		const run = await deliver(invoiceFromShopify(), [order('co-16-single-unit-no-shipping')]);
		expect(errorOf(run).description).toMatch(
			/Order total 59900\.00 COP; with FacEPro's arithmetic the invoice would total 59899\.99 \(difference -0\.01\)\. If that is rounding, turn on Shopify Settings › Rounding Line/,
		);
	});
});

describe('FacEPro: the same order delivered three times is one invoice', () => {
	const name = 'co-03-percentage-code-free-shipping';

	it('three executions', async () => {
		const runs = [];
		for (let n = 0; n < 3; n++) runs.push(await deliver(invoiceFromShopify(TAX_ID_SETTINGS[name]), [order(name)], 'shop-orders'));
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(invoices()).toHaveLength(1);
		expect(creates()).toBe(1);
		expect(runs.map((r) => [r.items[0].json.numero_completo, r.items[0].json.alreadyIssued ?? false, shopifyOf(r).alreadyIssued])).toEqual([
			[invoices()[0].numero_completo, false, false],
			[invoices()[0].numero_completo, true, true],
			[invoices()[0].numero_completo, true, true],
		]);
	});

	it('three items of one execution', async () => {
		const run = await deliver(invoiceFromShopify(TAX_ID_SETTINGS[name]), [order(name), order(name), order(name)]);
		expect(run.error).toBeUndefined();
		expect(invoices()).toHaveLength(1);
		expect(run.items.map((i) => (i.json.shopify as IDataObject).alreadyIssued)).toEqual([false, true, true]);
		expect(new Set(run.items.map((i) => i.json.tracking_id)).size).toBe(1);
	});

	it('a manual re-run finds the invoice too (by its fingerprint, without workflow memory)', async () => {
		const first = await s.run(invoiceFromShopify(TAX_ID_SETTINGS[name]), [order(name)], { workflowId: 'manual' });
		const again = await s.run(invoiceFromShopify(TAX_ID_SETTINGS[name]), [order(name)], { workflowId: 'manual' });
		expect(again.items[0].json).toMatchObject({ alreadyIssued: true, tracking_id: first.items[0].json.tracking_id });
		expect(invoices()).toHaveLength(1);
	});
});

describe("FacEPro: the buyer's tax ID", () => {
	const buyer = () => invoices()[0].request.adquiriente as IDataObject;

	it('a NIT with DV from the note attribute: a company', async () => {
		await deliver(invoiceFromShopify(), [order('co-02-multi-line-mixed-rates-nit')]);
		expect(buyer()).toMatchObject({ tipo_persona: '1', tipo_documento: '31', numero_documento: '900123456', dv: '8', razon_social: 'Café Montaña S.A.S.' });
	});

	it('a cédula from an attribute named differently ("Cédula o NIT")', async () => {
		const name = 'co-03-percentage-code-free-shipping';
		await deliver(invoiceFromShopify(TAX_ID_SETTINGS[name]), [order(name)]);
		expect(buyer()).toMatchObject({ tipo_persona: '2', tipo_documento: '13', numero_documento: '1020304050', razon_social: 'Valentina Ríos' });
	});

	it('the billing company field', async () => {
		await deliver(invoiceFromShopify({ shopifyTaxIdSource: 'billingCompany' }), [order('co-05-zero-rated-excluded-company-field')]);
		expect(buyer()).toMatchObject({ tipo_documento: '31', numero_documento: '830045612', dv: '2', razon_social: 'Restaurante El Fogón S.A.S.' });
	});

	it('a value with an explicit ID type (cédula de extranjería)', async () => {
		const run = await deliver(
			invoiceFromShopify({ shopifyTaxIdSource: 'value', shopifyTaxIdValue: '={{ $json.metafield }}', shopifySettings: { idType: '22' } }),
			[{ ...order('co-01-single-item-final-consumer'), metafield: 'CE 412345' }],
		);
		expect(run.error).toBeUndefined();
		expect(buyer()).toMatchObject({ tipo_documento: '22', numero_documento: '412345', razon_social: 'Laura Gómez' });
	});

	it('no tax ID: the final consumer, and the default municipality with its department', async () => {
		await deliver(invoiceFromShopify({ shopifySettings: { municipality: '11001' } }), [order('co-09-presentment-usd')]);
		expect(buyer()).toMatchObject({
			tipo_documento: '13',
			numero_documento: '222222222222',
			razon_social: 'Consumidor final',
			responsabilidad_fiscal: 'R-99-PN',
			codigo_municipio: '11001',
			codigo_departamento: '11',
		});
	});
});

describe('FacEPro: Preview Totals and the order as it really is', () => {
	it('Preview Totals gives the totals FacEPro then computes', async () => {
		const name = 'co-08-rounding-stress-odd-cents';
		const preview = await s.run(invoiceFromShopify({ operation: 'previewTotals' }), [order(name)]);
		expect(preview.items[0].json).toMatchObject({ total: Number(paid(name)), shopify: { check: { ok: true, invoiceTotal: paid(name) } } });
		expect(s.sim.server.log).toHaveLength(0);
		await deliver(invoiceFromShopify(), [order(name)]);
		expect(invoices()[0].totales).toMatchObject(preview.items[0].json.totales as IDataObject);
	});

	it('a Net 30 order: FacEPro has no payment terms, so it is invoiced without them and says so', async () => {
		const run = await deliver(invoiceFromShopify(), [order('co-06-tax-excluded-b2b-net30')]);
		expect(run.error).toBeUndefined();
		expect((run.items[0].json.summary as IDataObject).warnings).toContain(
			'The order has payment terms due 2025-08-08, but FacEPro cannot express a credit sale: it is invoiced without them.',
		);
	});

	it('an order in presentment USD is refused: FacEPro invoices in COP', async () => {
		const run = await deliver(invoiceFromShopify({ shopifySettings: { currency: 'presentment' } }), [order('co-09-presentment-usd')]);
		expect(errorOf(run).message).toMatch(/cannot become a FacEPro invoice that matches it: FacEPro invoices in COP; this document is in USD\./);
		expect(creates()).toBe(0);
	});
});

describe('FacEPro: a Shopify refund → a credit note referencing the invoice', () => {
	const name = 'co-07-partial-refund';
	const refund = order(name).refunds[0];
	const returned = money(refund.transactions.reduce((sum: Dec, t: IDataObject) => sum.add(String(t.amount)), Dec.zero));
	const creditNote: INodeParameters = {
		resource: 'creditNote',
		operation: 'create',
		inputMode: 'shopifyRefund',
		shopifyOrder: '={{ $json.order }}',
		referencedNumber: '={{ $json.invoice.numero_completo }}',
		referencedCufe: '={{ $json.invoice.cufe }}',
		referencedDate: '={{ $json.invoice.summary.issueDate }}',
	};

	it('credits exactly what Shopify returned; delivered three times, one credit note', async () => {
		const billed = await deliver(invoiceFromShopify({ shopifySettings: { useCurrentAmounts: false } }), [order(name)], 'shop-refunds');
		expect(money(invoices()[0].totales.total)).toBe(money(order(name).total_price));
		const input = { order: order(name), invoice: billed.items[0].json };
		const runs = [];
		for (let n = 0; n < 3; n++) runs.push(await deliver(creditNote, [input], 'shop-refunds'));
		for (const run of runs) expect(run.error).toBeUndefined();
		const notes = s.sim.documents().filter((d) => d.kind === 'nota_credito');
		expect(notes).toHaveLength(1);
		expect(money(notes[0].totales.total)).toBe(returned);
		expect(Dec.of(invoices()[0].totales.total).sub(notes[0].totales.total).toFixed(2)).toBe(paid(name));
		expect(notes[0].request).toMatchObject({
			factura_referencia: { numero: invoices()[0].numero_completo, cufe: invoices()[0].cufe, fecha: invoices()[0].fecha },
			motivo: { codigo: '1', descripcion: refund.note },
		});
		expect(runs.map((r) => shopifyOf(r).alreadyIssued)).toEqual([false, true, true]);
		expect(shopifyOf(runs[0])).toMatchObject({ refundId: String(refund.id), reference: `${reference(name)}-refund-${refund.id}` });
	});

	it('without the invoice reference the credit note is refused before sending', async () => {
		// The expressions find no invoice in the input item.
		const run = await deliver(creditNote, [{ order: order(name), invoice: {} }]);
		expect(errorOf(run).message).toBe('The credit note has 3 problems; nothing was sent to FacEPro');
		// The fields as the user sees them, and FacEPro's path next to each (issue 11, "typed through").
		expect(Object.keys(errorOf(run).fields).sort()).toEqual([
			'Invoice CUFE (factura_referencia.cufe)',
			'Invoice Issue Date (factura_referencia.fecha)',
			'Invoice Number (factura_referencia.numero)',
		]);
		expect(creates('/api/v1/notas-credito')).toBe(0);
	});
});
