/**
 * The Shopify input modes' fields on FacEPro's documents (the mapping's settings are shared, in
 * nodes/shared/shopify/ui.ts): FacEPro's lists and the External Reference the duplicate guard uses.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ShopifyUiSpec } from '../../shared/shopify/ui';
import { shopifyFields, shopifyShow } from '../../shared/shopify/ui';
import type { DocumentKind } from '../profile';
import { catalogOptions, CREDIT_NOTE_REASONS, FACEPRO, ID_TYPES, KIND_WORDS } from '../profile';

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
			description:
				"Five-digit DANE municipality code of the buyers' address (Shopify has city names, not codes); its department is taken from its first two digits",
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
