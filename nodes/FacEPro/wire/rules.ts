/**
 * From what an input mode read (a `Draft`: a neutral invoice that may still be wrong) to a checked
 * FacEPro body, every problem at once, nothing sent. Passes, in order: what the reader found, the
 * Invoice schema (zod), FacEPro's own rules, then the limits every create fits (`fitInvoice` with
 * `FACEPRO_LIMITS`). A field reported by an earlier pass is not reported again by a later one.
 *
 * Each problem carries the Invoice path, the field the user sees and FacEPro's path next to it, all
 * known at the moment it is found (the input mode says how the user names fields).
 */
import type { IdentifiedInvoice } from '../../shared/invoice/model';
import { invoiceSchema, parseWith } from '../../shared/invoice/model';
import { nitCheckDigit } from '../../shared/country/colombia';
import { Dec } from '../../shared/decimal';
import type { ValidationProblem } from '../../shared/errors';
import { fitInvoice, textProblem, zeroValueLines } from '../../shared/invoice/fit';
import type { ProblemOptions } from '../../shared/invoice/problems';
import { Problems } from '../../shared/invoice/problems';
import type { Totals } from '../../shared/invoice/money';
import { documentTotals } from '../../shared/invoice/money';

import type { DocumentKind } from '../profile';
import {
	codes,
	CREDIT_NOTE_REASONS,
	DEBIT_NOTE_REASONS,
	FACEPRO_LIMITS,
	FACEPRO_TOTALS,
	FISCAL_RESPONSIBILITIES,
	ID_TYPES,
	IVA_RATES,
	KIND_WORDS,
	NIT,
	NUMERIC_ID_TYPES,
} from '../profile';

import type { FacEProBody, FacEProLine } from './toBody';
import { invoicePath, providerPath, referenceTag, toBody } from './toBody';

export type InputSource = 'fields' | 'neutral' | 'facepro' | 'shopify';

/** A problem an input mode found while reading; `label` when the field has no Invoice path. */
export interface ReadProblem {
	path: string;
	message: string;
	label?: string;
}

/** What an input mode read. */
export interface Draft {
	source: InputSource;
	/** A neutral invoice (Invoice shape), possibly with wrong values: the passes below judge them. */
	raw: Record<string, unknown>;
	/** The issue time as the user gave it (Issue Time, `factura.hora`). */
	hora?: string;
	problems: ReadProblem[];
	warnings: string[];
	/** How the UI names an Invoice path (fields, the invoice a Shopify credit note corrects). */
	label?: (path: string) => string | undefined;
}

export interface PreparedDocument {
	kind: DocumentKind;
	source: InputSource;
	invoice: IdentifiedInvoice;
	/** The body without the issue date and time the node adds when it sends. */
	body: FacEProBody;
	totals: FacEProTotals;
	externalReference?: string;
	/** Things the user gave that FacEPro has no field for. */
	warnings: string[];
	/** The issue time the user gave, `HH:mm:ss-05:00` (then the node does not choose one). */
	hora?: string;
	/** Names a FacEPro path (of FacEPro's 422 answer) the way the user sees the field. */
	fieldName: (path: string) => string;
}

export type PrepareResult = { ok: true; document: PreparedDocument } | { ok: false; problems: ValidationProblem[] };

export interface PrepareOptions {
	/** Today in Colombia (YYYY-MM-DD): the issue date FacEPro uses when none is given. */
	today: string;
	/** The External Reference to write on the first line (the opt-in): its length is checked too. */
	referenceTag?: string;
}

/* ------------------------------------------------------------------------------------------------ */
/* Problems with both vocabularies                                                                   */
/* ------------------------------------------------------------------------------------------------ */

/** How a problem of `path` is shown for this input: FacEPro's path alone for a FacEPro body; label (FacEPro path) for UI fields. */
function shownAs(draft: Draft, path: string): ProblemOptions {
	if (draft.source === 'facepro') return { label: providerPath(path) ?? path };
	const label = draft.label?.(path);
	if (label === undefined) return {};
	const faceproPath = providerPath(path);
	return faceproPath ? { label, providerPath: faceproPath } : { label };
}

/** The shared collector, one pass after another; a later pass does not report a field an earlier one did. */
class Report {
	readonly problems = new Problems();

	private earlier: string[] = [];

