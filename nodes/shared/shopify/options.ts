/**
 * The Shopify mapper's options, its result, and the references (duplicate guards) it gives documents.
 */
import type { ValidationProblem } from '../errors';
import type { Invoice, RelatedDocument } from '../invoice/model';

/** Where the buyer's tax ID (NIT, cédula, DUI) comes from. */
export type TaxIdSource =
	| { kind: 'noteAttribute'; name: string }
	| { kind: 'billingCompany' }
	/** A value the workflow already has, e.g. a customer metafield read by an earlier node. */
	| { kind: 'value'; value?: string | number | null };

/** What Shopify does not know; every code is in the provider's own list. */
export interface ShopifyDefaults {
	municipality?: string;
	department?: string;
	paymentMethod?: string;
	unit?: string;
	/** Overrides the profile's document type. */
	documentType?: string;
	taxResponsibilities?: string[];
	taxScheme?: string;
	economicActivity?: string;
	/** The provider's stored receiver used for final consumers (a provider-side customer id). */
	finalConsumerClientId?: string;
}

export interface ShopifyAddressInput {
	city?: string | null;
	province?: string | null;
	province_code?: string | null;
	country_code?: string | null;
	zip?: string | null;
}

export interface ShopifyMappingOptions {
	/** Default: the note attribute "NIT". */
	taxIdSource?: TaxIdSource;
	/** Provider ID-type code for the tax ID; default: decided from the value (NIT vs personal ID). */
	idTypeForTaxId?: string;
	/** Note attribute holding the El Salvador NRC; default "NRC". */
	nrcNoteAttribute?: string;
	defaults?: ShopifyDefaults;
	/** Payment method code per Shopify gateway name (`payment_gateway_names`), e.g. {"shopify_payments": "48"}. */
	paymentMethodByGateway?: Record<string, string>;
	/** Invoice what the order is now (after refunds and edits). Default true. */
	useCurrentAmounts?: boolean;
	shippingLine?: { code?: string; description?: string };
	/** Amounts in the shop currency (default) or in the customer's presentment currency. */
	currency?: 'shop' | 'presentment';
	/** Prefix of the external reference; default "shopify-". */
	referencePrefix?: string;
	/**
	 * When the provider's rounding cannot reach the order total, add a visible 0 % line "Ajuste por redondeo"
	 * for the missing cents (only ever positive, at most one cent per line). Default false: report instead.
	 */
	roundingLine?: boolean;
	/**
	 * A tip (`total_tip_received`) is not a sale of the shop: `leaveOut` (default) invoices the sale without
	 * it and says so in the check's notes; `refuse` refuses an order with a tip.
	 */
	tips?: 'leaveOut' | 'refuse';
	/** Invoice notes; default "Shopify <order name>". */
	notes?: string;
	/** Resolves the provider municipality code from the billing address (e.g. a catalog lookup). */
	municipalityFor?: (address: ShopifyAddressInput) => string | undefined;
}

export interface CreditNoteOptions extends ShopifyMappingOptions {
	/** The invoice being corrected (number, CUFE/codigoGeneracion, provider id, issue date). */
	related?: RelatedDocument;
	/** Overrides the concept code chosen from the refund (partial return vs annulment). */
	reasonCode?: string;
}

/**
 * The duplicate guard for an order's invoice: `shopify-<order id>`. The numeric id is unique across all
 * Shopify stores and never changes; the order name ("#1001") is for people — stores customise its prefix
 * and suffix, two stores can both have "#1001", and it goes into the invoice notes instead.
 */
export function externalReferenceFor(order: { id: string | number }, options: { referencePrefix?: string } = {}): string {
	return `${options.referencePrefix ?? 'shopify-'}${String(order.id)}`;
}

/** The duplicate guard for a refund's credit note: one per Shopify refund id. */
export function creditNoteReferenceFor(
	order: { id: string | number },
	refund: { id: string | number },
	options: { referencePrefix?: string } = {},
): string {
	return `${externalReferenceFor(order, options)}-refund-${String(refund.id)}`;
}

export interface TotalsCheck {
	currency: string;
	/** What Shopify says the customer paid (or was refunded). */
	orderTotal: string;
	/** The document total with the provider's arithmetic. */
	invoiceTotal: string;
	/** invoiceTotal − orderTotal. */
	difference: string;
	orderTax: string;
	invoiceTax: string;
	/** Totals equal and nothing out of the provider's scope (rates, currency). */
	ok: boolean;
	/** Why not, and every deliberate deviation from Shopify's per-line figures. */
	notes: string[];
}

export interface MappingResult {
	/** The neutral invoice; its receiver may be a final consumer without a document (`customerSource`). */
	invoice: Invoice;
	check: TotalsCheck;
	/** Where the receiver came from; "finalConsumer" = the provider's generic final consumer. */
	customerSource: 'noteAttribute' | 'billingCompany' | 'value' | 'finalConsumer' | 'none';
	/** Provider document type the invoice is meant as (the profile's, or its credit note's). */
	documentType?: string;
	/** Problems that make the document invalid for this provider as it stands (path + message). */
	problems: ValidationProblem[];
	/** Things worth a look that do not block (e.g. a computed DV, an unpaid order). */
	warnings: string[];
}
