/**
 * FacEPro's documents as the simulator stores them, their JSON shape (DocumentoResource), the DIAN
 * outcomes a document can take, and the UBL-like XML served by /xml.
 */
import { randomUUID } from 'node:crypto';

import type { Kind, Totales } from './rules';

export type Estado = 'aceptado' | 'rechazado' | 'pendiente' | 'fallido';

/** What DIAN does with a new document. */
export type DianOutcome =
	| Estado
	| { estado: 'pendiente'; consultas?: number; then?: 'aceptado' | 'rechazado' }
	| { estado: 'rechazado'; mensaje?: string; errores?: string[] };

export interface StoredDocument {
	seq: number;
	tenantId: number;
	tracking_id: string;
	kind: Kind;
	prefijo: string;
	consecutivo: number;
	numero_completo: string;
	fecha: string;
	hora: string;
	fecha_emision: string;
	created_at: string;
	adquirente: { documento: string; razon_social: string };
	totales: Totales;
	cufe: string;
	zip_key: string | null;
	estado: Estado;
	estado_dian_codigo: string | null;
	estado_dian_mensaje: string;
	ultimo_error: string | null;
	dian_errores: string[];
	/** Pending documents: /consultar calls left before DIAN answers, and that answer. */
	pendiente?: { restantes: number; then: 'aceptado' | 'rechazado' };
	consultas: number;
	/** The request body as received (lines for the XML). */
	request: Record<string, unknown>;
}

export const DIAN_ACEPTADO = { codigo: '00', mensaje: 'Procesado Correctamente.' };
export const DIAN_RECHAZO_MENSAJE = 'Documento con errores en campos mandatorios.';
export const DIAN_RECHAZO_ERROR =
	'Regla: FAK21, Rechazo: El NIT o documento de identificación del adquiriente no corresponde al registrado en el RUT.';
export const DIAN_PENDIENTE = {
	codigo: '98',
	mensaje: 'Documento en proceso de validación en la DIAN.',
	error: 'Tiempo de espera agotado esperando la respuesta de la DIAN (SendBillSync). Use /consultar.',
};
export const DIAN_FALLIDO = {
	mensaje: 'No fue posible enviar el documento a la DIAN.',
	error: 'cURL error 28: Operation timed out after 30000 milliseconds with 0 bytes received (WS DIAN)',
};

/** Sets a document's DIAN fields for an outcome. */
export function applyOutcome(doc: StoredDocument, outcome: DianOutcome, defaults: { consultas: number; then: 'aceptado' | 'rechazado' }) {
	const estado = typeof outcome === 'string' ? outcome : outcome.estado;
	doc.estado = estado;
	doc.pendiente = undefined;
	doc.dian_errores = [];
	if (estado === 'aceptado') {
		doc.estado_dian_codigo = DIAN_ACEPTADO.codigo;
		doc.estado_dian_mensaje = DIAN_ACEPTADO.mensaje;
		doc.ultimo_error = null;
	} else if (estado === 'rechazado') {
		const custom = typeof outcome === 'object' && outcome.estado === 'rechazado' ? outcome : undefined;
		doc.estado_dian_codigo = '99';
		doc.estado_dian_mensaje = custom?.mensaje ?? DIAN_RECHAZO_MENSAJE;
		doc.dian_errores = custom?.errores ?? [DIAN_RECHAZO_ERROR];
		doc.ultimo_error = doc.dian_errores.join(' | ');
	} else if (estado === 'pendiente') {
		const custom = typeof outcome === 'object' && outcome.estado === 'pendiente' ? outcome : undefined;
		doc.estado_dian_codigo = DIAN_PENDIENTE.codigo;
		doc.estado_dian_mensaje = DIAN_PENDIENTE.mensaje;
		doc.ultimo_error = DIAN_PENDIENTE.error;
		doc.pendiente = { restantes: custom?.consultas ?? defaults.consultas, then: custom?.then ?? defaults.then };
	} else {
		doc.estado_dian_codigo = null;
		doc.estado_dian_mensaje = DIAN_FALLIDO.mensaje;
		doc.ultimo_error = DIAN_FALLIDO.error;
		doc.zip_key = null;
	}
}

export const newZipKey = () => randomUUID();

/** The DIAN block of /consultar for a document's current state. */
export function dianBlock(doc: StoredDocument) {
	switch (doc.estado) {
		case 'aceptado':
			return { is_valid: true, status_code: '00', status_description: DIAN_ACEPTADO.mensaje, errors: [] as string[] };
		case 'rechazado':
			return { is_valid: false, status_code: '99', status_description: doc.estado_dian_mensaje, errors: doc.dian_errores };
		case 'pendiente':
			return { is_valid: false, status_code: '98', status_description: DIAN_PENDIENTE.mensaje, errors: [] as string[] };
		default:
			return {
				is_valid: false,
				status_code: '66',
				status_description: 'NSU no encontrado: la DIAN no recibió este documento.',
				errors: [doc.ultimo_error ?? DIAN_FALLIDO.error],
			};
	}
}