	private current: string[] = [];

	constructor(private readonly draft: Draft) {}

	pass(): this {
		this.earlier.push(...this.current);
		this.current = [];
		return this;
	}

	add(path: string, message: string, label?: string): void {
		const key = providerPath(path) ?? path;
		// '' is the whole document (it could not be read as one): nothing below it is judged.
		if (this.earlier.some((k) => k === '' || k === key || key.startsWith(`${k}.`))) return;
		this.current.push(key);
		this.problems.add(path, message, label !== undefined ? { label } : shownAs(this.draft, path));
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* FacEPro's rules                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const decimal = (value: unknown): Dec | undefined => (Dec.isDecimal(value) ? Dec.of(value as string | number) : undefined);
const list = (values: Array<string | number>) => values.join(', ');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(-05:00)?$/;
const CUFE = /^[0-9a-f]{96}$/i;
const DOCUMENT_NUMBER = /^[A-Za-z0-9]{0,4}\d{1,15}$/;
const UNIT = /^[A-Za-z0-9]{1,3}$/;

function checkIdentity(report: Report, customer: Obj): void {
	const idType = text(customer.idType);
	if (idType !== undefined && !codes(ID_TYPES).includes(idType)) {
		report.add('customer.idType', `must be one of ${list(codes(ID_TYPES))} (DIAN identification types)`);
	}
	const idNumber = text(customer.idNumber);
	if (idNumber !== undefined && idType !== undefined) {
		if (idType === NIT && /^\d+-\d$/.test(idNumber)) {
			report.add('customer.idNumber', `write the NIT without its check digit (${idNumber.split('-')[0]}) and put the check digit in DV`);
		} else if (NUMERIC_ID_TYPES.has(idType) && !/^\d{3,15}$/.test(idNumber)) {
			report.add('customer.idNumber', 'must be 3 to 15 digits for this ID type (no dots, dashes or spaces)');
		} else if (!/^[A-Za-z0-9-]{3,20}$/.test(idNumber)) {
			report.add('customer.idNumber', 'must be 3 to 20 letters, digits or dashes');
		}
	}
	const dv = text(customer.dv);
	if (idType === NIT) {
		if (dv === undefined) report.add('customer.dv', 'is required for a NIT (ID type 31)');
		else if (!/^\d$/.test(dv)) report.add('customer.dv', 'must be one digit (the NIT check digit)');
		else if (idNumber !== undefined && /^\d{3,15}$/.test(idNumber) && nitCheckDigit(idNumber) !== dv) {
			report.add('customer.dv', `does not match the NIT: the check digit of ${idNumber} is ${nitCheckDigit(idNumber)}, not ${dv}`);
		}
	} else if (dv !== undefined && idType !== undefined) {
		report.add('customer.dv', 'is only used with a NIT (ID type 31); leave it empty for this ID type');
	}
}

function checkCustomer(report: Report, customer: unknown): void {
	if (!isObject(customer)) return; // the schema says what is missing
	checkIdentity(report, customer);
	const responsibilities = customer.taxResponsibilities;
	if (Array.isArray(responsibilities)) {
		if (responsibilities.length > 1) {
			report.add('customer.taxResponsibilities', 'FacEPro accepts one fiscal responsibility per customer; keep the one DIAN should see');
		} else if (typeof responsibilities[0] === 'string' && !codes(FISCAL_RESPONSIBILITIES).includes(responsibilities[0])) {
			report.add('customer.taxResponsibilities', `must be one of ${list(codes(FISCAL_RESPONSIBILITIES))}`);
		}
	}
	const email = text(customer.email);
	if (email !== undefined && !EMAIL.test(email)) report.add('customer.email', 'is not a valid e-mail address');
	const municipality = text(customer.municipality);
	const department = text(customer.department);
	if (municipality !== undefined && !/^\d{5}$/.test(municipality)) {
		report.add('customer.municipality', 'must be a 5-digit DANE municipality code (e.g. 05001 for Medellín)');
	}
	if (department !== undefined && !/^\d{2}$/.test(department)) {
		report.add('customer.department', 'must be a 2-digit DANE department code (e.g. 05 for Antioquia)');
	} else if (department !== undefined && municipality !== undefined && /^\d{5}$/.test(municipality) && !municipality.startsWith(department)) {
		report.add('customer.municipality', `is not in department ${department} (DANE municipality codes start with their department code)`);
	}
}

function checkLine(report: Report, line: unknown, index: number): void {
	if (!isObject(line)) return;
	const at = (field: string) => `lines.${index}.${field}`;
	if (line.code === undefined || line.code === null || line.code === '') report.add(at('code'), 'is required');
	const unit = text(line.unit);
	if (unit !== undefined && !UNIT.test(unit)) report.add(at('unit'), 'is not a DIAN unit code (e.g. 94, EA, KGM, HUR)');
	const rate = decimal(line.taxRate);
	if (rate !== undefined && !IVA_RATES.some((r) => rate.eq(r))) {
		report.add(at('taxRate'), `must be ${IVA_RATES.slice(0, -1).join(', ')} or ${IVA_RATES.at(-1)} (the IVA rates FacEPro accepts), got ${rate.toString()}`);
	}
	const percent = decimal(line.discountRate);
	const amount = decimal(line.discountAmount);
	const quantity = decimal(line.quantity);
	const price = decimal(line.unitPrice);
	if (amount !== undefined && !amount.isNegative()) {
		if (percent !== undefined && !percent.isZero() && !amount.isZero()) {
			report.add(at('discountAmount'), 'use either a discount percent or a discount amount on a line, not both');
		} else if (quantity !== undefined && price !== undefined && amount.cmp(quantity.mul(price)) > 0) {
			report.add(at('discountAmount'), `is larger than the line amount (quantity × price = ${quantity.mul(price).toString()})`);
		}
	}
	if (line.pricesIncludeTax === true) report.add(at('pricesIncludeTax'), 'FacEPro takes unit prices without IVA');
	if (line.taxExcluded === true) report.add(at('taxExcluded'), 'FacEPro cannot mark a line as excluded from IVA; use taxRate 0 instead');
	if (Array.isArray(line.withholdings) && line.withholdings.length > 0) {
		report.add(at('withholdings'), "FacEPro's API has no withholdings (retenciones); remove them");
	}
}

function checkLines(report: Report, lines: unknown): void {
	if (!Array.isArray(lines)) return;
	const max = FACEPRO_LIMITS.lines.max;
	if (lines.length > max) report.add('lines', `has ${lines.length} lines; FacEPro accepts at most ${max} per document (split it into several documents)`);
	lines.forEach((line, index) => checkLine(report, line, index));
}

function checkNote(report: Report, raw: Obj, kind: DocumentKind, today: string): void {
	const related = raw.related;
	if (kind === 'invoice') {
		if (related !== undefined) report.add('related', 'is only used by credit and debit notes; use the Credit Note or Debit Note resource');
		return;
	}
	if (!isObject(related)) {
		report.add('related', related === undefined ? 'is required: the invoice this note corrects' : 'must be an object');
		return;
	}
	const number = text(related.number);
	if (number === undefined) report.add('related.number', 'is required');
	else if (!DOCUMENT_NUMBER.test(number)) report.add('related.number', 'is not an invoice number such as SETP990000011 (prefix and consecutive, no spaces)');
	const cufe = text(related.authorityId);
	if (cufe === undefined) report.add('related.authorityId', 'is required');
	else if (!CUFE.test(cufe)) report.add('related.authorityId', `must be the invoice's CUFE: 96 hexadecimal characters (got ${cufe.length} characters)`);
	const date = text(related.issueDate);
	const noteDate = text(raw.issueDate) ?? today;
	if (date === undefined) report.add('related.issueDate', 'is required');
	else if (/^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{4}-\d{2}-\d{2}$/.test(noteDate) && date > noteDate) {
		report.add('related.issueDate', `is after the note's issue date (${noteDate}); a note can only correct an earlier invoice`);
	}
	const reasons = kind === 'creditNote' ? CREDIT_NOTE_REASONS : DEBIT_NOTE_REASONS;
	const reason = text(related.reasonCode);
	if (reason === undefined) report.add('related.reasonCode', 'is required');
	else if (!codes(reasons).includes(reason)) {
		report.add('related.reasonCode', `must be one of ${list(codes(reasons))} for a ${KIND_WORDS[kind]} (${reasons.map((r) => `${r.code} ${r.name}`).join('; ')})`);
	}
	if (text(related.reasonText) === undefined) report.add('related.reasonText', 'is required');
}

const KIND_RESOURCES: Record<string, string> = {
	invoice: 'Invoice',
	creditNote: 'Credit Note',
	debitNote: 'Debit Note',
	supportDocument: 'none (FacEPro issues no support documents)',
};

/** Invoice fields FacEPro's API cannot carry: sending without them would issue a different document. */
function checkCarried(report: Report, raw: Obj, kind: DocumentKind): void {
	if (typeof raw.kind === 'string' && raw.kind !== kind) {
		const article = kind === 'invoice' ? 'an' : 'a';
		report.add('kind', `is "${raw.kind}" but this operation issues ${article} ${KIND_WORDS[kind]}; use the ${KIND_RESOURCES[raw.kind] ?? 'matching'} resource`);
	}
	if (typeof raw.currency === 'string' && raw.currency.toUpperCase() !== 'COP') {
		report.add('currency', 'FacEPro issues documents in Colombian pesos (COP) only');
	}
	if (raw.pricesIncludeTax === true) {
		report.add('pricesIncludeTax', 'FacEPro takes unit prices without IVA; send prices without IVA and set pricesIncludeTax to false');
	}
	if (isObject(raw.payment) && (raw.payment.form === 'credit' || raw.payment.dueDate !== undefined)) {
		report.add('payment', "FacEPro's API has no payment terms, so a credit sale or due date cannot be sent; remove payment");
	}
}

/** FacEPro's rules on a (possibly invalid) neutral invoice, tolerant of values the schema already refused. */
function checkRules(report: Report, draft: Draft, kind: DocumentKind, options: PrepareOptions): void {
	const { raw } = draft;
	checkCarried(report, raw, kind);
	checkCustomer(report, raw.customer);
	checkLines(report, raw.lines);
	if (draft.hora !== undefined && !TIME.test(draft.hora)) {
		report.add('issueTime', `"${draft.hora}" is not a time; use HH:mm:ss in Colombia time (e.g. 14:30:00)`);
	}
	checkNote(report, raw, kind, options.today);
	const lines = Array.isArray(raw.lines) ? raw.lines : [];
	const first = isObject(lines[0]) ? text(lines[0].description) : undefined;
	if (options.referenceTag && first !== undefined) {
		const max = FACEPRO_LIMITS.text['lines.*.description'] ?? FACEPRO_LIMITS.anyText;
		const problem = textProblem(`${first}${referenceTag(options.referenceTag)}`, max);
		if (problem) {
			const tag = referenceTag(options.referenceTag).trim();
			report.add('lines.0.description', `${problem} once the External Reference is written on it ("${tag}"); shorten it or turn off Options → Write External Reference on the Invoice`);
		}
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* FacEPro's arithmetic                                                                              */
/* ------------------------------------------------------------------------------------------------ */

export interface LineBreakdown {
	line: number;
	codigo: string;
	descripcion: string;
	cantidad: number;
	precio: number;
	iva_pct: number;
	/** quantity × price */
	gross: number;
	discount: number;
	/** base gravable: gross − discount */
	taxable: number;
	iva: number;
	total: number;
}

export interface FacEProTotals {
	totals: Totals;
	lines: LineBreakdown[];
}

/** FacEPro's totals: the shared money engine with FacEPro's rule (profile.ts), with FacEPro's per-line breakdown. */
export function faceproTotals(lines: FacEProLine[]): FacEProTotals {
	const computed = documentTotals(
		lines.map((line) => ({
			quantity: line.cantidad,
			unitPrice: line.precio,
			taxRate: line.iva_pct,
			discountRate: line.descuento_pct,
			discountAmount: line.descuento_valor,
		})),
		FACEPRO_TOTALS,
	);
	const { subtotal, discount, tax, total, taxByRate } = computed;
	const n = (value: Dec) => value.toNumber();
	return {
		totals: { subtotal, discount, tax, total, taxByRate },
		lines: lines.map((line, index) => {
			const amounts = computed.lines[index];
			return {
				line: index + 1,
				codigo: line.codigo,
				descripcion: line.descripcion,
				cantidad: line.cantidad,
				precio: line.precio,
				iva_pct: line.iva_pct,
				gross: n(amounts.gross.round(2)),
				discount: n(amounts.discount),
				taxable: n(amounts.taxable),
				iva: n(amounts.tax),
				total: n(amounts.total),
			};
		}),
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* The passes                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

const TOP = ['', '*', 'factura', 'adquiriente', 'lineas', 'factura_referencia', 'motivo'];
const SECOND: Record<string, string[]> = {
	factura: ['fecha', 'hora'],
	adquiriente: ['tipo_persona', 'tipo_documento', 'numero_documento', 'dv', 'razon_social', 'responsabilidad_fiscal', 'email', 'direccion', 'codigo_municipio', 'codigo_departamento'],
	factura_referencia: ['numero', 'cufe', 'fecha'],
	motivo: ['codigo', 'descripcion'],
};
const LINE = ['codigo', 'descripcion', 'cantidad', 'unidad', 'precio', 'iva_pct', 'descuento_pct', 'descuento_valor'];

/** Where a FacEPro path stands in FacEPro's body (unknown keys before the known ones of their level). */
function rank(path: string): number[] {
	if (path === '') return [0];
	const [top, second, third] = path.split('.');
	const known = TOP.indexOf(top);
	const out = [known === -1 ? 1 : known];
	if (second === undefined) return out;
	if (top === 'lineas') {
		out.push(/^\d+$/.test(second) ? 1 + Number(second) : 0);
		if (third !== undefined) out.push(1 + LINE.indexOf(third));
		return out;
	}
	out.push(1 + (SECOND[top] ?? []).indexOf(second));
	return out;
}

function byBodyOrder(a: ValidationProblem, b: ValidationProblem): number {
	const [x, y] = [rank(a.path), rank(b.path)];
	for (let i = 0; i < Math.max(x.length, y.length); i++) {
		const d = (x[i] ?? -1) - (y[i] ?? -1);
		if (d !== 0) return d;
	}
	return 0;
}

/**
 * A line worth 0 is refused: FacEPro's API has no free-sample line (no "muestra gratis" / commercial-sample
 * price field, facepro.md), so there is no way to mark one as given away on purpose.
 */
export const FREE_LINE_HINT = "FacEPro has no free-sample line, so every line needs a price: enter it, or leave the line out";

/** Every check of a draft; the FacEPro body (without the node's issue time) or every problem. */
export function prepareDraft(draft: Draft, kind: DocumentKind, options: PrepareOptions): PrepareResult {
	const report = new Report(draft);
	for (const problem of draft.problems) report.add(problem.path, problem.message, problem.label);
	report.pass();
	const parsed = parseWith(invoiceSchema, { ...draft.raw, kind: draft.raw.kind ?? kind });
	if (!parsed.ok) for (const problem of parsed.problems) report.add(problem.path, problem.message);
	report.pass();
	checkRules(report, draft, kind, options);
	report.pass();
	if (parsed.ok) {
		const fit = fitInvoice(parsed.value, FACEPRO_LIMITS, new Problems());
		zeroValueLines(parsed.value, FACEPRO_TOTALS, fit, { hint: FREE_LINE_HINT });
		for (const problem of fit.list) report.add(problem.path, problem.message);
	}
	if (report.problems.hasAny() || !parsed.ok) {
		const problems = report.problems.forUser();
		return { ok: false, problems: draft.source === 'facepro' ? [...problems].sort(byBodyOrder) : problems };
	}
	const invoice = parsed.value;
	const hora = draft.hora === undefined ? undefined : draft.hora.length === 8 ? `${draft.hora}-05:00` : draft.hora;
	const body = toBody(invoice, { hora, ...(options.referenceTag ? { referenceTag: options.referenceTag } : {}) });
	return {
		ok: true,
		document: {
			kind,
			source: draft.source,
			invoice,
			body,
			totals: faceproTotals(body.lineas),
			externalReference: invoice.externalReference,
			warnings: draft.warnings,
			hora,
			fieldName: (path) => fieldName(draft, path),
		},
	};
}

/** A FacEPro path as the user sees the field, as problems show it (`ID Number (adquiriente.numero_documento)`). */
function fieldName(draft: Draft, faceproPath: string): string {
	const path = invoicePath(faceproPath);
	if (draft.source === 'facepro' || path === undefined) return faceproPath;
	const problems = new Problems().add(path, '-', shownAs(draft, path));
	return problems.forUser()[0].path;
}
