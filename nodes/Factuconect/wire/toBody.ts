/**
 * The typed DTE (the neutral Invoice plus what MH needs beyond it) → Factuconect's request bodies, and
 * Factuconect's answers → the node's facts. Every field name the DTE operations send to, and read from,
 * Factuconect is here, because most of them are our reading of the provider's page:
 *   [doc]     the page names the field;
 *   [mh]      the field of MH's own DTE JSON, which Factuconect wraps;
 *   [assumed] our choice for the simulator, adjustable with "Additional Fields (JSON)".
 * docs/factuconect.md lists the same tags. `bodyPath` gives, for a neutral path, where the same value
 * goes in the body, so a problem found on the typed document names both.
 */
import type { IDataObject } from 'n8n-workflow';

import { Dec } from '../../shared/decimal';
import type { Invoice } from '../../shared/invoice/model';
import type { AccountSettings } from '../transport';
import type { DteAdjustments } from './adjustments';
import { BODY_NAMES } from './adjustments';
import type { TipoDte } from './rules';
import { dteTotals } from './totals';

/** A DTE to create: the neutral Invoice and the few MH fields it has no place for. */
export interface DteDocument {
	tipoDte: TipoDte;
	/**
	 * `customer.providerId` is Factuconect's idCliente (Factura and notes); a Factura to a final consumer
	 * has neither. CCF and Sujeto Excluido carry the receiver inline.
	 */
	invoice: Invoice;
	/** MH condicionOperacion: 1 cash, 2 credit, 3 other. */
	condicionOperacion: '1' | '2' | '3';
	/** The receiver's activity in words (descActividad). */
	activityDescription?: string;
	/** The user's own codigoGeneracion for the new DTE. */
	codigoGeneracion?: string;
	/** Document discount (01, 03) and renta withholding (14), see adjustments.ts. */
	adjustments?: DteAdjustments;
}

/** Types whose receiver is a stored client (idCliente) rather than inline data. */
export const byClientId = (tipoDte: TipoDte) => tipoDte === '01' || tipoDte === '05' || tipoDte === '06';

/** uid, idSucursal and ambiente go with every document call [doc: "Uses UID, idSucursal and Ambiente"]. */
function accountFields(account: AccountSettings): IDataObject {
	return {
		uid: account.uid, // [doc]
		idSucursal: account.idSucursal, // [doc]
		ambiente: account.ambiente, // [doc] "00" | "01"
	};
}

const num = (value: unknown) => Dec.of(value as string).toNumber();

const ITEM_FIELDS: Record<string, string> = {
	description: 'descripcion',
	quantity: 'cantidad',
	unitPrice: 'precioUni',
	discountAmount: 'montoDescu',
	unit: 'uniMedida',
	itemType: 'tipoItem',
	taxExcluded: 'exento',
	code: 'codigo',
};

const RECEIVER_FIELDS: Record<string, string> = {
	name: 'nombre',
	nrc: 'nrc',
	economicActivity: 'codActividad',
	tradeName: 'nombreComercial',
	department: 'direccion.departamento',
	municipality: 'direccion.municipio',
	address: 'direccion.complemento',
	phone: 'telefono',
	email: 'correo',
};

const RELATED_FIELDS: Record<string, string> = {
	documentType: 'tipoDte',
	authorityId: 'codigoGeneracion',
	issueDate: 'fechaEmision',
};

/** Where the value at a neutral path (`lines.0.unitPrice`, `customer.idNumber`) goes in the create body. */
export function bodyPath(tipoDte: TipoDte, path: string): string | undefined {
	const [head, second, third] = path.split('.');
	if (head === 'lines') {
		if (second === undefined) return 'items';
		return third && ITEM_FIELDS[third] ? `items.${second}.${ITEM_FIELDS[third]}` : undefined;
	}
	if (head === 'customer') {
		if (byClientId(tipoDte)) return second === 'providerId' ? 'idCliente' : undefined;
		if (second === 'idNumber') return tipoDte === '03' ? 'receptor.nit' : 'receptor.numDocumento';
		if (second === 'idType') return tipoDte === '03' ? undefined : 'receptor.tipoDocumento';
		return RECEIVER_FIELDS[second] ? `receptor.${RECEIVER_FIELDS[second]}` : undefined;
	}
	if (head === 'related') return RELATED_FIELDS[second] ? `documentoRelacionado.${RELATED_FIELDS[second]}` : undefined;
	const top: Record<string, string> = {
		notes: 'observaciones',
		condicionOperacion: 'condicionOperacion',
		'payment.form': 'condicionOperacion',
		codigoGeneracion: 'codigoGeneracion',
		activityDescription: 'receptor.descActividad',
	};
	return top[path] ?? (head === 'payment' ? top['payment.form'] : undefined);
}

