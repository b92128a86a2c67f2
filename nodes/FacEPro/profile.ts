/**
 * FacEPro Cloud's rules as data: the totals rule, the limits the shared fit checks use, its codes and
 * the Shopify profile. The shared core reads these; nothing in nodes/shared knows them.
 *
 * Source: ../shared/providers/facepro.md.
 */
import { COLOMBIA_TAX_IDS } from '../shared/country/colombia';
import type { FitLimits } from '../shared/invoice/fit';
import { fitLimits } from '../shared/invoice/fit';
import type { TotalsRule } from '../shared/invoice/money';
import type { ShopifyProfile } from '../shared/shopify/profile';

import { DEFAULT_UNIT, IVA_RATES } from './wire/catalogs';

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
