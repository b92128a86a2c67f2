/**
 * The one money engine: a line's amounts and a document's totals under a provider's rule. Every totals
 * figure of the package — the Preview Totals operations, the wire mappers' checks and the Shopify mapper's
 * self-check — comes from `documentTotals(lines, rule)`; a provider's rule is data in its `profile.ts`.
 *
 * Amounts are exact decimals (`Dec`); rounding happens only where the provider rounds: each line to
 * `lineDecimals`, the summary to `summaryDecimals`, with the rule's rounding mode.
 */
import { Dec } from '../decimal';
import type { RoundingMode } from '../decimal';

export type { RoundingMode };

/** How one line is computed. */
export interface LineRule {
	/** Unit prices include tax (the tax is what the price contains) or not (the tax is added). */
	pricesIncludeTax: boolean;
	/** Decimals kept per line for taxable amount and tax (2 in Colombia, 8 in MH items). */
	lineDecimals: number;
	/** Default `halfUp`. */
	rounding?: RoundingMode;
}

/**
 * How the document totals come from the lines:
 * - `sumOfLineTaxes`: subtotal = Σ taxable, tax = Σ line taxes, each rounded to the summary (DIAN);
 * - `taxIncludedLines`: taxed total = Σ tax-inclusive line totals rounded once; tax = Σ line taxes rounded
 *   per rate; subtotal = total − tax (El Salvador MH Factura 01);
 * - `taxOnSummary`: per rate, base = Σ taxable rounded, tax = base × rate rounded — the tax exists on the
 *   summary only, not per line (El Salvador MH CCF 03 and its notes; 0 % for a Sujeto Excluido).
 */
export type SummaryRule = 'sumOfLineTaxes' | 'taxIncludedLines' | 'taxOnSummary';

/** A provider's totals rule: plain data, kept in the provider's `profile.ts`. */
export interface TotalsRule extends LineRule {
	/** Decimals of the document totals. */
	summaryDecimals: number;
	summary: SummaryRule;
}

export type Amount = Dec | number | string;

/** What the engine reads of a line (a neutral `InvoiceLine` fits as it is). */
export interface MoneyLine {
	quantity: Amount;
	unitPrice: Amount;
	/** Percent, e.g. 19. */
	taxRate: Amount;
	/** Percent 0..100 of quantity × unit price. */
	discountRate?: Amount;
	/** Fixed discount for the whole line, in the same tax basis as the price. */
	discountAmount?: Amount;
	/** Excluded / exempt: no tax, and counted as exempt in the summary. */
	taxExcluded?: boolean;
}

export interface LineAmounts {
	/** quantity × unit price, as entered (tax basis of the price). */
	gross: Dec;
	/** Discount expressed before tax. */
	discount: Dec;
	/** Amount the tax is computed on (after discount, without tax). */
	taxable: Dec;
	tax: Dec;
	/** taxable + tax. */
	total: Dec;
}

/**
 * One line's amounts.
 * - Prices without tax: taxable = q×p − discount; tax = round(taxable × rate).
 * - Prices with tax: total = q×p − discount; taxable = round(total ÷ (1 + rate)); tax = total − taxable
 *   (so the line total is exactly what the customer pays); the reported discount is the pre-tax one,
 *   round(q×p ÷ (1 + rate) × discount%), which is how a provider taking tax-inclusive prices reports it.
 */
export function lineAmounts(line: MoneyLine, rule: LineRule): LineAmounts {
	const mode = rule.rounding ?? 'halfUp';
	const d = rule.lineDecimals;
	const rate = line.taxExcluded ? Dec.zero : Dec.of(line.taxRate);
	const gross = Dec.of(line.quantity).mul(line.unitPrice);
	const discountRate = line.discountRate !== undefined ? Dec.of(line.discountRate) : undefined;
	const discountAmount = line.discountAmount !== undefined ? Dec.of(line.discountAmount) : Dec.zero;
	const discountInBasis = (discountRate ? gross.percent(discountRate) : Dec.zero).add(discountAmount);

	if (!rule.pricesIncludeTax) {
		const discount = discountInBasis.round(d, mode);
		const taxable = gross.sub(discount).round(d, mode);
		const tax = taxable.percent(rate).round(d, mode);
		return { gross, discount, taxable, tax, total: taxable.add(tax) };
	}
	const divisor = Dec.of(1).add(rate.div(100));
	const total = gross.sub(discountInBasis).round(d, mode);
	const taxable = total.div(divisor).round(d, mode);
	const tax = total.sub(taxable);
	const discount = discountInBasis.div(divisor).round(d, mode);
	return { gross, discount, taxable, tax, total };
}

