/**
 * What FacEPro's server checks and computes, written independently of the node's own code (so a test
 * comparing the node's preview with the simulator's totals can actually fail). Messages are in
 * Spanish like a Laravel validator with custom messages; paths use Laravel's dotted form
 * (`lineas.0.iva_pct`), as in the provider's documented 422 example.
 */
import { createHash } from 'node:crypto';

export type Kind = 'factura' | 'nota_credito' | 'nota_debito';

export type Errors = Record<string, string[]>;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const NUMERIC = /^-?(\d+(\.\d+)?|\.\d+)$/;

export const TIPOS_DOCUMENTO = ['11', '12', '13', '21', '22', '31', '41', '42', '50'];
export const RESPONSABILIDADES = ['O-13', 'O-15', 'O-23', 'O-47', 'R-99-PN'];

function isNumeric(v: unknown): boolean {
	if (typeof v === 'number') return Number.isFinite(v);
	return typeof v === 'string' && NUMERIC.test(v.trim());
}

function realDate(v: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** DIAN's NIT check digit (written again here on purpose: the simulator must not trust the node). */
export function digitoVerificacion(nit: string): string {
	const pesos = [71, 67, 59, 53, 47, 43, 41, 37, 29, 23, 19, 17, 13, 7, 3];
	const padded = nit.padStart(15, '0');
	let suma = 0;
	for (let i = 0; i < 15; i++) suma += Number(padded[i]) * pesos[i];
	const residuo = suma % 11;
	return String(residuo >= 2 ? 11 - residuo : residuo);
}

/** Validates a create request like the server would; empty object = valid. */
export function validar(body: unknown, kind: Kind): Errors {
	const errors: Errors = {};
	const add = (path: string, message: string) => (errors[path] ??= []).push(message);
	if (!isObj(body)) {
		add('adquiriente', 'Los datos del adquiriente son requeridos.');
		add('lineas', 'Debe enviar al menos una línea.');
		return errors;
	}

	if (body.factura !== undefined && body.factura !== null) {
		const f = body.factura as Obj;
		if (!isObj(f)) add('factura', 'El campo factura debe ser un objeto.');
		else {
			if (!blank(f.fecha) && (typeof f.fecha !== 'string' || !realDate(f.fecha))) {
				add('factura.fecha', 'La fecha de emisión no es una fecha válida (YYYY-MM-DD).');
			}
			if (!blank(f.hora) && (typeof f.hora !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(-05:00)?$/.test(f.hora))) {
				add('factura.hora', 'La hora debe tener el formato HH:mm:ss-05:00.');
			}
		}
	}

	const a = body.adquiriente;
	if (!isObj(a)) {
		add('adquiriente', 'Los datos del adquiriente son requeridos.');
	} else {
		const s = (k: string) => (typeof a[k] === 'number' ? String(a[k]) : typeof a[k] === 'string' ? (a[k] as string).trim() : undefined);
		if (blank(a.tipo_persona)) add('adquiriente.tipo_persona', 'El tipo de persona es requerido.');
		else if (!['1', '2'].includes(s('tipo_persona') ?? '')) {
			add('adquiriente.tipo_persona', 'El tipo de persona debe ser 1 (jurídica) o 2 (natural).');
		}
		const tipo = s('tipo_documento');
		if (blank(a.tipo_documento)) add('adquiriente.tipo_documento', 'El tipo de documento es requerido.');
		else if (!TIPOS_DOCUMENTO.includes(tipo ?? '')) {
			add('adquiriente.tipo_documento', 'El tipo de documento seleccionado no es válido.');
		}
		const numero = s('numero_documento');
		if (blank(a.numero_documento)) add('adquiriente.numero_documento', 'El número de documento es requerido.');
		else if (tipo === '31' && !/^\d{3,15}$/.test(numero ?? '')) {
			add('adquiriente.numero_documento', 'El NIT debe contener solo dígitos, sin DV.');
		}
		const dv = s('dv');
		if (tipo === '31') {
			if (blank(a.dv)) add('adquiriente.dv', 'El DV es requerido cuando el tipo de documento es NIT (31).');
			else if (numero && /^\d{3,15}$/.test(numero) && digitoVerificacion(numero) !== dv) {
				add('adquiriente.dv', 'El DV no corresponde al NIT.');
			}
		} else if (!blank(a.dv)) {
			add('adquiriente.dv', 'El DV solo aplica cuando el tipo de documento es NIT (31).');
		}
		if (blank(a.razon_social)) add('adquiriente.razon_social', 'La razón social es requerida.');
		if (blank(a.responsabilidad_fiscal)) add('adquiriente.responsabilidad_fiscal', 'La responsabilidad fiscal es requerida.');
		else if (!RESPONSABILIDADES.includes(s('responsabilidad_fiscal') ?? '')) {
			add('adquiriente.responsabilidad_fiscal', 'La responsabilidad fiscal seleccionada no es válida.');
		}
		if (!blank(a.email) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(a.email))) {
			add('adquiriente.email', 'El email debe ser una dirección de correo válida.');
		}
		if (!blank(a.codigo_municipio) && !/^\d{5}$/.test(s('codigo_municipio') ?? '')) {
			add('adquiriente.codigo_municipio', 'El código de municipio debe tener 5 dígitos (DANE).');
		}
		if (!blank(a.codigo_departamento) && !/^\d{2}$/.test(s('codigo_departamento') ?? '')) {
			add('adquiriente.codigo_departamento', 'El código de departamento debe tener 2 dígitos (DANE).');
		}
	}

	const lineas = body.lineas;
	if (!Array.isArray(lineas) || lineas.length === 0) add('lineas', 'Debe enviar al menos una línea.');
	else if (lineas.length > 200) add('lineas', 'No puede enviar más de 200 líneas.');
	if (Array.isArray(lineas)) {
		lineas.forEach((l, i) => {
			const p = (k: string) => `lineas.${i}.${k}`;
			if (!isObj(l)) {
				add(`lineas.${i}`, 'La línea debe ser un objeto.');
				return;
			}
			if (blank(l.codigo)) add(p('codigo'), 'El código del producto es requerido.');
			if (blank(l.descripcion)) add(p('descripcion'), 'La descripción es requerida.');
			if (blank(l.cantidad)) add(p('cantidad'), 'La cantidad es requerida.');
			else if (!isNumeric(l.cantidad) || Number(l.cantidad) <= 0) add(p('cantidad'), 'La cantidad debe ser un número mayor que 0.');
			if (blank(l.precio)) add(p('precio'), 'El precio es requerido.');
			else if (!isNumeric(l.precio) || Number(l.precio) < 0) add(p('precio'), 'El precio debe ser un número mayor o igual a 0.');
			if (blank(l.iva_pct)) add(p('iva_pct'), 'El IVA % es requerido.');
			else if (!isNumeric(l.iva_pct) || Number(l.iva_pct) < 0 || Number(l.iva_pct) > 100) {
				add(p('iva_pct'), 'El IVA % debe ser un número entre 0 y 100.');
			} else if (![0, 5, 19].includes(Number(l.iva_pct))) {
				add(p('iva_pct'), 'El IVA % debe ser 0, 5 o 19.');
			}
			if (!blank(l.descuento_pct) && (!isNumeric(l.descuento_pct) || Number(l.descuento_pct) < 0 || Number(l.descuento_pct) > 100)) {
				add(p('descuento_pct'), 'El descuento % debe ser un número entre 0 y 100.');
			}
			if (!blank(l.descuento_valor)) {
				if (!isNumeric(l.descuento_valor) || Number(l.descuento_valor) < 0) {
					add(p('descuento_valor'), 'El descuento debe ser un número mayor o igual a 0.');
				} else if (!blank(l.descuento_pct) && Number(l.descuento_pct) > 0 && Number(l.descuento_valor) > 0) {
					add(p('descuento_valor'), 'No puede enviar descuento_pct y descuento_valor en la misma línea.');
				} else if (isNumeric(l.cantidad) && isNumeric(l.precio) && Number(l.descuento_valor) > Number(l.cantidad) * Number(l.precio)) {
					add(p('descuento_valor'), 'El descuento no puede superar el valor de la línea.');
				}
			}
		});
	}

	if (kind !== 'factura') {
		const ref = body.factura_referencia;
		if (!isObj(ref)) add('factura_referencia', 'La factura de referencia es requerida.');
		else {
			if (blank(ref.numero)) add('factura_referencia.numero', 'El número de la factura de referencia es requerido.');
			if (blank(ref.cufe)) add('factura_referencia.cufe', 'El CUFE de la factura de referencia es requerido.');
			else if (!/^[0-9a-f]{96}$/i.test(String(ref.cufe))) {
				add('factura_referencia.cufe', 'El CUFE debe tener 96 caracteres hexadecimales.');
			}
			if (blank(ref.fecha)) add('factura_referencia.fecha', 'La fecha de la factura de referencia es requerida.');
			else if (typeof ref.fecha !== 'string' || !realDate(ref.fecha)) {
				add('factura_referencia.fecha', 'La fecha de la factura de referencia no es una fecha válida.');
			}
		}
		const motivo = body.motivo;
		const validos = kind === 'nota_credito' ? ['1', '2', '3', '4', '5', '6'] : ['1', '2', '3', '4'];
		if (!isObj(motivo)) add('motivo', 'El motivo es requerido.');
		else {
			if (blank(motivo.codigo)) add('motivo.codigo', 'El código del motivo es requerido.');
			else if (!validos.includes(String(motivo.codigo))) {
				add('motivo.codigo', `El código del motivo debe ser uno de: ${validos.join(', ')}.`);
			}
			if (blank(motivo.descripcion)) add('motivo.descripcion', 'La descripción del motivo es requerida.');
		}
	}
	return errors;
}

