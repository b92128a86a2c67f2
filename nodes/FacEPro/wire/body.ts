/**
 * The FacEPro request body (POST /documentos, /notas-credito, /notas-debito) and every rule of it
 * that can be checked without asking FacEPro. The checker is tolerant about input types (numeric
 * strings, numeric codes), collects *all* problems with FacEPro paths (`lineas.0.iva_pct`), and
 * returns a normalised body (codes as strings, amounts as numbers, time with the -05:00 offset).
 */
import { nitCheckDigit } from '../../shared/country/colombia';
import { Dec } from '../../shared/decimal';
import type { ValidationProblem } from '../../shared/errors';
import { isIsoDate } from '../../shared/invoice/model';

import { FACEPRO_LIMITS } from '../profile';

import {
	codes,
	CREDIT_NOTE_REASONS,
	DEBIT_NOTE_REASONS,
	FISCAL_RESPONSIBILITIES,
	ID_TYPES,
	IVA_RATES,
	NIT,
	NUMERIC_ID_TYPES,
	PERSON_TYPES,
} from './catalogs';

export type DocumentKind = 'invoice' | 'creditNote' | 'debitNote';

/** `lineas[]`: 1..200 items (profile.ts). */
export const MAX_LINES = FACEPRO_LIMITS.lines.max;

export interface FacEProCustomer {
	tipo_persona: string;
	tipo_documento: string;
	numero_documento: string;
	dv?: string;
	razon_social: string;
	responsabilidad_fiscal: string;
	email?: string;
	direccion?: string;
	codigo_municipio?: string;
	codigo_departamento?: string;
}

export interface FacEProLine {
	codigo: string;
	descripcion: string;
	cantidad: number;
	unidad?: string;
	precio: number;
	iva_pct: number;
	descuento_pct?: number;
	descuento_valor?: number;
}

export interface FacEProBody {
	factura?: { fecha?: string; hora?: string };
	adquiriente: FacEProCustomer;
	lineas: FacEProLine[];
	factura_referencia?: { numero: string; cufe: string; fecha: string };
	motivo?: { codigo: string; descripcion: string };
}

const CUSTOMER_KEYS = [
	'tipo_persona',
	'tipo_documento',
	'numero_documento',
	'dv',
	'razon_social',
	'responsabilidad_fiscal',
	'email',
	'direccion',
	'codigo_municipio',
	'codigo_departamento',
];
const LINE_KEYS = ['codigo', 'descripcion', 'cantidad', 'unidad', 'precio', 'iva_pct', 'descuento_pct', 'descuento_valor'];
const NOTE_KEYS = ['factura_referencia', 'motivo'];
const TOP_KEYS = ['factura', 'adquiriente', 'lineas', ...NOTE_KEYS];

