/**
 * El Salvador's DTE rules that can be checked before anything is sent (the [mh] facts of
 * providers/factuconect.md): identifiers, document types, environments, the void windows, and
 * `checkDocument`, which turns what an input mode read (fields, JSON, Shopify) into the typed DTE,
 * reporting every problem on the field the user sees with Factuconect's path next to it.
 * The primitive checks add readable problems to a list so one error can report them all.
 */
import { checkDui, checkNit, checkNrc } from '../../shared/country/elSalvador';
import { Dec } from '../../shared/decimal';
import type { ValidationProblem } from '../../shared/errors';
import { fitInvoice, textProblem } from '../../shared/invoice/fit';
import { z } from 'zod';

import type { Customer, Invoice, InvoiceLine, RelatedDocument } from '../../shared/invoice/model';
import { invoiceLineSchema, invoiceModelSchema, isIsoDate } from '../../shared/invoice/model';
import { Problems, zodProblems } from '../../shared/invoice/problems';
import { department as findDepartment, isMunicipalityOf, lastMunicipality } from '../data/places';
import { isUnitCode } from '../data/units';
import { ACTIVITY_DESCRIPTION_MAX, FACTUCONECT_LIMITS, IVA_RATE } from '../profile';
import { checkAdjustments } from './adjustments';
import type { AdjustmentNames, DteAdjustments } from './adjustments';
import { dteTotals } from './totals';
import { bodyPath, byClientId } from './toBody';
import type { DteDocument } from './toBody';

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
export { checkDui, checkNit, checkNrc, duiCheckDigit } from '../../shared/country/elSalvador';

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

/* ------------------------------------------------------------------------------------------------ */
/* The typed DTE from what an input mode read                                                        */
/* ------------------------------------------------------------------------------------------------ */

/** A stored client's id (Factuconect idCliente): a positive whole number. */
export function checkClientId(value: unknown, path: string, problems: ValidationProblem[]): string | undefined {
	const id = value === undefined || value === null ? '' : String(value).trim();
	if (id === '') {
		problems.push({ path, message: 'is required: choose a client (Client → Get Many lists their ids)' });
		return undefined;
	}
	if (!/^\d+$/.test(id) || Number(id) === 0) {
		problems.push({ path, message: `"${id}" is not a client id (a number from Client → Get Many)` });
		return undefined;
	}
	return id;
}

/** What an input mode read, before any check: the invoice as plain data plus MH's extra fields. */
export interface DteCandidate {
	tipoDte: TipoDte;
	/** Neutral invoice shape (lines, notes, payment, externalReference, customer, related) — unchecked. */
	invoice: Record<string, unknown>;
	condicionOperacion?: unknown;
	activityDescription?: string;
	codigoGeneracion?: unknown;
	/** Document discount / renta withholding as read, and the names the input mode gives them. */
	adjustments?: { raw: Partial<Record<keyof DteAdjustments, unknown>>; names: AdjustmentNames };
}

/** How the input mode names fields for the user. */
export interface Naming {
	/** The field the user sees for a neutral path (Fields mode: the parameter name), when it differs. */
	label?(path: string): string | undefined;
	/** Words added to "is required" of fields the input mode cannot fill (e.g. "Shopify does not know it"). */
	missing?: Partial<Record<string, string>>;
	/** The stored client (idCliente) is found or saved later (Shopify buyers): not required here. */
	clientLater?: boolean;
}

/** Adds problems at a neutral path, labelled for the user and with Factuconect's path next to it. */
class Sink {
	constructor(
		readonly problems: Problems,
		private readonly tipoDte: TipoDte,
		private readonly naming: Naming,
	) {}

	/** Fields whose value had the wrong type: that is their problem, not what the rules read from it. */
	readonly wrongType = new Set<string>();

	add(path: string, message: string): void {
		if (this.wrongType.has(path)) return;
		const label = this.naming.label?.(path);
		const providerPath = bodyPath(this.tipoDte, path);
		this.problems.add(path, message, { ...(label && label !== path ? { label } : {}), ...(providerPath ? { providerPath } : {}) });
	}

	/** Runs a primitive check (which pushes `{path, message}`) and files its problems under `path`. */
	check<T>(path: string, run: (list: ValidationProblem[]) => T): T {
		const list: ValidationProblem[] = [];
		const value = run(list);
		for (const p of list) this.add(path, p.message);
		return value;
	}

