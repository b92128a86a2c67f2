/**
 * "Done means" 1: Preview Totals (local, no request) and the simulator (its own arithmetic) both
 * reproduce seed 001 (81232.50 / 8767.50 / 90000.00, ReteIVA 957.98, ReteRenta 2352.94) and seed 003
 * (1121848.74 / 213151.26 / 1335000) to the cent.
 */
import type { IDataObject } from 'n8n-workflow';

import { jsonBill, seed001Body, seed003Body, useFactus } from './helpers';

describe('Factus v1 amounts (seeds 001 and 003, to the cent)', () => {
	const s = useFactus();

	const preview = (body: IDataObject) => ({ resource: 'bill', operation: 'previewTotals', inputMode: 'json', documentJson: JSON.stringify(body) });

	it('Preview Totals reproduces seed 001 without sending anything', async () => {
		const run = await s.harness.execute(s.node(preview(seed001Body('seed-001'))));
		expect(run.error).toBeUndefined();
		const json = run.items[0].json as IDataObject;
		expect(json).toMatchObject({
			preview: true,
			gross_value: '81232.50',
			taxable_amount: '81232.50',
			tax_amount: '8767.50',
			total: '90000.00',
			withholding_taxes: [
				{ tribute_code: '05', name: 'ReteIVA', value: '957.98' },
				{ tribute_code: '06', name: 'ReteRenta', value: '2352.94' },
			],
			net_payable: '86689.08',
		});
		expect((json.items as IDataObject[])[0]).toMatchObject({ discount: '8403.36', taxable_amount: '33613.45', tax_amount: '6386.55', total: '40000.00' });
		expect((json.items as IDataObject[])[1]).toMatchObject({ taxable_amount: '47619.05', tax_amount: '2380.95', total: '50000.00' });
		expect(s.sim.server.log).toHaveLength(0);
	});

	it('Preview Totals reproduces seed 003', async () => {
		const run = await s.harness.execute(s.node(preview(seed003Body('seed-003'))));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			gross_value: '1121848.74',
			tax_amount: '213151.26',
			total: '1335000.00',
			withholding_taxes: [{ tribute_code: '06', value: '78529.41' }],
			items: [{ discount: '138655.46', taxable_amount: '1121848.74', tax_amount: '213151.26', total: '1335000.00' }],
		});
		expect(s.sim.server.log).toHaveLength(0);
	});

	// The withholdings here are typed in the line fields saved before the Withholdings collection existed:
	// a saved workflow keeps them (ui/lines.ts `legacy`).
	it('Preview Totals in Fields mode gives the same figures as the JSON (seed 001 typed in by hand, withholdings in the old line fields)', async () => {
		const run = await s.harness.execute(
			s.node({
				resource: 'bill',
				operation: 'previewTotals',
				inputMode: 'fields',
				idType: 3,
				idNumber: '123456789',
				customerName: 'Alan Turing',
				lines: {
					line: [
						{ description: 'producto de prueba', quantity: 1, unitPrice: 50000, tax: 'IVA_19', discountRate: 20, reteIva: 15, reteRenta: 7 },
						{ description: 'producto de prueba 2', quantity: 1, unitPrice: 50000, tax: 'IVA_5' },
					],
				},
			}),
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ gross_value: '81232.50', tax_amount: '8767.50', total: '90000.00' });
		expect((run.items[0].json.withholding_taxes as IDataObject[]).map((w) => w.value)).toEqual(['957.98', '2352.94']);
	});

	it('the simulator answers seed 001 (document 01) with the same totals, and the node returns them with a summary', async () => {
		const run = await s.harness.execute(s.node(jsonBill(seed001Body('fact0022025'))));
		expect(run.error).toBeUndefined();
		const json = run.items[0].json as IDataObject;
		expect(json.bill).toMatchObject({
			reference_code: 'fact0022025',
			status: 1,
			gross_value: '81232.50',
			taxable_amount: '81232.50',
			tax_amount: '8767.50',
			total: '90000.00',
		});
		expect(json.withholding_taxes).toEqual([
			{ tribute_code: '05', name: 'ReteIVA', value: '957.98' },
			{ tribute_code: '06', name: 'ReteRenta', value: '2352.94' },
		]);
		expect((json.items as IDataObject[]).map((i) => [i.discount, i.taxable_amount, i.tax_amount, i.total])).toEqual([
			['8403.36', '33613.45', '6386.55', 40000],
			['0.00', '47619.05', '2380.95', 50000],
		]);
		expect(json.customer).toMatchObject({ municipality: { id: 980, code: '68679', name: 'San Gil' } });
		expect(json.summary).toMatchObject({ provider: 'Factus', kind: 'invoice', status: 'accepted', total: 90000, currency: 'COP', warnings: [] });
		expect((json.summary as IDataObject).authorityId).toMatch(/^[0-9a-f]{96}$/);
		expect(s.sim.server.count({ method: 'POST', path: '/v1/bills/validate' })).toBe(1);
	});

	it('document 03 with "Notificación" entries is valid and carries them as warnings (seed 001, second example)', async () => {
		s.sim.dian.enqueue('notification');
		const run = await s.harness.execute(s.node(jsonBill(seed001Body('fact0012025', '03'))));
		expect(run.error).toBeUndefined();
		const json = run.items[0].json as IDataObject;
		expect((json.bill as IDataObject).number).toMatch(/^FTP/);
		expect(json.bill).toMatchObject({ total: '90000.00', document: { code: '03' } });
		expect(json.related_documents).toEqual([expect.objectContaining({ number: 'FTP990000014' })]);
		const summary = json.summary as IDataObject;
		expect(summary.status).toBe('accepted');
		expect(summary.warnings).toEqual([expect.stringContaining('Regla: FAK45, Notificación'), expect.stringContaining('Regla: FAK46, Notificación')]);
	});

	it('the simulator answers seed 003 with the same totals (Fresno = 1041)', async () => {
		const run = await s.harness.execute(s.node(jsonBill(seed003Body('N4T4H1R2F5'))));
		expect(run.error).toBeUndefined();
		const json = run.items[0].json as IDataObject;
		expect(json.bill).toMatchObject({ gross_value: '1121848.74', tax_amount: '213151.26', total: '1335000.00' });
		expect((json.items as IDataObject[])[0]).toMatchObject({ discount: '138655.46', total: 1335000 });
		expect(json.withholding_taxes).toEqual([{ tribute_code: '06', name: 'ReteRenta', value: '78529.41' }]);
		expect(json.customer).toMatchObject({ municipality: { id: 1041, name: 'Fresno' } });
	});
});
