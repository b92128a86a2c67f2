/**
 * Factus's fields of the Shopify input modes: Bill → Create & Validate / Preview Totals from a Shopify
 * order, Credit Note → Create from a Shopify refund. The mapping and its settings are shared
 * (nodes/shared/shopify/ui.ts); here are Factus v1's lists, the reference code (Factus's own duplicate
 * guard) and the bill a refund corrects. Read by ../input/shopify.ts.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ShopifyUiSpec } from '../../shared/shopify/ui';
import { shopifyFields, shopifyShow } from '../../shared/shopify/ui';
import { CORRECTION_CONCEPTS, FACTUS_V1 } from '../profile';
import { ID_TYPE_OPTIONS, PAYMENT_METHOD_OPTIONS } from './common';

const COMMON: Omit<ShopifyUiSpec, 'resource' | 'operations' | 'kind'> = {
	profile: FACTUS_V1,
	idTypes: ID_TYPE_OPTIONS,
	paymentMethods: PAYMENT_METHOD_OPTIONS,
	municipality: {
		displayName: 'Default Municipality ID',
		placeholder: 'e.g. 980',
		description: "Factus municipality ID of the buyers' address (Shopify has city names, not codes); Lookup → Municipalities lists them",
	},
	notes: true,
};

const BILL: ShopifyUiSpec = { ...COMMON, resource: 'bill', operations: ['create', 'previewTotals'], kind: 'order' };
const CREDIT_NOTE: ShopifyUiSpec = {
	...COMMON,
	resource: 'creditNote',
	operations: ['create'],
	kind: 'refund',
	reasons: CORRECTION_CONCEPTS.map((c) => ({ name: c.label, value: String(c.code) })),
};

function referenceField(spec: ShopifyUiSpec, noun: string, example: string): INodeProperties {
	return {
		displayName: 'Reference Code',
		name: 'referenceCode',
		type: 'string',
		default: '',
		placeholder: `e.g. ${example}`,
		description: `Leave empty: ${example}, from the Shopify ${spec.kind === 'order' ? 'order' : 'order and refund'} IDs. Factus refuses a second ${noun} with the same code, so the same ${spec.kind} delivered again returns the ${noun} already issued.`,
		displayOptions: shopifyShow({ ...spec, operations: ['create'] }),
	};
}

/** Bill fields of the Shopify Order mode (Create & Validate and Preview Totals). */
export function shopifyBillFields(): INodeProperties[] {
	return [...shopifyFields(BILL), referenceField(BILL, 'bill', 'shopify-5800000001111')];
}

/** Credit-note fields of the Shopify Refund mode. */
export function shopifyCreditNoteFields(): INodeProperties[] {
	return [
		...shopifyFields(CREDIT_NOTE),
		{
			displayName: 'Bill Number',
			name: 'shopifyBillNumber',
			type: 'string',
			default: '',
			placeholder: "e.g. {{ $('Create & Validate Bill').item.json.bill.number }}",
			description:
				"Number of the bill this credit note corrects. Leave empty to use the bill Factus has under the order's reference code (shopify- and the order ID), the one Create & Validate issued for it in Shopify Order mode.",
			displayOptions: shopifyShow(CREDIT_NOTE),
		},
		referenceField(CREDIT_NOTE, 'credit note', 'shopify-5800000001111-refund-9700000000777'),
	];
}

