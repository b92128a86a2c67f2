/**
 * FacEPro's totals: unit prices are without IVA; per line, taxable = quantity × price − discount and
 * IVA = taxable × rate, each rounded half-up to 2 decimals; the document sums the lines. This
 * reproduces the provider's documented example (122500 / 23275 / 145775).
 */
import type { Dec } from '../../shared/decimal';
import type { LineRule, Totals } from '../../shared/invoice';
import { lineAmounts, sumLines } from '../../shared/invoice';

import type { FacEProLine } from './body';

export const FACEPRO_LINE_RULE: LineRule = { pricesIncludeTax: false, lineDecimals: 2, rounding: 'halfUp' };

export interface LineBreakdown {
	line: number;
	codigo: string;
	descripcion: string;
	cantidad: number;
	precio: number;
	iva_pct: number;
	/** quantity × price */
	gross: number;
	discount: number;
	/** base gravable: gross − discount */
	taxable: number;
	iva: number;
	total: number;
}

export interface FacEProTotals {
	totals: Totals;
	lines: LineBreakdown[];
}

export function faceproTotals(lines: FacEProLine[]): FacEProTotals {
	const computed = lines.map((line) => ({
		line,
		amounts: lineAmounts(
			{
				quantity: line.cantidad,
				unitPrice: line.precio,
				taxRate: line.iva_pct,
				discountRate: line.descuento_pct,
				discountAmount: line.descuento_valor,
			},
			FACEPRO_LINE_RULE,
		),
	}));
	const totals = sumLines(
		computed.map(({ line, amounts }) => ({ amounts, taxRate: line.iva_pct })),
		2,
	);
	const n = (value: Dec) => value.toNumber();
	return {
		totals,
		lines: computed.map(({ line, amounts }, index) => ({
			line: index + 1,
			codigo: line.codigo,
			descripcion: line.descripcion,
			cantidad: line.cantidad,
			precio: line.precio,
			iva_pct: line.iva_pct,
			gross: n(amounts.gross.round(2)),
			discount: n(amounts.discount),
			taxable: n(amounts.taxable),
			iva: n(amounts.tax),
			total: n(amounts.total),
		})),
	};
}
