/**
 * The Factus simulator's own v2 arithmetic, written from the v2 pages and independently of the node's
 * code (nodes/) so that a test comparing a preview with the simulator's answer compares two readings.
 *
 * v2 prices are net (before tax and discount). Integer arithmetic: money in cents, rates in basis points
 * (19.00 % → 1900), quantities in hundredths (v2 allows two decimals). Half-up rounding to the cent:
 * - item gross = price × quantity; discount = `discount_amount`, or gross × `discount_rate`;
 *   net ("total" of the item) = gross − discount;
 * - each tax of an item = net × rate (an `is_excluded` tax adds nothing and leaves the item untaxed);
 * - withholdings: ReteIVA (05) = rate × the item's IVA, ReteRenta (06) = rate × the item's net; they are
 *   reported, never subtracted (bills carry self-withholdings, support documents the buyer's withholdings);
 * - document: gross_amount = Σ gross (before taxes and discounts, as the answer table says), taxable_amount
 *   = Σ net of taxed items, tax_amount = Σ taxes, surcharge_amount = Σ allowance charges (tips),
 *   total = Σ net + taxes + surcharges; prepayment_amount = Σ prepayments (reported next to the total);
 * - Σ payment_details.amount must equal total + cash_rounding_amount (|rounding| ≤ 500.00).
 * Every worked v2 example reproduces to the cent with this reading (test/integration/factus/v2-simulator.test.ts).
 */

export const HUNDRED = BigInt(100);
const TEN_THOUSAND = BigInt(10000);
const ZERO = BigInt(0);

/** Half-up division (away from zero on ties) for any sign of numerator and a positive denominator. */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
	if (numerator < ZERO) return -roundDiv(-numerator, denominator);
	const q = numerator / denominator;
	return (numerator % denominator) * BigInt(2) >= denominator ? q + BigInt(1) : q;
}

/** "50000", "50000.5", 50000.25, "-14.81" → hundredths; undefined when not a number with at most two decimals. */
export function hundredths(value: unknown): bigint | undefined {
	const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
	const match = /^([-+])?(\d+)(?:\.(\d+))?$/.exec(text);
	if (!match) return undefined;
	const frac = (match[3] ?? '').replace(/0+$/, '');
	if (frac.length > 2) return undefined;
	const units = BigInt(match[2]) * HUNDRED + BigInt(frac.padEnd(2, '0') || '0');
	return match[1] === '-' ? -units : units;
}

/** Hundredths → "33613.45" (money, rates and quantities all print with two decimals). */
export function fixed2(value: bigint): string {
	const negative = value < ZERO;
	const abs = negative ? -value : value;
	return `${negative ? '-' : ''}${(abs / HUNDRED).toString()}.${(abs % HUNDRED).toString().padStart(2, '0')}`;
}

export interface TaxLine {
	code: string;
	rateBp: bigint;
	excluded: boolean;
	taxable: bigint;
	amount: bigint;
}

export interface WithholdingLine {
	code: string;
	rateBp: bigint;
	amount: bigint;
}

export interface ItemAmounts {
	gross: bigint;
	discount: bigint;
	discountBp: bigint;
	net: bigint;
	taxed: boolean;
	taxes: TaxLine[];
	withholdings: WithholdingLine[];
}

export interface ItemInput {
	priceCents: bigint;
	quantityHundredths: bigint;
	discountBp?: bigint;
	discountCents?: bigint;
	taxes: Array<{ code: string; rateBp: bigint; excluded: boolean }>;
	withholdings: Array<{ code: string; rateBp: bigint }>;
}

/** Withholding codes and the base each applies to. */
export const WITHHOLDING_BASE: Record<string, 'iva' | 'net'> = { '05': 'iva', '06': 'net' };

export function itemAmounts(input: ItemInput): ItemAmounts {
	const gross = roundDiv(input.priceCents * input.quantityHundredths, HUNDRED);
	let discount: bigint;
	let discountBp: bigint;
	if (input.discountCents !== undefined && input.discountCents > ZERO) {
		discount = input.discountCents;
		discountBp = gross > ZERO ? roundDiv(discount * TEN_THOUSAND, gross) : ZERO;
	} else {
		discountBp = input.discountBp ?? ZERO;
		discount = roundDiv(gross * discountBp, TEN_THOUSAND);
	}
	const net = gross - discount;
	const taxes = input.taxes.map((t) => ({
		code: t.code,
		rateBp: t.excluded ? ZERO : t.rateBp,
		excluded: t.excluded,
		taxable: net,
		amount: t.excluded ? ZERO : roundDiv(net * t.rateBp, TEN_THOUSAND),
	}));
	const iva = taxes.filter((t) => t.code === '01').reduce((sum, t) => sum + t.amount, ZERO);
	const withholdings = input.withholdings.map((w) => ({
		code: w.code,
		rateBp: w.rateBp,
		amount: roundDiv((WITHHOLDING_BASE[w.code] === 'iva' ? iva : net) * w.rateBp, TEN_THOUSAND),
	}));
	return { gross, discount, discountBp, net, taxed: taxes.some((t) => !t.excluded), taxes, withholdings };
}

export interface DocumentTotals {
	gross: bigint;
	discount: bigint;
	taxable: bigint;
	tax: bigint;
	surcharge: bigint;
	prepayment: bigint;
	total: bigint;
	/** Per tax code and rate: the document's tax summary (`data.taxes`). */
	taxSummary: Array<{ code: string; excluded: boolean; rateBp: bigint; taxable: bigint; amount: bigint }>;
	withholdings: Map<string, bigint>;
}

export function documentTotals(items: ItemAmounts[], surchargesCents: bigint[], prepaymentsCents: bigint[]): DocumentTotals {
	const sum = (values: bigint[]) => values.reduce((a, b) => a + b, ZERO);
	const summary = new Map<string, DocumentTotals['taxSummary'][number]>();
	const withholdings = new Map<string, bigint>();
	for (const item of items) {
		for (const t of item.taxes) {
			const key = `${t.code}|${t.excluded}|${t.rateBp}`;
			const row = summary.get(key) ?? { code: t.code, excluded: t.excluded, rateBp: t.rateBp, taxable: ZERO, amount: ZERO };
			row.taxable += t.taxable;
			row.amount += t.amount;
			summary.set(key, row);
		}
		for (const w of item.withholdings) withholdings.set(w.code, (withholdings.get(w.code) ?? ZERO) + w.amount);
	}
	const net = sum(items.map((i) => i.net));
	const tax = sum(items.flatMap((i) => i.taxes.map((t) => t.amount)));
	const surcharge = sum(surchargesCents);
	return {
		gross: sum(items.map((i) => i.gross)),
		discount: sum(items.map((i) => i.discount)),
		taxable: sum(items.filter((i) => i.taxed).map((i) => i.net)),
		tax,
		surcharge,
		prepayment: sum(prepaymentsCents),
		total: net + tax + surcharge,
		taxSummary: [...summary.values()].sort((a, b) => a.code.localeCompare(b.code) || Number(a.rateBp - b.rateBp)),
		withholdings,
	};
}

/** Largest cash rounding v2 accepts, in cents (±500.00). */
export const MAX_CASH_ROUNDING = BigInt(50000);
