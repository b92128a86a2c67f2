/**
 * FacEPro's totals preview: the shared money engine with FacEPro's rule (profile.ts), shaped as
 * FacEPro's per-line breakdown. Reproduces the documented example (122500 / 23275 / 145775).
 */
import type { Dec } from '../../shared/decimal';
import type { Totals } from '../../shared/invoice/money';
import { documentTotals } from '../../shared/invoice/money';
import { FACEPRO_TOTALS } from '../profile';

import type { FacEProLine } from './body';

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
	const computed = documentTotals(
		lines.map((line) => ({
			quantity: line.cantidad,
			unitPrice: line.precio,
			taxRate: line.iva_pct,
			discountRate: line.descuento_pct,
			discountAmount: line.descuento_valor,
		})),
		FACEPRO_TOTALS,
	);
	const totals: Totals = {
		subtotal: computed.subtotal,
		discount: computed.discount,
		tax: computed.tax,
		total: computed.total,
		taxByRate: computed.taxByRate,
	};
	const n = (value: Dec) => value.toNumber();
	return {
		totals,
		lines: lines.map((line, index) => {
			const amounts = computed.lines[index];
			return {
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
			};
		}),
	};
}
