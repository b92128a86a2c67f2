/**
 * No zero-value documents by accident (issue 12): Unit Price has no 0 default and is required on every
 * Factuconect form with a price; an empty or non-numeric price, a line worth 0 and a document discount that
 * leaves the document worth 0 are refused on their field before anything is sent (MH has no free-of-charge
 * line). A price typed as text is read as an exact decimal, in the Fields mode as in Invoice (JSON).
 */
import type { IDataObject } from 'n8n-workflow';

import { Factuconect } from '../../../nodes/Factuconect/Factuconect.node';
import { EL_SALVADOR, order, paid, TAX_ID_SETTINGS } from '../shopify/fixtures';
import { ccfParameters, describedProblems, facturaParameters, json, spec, startSetup, sujetoExcluidoParameters } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => setup.sim.server.clearLog());

const CODE = '0F1E2D3C-4B5A-4968-8776-655443322110';
const noteParameters = (operation: string) => (extra: IDataObject) => ({
	resource: 'dte',
	operation,
	client: { __rl: true, mode: 'id', value: '4700' },
	relatedCode: CODE,
	relatedDate: '2026-01-15',
	...extra,
});

/** Every form with a Unit Price: its parameters with the given lines. */
const FORMS: Array<[string, (extra: IDataObject) => IDataObject]> = [
	['Factura', facturaParameters],
	['CCF', ccfParameters],
	['Sujeto Excluido', sujetoExcluidoParameters],
	['Credit Note', noteParameters('createCreditNote')],
	['Debit Note', noteParameters('createDebitNote')],
	['Preview Totals (Factura)', (extra) => ({ resource: 'dte', operation: 'previewTotals', previewType: '01', ...extra })],
	['Preview Totals (CCF)', (extra) => ({ resource: 'dte', operation: 'previewTotals', previewType: '03', ...extra })],
];

/** A line as the editor saves it: what the user left untouched is not in the workflow. */
const line = (entry: IDataObject) => ({ line: [{ description: 'Café molido 400 g', quantity: 2, ...entry }] });

const BAD_PRICES: Array<[string, IDataObject, string, RegExp]> = [
	['empty from an expression', line({ unitPrice: '={{ "" }}' }), 'lines.0.unitPrice', /is required: the price of one unit/],
	['blank', line({ unitPrice: '   ' }), 'lines.0.unitPrice', /is required/],
	['0', line({ unitPrice: '0' }), 'lines.0.unitPrice', /is 0, so the line is worth 0 .*MH has no free-of-charge line/],
	['0.00 as a number', line({ unitPrice: 0 }), 'lines.0.unitPrice', /is 0, so the line is worth 0/],
	['a decimal comma', line({ unitPrice: '11,30' }), 'lines.0.unitPrice', /"11,30" is not a number: write the price with digits and a decimal point/],
	['a currency sign', line({ unitPrice: '$10' }), 'lines.0.unitPrice', /"\$10" is not a number/],
	['below MH’s 8 decimals (rounds to 0)', line({ unitPrice: '0.000000001', quantity: 1 }), 'lines.0.unitPrice', /more than 8 decimals/],
	['discounted to 0', line({ unitPrice: '5', quantity: 2, discount: 10 }), 'lines.0.discountAmount', /leaves the line worth 0/],
];

type Case = [string, IDataObject, string, RegExp];
const cases: Case[] = FORMS.flatMap(([form, build]) =>
	BAD_PRICES.map(([what, lines, field, words]): Case => [`${form}: unit price ${what}`, build({ lines }), field, words]),
);