	required(path: string, what: string): void {
		const extra = this.naming.missing?.[path];
		this.add(path, extra ? `is required${what ? ` ${what}` : ''} (${extra})`.replace(') (', '; ') : `is required${what ? ` ${what}` : ''}`);
	}
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());
const record = (value: unknown): Record<string, unknown> =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The inline receiver of a CCF (03) or Sujeto Excluido (14), with MH's rules. */
function inlineCustomer(sink: Sink, tipoDte: TipoDte, raw: Record<string, unknown>): Customer {
	const customer: Partial<Customer> = {};
	const name = text(raw.name);
	if (name === '') sink.required('customer.name', '');
	customer.name = name;
	if (tipoDte === '03') {
		customer.idType = '36';
		if (text(raw.idNumber) === '') sink.required('customer.idNumber', 'for a CCF');
		else customer.idNumber = sink.check('customer.idNumber', (l) => checkNit(raw.idNumber, '', l));
		if (text(raw.nrc) === '') sink.required('customer.nrc', 'for a CCF');
		else customer.nrc = sink.check('customer.nrc', (l) => checkNrc(raw.nrc, '', l));
		if (text(raw.economicActivity) === '') sink.required('customer.economicActivity', "for a CCF (the receiver's economic activity)");
		else customer.economicActivity = sink.check('customer.economicActivity', (l) => checkActivityCode(raw.economicActivity, '', l));
	} else {
		const idType = text(raw.idType) || '13';
		if (!(idType in ID_TYPES)) sink.add('customer.idType', `"${idType}" is not an MH document type (36 NIT, 13 DUI, 37, 03, 02)`);
		customer.idType = idType;
		if (text(raw.idNumber) === '') sink.required('customer.idNumber', '');
		else customer.idNumber = sink.check('customer.idNumber', (l) => checkIdNumber(idType, raw.idNumber, '', l));
		if (text(raw.economicActivity)) {
			customer.economicActivity = sink.check('customer.economicActivity', (l) => checkActivityCode(raw.economicActivity, '', l));
		}
	}
	const department = text(raw.department);
	const municipality = text(raw.municipality);
	const place = department ? findDepartment(department) : undefined;
	if (department && !place) sink.add('customer.department', `"${department}" is not an MH department code (CAT-012: 01–14)`);
	if (municipality && !department) sink.add('customer.municipality', 'needs the department too');
	if (municipality && place && !isMunicipalityOf(department, municipality)) {
		sink.add('customer.municipality', `"${municipality}" is not a municipality of ${place.name} (CAT-013: 01–${String(lastMunicipality(place)).padStart(2, '0')})`);
	} else if (municipality && !place && !/^\d{2}$/.test(municipality)) {
		sink.add('customer.municipality', `"${municipality}" is not an MH municipality code (two digits)`);
	}
	if (department) customer.department = department;
	if (municipality) customer.municipality = municipality;
	for (const key of ['address', 'tradeName'] as const) if (text(raw[key])) customer[key] = text(raw[key]);
	if (text(raw.phone)) {
		sink.check('customer.phone', (l) => checkPhone(text(raw.phone), '', l));
		customer.phone = text(raw.phone);
	}
	if (text(raw.email)) {
		sink.check('customer.email', (l) => checkEmail(text(raw.email), '', l));
		customer.email = text(raw.email);
	}
	return customer as Customer;
}

/** The receiver: a stored client (01 optional, 05/06 required) or inline data (03, 14). */
function customerOf(sink: Sink, tipoDte: TipoDte, raw: Record<string, unknown>, naming: Naming): Customer | Invoice['customer'] {
	if (!byClientId(tipoDte)) return inlineCustomer(sink, tipoDte, raw);
	const hasClient = raw.providerId !== undefined;
	if (hasClient || (tipoDte !== '01' && !naming.clientLater)) {
		const id = sink.check('customer.providerId', (l) => checkClientId(raw.providerId, '', l));
		return { name: text(raw.name) || `Factuconect client ${id ?? ''}`.trim(), ...(id ? { providerId: id } : {}) };
	}
	// A final consumer (Factura), or a buyer whose stored client is found or saved when it is sent.
	const customer: Record<string, unknown> = { name: text(raw.name) || 'Consumidor final' };
	for (const key of ['idType', 'idNumber', 'nrc', 'email', 'phone', 'address'] as const) if (text(raw[key])) customer[key] = text(raw[key]);
	return customer as Invoice['customer'];
}