/* -------------------------------------------------------------------------------------------- */
/* Totals: fixed point in 10^-12 units, rounded half-up to cents per line                        */
/* -------------------------------------------------------------------------------------------- */

const E12 = BigInt('1000000000000');
const E10 = BigInt('10000000000');
const HUNDRED = BigInt(100);

function toE12(v: unknown): bigint {
	const text = typeof v === 'number' ? v.toFixed(12) : String(v).trim();
	const negative = text.startsWith('-');
	const [int, frac = ''] = text.replace(/^[-+]/, '').split('.');
	const units = BigInt(int || '0') * E12 + BigInt((frac + '000000000000').slice(0, 12));
	return negative ? -units : units;
}

function divHalfUp(n: bigint, d: bigint): bigint {
	const q = n / d;
	const r = n % d;
	return r * BigInt(2) >= d ? q + BigInt(1) : q;
}

/** 10^-12 units → cents, half-up (amounts here are never negative). */
const cents = (e12: bigint) => divHalfUp(e12, E10);

const centsToNumber = (c: bigint) => Number(c) / 100;

export interface Totales {
	subtotal: number;
	iva: number;
	total: number;
	/** cents, for the CUFE text */
	subtotalCents: bigint;
	ivaCents: bigint;
	totalCents: bigint;
}

