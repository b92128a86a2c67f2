/**
 * Input Modes → Shopify Order (Invoice → Create / Preview Totals) and Shopify Refund (Credit Note →
 * Create): the shared mapper (nodes/shared/shopify) with FacEPro's profile, its result as a draft
 * invoice for the same checks as the fields. The invoice a credit note corrects is typed in the node,
 * so those fields are named as the node shows them.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { validationError } from '../../shared/errors';
import type { Invoice, RelatedDocument } from '../../shared/invoice/model';
import type { ShopifyMapping } from '../../shared/shopify/ui';
import { mapShopifyOrder, mapShopifyRefund, readShopifyOptions } from '../../shared/shopify/ui';
import type { DocumentKind } from '../profile';
import { FACEPRO, KIND_WORDS } from '../profile';
import { PROVIDER } from '../transport';
import type { Draft } from '../wire/rules';

import { fieldLabel, referenceParameter, REFERENCE_NOT_TEXT } from './fields';

/**
 * The mapped invoice as FacEPro can carry it: its API has no notes, phone, country, item type or
 * payment, so those are left out here instead of being reported as ignored on every order. A DANE
 * municipality code names its department in its first two digits.
 */
function forFacEPro(invoice: Invoice): Record<string, unknown> {
	const customer: Partial<Invoice['customer']> = { ...invoice.customer };
	delete customer.phone;
	delete customer.country;
	if (customer.municipality && !customer.department && /^\d{5}$/.test(customer.municipality)) {
		customer.department = customer.municipality.slice(0, 2);
	}
	const lines = invoice.lines.map((line) => {
		const copy: Partial<typeof line> = { ...line };
		delete copy.itemType;
		return copy;
	});
	const out: Partial<Invoice> = { ...invoice };
	delete out.notes;
	delete out.payment;
	return { ...out, customer, lines };
}

/**
 * The Shopify order (or refund) of item `i` → a draft, with how it was mapped. `related` is the invoice a
 * credit note corrects (typed in the node or picked from FacEPro's list).
 */
export function readShopify(
	ctx: IExecuteFunctions,
	i: number,
	kind: DocumentKind,
	related: Partial<RelatedDocument> = {},
): { draft: Draft; mapping: ShopifyMapping } {
	const options = readShopifyOptions(ctx, i, PROVIDER);
	const referenceOverride = referenceParameter(ctx.getNodeParameter('externalReference', i, ''));
	if (referenceOverride === undefined) {
		throw validationError(ctx.getNode(), PROVIDER, [{ path: 'External Reference', message: REFERENCE_NOT_TEXT }], i, KIND_WORDS[kind]);
	}
	const mapping =
		kind === 'invoice'
			? mapShopifyOrder(ctx, i, { provider: PROVIDER, profile: FACEPRO, options, referenceOverride })
			: mapShopifyRefund(ctx, i, { provider: PROVIDER, profile: FACEPRO, options: { ...options, related: { ...related } }, referenceOverride });
	const draft: Draft = {
		source: 'shopify',
		raw: forFacEPro(mapping.result.invoice),
		problems: [],
		warnings: [],
		label: (path) => (path.startsWith('related') ? fieldLabel(path) : undefined),
	};
	return { draft, mapping };
}
