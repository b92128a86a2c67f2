/**
 * El Salvador's DTE rules that can be checked before anything is sent (the [mh] facts of
 * providers/factuconect.md): identifiers, document types, environments, and the void windows.
 * Pure functions: each check adds readable problems to a list so one error can report them all.
 */
import { checkDui, checkNit } from '../shared/country/elSalvador';
import type { ValidationProblem } from '../shared/errors';

export type TipoDte = '01' | '03' | '05' | '06' | '11' | '14';

export interface DteType {
	/** MH's name, as Salvadoran users know it. */
	name: string;
	/** English name used in messages. */
	english: string;
	/** `summary.kind`. */
	kind: string;
	/** How long after the reception stamp MH accepts an invalidation. */
	voidWindow: { months: number } | { hours: number };
}

/** Document types this package knows (creates 01, 03, 05, 06, 14; voids those and 11). */
export const DTE_TYPES: Record<TipoDte, DteType> = {
	'01': { name: 'Factura', english: 'Factura', kind: 'invoice', voidWindow: { months: 3 } },
	'03': { name: 'Comprobante de Crédito Fiscal', english: 'CCF', kind: 'ccf', voidWindow: { hours: 24 } },
	'05': { name: 'Nota de Crédito', english: 'Credit Note', kind: 'creditNote', voidWindow: { hours: 24 } },
	'06': { name: 'Nota de Débito', english: 'Debit Note', kind: 'debitNote', voidWindow: { hours: 24 } },
	'11': { name: 'Factura de Exportación', english: 'Export Invoice', kind: 'exportInvoice', voidWindow: { months: 3 } },
	'14': { name: 'Factura de Sujeto Excluido', english: 'Sujeto Excluido', kind: 'excludedSubject', voidWindow: { months: 3 } },
};

export const CREATABLE_TYPES: TipoDte[] = ['01', '03', '05', '06', '14'];
export const VOIDABLE_TYPES: TipoDte[] = ['01', '03', '05', '06', '11', '14'];

export function isTipoDte(value: unknown, allowed: readonly TipoDte[] = CREATABLE_TYPES): value is TipoDte {
	return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

export const AMBIENTES = ['00', '01'] as const;

/** Adds a problem when `ambiente` is not MH's "00" (test) or "01" (production). */
export function checkAmbiente(value: unknown, path: string, problems: ValidationProblem[]): void {
	if (value === '00' || value === '01') return;
	problems.push({
		path,
		message: `must be "00" (test) or "01" (production), got "${String(value ?? '')}"`,
	});
}

/* ------------------------------------------------------------------------------------------------ */
/* codigoGeneracion and numeroControl                                                                */
/* ------------------------------------------------------------------------------------------------ */

/** MH's pattern: an uppercase UUID, 36 characters. */
const CODIGO = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
/** A version-4 UUID, what an issuer's system generates. */
const CODIGO_V4 = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;

export const CODIGO_EXAMPLE = '0F1E2D3C-4B5A-4968-8776-655443322110';

/**
 * Checks a codigoGeneracion. Codes of existing documents only need MH's pattern (Factuconect may not
 * use version-4 UUIDs); a code this package proposes for a new document must also be version 4.
 */
export function checkCodigoGeneracion(
	value: unknown,
	path: string,
	problems: ValidationProblem[],
	options: { required?: boolean; newDocument?: boolean } = {},
): string | undefined {
	const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
	if (text === '') {
		if (options.required ?? true) problems.push({ path, message: 'is required (the DTE\'s codigoGeneracion, e.g. ' + CODIGO_EXAMPLE + ')' });
		return undefined;
	}
	if (!CODIGO.test(text)) {
		if (CODIGO.test(text.toUpperCase())) {
			problems.push({ path, message: `must be in UPPERCASE, as MH requires: ${text.toUpperCase()}` });
		} else {
			problems.push({
				path,
				message: `"${text}" is not a codigoGeneracion (36 characters: an uppercase UUID such as ${CODIGO_EXAMPLE})`,
			});
		}
		return undefined;
	}
	if (options.newDocument && !CODIGO_V4.test(text)) {
		problems.push({ path, message: `must be a version-4 UUID (its 15th character is "4"), e.g. ${CODIGO_EXAMPLE}` });
		return undefined;
	}
	return text;
}

const NUMERO_CONTROL = /^DTE-(\d{2})-([A-Z0-9]{8})-(\d{15})$/;

/** Checks `DTE-{tipoDte}-{8 alphanumerics}-{15 digits}` and returns the tipoDte it carries. */
export function checkNumeroControl(value: unknown, path: string, problems: ValidationProblem[]): string | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	const match = NUMERO_CONTROL.exec(text);
	if (!match) {
		problems.push({
			path,
			message: `"${String(value ?? '')}" is not a numeroControl (DTE-{type}-{8 letters/digits}-{15 digits}, e.g. DTE-01-M001P001-000000000000001)`,
		});
		return undefined;
	}
	return match[1];
}

