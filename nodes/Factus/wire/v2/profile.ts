/**
 * Factus API v2 as data: the document kinds, their paths, the v2 totals rule (net prices), the limits the
 * shared fit checks use and the codes the node defaults to. Sources: ../shared/providers/factus-docs/v2
 * (buenas-practicas/cambios-v2-v1.md, facturas/*, notas-*, documentos-soporte/*) and docs/factus-v2-notes.md.
 */
import { COLOMBIA_TAX_IDS } from '../../../shared/country/colombia';
import type { FitLimits } from '../../../shared/invoice/fit';
import { fitLimits } from '../../../shared/invoice/fit';
import type { TotalsRule } from '../../../shared/invoice/money';
import type { ShopifyProfile } from '../../../shared/shopify/profile';

/** The documents Factus v2 issues. */
export type V2Kind = 'bill' | 'creditNote' | 'debitNote' | 'supportDocument' | 'adjustmentNote';

export const V2_KINDS: V2Kind[] = ['bill', 'creditNote', 'debitNote', 'supportDocument', 'adjustmentNote'];

export const V2_NOUNS: Record<V2Kind, string> = {
	bill: 'bill',
	creditNote: 'credit note',
	debitNote: 'debit note',
	supportDocument: 'support document',
	adjustmentNote: 'adjustment note',
};

/** The package's summary kind of each v2 document. */
export const V2_SUMMARY_KINDS: Record<V2Kind, string> = {
	bill: 'invoice',
	creditNote: 'creditNote',
	debitNote: 'debitNote',
	supportDocument: 'supportDocument',
	adjustmentNote: 'adjustmentNote',
};

/** The document's own DIAN identity in a v2 answer (a note's `bill.cufe` is the bill's, never its own). */
export const V2_AUTHORITY_KEYS: Record<V2Kind, 'cufe' | 'cude' | 'cuds'> = {
	bill: 'cufe',
	creditNote: 'cude',
	debitNote: 'cude',
	supportDocument: 'cuds',
	adjustmentNote: 'cuds',
};

/** Who the document is issued to: the customer, or the seller a support document pays. */
export const V2_PARTY_KEYS: Record<V2Kind, 'customer' | 'provider'> = {
	bill: 'customer',
	creditNote: 'customer',
	debitNote: 'customer',
	supportDocument: 'provider',
	adjustmentNote: 'provider',
};

/** Notes: the document they correct, by its number (`bill_number`, `support_document_number`). */
export const V2_PARENTS: Partial<Record<V2Kind, { kind: V2Kind; field: string }>> = {
	creditNote: { kind: 'bill', field: 'bill_number' },
	debitNote: { kind: 'bill', field: 'bill_number' },
	adjustmentNote: { kind: 'supportDocument', field: 'support_document_number' },
};

/** v2 documents e-mail and an AttachedDocument only for bills and their notes (notes.md "Endpoints"). */
export const V2_EMAILABLE: Record<V2Kind, boolean> = { bill: true, creditNote: true, debitNote: true, supportDocument: false, adjustmentNote: false };

/** `filter[document]` of the numbering ranges each kind uses (tablas.md). */
export const V2_RANGE_DOCUMENTS: Record<V2Kind, string[]> = {
	bill: ['21'],
	creditNote: ['22'],
	debitNote: ['23'],
	supportDocument: ['24'],
	adjustmentNote: ['25'],
};

const enc = encodeURIComponent;

export interface V2Paths {
	create: string;
	list: string;
	show: (number: string) => string;
	pdf: (number: string) => string;
	xml: (number: string) => string;
	attachedDocument: (number: string) => string;
	emailContent: (number: string) => string;
	sendEmail: (number: string) => string;
	destroy: (referenceCode: string) => string;
}

function family(path: string, destroyPrefix: string): V2Paths {
	const base = `/v2/${path}`;
	return {
		create: `${base}/validate`,
		list: base,
		show: (n) => `${base}/${enc(n)}`,
		pdf: (n) => `${base}/${enc(n)}/download-pdf`,
		xml: (n) => `${base}/${enc(n)}/download-xml`,
		attachedDocument: (n) => `${base}/${enc(n)}/download-attached-document-xml`,
		emailContent: (n) => `${base}/${enc(n)}/email-content`,
		sendEmail: (n) => `${base}/${enc(n)}/send-email`,
		destroy: (r) => `${base}/${destroyPrefix}${enc(r)}`,
	};
}

