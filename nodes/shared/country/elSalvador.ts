/**
 * El Salvador's identification rules, written once: the DUI check digit and the NIT, DUI and NRC formats
 * (Ministerio de Hacienda), and reading a NIT or DUI from free text for the Shopify mapper.
 * Each `check*` adds a readable problem to a list (so one error reports them all) and returns the value
 * as MH writes it.
 */
import type { ValidationProblem } from '../errors';

import type { Identified, IdentifyOptions, ParsedTaxId, TaxIdRules } from './taxId';

/** The DUI check digit: weights 9..2 over the first eight digits, (10 − sum mod 10) mod 10. */
export function duiCheckDigit(eightDigits: string): number {
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += Number(eightDigits[i]) * (9 - i);
	return (10 - (sum % 10)) % 10;
}

/** Checks a DUI (`########-#`, the hyphen optional) and returns it as MH writes it, with the hyphen. */
export function checkDui(value: unknown, path: string, problems: ValidationProblem[]): string | undefined {
	const text = typeof value === 'string' ? value.trim() : String(value ?? '');
	const match = /^(\d{8})-?(\d)$/.exec(text);
	if (!match) {
		problems.push({ path, message: `"${text}" is not a DUI (8 digits, a hyphen and a check digit: 00016297-5)` });
		return undefined;
	}
	if (duiCheckDigit(match[1]) !== Number(match[2])) {
		problems.push({ path, message: `"${text}" is not a valid DUI: its check digit does not match` });
		return undefined;
	}
	return `${match[1]}-${match[2]}`;
}

/**
 * Checks a NIT: 14 digits, or 9 for a person whose DUI is their NIT (then the DUI check digit must
 * match). Hyphens are allowed on input; MH wants digits only, which is what is returned.
 */
export function checkNit(value: unknown, path: string, problems: ValidationProblem[]): string | undefined {
	const text = typeof value === 'string' ? value.trim() : String(value ?? '');
	const digits = text.replace(/[-\s]/g, '');
	if (!/^\d+$/.test(digits)) {
		problems.push({ path, message: `"${text}" is not a NIT: only digits (and hyphens) are allowed` });
		return undefined;
	}
	if (digits.length !== 14 && digits.length !== 9) {
		problems.push({ path, message: `must have 14 digits (or 9 for a DUI used as NIT), got ${digits.length}` });
		return undefined;
	}
	if (digits.length === 9 && duiCheckDigit(digits.slice(0, 8)) !== Number(digits[8])) {
		problems.push({ path, message: `"${text}" has 9 digits but is not a valid DUI: its check digit does not match` });
		return undefined;
	}
	return digits;
}

/** NRC: 2 to 8 digits (a hyphen before the last digit is accepted and removed). */
export function checkNrc(value: unknown, path: string, problems: ValidationProblem[]): string | undefined {
	const text = typeof value === 'string' ? value.trim() : String(value ?? '');
	const digits = text.replace(/-/g, '');
	if (!/^\d{2,8}$/.test(digits)) {
		problems.push({ path, message: `"${text}" is not an NRC (2 to 8 digits)` });
		return undefined;
	}
	return digits;
}

/** Whether NRC digits (hyphen removed) have MH's format: 2 to 8 digits. */
export function isNrc(digits: string): boolean {
	return /^\d{2,8}$/.test(digits);
}

/* ------------------------------------------------------------------------------------------------ */
/* Tax IDs in free text (NIT, DUI)                                                                   */
/* ------------------------------------------------------------------------------------------------ */

/** "0614-290186-102-3", "04567890-1". */
function parseSalvadoranId(raw: string): ParsedTaxId | undefined {
	const match = /\d[\d\s-]{6,}\d/.exec(raw);
	if (!match) return undefined;
	return { digits: match[0].replace(/\D/g, ''), rest: raw.replace(match[0], '') };
}

/** 14 digits are a NIT, 9 a DUI; a DUI is also valid as NIT since 2021, and a document that needs a NIT takes it so. */
function identifySalvadoranId(parsed: ParsedTaxId, options: IdentifyOptions): Identified {
	const problems: ValidationProblem[] = [];
	const { digits } = parsed;
	const isDui = digits.length === 9;
	if (!isDui && digits.length !== 14) {
		problems.push({ path: 'customer.idNumber', message: `"${options.raw}" is not an El Salvador NIT (14 digits) or DUI (9 digits)` });
	}
	if (isDui && duiCheckDigit(digits.slice(0, 8)) !== Number(digits[8])) {
		problems.push({ path: 'customer.idNumber', message: `"${options.raw}" is not a valid DUI: its check digit should be ${duiCheckDigit(digits.slice(0, 8))}` });
	}
	const idType = options.idType ?? (isDui && !options.preferTaxId ? options.codes.personalId : options.codes.taxId);
	const idNumber = isDui && idType === options.codes.personalId ? `${digits.slice(0, 8)}-${digits.slice(8)}` : digits;
	return { idType, idNumber, problems, warnings: [] };
}

/** El Salvador's tax-ID rules for free-text sources (see `TaxIdRules`). */
export const EL_SALVADOR_TAX_IDS: TaxIdRules = {
	country: 'SV',
	words: 'NIT or DUI',
	decideHelp: '14 digits are a NIT, 9 digits a DUI',
	parse: parseSalvadoranId,
	identify: identifySalvadoranId,
	registration: { field: 'nrc', name: 'NRC', isValid: isNrc, format: '2 to 8 digits' },
};
