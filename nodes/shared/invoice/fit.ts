/**
 * Generic limits of a typed Invoice, driven by a provider's profile: text length per field, decimals of
 * quantity and unit price, numeric range, line count, control characters and broken UTF-16 in text, and
 * keys that would reach an object's prototype. Each problem is reported on its own field, into the shared
 * problems collector, so a create refuses all of them at once before sending anything.
 *
 * A provider gives its documented limits in its `profile.ts`; whatever it leaves out falls back to
 * `DEFAULT_LIMITS` below.
 */
import { Dec } from '../decimal';

import type { Invoice } from './model';
import type { LineRule } from './money';
import { lineAmounts } from './money';
import type { Problems } from './problems';

/** Text fields of the Invoice; `lines.*.x` is field x of every line. */
export type TextField =
	| 'notes'
	| 'externalReference'
	| 'customer.name'
	| 'customer.tradeName'
	| 'customer.idNumber'
	| 'customer.email'
	| 'customer.phone'
	| 'customer.address'
	| 'related.number'
	| 'related.reasonText'
	| 'lines.*.code'
	| 'lines.*.description';

export interface FitLimits {
	/** Maximum characters (Unicode code points) per text field. */
	text: Partial<Record<TextField, number>>;
	/** Maximum characters of any text field not listed in `text`. */
	anyText: number;
	/** Decimals allowed in a quantity (0 = whole quantities only). */
	quantityDecimals: number;
	/** Decimals allowed in a unit price and a discount amount. */
	priceDecimals: number;
	/** Largest amount (unit price, discount amount, quantity × unit price) accepted. */
	maxAmount: string;
	/** Largest quantity accepted. */
	maxQuantity: string;
	/** Number of lines a document may have. */
	lines: { min: number; max: number };
}

/**
 * Defaults for limits a provider does not document:
 * - text: 1000 characters (MH's longest item text; DIAN's UBL takes more), notes 3000 (MH observaciones);
 * - quantity and price decimals: 6 (beyond that no invoice means it; providers round to 2–8 anyway);
 * - amounts up to 9 999 999 999 999.99: every amount with 2 decimals in that range is exact as a JSON
 *   number (below 2^53 hundredths), so output figures never drift; 1e20 or 2^53 is refused, not rounded;
 * - quantities up to 1 000 000 000;
 * - 1 to 1000 lines.
 */
export const DEFAULT_LIMITS: FitLimits = {
	text: { notes: 3000 },
	anyText: 1000,
	quantityDecimals: 6,
	priceDecimals: 6,
	maxAmount: '9999999999999.99',
	maxQuantity: '1000000000',
	lines: { min: 1, max: 1000 },
};

/** A provider's limits over the defaults (its `text` entries added to the default ones). */
export function fitLimits(overrides: Partial<FitLimits> = {}): FitLimits {
	return { ...DEFAULT_LIMITS, ...overrides, text: { ...DEFAULT_LIMITS.text, ...(overrides.text ?? {}) } };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// C0 controls except tab, line feed and carriage return; DEL and the C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Why a text cannot be sent as it is, or undefined when it can. */
export function textProblem(value: string, max: number): string | undefined {
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff) {
			const next = value.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				i++;
				continue;
			}
			return `contains a broken character (an unpaired UTF-16 surrogate at position ${i + 1})`;
		}
		if (c >= 0xdc00 && c <= 0xdfff) return `contains a broken character (an unpaired UTF-16 surrogate at position ${i + 1})`;
	}
	const control = CONTROL.exec(value);
	if (control) {
		const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
		return `contains an invisible control character (U+${code} at position ${control.index + 1}); remove it`;
	}
	const length = [...value].length;
	if (length > max) return `has ${length} characters; at most ${max} are accepted`;
	return undefined;
}

/** Keys that would set an object's prototype when copied (`__proto__`, `constructor`, `prototype`), anywhere in `value`. */
export function forbiddenKeys(value: unknown, path = ''): string[] {
	if (value === null || typeof value !== 'object') return [];
	const found: string[] = [];
	for (const key of Object.keys(value)) {
		const at = path ? `${path}.${key}` : key;
		if (FORBIDDEN_KEYS.has(key)) found.push(at);
		else found.push(...forbiddenKeys((value as Record<string, unknown>)[key], at));
	}
	return found;
}

/** Why a number cannot be sent as it is (range, decimals, exactness), or undefined. */
function numberProblem(value: unknown, limits: { decimals: number; max: string; what: string }): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
		return `${String(value)} is beyond 2^53: a number this large cannot be exact; the largest ${limits.what} accepted is ${limits.max}`;
	}
	if (!Dec.isDecimal(value)) return undefined; // the schema reports what is not a number
	const d = Dec.of(value as string | number);
	if (d.abs().cmp(limits.max) > 0) return `${d.toString()} is too large; the largest ${limits.what} accepted is ${limits.max}`;
	if (d.decimals() > limits.decimals) {
		return limits.decimals === 0 ? `${d.toString()} is not a whole number` : `${d.toString()} has more than ${limits.decimals} decimals`;
	}
	return undefined;
}

