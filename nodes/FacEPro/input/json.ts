/**
 * Input Mode → JSON: a FacEPro body exactly as FacEPro documents it (`adquiriente`, `lineas`, `factura`,
 * `factura_referencia`, `motivo`), or this package's neutral invoice (`customer`, `lines`, …). Either
 * becomes a neutral invoice (a `Draft`) that goes through the same checks as the fields; a FacEPro
 * body's problems are named with FacEPro's paths.
 *
 * Reading a FacEPro body is tolerant about types (numeric strings, codes typed as numbers) and says what
 * is structurally wrong (unknown or misspelled keys, a list where an object belongs, a missing required
 * value) before the shared checks judge the values.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { forbiddenKeys } from '../../shared/invoice/fit';
import { customerSchema, invoiceLineSchema, invoiceSchema, relatedDocumentSchema } from '../../shared/invoice/model';
import { jsonParameter } from '../../shared/params';
import type { DocumentKind } from '../profile';
import { KIND_WORDS } from '../profile';
import { PROVIDER } from '../transport';
import type { Draft, PrepareOptions, PrepareResult, ReadProblem } from '../wire/rules';
import { prepareDraft } from '../wire/rules';
import type { FacEProBody } from '../wire/toBody';

import { referenceParameter, REFERENCE_NOT_TEXT } from './fields';

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const has = (obj: object, key: string) => Object.prototype.hasOwnProperty.call(obj, key);

const CUSTOMER: Record<string, string> = {
	tipo_persona: 'personType',
	tipo_documento: 'idType',
	numero_documento: 'idNumber',
	dv: 'dv',
	razon_social: 'name',
	responsabilidad_fiscal: 'taxResponsibilities',
	email: 'email',
	direccion: 'address',
	codigo_municipio: 'municipality',
	codigo_departamento: 'department',
};
const REQUIRED_CUSTOMER = ['tipo_persona', 'tipo_documento', 'numero_documento', 'razon_social', 'responsabilidad_fiscal'];
const LINE: Record<string, string> = {
	codigo: 'code',
	descripcion: 'description',
	cantidad: 'quantity',
	unidad: 'unit',
	precio: 'unitPrice',
	iva_pct: 'taxRate',
	descuento_pct: 'discountRate',
	descuento_valor: 'discountAmount',
};
const NUMBERS = new Set(['cantidad', 'precio', 'iva_pct', 'descuento_pct', 'descuento_valor']);
const REQUIRED_LINE = ['codigo', 'descripcion', 'cantidad', 'precio', 'iva_pct'];
const NOTE_KEYS = ['factura_referencia', 'motivo'];
const TOP_KEYS = ['factura', 'adquiriente', 'lineas', ...NOTE_KEYS];
const PERSON_TYPES: Record<string, string> = { '1': 'legal', '2': 'natural' };

/** Likely slips, with what to write instead. */
const KNOWN_SLIPS: Record<string, string> = {
	adquirente: 'FacEPro spells it "adquiriente" in requests ("adquirente" is the spelling of its responses)',
	iva: 'use "iva_pct"',
	descuento: 'use "descuento_pct" (percent) or "descuento_valor" (amount)',
	valor_unitario: 'use "precio" (unit price without IVA)',
	precio_unitario: 'use "precio" (unit price without IVA)',
	nit: 'use "numero_documento" (and "dv" for a NIT)',
};

const FORBIDDEN = 'is not an accepted field name (it could change how the document is read)';

/** Reads a FacEPro body into a neutral invoice, noting what is structurally wrong with FacEPro paths. */
class BodyReader {
	readonly problems: ReadProblem[] = [];

	/** A problem at a FacEPro path without an Invoice counterpart (shown as the FacEPro path). */
	raw(path: string, message: string) {
		this.problems.push({ path, message, label: path });
	}

