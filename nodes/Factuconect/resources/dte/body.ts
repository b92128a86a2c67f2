/**
 * Every field name the DTE operations send to, and read from, Factuconect — in one place, because
 * most of them are our reading of the provider's page rather than what it shows:
 *   [doc]     the page names the field;
 *   [mh]      the field of MH's own DTE JSON, which Factuconect wraps;
 *   [assumed] our choice for the simulator, adjustable with "Additional Fields (JSON)".
 * docs/factuconect.md lists the same tags.
 */
import type { IDataObject } from 'n8n-workflow';

import { Dec } from '../../../shared/decimal';
import type { AccountSettings } from '../../transport';
import type { DteDraft } from './draft';

/** uid, idSucursal and ambiente go with every document call [doc: "Uses UID, idSucursal and Ambiente"]. */
function accountFields(account: AccountSettings): IDataObject {
	return {
		uid: account.uid, // [doc]
		idSucursal: account.idSucursal, // [doc]
		ambiente: account.ambiente, // [doc] "00" | "01"
	};
}

const num = (value: unknown) => Dec.of(value as string).toNumber();

/** POST /facturar/{fe|ccf-exe|fsex|nc|nd}. */
export function createBody(draft: DteDraft, account: AccountSettings): IDataObject {
	const body: IDataObject = {
		...accountFields(account),
		condicionOperacion: Number(draft.condicionOperacion), // [mh] 1 contado, 2 crédito, 3 otro
		items: draft.lines.map((line) => {
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
		}),
	};
	if (draft.notes) body.observaciones = draft.notes; // [assumed]
	if (draft.codigoGeneracion) body.codigoGeneracion = draft.codigoGeneracion; // [assumed] issuer-proposed code

	const customer = draft.customer;
	if (draft.tipoDte === '01' || draft.tipoDte === '05' || draft.tipoDte === '06') {
		// [doc] for fe ("idCliente = Receiver ID in DB"); [assumed] for nc/nd. Omitted for a final consumer.
		if (customer?.providerId) body.idCliente = Number(customer.providerId);
	} else if (customer) {
		// ccf-exe and fsex take the receiver inline [doc: "Receiver data inline (no DB)"]; names [mh].
		const receptor: IDataObject =
			draft.tipoDte === '03'
				? { nit: customer.idNumber, nrc: customer.nrc, nombre: customer.name, codActividad: customer.economicActivity }
				: { tipoDocumento: customer.idType, numDocumento: customer.idNumber, nombre: customer.name };
		if (draft.tipoDte === '14' && customer.economicActivity) receptor.codActividad = customer.economicActivity;
		if (draft.activityDescription) receptor.descActividad = draft.activityDescription;
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
		body.receptor = receptor; // [assumed] key name
	}
	if (draft.related) {
		// [assumed] key and names; MH's own DTE calls it documentoRelacionado too.
		body.documentoRelacionado = {
			tipoDte: draft.related.documentType,
			codigoGeneracion: draft.related.authorityId,
			fechaEmision: draft.related.issueDate,
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

/** Reads a create answer; undefined when it has no codigoGeneracion (not a create answer). */
export function readCreated(data: unknown): CreatedDte | undefined {
	if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
	const d = data as IDataObject;
	if (typeof d.codigoGeneracion !== 'string' || d.codigoGeneracion === '') return undefined;
	return d as CreatedDte;
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
	'totalPagar',
	'externalReference',
] as const;