export function calcularTotales(lineas: Obj[]): Totales {
	let subtotal = BigInt(0);
	let iva = BigInt(0);
	for (const l of lineas) {
		const bruto = divHalfUp(toE12(l.cantidad) * toE12(l.precio), E12);
		let descuento = BigInt(0);
		if (!blank(l.descuento_pct)) descuento = divHalfUp(bruto * toE12(l.descuento_pct), HUNDRED * E12);
		else if (!blank(l.descuento_valor)) descuento = toE12(l.descuento_valor);
		const base = cents(bruto - cents(descuento) * E10);
		const impuesto = divHalfUp(base * toE12(l.iva_pct), HUNDRED * E12);
		subtotal += base;
		iva += impuesto;
	}
	const total = subtotal + iva;
	return {
		subtotal: centsToNumber(subtotal),
		iva: centsToNumber(iva),
		total: centsToNumber(total),
		subtotalCents: subtotal,
		ivaCents: iva,
		totalCents: total,
	};
}

const fixed2 = (c: bigint) => `${c / HUNDRED}.${String(c % HUNDRED).padStart(2, '0')}`;

/**
 * CUFE/CUDE as DIAN defines it (Anexo Técnico 1.9): SHA-384 of number, date, time, amounts with their
 * tax codes, issuer NIT, customer id, technical key and environment.
 */
export function calcularCufe(input: {
	numero: string;
	fecha: string;
	hora: string;
	totales: Totales;
	nitEmisor: string;
	documentoAdquiriente: string;
	claveTecnica: string;
	ambiente: string;
}): string {
	const t = input.totales;
	const text = [
		input.numero,
		input.fecha,
		input.hora,
		fixed2(t.subtotalCents),
		'01',
		fixed2(t.ivaCents),
		'04',
		'0.00',
		'03',
		'0.00',
		fixed2(t.totalCents),
		input.nitEmisor,
		input.documentoAdquiriente,
		input.claveTecnica,
		input.ambiente,
	].join('');
	return createHash('sha384').update(text).digest('hex');
}