/** v2 endpoints: the identifier comes first (`/v2/bills/:number/download-pdf`). */
export const V2_PATHS = {
	documents: {
		bill: family('bills', 'destroy/reference/'),
		creditNote: family('credit-notes', 'reference/'),
		debitNote: family('debit-notes', 'reference/'),
		supportDocument: family('support-documents', 'reference/'),
		adjustmentNote: family('adjustment-notes', 'reference/'),
	} satisfies Record<V2Kind, V2Paths>,
	catalogs: {
		numberingRanges: '/v2/numbering-ranges',
		numberingRange: (id: string | number) => `/v2/numbering-ranges/${enc(String(id))}`,
		acquirer: '/v2/dian/acquirer',
		company: '/v2/companies',
		subscription: '/v2/subscriptions',
	},
};

/**
 * v2's arithmetic (facturas/crear-y-validar.md, every worked example): prices are net; per item net =
 * price × quantity − discount, each tax = round₂(net × rate), half-up; the document sums nets and taxes.
 */
export const FACTUS_V2_TOTALS: TotalsRule = {
	pricesIncludeTax: false,
	lineDecimals: 2,
	summaryDecimals: 2,
	rounding: 'halfUp',
	summary: 'sumOfLineTaxes',
};

/** `cash_rounding_amount` is at most ±500.00 (crear-y-validar.md). */
export const MAX_CASH_ROUNDING = 500;

/**
 * Limits of the shared fit checks: `observation` ≤ 250 characters, at most 200 items, quantities and
 * prices with two decimals ("1.00", "10000.00").
 */
export const FACTUS_V2_LIMITS: FitLimits = fitLimits({
	text: { notes: 250 },
	quantityDecimals: 2,
	priceDecimals: 2,
	lines: { min: 1, max: 200 },
});

/** Codes the node sends by default (strings: v2 compares codes as text). */
export const FACTUS_V2_CODES = {
	/** `unit_measure_code` 94 = unidad. */
	unit: '94',
	/** `standard_code` 999 = the issuer's own code. */
	standard: '999',
	/** `identification_document_code`: 13 cédula, 31 NIT. */
	idTypes: { taxId: '31', personalId: '13' },
	/** DIAN's generic final consumer (docs/factus-v2-notes.md #6). */
	finalConsumer: { idType: '13', idNumber: '222222222222', name: 'Consumidor final' },
	/** Credit-note concepts: 1 partial return, 2 annulment. */
	creditNoteReasons: { partialReturn: '1', annulment: '2' },
	document: '01',
	/** Cash, paid at once (payment_form 1, method 10). */
	payment: { form: '1', method: '10' },
} as const;

/**
 * Factus API v2 for the Shopify mapper: net prices with two decimals, quantities with two decimals,
 * `discount_rate` or `discount_amount`, IVA 0 / 5 / 19 %, excluded items, credit sales, several currencies
 * shown on the PDF (the amounts stay COP).
 */
export const FACTUS_V2: ShopifyProfile = {
	...FACTUS_V2_TOTALS,
	provider: 'Factus',
	label: 'Factus (v2)',
	country: 'CO',
	taxIds: COLOMBIA_TAX_IDS,
	documentType: FACTUS_V2_CODES.document,
	priceDecimals: 2,
	integerQuantities: false,
	discount: { amount: true, rateDecimals: 2 },
	allowedTaxRates: ['0', '5', '19'],
	excludedFlag: true,
	zeroRate: 'rate',
	creditSales: true,
	finalConsumer: { ...FACTUS_V2_CODES.finalConsumer },
	idTypes: { ...FACTUS_V2_CODES.idTypes },
	requiresNrc: false,
	defaultUnit: FACTUS_V2_CODES.unit,
	currencies: ['COP'],
	creditNote: { reasons: { ...FACTUS_V2_CODES.creditNoteReasons } },
	maxLines: FACTUS_V2_LIMITS.lines.max,
};

export const titleCase = (noun: string) => noun.replace(/\b\w/g, (c) => c.toUpperCase());

/** Where to follow a document DIAN has not answered yet. */
export function followUpV2(kind: V2Kind): string {
	return kind === 'bill' ? 'Wait for DIAN Result' : `${titleCase(V2_NOUNS[kind])} → Wait for DIAN Result`;
}
