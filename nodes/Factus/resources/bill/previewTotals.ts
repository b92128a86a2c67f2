/**
 * Bill → Preview Totals: checks the bill like Create & Validate does and computes Factus v1's amounts
 * locally (prices include tax, two decimals per line), without any request. Its fields are the bill's
 * fields declared in create.ts (displayOptions cover both operations).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SHOPIFY_ORDER_MODE, withShopify } from '../../../shared/shopify/ui';
import { readBill } from '../../input/bill';
import { readShopifyBill } from '../../input/shopify';
import { previewV1 } from '../../wire/v1';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number) {
	const shopify = this.getNodeParameter('inputMode', i) === SHOPIFY_ORDER_MODE ? readShopifyBill(this, i, { forPreview: true }) : undefined;
	const body = shopify?.body ?? readBill(this, i, { forPreview: true });
	const json = { preview: true, ...previewV1('bill', body), currency: 'COP', body };
	return { json: shopify ? withShopify(json, shopify.mapping) : json, pairedItem: { item: i } };
}