	/** A problem of an Invoice field (shown with FacEPro's path by the checks). */
	field(path: string, message: string) {
		this.problems.push({ path, message });
	}

	unknownKeys(obj: Obj, allowed: string[], prefix: string) {
		for (const key of Object.keys(obj)) {
			if (allowed.includes(key)) continue;
			const path = prefix ? `${prefix}.${key}` : key;
			this.raw(path, has(KNOWN_SLIPS, key) ? KNOWN_SLIPS[key] : forbiddenKeys({ [key]: 1 }).length ? FORBIDDEN : 'is not a FacEPro field (check the spelling)');
		}
	}

	/** A text value (numbers count as their digits); blank → undefined. */
	text(value: unknown, path: string, required: boolean): unknown {
		if (isBlank(value)) {
			if (required) this.field(path, 'is required');
			return undefined;
		}
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		if (typeof value !== 'string') {
			this.field(path, `must be text, got ${Array.isArray(value) ? 'a list' : typeof value}`);
			return value;
		}
		return value.trim();
	}

	/** A number (numeric strings accepted, as FacEPro's server does); blank → undefined. */
	number(value: unknown, path: string, required: boolean): unknown {
		if (isBlank(value)) {
			if (required) this.field(path, 'is required');
			return undefined;
		}
		if (typeof value === 'number' || (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value))) {
			return typeof value === 'string' ? value.trim() : value;
		}
		this.field(path, `must be a number, got ${typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? 'a list' : typeof value}`);
		return value;
	}

	customer(raw: unknown): Obj | undefined {
		if (!isObject(raw)) {
			this.field('customer', raw === undefined ? 'is required' : 'must be an object with the customer data');
			return undefined;
		}
		this.unknownKeys(raw, Object.keys(CUSTOMER), 'adquiriente');
		const customer: Obj = {};
		for (const [key, field] of Object.entries(CUSTOMER)) {
			const value = this.text(raw[key], `customer.${field}`, REQUIRED_CUSTOMER.includes(key));
			if (value === undefined) continue;
			if (key === 'tipo_persona') {
				if (typeof value === 'string' && !has(PERSON_TYPES, value)) {
					this.field('customer.personType', 'must be "1" (legal entity, persona jurídica) or "2" (natural person, persona natural)');
				}
				customer.personType = typeof value === 'string' && has(PERSON_TYPES, value) ? PERSON_TYPES[value] : value;
			} else customer[field] = key === 'responsabilidad_fiscal' ? [value] : value;
		}
		return customer;
	}

	line(raw: unknown, index: number): unknown {
		if (!isObject(raw)) {
			this.field(`lines.${index}`, 'must be an object with the line data');
			return raw;
		}
		this.unknownKeys(raw, Object.keys(LINE), `lineas.${index}`);
		const line: Obj = {};
		for (const [key, field] of Object.entries(LINE)) {
			const path = `lines.${index}.${field}`;
			const required = REQUIRED_LINE.includes(key);
			const value = NUMBERS.has(key) ? this.number(raw[key], path, required) : this.text(raw[key], path, required);
			if (value !== undefined) line[field] = value;
		}
		return line;
	}

	/** `factura_referencia` and `motivo` → `related`. */
	related(raw: Obj): Obj | undefined {
		const reference = raw.factura_referencia;
		const reason = raw.motivo;
		const related: Obj = {};
		if (!isObject(reference)) {
			this.field('related', reference === undefined ? 'is required: the invoice this note corrects' : 'must be an object {numero, cufe, fecha}');
		} else {
			this.unknownKeys(reference, ['numero', 'cufe', 'fecha'], 'factura_referencia');
			related.number = this.text(reference.numero, 'related.number', false);
			related.authorityId = this.text(reference.cufe, 'related.authorityId', false);
			related.issueDate = this.text(reference.fecha, 'related.issueDate', false);
		}
		if (!isObject(reason)) {
			this.raw('motivo', reason === undefined ? 'is required: the reason code and a description' : 'must be an object {codigo, descripcion}');
		} else {
			this.unknownKeys(reason, ['codigo', 'descripcion'], 'motivo');
			related.reasonCode = this.text(reason.codigo, 'related.reasonCode', false);
			related.reasonText = this.text(reason.descripcion, 'related.reasonText', false);
		}
		for (const key of Object.keys(related)) if (related[key] === undefined) delete related[key];
		return isObject(reference) || isObject(reason) ? related : undefined;
	}
}

