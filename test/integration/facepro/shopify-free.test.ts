/**
 * A Shopify order with a free item (a gift at price 0): FacEPro has no free-sample line, so the order is
 * refused with that reason, before anything is sent, instead of issued with a sale of 0.
 */
import type { IDataObject } from 'n8n-workflow';

import { COLOMBIA, order, REFUSED, TAX_ID_SETTINGS } from '../shopify/fixtures';

import { errorOf, useFacEPro } from './helpers';

describe('FacEPro: a Shopify order with a free item', () => {
	const t = useFacEPro();

	it('is refused on that line, naming it and saying FacEPro has no free-sample line; nothing is sent', async () => {
		const name = COLOMBIA.find((n) => !REFUSED[`${n}|FacEPro`] && order(n).line_items.length === 1)!;
		const base = order(name);
		const gift: IDataObject = {
			...base.line_items[0],
			id: 999001,
			title: 'Regalo',
			name: 'Regalo',
			sku: 'GIFT',
			price: '0.00',
			price_set: { shop_money: { amount: '0.00', currency_code: 'COP' }, presentment_money: { amount: '0.00', currency_code: 'COP' } },
			quantity: 1,
			current_quantity: 1,
			tax_lines: [],
			discount_allocations: [],
			total_discount: '0.00',
		};
		const withGift = { ...base, line_items: [...base.line_items, gift] };
		const run = await t.run({ resource: 'invoice', operation: 'create', inputMode: 'shopifyOrder', ...TAX_ID_SETTINGS[name] }, [withGift]);
		const error = errorOf(run);
		expect(`${error.message}\n${error.description}`).toMatch(/nothing was sent to FacEPro/);
		expect(error.description).toMatch(/worth 0.*FacEPro has no free-sample line/);
		// On the gift's line (the second).
		expect(error.description).toMatch(/(Line 2|lineas\.1|lines\.1)\b/);
		expect(t.sim.server.count({ method: 'POST' })).toBe(0);
	});
});
