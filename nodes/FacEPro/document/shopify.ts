/**
 * FacEPro in the Shopify input modes: Invoice → Create / Preview Totals from a Shopify order, Credit
 * Note → Create from a Shopify refund. The mapping and its settings are shared
 * (nodes/shared/shopify/ui.ts); here: FacEPro's lists (its profile is in ../profile.ts), the External Reference the guard
 * in issue.ts uses, and the invoice a credit note corrects.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { colombiaDate, dateParameter } from '../../shared/country/colombia';
import { validationError } from '../../shared/errors';
import type { Invoice } from '../../shared/invoice/model';
import type { ShopifyMapping, ShopifyUiSpec } from '../../shared/shopify/ui';
import { mapShopifyOrder, mapShopifyRefund, readShopifyOptions, shopifyFields, shopifyShow } from '../../shared/shopify/ui';
import { FACEPRO } from '../profile';
import { PROVIDER } from '../transport';
import type { DocumentKind } from '../wire/body';
import { catalogOptions, CREDIT_NOTE_REASONS, ID_TYPES } from '../wire/catalogs';
import type { PreparedDocument } from '../wire/prepare';
import { prepareFromNeutral } from '../wire/prepare';

import { fieldLabel, KIND_WORDS, REFERENCE_NOT_TEXT, referenceParameter } from './input';

function specFor(kind: DocumentKind, operations: string[]): ShopifyUiSpec | undefined {
	if (kind === 'debitNote') return undefined;
	return {
		resource: kind,
		operations,
		kind: kind === 'invoice' ? 'order' : 'refund',
		profile: FACEPRO,
		idTypes: catalogOptions(ID_TYPES),
		municipality: {
			displayName: 'Default Municipality Code',
			placeholder: 'e.g. 11001',
			description: "Five-digit DANE municipality code of the buyers' address (Shopify has city names, not codes); its department is taken from its first two digits",
		},
		// FacEPro's API has no notes and no payment fields: those settings would do nothing.
		notes: false,
		...(kind === 'creditNote' ? { reasons: catalogOptions(CREDIT_NOTE_REASONS) } : {}),
	};
}

/** The Shopify fields of a document's operations (none for debit notes). */
export function shopifyDocumentFields(kind: DocumentKind, operations: string[], sendingOperations: string[]): INodeProperties[] {
	const spec = specFor(kind, operations);
	if (!spec) return [];
	const example = kind === 'invoice' ? 'shopify-5800000001111' : 'shopify-5800000001111-refund-9700000000777';
	return [
		...shopifyFields(spec),
		{
			displayName: 'External Reference',
			name: 'externalReference',
			type: 'string',
			default: '',
			placeholder: `e.g. ${example}`,
			description: `Leave empty to use the reference built from the Shopify IDs (e.g. ${example}). The same reference never issues a second ${KIND_WORDS[kind]}: the same ${spec.kind} delivered again returns the one already issued.`,
			displayOptions: shopifyShow({ ...spec, operations: sendingOperations }),
		},
	];
}

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

/** The Shopify order (or refund) of item `i` → a checked FacEPro document, with how it was mapped. */
export function readShopifyDocument(
	ctx: IExecuteFunctions,
	i: number,
	kind: DocumentKind,
	now = Date.now(),
): { prepared: PreparedDocument; mapping: ShopifyMapping } {
	const options = readShopifyOptions(ctx, i, PROVIDER);
	const referenceOverride = referenceParameter(ctx.getNodeParameter('externalReference', i, ''));
	if (referenceOverride === undefined) {
		throw validationError(ctx.getNode(), PROVIDER, [{ path: 'External Reference', message: REFERENCE_NOT_TEXT }], i, KIND_WORDS[kind]);
	}
	let mapping: ShopifyMapping;
	if (kind === 'invoice') {
		mapping = mapShopifyOrder(ctx, i, { provider: PROVIDER, profile: FACEPRO, options, referenceOverride });
	} else {
		const related = {
			number: String(ctx.getNodeParameter('referencedNumber', i, '') ?? '').trim(),
			authorityId: String(ctx.getNodeParameter('referencedCufe', i, '') ?? '').trim(),
			issueDate: dateParameter(ctx.getNodeParameter('referencedDate', i, '')) ?? '',
		};
		mapping = mapShopifyRefund(ctx, i, { provider: PROVIDER, profile: FACEPRO, options: { ...options, related }, referenceOverride });
	}
	// The invoice a credit note corrects is the one thing typed in the node: name its fields.
	const label = (path: string) => (path.startsWith('related') ? fieldLabel(path) : path);
	const result = prepareFromNeutral(forFacEPro(mapping.result.invoice), kind, { today: colombiaDate(now), source: 'neutral', label });
	if (!result.ok) throw validationError(ctx.getNode(), PROVIDER, result.problems, i, KIND_WORDS[kind]);
	return { prepared: result.document, mapping };
}