export interface Totals {
	/** Amount before tax (taxed and exempt). */
	subtotal: Dec;
	discount: Dec;
	tax: Dec;
	total: Dec;
	/** Tax per rate ("19" → amount); exempt lines count under "0". */
	taxByRate: Record<string, Dec>;
}

export interface DocumentTotals extends Totals {
	/** Each input line's amounts, in input order. */
	lines: LineAmounts[];
	/** The document-level discount on taxed sales (`TotalsOptions.documentDiscount`), rounded; 0 without one. */
	documentDiscount: Dec;
	/** Taxed lines (not `taxExcluded`), rounded, in the price basis: tax included when prices include it (MH totalGravada). */
	taxed: Dec;
	/** Exempt lines (`taxExcluded`), rounded (MH totalExenta). */
	exempt: Dec;
}

/** Options of `documentTotals` beyond the lines and the rule. */
export interface TotalsOptions {
	/**
	 * A discount on the document's taxed sales as a whole (El Salvador MH `descuGravada`, or its
	 * `porcentajeDescuento` of them), in the price basis (tax included when prices include it). It lowers the
	 * tax base: the tax is computed on the taxed sales after it. `taxed` stays the sales before it (MH
	 * totalGravada); `subtotal` and `total` are after it. Not available with `sumOfLineTaxes`.
	 */
	documentDiscount?: { amount?: Amount; rate?: Amount };
}

const rateKey = (line: MoneyLine): string => (line.taxExcluded ? '0' : Dec.of(line.taxRate).toString());

/** The DIAN summary: Σ taxable and Σ tax, each rounded to `summaryDecimals`; total = subtotal + tax. */
export function sumLines(lines: Array<{ amounts: LineAmounts; taxRate: Amount }>, summaryDecimals = 2, rounding: RoundingMode = 'halfUp'): Totals {
	const r = (v: Dec) => v.round(summaryDecimals, rounding);
	const taxByRate: Record<string, Dec> = {};
	let subtotal = Dec.zero;
	let discount = Dec.zero;
	let tax = Dec.zero;
	for (const { amounts, taxRate } of lines) {
		subtotal = subtotal.add(amounts.taxable);
		discount = discount.add(amounts.discount);
		tax = tax.add(amounts.tax);
		const key = Dec.of(taxRate).toString();
		taxByRate[key] = (taxByRate[key] ?? Dec.zero).add(amounts.tax);
	}
	subtotal = r(subtotal);
	tax = r(tax);
	for (const key of Object.keys(taxByRate)) taxByRate[key] = r(taxByRate[key]);
	return { subtotal, discount: r(discount), tax, total: subtotal.add(tax), taxByRate };
}

/** Lines grouped by tax rate, taxed lines only, in first-seen order. */
function byRate<T>(rows: T[], line: (row: T) => MoneyLine): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		if (line(row).taxExcluded) continue;
		const key = rateKey(line(row));
		groups.set(key, [...(groups.get(key) ?? []), row]);
	}
	return groups;
}

/**
 * THE totals function: each line by `lineAmounts`, then the summary by `rule.summary` (see `SummaryRule`).
 * `taxed` and `exempt` are given for every rule, so an MH-style output (totalGravada / totalExenta) and a
 * DIAN-style one (subtotal / tax / total) both read from the same result.
 */
