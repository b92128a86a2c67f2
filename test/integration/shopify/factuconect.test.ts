/**
 * Factuconect in the Shopify modes, through n8n's WorkflowExecute against the Factuconect simulator:
 * every El Salvador fixture becomes a Factura (01), and the taxpayer orders a CCF (03), whose totalPagar
 * — computed by the simulator — is what the customer paid; a CCF without NIT and NRC is refused before
 * any request; a repeated delivery returns the DTE already issued; a refund becomes a Nota de Crédito.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Dec } from '../../../nodes/shared/decimal';
import type { SimDte } from '../../simulators/factuconect';
import { startSetup } from '../factuconect/setup';
import type { Setup } from '../factuconect/setup';

import { AT_LEAST, attribute, COLOMBIA, EL_SALVADOR, errorOf, money, order, paid, reference, REFUSED, shopifyOf, TAX_ID_SETTINGS } from './fixtures';
import type { Order } from './fixtures';

let s: Setup;
beforeEach(async () => {
	s = await startSetup();
	s.harness.clearDeduplication();
});
afterEach(async () => await s.sim.stop());

const ACTIVITY = { __rl: true, mode: 'code', value: '46302' };
const factura = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'dte', operation: 'createFactura', inputMode: 'shopifyOrder', ...extra });
const ccf = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'dte', operation: 'createCcf', inputMode: 'shopifyOrder', economicActivity: ACTIVITY, ...extra });

async function deliver(parameters: INodeParameters, input: Order[], workflowId = 'shop-orders') {
	return await s.harness.execute({ type: 'factuconect', credential: s.credential, parameters }, input, { mode: 'webhook', workflowId });
}

const dtes = (tipoDte: string): SimDte[] => [...s.sim.state.dtes.values()].filter((d) => d.tipoDte === tipoDte);
const creates = (path: string) => s.sim.server.count({ method: 'POST', path });
const digits = (value: string) => value.replace(/\D/g, '');

describe('Factuconect: every El Salvador Shopify order → a Factura (01) whose MH total is the order total', () => {
	it(`issues at least ${AT_LEAST.Factura} of the fixtures (all of them)`, () => {
		expect(EL_SALVADOR.filter((name) => REFUSED[`${name}|Factura`]).length).toBe(0);
		expect(EL_SALVADOR.length).toBeGreaterThanOrEqual(AT_LEAST.Factura);
	});

	it.each(EL_SALVADOR)('%s', async (name) => {
		const run = await deliver(factura(TAX_ID_SETTINGS[name]), [order(name)]);
		expect(run.error).toBeUndefined();
		const [dte] = dtes('01');
		expect(dtes('01')).toHaveLength(1);
		expect(money(dte.totals.totalPagar)).toBe(paid(name));
		expect(dte.estado).toBe('PROCESADO');
		expect(dte.body.observaciones).toBe(`Shopify ${order(name).name}`);
		expect(run.items[0].json).toMatchObject({
			codigoGeneracion: dte.codigoGeneracion,
			externalReference: reference(name),
			summary: { provider: 'Factuconect', status: 'accepted', total: Number(paid(name)) },
		});
		expect(shopifyOf(run)).toMatchObject({ reference: reference(name), alreadyIssued: false, check: { ok: true, orderTotal: paid(name), invoiceTotal: paid(name) } });
		// The buyer's NIT or DUI is read where the shop keeps it; without one the Factura goes to the final consumer.
		const hasTaxId = (order(name).note_attributes as Array<{ name: string }>).some((a) => ['NIT', 'DUI'].includes(a.name));
		expect(shopifyOf(run).customerSource).toBe(hasTaxId ? 'noteAttribute' : 'finalConsumer');
		if (shopifyOf(run).customerSource === 'finalConsumer') {
			expect(dte.body.idCliente).toBeUndefined();
		} else {
			// The buyer with a NIT or DUI is a stored client (saved on first sight).
			const client = s.sim.state.receptores.find((r) => r.id === dte.body.idCliente);
			expect(client).toBeDefined();
			expect(client!.nombre).toBe(order(name).billing_address.company ?? order(name).billing_address.name);
			expect(run.items[0].json.idCliente).toBe(String(client!.id));
		}
	});
});

describe('Factuconect: every El Salvador Shopify order → a CCF (03), or a refusal before any request', () => {
	it(`issues at least ${AT_LEAST.CCF} of the fixtures; the others are refused, each with its reason`, () => {
		expect(EL_SALVADOR.filter((name) => !REFUSED[`${name}|CCF`]).length).toBeGreaterThanOrEqual(AT_LEAST.CCF);
	});

	it.each(EL_SALVADOR)('%s', async (name) => {
		const run = await deliver(ccf(TAX_ID_SETTINGS[name]), [order(name)]);
		const refused = REFUSED[`${name}|CCF`];
		if (refused) {
			expect(errorOf(run).message).toMatch(refused);
			expect(s.sim.server.count({ method: 'POST' })).toBe(0);
			return;
		}
		expect(run.error).toBeUndefined();
		const [dte] = dtes('03');
		expect(dtes('03')).toHaveLength(1);
		expect(money(dte.totals.totalPagar)).toBe(paid(name));
		// The receiver as the checkout collected it: NIT (or DUI used as NIT) and NRC from the note attributes.
		const buyer = order(name).billing_address;
		expect(dte.body.receptor).toMatchObject({
			nit: digits(attribute(name, 'NIT') ?? ''),
			nrc: digits(attribute(name, 'NRC') ?? ''),
			nombre: buyer.company ?? buyer.name,
			codActividad: '46302',
		});
		expect(shopifyOf(run).check).toMatchObject({ ok: true, invoiceTotal: paid(name) });
	});

	it('sv-14 with its NRC and Rounding Line on: an exempt cent makes the CCF land on the order total', async () => {
		const name = 'sv-14-rounding-stress-dui';
		const input = order(name);
		input.note_attributes.push({ name: 'NRC', value: '54321-0' });
		const run = await deliver(ccf({ shopifySettings: { roundingLine: true } }), [input]);
		expect(run.error).toBeUndefined();
		const [dte] = dtes('03');
		expect(money(dte.totals.totalPagar)).toBe(paid(name));
		expect((dte.body.items as IDataObject[]).at(-1)).toMatchObject({ descripcion: 'Ajuste por redondeo', precioUni: 0.01, exento: true });
	});

	it('a Colombian order is refused: Factuconect invoices in USD', async () => {
		const run = await deliver(factura(), [order(COLOMBIA[0])]);
		expect(errorOf(run).message).toMatch(/cannot become a Factuconect Factura \(01\) invoice that matches it: Factuconect Factura \(01\) invoices in USD; this document is in COP\./);
		expect(s.sim.server.count({ method: 'POST' })).toBe(0);
	});
});

describe('Factuconect: the same order delivered three times is one DTE', () => {
	const name = 'sv-13-ccf-company-excl';

	it('three executions: one Factura, one client, one send to MH', async () => {
		const runs = [];
		for (let n = 0; n < 3; n++) runs.push(await deliver(factura(), [order(name)]));
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(dtes('01')).toHaveLength(1);
		expect(creates('/facturar/fe')).toBe(1);
		expect(creates('/receptor/add')).toBe(1);
		const code = dtes('01')[0].codigoGeneracion;
		expect(s.sim.state.sendCounts[code]).toBe(1);
		expect(runs.map((r) => [r.items[0].json.codigoGeneracion, r.items[0].json.alreadyIssued ?? false, shopifyOf(r).alreadyIssued])).toEqual([
			[code, false, false],
			[code, true, true],
			[code, true, true],
		]);
		expect(runs[2].items[0].json.summary).toMatchObject({ status: 'accepted', authorityId: code });
	});

	it('three items of one execution', async () => {
		const run = await deliver(ccf(), [order(name), order(name), order(name)]);
		expect(run.error).toBeUndefined();
		expect(dtes('03')).toHaveLength(1);
		expect(run.items.map((i) => [i.json.codigoGeneracion, (i.json.shopify as IDataObject).alreadyIssued])).toEqual([
			[dtes('03')[0].codigoGeneracion, false],
			[dtes('03')[0].codigoGeneracion, true],
			[dtes('03')[0].codigoGeneracion, true],
		]);
	});

	it('the Factura and the CCF of one order are separate documents (each type has its own guard)', async () => {
		await deliver(factura(), [order(name)]);
		await deliver(ccf(), [order(name)]);
		await deliver(ccf(), [order(name)]);
		expect([dtes('01').length, dtes('03').length]).toEqual([1, 1]);
	});
});

describe("Factuconect: the buyer's tax ID and the stored client", () => {
	const name = 'sv-15-partial-refund-excl-legacy';

	it('an existing client with that NIT is used, nothing is saved', async () => {
		const saved = await s.harness.execute({
			type: 'factuconect',
			credential: s.credential,
			parameters: { resource: 'client', operation: 'create', clientName: 'Distribuidora Cuscatlán', clientNit: '0614-290186-102-3', clientDocumentType: '1' },
		});
		const run = await deliver(factura({ shopifyClient: 'find' }), [order(name)]);
		expect(run.error).toBeUndefined();
		expect(dtes('01')[0].body.idCliente).toBe(Number(saved.items[0].json.id));
		expect(creates('/receptor/add')).toBe(1);
	});

	it('"Find" without a stored client refuses, and nothing is created', async () => {
		const run = await deliver(factura({ shopifyClient: 'find' }), [order(name)]);
		expect(errorOf(run).message).toBe('No stored client has NIT 06142901861023 (Distribuidora Cuscatlán, S.A. de C.V.); nothing was created');
		expect(creates('/facturar/fe')).toBe(0);
		// The reference was given back: saving the client and running again issues the Factura.
		await deliver(factura(), [order(name)]);
		expect(dtes('01')).toHaveLength(1);
	});

	it('two orders of one new buyer processed at the same time save the buyer once', async () => {
		// sv-13 and sv-15 are orders of the same company (NIT 0614-290186-102-3).
		const runs = await Promise.all([
			deliver(factura(), [order('sv-13-ccf-company-excl')], 'shop-a'),
			deliver(factura(), [order(name)], 'shop-b'),
		]);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(creates('/receptor/add')).toBe(1);
		expect(new Set(dtes('01').map((d) => d.body.idCliente)).size).toBe(1);
	});

	it('a NIT saved twice in Factuconect: the first saved client is the receiver, and the output says so', async () => {
		const save = async () =>
			await s.harness.execute({
				type: 'factuconect',
				credential: s.credential,
				parameters: { resource: 'client', operation: 'create', clientName: 'Distribuidora Cuscatlán', clientNit: '06142901861023', clientDocumentType: '1' },
			});
		const first = String((await save()).items[0].json.id);
		const second = String((await save()).items[0].json.id);
		const run = await deliver(factura(), [order(name)]);
		expect(dtes('01')[0].body.idCliente).toBe(Number(first));
		expect(shopifyOf(run).warnings).toContain(
			`2 stored clients have NIT 06142901861023 (ids ${first}, ${second}); client ${first}, the first saved, is the receiver.`,
		);
	});

	it('a DUI is saved as the client with document type DUI', async () => {
		const run = await deliver(factura(), [order('sv-14-rounding-stress-dui')]);
		const client = s.sim.state.receptores.find((r) => r.id === dtes('01')[0].body.idCliente)!;
		expect(client).toMatchObject({ nit: '045678903', nombre: 'Mario López', id_tipo_documento: 2, correo: 'mario.lopez.sv@gmail.com' });
		expect(shopifyOf(run).warnings).toContain(`The buyer (Mario López, 045678903) was saved as Factuconect client ${client.id}.`);
	});

	it('"Always Final Consumer" ignores the tax ID; a stored "Consumidor final" client is used when set', async () => {
		const plain = await deliver(factura({ shopifyClient: 'finalConsumer' }), [order(name)], 'a');
		expect(dtes('01')[0].body.idCliente).toBeUndefined();
		expect(shopifyOf(plain).customerSource).toBe('finalConsumer');
		expect(shopifyOf(plain).warnings).toContain('The buyer\'s tax ID (06142901861023) is not used: Stored Client is "Always Final Consumer".');
		expect(s.sim.server.count({ path: '/receptor/searchByNitNrc' })).toBe(0);

		const saved = await s.harness.execute({
			type: 'factuconect',
			credential: s.credential,
			parameters: { resource: 'client', operation: 'create', clientName: 'Consumidor final', clientNit: '00000000-0', clientDocumentType: '2' },
		});
		const id = String(saved.items[0].json.id);
		await deliver(factura({ shopifySettings: { finalConsumerClientId: id } }), [order('sv-12-final-consumer-incl')], 'b');
		expect(dtes('01')[1].body.idCliente).toBe(Number(id));
	});

	it('a value mapped by expression: the NIT of a B2B customer kept in a metafield', async () => {
		const input = { ...order('sv-12-final-consumer-incl'), metafield: '0614-290186-102-3' };
		const run = await deliver(factura({ shopifyTaxIdSource: 'value', shopifyTaxIdValue: '={{ $json.metafield }}' }), [input]);
		expect(shopifyOf(run).customerSource).toBe('value');
		expect(digits(String(s.sim.state.receptores[0].nit))).toBe('06142901861023');
	});

	it('CCF defaults Shopify does not know: department and municipality codes', async () => {
		const run = await deliver(ccf({ shopifySettings: { department: '06', municipality: '14' } }), [order('sv-13-ccf-company-excl')]);
		expect(run.error).toBeUndefined();
		expect(dtes('03')[0].body.receptor).toMatchObject({ direccion: { departamento: '06', municipio: '14', complemento: expect.stringContaining('Boulevard del Hipódromo') } });
	});

	it('a CCF without economic activity is refused with the field to fill', async () => {
		// An expression that finds nothing (the workflow itself has no issue then).
		const run = await deliver(ccf({ economicActivity: { __rl: true, mode: 'code', value: '={{ $json.activity }}' } }), [order('sv-13-ccf-company-excl')]);
		// The field the user sees, with Factuconect's path next to it.
		expect(errorOf(run).fields['economicActivity (receptor.codActividad)']).toEqual(["is required for a CCF (the receiver's economic activity; Shopify does not know it)"]);
		expect(creates('/facturar/ccf-exe')).toBe(0);
	});
});

describe('Factuconect: Preview Totals of a Shopify order', () => {
	it('gives the totals MH then computes, for the CCF', async () => {
		const name = 'sv-13-ccf-company-excl';
		const preview = await s.harness.execute(
			{ type: 'factuconect', credential: s.credential, parameters: { resource: 'dte', operation: 'previewTotals', inputMode: 'shopifyOrder', previewType: '03' } },
			[order(name)],
		);
		expect(preview.items[0].json).toMatchObject({ totalPagar: Number(paid(name)), shopify: { check: { ok: true } } });
		expect(s.sim.server.log).toHaveLength(0);
		await deliver(ccf(), [order(name)]);
		const totals = dtes('03')[0].totals;
		expect(preview.items[0].json).toMatchObject({ totalGravada: totals.totalGravada, totalIva: totals.totalIva, totalExenta: totals.totalExenta });
	});
});

describe.each([
	['sv-15-partial-refund-excl-legacy', 'a legacy shipping refund (order_adjustments)'],
	['sv-32-ccf-partial-refund-incl-refund-shipping-lines', 'a tax-included shop, refund_shipping_lines'],
])('Factuconect: a Shopify refund → a Nota de Crédito (05) of the CCF: %s (%s)', (name) => {
	const refund = order(name).refunds[0];
	const returned = money(refund.transactions.reduce((sum: Dec, t: IDataObject) => sum.add(String(t.amount)), Dec.zero));
	const buyer = order(name).billing_address;

	it('credits what Shopify returned, referencing the CCF; three deliveries, one note', async () => {
		const invoiced = await deliver(ccf({ shopifySettings: { useCurrentAmounts: false } }), [order(name)]);
		expect(money(dtes('03')[0].totals.totalPagar)).toBe(money(order(name).total_price));
		const note: INodeParameters = {
			resource: 'dte',
			operation: 'createCreditNote',
			inputMode: 'shopifyRefund',
			shopifyOrder: '={{ $json.order }}',
			relatedType: '03',
			relatedCode: '={{ $json.ccf.codigoGeneracion }}',
			relatedDate: '={{ $json.ccf.fecEmi }}',
		};
		const input = { order: order(name), ccf: invoiced.items[0].json };
		const runs = [];
		for (let n = 0; n < 3; n++) runs.push(await deliver(note, [input]));
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(dtes('05')).toHaveLength(1);
		const [credit] = dtes('05');
		expect(money(credit.totals.totalPagar)).toBe(returned);
		expect(Dec.of(dtes('03')[0].totals.totalPagar).sub(credit.totals.totalPagar).toFixed(2)).toBe(paid(name));
		expect(credit.body.documentoRelacionado).toEqual({ tipoDte: '03', codigoGeneracion: dtes('03')[0].codigoGeneracion, fechaEmision: dtes('03')[0].fecEmi });
		expect(s.sim.state.receptores.find((r) => r.id === credit.body.idCliente)).toMatchObject({
			nit: digits(attribute(name, 'NIT') ?? ''),
			nrc: digits(attribute(name, 'NRC') ?? ''),
			nombre: buyer.company ?? buyer.name,
		});
		expect(runs.map((r) => shopifyOf(r).alreadyIssued)).toEqual([false, true, true]);
		expect(shopifyOf(runs[0])).toMatchObject({ refundId: String(refund.id), reference: `${reference(name)}-refund-${refund.id}`, check: { ok: true, orderTotal: returned } });
	});
});

describe('Factuconect: a refund of an order invoiced with a Factura (01)', () => {
	it('a Nota de Crédito relating the Factura, to the stored "Consumidor final", and the warning that MH corrects a Factura by invalidation', async () => {
		const input = order('sv-12-final-consumer-incl');
		// One of the two cups was broken: Shopify returned what was paid for it, IVA included.
		input.refunds = [
			{
				id: 9700000000120,
				order_id: input.id,
				created_at: '2025-08-02T10:00:00-06:00',
				note: 'Taza rota',
				refund_line_items: [{ line_item_id: 15100000001201, quantity: 1, subtotal: '14.50', total_tax: '1.67' }],
				transactions: [{ kind: 'refund', status: 'success', amount: '14.50', currency: 'USD' }],
			},
		];
		const factura = await deliver({ resource: 'dte', operation: 'createFactura', inputMode: 'shopifyOrder', shopifySettings: { useCurrentAmounts: false } }, [input]);
		expect(factura.error).toBeUndefined();
		const saved = await s.harness.execute({
			type: 'factuconect',
			credential: s.credential,
			parameters: { resource: 'client', operation: 'create', clientName: 'Consumidor final', clientNit: '00000000-0', clientDocumentType: '2' },
		});
		const note: INodeParameters = {
			resource: 'dte',
			operation: 'createCreditNote',
			inputMode: 'shopifyRefund',
			shopifyOrder: '={{ $json.order }}',
			relatedType: '01',
			relatedCode: '={{ $json.factura.codigoGeneracion }}',
			relatedDate: '={{ $json.factura.fecEmi }}',
			shopifySettings: { finalConsumerClientId: String(saved.items[0].json.id) },
		};
		const run = await deliver(note, [{ order: input, factura: factura.items[0].json }]);
		expect(run.error).toBeUndefined();
		const [credit] = dtes('05');
		expect(money(credit.totals.totalPagar)).toBe('14.50');
		expect(credit.body).toMatchObject({ idCliente: Number(saved.items[0].json.id), documentoRelacionado: { tipoDte: '01' }, observaciones: `Shopify ${input.name} refund 9700000000120` });
		expect(shopifyOf(run).warnings.join('\n')).toMatch(/a Nota de Crédito \(05\) corrects a CCF \(03\); a Factuconect Factura \(01\) is corrected by invalidating it/);
	});
});
