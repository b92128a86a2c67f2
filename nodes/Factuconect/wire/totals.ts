/**
 * IVA (13 %) totals of El Salvador's DTEs: the shared money engine with the DTE type's rule (profile.ts:
 * Factura 01 IVA-inclusive lines; CCF 03 and its notes IVA on the summary; Sujeto Excluido 14 no IVA),
 * shaped as MH's summary (totalGravada, totalExenta, totalIva, totalPagar).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Dec } from '../../shared/decimal';
import type { InvoiceLine } from '../../shared/invoice/model';
import type { LineAmounts } from '../../shared/invoice/money';
import { documentTotals } from '../../shared/invoice/money';

import { IVA_RATE, totalsRuleFor } from '../profile';
import type { TipoDte } from './rules';


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
	// A Sujeto Excluido carries no IVA: every line is a 0 % purchase (none is "exempt").
	const moneyLines = lines.map((line) => ({
		quantity: line.quantity,
		unitPrice: line.unitPrice,
		taxRate: noIva ? 0 : IVA_RATE,
		discountAmount: line.discountAmount,
		taxExcluded: !noIva && line.taxExcluded === true,
	}));
	const totals = documentTotals(moneyLines, totalsRuleFor(tipoDte));
	return {
		tipoDte,
		pricesIncludeIva,
		lines: totals.lines.map((amounts, i) => ({
			amount: pricesIncludeIva ? amounts.total : amounts.taxable,
			exempt: moneyLines[i].taxExcluded,
			iva: amounts.tax,
			amounts,
		})),
		totalGravada: totals.taxed,
		totalExenta: totals.exempt,
		totalIva: totals.tax,
		totalPagar: totals.total,
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
