/**
 * Colombia-specific helpers shared by the Colombian providers (Factus, FacEPro) and the Shopify mapper.
 *
 * The DIAN check digit (dígito de verificación, DV) of a Colombian NIT: a weighted sum of the digits
 * (weights 3, 7, 13, … from the rightmost digit) modulo 11; remainders 0 and 1 are the DV themselves,
 * otherwise DV = 11 − remainder. A wrong DV makes DIAN reject the document, so the node checks it
 * before sending.
 */

const WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/** DV of a NIT written as digits (no DV, no dots or dashes); undefined when it is not 1..15 digits. */
export function nitCheckDigit(nit: string): string | undefined {
	if (!/^\d{1,15}$/.test(nit)) return undefined;
	let sum = 0;
	for (let i = 0; i < nit.length; i++) {
		sum += Number(nit[nit.length - 1 - i]) * WEIGHTS[i];
	}
	const remainder = sum % 11;
	return String(remainder > 1 ? 11 - remainder : remainder);
}

const BOGOTA_OFFSET_MS = 5 * 3600 * 1000;

/** The calendar date in Colombia (UTC−5 all year, no daylight saving) at an instant. */
export function colombiaDate(epochMs: number = Date.now()): string {
	return new Date(epochMs - BOGOTA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A date parameter as YYYY-MM-DD: dateTime fields arrive as "2026-05-10T00:00:00" from the editor, and as
 * Date or Luxon objects (read as Colombian dates) or text from expressions. Unreadable text is returned
 * as it is, so the validation that follows reports it with its field.
 */
export function dateParameter(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(value.trim()) ? value.trim().slice(0, 10) : value.trim();
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : colombiaDate(value.getTime());
	const luxon = value as { toISODate?: () => string | null };
	if (typeof luxon.toISODate === 'function') return luxon.toISODate() ?? undefined;
	return String(value);
}
