/**
 * Preview Totals equals, to the cent, what the simulator (written independently, MH's way) computes
 * when the document is created — for Facturas (IVA included), CCFs and notes (IVA added on the
 * summary) and Sujeto Excluido (no IVA).
 */
import type { IDataObject } from 'n8n-workflow';

import { ccfParameters, createClient, facturaParameters, json, lines, spec, startSetup, sujetoExcluidoParameters } from './setup';
import type { LineInput, Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

const TOTALS = ['totalGravada', 'totalExenta', 'totalIva', 'totalPagar'] as const;

async function preview(tipoDte: string, entries: LineInput[]) {
	const run = await setup.harness.execute(spec(setup.credential, { resource: 'dte', operation: 'previewTotals', previewType: tipoDte, lines: lines(...entries) }));
	expect(run.error).toBeUndefined();
	return json(run) as IDataObject;
}

async function created(parameters: IDataObject, entries: LineInput[]) {
	const run = await setup.harness.execute(spec(setup.credential, { ...parameters, sendNow: false, lines: lines(...entries) }));
	expect(run.error).toBeUndefined();
	return json(run) as IDataObject;
}

const pick = (source: IDataObject) => Object.fromEntries(TOTALS.map((key) => [key, source[key]]));

const FACTURA_CASES: Array<[string, LineInput[], Record<string, number>]> = [
	['two coffees at 11.30', [{ quantity: 2, unitPrice: 11.3 }], { totalGravada: 22.6, totalExenta: 0, totalIva: 2.6, totalPagar: 22.6 }],
	[
		'prices with 8 decimals, a discount and a cent line',
		[
			{ quantity: 3, unitPrice: 1.99, discount: 0.5 },
			{ quantity: 1, unitPrice: 0.01 },
			{ quantity: 7, unitPrice: '12.34567891' },
		],
		{ totalGravada: 91.9, totalExenta: 0, totalIva: 10.57, totalPagar: 91.9 },
	],
	[
		'an exempt line next to taxed ones',
		[
			{ quantity: 1, unitPrice: 100 },
			{ quantity: 2, unitPrice: 7.25, exempt: true },
			{ quantity: '0.333', unitPrice: 3 },
		],
		{ totalGravada: 101, totalExenta: 14.5, totalIva: 11.62, totalPagar: 115.5 },
	],
];

const CCF_CASES: Array<[string, LineInput[], Record<string, number>]> = [
	['a round amount', [{ quantity: 1, unitPrice: 100 }], { totalGravada: 100, totalExenta: 0, totalIva: 13, totalPagar: 113 }],
	// Summing each line's IVA would give 0.51; MH's CCF computes IVA on the summary's 3.88.
	['IVA on the summary, not per line', [{ quantity: 1, unitPrice: '3.8849' }], { totalGravada: 3.88, totalExenta: 0, totalIva: 0.5, totalPagar: 4.38 }],
	[
		'thirds, an exempt line and a discount',
		[
			{ quantity: 3, unitPrice: '33.333333' },
			{ quantity: 2, unitPrice: 0.125, discount: 0.05 },
			{ quantity: 1, unitPrice: 40, exempt: true },
		],
		{ totalGravada: 100.2, totalExenta: 40, totalIva: 13.03, totalPagar: 153.23 },
	],
];

describe('Preview Totals equals the created document', () => {
	it.each(FACTURA_CASES)('Factura (01): %s', async (_label, entries, expected) => {
		const local = await preview('01', entries);
		expect(pick(local)).toEqual(expected);
		expect(local).toMatchObject({ pricesIncludeIva: true, currency: 'USD' });
		expect(pick(await created(facturaParameters(), entries))).toEqual(expected);
	});

	it.each(CCF_CASES)('CCF (03): %s', async (_label, entries, expected) => {
		const local = await preview('03', entries);
		expect(pick(local)).toEqual(expected);
		expect(local.pricesIncludeIva).toBe(false);
		expect(pick(await created(ccfParameters(), entries))).toEqual(expected);
	});

	it('Sujeto Excluido (14): no IVA', async () => {
		const entries = [{ quantity: 12, unitPrice: '4.125' }, { quantity: '0.5', unitPrice: 3, discount: 0.25 }];
		const local = await preview('14', entries);
		expect(local).toMatchObject({ totalIva: 0, totalPagar: 50.75, ivaRate: 0 });
		const remote = await created(sujetoExcluidoParameters(), entries);
		expect(remote).toMatchObject({ totalIva: 0, totalPagar: 50.75, totalCompra: 50.75 });
	});

	it('Credit Note (05): net lines like its CCF', async () => {
		const clientId = await createClient(setup);
		const ccf = await setup.harness.execute(spec(setup.credential, ccfParameters()));
		const entries = [{ quantity: 1, unitPrice: '149.99' }, { quantity: 2, unitPrice: '0.015' }];
		const local = await preview('05', entries);
		const note = await setup.harness.execute(
			spec(setup.credential, {
				resource: 'dte',
				operation: 'createCreditNote',
				client: { __rl: true, mode: 'id', value: clientId },
				sendNow: false,
				lines: lines(...entries),
			}),
			[{ json: ccf.items[0].json }],
		);
		expect(pick(json(note))).toEqual(pick(local));
		expect(pick(local)).toEqual({ totalGravada: 150.02, totalExenta: 0, totalIva: 19.5, totalPagar: 169.52 });
	});

	it('shows each line with its amount and IVA', async () => {
		const local = await preview('01', [{ quantity: 1, unitPrice: 113 }, { quantity: 1, unitPrice: 10, exempt: true }]);
		expect(local.lines).toEqual([
			{ line: 1, amount: 113, iva: 13, discount: 0, exempt: false },
			{ line: 2, amount: 10, iva: 0, discount: 0, exempt: true },
		]);
	});
});
