/**
 * FacEPro Documento → the normalised summary every output carries (DESIGN.md), so downstream nodes
 * can branch on `summary.status` without knowing FacEPro's words.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DocumentStatus, DocumentSummary } from '../shared/summary';
import { makeSummary, withSummary } from '../shared/summary';

import { kindOf } from './profile';
import { PROVIDER } from './transport';

const STATUS: Record<string, DocumentStatus> = {
	aceptado: 'accepted',
	rechazado: 'rejected',
	fallido: 'rejected',
	pendiente: 'pending',
	anulado: 'voided',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

function amount(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
	return null;
}

export function faceproSummary(document: IDataObject, extraWarnings: string[] = []): DocumentSummary {
	const estado = typeof document.estado === 'string' ? document.estado.toLowerCase() : '';
	const status = STATUS[estado];
	const warnings = [...extraWarnings];
	if (!status) warnings.push(`FacEPro reported an unknown estado "${String(document.estado)}"; treated as pending`);
	const message = text(document.estado_dian_mensaje);
	const lastError = text(document.ultimo_error);
	// Rejected or failed: the reason matters most; pending: say why it is still waiting.
	const statusMessage =
		status === 'accepted' || !lastError ? message : message && message !== lastError ? `${message} ${lastError}` : lastError;
	const totales = (document.totales ?? {}) as IDataObject;
	const links: Record<string, string> = {};
	for (const [key, value] of Object.entries((document.links ?? {}) as IDataObject)) {
		if (typeof value === 'string') links[key] = value;
	}
	const issued = text(document.fecha_emision);
	return makeSummary({
		provider: PROVIDER,
		kind: kindOf(document.tipo_documento),
		number: text(document.numero_completo),
		authorityId: text(document.cufe),
		status: status ?? 'pending',
		statusMessage,
		total: amount(totales.total),
		currency: 'COP',
		issueDate: issued ? issued.slice(0, 10) : null,
		links,
		warnings,
	});
}

/** `{...document, summary}` */
export function documentOutput(document: IDataObject, extraWarnings: string[] = []): IDataObject {
	return withSummary(document, faceproSummary(document, extraWarnings));
}
