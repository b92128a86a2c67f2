/**
 * Factus's rules as data: the document kinds, the v1 totals rule, the limits the shared fit checks use,
 * v1's code tables, the codes the node defaults to, and the Shopify profile. The shared core (money
 * engine, Shopify mapper, fit checks) reads these; nothing in nodes/shared knows them.
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
 * Limits for the shared fit checks. Documented by Factus: `observation` ≤ 250 characters, prices with two
 * decimals (factus.md, v1 docs). Chosen by the package where Factus documents none (docs/factus.md
 * "Limits"): names and trade names 450 characters, address 300, e-mail 254 (RFC 5321),
 * phone 50, reference code and item code 100; any other text 1000; at most 200 items (the bar the package
 * holds every Colombian document to); whole quantities (v1 refuses decimals).
 */
export const FACTUS_V1_LIMITS: FitLimits = fitLimits({
	text: {
		notes: 250,
		'customer.name': 450,
		'customer.tradeName': 450,
		'customer.address': 300,
		'customer.email': 254,
		'customer.phone': 50,
		externalReference: 100,
		'lines.*.code': 100,
	},
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

/* ------------------------------------------------------------------------------------------------ */
/* Document kinds                                                                                    */
/* ------------------------------------------------------------------------------------------------ */

/** The documents Factus v1 issues. */
export type Kind = 'bill' | 'creditNote' | 'supportDocument';

export const KINDS: Kind[] = ['bill', 'creditNote', 'supportDocument'];

export const NOUNS: Record<Kind, string> = { bill: 'bill', creditNote: 'credit note', supportDocument: 'support document' };

/** The noun in Title Case, as n8n writes field names ("Credit Note Number"). */
export const titleCase = (noun: string) => noun.replace(/\b\w/g, (c) => c.toUpperCase());

/** Key of the document inside a v1 create/show answer's `data` (`data.bill`, `data.credit_note`…). */
export const RESPONSE_KEYS: Record<Kind, string> = { bill: 'bill', creditNote: 'credit_note', supportDocument: 'support_document' };

/**
 * The document's own DIAN identity in a v1 answer: CUFE (bill), CUDE (credit note — its `cufe` is the
 * credited bill's), CUDS (support document). v1 answers carry it once DIAN validated the document.
 */
export const AUTHORITY_KEYS: Record<Kind, 'cufe' | 'cude' | 'cuds'> = { bill: 'cufe', creditNote: 'cude', supportDocument: 'cuds' };

/** `filter[document]` of the numbering ranges each kind uses [assumed codes, see docs/factus.md]. */
export const RANGE_DOCUMENTS: Record<Kind, string[]> = { bill: ['21', '30'], creditNote: ['22'], supportDocument: ['24'] };

/** Where to follow a document DIAN has not answered yet: only bills have Wait for DIAN Result. */
export function followUp(kind: Kind): string {
	return kind === 'bill' ? 'Wait for DIAN Result' : `${titleCase(NOUNS[kind])} → Get`;
}

/* ------------------------------------------------------------------------------------------------ */
/* v1 code tables (factus.md "v1 bill body")                                                         */
/* ------------------------------------------------------------------------------------------------ */

/** v1 `identification_document_id`, with the DIAN code each stands for. */
export const ID_TYPES: Array<{ id: number; label: string; dian: string }> = [
	{ id: 1, label: 'RC — Registro Civil', dian: '11' },
	{ id: 2, label: 'TI — Tarjeta de Identidad', dian: '12' },
	{ id: 3, label: 'CC — Cédula de Ciudadanía', dian: '13' },
	{ id: 4, label: 'TE — Tarjeta de Extranjería', dian: '21' },
	{ id: 5, label: 'CE — Cédula de Extranjería', dian: '22' },
	{ id: 6, label: 'NIT', dian: '31' },
	{ id: 7, label: 'PP — Pasaporte', dian: '41' },
	{ id: 8, label: 'DIE — Documento de Identificación Extranjero', dian: '42' },
	{ id: 9, label: 'PEP — Permiso Especial de Permanencia', dian: '47' },
	{ id: 10, label: 'NIT de Otro País', dian: '50' },
	{ id: 11, label: 'NUIP', dian: '91' },
];

export const NIT_ID = 6;
/** Identification types whose number is digits only (passports and foreign documents may have letters). */
export const NUMERIC_ID_TYPES = new Set([1, 2, 3, 4, 5, 6, 11]);

export const PAYMENT_METHODS: Array<{ code: string; label: string }> = [
	{ code: '10', label: 'Efectivo (Cash)' },
	{ code: '20', label: 'Cheque' },
	{ code: '42', label: 'Consignación (Bank Deposit)' },
	{ code: '47', label: 'Transferencia (Bank Transfer)' },
	{ code: '48', label: 'Tarjeta Crédito (Credit Card)' },
	{ code: '49', label: 'Tarjeta Débito (Debit Card)' },
	{ code: '71', label: 'Bonos (Vouchers)' },
	{ code: '72', label: 'Vales (Coupons)' },
	{ code: '1', label: 'Medio de Pago No Definido (Not Defined)' },
	{ code: 'ZZZ', label: 'Otro (Other)' },
];

export const CORRECTION_CONCEPTS: Array<{ code: number; label: string }> = [
	{ code: 1, label: '1 — Partial Return (Devolución Parcial)' },
	{ code: 2, label: '2 — Annulment (Anulación de Factura)' },
	{ code: 3, label: '3 — Discount (Rebaja o Descuento)' },
	{ code: 4, label: '4 — Price Adjustment (Ajuste de Precio)' },
	{ code: 5, label: '5 — Other (Otros)' },
];

export const STANDARD_CODES: Array<{ id: number; label: string }> = [
	{ id: 1, label: 'Own Code (999, Estándar del Contribuyente)' },
	{ id: 2, label: 'UNSPSC' },
	{ id: 3, label: 'Partida Arancelaria (Tariff Heading)' },
	{ id: 4, label: 'GTIN (Barcode)' },
];

/** Item tributes v1 knows rates for: IVA (id 1) and INC (id 4). */
export const TRIBUTE_IVA = 1;
export const TRIBUTE_INC = 4;
/**
 * DIAN's rates: IVA 0 / 5 / 19 % (Estatuto Tributario arts. 468, 468-1, 477); INC 4 / 8 / 16 % (arts. 512-1
 * ff.). v1 takes any tax_rate string, so these are checked locally, where a typo ("7.00") costs nothing.
 */
export const TAX_RATES: Record<number, string[]> = { [TRIBUTE_IVA]: ['0', '5', '19'], [TRIBUTE_INC]: ['4', '8', '16'] };

/** Withholdings of a v1 item and what they are a rate of (factus.md). */
export const WITHHOLDINGS: Record<string, { name: string; base: 'tax' | 'taxable' }> = {
	'05': { name: 'ReteIVA', base: 'tax' },
	'06': { name: 'ReteRenta', base: 'taxable' },
	'07': { name: 'ReteICA', base: 'taxable' },
};

/**
 * Parallel Requests' default for Factus (the runner's `defaultParallel`; docs/factus.md "Parallel
 * requests"). Factus allows 80 requests per minute per user (the node paces at 76) and a create takes 1–4 s
 * (Factus signs, sends to DIAN and waits for its answer before answering). Keeping the budget busy needs
 * 76 / 60 s × latency requests in flight: 2 at 1.5 s, 5.1 at 4 s; 6 covers every create up to ~4.7 s.
 * More in flight cannot go faster than the limit — it only sends the minute's budget in a bigger burst
 * and then waits (measured: 100 bills at 1.5 s in ≈ 1.1× the 61.5 s floor). Reads take ~0.1–0.5 s and
 * the same budget, so they are paced by it too.
 */
export const FACTUS_PARALLEL_REQUESTS = 6;

/** Why, in the option's description. */
export const FACTUS_PARALLEL_REQUESTS_WHY =
	'Factus allows 80 requests per minute per user and answers a create in 1–4 s; 6 keeps that budget busy, the node paces every request under it.';

/** Default deadline of a create request, in seconds (Options → Timeout). */
export const DEFAULT_CREATE_TIMEOUT_S = 120;

export const MAX_OBSERVATION = FACTUS_V1_LIMITS.text.notes ?? 250;
export const DEFAULT_UNIT_ID = Number(FACTUS_V1_CODES.unit);
/** What the node accepts as an e-mail address before Factus sees it. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