export function documentTotals(lines: MoneyLine[], rule: TotalsRule, options: TotalsOptions = {}): DocumentTotals {
	const mode = rule.rounding ?? 'halfUp';
	const r = (v: Dec) => v.round(rule.summaryDecimals, mode);
	const rows = lines.map((line) => ({ line, amounts: lineAmounts(line, rule) }));
	const basis = (a: LineAmounts) => (rule.pricesIncludeTax ? a.total : a.taxable);
	const exempt = r(Dec.sum(rows.filter((x) => x.line.taxExcluded).map((x) => x.amounts.total)));
	const discount = r(Dec.sum(rows.map((x) => x.amounts.discount)));
	const groups = byRate(rows, (x) => x.line);
	const amounts = rows.map((x) => x.amounts);

	// Taxed sales per rate in the price basis, rounded as the summary shows them, and the document discount's share of each.
	const basisByRate = new Map([...groups].map(([rate, group]) => [rate, r(Dec.sum(group.map((x) => basis(x.amounts))))]));
	const shares = discountShares(basisByRate, options.documentDiscount, r);
	const documentDiscount = Dec.sum([...shares.values()]);

	if (rule.summary === 'sumOfLineTaxes') {
		if (!documentDiscount.isZero()) throw new Error('A document discount is not available with the sumOfLineTaxes rule');
		const totals = sumLines(
			rows.map((x) => ({ amounts: x.amounts, taxRate: rateKey(x.line) })),
			rule.summaryDecimals,
			mode,
		);
		const taxed = r(Dec.sum(rows.filter((x) => !x.line.taxExcluded).map((x) => basis(x.amounts))));
		return { ...totals, lines: amounts, taxed, exempt, documentDiscount };
	}
	const taxByRate: Record<string, Dec> = {};
	if (rule.summary === 'taxIncludedLines') {
		let gross = Dec.zero;
		for (const [rate, group] of groups) {
			gross = gross.add(Dec.sum(group.map((x) => x.amounts.total)));
			const share = shares.get(rate) ?? Dec.zero;
			// Without a document discount the tax is the lines' own; with one, what the discounted sales contain.
			taxByRate[rate] = share.isZero()
				? r(Dec.sum(group.map((x) => x.amounts.tax)))
				: r((basisByRate.get(rate) ?? Dec.zero).sub(share).mul(rate).div(Dec.of(100).add(rate)));
		}
		const taxed = r(gross);
		const tax = Dec.sum(Object.values(taxByRate));
		const total = taxed.add(exempt).sub(documentDiscount);
		return { subtotal: total.sub(tax), discount, tax, total, taxByRate, lines: amounts, taxed, exempt, documentDiscount };
	}
	let taxed = Dec.zero;
	for (const [rate] of groups) {
		const base = basisByRate.get(rate) ?? Dec.zero;
		taxed = taxed.add(base);
		taxByRate[rate] = r(base.sub(shares.get(rate) ?? Dec.zero).percent(rate));
	}
	const tax = Dec.sum(Object.values(taxByRate));
	const subtotal = taxed.add(exempt).sub(documentDiscount);
	return { subtotal, discount, tax, total: subtotal.add(tax), taxByRate, lines: amounts, taxed, exempt, documentDiscount };
}

/**
 * The document discount split over the taxed rates in proportion to their sales (the last rate takes the
 * rounding remainder), each share rounded like the summary. A rate gives `taxed × rate %`.
 */
function discountShares(basisByRate: Map<string, Dec>, discount: TotalsOptions['documentDiscount'], r: (v: Dec) => Dec): Map<string, Dec> {
	const shares = new Map<string, Dec>();
	const taxed = Dec.sum([...basisByRate.values()]);
	const amount =
		discount?.amount !== undefined ? r(Dec.of(discount.amount)) : discount?.rate !== undefined ? r(taxed.percent(discount.rate)) : Dec.zero;
	if (amount.isZero() || taxed.isZero()) return shares;
	let left = amount;
	const rates = [...basisByRate.keys()];
	rates.forEach((rate, index) => {
		const share = index === rates.length - 1 ? left : r(amount.mul(basisByRate.get(rate) ?? Dec.zero).div(taxed));
		shares.set(rate, share);
		left = left.sub(share);
	});
	return shares;
}

/** A withholding computed on the line's tax (e.g. ReteIVA) or on its taxable amount (ReteRenta, ReteICA). */
export function withholdingAmount(amounts: LineAmounts, rate: Amount, base: 'tax' | 'taxable', decimals = 2): Dec {
	return (base === 'tax' ? amounts.tax : amounts.taxable).percent(rate).round(decimals);
}

/** Totals as plain numbers for JSON output. */
export function totalsToJson(totals: Totals): Record<string, unknown> {
	return {
		subtotal: totals.subtotal.toNumber(),
		discount: totals.discount.toNumber(),
		tax: totals.tax.toNumber(),
		total: totals.total.toNumber(),
		taxByRate: Object.fromEntries(Object.entries(totals.taxByRate).map(([k, v]) => [k, v.toNumber()])),
	};
}