/** A FacEPro body (as FacEPro documents it) → a draft invoice. */
export function readFacEProBody(raw: Obj, kind: DocumentKind): Draft {
	const reader = new BodyReader();
	reader.unknownKeys(raw, TOP_KEYS, '');
	const invoice: Obj = {};
	let hora: string | undefined;
	if (kind === 'invoice') {
		for (const key of NOTE_KEYS) if (has(raw, key)) reader.raw(key, 'is only used by credit and debit notes; use the Credit Note or Debit Note resource');
	}
	if (raw.factura !== undefined && raw.factura !== null) {
		if (!isObject(raw.factura)) reader.raw('factura', 'must be an object {fecha, hora}');
		else {
			reader.unknownKeys(raw.factura, ['fecha', 'hora'], 'factura');
			const fecha = reader.text(raw.factura.fecha, 'issueDate', false);
			if (fecha !== undefined) invoice.issueDate = fecha;
			const time = reader.text(raw.factura.hora, 'issueTime', false);
			if (typeof time === 'string') hora = time;
		}
	}
	invoice.customer = reader.customer(raw.adquiriente);
	if (!Array.isArray(raw.lineas)) {
		reader.field('lines', raw.lineas === undefined ? 'is required: at least one line' : 'must be a list of lines');
	} else {
		invoice.lines = raw.lineas.map((line, index) => reader.line(line, index));
	}
	if (kind !== 'invoice') {
		const related = reader.related(raw);
		if (related) invoice.related = related;
	}
	return { source: 'facepro', raw: invoice, hora, problems: reader.problems, warnings: [] };
}

/* ------------------------------------------------------------------------------------------------ */
/* The neutral invoice                                                                               */
/* ------------------------------------------------------------------------------------------------ */

/** Keys the neutral schema does not know (zod would drop them silently; a typo could drop a discount). */
function unknownNeutralKeys(raw: Obj): ReadProblem[] {
	const problems: ReadProblem[] = [];
	const check = (value: unknown, allowed: string[], prefix: string) => {
		if (!isObject(value)) return;
		for (const key of Object.keys(value)) {
			if (allowed.includes(key)) continue;
			const path = prefix ? `${prefix}.${key}` : key;
			problems.push({ path, message: forbiddenKeys({ [key]: 1 }).length ? FORBIDDEN : 'is not a field of the invoice JSON (check the spelling)', label: path });
		}
	};
	check(raw, Object.keys(invoiceSchema.shape), '');
	check(raw.customer, Object.keys(customerSchema.shape), 'customer');
	check(raw.related, Object.keys(relatedDocumentSchema.shape), 'related');
	if (Array.isArray(raw.lines)) raw.lines.forEach((line, index) => check(line, Object.keys(invoiceLineSchema.shape), `lines.${index}`));
	return problems;
}

/** Neutral fields FacEPro has nowhere to put: dropped, and said so in the output's warnings. */
function ignoredNeutralFields(raw: Obj): string[] {
	const ignored: string[] = [];
	if (typeof raw.notes === 'string' && raw.notes.trim() !== '') ignored.push('notes');
	const customer = isObject(raw.customer) ? raw.customer : {};
	for (const key of ['tradeName', 'phone', 'country', 'taxScheme', 'nrc', 'economicActivity', 'providerId']) {
		if (customer[key] !== undefined && customer[key] !== '') ignored.push(`customer.${key}`);
	}
	if (Array.isArray(raw.lines) && raw.lines.some((l) => isObject(l) && l.itemType !== undefined)) ignored.push('lines.itemType');
	return ignored.map((field) => `${field} was not sent: FacEPro's API has no field for it`);
}

