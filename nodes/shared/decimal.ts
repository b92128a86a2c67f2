/**
 * Exact decimal arithmetic for money. Values are BigInt multiples of 10^-SCALE, so sums, products and
 * divisions never pick up binary floating-point error; rounding happens only where a provider rounds.
 */

const SCALE = 12;
const TEN = BigInt(10);
const ZERO = BigInt(0);
const ONE = BigInt(1);
const TWO = BigInt(2);
const FACTOR = TEN ** BigInt(SCALE);

export type RoundingMode = 'halfUp' | 'halfEven' | 'down';

function divRound(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
	if (denominator === ZERO) throw new RangeError('Division by zero');
	const negative = numerator < ZERO !== denominator < ZERO;
	const n = numerator < ZERO ? -numerator : numerator;
	const d = denominator < ZERO ? -denominator : denominator;
	let q = n / d;
	const r = n % d;
	if (r !== ZERO && mode !== 'down') {
		const twice = r * TWO;
		if (twice > d || (twice === d && (mode === 'halfUp' || q % TWO === ONE))) q += ONE;
	}
	return negative ? -q : q;
}

export class Dec {
	private constructor(readonly units: bigint) {}

	static readonly zero = new Dec(ZERO);

	/** Parses numbers and numeric strings exactly as written ("19.00", 0.1, "1e3"). */
	static of(value: Dec | number | string | bigint): Dec {
		if (value instanceof Dec) return value;
		if (typeof value === 'bigint') return new Dec(value * FACTOR);
		const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
		const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
		if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
			throw new RangeError(`Not a decimal number: "${String(value)}"`);
		}
		const [, sign, intPart, fracPart = ''] = match;
		let units = BigInt(intPart || '0') * FACTOR;
		if (fracPart.length > 0) {
			const padded = fracPart.length > SCALE ? fracPart.slice(0, SCALE) : fracPart.padEnd(SCALE, '0');
			units += BigInt(padded);
			// Digits beyond the internal scale are rounded half-up rather than dropped.
			if (fracPart.length > SCALE && Number(fracPart[SCALE]) >= 5) units += ONE;
		}
		return new Dec(sign === '-' ? -units : units);
	}

	/** True when `value` parses as a finite decimal. */
	static isDecimal(value: unknown): boolean {
		if (typeof value === 'number') return Number.isFinite(value);
		if (typeof value !== 'string') return false;
		return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim());
	}

	static sum(values: Array<Dec | number | string>): Dec {
		return values.reduce<Dec>((acc, v) => acc.add(v), Dec.zero);
	}

	add(other: Dec | number | string): Dec {
		return new Dec(this.units + Dec.of(other).units);
	}

	sub(other: Dec | number | string): Dec {
		return new Dec(this.units - Dec.of(other).units);
	}

	mul(other: Dec | number | string, mode: RoundingMode = 'halfUp'): Dec {
		return new Dec(divRound(this.units * Dec.of(other).units, FACTOR, mode));
	}

	div(other: Dec | number | string, mode: RoundingMode = 'halfUp'): Dec {
		return new Dec(divRound(this.units * FACTOR, Dec.of(other).units, mode));
	}

	/** Multiplies by `percent`/100. */
	percent(percent: Dec | number | string, mode: RoundingMode = 'halfUp'): Dec {
		return this.mul(Dec.of(percent).div(100, mode), mode);
	}

	round(decimals: number, mode: RoundingMode = 'halfUp'): Dec {
		const step = TEN ** BigInt(SCALE - decimals);
		return new Dec(divRound(this.units, step, mode) * step);
	}

	neg(): Dec {
		return new Dec(-this.units);
	}

	abs(): Dec {
		return this.units < ZERO ? this.neg() : this;
	}

	cmp(other: Dec | number | string): number {
		const o = Dec.of(other).units;
		return this.units === o ? 0 : this.units < o ? -1 : 1;
	}

	eq(other: Dec | number | string): boolean {
		return this.cmp(other) === 0;
	}

	isZero(): boolean {
		return this.units === ZERO;
	}

	isNegative(): boolean {
		return this.units < ZERO;
	}

	isInteger(): boolean {
		return this.units % FACTOR === ZERO;
	}

	/** Number of decimals actually used (0..SCALE). */
	decimals(): number {
		let frac = (this.units < ZERO ? -this.units : this.units) % FACTOR;
		if (frac === ZERO) return 0;
		let n = SCALE;
		while (frac % TEN === ZERO) {
			frac /= TEN;
			n--;
		}
		return n;
	}

	/** Fixed-point text with exactly `decimals` digits, rounded half-up (e.g. "90000.00"). */
	toFixed(decimals: number, mode: RoundingMode = 'halfUp'): string {
		const rounded = this.round(decimals, mode).units;
		const negative = rounded < ZERO;
		const abs = negative ? -rounded : rounded;
		const intPart = abs / FACTOR;
		const frac = (abs % FACTOR).toString().padStart(SCALE, '0').slice(0, decimals);
		return `${negative ? '-' : ''}${intPart.toString()}${decimals > 0 ? `.${frac}` : ''}`;
	}

	/** Shortest exact text ("122500", "0.13"). */
	toString(): string {
		return this.toFixed(this.decimals());
	}

	/** JavaScript number (for JSON output); exact for amounts with ≤ 15 significant digits. */
	toNumber(): number {
		return Number(this.toString());
	}

	toJSON(): number {
		return this.toNumber();
	}
}

function numberToPlain(value: number): string {
	if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
	const text = String(value);
	if (!/e/i.test(text)) return text;
	// Expand exponent notation (1e-7, 1.5e21) without going through floating point again.
	const [mantissa, expText] = text.toLowerCase().split('e');
	const exp = Number(expText);
	const negative = mantissa.startsWith('-');
	const digits = mantissa.replace(/^[-+]/, '');
	const [i, f = ''] = digits.split('.');
	const all = i + f;
	const point = i.length + exp;
	let result: string;
	if (point <= 0) result = `0.${'0'.repeat(-point)}${all}`;
	else if (point >= all.length) result = all + '0'.repeat(point - all.length);
	else result = `${all.slice(0, point)}.${all.slice(point)}`;
	return (negative ? '-' : '') + result;
}