function items(invoice: Invoice): IDataObject[] {
	return invoice.lines.map((line) => {
		const item: IDataObject = {
			tipoItem: line.itemType === 'services' ? 2 : 1, // [mh] 1 bienes, 2 servicios
			cantidad: num(line.quantity), // [mh]
			uniMedida: Number(line.unit ?? 59), // [mh] CAT-014, 59 = unidad
			descripcion: line.description, // [mh]
			precioUni: num(line.unitPrice), // [mh] IVA included for 01, net for 03/05/06
		};
		if (line.discountAmount !== undefined && !Dec.of(line.discountAmount).isZero()) {
			item.montoDescu = num(line.discountAmount); // [mh]
		}
		if (line.taxExcluded) item.exento = true; // [assumed] MH splits ventaExenta/ventaGravada
		if (line.code) item.codigo = line.code; // [mh]
		return item;
	});
}

function inlineReceiver(document: DteDocument): IDataObject {
	const customer = document.invoice.customer;
	// ccf-exe and fsex take the receiver inline [doc: "Receiver data inline (no DB)"]; names [mh].
	const receptor: IDataObject =
		document.tipoDte === '03'
			? { nit: customer.idNumber, nrc: customer.nrc, nombre: customer.name, codActividad: customer.economicActivity }
			: { tipoDocumento: customer.idType, numDocumento: customer.idNumber, nombre: customer.name };
	if (document.tipoDte === '14' && customer.economicActivity) receptor.codActividad = customer.economicActivity;
	if (document.activityDescription) receptor.descActividad = document.activityDescription;
	if (customer.tradeName) receptor.nombreComercial = customer.tradeName;
	if (customer.department || customer.municipality || customer.address) {
		receptor.direccion = {
			departamento: customer.department ?? null, // [mh] CAT-012 code
			municipio: customer.municipality ?? null, // [mh] CAT-013 code
			complemento: customer.address ?? null,
		};
	}
	if (customer.phone) receptor.telefono = customer.phone;
	if (customer.email) receptor.correo = customer.email;
	return receptor;
}

/** POST /facturar/{fe|ccf-exe|fsex|nc|nd}, proposing `codigoGeneracion` when given. */
export function toBody(document: DteDocument, account: AccountSettings, codigoGeneracion?: string): IDataObject {
	const { invoice } = document;
	const body: IDataObject = {
		...accountFields(account),
		condicionOperacion: Number(document.condicionOperacion), // [mh] 1 contado, 2 crédito, 3 otro
		items: items(invoice),
	};
	if (invoice.notes) body.observaciones = invoice.notes; // [assumed]
	const adjustments = document.adjustments ?? {};
	if (adjustments.discountAmount !== undefined || adjustments.discountRate !== undefined || adjustments.rentaRate !== undefined) {
		// [mh] resumen names, sent at the top level [assumed]; the amounts as the node computes them.
		const totals = dteTotals(document.tipoDte, invoice.lines, adjustments);
		if (adjustments.discountAmount !== undefined || adjustments.discountRate !== undefined) body[BODY_NAMES.discountAmount] = totals.descuGravada.toNumber();
		if (adjustments.discountRate !== undefined) body[BODY_NAMES.discountRate] = Number(adjustments.discountRate);
		if (adjustments.rentaRate !== undefined) body[BODY_NAMES.rentaRate] = totals.reteRenta.toNumber();
	}
	if (codigoGeneracion) body.codigoGeneracion = codigoGeneracion; // [assumed] issuer-proposed code
	if (byClientId(document.tipoDte)) {
		// [doc] for fe ("idCliente = Receiver ID in DB"); [assumed] for nc/nd. Omitted for a final consumer.
		if (invoice.customer.providerId) body.idCliente = Number(invoice.customer.providerId);
	} else {
		body.receptor = inlineReceiver(document); // [assumed] key name
	}
	if (invoice.related) {
		// [assumed] key and names; MH's own DTE calls it documentoRelacionado too.
		body.documentoRelacionado = {
			tipoDte: invoice.related.documentType,
			codigoGeneracion: invoice.related.authorityId,
			fechaEmision: invoice.related.issueDate,
		};
	}
	return body;
}

/** POST /facturar/sendFteMH [doc: "by codigoGeneracion"]. */
export function sendBody(account: AccountSettings, codigoGeneracion: string): IDataObject {
	return { ...accountFields(account), codigoGeneracion };
}

export interface VoidRequest {
	codigoGeneracion: string;
	voidType: 1 | 2 | 3;
	replacementCode?: string;
	reason?: string;
	numeroControl?: string;
	/** When the void is requested, El Salvador time. */
	fecha: string;
	hora: string;
}