/** The document a note corrects (05, 06): type 03 or 01, its codigoGeneracion and emission date. */
function relatedOf(sink: Sink, raw: Record<string, unknown>): RelatedDocument | undefined {
	const documentType = text(raw.documentType) || '03';
	if (documentType !== '03' && documentType !== '01') {
		sink.add('related.documentType', `"${documentType}" is not a document a note can reference (03 CCF or 01 Factura)`);
	}
	const authorityId = sink.check('related.authorityId', (l) => checkCodigoGeneracion(raw.authorityId, '', l));
	const issueDate = text(raw.issueDate);
	let dateOk = isIsoDate(issueDate);
	if (!dateOk) {
		sink.add('related.issueDate', issueDate ? `"${issueDate}" is not a date (YYYY-MM-DD)` : "is required (the referenced document's fecEmi, YYYY-MM-DD)");
	} else if (issueDate > svDateTime(Date.now()).fecha) {
		// A note corrects a document already issued: its emission date cannot be after today in El Salvador.
		sink.add('related.issueDate', `${issueDate} is in the future (today is ${svDateTime(Date.now()).fecha} in El Salvador): use the emission date (fecEmi) of the document the note corrects`);
		dateOk = false;
	}
	return authorityId && dateOk ? { documentType, authorityId, issueDate } : undefined;
}

/** MH's item rules beyond the neutral schema and the limits, on every line the schema accepts. */
function checkLines(sink: Sink, tipoDte: TipoDte, raw: unknown): void {
	const rate = tipoDte === '14' ? 0 : IVA_RATE;
	(Array.isArray(raw) ? raw : []).forEach((entry, index) => {
		const parsed = invoiceLineSchema.safeParse(entry);
		if (!parsed.success) return;
		const line = parsed.data;
		const at = (field: string) => `lines.${index}.${field}`;
		// An exempt line carries no IVA whatever rate it names.
		if (!line.taxExcluded && !Dec.of(line.taxRate).eq(rate)) {
			sink.add(at('taxRate'), tipoDte === '14' ? 'must be 0: a Sujeto Excluido has no IVA' : `must be ${IVA_RATE}: MH items are taxed at 13 % or exempt (taxExcluded)`);
		}
		if (tipoDte === '14' && line.taxExcluded) sink.add(at('taxExcluded'), 'does not apply: a Sujeto Excluido has no IVA');
		if (line.discountAmount !== undefined && Dec.of(line.discountAmount).cmp(Dec.of(line.quantity).mul(line.unitPrice)) > 0) {
			sink.add(at('discountAmount'), 'must not be more than quantity × unit price');
		}
		if (line.unit !== undefined && !isUnitCode(line.unit)) sink.add(at('unit'), `"${line.unit}" is not an MH unit of measure (CAT-014, e.g. 59 unidad, 34 kilogramo, 99 otra)`);
	});
}

/** Text fields of the neutral invoice a rule reads as text (`lines.*` for each line). */
const TEXT_FIELDS = ['notes', 'externalReference', 'customer.*', 'related.*', 'lines.*.description', 'lines.*.code', 'lines.*.unit'];

/**
 * An object or an array where text is expected (an expression that gave `{…}` or `[…]`) would be sent as
 * "[object Object]" or "Alan,Turing": refused on its field, and the field's other rules are not run on it.
 */
function notTextProblems(sink: Sink, raw: Record<string, unknown>, activityDescription: unknown): void {
	const report = (path: string, value: unknown) => {
		if (value === null || typeof value !== 'object') return;
		sink.add(path, `must be text, got ${Array.isArray(value) ? 'a list' : 'an object'} (${JSON.stringify(value)?.slice(0, 60) ?? ''}); map a single value`);
		sink.wrongType.add(path);
	};
	for (const field of TEXT_FIELDS) {
		const [head, ...rest] = field.split('.');
		if (rest.length === 0) report(head, raw[head]);
		else if (head === 'lines') (Array.isArray(raw.lines) ? raw.lines : []).forEach((line, i) => report(`lines.${i}.${rest[1]}`, record(line)[rest[1]]));
		else for (const [key, value] of Object.entries(record(raw[head]))) if (key !== 'providerId' || typeof value === 'object') report(`${head}.${key}`, value);
	}
	report('activityDescription', activityDescription);
	if (typeof activityDescription === 'string') {
		const problem = textProblem(activityDescription, ACTIVITY_DESCRIPTION_MAX);
		if (problem) sink.add('activityDescription', problem);
	}
}

/** The neutral kind of each DTE type (a Sujeto Excluido documents a purchase, like a support document). */
const KINDS: Partial<Record<TipoDte, Invoice['kind']>> = { '05': 'creditNote', '06': 'debitNote', '14': 'supportDocument' };

