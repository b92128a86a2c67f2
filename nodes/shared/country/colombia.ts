/**
 * Colombia's rules, written once: the NIT check digit, Colombian dates, and reading a NIT or cédula from
 * free text (for the Shopify mapper and any other source).
 *
 * The DIAN check digit (dígito de verificación, DV) of a Colombian NIT: a weighted sum of the digits
 * (weights 3, 7, 13, … from the rightmost digit) modulo 11; remainders 0 and 1 are the DV themselves,
 * otherwise DV = 11 − remainder. A wrong DV makes DIAN reject the document, so the node checks it
 * before sending.
 */
import type { Identified, IdentifyOptions, ParsedTaxId, TaxIdRules } from './taxId';

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

/* ------------------------------------------------------------------------------------------------ */
/* Tax IDs in free text (NIT, cédula)                                                                */
/* ------------------------------------------------------------------------------------------------ */

/** "NIT 900.123.456-7", "900123456-7", "C.C. 1.020.304.050". */
function parseColombianId(raw: string): ParsedTaxId | undefined {
	const match = /(\d[\d.\s]{3,}\d)(?:\s*-\s*(\d))?(?!\d)/.exec(raw);
	if (!match) return undefined;
	return { digits: match[1].replace(/\D/g, ''), dv: match[2], rest: raw.replace(match[0], '') };
}

/** A number with a check digit, or 9 digits starting with 8 or 9 (companies' NIT range), is a NIT; else a cédula. */
function identifyColombianId(parsed: ParsedTaxId, options: IdentifyOptions): Identified {
	const problems: Identified['problems'] = [];
	const warnings: string[] = [];
	const looksLikeNit = parsed.dv !== undefined || (parsed.digits.length === 9 && /^[89]/.test(parsed.digits));
	const idType = options.idType ?? (looksLikeNit ? options.codes.taxId : options.codes.personalId);
	let dv: string | undefined;
	if (idType === options.codes.taxId) {
		const expected = nitCheckDigit(parsed.digits) ?? '';
		if (parsed.dv === undefined) {
			dv = expected;
			warnings.push(`NIT ${parsed.digits} came without its check digit; DV ${expected} was computed.`);
		} else {
			dv = parsed.dv;
			if (parsed.dv !== expected) {
				problems.push({ path: 'customer.dv', message: `check digit ${parsed.dv} does not match NIT ${parsed.digits} (DIAN's algorithm gives ${expected})` });
			}
		}
	}
	if (parsed.digits.length < 5 || parsed.digits.length > 15) {
		problems.push({ path: 'customer.idNumber', message: `"${parsed.digits}" is not a Colombian NIT or cédula (5 to 15 digits)` });
	}
	return { idType, idNumber: parsed.digits, ...(dv !== undefined ? { dv } : {}), problems, warnings };
}

/** Colombia's tax-ID rules for free-text sources (see `TaxIdRules`). */
export const COLOMBIA_TAX_IDS: TaxIdRules = {
	country: 'CO',
	words: 'NIT or cédula',
	decideHelp: 'a number with a check digit, or 9 digits starting with 8 or 9, is a NIT; anything else a cédula',
	parse: parseColombianId,
	identify: identifyColombianId,
	// DIAN's "no responsibility" code for a natural person, the usual one for a shop's buyer.
	defaultResponsibilities: ['R-99-PN'],
};
