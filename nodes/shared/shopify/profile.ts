/**
 * What the Shopify mapper needs to know about a provider document, as data: its totals rule (the mapper
 * reproduces the provider's own arithmetic with `documentTotals`), what its lines accept, its codes, and
 * the country rules of its receivers. Each provider keeps its profiles in its own `profile.ts`; nothing
 * in nodes/shared/shopify/ names a provider or a provider code.
 */
import type { TaxIdRules } from '../country/taxId';
import type { TotalsRule } from '../invoice/money';

/** The generic receiver used when an order carries no tax ID. */
export interface FinalConsumer {
	/** null: the provider accepts a receiver without identification (El Salvador's Factura). */
	idType: string | null;
	idNumber: string | null;
	name: string;
}

/** A provider document's rules for the Shopify mapper. The totals rule is part of it (`extends TotalsRule`). */
export interface ShopifyProfile extends TotalsRule {
	/** The provider's name, for messages only (the mapper never branches on it). */
	provider: string;
	/** Human name used in notes, e.g. "<Provider> Factura (01)". */
	label: string;
	/** ISO code of the country whose tax IDs the receivers have (also `taxIds.country`). */
	country: string;
	/** Reads and types the buyer's tax ID (nodes/shared/country/*). */
	taxIds: TaxIdRules;
	/** Provider document type the profile stands for; null = not applicable. */
	documentType: string | null;
	/** Decimals accepted in a unit price. */
	priceDecimals: number;
	integerQuantities: boolean;
	/** Which discount forms a line accepts: a fixed amount, and/or a percentage with `rateDecimals` decimals. */
	discount: { amount: boolean; rateDecimals: number | null };
	/** Tax rates in percent, as the provider writes them without trailing zeros ("0", "5", "19"). */
	allowedTaxRates: string[];
	/** The provider can mark a line as excluded/exempt (otherwise it is sent as 0 %). */
	excludedFlag: boolean;
	/** `excluded`: the provider has no "taxed at 0 %" item, so an untaxed line is sent as exempt. */
	zeroRate: 'rate' | 'excluded';
	/** The provider can express a credit sale (payment form and due date). */
	creditSales: boolean;
	/** Fallback receiver when the order carries no tax ID; null = a tax ID is required. */
	finalConsumer: FinalConsumer | null;
	/** Identification type codes in the provider's list for a tax ID and a personal ID. */
	idTypes: { taxId: string; personalId: string };
	/** The receiver must have the country's registration number (`taxIds.registration`, e.g. an NRC). */
	requiresNrc: boolean;
	/** Unit of measure code for "unit". */
	defaultUnit: string;
	currencies: string[];
	/** Credit notes made from refunds with this profile. */
	creditNote: {
		/** Concept codes for a partial return and an annulment, or null when the provider has none. */
		reasons: { partialReturn: string; annulment: string } | null;
		/** Provider document type of the credit note, when the provider names one. */
		documentType?: string;
		/** Said on every credit note of this profile (e.g. that the document is corrected another way). */
		warning?: string;
	};
	maxLines: number | null;
}
