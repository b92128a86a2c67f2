/**
 * Factus in the Shopify input modes: Bill → Create & Validate / Preview Totals from a Shopify order,
 * Credit Note → Create from a Shopify refund. The mapping and its settings are shared
 * (nodes/shared/shopify/ui.ts); here live Factus v1's lists (its profile is in ../profile.ts), the reference_code (Factus's
 * own duplicate guard), and finding the bill a refund corrects.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { localError } from '../../shared/errors';
import { externalReferenceFor } from '../../shared/shopify/options';
import type { ShopifyMapping, ShopifyUiSpec } from '../../shared/shopify/ui';
import { mapShopifyOrder, mapShopifyRefund, readShopifyOptions, shopifyFields, shopifyShow } from '../../shared/shopify/ui';
import { findRowByReference } from '../documents';
import { FACTUS_V1 } from '../profile';
import { PROVIDER } from '../transport';
import { CORRECTION_CONCEPTS } from '../wire/v1';
import type { V1Extras } from '../wire/v1';
import { ID_TYPE_OPTIONS, optionalString, PAYMENT_METHOD_OPTIONS, readReferenceAndRange, toCheckedBody } from './common';

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

/** Neutral paths of the mapped invoice, named as coming from the order. */
const fromOrder = (path: string) => `invoice from the Shopify order › ${path}`;

/** A Shopify order → a checked v1 bill body (no request); refused when it does not match the order. */
export function readShopifyBill(ctx: IExecuteFunctions, i: number, options: { forPreview: boolean }): { body: IDataObject; mapping: ShopifyMapping } {
	// A preview has neither field: it needs no reference code and numbers nothing.
	const { referenceCode, numberingRangeId } = options.forPreview ? {} : readReferenceAndRange(ctx, i);
	const mapping = mapShopifyOrder(ctx, i, {
		provider: PROVIDER,
		profile: FACTUS_V1,
		options: readShopifyOptions(ctx, i, PROVIDER),
		referenceOverride: referenceCode,
	});
	const extras: V1Extras = {
		referenceCode: mapping.reference,
		numberingRangeId,
		document: mapping.result.documentType ?? '01',
	};
	const { body } = toCheckedBody(ctx, i, 'bill', { neutral: mapping.result.invoice, extras, label: fromOrder }, { requireReference: !options.forPreview });
	return { body, mapping };
}

/** The bill Factus has under the order's reference code (what Create & Validate in Shopify mode issued). */
async function billOfOrder(ctx: IExecuteFunctions, i: number, mapping: ShopifyMapping, prefix: string | undefined): Promise<string> {
	const reference = externalReferenceFor({ id: mapping.orderId }, { referencePrefix: prefix });
	const row = await findRowByReference(ctx, i, 'bill', reference);
	if (!row || typeof row.number !== 'string') {
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `Factus has no bill with reference_code "${reference}" for Shopify order ${mapping.orderName}`,
				hint: 'Nothing was sent. Give the Bill Number of the bill this refund corrects (e.g. mapped from the bill created for the order).',
				code: 'bill_not_found',
			},
			i,
		);
	}
	return row.number;
}

/**
 * A Shopify refund → a checked v1 credit-note body with `bill_number` (resolved to `bill_id` by Credit
 * Note → Create). The customer is left to the bill, as customization 20 does.
 */
export async function readShopifyCreditNote(ctx: IExecuteFunctions, i: number): Promise<{ body: IDataObject; mapping: ShopifyMapping }> {
	const options = readShopifyOptions(ctx, i, PROVIDER);
	const given = optionalString(ctx.getNodeParameter('shopifyBillNumber', i, ''));
	const { referenceCode, numberingRangeId } = readReferenceAndRange(ctx, i);
	const mapping = mapShopifyRefund(ctx, i, {
		provider: PROVIDER,
		profile: FACTUS_V1,
		options: { ...options, ...(given ? { related: { number: given } } : {}) },
		referenceOverride: referenceCode,
	});
	const billNumber = given ?? (await billOfOrder(ctx, i, mapping, options.referencePrefix));
	const invoice: IDataObject = { ...mapping.result.invoice };
	delete invoice.customer;
	const extras: V1Extras = { referenceCode: mapping.reference, numberingRangeId, customizationId: 20, billNumber };
	const { body } = toCheckedBody(ctx, i, 'creditNote', { neutral: invoice, extras, label: fromOrder }, { requireReference: true });
	return { body, mapping };
}
