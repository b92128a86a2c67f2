/**
 * Shopify modes: a Shopify order → a bill's Invoice (Create & Validate, Preview Totals), a Shopify refund →
 * a credit note's Invoice for the bill Factus has under the order's reference code. The mapping itself is
 * shared (nodes/shared/shopify) and reads Factus v1's profile (../profile.ts); its fields are in
 * ../ui/shopify.ts. The reference code (`shopify-<order id>`) is Factus's own duplicate guard.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { localError } from '../../shared/errors';
import { externalReferenceFor } from '../../shared/shopify/options';
import type { ShopifyMapping } from '../../shared/shopify/ui';
import { mapShopifyOrder, mapShopifyRefund, readShopifyOptions } from '../../shared/shopify/ui';
import { FACTUS_V1 } from '../profile';
import { PROVIDER, rowsByReference } from '../transport';
import type { V1Extras } from '../wire/v1/toBody';
import { optionalString, readReferenceAndRange } from './fields';

export interface ShopifyInput {
	invoice: IDataObject;
	extras: V1Extras;
	label: (path: string) => string;
	mapping: ShopifyMapping;
}

/** The invoice's paths, named as coming from the order. */
const fromOrder = (path: string) => `invoice from the Shopify order › ${path}`;

/** A Shopify order → a bill's Invoice (no request); refused when it does not match the order. */
export function readShopifyBill(ctx: IExecuteFunctions, i: number, options: { forPreview: boolean }): ShopifyInput {
	// A preview has neither field: it needs no reference code and numbers nothing.
	const { referenceCode, numberingRangeId } = options.forPreview ? {} : readReferenceAndRange(ctx, i);
	const mapping = mapShopifyOrder(ctx, i, {
		provider: PROVIDER,
		profile: FACTUS_V1,
		options: readShopifyOptions(ctx, i, PROVIDER),
		referenceOverride: referenceCode,
	});
	return {
		invoice: mapping.result.invoice as IDataObject,
		extras: { referenceCode: mapping.reference, numberingRangeId, document: mapping.result.documentType ?? '01' },
		label: fromOrder,
		mapping,
	};
}

/** The number of the bill Factus has under the order's reference code (what Create & Validate issued for it). */
async function billOfOrder(ctx: IExecuteFunctions, i: number, mapping: ShopifyMapping, prefix: string | undefined): Promise<string> {
	const reference = externalReferenceFor({ id: mapping.orderId }, { referencePrefix: prefix });
	const found = await rowsByReference(ctx, i, 'bill', reference);
	const refuse = (message: string, hint: string) => localError(ctx.getNode(), { provider: PROVIDER, message, hint, code: 'bill_not_found' }, i);
	if ('unreadable' in found) {
		throw refuse(
			`Factus could not tell which bill has reference_code "${reference}" for Shopify order ${mapping.orderName}: ${found.unreadable}`,
			'Nothing was sent. Run again later, or give the Bill Number of the bill this refund corrects.',
		);
	}
	const row = found.rows[0];
	if (found.rows.length !== 1 || typeof row.number !== 'string') {
		throw refuse(
			`Factus has no bill with reference_code "${reference}" for Shopify order ${mapping.orderName}`,
			'Nothing was sent. Give the Bill Number of the bill this refund corrects (e.g. mapped from the bill created for the order).',
		);
	}
	return row.number;
}

/**
 * A Shopify refund → a credit note's Invoice with the bill's number (resolved to `bill_id` before sending).
 * The customer is left to the bill, as customization 20 does.
 */
export async function readShopifyCreditNote(ctx: IExecuteFunctions, i: number): Promise<ShopifyInput> {
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
	const invoice: IDataObject = { ...(mapping.result.invoice as IDataObject) };
	delete invoice.customer;
	return {
		invoice,
		extras: { referenceCode: mapping.reference, numberingRangeId, customizationId: 20, billNumber },
		label: fromOrder,
		mapping,
	};
}
