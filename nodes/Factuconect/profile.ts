/**
 * Factuconect's (El Salvador, Ministerio de Hacienda) rules as data: the totals rules of each DTE type,
 * the limits the shared fit checks use, the codes and the Shopify profiles. The shared core reads these;
 * nothing in nodes/shared knows them.
 *
 * Source: ../shared/providers/factuconect.md ([mh] facts).
 */
import { EL_SALVADOR_TAX_IDS } from '../shared/country/elSalvador';
import type { FitLimits } from '../shared/invoice/fit';
import { fitLimits } from '../shared/invoice/fit';
import type { TotalsRule } from '../shared/invoice/money';
import type { ShopifyProfile } from '../shared/shopify/profile';

import type { TipoDte } from './wire/rules';

/** IVA in El Salvador: 13 % (tribute code "20"). */
export const IVA_RATE = 13;
/** MH keeps up to 8 decimals per item and 2 in the summary (`resumen`). */
export const ITEM_DECIMALS = 8;
export const SUMMARY_DECIMALS = 2;

/**
 * Factura (01): unit prices include IVA; each item's IVA is what its price contains (8 decimals); the
 * summary's taxed total is the sum of the IVA-inclusive items rounded once, its IVA the items' IVA rounded.
 */
export const FACTURA_TOTALS: TotalsRule = {
	pricesIncludeTax: true,
	lineDecimals: ITEM_DECIMALS,
	summaryDecimals: SUMMARY_DECIMALS,
	rounding: 'halfUp',
	summary: 'taxIncludedLines',
};

/**
 * CCF (03) and its notes (05, 06): lines are net; IVA is 13 % of the summary's rounded taxed total, as MH's
 * CCF carries IVA only in the summary (`resumen.tributos`). A Sujeto Excluido (14) has the same summary
 * with every line at 0 %.
 */
export const CCF_TOTALS: TotalsRule = { ...FACTURA_TOTALS, pricesIncludeTax: false, summary: 'taxOnSummary' };

/** MH's `descActividad` (the receiver's activity in words): at most 150 characters. */
export const ACTIVITY_DESCRIPTION_MAX = 150;

/** The totals rule of a DTE type. */
export function totalsRuleFor(tipoDte: TipoDte): TotalsRule {
	return tipoDte === '01' ? FACTURA_TOTALS : CCF_TOTALS;
}

/**
 * Parallel Requests default. Factuconect documents no rate limit and MH's reception service none either;
 * each create and each send to MH takes seconds (signing, MH's answer), so items wait on the network, not on
 * the CPU. A DTE here is two calls (create, then send to MH), so 20 items in flight keep about 10 DTEs' worth
 * of work at Factuconect at any moment — the same load as 10 one-call "Create + Send" requests in flight.
 * 100 Facturas with Create + Send at 1.5 s a call take about 16 s instead of 5 minutes. A 429 or 503 is
 * backed off and retried by the shared HTTP helper (a create only then: certainly not processed).
 */
export const DEFAULT_PARALLEL = 20;
export const PARALLEL_WHY =
	'Factuconect documents no rate limit; the node backs off when it answers 429 or 503 (see the docs).';

/** MH codes the node uses. */
export const FACTUCONECT_CODES = {
	/** `uniMedida` 59 = unidad. */
	unit: '59',
	/** Receiver `tipoDocumento`: 36 NIT, 13 DUI. */
	idTypes: { taxId: '36', personalId: '13' },
	/** Nota de Crédito. */
	creditNote: '05',
} as const;

/**
 * MH's JSON schema limits: item `descripcion` ≤ 1000 characters, item `codigo` ≤ 25, receiver `nombre` ≤ 250,
 * `nombreComercial` ≤ 150, `numDocumento` ≤ 20, `correo` ≤ 100, `telefono` ≤ 30, address `complemento` ≤ 200,
 * `descActividad` ≤ 150, `observaciones` ≤ 3000; at most 2000 items; up to 8 decimals in quantities and
 * prices. The External Reference (the node's, not MH's) is kept to 100; any other text to 1000.
 */
export const FACTUCONECT_LIMITS: FitLimits = fitLimits({
	text: {
		'lines.*.description': 1000,
		'lines.*.code': 25,
		'customer.name': 250,
		'customer.tradeName': 150,
		'customer.idNumber': 20,
		'customer.email': 100,
		'customer.phone': 30,
		'customer.address': 200,
		notes: 3000,
		externalReference: 100,
	},
	quantityDecimals: ITEM_DECIMALS,
	priceDecimals: ITEM_DECIMALS,
	lines: { min: 1, max: 2000 },
});

/**
 * Factura (01) for the Shopify mapper: prices include IVA 13 %, up to 8 decimals per item, USD;
 * `montoDescu` is a discount amount; `exento` marks exempt items. MH items are taxed at 13 % or exempt —
 * there is no 0 % taxed item. A Factura to a final consumer may omit the receiver's document (MH allows a
 * null `tipoDocumento`/`numDocumento`).
 */
export const FACTUCONECT_FACTURA: ShopifyProfile = {
	...FACTURA_TOTALS,
	provider: 'Factuconect',
	label: 'Factuconect Factura (01)',
	country: 'SV',
	taxIds: EL_SALVADOR_TAX_IDS,
	documentType: '01',
	priceDecimals: ITEM_DECIMALS,
	integerQuantities: false,
	discount: { amount: true, rateDecimals: null },
	allowedTaxRates: [String(IVA_RATE)],
	excludedFlag: true,
	zeroRate: 'excluded',
	creditSales: true,
	finalConsumer: { idType: null, idNumber: null, name: 'Consumidor final' },
	idTypes: { ...FACTUCONECT_CODES.idTypes },
	requiresNrc: false,
	defaultUnit: FACTUCONECT_CODES.unit,
	currencies: ['USD'],
	creditNote: {
		reasons: null,
		documentType: FACTUCONECT_CODES.creditNote,
		// MH's Nota de Crédito schema relates only to a CCF (03) or a Comprobante de Retención (07).
		warning:
			'In El Salvador a Nota de Crédito (05) corrects a CCF (03); a Factuconect Factura (01) is corrected by invalidating it (anulacionDte) and issuing it again.',
	},
	maxLines: FACTUCONECT_LIMITS.lines.max,
};

/**
 * Comprobante de Crédito Fiscal (03): like the Factura but lines are net and IVA is 13 % of the summary's
 * taxed total; the receiver must be identified by NIT and NRC, so there is no final-consumer fallback.
 */
export const FACTUCONECT_CCF: ShopifyProfile = {
	...FACTUCONECT_FACTURA,
	...CCF_TOTALS,
	label: 'Factuconect Comprobante de Crédito Fiscal (03)',
	documentType: '03',
	finalConsumer: null,
	requiresNrc: true,
	creditNote: { reasons: null, documentType: FACTUCONECT_CODES.creditNote },
};