describe('unit price: refused before sending, naming the field', () => {
	it.each(cases)('%s', async (_label, parameters, field, words) => {
		const run = await setup.harness.execute(spec(setup.credential, parameters));
		expect(run.error).toBeDefined();
		const problems = describedProblems(run);
		const found = problems.split('\n').find((l) => (l.includes(`${field}:`) || l.includes(`${field} (`)) && words.test(l));
		if (!found) throw new Error(`no problem on ${field} matching ${String(words)} in:\n${problems}`);
		expect(setup.sim.server.count()).toBe(0);
	});

	it.each(FORMS)('%s: a price left empty in the editor is marked by n8n itself (required), and nothing runs', async (_form, build) => {
		await expect(setup.harness.execute(spec(setup.credential, build({ lines: line({}) })))).rejects.toThrow('The workflow has issues');
		expect(setup.sim.server.count()).toBe(0);
	});

	it('names the price once: an empty price is "required", not also "not a number"', async () => {
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters({ lines: line({ unitPrice: '={{ $json.price }}' }) })), [{ json: { price: '' } }]);
		expect(describedProblems(run).split('\n').filter((l) => l.includes('lines.0.unitPrice'))).toEqual(['lines.0.unitPrice (items.0.precioUni): is required: the price of one unit, e.g. 11.30']);
	});

	it('a line worth 0 is refused among lines that are not: only its own field is named', async () => {
		const run = await setup.harness.execute(
			spec(setup.credential, ccfParameters({ lines: { line: [{ description: 'Saco', quantity: 1, unitPrice: '150' }, { description: 'Muestra', quantity: 1, unitPrice: '0' }] } })),
		);
		const problems = describedProblems(run);
		expect(problems).toMatch(/lines\.1\.unitPrice \(items\.1\.precioUni\): is 0/);
		expect(problems).not.toContain('lines.0.');
		expect(setup.sim.server.count()).toBe(0);
	});
});

describe('Invoice (JSON): the same rules as the Fields mode', () => {
	const jsonFactura = (lineJson: IDataObject, extra: IDataObject = {}) => ({
		resource: 'dte',
		operation: 'createFactura',
		inputMode: 'json',
		invoiceJson: JSON.stringify({ customer: { name: 'Consumidor final' }, lines: [{ description: 'Café', quantity: 1, ...lineJson }], ...extra }),
	});

	it.each<[string, IDataObject, string, RegExp]>([
		['no unitPrice', {}, 'lines.0.unitPrice', /is required: the price of one unit/],
		['unitPrice null', { unitPrice: null }, 'lines.0.unitPrice', /is required/],
		['unitPrice 0', { unitPrice: 0 }, 'lines.0.unitPrice', /is 0, so the line is worth 0/],
		['unitPrice "0.00"', { unitPrice: '0.00' }, 'lines.0.unitPrice', /is 0, so the line is worth 0/],
		['unitPrice "11,30"', { unitPrice: '11,30' }, 'lines.0.unitPrice', /"11,30" is not a number/],
		['discountAmount = the line', { unitPrice: 4, discountAmount: 4 }, 'lines.0.discountAmount', /leaves the line worth 0/],
	])('%s', async (_label, lineJson, field, words) => {
		const run = await setup.harness.execute(spec(setup.credential, jsonFactura(lineJson)));
		const problems = describedProblems(run);
		const found = problems.split('\n').find((l) => (l.includes(`${field}:`) || l.includes(`${field} (`)) && words.test(l));
		if (!found) throw new Error(`no problem on ${field} matching ${String(words)} in:\n${problems}`);
		expect(setup.sim.server.count()).toBe(0);
	});

	it('a document discount of all the taxed sales is refused on porcentajeDescuento', async () => {
		const run = await setup.harness.execute(spec(setup.credential, jsonFactura({ unitPrice: 10 }, { porcentajeDescuento: 100 })));
		expect(describedProblems(run)).toMatch(/porcentajeDescuento.*leaves the document worth 0/);
		expect(setup.sim.server.count()).toBe(0);
	});
});

describe('document discount: a document worth 0 is refused, a discounted one still issues', () => {
	it('CCF: Document Discount Amount equal to the taxed sales, nothing exempt', async () => {
		const run = await setup.harness.execute(spec(setup.credential, ccfParameters({ additionalFields: { documentDiscount: 300 } })));
		expect(describedProblems(run)).toMatch(/additionalFields\.documentDiscount \(descuGravada\): discounts all the taxed sales and leaves the document worth 0/);
		expect(setup.sim.server.count()).toBe(0);
	});

	it('Preview Totals: Document Discount (%) of 100', async () => {
		const run = await setup.harness.execute(
			spec(setup.credential, { resource: 'dte', operation: 'previewTotals', previewType: '01', lines: line({ unitPrice: '11.30' }), adjustments: { documentDiscountRate: 100 } }),
		);
		expect(describedProblems(run)).toMatch(/adjustments\.documentDiscountRate.*leaves the document worth 0/);
	});

	it('CCF with an exempt line: discounting all the taxed sales leaves a value, so it issues', async () => {
		const run = await setup.harness.execute(
			spec(setup.credential, ccfParameters({
				lines: { line: [{ description: 'Saco', quantity: 2, unitPrice: '150' }, { description: 'Libro', quantity: 1, unitPrice: '20', exempt: true }] },
				additionalFields: { documentDiscount: 300 },
			})),
		);
		expect(run.error).toBeUndefined();
		expect(json(run).summary).toMatchObject({ status: 'accepted', total: 20 });
	});
});

