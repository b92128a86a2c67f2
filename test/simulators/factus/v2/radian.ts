/**
 * RADIAN in the v2 simulator: events of the bills we issue (the buyer's 030–033 arrive through the test
 * hook `buyerEvent`, our 034 tacit acceptance through POST /v2/bills/:number/radian/events/034) and the
 * supplier invoices we receive (GET /v2/receptions/bills, POST /v2/receptions/upload, PATCH
 * /v2/receptions/bills/:bill_id/radian/events/:event_type for 030–033).
 *
 * Rules (v2/recepcion-de-documentos/emitir-evento.md, v2/facturas/aceptacion-tacita.md, DIAN's order):
 * 030 acuse first; 032 recibo del bien after 030; 031 reclamo (with a claim concept) or 033 aceptación
 * expresa after 032, never both; each event once; 034 only by the issuer, only on a credit bill, after 032
 * and three business days without 031/033. Every event names its person (identification, names).
 */
import { createHash } from 'node:crypto';

import { CLAIM_CONCEPTS, coded, IDENTIFICATION_TYPES, PAYMENT_FORMS, PAYMENT_METHODS, RADIAN_EVENTS } from './catalogs';
import { Checker } from './rules';
import type { FieldErrors } from './rules';

type Obj = Record<string, unknown>;

export interface EventPerson {
	identification_document_code: string;
	identification: string;
	dv?: string;
	first_name: string;
	last_name: string;
	job_title?: string;
	organization_department?: string;
}

export interface RadianEvent {
	number: string;
	cude: string;
	code: string;
	at: Date;
	person: EventPerson;
	claimConcept?: string;
}

/** A supplier invoice DIAN knows, addressed to us; `uploaded` once it is in our reception list. */
export interface ReceivedInvoice {
	id: number;
	number: string;
	cufe: string;
	issueDate: string;
	issueTime: string;
	paymentDueDate: string | null;
	supplier: { identificationTypeCode: string; nit: string; dv: string; name: string };
	paymentForm: string;
	paymentMethod: string;
	total: string;
	events: RadianEvent[];
	uploadedAt?: Date;
}

export type EventRefusal = { status: 409 | 422; message: string; field?: string };

const pad = (n: number) => String(n).padStart(2, '0');
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** Colombia's civil time (UTC−5): the date and time DIAN stamps on an event. */
export function colombiaDateTime(at: Date): { date: string; time: string } {
	const d = new Date(at.getTime() - 5 * 3600 * 1000);
	return {
		date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
		time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
	};
}

/** Business days (Monday–Friday; holidays ignored) strictly after `from` up to and including `to`. */
export function businessDaysBetween(from: Date, to: Date): number {
	let days = 0;
	const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
	const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
	while (cursor.getTime() < end) {
		cursor.setUTCDate(cursor.getUTCDate() + 1);
		const day = cursor.getUTCDay();
		if (day !== 0 && day !== 6) days++;
	}
	return days;
}

/** The person of an event: Laravel per-field errors, or the person. */
export function checkEventPerson(body: Obj, code: string): { errors: FieldErrors; person?: EventPerson; claim?: string } {
	const c = new Checker();
	c.code('identification_document_code', body.identification_document_code, Object.keys(IDENTIFICATION_TYPES));
	c.required('identification', body.identification);
	// The page still says "identification_document_code=6" (the v1 id of NIT); in v2 codes NIT is 31.
	if (text(body.identification_document_code) === '31') c.requiredIf('dv', body.dv, true, 'identification_document_code es 31');
	c.required('first_name', body.first_name);
	c.required('last_name', body.last_name);
	if (code === '031') c.code('claim_concept_code', body.claim_concept_code, Object.keys(CLAIM_CONCEPTS));
	if (Object.keys(c.errors).length) return { errors: c.errors };
	const person: EventPerson = {
		identification_document_code: text(body.identification_document_code),
		identification: text(body.identification),
		first_name: text(body.first_name),
		last_name: text(body.last_name),
	};
	if (text(body.dv)) person.dv = text(body.dv);
	if (text(body.job_title)) person.job_title = text(body.job_title);
	if (text(body.organization_department)) person.organization_department = text(body.organization_department);
	return { errors: {}, person, claim: code === '031' ? text(body.claim_concept_code) : undefined };
}