/** POST /facturar/anulacionDte. */
export function voidBody(account: AccountSettings, request: VoidRequest): IDataObject {
	const body: IDataObject = {
		...accountFields(account), // [doc] "the environment"
		codGenerationAnula: request.codigoGeneracion, // [doc] the document to void
		// [doc] "the original document code" — the page does not say how it differs from the above;
		// we send the voided document's code [assumed].
		codGenerationOriginal: request.codigoGeneracion,
		tipoAnulacion: request.voidType, // [mh] 1, 2, 3
		fecAnula: request.fecha, // [doc] "the date"; name [mh]
		horAnula: request.hora, // [mh]
	};
	if (request.reason) body.motivoAnulacion = request.reason; // [doc] "the cancellation reason"; name [mh]
	if (request.replacementCode) body.codigoGeneracionR = request.replacementCode; // [mh] replacement DTE (type 1)
	if (request.numeroControl) body.numeroControl = request.numeroControl; // [mh]
	return body;
}

/* ------------------------------------------------------------------------------------------------ */
/* Additional Fields (JSON)                                                                          */
/* ------------------------------------------------------------------------------------------------ */

const isPlainObject = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Keys that would reach an object's prototype; refused when read (input/json.ts) and never copied here. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Objects merge key by key (recursively); anything else from `extra` (arrays included) replaces. */
export function deepMerge(base: IDataObject, extra: IDataObject): IDataObject {
	const out: IDataObject = { ...base };
	for (const [key, value] of Object.entries(extra)) {
		if (UNSAFE_KEYS.has(key)) continue;
		out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as IDataObject, value) : value;
	}
	return out;
}

/* ------------------------------------------------------------------------------------------------ */
/* Answers                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

/** What a create answers [assumed]: `{msg, data: {codigoGeneracion, numeroControl, …}}`. */
export interface CreatedDte extends IDataObject {
	codigoGeneracion: string;
	numeroControl?: string;
	tipoDte?: string;
	fecEmi?: string;
	horEmi?: string;
	totalPagar?: number;
	estado?: string;
}

/** Reads a create answer's `data`; undefined when it has no codigoGeneracion (not a create answer). */
export function readCreated(data: unknown): CreatedDte | undefined {
	if (!isPlainObject(data)) return undefined;
	if (typeof data.codigoGeneracion !== 'string' || data.codigoGeneracion === '') return undefined;
	return data as CreatedDte;
}

/** Fields of a create answer that describe the document (kept when a later step outputs it again). */
export const DOCUMENT_FIELDS = [
	'codigoGeneracion',
	'numeroControl',
	'tipoDte',
	'fecEmi',
	'horEmi',
	'totalGravada',
	'totalExenta',
	'totalIva',
	'totalCompra',
	'descuGravada',
	'subTotal',
	'reteRenta',
	'totalPagar',
	'externalReference',
] as const;

/** What the printable view of a DTE shows about it. */
export interface ViewFacts {
	codigoGeneracion: string;
	numeroControl: string;
	/** MH's reception stamp, when the view shows one (the DTE was received). */
	selloRecibido?: string;
	fecEmi?: string;
	totalPagar?: number;
	/** PENDIENTE, PROCESADO, RECHAZADO, ANULADO, when the view says it. */
	estado?: string;
}

const distinct = (text: string, pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((m) => m[1]))];

/**
 * Reads the printable view (`/viewDte?id=`) of a DTE [doc: the view exists; its content assumed]. MH's
 * printable version of a DTE shows its codigoGeneracion, numeroControl and, once received, the
 * selloRecibido; the view proves the DTE only when it shows this code and exactly one numeroControl of
 * this type. Emission date, total and state are read when labelled as the simulator's view labels them.
 */
export function readView(html: string, codigoGeneracion: string, tipoDte: string): { facts: ViewFacts } | { unknown: string } {
	const text = html.replace(/<[^>]*>/g, ' ').replace(/&oacute;/g, 'ó').replace(/&nbsp;/g, ' ');
	if (!text.toUpperCase().includes(codigoGeneracion)) return { unknown: `the view page does not show codigoGeneracion ${codigoGeneracion}` };
	const numbers = distinct(text, new RegExp(`\\b(DTE-${tipoDte}-[A-Z0-9]{8}-\\d{15})\\b`, 'g'));
	if (numbers.length !== 1) {
		return { unknown: numbers.length ? `the view page shows ${numbers.length} numeroControl values` : 'the view page shows no numeroControl' };
	}
	const facts: ViewFacts = { codigoGeneracion, numeroControl: numbers[0] };
	const sellos = distinct(text, /\b(20\d{2}[0-9A-Z]{36})\b/g);
	if (sellos.length === 1) facts.selloRecibido = sellos[0];
	const date = /Fecha de emisi[oó]n\s*:?\s*(\d{4}-\d{2}-\d{2})/i.exec(text);
	if (date) facts.fecEmi = date[1];
	const totals = distinct(text, /Total a pagar\s*:?\s*(?:US)?\$?\s*(\d[\d,]*(?:\.\d+)?)/gi);
	if (totals.length === 1) facts.totalPagar = Number(totals[0].replace(/,/g, ''));
	const estado = /Estado\s*:?\s*(PENDIENTE|PROCESADO|RECHAZADO|ANULADO|INVALIDADO)\b/i.exec(text);
	if (estado) facts.estado = estado[1].toUpperCase();
	return { facts };
}
