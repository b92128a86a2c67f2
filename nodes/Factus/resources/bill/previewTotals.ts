/**
 * Bill → Preview Totals: checks the bill exactly like Create & Validate does (same readers, same checks,
 * the same fit limits) and computes Factus v1's amounts locally with the shared money engine, without any
 * request. Its fields are the bill's fields declared in create.ts (displayOptions cover both operations).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withShopify } from '../../../shared/shopify/ui';
import { readItem } from '../../input/read';
import { previewV1 } from '../../wire/v1/preview';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number) {
	const { body, shopify } = await readItem(this, i, 'bill', { forPreview: true });
	const json = { preview: true, ...previewV1('bill', body), currency: 'COP', body };
	return { json: shopify ? withShopify(json, shopify) : json, pairedItem: { item: i } };
}