/** Likely slips, with what to write instead. */
const KNOWN_SLIPS: Record<string, string> = {
	adquirente: 'FacEPro spells it "adquiriente" in requests ("adquirente" is the spelling of its responses)',
	iva: 'use "iva_pct"',
	descuento: 'use "descuento_pct" (percent) or "descuento_valor" (amount)',
	valor_unitario: 'use "precio" (unit price without IVA)',
	precio_unitario: 'use "precio" (unit price without IVA)',
	nit: 'use "numero_documento" (and "dv" for a NIT)',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(-05:00)?$/;
const CUFE = /^[0-9a-f]{96}$/i;
const DOCUMENT_NUMBER = /^[A-Za-z0-9]{0,4}\d{1,15}$/;
const UNIT = /^[A-Za-z0-9]{1,3}$/;

export interface CheckOptions {
	/** Today in Colombia (YYYY-MM-DD): the issue date FacEPro uses when `factura.fecha` is absent. */
	today: string;
}

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

class Collector {
	readonly problems: ValidationProblem[] = [];

	add(path: string, message: string) {
		this.problems.push({ path, message });
	}

	/** Text (numbers are accepted for codes typed as numbers in JSON). */
	text(obj: Obj, key: string, path: string, required: boolean): string | undefined {
		const value = obj[key];
		if (isBlank(value)) {
			if (required) this.add(path, 'is required');
			return undefined;
		}
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		if (typeof value !== 'string') {
			this.add(path, `must be text, got ${Array.isArray(value) ? 'a list' : typeof value}`);
			return undefined;
		}
		return value.trim();
	}

	/** A decimal number (numeric strings accepted, as FacEPro's server does). */
	number(obj: Obj, key: string, path: string, required: boolean): Dec | undefined {
		const value = obj[key];
		if (isBlank(value)) {
			if (required) this.add(path, 'is required');
			return undefined;
		}
		if ((typeof value !== 'number' && typeof value !== 'string') || !Dec.isDecimal(value)) {
			this.add(path, `must be a number, got ${typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? 'a list' : typeof value}`);
			return undefined;
		}
		return Dec.of(value as number | string);
	}

	unknownKeys(obj: Obj, allowed: string[], prefix: string) {
		for (const key of Object.keys(obj)) {
			if (allowed.includes(key)) continue;
			this.add(prefix ? `${prefix}.${key}` : key, KNOWN_SLIPS[key] ?? 'is not a FacEPro field (check the spelling)');
		}
	}
}

const list = (values: Array<string | number>) => values.join(', ');

function checkCustomer(c: Collector, raw: unknown): FacEProCustomer | undefined {
	if (!isObject(raw)) {
		c.add('adquiriente', raw === undefined ? 'is required' : 'must be an object with the customer data');
		return undefined;
	}
	c.unknownKeys(raw, CUSTOMER_KEYS, 'adquiriente');
	const p = (key: string) => `adquiriente.${key}`;
	const tipoPersona = c.text(raw, 'tipo_persona', p('tipo_persona'), true);
	if (tipoPersona !== undefined && !codes(PERSON_TYPES).includes(tipoPersona)) {
		c.add(p('tipo_persona'), 'must be "1" (legal entity, persona jurídica) or "2" (natural person, persona natural)');
	}
	const tipoDocumento = c.text(raw, 'tipo_documento', p('tipo_documento'), true);
	if (tipoDocumento !== undefined && !codes(ID_TYPES).includes(tipoDocumento)) {
		c.add(p('tipo_documento'), `must be one of ${list(codes(ID_TYPES))} (DIAN identification types)`);
	}
	const numero = c.text(raw, 'numero_documento', p('numero_documento'), true);
	if (numero !== undefined && tipoDocumento !== undefined) {
		if (tipoDocumento === NIT && /^\d+-\d$/.test(numero)) {
			c.add(p('numero_documento'), `write the NIT without its check digit (${numero.split('-')[0]}) and put the check digit in DV`);
		} else if (NUMERIC_ID_TYPES.has(tipoDocumento) && !/^\d{3,15}$/.test(numero)) {
			c.add(p('numero_documento'), 'must be 3 to 15 digits for this ID type (no dots, dashes or spaces)');
		} else if (!/^[A-Za-z0-9-]{3,20}$/.test(numero)) {
			c.add(p('numero_documento'), 'must be 3 to 20 letters, digits or dashes');
		}
	}
	const dv = c.text(raw, 'dv', p('dv'), false);
	if (tipoDocumento === NIT) {
		if (dv === undefined) {
			if (!('dv' in raw) || isBlank(raw.dv)) c.add(p('dv'), 'is required for a NIT (ID type 31)');
		} else if (!/^\d$/.test(dv)) {
			c.add(p('dv'), 'must be one digit (the NIT check digit)');
		} else if (numero !== undefined && /^\d{3,15}$/.test(numero) && nitCheckDigit(numero) !== dv) {
			c.add(p('dv'), `does not match the NIT: the check digit of ${numero} is ${nitCheckDigit(numero)}, not ${dv}`);
		}
	} else if (dv !== undefined && tipoDocumento !== undefined) {
		c.add(p('dv'), 'is only used with a NIT (ID type 31); leave it empty for this ID type');
	}
	const razonSocial = c.text(raw, 'razon_social', p('razon_social'), true);
	const responsabilidad = c.text(raw, 'responsabilidad_fiscal', p('responsabilidad_fiscal'), true);
	if (responsabilidad !== undefined && !codes(FISCAL_RESPONSIBILITIES).includes(responsabilidad)) {
		c.add(p('responsabilidad_fiscal'), `must be one of ${list(codes(FISCAL_RESPONSIBILITIES))}`);
	}
	const email = c.text(raw, 'email', p('email'), false);
	if (email !== undefined && !EMAIL.test(email)) c.add(p('email'), 'is not a valid e-mail address');
	const direccion = c.text(raw, 'direccion', p('direccion'), false);
	const municipio = c.text(raw, 'codigo_municipio', p('codigo_municipio'), false);
	if (municipio !== undefined && !/^\d{5}$/.test(municipio)) {
		c.add(p('codigo_municipio'), 'must be a 5-digit DANE municipality code (e.g. 05001 for Medellín)');
	}
	const departamento = c.text(raw, 'codigo_departamento', p('codigo_departamento'), false);
	if (departamento !== undefined && !/^\d{2}$/.test(departamento)) {
		c.add(p('codigo_departamento'), 'must be a 2-digit DANE department code (e.g. 05 for Antioquia)');
	} else if (departamento !== undefined && municipio !== undefined && /^\d{5}$/.test(municipio) && !municipio.startsWith(departamento)) {
		c.add(p('codigo_municipio'), `is not in department ${departamento} (DANE municipality codes start with their department code)`);
	}
	if (
		tipoPersona === undefined ||
		tipoDocumento === undefined ||
		numero === undefined ||
		razonSocial === undefined ||
		responsabilidad === undefined
	) {
		return undefined;
	}
	return stripUndefined({
		tipo_persona: tipoPersona,
		tipo_documento: tipoDocumento,
		numero_documento: numero,
		dv,
		razon_social: razonSocial,
		responsabilidad_fiscal: responsabilidad,
		email,
		direccion,
		codigo_municipio: municipio,
		codigo_departamento: departamento,
	}) as FacEProCustomer;
}

function checkLine(c: Collector, raw: unknown, index: number): FacEProLine | undefined {
	const base = `lineas.${index}`;
	if (!isObject(raw)) {
		c.add(base, 'must be an object with the line data');
		return undefined;
	}
	c.unknownKeys(raw, LINE_KEYS, base);
	const p = (key: string) => `${base}.${key}`;
	const codigo = c.text(raw, 'codigo', p('codigo'), true);
	const descripcion = c.text(raw, 'descripcion', p('descripcion'), true);
	const cantidad = c.number(raw, 'cantidad', p('cantidad'), true);
	if (cantidad !== undefined && cantidad.cmp(0) <= 0) c.add(p('cantidad'), 'must be greater than 0');
	const unidad = c.text(raw, 'unidad', p('unidad'), false);
	if (unidad !== undefined && !UNIT.test(unidad)) c.add(p('unidad'), 'is not a DIAN unit code (e.g. 94, EA, KGM, HUR)');
	const precio = c.number(raw, 'precio', p('precio'), true);
	if (precio !== undefined && precio.isNegative()) c.add(p('precio'), 'must not be negative');
	const iva = c.number(raw, 'iva_pct', p('iva_pct'), true);
	if (iva !== undefined && !IVA_RATES.some((rate) => iva.eq(rate))) {
		c.add(p('iva_pct'), `must be ${IVA_RATES.slice(0, -1).join(', ')} or ${IVA_RATES.at(-1)} (the IVA rates FacEPro accepts), got ${iva.toString()}`);
	}
	const descuentoPct = c.number(raw, 'descuento_pct', p('descuento_pct'), false);
	if (descuentoPct !== undefined && (descuentoPct.isNegative() || descuentoPct.cmp(100) > 0)) {
		c.add(p('descuento_pct'), 'must be between 0 and 100');
	}
	const descuentoValor = c.number(raw, 'descuento_valor', p('descuento_valor'), false);
	if (descuentoValor !== undefined) {
		if (descuentoValor.isNegative()) c.add(p('descuento_valor'), 'must not be negative');
		else if (descuentoPct !== undefined && !descuentoPct.isZero() && !descuentoValor.isZero()) {
			c.add(p('descuento_valor'), 'use either a discount percent or a discount amount on a line, not both');
		} else if (cantidad !== undefined && precio !== undefined && descuentoValor.cmp(cantidad.mul(precio)) > 0) {
			c.add(p('descuento_valor'), `is larger than the line amount (quantity × price = ${cantidad.mul(precio).toString()})`);
		}
	}
	if (codigo === undefined || descripcion === undefined || cantidad === undefined || precio === undefined || iva === undefined) {
		return undefined;
	}
	return stripUndefined({
		codigo,
		descripcion,
		cantidad: cantidad.toNumber(),
		unidad,
		precio: precio.toNumber(),
		iva_pct: iva.toNumber(),
		// Zero discounts are dropped: they are what an untouched UI field holds.
		descuento_pct: descuentoPct && !descuentoPct.isZero() ? descuentoPct.toNumber() : undefined,
		descuento_valor: descuentoValor && !descuentoValor.isZero() ? descuentoValor.toNumber() : undefined,
	}) as FacEProLine;
}

function checkDate(c: Collector, value: string | undefined, path: string): string | undefined {
	if (value === undefined) return undefined;
	if (!isIsoDate(value)) {
		c.add(path, `"${value}" is not a valid date (use YYYY-MM-DD, e.g. 2026-05-10)`);
		return undefined;
	}
	return value;
}

function checkNote(c: Collector, raw: Obj, kind: DocumentKind, issueDate: string | undefined) {
	const reasons = kind === 'creditNote' ? CREDIT_NOTE_REASONS : DEBIT_NOTE_REASONS;
	let reference: FacEProBody['factura_referencia'];
	let reason: FacEProBody['motivo'];
	const ref = raw.factura_referencia;
	if (!isObject(ref)) {
		c.add('factura_referencia', ref === undefined ? 'is required: the invoice this note corrects' : 'must be an object {numero, cufe, fecha}');
	} else {
		c.unknownKeys(ref, ['numero', 'cufe', 'fecha'], 'factura_referencia');
		const numero = c.text(ref, 'numero', 'factura_referencia.numero', true);
		if (numero !== undefined && !DOCUMENT_NUMBER.test(numero)) {
			c.add('factura_referencia.numero', 'is not an invoice number such as SETP990000011 (prefix and consecutive, no spaces)');
		}
		const cufe = c.text(ref, 'cufe', 'factura_referencia.cufe', true);
		if (cufe !== undefined && !CUFE.test(cufe)) {
			c.add('factura_referencia.cufe', `must be the invoice's CUFE: 96 hexadecimal characters (got ${cufe.length} characters)`);
		}
		const fecha = checkDate(c, c.text(ref, 'fecha', 'factura_referencia.fecha', true), 'factura_referencia.fecha');
		if (fecha !== undefined && issueDate !== undefined && fecha > issueDate) {
			c.add('factura_referencia.fecha', `is after the note's issue date (${issueDate}); a note can only correct an earlier invoice`);
		}
		if (numero !== undefined && cufe !== undefined && fecha !== undefined) {
			reference = { numero, cufe: cufe.toLowerCase(), fecha };
		}
	}
	const motivo = raw.motivo;
	if (!isObject(motivo)) {
		c.add('motivo', motivo === undefined ? 'is required: the reason code and a description' : 'must be an object {codigo, descripcion}');
	} else {
		c.unknownKeys(motivo, ['codigo', 'descripcion'], 'motivo');
		const codigo = c.text(motivo, 'codigo', 'motivo.codigo', true);
		if (codigo !== undefined && !codes(reasons).includes(codigo)) {
			const what = kind === 'creditNote' ? 'credit note' : 'debit note';
			c.add('motivo.codigo', `must be one of ${list(codes(reasons))} for a ${what} (${reasons.map((r) => `${r.code} ${r.name}`).join('; ')})`);
		}
		const descripcion = c.text(motivo, 'descripcion', 'motivo.descripcion', true);
		if (codigo !== undefined && descripcion !== undefined) reason = { codigo, descripcion };
	}
	return { reference, reason };
}

/** Checks a FacEPro body for `kind` and returns every problem, or the normalised body. */
export function checkFacEProBody(
	raw: unknown,
	kind: DocumentKind,
	options: CheckOptions,
): { ok: true; body: FacEProBody } | { ok: false; problems: ValidationProblem[] } {
	const c = new Collector();
	if (!isObject(raw)) {
		c.add('', 'the document must be a JSON object');
		return { ok: false, problems: c.problems };
	}
	c.unknownKeys(raw, TOP_KEYS, '');
	if (kind === 'invoice') {
		for (const key of NOTE_KEYS) {
			if (key in raw) c.add(key, 'is only used by credit and debit notes; use the Credit Note or Debit Note resource');
		}
	}

	let factura: FacEProBody['factura'];
	if (raw.factura !== undefined && raw.factura !== null) {
		if (!isObject(raw.factura)) {
			c.add('factura', 'must be an object {fecha, hora}');
		} else {
			c.unknownKeys(raw.factura, ['fecha', 'hora'], 'factura');
			const fecha = checkDate(c, c.text(raw.factura, 'fecha', 'factura.fecha', false), 'factura.fecha');
			const horaText = c.text(raw.factura, 'hora', 'factura.hora', false);
			let hora: string | undefined;
			if (horaText !== undefined) {
				if (TIME.test(horaText)) hora = horaText.length === 8 ? `${horaText}-05:00` : horaText;
				else c.add('factura.hora', `"${horaText}" is not a time; use HH:mm:ss in Colombia time (e.g. 14:30:00)`);
			}
			factura = stripUndefined({ fecha, hora });
			if (Object.keys(factura).length === 0) factura = undefined;
		}
	}

	const adquiriente = checkCustomer(c, raw.adquiriente);

	const lineas: FacEProLine[] = [];
	let linesOk = true;
	if (!Array.isArray(raw.lineas)) {
		c.add('lineas', raw.lineas === undefined ? 'is required: at least one line' : 'must be a list of lines');
		linesOk = false;
	} else {
		if (raw.lineas.length === 0) c.add('lineas', 'needs at least one line');
		if (raw.lineas.length > MAX_LINES) {
			c.add('lineas', `has ${raw.lineas.length} lines; FacEPro accepts at most ${MAX_LINES} per document (split it into several documents)`);
		}
		raw.lineas.forEach((line, index) => {
			const checked = checkLine(c, line, index);
			if (checked) lineas.push(checked);
			else linesOk = false;
		});
	}

	let note: ReturnType<typeof checkNote> | undefined;
	if (kind !== 'invoice') note = checkNote(c, raw, kind, factura?.fecha ?? options.today);

	if (c.problems.length > 0 || !adquiriente || !linesOk) return { ok: false, problems: c.problems };
	const body: FacEProBody = { ...(factura ? { factura } : {}), adquiriente, lineas };
	if (note?.reference) body.factura_referencia = note.reference;
	if (note?.reason) body.motivo = note.reason;
	return { ok: true, body };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
	return out as T;
}