/** The neutral schema without the receiver and the related document, which MH's rules above check. */
const linesAndTerms = invoiceModelSchema.omit({ customer: true, related: true });

/**
 * Checks what an input mode read — the neutral schema, the limits (`fitInvoice` with
 * FACTUCONECT_LIMITS) and MH's rules — adding every problem to `problems`; returns the typed DTE
 * when there is none.
 */
export function checkDocument(candidate: DteCandidate, problems: Problems, naming: Naming = {}): DteDocument | undefined {
	const { tipoDte } = candidate;
	const sink = new Sink(problems, tipoDte, naming);
	const raw = candidate.invoice;
	notTextProblems(sink, raw, candidate.activityDescription);
	const parsed = linesAndTerms.safeParse(raw);
	if (!parsed.success) for (const p of zodProblems(parsed.error)) sink.add(p.path, p.message);
	const customer = customerOf(sink, tipoDte, record(raw.customer), naming);
	const related = tipoDte === '05' || tipoDte === '06' ? relatedOf(sink, record(raw.related)) : undefined;

	// The limits read whatever is there, also when the schema found problems (all problems at once).
	const fittable = { ...raw, customer, lines: Array.isArray(raw.lines) ? raw.lines.map(record) : [] } as unknown as Invoice;
	const fitted = fitInvoice(fittable, FACTUCONECT_LIMITS, new Problems());
	// An empty or missing line list is the schema's problem already.
	for (const p of fitted.list) if (parsed.success || p.path !== 'lines' || !/^needs at least/.test(p.message)) sink.add(p.path, p.message);
	checkLines(sink, tipoDte, raw.lines);

	const condition = text(candidate.condicionOperacion) || (record(raw.payment).form === 'credit' ? '2' : '1');
	if (condition !== '1' && condition !== '2' && condition !== '3') sink.add('condicionOperacion', 'must be 1 (cash), 2 (credit) or 3 (other)');
	let codigoGeneracion: string | undefined;
	if (text(candidate.codigoGeneracion)) {
		codigoGeneracion = sink.check('codigoGeneracion', (l) => checkCodigoGeneracion(candidate.codigoGeneracion, '', l, { newDocument: true }));
	}
	const adjustments = candidate.adjustments ? checkAdjustments(tipoDte, candidate.adjustments.raw, problems, candidate.adjustments.names) : {};
	if (problems.hasAny() || !parsed.success) return undefined;
	if (adjustments.discountAmount !== undefined) {
		const taxed = dteTotals(tipoDte, parsed.data.lines).totalGravada;
		if (taxed.cmp(adjustments.discountAmount) < 0) {
			problems.add(candidate.adjustments!.names.discountAmount, `${adjustments.discountAmount} is more than the taxed sales (${taxed.toFixed(2)})`, { providerPath: 'descuGravada' });
			return undefined;
		}
	}
	return {
		tipoDte,
		...(Object.keys(adjustments).length ? { adjustments } : {}),
		invoice: {
			...parsed.data,
			kind: KINDS[tipoDte] ?? 'invoice',
			customer,
			...(related ? { related } : {}),
			payment: { form: condition === '2' ? 'credit' : 'cash' },
		},
		condicionOperacion: condition as DteDocument['condicionOperacion'],
		...(candidate.activityDescription ? { activityDescription: candidate.activityDescription } : {}),
		...(codigoGeneracion ? { codigoGeneracion } : {}),
	};
}

/** The lines alone (Preview Totals): the neutral schema, the limits and MH's item rules. */
export function checkLinesOnly(tipoDte: TipoDte, lines: unknown, problems: Problems): InvoiceLine[] | undefined {
	const sink = new Sink(problems, tipoDte, {});
	const parsed = z.array(invoiceLineSchema).min(1, 'needs at least one line').safeParse(lines);
	if (!parsed.success) for (const p of zodProblems(parsed.error, 'lines')) sink.add(p.path, p.message);
	const fittable = { customer: { name: '-' }, lines: Array.isArray(lines) ? lines.map(record) : [] } as unknown as Invoice;
	for (const p of fitInvoice(fittable, FACTUCONECT_LIMITS, new Problems()).list) {
		if (parsed.success || p.path !== 'lines' || !/^needs at least/.test(p.message)) sink.add(p.path, p.message);
	}
	checkLines(sink, tipoDte, lines);
	return parsed.success && !problems.hasAny() ? parsed.data : undefined;
}
