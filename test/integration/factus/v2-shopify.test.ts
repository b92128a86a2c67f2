/**
 * Factus node version 2 in the Shopify modes: Colombian Shopify orders become v2 bills (net prices, the
 * shared mapper with the FACTUS_V2 profile) whose total — as the simulator computed it — is what the
 * customer paid, or are refused before any request; the same order delivered again is one bill; a refund
 * becomes a v2 credit note for the bill issued for its order.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { COLOMBIA, money, order, paid, reference, TAX_ID_SETTINGS } from '../shopify/fixtures';
import { useFactus } from './helpers';

describe('Factus node version 2: Shopify orders and refunds', () => {
	const s = useFactus();
	let workflow = 0;
	const deliver = async (parameters: INodeParameters, input: IDataObject[], workflowId = `shop-v2-${++workflow}`) =>
		await s.harness.execute({ ...s.node(parameters, true), typeVersion: 2 }, input, { mode: 'webhook', workflowId });
	const billOf = (name: string) => s.sim.v2.documents.bill.filter((d) => d.referenceCode === reference(name));

	it('every Colombian fixture: a v2 bill for exactly what the customer paid, or refused with nothing sent', async () => {
		let issued = 0;
		for (const name of COLOMBIA) {
			s.sim.reset();
			const run = await deliver({ resource: 'bill', operation: 'create', inputMode: 'shopifyOrder', ...TAX_ID_SETTINGS[name] }, [order(name)]);
			const json = run.items[0].json;
			if (json.error) {
				expect([name, `${String((json.error as IDataObject).message)} ${String((json.error as IDataObject).description)}`]).toEqual([name, expect.stringMatching(/nothing was sent to Factus/i)]);
				expect(s.sim.server.count({ method: 'POST', path: '/v2/bills/validate' })).toBe(0);
				continue;
			}
			const [bill] = billOf(name);
			expect([name, money(bill.totals.total)]).toEqual([name, paid(name)]);
			expect(json.summary).toMatchObject({ status: 'accepted', total: Number(paid(name)) });
			expect((json.shopify as IDataObject).check).toMatchObject({ ok: true, difference: '0.00' });
			issued++;
		}
		expect(issued).toBeGreaterThanOrEqual(17);
	});

	it('the same order delivered twice is one bill; its refund becomes a credit note for that bill', async () => {
		const name = 'co-02-multi-line-mixed-rates-nit';
		const first = await deliver({ resource: 'bill', operation: 'create', inputMode: 'shopifyOrder' }, [order(name)], 'shop-v2');
		const again = await deliver({ resource: 'bill', operation: 'create', inputMode: 'shopifyOrder' }, [order(name)], 'shop-v2');
		expect(again.items[0].json.number).toBe(first.items[0].json.number);
		expect(billOf(name)).toHaveLength(1);
		expect((again.items[0].json.shopify as IDataObject).alreadyIssued).toBe(true);

		const refundName = 'co-07-partial-refund';
		const issued = await deliver({ resource: 'bill', operation: 'create', inputMode: 'shopifyOrder', ...TAX_ID_SETTINGS[refundName] }, [order(refundName)]);
		expect(issued.items[0].json.error).toBeUndefined();
		const refund = await deliver({ resource: 'creditNote', operation: 'create', inputMode: 'shopifyRefund' }, [order(refundName)]);
		expect(refund.items[0].json.error).toBeUndefined();
		const sent = s.sim.server.requests({ method: 'POST', path: '/v2/credit-notes/validate' })[0].body as IDataObject;
		expect(sent).toMatchObject({ bill_number: issued.items[0].json.number, correction_concept_code: '1' });
		expect(refund.items[0].json.summary).toMatchObject({ kind: 'creditNote', status: 'accepted' });
	});
});