/** This package's neutral invoice → a draft (paths shown as written). */
export function readNeutral(raw: Obj): Draft {
	return { source: 'neutral', raw, problems: unknownNeutralKeys(raw), warnings: ignoredNeutralFields(raw) };
}

/* ------------------------------------------------------------------------------------------------ */
/* JSON mode                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

const FACEPRO_KEYS = ['adquiriente', 'adquirente', 'lineas', 'factura', 'factura_referencia', 'motivo'];
const NEUTRAL_KEYS = ['customer', 'lines'];

/** A document that cannot be read at all: one problem for the whole document. */
const unreadable = (message: string): Draft => ({ source: 'facepro', raw: {}, problems: [{ path: '', message, label: '' }], warnings: [] });

/** The JSON document: a FacEPro body or a neutral invoice, told apart by their keys. */
export function readJsonDocument(raw: unknown, kind: DocumentKind): Draft {
	if (!isObject(raw)) return unreadable('the JSON must be an object: a FacEPro body or an invoice');
	const facepro = FACEPRO_KEYS.some((k) => has(raw, k));
	const neutral = NEUTRAL_KEYS.some((k) => has(raw, k));
	if (facepro && neutral) {
		return unreadable('the JSON mixes a FacEPro body (adquiriente, lineas) with the invoice format (customer, lines); use one of them');
	}
	if (facepro) return readFacEProBody(raw, kind);
	if (neutral) return readNeutral(raw);
	return unreadable('the JSON is neither a FacEPro body (with "adquiriente" and "lineas") nor an invoice (with "customer" and "lines")');
}

/** Document (JSON) and External Reference of item `i`. */
export function readJson(ctx: IExecuteFunctions, i: number, kind: DocumentKind): Draft {
	const draft = readJsonDocument(jsonParameter(ctx, 'documentJson', i, PROVIDER, KIND_WORDS[kind]), kind);
	const reference = referenceParameter(ctx.getNodeParameter('externalReference', i, ''));
	if (reference === undefined) draft.problems.push({ path: 'externalReference', message: REFERENCE_NOT_TEXT, label: 'externalReference' });
	else if (reference !== '') {
		const given = draft.raw.externalReference;
		if (typeof given === 'string' && given.trim() !== '' && given.trim() !== reference) {
			draft.problems.push({
				path: 'externalReference',
				message: `differs from the externalReference in the JSON ("${given}"); keep one of them`,
				label: 'externalReference',
			});
		}
		draft.raw = { ...draft.raw, externalReference: reference };
	}
	return draft;
}

/** A FacEPro body checked on its own (no n8n): the normalised body, or every problem with FacEPro paths. */
export function checkFacEProBody(
	raw: unknown,
	kind: DocumentKind,
	options: PrepareOptions,
): { ok: true; body: FacEProBody } | { ok: false; problems: Array<{ path: string; message: string }> } {
	const result = prepareDraft(isObject(raw) ? readFacEProBody(raw, kind) : readJsonDocument(raw, kind), kind, options);
	return result.ok ? { ok: true, body: result.document.body } : result;
}

/** A JSON document checked on its own (no n8n). */
export function prepareFromJson(raw: unknown, kind: DocumentKind, options: PrepareOptions): PrepareResult {
	return prepareDraft(readJsonDocument(raw, kind), kind, options);
}

/** A neutral invoice checked on its own (no n8n). */
export function prepareFromNeutral(raw: unknown, kind: DocumentKind, options: PrepareOptions): PrepareResult {
	return prepareDraft(isObject(raw) ? readNeutral(raw) : readJsonDocument(raw, kind), kind, options);
}
