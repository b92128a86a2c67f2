/**
 * Typed Invoice → FacEPro's request body (POST /documentos, /notas-credito, /notas-debito), the one table
 * of which Invoice field is which FacEPro field (so every problem can name both), and the External
 * Reference tag the opt-in "Write External Reference on the Invoice" puts on the first line and reads
 * back from the signed XML.
 */
import { Dec } from '../../shared/decimal';
import type { IdentifiedInvoice } from '../../shared/invoice/model';

// Type aliases (not interfaces): a body must be assignable to n8n's IDataObject.
export type FacEProCustomer = {
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
};

export type FacEProLine = {
	codigo: string;
	descripcion: string;
	cantidad: number;
	unidad?: string;
	precio: number;
	iva_pct: number;
	descuento_pct?: number;
	descuento_valor?: number;
};

export type FacEProBody = {
	factura?: { fecha?: string; hora?: string };
	adquiriente: FacEProCustomer;
	lineas: FacEProLine[];
	factura_referencia?: { numero: string; cufe: string; fecha: string };
	motivo?: { codigo: string; descripcion: string };
};

/* ------------------------------------------------------------------------------------------------ */
/* Which field is which                                                                              */
/* ------------------------------------------------------------------------------------------------ */

/**
 * Invoice path ↔ FacEPro path (`*` = a line's index). The first pair of a path wins when mapping to
 * FacEPro; FacEPro's 422 answers name its own paths and are looked up the other way.
 */
const FIELDS: Array<[string, string]> = [
	['issueDate', 'factura.fecha'],
	['issueTime', 'factura.hora'],
	['customer', 'adquiriente'],
	['customer.personType', 'adquiriente.tipo_persona'],
	['customer.idType', 'adquiriente.tipo_documento'],
	['customer.idNumber', 'adquiriente.numero_documento'],
	['customer.dv', 'adquiriente.dv'],
	['customer.name', 'adquiriente.razon_social'],
	['customer.taxResponsibilities', 'adquiriente.responsabilidad_fiscal'],
	['customer.email', 'adquiriente.email'],
	['customer.address', 'adquiriente.direccion'],
	['customer.municipality', 'adquiriente.codigo_municipio'],
	['customer.department', 'adquiriente.codigo_departamento'],
	['lines', 'lineas'],
	['lines.*', 'lineas.*'],
	['lines.*.code', 'lineas.*.codigo'],
	['lines.*.description', 'lineas.*.descripcion'],
	['lines.*.quantity', 'lineas.*.cantidad'],
	['lines.*.unit', 'lineas.*.unidad'],
	['lines.*.unitPrice', 'lineas.*.precio'],
	['lines.*.taxRate', 'lineas.*.iva_pct'],
	['lines.*.discountRate', 'lineas.*.descuento_pct'],
	['lines.*.discountAmount', 'lineas.*.descuento_valor'],
	['related', 'factura_referencia'],
	['related', 'motivo'],
	['related.number', 'factura_referencia.numero'],
	['related.authorityId', 'factura_referencia.cufe'],
	['related.issueDate', 'factura_referencia.fecha'],
	['related.reasonCode', 'motivo.codigo'],
	['related.reasonText', 'motivo.descripcion'],
];

/** `lines.3.taxRate` → [`lines.*.taxRate`, '3']. */
function generic(path: string, list: string): [string, string | undefined] {
	const match = new RegExp(`^${list}\\.(\\d+)(\\..*)?$`).exec(path);
	return match ? [`${list}.*${match[2] ?? ''}`, match[1]] : [path, undefined];
}

function translate(path: string, from: 0 | 1): string | undefined {
	const list = from === 0 ? 'lines' : 'lineas';
	// `customer.taxResponsibilities.0` is FacEPro's one responsabilidad_fiscal.
	const trimmed = from === 0 ? path.replace(/^(customer\.taxResponsibilities)\.\d+$/, '$1') : path;
	const [pattern, index] = generic(trimmed, list);
	const pair = FIELDS.find((entry) => entry[from] === pattern);
	if (!pair) return undefined;
	const other = pair[from === 0 ? 1 : 0];
	return index === undefined ? other : other.replace('*', index);
}

/** The FacEPro path of an Invoice path (`lines.0.taxRate` → `lineas.0.iva_pct`), when FacEPro has the field. */
export function providerPath(path: string): string | undefined {
	return translate(path, 0);
}

/** The Invoice path of a FacEPro path, for FacEPro's own answers (a 422 names `lineas.1.iva_pct`). */
export function invoicePath(path: string): string | undefined {
	return translate(path, 1);
}

