/**
 * Factuconect document → the normalised `summary`, plus the links every DTE has: the printable
 * view and ticket on Factuconect's view host, and MH's public check.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DocumentStatus, DocumentSummary } from '../shared/summary';
import { makeSummary } from '../shared/summary';

import { DTE_TYPES } from './wire/rules';
import type { TipoDte } from './wire/rules';
import { MH_PUBLIC_CHECK, PATHS, PROVIDER } from './transport';
import type { AccountSettings, MhAnswer } from './transport';
import { DOCUMENT_FIELDS } from './wire/toBody';

/** The neutral summary plus MH's own words, which El Salvador users look for. */
export type FactuconectSummary = DocumentSummary & {
	/** MH `estado` (PROCESADO, RECHAZADO), or Factuconect's (PENDIENTE) before sending. */
	estado: string | null;
	selloRecibido: string | null;
	/** Amounts withheld from the total (a Sujeto Excluido's renta). */
	withheld?: { incomeTax: number };
};

export const ALREADY_RECEIVED = '004';

export function dteLinks(
	account: Pick<AccountSettings, 'viewBaseUrl' | 'ambiente'>,
	codigoGeneracion: string,
	fecEmi?: string | null,
): Record<string, string> {
	const id = encodeURIComponent(codigoGeneracion);
	const links: Record<string, string> = {
		view: `${account.viewBaseUrl}${PATHS.view}?id=${id}`,
		ticket: `${account.viewBaseUrl}${PATHS.ticket}?id=${id}`,
	};
	// MH's public check needs the emission date; without it the link would not find the document.
	if (fecEmi) {
		links.mhCheck = `${MH_PUBLIC_CHECK}?ambiente=${encodeURIComponent(account.ambiente)}&codGen=${id}&fechaEmi=${encodeURIComponent(fecEmi)}`;
	}
	return links;
}

/** MH answer → status: accepted (001, 002, and 004 "already received"), rejected otherwise. */
export function mhStatus(mh: MhAnswer): { status: DocumentStatus; alreadyReceived: boolean } {
	if (mh.estado === 'PROCESADO') return { status: 'accepted', alreadyReceived: false };
	if (mh.codigoMsg === ALREADY_RECEIVED) return { status: 'accepted', alreadyReceived: true };
	return { status: 'rejected', alreadyReceived: false };
}

const ESTADO_STATUS: Record<string, DocumentStatus> = {
	PENDIENTE: 'pending',
	PROCESADO: 'accepted',
	RECHAZADO: 'rejected',
	ANULADO: 'voided',
	INVALIDADO: 'voided',
};

export interface SummaryFacts {
	account: Pick<AccountSettings, 'viewBaseUrl' | 'ambiente'>;
	codigoGeneracion: string;
	tipoDte?: string | null;
	numeroControl?: string | null;
	fecEmi?: string | null;
	total?: unknown;
	/** MH's answer to a send, when there was one. */
	mh?: MhAnswer;
	/** Factuconect's estado when MH has not answered (e.g. PENDIENTE after a create). */
	estado?: string | null;
	voided?: boolean;
	/** A selloRecibido known from elsewhere (the DTE's view, the input item) when there is no MH answer. */
	selloRecibido?: string | null;
	warnings?: string[];
	/** Amounts withheld from the total (a Sujeto Excluido's renta). */
	withheld?: { incomeTax: number };
}

export function dteSummary(facts: SummaryFacts): FactuconectSummary {
	const type = facts.tipoDte ? DTE_TYPES[facts.tipoDte as TipoDte] : undefined;
	let status: DocumentStatus = ESTADO_STATUS[String(facts.estado ?? 'PENDIENTE').toUpperCase()] ?? 'pending';
	let statusMessage: string | null = null;
	const warnings = [...(facts.warnings ?? [])];
	if (facts.mh) {
		const classified = mhStatus(facts.mh);
		status = classified.status;
		statusMessage = facts.mh.descripcionMsg ?? null;
		if (classified.alreadyReceived) {
			statusMessage = `MH already had this DTE (${ALREADY_RECEIVED}: ${facts.mh.descripcionMsg ?? 'already exists'})`;
			if (!facts.mh.selloRecibido && !facts.selloRecibido) {
				warnings.push("MH's answer to a repeated send does not include the selloRecibido; the MH check link shows it");
			}
		} else if (status === 'accepted') {
			warnings.push(...facts.mh.observaciones);
		}
	}
	if (facts.voided) status = 'voided';
	const total = Number(facts.total);
	const summary = makeSummary({
		provider: PROVIDER,
		kind: type?.kind ?? 'dte',
		number: facts.numeroControl ?? null,
		authorityId: facts.codigoGeneracion,
		status,
		statusMessage,
		total: facts.total === undefined || facts.total === null || Number.isNaN(total) ? null : total,
		currency: 'USD',
		issueDate: facts.fecEmi ?? null,
		links: dteLinks(facts.account, facts.codigoGeneracion, facts.fecEmi),
		warnings,
	});
	return {
		...summary,
		// For 004 the DTE's state at MH is "received", whatever the estado of this particular answer.
		estado: facts.voided ? 'ANULADO' : status === 'accepted' && facts.mh ? 'PROCESADO' : (facts.mh?.estado ?? facts.estado ?? null),
		selloRecibido: facts.mh?.selloRecibido ?? facts.selloRecibido ?? null,
		...(facts.withheld ? { withheld: facts.withheld } : {}),
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Output shaping                                                                                    */
/* ------------------------------------------------------------------------------------------------ */

/** MH's reception stamp of a DTE: a repeated send (004) must not overwrite the original one. */
export const RECEIPT_FIELDS = ['selloRecibido', 'fhProcesamiento'] as const;

/** The input item's document fields, when the input is that same DTE (e.g. a create's output). */
export function sameDocument(ctx: IExecuteFunctions, i: number, codigoGeneracion: string): IDataObject {
	const input = ctx.getInputData()[i]?.json ?? {};
	if (input.codigoGeneracion !== codigoGeneracion) return { codigoGeneracion };
	const kept: IDataObject = {};
	for (const field of [...DOCUMENT_FIELDS, ...RECEIPT_FIELDS]) if (input[field] !== undefined) kept[field] = input[field];
	return kept;
}
