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

import { Dec as Decimal } from '../../shared/decimal';
import { IVA_RATE, SUMMARY_DECIMALS, totalsRuleFor } from '../profile';
import type { DteAdjustments } from './adjustments';
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
	/** The document discount on taxed sales (descuGravada); 0 without one. */
	descuGravada: Dec;
	/** Sales after the document discount (MH subTotal), before IVA for a CCF. */
	subTotal: Dec;
	/** Income tax withheld on a Sujeto Excluido (reteRenta); 0 without a rate. */
	reteRenta: Dec;
	/** What the receiver pays: after discounts and withholdings. */
	totalPagar: Dec;
	adjustments: DteAdjustments;
}

type AmountInput = Pick<InvoiceLine, 'quantity' | 'unitPrice' | 'discountAmount' | 'taxExcluded'>;

export function dteTotals(tipoDte: TipoDte, lines: AmountInput[], adjustments: DteAdjustments = {}): DteTotals {
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
	const discount =
		adjustments.discountAmount !== undefined ? { amount: adjustments.discountAmount } : adjustments.discountRate !== undefined ? { rate: adjustments.discountRate } : undefined;
	const totals = documentTotals(moneyLines, totalsRuleFor(tipoDte), discount ? { documentDiscount: discount } : {});
	// A Factura's subTotal includes IVA (its prices do); a CCF's is net, IVA comes on top.
	const subTotal = pricesIncludeIva ? totals.total : totals.subtotal;
	const reteRenta = adjustments.rentaRate !== undefined ? subTotal.percent(adjustments.rentaRate).round(SUMMARY_DECIMALS) : Decimal.zero;
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
		descuGravada: totals.documentDiscount,
		subTotal,
		reteRenta,
		totalPagar: totals.total.sub(reteRenta),
		adjustments,
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
		...(totals.adjustments.discountAmount !== undefined || totals.adjustments.discountRate !== undefined
			? {
					descuGravada: totals.descuGravada.toNumber(),
					...(totals.adjustments.discountRate !== undefined ? { porcentajeDescuento: Number(totals.adjustments.discountRate) } : {}),
					subTotal: totals.subTotal.toNumber(),
				}
			: {}),
		...(totals.adjustments.rentaRate !== undefined
			? { subTotal: totals.subTotal.toNumber(), rentaRate: Number(totals.adjustments.rentaRate), reteRenta: totals.reteRenta.toNumber() }
			: {}),
		totalPagar: totals.totalPagar.toNumber(),
		currency: 'USD',
	};
}
