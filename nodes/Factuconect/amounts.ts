/**
 * IVA (13 %) arithmetic for El Salvador's DTEs, exact to the cent:
 * - Factura (01): unit prices include IVA; each item's IVA is what the price contains (8 decimals);
 *   the summary's total is the sum of the IVA-inclusive lines and its IVA the sum of the items' IVA.
 * - CCF (03) and its notes (05, 06): lines are net; IVA is 13 % of the summary's taxed total, as MH's
 *   CCF carries IVA only in the summary (`resumen.tributos`), not per item.
 * - Sujeto Excluido (14): no IVA.
 * Items keep up to 8 decimals and the summary 2, rounding half-up.
 */
import type { IDataObject } from 'n8n-workflow';

import { Dec, lineAmounts, sumLines } from '../shared/invoice';
import type { InvoiceLine, LineAmounts } from '../shared/invoice';

import type { TipoDte } from './rules';

export const IVA_RATE = 13;
export const ITEM_DECIMALS = 8;
export const SUMMARY_DECIMALS = 2;

export interface DteLineTotals {
	/** quantity × unit price − discount, in the price's basis (IVA included for a Factura). */
	amount: Dec;
	exempt: boolean;
	/** IVA contained in (01) or due on (03, 05, 06) the line, 8 decimals; 0 for exempt lines and 14. */
	iva: Dec;
	amounts: LineAmounts;
}

export interface DteTotals {
	tipoDte: TipoDte;
	pricesIncludeIva: boolean;
	lines: DteLineTotals[];
	/** Taxed sales (IVA included for 01, net for 03/05/06); purchases for 14. */
	totalGravada: Dec;
	totalExenta: Dec;
	totalIva: Dec;
	totalPagar: Dec;
}

type AmountInput = Pick<InvoiceLine, 'quantity' | 'unitPrice' | 'discountAmount' | 'taxExcluded'>;

export function dteTotals(tipoDte: TipoDte, lines: AmountInput[]): DteTotals {
	const pricesIncludeIva = tipoDte === '01';
	const noIva = tipoDte === '14';
	const rule = { pricesIncludeTax: pricesIncludeIva, lineDecimals: ITEM_DECIMALS };
	const computed: DteLineTotals[] = lines.map((line) => {
		const exempt = !noIva && line.taxExcluded === true;
		const amounts = lineAmounts(
			{
				quantity: line.quantity,
				unitPrice: line.unitPrice,
				taxRate: noIva || exempt ? 0 : IVA_RATE,
				discountAmount: line.discountAmount,
			},
			rule,
		);
		return { amount: pricesIncludeIva ? amounts.total : amounts.taxable, exempt, iva: amounts.tax, amounts };
	});
	const taxed = computed.filter((l) => !l.exempt);
	const exempt = computed.filter((l) => l.exempt);
	const round = (v: Dec) => v.round(SUMMARY_DECIMALS);
	const totalExenta = round(Dec.sum(exempt.map((l) => l.amount)));

	if (pricesIncludeIva) {
		const totalGravada = round(Dec.sum(taxed.map((l) => l.amount)));
		const totalIva = sumLines(taxed.map((l) => ({ amounts: l.amounts, taxRate: IVA_RATE })), SUMMARY_DECIMALS).tax;
		return { tipoDte, pricesIncludeIva, lines: computed, totalGravada, totalExenta, totalIva, totalPagar: totalGravada.add(totalExenta) };
	}
	const totalGravada = sumLines(taxed.map((l) => ({ amounts: l.amounts, taxRate: IVA_RATE })), SUMMARY_DECIMALS).subtotal;
	const totalIva = noIva ? Dec.zero : totalGravada.percent(IVA_RATE).round(SUMMARY_DECIMALS);
	return {
		tipoDte,
		pricesIncludeIva,
		lines: computed,
		totalGravada,
		totalExenta,
		totalIva,
		totalPagar: totalGravada.add(totalExenta).add(totalIva),
	};
}

/** Plain numbers for output. */
export function totalsToOutput(totals: DteTotals): IDataObject {
	return {
		tipoDte: totals.tipoDte,
		pricesIncludeIva: totals.pricesIncludeIva,
		ivaRate: totals.tipoDte === '14' ? 0 : IVA_RATE,
		lines: totals.lines.map((l, index) => ({
			line: index + 1,
			amount: l.amount.toNumber(),
			iva: l.iva.toNumber(),
			discount: l.amounts.discount.toNumber(),
			exempt: l.exempt,
		})),
		totalGravada: totals.totalGravada.toNumber(),
		totalExenta: totals.totalExenta.toNumber(),
		totalIva: totals.totalIva.toNumber(),
		totalPagar: totals.totalPagar.toNumber(),
		currency: 'USD',
	};
}
