/**
 * MH's document-level amounts (issue 12, fiscal coverage): a discount on the taxed sales of a Factura or CCF
 * (descuGravada / porcentajeDescuento) lowers the IVA base; the renta withheld on a Sujeto Excluido lowers the
 * total to pay. Preview Totals gives the same figures as the DTE Factuconect creates, to the cent.
 */
import type { IDataObject } from 'n8n-workflow';

import { ccfParameters, describedProblems, facturaParameters, json, lines, spec, startSetup, sujetoExcluidoParameters } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => setup.sim.server.clearLog());

const FIGURES = ['totalGravada', 'descuGravada', 'subTotal', 'totalIva', 'reteRenta', 'totalPagar'] as const;
const figures = (source: IDataObject) => Object.fromEntries(FIGURES.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));

const preview = async (previewType: string, parameters: IDataObject) => {
	const run = await setup.harness.execute(spec(setup.credential, { resource: 'dte', operation: 'previewTotals', previewType, ...parameters }));
	if (run.error) throw new Error(run.error.message);
	return json(run);
};

describe('document discount (descuGravada)', () => {
	it('CCF: a discount amount lowers the IVA base; the DTE and the preview agree', async () => {
		const run = await setup.harness.execute(spec(setup.credential, ccfParameters({ additionalFields: { documentDiscount: 30 } })));
		expect(run.error).toBeUndefined();
		// 2 × 150 net = 300, less 30 = 270; IVA 13 % of 270 = 35.10 (not 39.00).
		expect(figures(json(run))).toEqual({ totalGravada: 300, descuGravada: 30, subTotal: 270, totalIva: 35.1, totalPagar: 305.1 });
		expect(json(run).summary).toMatchObject({ total: 305.1, status: 'accepted' });
		const body = setup.sim.server.requests({ method: 'POST', path: '/facturar/ccf-exe' })[0].body as IDataObject;
		expect(body.descuGravada).toBe(30);
		const shown = await preview('03', { lines: ccfParameters().lines, adjustments: { documentDiscount: 30 } });
		expect(figures(shown)).toEqual(figures(json(run)));
	});

	it('Factura: a percentage of the IVA-inclusive sales; the IVA is what the discounted sales contain', async () => {
		const run = await setup.harness.execute(spec(setup.credential, facturaParameters({ additionalFields: { documentDiscountRate: 10 } })));
		expect(run.error).toBeUndefined();
		// 2 × 11.30 = 22.60 with IVA; 10 % = 2.26; 20.34 contains 20.34 × 13/113 = 2.34 of IVA (2.60 without the discount).
		expect(figures(json(run))).toEqual({ totalGravada: 22.6, descuGravada: 2.26, subTotal: 20.34, totalIva: 2.34, totalPagar: 20.34 });
		const body = setup.sim.server.requests({ method: 'POST', path: '/facturar/fe' })[0].body as IDataObject;
		expect(body).toMatchObject({ descuGravada: 2.26, porcentajeDescuento: 10 });
		const shown = await preview('01', { lines: facturaParameters().lines, adjustments: { documentDiscountRate: 10 } });
		expect(figures(shown)).toEqual(figures(json(run)));
		expect(shown.porcentajeDescuento).toBe(10);
	});

	it('a discount over exempt and taxed lines lowers only the taxed IVA base, rounded as MH does', async () => {
		const mixed = lines({ description: 'Gravado', quantity: 3, unitPrice: 3.8849 }, { description: 'Exento', quantity: 1, unitPrice: 5, exempt: true });
		const run = await setup.harness.execute(spec(setup.credential, ccfParameters({ lines: mixed, additionalFields: { documentDiscount: 1.01 } })));
		expect(run.error).toBeUndefined();
		const shown = await preview('03', { lines: mixed, adjustments: { documentDiscount: 1.01 } });
		expect(figures(shown)).toEqual(figures(json(run)));
		// 11.6547 → 11.65 taxed; 10.64 after the discount; IVA 1.38; + exempt 5.
		expect(figures(shown)).toEqual({ totalGravada: 11.65, descuGravada: 1.01, subTotal: 15.64, totalIva: 1.38, totalPagar: 17.02 });
	});

	it('Invoice (JSON): descuGravada next to the invoice', async () => {
		const invoice = {
			customer: { name: 'Distribuidora Cuscatlán', idNumber: '0614-010499-128-7', nrc: '278784-1', economicActivity: '46302' },
			lines: [{ description: 'Saco de café 46 kg', quantity: 2, unitPrice: 150 }],
			descuGravada: 30,
		};
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'dte', operation: 'createCcf', inputMode: 'json', invoiceJson: JSON.stringify(invoice) }));
		expect(run.error).toBeUndefined();
		expect(figures(json(run))).toMatchObject({ descuGravada: 30, totalIva: 35.1, totalPagar: 305.1 });
	});
});

