/**
 * FacEPro Cloud's rules as data: the totals rule, the limits the shared fit checks use, its codes and
 * the Shopify profile. The shared core reads these; nothing in nodes/shared knows them.
 *
 * Source: ../shared/providers/facepro.md (code lists: DIAN Anexo Técnico 1.9 as published on FacEPro's
 * API page, with the English labels the node shows; the codes are what FacEPro expects on the wire).
 */
import { COLOMBIA_TAX_IDS } from '../shared/country/colombia';
import type { FitLimits } from '../shared/invoice/fit';
import { fitLimits } from '../shared/invoice/fit';
import type { TotalsRule } from '../shared/invoice/money';
import type { ShopifyProfile } from '../shared/shopify/profile';

/** The documents FacEPro issues. */
export type DocumentKind = 'invoice' | 'creditNote' | 'debitNote';

/** How the user says each kind. */
export const KIND_WORDS: Record<DocumentKind, string> = {
	invoice: 'invoice',
	creditNote: 'credit note',
	debitNote: 'debit note',
};

/** FacEPro's `tipo_documento` ("factura", "nota_credito", "nota_debito" and spelling variants). */
export function kindOf(tipo: unknown): DocumentKind {
	const text = typeof tipo === 'string' ? tipo.toLowerCase() : '';
	if (/cr[eé]dito/.test(text)) return 'creditNote';
	if (/d[eé]bito/.test(text)) return 'debitNote';
	return 'invoice';
}

/* ------------------------------------------------------------------------------------------------ */
/* Code lists                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

export interface CatalogEntry {
	code: string;
	/** Provider/DIAN wording. */
	name: string;
	/** English label for the UI. */
	label: string;
}

export const PERSON_TYPES: CatalogEntry[] = [
	{ code: '1', name: 'Persona Jurídica', label: 'Legal Entity (Persona Jurídica)' },
	{ code: '2', name: 'Persona Natural', label: 'Natural Person (Persona Natural)' },
];

export const ID_TYPES: CatalogEntry[] = [
	{ code: '11', name: 'Registro civil', label: 'Registro Civil (11)' },
	{ code: '12', name: 'Tarjeta de identidad', label: 'Tarjeta De Identidad (12)' },
	{ code: '13', name: 'Cédula de ciudadanía', label: 'Cédula De Ciudadanía (13)' },
	{ code: '21', name: 'Tarjeta de extranjería', label: 'Tarjeta De Extranjería (21)' },
	{ code: '22', name: 'Cédula de extranjería', label: 'Cédula De Extranjería (22)' },
	{ code: '31', name: 'NIT', label: 'NIT (31)' },
	{ code: '41', name: 'Pasaporte', label: 'Pasaporte (41)' },
	{ code: '42', name: 'Documento extranjero', label: 'Documento Extranjero (42)' },
	{ code: '50', name: 'NIT otro país', label: 'NIT De Otro País (50)' },
];

/** tipo_documento of a Colombian NIT: the only one that carries a check digit (DV). */
export const NIT = '31';

/** Identification types that are digits only (NIT without DV, cédula, civil registry, identity card). */
export const NUMERIC_ID_TYPES = new Set(['11', '12', '13', '31']);

export const FISCAL_RESPONSIBILITIES: CatalogEntry[] = [
	{ code: 'O-13', name: 'Gran contribuyente', label: 'O-13 Gran Contribuyente (Large Taxpayer)' },
	{ code: 'O-15', name: 'Autorretenedor', label: 'O-15 Autorretenedor (Self-Withholder)' },
	{ code: 'O-23', name: 'Agente de retención IVA', label: 'O-23 Agente De Retención IVA (IVA Withholding Agent)' },
	{ code: 'O-47', name: 'Régimen simple de tributación', label: 'O-47 Régimen Simple De Tributación' },
	{ code: 'R-99-PN', name: 'No responsable', label: 'R-99-PN No Responsable (Most Individuals)' },
];

export const UNITS: CatalogEntry[] = [
	{ code: '94', name: 'Unidad', label: 'Unit (94)' },
	{ code: 'EA', name: 'Each', label: 'Each (EA)' },
	{ code: 'HUR', name: 'Hora', label: 'Hour (HUR)' },
	{ code: 'KGM', name: 'Kilogramo', label: 'Kilogram (KGM)' },
	{ code: 'LTR', name: 'Litro', label: 'Litre (LTR)' },
	{ code: 'MTR', name: 'Metro', label: 'Metre (MTR)' },
];

export const DEFAULT_UNIT = '94';

/** The IVA rates FacEPro accepts on a line. */
export const IVA_RATES = [0, 5, 19];

