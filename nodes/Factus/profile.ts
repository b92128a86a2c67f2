/**
 * Factus's rules as data: the v1 totals rule, the limits the shared fit checks use, the codes the node
 * defaults to, and the Shopify profile. The shared core (money engine, Shopify mapper, fit checks)
 * reads these; nothing in nodes/shared knows them.
 *
 * Sources: ../shared/providers/factus.md (v1 sections) and seed 001 (field table and examples).
 */
import { COLOMBIA_TAX_IDS } from '../shared/country/colombia';
import type { FitLimits } from '../shared/invoice/fit';
import { fitLimits } from '../shared/invoice/fit';
import type { TotalsRule } from '../shared/invoice/money';
import type { ShopifyProfile } from '../shared/shopify/profile';

/**
 * v1's arithmetic (factus.md "How Factus computes v1 amounts"): `items.price` includes tax; each line
 * keeps two decimals, half-up; the bill sums taxable amounts and taxes (DIAN's rule). Both seed examples
 * agree to the cent.
 */
export const FACTUS_V1_TOTALS: TotalsRule = {
	pricesIncludeTax: true,
	lineDecimals: 2,
	summaryDecimals: 2,
	rounding: 'halfUp',
	summary: 'sumOfLineTaxes',
};

/** v1 codes the node uses by default. */
export const FACTUS_V1_CODES = {
	/** `unit_measure_id` 70 = "unidad". */
	unit: '70',
	/** `identification_document_id`: 3 CC (cédula), 6 NIT. */
	idTypes: { taxId: '6', personalId: '3' },
	/** DIAN's generic final consumer with v1's id for a cédula. */
	finalConsumer: { idType: '3', idNumber: '222222222222', name: 'Consumidor final' },
	/** `correction_concept_code`: 1 partial return, 2 annulment. */
	creditNoteReasons: { partialReturn: '1', annulment: '2' },
	/** Bill `document` 01 (factura electrónica de venta). */
	document: '01',
} as const;

/**
 * Limits for the shared fit checks: `observation` ≤ 250 characters (factus.md), at most 200 items (the
 * bar the package holds every Colombian document to), whole quantities and prices with two decimals.
 */
export const FACTUS_V1_LIMITS: FitLimits = fitLimits({
	text: { notes: 250 },
	quantityDecimals: 0,
	priceDecimals: 2,
	lines: { min: 1, max: 200 },
});

/**
 * Factus API v1 for the Shopify mapper (factus.md, seed 001): `items.price` includes tax with at most two
 * decimals, `quantity` is an integer, the only discount is `discount_rate` (two decimals), `tax_rate`
 * "0.00"/"5.00"/"19.00", items can be `is_excluded`. v1 bodies have no currency field (COP).
 */
export const FACTUS_V1: ShopifyProfile = {
	...FACTUS_V1_TOTALS,
	provider: 'Factus',
	label: 'Factus (v1)',
	country: 'CO',
	taxIds: COLOMBIA_TAX_IDS,
	documentType: FACTUS_V1_CODES.document,
	priceDecimals: 2,
	integerQuantities: true,
	discount: { amount: false, rateDecimals: 2 },
	allowedTaxRates: ['0', '5', '19'],
	excludedFlag: true,
	zeroRate: 'rate',
	creditSales: true,
	finalConsumer: { ...FACTUS_V1_CODES.finalConsumer },
	idTypes: { ...FACTUS_V1_CODES.idTypes },
	requiresNrc: false,
	defaultUnit: FACTUS_V1_CODES.unit,
	currencies: ['COP'],
	creditNote: { reasons: { ...FACTUS_V1_CODES.creditNoteReasons } },
	maxLines: FACTUS_V1_LIMITS.lines.max,
};