function checkText(problems: Problems, path: string, value: unknown, max: number): void {
	if (typeof value !== 'string') return;
	const problem = textProblem(value, max);
	if (problem) problems.add(path, problem);
}

/**
 * Checks `invoice` against `limits`, adding each problem to `problems` under the field's neutral path
 * (`lines.3.description`). Returns `problems` for chaining.
 */
export function fitInvoice(invoice: Invoice, limits: FitLimits, problems: Problems): Problems {
	const max = (field: TextField) => limits.text[field] ?? limits.anyText;
	for (const key of forbiddenKeys(invoice)) problems.add(key, 'is not an accepted field name (it could change how the document is read)');

	for (const field of ['notes', 'externalReference'] as const) checkText(problems, field, invoice[field], max(field));
	for (const [key, value] of Object.entries(invoice.customer)) {
		if (typeof value === 'string') checkText(problems, `customer.${key}`, value, max(`customer.${key}` as TextField));
	}
	for (const [key, value] of Object.entries(invoice.related ?? {})) {
		if (typeof value === 'string') checkText(problems, `related.${key}`, value, max(`related.${key}` as TextField));
	}

	const count = invoice.lines.length;
	if (count < limits.lines.min) problems.add('lines', `needs at least ${limits.lines.min} line${limits.lines.min === 1 ? '' : 's'}`);
	if (count > limits.lines.max) problems.add('lines', `has ${count} lines; at most ${limits.lines.max} are accepted (split the document)`);

	invoice.lines.forEach((line, i) => {
		const at = (field: string) => `lines.${i}.${field}`;
		checkText(problems, at('description'), line.description, max('lines.*.description'));
		checkText(problems, at('code'), line.code, max('lines.*.code'));
		checkText(problems, at('unit'), line.unit, limits.anyText);
		const money = { decimals: limits.priceDecimals, max: limits.maxAmount, what: 'amount' };
		const quantityProblem = numberProblem(line.quantity, { decimals: limits.quantityDecimals, max: limits.maxQuantity, what: 'quantity' });
		if (quantityProblem) problems.add(at('quantity'), quantityProblem);
		const priceProblem = numberProblem(line.unitPrice, money);
		if (priceProblem) problems.add(at('unitPrice'), priceProblem);
		if (line.discountAmount !== undefined) {
			const discountProblem = numberProblem(line.discountAmount, money);
			if (discountProblem) problems.add(at('discountAmount'), discountProblem);
		}
		if (!quantityProblem && !priceProblem && Dec.isDecimal(line.quantity) && Dec.isDecimal(line.unitPrice)) {
			const gross = Dec.of(line.quantity).mul(line.unitPrice);
			if (gross.abs().cmp(limits.maxAmount) > 0) {
				problems.add(at('unitPrice'), `quantity × unit price is ${gross.toString()}; the largest line amount accepted is ${limits.maxAmount}`);
			}
		}
	});
	return problems;
}

export interface ZeroValueOptions {
	/** Whether the user explicitly marked line `index` as given away (a free-sample line, where the provider has one). */
	free?: (index: number) => boolean;
	/** Appended to each problem: what the provider offers instead (e.g. that it has no free-sample line). */
	hint: string;
}

/**
 * Lines worth nothing on the document (0 after discount, rounded as the provider rounds): almost always a
 * price left empty or mistyped, and a fiscal document of value 0 is rarely what anyone meant. Each is
 * refused on the field that makes it 0 (the unit price, else the discount), unless `free` marks it; a
 * document of value 0 is refused through its lines.
 */
export function zeroValueLines(invoice: Invoice, rule: LineRule, problems: Problems, options: ZeroValueOptions): Problems {
	invoice.lines.forEach((line, i) => {
		if (options.free?.(i)) return;
		if (![line.quantity, line.unitPrice, line.discountRate ?? 0, line.discountAmount ?? 0].every((v) => Dec.isDecimal(v))) return;
		const amounts = lineAmounts(line, rule);
		if (!amounts.total.isZero() || amounts.gross.isNegative()) return;
		if (!amounts.gross.round(rule.lineDecimals, rule.rounding ?? 'halfUp').isZero()) {
			const field = line.discountAmount !== undefined && !Dec.of(line.discountAmount).isZero() ? 'discountAmount' : 'discountRate';
			problems.add(`lines.${i}.${field}`, `leaves the line worth 0; ${options.hint}`);
		} else {
			problems.add(`lines.${i}.unitPrice`, `is ${Dec.of(line.unitPrice).toString()}, so the line is worth 0 (a price left empty?); ${options.hint}`);
		}
	});
	return problems;
}