export const CREDIT_NOTE_REASONS: CatalogEntry[] = [
	{
		code: '1',
		name: 'Devolución parcial de bienes y/o no aceptación parcial del servicio',
		label: '1 - Partial Return of Goods / Partial Rejection of the Service',
	},
	{ code: '2', name: 'Anulación de factura electrónica', label: '2 - Cancellation of the Electronic Invoice' },
	{ code: '3', name: 'Rebaja o descuento parcial o total', label: '3 - Partial or Total Rebate or Discount' },
	{ code: '4', name: 'Ajuste de precios', label: '4 - Price Adjustment' },
	{ code: '5', name: 'Otros', label: '5 - Other' },
	{
		code: '6',
		name: 'Devolución total de bienes y/o no aceptación total del servicio',
		label: '6 - Total Return of Goods / Total Rejection of the Service',
	},
];

export const DEBIT_NOTE_REASONS: CatalogEntry[] = [
	{ code: '1', name: 'Intereses', label: '1 - Interest' },
	{ code: '2', name: 'Gastos por cobrar', label: '2 - Expenses to Be Charged' },
	{ code: '3', name: 'Cambio del valor', label: '3 - Change of Value' },
	{ code: '4', name: 'Otros', label: '4 - Other' },
];

/** List filter values for `estado`. */
export const STATUSES: CatalogEntry[] = [
	{ code: 'aceptado', name: 'aceptado', label: 'Accepted (Aceptado)' },
	{ code: 'fallido', name: 'fallido', label: 'Failed (Fallido)' },
	{ code: 'pendiente', name: 'pendiente', label: 'Pending (Pendiente)' },
	{ code: 'rechazado', name: 'rechazado', label: 'Rejected (Rechazado)' },
];

export const codes = (catalog: CatalogEntry[]) => catalog.map((e) => e.code);

/** n8n `options` built from a catalog. */
export function catalogOptions(catalog: CatalogEntry[]): Array<{ name: string; value: string; description?: string }> {
	return catalog.map((e) => ({ name: e.label, value: e.code }));
}

/* ------------------------------------------------------------------------------------------------ */
/* Rules                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/**
 * FacEPro's arithmetic: unit prices are without IVA; per line, taxable = quantity × price − discount and
 * IVA = taxable × rate, each rounded half-up to 2 decimals; the document sums the lines. This reproduces
 * the provider's documented example (122500 / 23275 / 145775).
 */
export const FACEPRO_TOTALS: TotalsRule = {
	pricesIncludeTax: false,
	lineDecimals: 2,
	summaryDecimals: 2,
	rounding: 'halfUp',
	summary: 'sumOfLineTaxes',
};

/** DIAN codes FacEPro uses. */
export const FACEPRO_CODES = {
	/** `unidad` 94 = unit. */
	unit: DEFAULT_UNIT,
	/** `tipo_documento`: 13 cédula, 31 NIT. */
	idTypes: { taxId: '31', personalId: '13' },
	/** DIAN's generic final consumer: cédula 222222222222. */
	finalConsumer: { idType: '13', idNumber: '222222222222', name: 'Consumidor final' },
	/** `motivo.codigo` (DIAN's list): 1 partial return, 2 annulment. */
	creditNoteReasons: { partialReturn: '1', annulment: '2' },
} as const;

/**
 * Items of one run sent to FacEPro at the same time (the node's Parallel Requests default). FacEPro
 * documents no rate limit: its only 429 is the monthly document quota, which no pacing avoids. A create
 * waits for DIAN (1–4 s), so one at a time spends the run waiting: 10 in flight issue 100 invoices in
 * ~15 s instead of ~150 s at 1.5 s each, while staying a small, steady load for one company's token
 * (n8n's HTTP Request node sends every item at once). A 429 that is not the quota, or a 503, is backed
 * off and retried by the shared HTTP helper; docs/facepro.md says when to lower it.
 */
export const FACEPRO_PARALLEL_REQUESTS = 10;

/** `lineas[]`: 1..200 items (facepro.md); prices with two decimals, the DIAN norm for COP. */
export const FACEPRO_LIMITS: FitLimits = fitLimits({
	priceDecimals: 2,
	lines: { min: 1, max: 200 },
});

/**
 * FacEPro for the Shopify mapper: `cantidad` may have decimals, `descuento_pct` or `descuento_valor`.
 * No excluded flag, no payment terms and no currency field (COP): the FacEPro node refuses `taxExcluded`
 * lines and credit sales.
 */
export const FACEPRO: ShopifyProfile = {
	...FACEPRO_TOTALS,
	provider: 'FacEPro',
	label: 'FacEPro',
	country: 'CO',
	taxIds: COLOMBIA_TAX_IDS,
	documentType: null,
	priceDecimals: 2,
	integerQuantities: false,
	discount: { amount: true, rateDecimals: 2 },
	allowedTaxRates: IVA_RATES.map(String),
	excludedFlag: false,
	zeroRate: 'rate',
	creditSales: false,
	finalConsumer: { ...FACEPRO_CODES.finalConsumer },
	idTypes: { ...FACEPRO_CODES.idTypes },
	requiresNrc: false,
	defaultUnit: FACEPRO_CODES.unit,
	currencies: ['COP'],
	creditNote: { reasons: { ...FACEPRO_CODES.creditNoteReasons } },
	maxLines: FACEPRO_LIMITS.lines.max,
};