/* ------------------------------------------------------------------------------------------------ */
/* The body                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

const PERSON_TYPE_CODES = { legal: '1', natural: '2' } as const;

/** Absent person type: a NIT is usually a company, any other ID a person (docs/facepro.md, assumption 9). */
function personTypeOf(customer: IdentifiedInvoice['customer']): string {
	return customer.personType ? PERSON_TYPE_CODES[customer.personType] : customer.idType === '31' ? '1' : '2';
}

const number = (value: number | string) => Dec.of(value).toNumber();
const nonZero = (value: number | string | undefined) => (value !== undefined && !Dec.of(value).isZero() ? number(value) : undefined);

function defined<T extends object>(value: T): T {
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== '') out[key] = v;
	return out as T;
}

export interface BodyOptions {
	/** The issue time (`HH:mm:ss-05:00`), chosen by the node or given by the user. */
	hora?: string;
	/** The issue date when the invoice has none (the node's choice: today in Colombia). */
	fecha?: string;
	/** Appends ` (Ref: <reference>)` to the first line's description (the opt-in). */
	referenceTag?: string;
}

/** The FacEPro body of a checked Invoice (codes as text, amounts as numbers, zero discounts dropped). */
export function toBody(invoice: IdentifiedInvoice, options: BodyOptions = {}): FacEProBody {
	const { customer } = invoice;
	const adquiriente = defined<FacEProCustomer>({
		tipo_persona: personTypeOf(customer),
		tipo_documento: customer.idType,
		numero_documento: customer.idNumber,
		dv: customer.dv,
		razon_social: customer.name,
		responsabilidad_fiscal: customer.taxResponsibilities?.[0] ?? 'R-99-PN',
		email: customer.email,
		direccion: customer.address,
		codigo_municipio: customer.municipality,
		codigo_departamento: customer.department,
	});
	const lineas = invoice.lines.map((line, index) =>
		defined<FacEProLine>({
			codigo: line.code ?? '',
			descripcion: index === 0 && options.referenceTag ? `${line.description}${referenceTag(options.referenceTag)}` : line.description,
			cantidad: number(line.quantity),
			unidad: line.unit,
			precio: number(line.unitPrice),
			iva_pct: number(line.taxRate),
			descuento_pct: nonZero(line.discountRate),
			descuento_valor: nonZero(line.discountAmount),
		}),
	);
	const body: FacEProBody = { adquiriente, lineas };
	const factura = defined({ fecha: invoice.issueDate ?? options.fecha, hora: options.hora });
	if (Object.keys(factura).length) body.factura = factura;
	const related = invoice.related;
	if (related && invoice.kind !== 'invoice') {
		body.factura_referencia = { numero: related.number ?? '', cufe: (related.authorityId ?? '').toLowerCase(), fecha: related.issueDate ?? '' };
		body.motivo = { codigo: related.reasonCode ?? '', descripcion: related.reasonText ?? '' };
	}
	return body.factura ? { factura: body.factura, ...body } : body;
}

/* ------------------------------------------------------------------------------------------------ */
/* The External Reference on the document                                                            */
/* ------------------------------------------------------------------------------------------------ */

/** What the opt-in appends to the first line's description. */
export function referenceTag(reference: string): string {
	return ` (Ref: ${reference})`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(raw: string): string {
	const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(raw.trim());
	if (cdata) return cdata[1];
	return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
		if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
		if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
		return ENTITIES[entity.toLowerCase()] ?? whole;
	});
}

const TAG = / \(Ref: (.+)\)$/s;

/**
 * Whose External Reference a document's XML carries in a line description: `ours` (this reference),
 * `other` (another one), `none` (no tag: issued without the opt-in), or `unreadable` — not XML, an HTML
 * page, or XML that does not name the document (`number`, its numero_completo), which proves nothing.
 */
export function referenceInXml(xml: string, reference: string, number?: string): 'ours' | 'other' | 'none' | 'unreadable' {
	if (!/^\s*(<\?xml|<[A-Za-z])/.test(xml) || /^\s*(<\?xml[^>]*>\s*)?<(!doctype\s+html|html)\b/i.test(xml)) return 'unreadable';
	if (number !== undefined && !xml.includes(`>${number}<`)) return 'unreadable';
	const tags: string[] = [];
	for (const match of xml.matchAll(/<(?:[\w.-]+:)?Description(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?Description>/g)) {
		const tagged = TAG.exec(xmlText(match[1]).trim());
		if (tagged) tags.push(tagged[1]);
	}
	if (tags.includes(reference)) return 'ours';
	return tags.length ? 'other' : 'none';
}