describe('income tax (renta) withheld on a Sujeto Excluido', () => {
	it('lowers the total to pay in the create, the preview and the summary', async () => {
		const run = await setup.harness.execute(spec(setup.credential, sujetoExcluidoParameters({ additionalFields: { rentaRate: 10 } })));
		expect(run.error).toBeUndefined();
		// 10 × 4.50 = 45.00 purchased; 10 % renta = 4.50; pays 40.50.
		expect(figures(json(run))).toMatchObject({ subTotal: 45, reteRenta: 4.5, totalPagar: 40.5 });
		expect(json(run).summary).toMatchObject({ total: 40.5, withheld: { incomeTax: 4.5 } });
		const body = setup.sim.server.requests({ method: 'POST', path: '/facturar/fsex' })[0].body as IDataObject;
		expect(body.reteRenta).toBe(4.5);
		const shown = await preview('14', { lines: sujetoExcluidoParameters().lines, adjustments: { rentaRate: 10 } });
		expect(figures(shown)).toEqual({ totalGravada: 45, subTotal: 45, totalIva: 0, reteRenta: 4.5, totalPagar: 40.5 });
	});

	it('rounds the withholding to the cent', async () => {
		const shown = await preview('14', { lines: lines({ quantity: 3, unitPrice: 3.33 }), adjustments: { rentaRate: 10 } });
		// 9.99 × 10 % = 0.999 → 1.00.
		expect(figures(shown)).toMatchObject({ reteRenta: 1, totalPagar: 8.99 });
	});
});

describe('refused before sending, naming the field', () => {
	const cases: Array<[string, IDataObject, string, RegExp]> = [
		['a discount larger than the taxed sales', ccfParameters({ additionalFields: { documentDiscount: 300.01 } }), 'additionalFields.documentDiscount', /more than the taxed sales \(300\.00\)/],
		['both the amount and the percentage', facturaParameters({ additionalFields: { documentDiscount: 1, documentDiscountRate: 5 } }), 'additionalFields.documentDiscountRate', /either the discount amount or its percentage/],
		['a percentage over 100', ccfParameters({ additionalFields: { documentDiscountRate: 101 } }), 'additionalFields.documentDiscountRate', /more than 100/],
		['a discount with 3 decimals', ccfParameters({ additionalFields: { documentDiscount: 1.005 } }), 'additionalFields.documentDiscount', /more than 2 decimals/],
		['a negative withholding', sujetoExcluidoParameters({ additionalFields: { rentaRate: -10 } }), 'additionalFields.rentaRate', /must not be negative/],
		['a withholding rate that is text', sujetoExcluidoParameters({ additionalFields: { rentaRate: 'diez' } }), 'additionalFields.rentaRate', /is not a number/],
		[
			'a document discount on a Sujeto Excluido (JSON)',
			{ resource: 'dte', operation: 'createSujetoExcluido', inputMode: 'json', invoiceJson: JSON.stringify({ customer: { idType: '13', idNumber: '00016297-5', name: 'María' }, lines: [{ description: 'Café', quantity: 1, unitPrice: 5 }], descuGravada: 1 }) },
			'invoiceJson.descuGravada',
			/applies to a Factura \(01\) or a CCF \(03\) only/,
		],
		[
			'a renta withholding on a Factura (JSON)',
			{ resource: 'dte', operation: 'createFactura', inputMode: 'json', invoiceJson: JSON.stringify({ lines: [{ description: 'Café', quantity: 1, unitPrice: 5 }], rentaRate: 10 }) },
			'invoiceJson.rentaRate',
			/applies to a Sujeto Excluido \(14\) only/,
		],
	];

	it.each(cases)('%s', async (_label, parameters, field, words) => {
		const run = await setup.harness.execute(spec(setup.credential, parameters));
		expect(run.error?.message).toMatch(/nothing was sent to Factuconect$/);
		const line = describedProblems(run)
			.split('\n')
			.find((l) => l.includes(field) && words.test(l));
		if (!line) throw new Error(`no problem on ${field} matching ${String(words)} in:\n${describedProblems(run)}`);
		expect(setup.sim.server.count()).toBe(0);
	});

	it('Preview Totals refuses the same way', async () => {
		const run = await setup.harness.execute(
			spec(setup.credential, { resource: 'dte', operation: 'previewTotals', previewType: '14', lines: lines({}), adjustments: { documentDiscount: 1 } }),
		);
		expect(describedProblems(run)).toMatch(/adjustments\.documentDiscount.*applies to a Factura \(01\) or a CCF \(03\) only/);
	});
});
