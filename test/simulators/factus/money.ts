/**
 * The Factus simulator's own v1 arithmetic, written independently of `nodes/shared/` so that a test
 * comparing the node's preview with the simulator's answer compares two implementations.
 *
 * Everything is integer: prices in cents, rates in basis points (19.00 % → 1900), quantities whole.
 * Rule (factus.md, both seed examples): line total with tax = price × quantity × (1 − discount%);
 * taxable = round2(total ÷ (1 + rate)); tax = total − taxable; discount = round2(price × quantity ÷
 * (1 + rate) × discount%). ReteIVA is a rate of the line's tax, ReteRenta / ReteICA of its taxable amount.
 */

const HUNDRED = BigInt(100);
const TEN_THOUSAND = BigInt(10000);

/** Half-up division for non-negative numerators and positive denominators. */
function roundDiv(numerator: bigint, denominator: bigint): bigint {
	const q = numerator / denominator;
	const r = numerator % denominator;
	return r * BigInt(2) >= denominator ? q + BigInt(1) : q;
}

/** "50000", "50000.5", 50000.25 → cents; undefined when it has more than two decimals or is not a number. */
export function toCents(value: unknown): bigint | undefined {
	return scaled(value, 2);
}

/** "19.00", 19, "7.5" → basis points. */
export function toBasisPoints(value: unknown): bigint | undefined {
	return scaled(value, 2);
}

function scaled(value: unknown, decimals: number): bigint | undefined {
	const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
	const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
	if (!match) return undefined;
	const frac = (match[3] ?? '').replace(/0+$/, '');
	if (frac.length > decimals) return undefined;
	const units = BigInt(match[2]) * BigInt(10) ** BigInt(decimals) + BigInt((frac.padEnd(decimals, '0') || '0'));
	return match[1] ? -units : units;
}

/** Cents → "33613.45". */
export function money(cents: bigint): string {
	const negative = cents < BigInt(0);
	const abs = negative ? -cents : cents;
	return `${negative ? '-' : ''}${(abs / HUNDRED).toString()}.${(abs % HUNDRED).toString().padStart(2, '0')}`;
}

/** Basis points → "19.00". */
export function rate(bp: bigint): string {
	return money(bp);
}

export interface ItemAmounts {
	gross: bigint;
	discount: bigint;
	taxable: bigint;
	tax: bigint;
	total: bigint;
}

/** One bill / credit-note item: price includes tax. */
export function taxIncludedItem(priceCents: bigint, quantity: number, discountBp: bigint, rateBp: bigint): ItemAmounts {
	const q = BigInt(quantity);
	const gross = priceCents * q;
	const total = roundDiv(gross * (TEN_THOUSAND - discountBp), TEN_THOUSAND);
	const taxable = roundDiv(total * TEN_THOUSAND, TEN_THOUSAND + rateBp);
	const discount = roundDiv(gross * TEN_THOUSAND * discountBp, (TEN_THOUSAND + rateBp) * TEN_THOUSAND);
	return { gross, discount, taxable, tax: total - taxable, total };
}

/** One support-document item: no tax (the seller is not responsible for IVA). */
export function untaxedItem(priceCents: bigint, quantity: number, discountBp: bigint): ItemAmounts {
	const gross = priceCents * BigInt(quantity);
	const discount = roundDiv(gross * discountBp, TEN_THOUSAND);
	const total = gross - discount;
	return { gross, discount, taxable: total, tax: BigInt(0), total };
}

/** A withholding: `rateBp` of the base, rounded to cents. */
export function withholding(baseCents: bigint, rateBp: bigint): bigint {
	return roundDiv(baseCents * rateBp, TEN_THOUSAND);
}