describe('a price typed as text is an exact decimal', () => {
	it('Factura with "11.30" and "0.12345678": sent as typed, totals to the cent', async () => {
		const run = await setup.harness.execute(
			spec(setup.credential, facturaParameters({ lines: { line: [{ description: 'Café', quantity: 2, unitPrice: ' 11.30 ' }, { description: 'Grano', quantity: 100, unitPrice: '0.12345678' }] } })),
		);
		expect(run.error).toBeUndefined();
		const body = setup.sim.server.requests({ method: 'POST' }).map((r) => r.body as IDataObject).find((b) => Array.isArray(b.items))!;
		const items = body.items as IDataObject[];
		expect(items.map((i) => i.precioUni)).toEqual([11.3, 0.12345678]);
		// 22.60 + 12.345678 = 34.945678 → 34.95 (half up)
		expect(json(run).summary).toMatchObject({ status: 'accepted', total: 34.95 });
	});

	it('an expression giving a number still works (a price from the previous node)', async () => {
		const run = await setup.harness.execute(spec(setup.credential, sujetoExcluidoParameters({ lines: line({ unitPrice: '={{ $json.price }}', quantity: 10 }) })), [{ json: { price: 4.5 } }]);
		expect(run.error).toBeUndefined();
		expect(json(run).summary).toMatchObject({ status: 'accepted', total: 45 });
	});
});

describe('the editor form', () => {
	const properties = new Factuconect().description.properties;
	const linesProperties = properties.filter((p) => p.name === 'lines');

	it('every Lines collection (every create and Preview Totals) has Unit Price empty, required, with a placeholder', () => {
		const operations = new Set(linesProperties.flatMap((p) => (p.displayOptions?.show?.operation ?? []) as string[]));
		expect([...operations].sort()).toEqual(['createCcf', 'createCreditNote', 'createDebitNote', 'createFactura', 'createSujetoExcluido', 'previewTotals']);
		for (const lines of linesProperties) {
			const values = (lines.options as Array<{ values: Array<{ name: string; default: unknown; required?: boolean; placeholder?: string; type: string }> }>)[0].values;
			const price = values.find((v) => v.name === 'unitPrice')!;
			expect(price).toMatchObject({ type: 'string', default: '', required: true });
			expect(price.placeholder).toMatch(/^e\.g\. \d+\.\d{2}$/);
		}
	});
});

describe("Shopify Order: a free item is the order's own, not a forgotten price", () => {
	it('a Factura of an order with a 0.00 gift line issues, the gift line at 0', async () => {
		const name = EL_SALVADOR[0];
		const withGift = order(name);
		const gift = { ...JSON.parse(JSON.stringify(withGift.line_items[0])), id: 999001, title: 'Muestra gratis', name: 'Muestra gratis', quantity: 1, current_quantity: 1, price: '0.00', price_set: undefined, total_discount: '0.00', discount_allocations: [], tax_lines: [], taxable: false, sku: 'GIFT' };
		withGift.line_items.push(gift);
		const run = await setup.harness.execute(
			{ type: 'factuconect', credential: setup.credential, parameters: { resource: 'dte', operation: 'createFactura', inputMode: 'shopifyOrder', ...TAX_ID_SETTINGS[name] } },
			[withGift],
			{ mode: 'webhook', workflowId: 'shop-gift' },
		);
		expect(run.error).toBeUndefined();
		expect(json(run).summary).toMatchObject({ status: 'accepted', total: Number(paid(name)) });
		const body = setup.sim.server.requests({ method: 'POST' }).map((r) => r.body as IDataObject).find((b) => Array.isArray(b.items))!;
		expect((body.items as IDataObject[]).some((i) => i.descripcion === 'Muestra gratis' && Number(i.precioUni) === 0)).toBe(true);
	});
});