/** Why `code` cannot be added to `events` now (the buyer's events 030–033), or undefined. */
export function buyerEventRefusal(events: RadianEvent[], code: string, documentNumber: string): EventRefusal | undefined {
	const has = (c: string) => events.some((e) => e.code === c);
	if (!['030', '031', '032', '033', '034'].includes(code)) return { status: 422, field: 'event_type', message: `El evento ${code} no es un evento RADIAN válido.` };
	if (code === '034') {
		return { status: 422, field: 'event_type', message: 'La aceptación tácita (034) no puede ser emitida por el receptor; la genera el emisor de la factura.' };
	}
	if (has(code)) return { status: 409, message: `El evento ${code} (${RADIAN_EVENTS[code]}) ya fue emitido para la factura ${documentNumber}.` };
	if (code === '032' && !has('030')) return { status: 409, message: `Para emitir el evento 032 la factura ${documentNumber} debe tener el evento 030 (Acuse de recibo).` };
	if ((code === '031' || code === '033') && !has('032')) {
		return { status: 409, message: `Para emitir el evento ${code} la factura ${documentNumber} debe tener el evento 032 (Recibo del bien y/o prestación del servicio).` };
	}
	const closing = events.find((e) => ['031', '033', '034'].includes(e.code));
	if ((code === '031' || code === '033') && closing) {
		return { status: 409, message: `La factura ${documentNumber} ya tiene el evento ${closing.code} (${RADIAN_EVENTS[closing.code]}); no admite el evento ${code}.` };
	}
	return undefined;
}

/** Why the issuer cannot emit 034 on its bill now, or undefined. */
export function tacitRefusal(events: RadianEvent[], isCredit: boolean, documentNumber: string, now: Date): EventRefusal | undefined {
	if (!isCredit) return { status: 422, field: 'event_type', message: `La aceptación tácita solo aplica a facturas a crédito; la factura ${documentNumber} es de contado.` };
	const receipt = events.find((e) => e.code === '032');
	if (events.some((e) => e.code === '034')) return { status: 409, message: `El evento 034 (Aceptación tácita) ya fue emitido para la factura ${documentNumber}.` };
	const closing = events.find((e) => e.code === '031' || e.code === '033');
	if (closing) return { status: 409, message: `La factura ${documentNumber} ya tiene el evento ${closing.code} (${RADIAN_EVENTS[closing.code]}); no admite la aceptación tácita.` };
	if (!receipt) return { status: 409, message: `Para emitir la aceptación tácita la factura ${documentNumber} debe tener el evento 032 (Recibo del bien y/o prestación del servicio).` };
	if (businessDaysBetween(receipt.at, now) < 3) {
		return { status: 409, message: `Aún no han pasado tres (3) días hábiles desde el evento 032 de la factura ${documentNumber}.` };
	}
	return undefined;
}

let eventCounter = 67;

export function newEvent(code: string, person: EventPerson, at: Date, claimConcept?: string): RadianEvent {
	eventCounter++;
	const cude = createHash('sha384').update(`radian|${eventCounter}|${code}|${at.toISOString()}`).digest('hex');
	return { number: `AP${eventCounter}`, cude, code, at, person, ...(claimConcept ? { claimConcept } : {}) };
}

/** An event as GET …/radian/events lists it. */
export function eventJson(e: RadianEvent): Obj {
	const { date, time } = colombiaDateTime(e.at);
	return { number: e.number, cude: e.cude, event_code: e.code, event_name: RADIAN_EVENTS[e.code], effective_date: date, effective_time: time };
}

/** A received invoice as the reception list and the upload answer show it (v1 fields, v2 pages list none). */
export function receptionJson(r: ReceivedInvoice): Obj {
	const claim = r.events.find((e) => e.code === '031');
	return {
		id: r.id,
		number: r.number,
		issue_date: r.issueDate,
		issue_time: r.issueTime,
		payment_due_date: r.paymentDueDate,
		cufe: r.cufe,
		company_identification_type_code: r.supplier.identificationTypeCode,
		company_nit: r.supplier.nit,
		dv: r.supplier.dv,
		company_name: r.supplier.name,
		payment_form: coded(PAYMENT_FORMS, r.paymentForm),
		payment_method: coded(PAYMENT_METHODS, r.paymentMethod),
		claim_concept: claim?.claimConcept ? coded(CLAIM_CONCEPTS, claim.claimConcept) : null,
		total: r.total,
		has_claim: claim !== undefined,
		is_negotiable_instrument: false,
		completed_events: hasCompletedEvents(r.events),
		events: r.events.map((e) => ({
			number: e.number,
			cude: e.cude,
			code: e.code,
			name: RADIAN_EVENTS[e.code],
			effective_date: colombiaDateTime(e.at).date,
			effective_time: colombiaDateTime(e.at).time,
			person_identification: e.person.identification,
			person_names: `${e.person.first_name} ${e.person.last_name}`,
		})),
		created_at: r.uploadedAt ? r.uploadedAt.toISOString() : null,
	};
}

/** "No pending events": the invoice reached a closing event (claim, express or tacit acceptance). */
export function hasCompletedEvents(events: RadianEvent[]): boolean {
	return events.some((e) => ['031', '033', '034'].includes(e.code));
}