/* ------------------------------------------------------------------------------------------------ */
/* Identification numbers                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/** MH's receiver ID types (CAT-022). */
export const ID_TYPES: Record<string, string> = {
	'36': 'NIT',
	'13': 'DUI',
	'37': 'Other',
	'03': 'Passport',
	'02': 'Residence Card',
};

/** DUI, NIT and NRC formats are El Salvador's, written once in nodes/shared/country/elSalvador.ts. */
export { checkDui, checkNit, checkNrc, duiCheckDigit } from '../shared/country/elSalvador';

/** A document number for a receiver ID type: NIT and DUI rules, other documents 1–20 characters. */
export function checkIdNumber(
	idType: string,
	value: unknown,
	path: string,
	problems: ValidationProblem[],
): string | undefined {
	if (idType === '36') return checkNit(value, path, problems);
	if (idType === '13') return checkDui(value, path, problems);
	const text = typeof value === 'string' ? value.trim() : String(value ?? '');
	if (text.length < 1 || text.length > 20) {
		problems.push({ path, message: 'must have 1 to 20 characters' });
		return undefined;
	}
	return text;
}

/** MH economic activity code (CAT-019): 2 to 6 digits. */
export function checkActivityCode(value: unknown, path: string, problems: ValidationProblem[]): string | undefined {
	const text = typeof value === 'string' ? value.trim() : String(value ?? '');
	if (!/^\d{2,6}$/.test(text)) {
		problems.push({ path, message: `"${text}" is not an economic activity code (2 to 6 digits, e.g. 47190)` });
		return undefined;
	}
	return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(value: string, path: string, problems: ValidationProblem[]): void {
	if (!EMAIL.test(value.trim())) problems.push({ path, message: `"${value}" is not a valid e-mail address` });
}

export function checkPhone(value: string, path: string, problems: ValidationProblem[]): void {
	const text = value.trim();
	if (!/^[+\d][\d\s()-]{7,29}$/.test(text)) {
		problems.push({ path, message: `"${value}" is not a phone number (8 to 30 digits, spaces, hyphens)` });
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* El Salvador time and the void windows                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** El Salvador is UTC−6 all year (no daylight saving time). */
const SV_OFFSET_MS = 6 * 3600 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as El Salvador's calendar fields. */
function svFields(ms: number) {
	const d = new Date(ms - SV_OFFSET_MS);
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		second: d.getUTCSeconds(),
	};
}

function fromSvFields(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
	return Date.UTC(y, mo - 1, d, h, mi, s) + SV_OFFSET_MS;
}

/** `dd/MM/yyyy HH:mm:ss` in El Salvador time, how MH writes `fhProcesamiento`. */
export function formatMhStamp(ms: number): string {
	const f = svFields(ms);
	return `${pad(f.day)}/${pad(f.month)}/${f.year} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
}

/** `{fecha: YYYY-MM-DD, hora: HH:mm:ss}` in El Salvador time. */
export function svDateTime(ms: number): { fecha: string; hora: string } {
	const f = svFields(ms);
	return {
		fecha: `${f.year}-${pad(f.month)}-${pad(f.day)}`,
		hora: `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`,
	};
}

/**
 * Reads a reception stamp: MH's `dd/MM/yyyy HH:mm:ss` (El Salvador time), or ISO 8601 — with a zone,
 * or without one (then El Salvador time). Returns epoch milliseconds, or undefined when unreadable.
 */
export function parseReceptionStamp(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	let m = /^(\d{2})\/(\d{2})\/(\d{4})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
	if (m) return validFields(+m[3], +m[2], +m[1], +m[4], +m[5], +(m[6] ?? 0));
	m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text);
	if (m) return validFields(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0));
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
		const ms = Date.parse(text);
		return Number.isNaN(ms) ? undefined : ms;
	}
	return undefined;
}

function validFields(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
	const ms = fromSvFields(y, mo, d, h, mi, s);
	const back = svFields(ms);
	if (back.year !== y || back.month !== mo || back.day !== d || h > 23 || mi > 59 || s > 59) return undefined;
	return ms;
}

/** The last instant MH accepts an invalidation of a document received at `receivedMs`. */
export function voidDeadline(tipoDte: TipoDte, receivedMs: number): number {
	const window = DTE_TYPES[tipoDte].voidWindow;
	if ('hours' in window) return receivedMs + window.hours * 3600 * 1000;
	const f = svFields(receivedMs);
	const monthIndex = f.month - 1 + window.months;
	const year = f.year + Math.floor(monthIndex / 12);
	const month = (monthIndex % 12) + 1;
	// 30 November + 3 months is the end of February, not 2 March.
	const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return fromSvFields(year, month, Math.min(f.day, lastDay), f.hour, f.minute, f.second);
}

export function describeWindow(tipoDte: TipoDte): string {
	const window = DTE_TYPES[tipoDte].voidWindow;
	return 'hours' in window ? `${window.hours / 24} day` : `${window.months} months`;
}