/** DocumentoResource as the API returns it; links use the host the client called. */
export function documentoJson(doc: StoredDocument, base: string) {
	const self = `${base}/documentos/${doc.tracking_id}`;
	return {
		tracking_id: doc.tracking_id,
		numero_completo: doc.numero_completo,
		tipo_documento: doc.kind,
		prefijo: doc.prefijo,
		consecutivo: doc.consecutivo,
		fecha_emision: doc.fecha_emision,
		adquirente: { ...doc.adquirente },
		totales: { subtotal: doc.totales.subtotal, iva: doc.totales.iva, total: doc.totales.total },
		cufe: doc.cufe,
		zip_key: doc.zip_key,
		estado: doc.estado,
		estado_dian_codigo: doc.estado_dian_codigo,
		estado_dian_mensaje: doc.estado_dian_mensaje,
		ultimo_error: doc.ultimo_error,
		created_at: doc.created_at,
		links: { self, consultar: `${self}/consultar`, xml: `${self}/xml` },
	};
}

const esc = (value: unknown) =>
	String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');

const ROOTS: Record<Kind, { root: string; ns: string; line: string; qty: string }> = {
	factura: { root: 'Invoice', ns: 'Invoice-2', line: 'InvoiceLine', qty: 'InvoicedQuantity' },
	nota_credito: { root: 'CreditNote', ns: 'CreditNote-2', line: 'CreditNoteLine', qty: 'CreditedQuantity' },
	nota_debito: { root: 'DebitNote', ns: 'DebitNote-2', line: 'DebitNoteLine', qty: 'DebitedQuantity' },
};

/** A small UBL 2.1-like document (not signed) with the number, CUFE, parties, lines and totals. */
export function documentXml(doc: StoredDocument, issuer: { nit: string; dv: string; razon_social: string }): string {
	const r = ROOTS[doc.kind];
	const lineas = Array.isArray(doc.request.lineas) ? (doc.request.lineas as Array<Record<string, unknown>>) : [];
	const scheme = doc.kind === 'factura' ? 'CUFE-SHA384' : 'CUDE-SHA384';
	const lines = lineas
		.map(
			(l, i) => `  <cac:${r.line}>
    <cbc:ID>${i + 1}</cbc:ID>
    <cbc:${r.qty} unitCode="${esc(l.unidad ?? '94')}">${esc(l.cantidad)}</cbc:${r.qty}>
    <cac:Item><cbc:Description>${esc(l.descripcion)}</cbc:Description><cac:SellersItemIdentification><cbc:ID>${esc(l.codigo)}</cbc:ID></cac:SellersItemIdentification></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="COP">${esc(l.precio)}</cbc:PriceAmount></cac:Price>
  </cac:${r.line}>`,
		)
		.join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?>
<${r.root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${r.ns}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:UBLVersionID>UBL 2.1</cbc:UBLVersionID>
  <cbc:CustomizationID>10</cbc:CustomizationID>
  <cbc:ProfileExecutionID>2</cbc:ProfileExecutionID>
  <cbc:ID>${esc(doc.numero_completo)}</cbc:ID>
  <cbc:UUID schemeID="2" schemeName="${scheme}">${esc(doc.cufe)}</cbc:UUID>
  <cbc:IssueDate>${esc(doc.fecha)}</cbc:IssueDate>
  <cbc:IssueTime>${esc(doc.hora)}</cbc:IssueTime>
  <cbc:DocumentCurrencyCode>COP</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyTaxScheme><cbc:RegistrationName>${esc(issuer.razon_social)}</cbc:RegistrationName><cbc:CompanyID schemeID="${esc(issuer.dv)}" schemeName="31">${esc(issuer.nit)}</cbc:CompanyID></cac:PartyTaxScheme></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyTaxScheme><cbc:RegistrationName>${esc(doc.adquirente.razon_social)}</cbc:RegistrationName><cbc:CompanyID>${esc(doc.adquirente.documento)}</cbc:CompanyID></cac:PartyTaxScheme></cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="COP">${doc.totales.iva.toFixed(2)}</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="COP">${doc.totales.subtotal.toFixed(2)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="COP">${doc.totales.subtotal.toFixed(2)}</cbc:TaxExclusiveAmount>
    <cbc:PayableAmount currencyID="COP">${doc.totales.total.toFixed(2)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
${lines}
</${r.root}>
`;
}
