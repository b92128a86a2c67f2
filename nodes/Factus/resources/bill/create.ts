/**
 * Bill → Create & Validate: POST /v1/bills/validate under the recovery playbook (recovery.ts). The
 * bill's fields (input/bill.ts, input/shopify.ts) are shared with Preview Totals through their displayOptions.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { SHOPIFY_ORDER_MODE, withShopify } from '../../../shared/shopify/ui';
import { billFields, readBill } from '../../input/bill';
import { readCreateOptions } from '../../input/common';
import { readShopifyBill } from '../../input/shopify';
import { createDocument } from '../../recovery';
import { documentOutput } from '../../summary';

export const description = billFields();

export async function execute(this: IExecuteFunctions, i: number) {
	const shopify = this.getNodeParameter('inputMode', i) === SHOPIFY_ORDER_MODE ? readShopifyBill(this, i, { forPreview: false }) : undefined;
	const body = shopify?.body ?? readBill(this, i, { forPreview: false });
	const result = await createDocument(this, i, 'bill', body, readCreateOptions(this, i));
	const json = documentOutput('bill', result.data, result.recovery ? { recovery: result.recovery } : {});
	return {
		json: shopify ? withShopify(json, shopify.mapping, { alreadyIssued: result.recovery?.alreadyIssued === true }) : json,
		pairedItem: { item: i },
	};
}
