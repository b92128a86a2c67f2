/**
 * RADIAN on Factus API v2: the events that make a sales invoice a title of value
 * (../shared/providers/factus-docs/v2/facturas/eventos-de-facturas.md, aceptacion-tacita.md,
 * recepcion-de-documentos/*.md, docs/factus-v2-notes.md rows 12–15).
 *
 * - Our issued bills: GET /v2/bills/:number/radian/events lists the buyer's events; we emit only the tacit
 *   acceptance (034) with POST /v2/bills/:number/radian/events/034, on a credit bill, three business days
 *   after the buyer's 032 without a claim (031) or an express acceptance (033).
 * - Supplier invoices we receive: GET /v2/receptions/bills (list), POST /v2/receptions/upload {track_id}
 *   (a CUFE DIAN knows), PATCH /v2/receptions/bills/:bill_id/radian/events/:event_type for 030–033.
 *
 * DIAN's order: 030 acuse de recibo first; 032 recibo del bien after 030; then 031 reclamo (with a claim
 * concept) or 033 aceptación expresa, never both; each event once per invoice. 034 is never the receiver's.
 * Every event names its person (identification and names); the pages say whose data it is per event.
 *
 * This file is pure: paths, request bodies, the rules as decisions, and readers for Factus's answers.
 */
import type { IDataObject } from 'n8n-workflow';

import { nitCheckDigit } from '../../../shared/country/colombia';
import type { Problems } from '../../../shared/invoice/problems';
import { CLAIM_CONCEPTS, findCode, IDENTIFICATION_DOCUMENT_TYPES, RADIAN_EVENTS } from '../../data';
import { V2_PATHS } from './profile';

const enc = encodeURIComponent;

export const RADIAN_PATHS = {
	billEvents: (number: string) => `/v2/bills/${enc(number)}/radian/events`,
	billEvent: (number: string, code: string) => `/v2/bills/${enc(number)}/radian/events/${enc(code)}`,
	bill: V2_PATHS.documents.bill.show,
	bills: V2_PATHS.documents.bill.list,
	receptions: '/v2/receptions/bills',
	upload: '/v2/receptions/upload',
	receptionEvent: (billId: string, code: string) => `/v2/receptions/bills/${enc(billId)}/radian/events/${enc(code)}`,
};

/* ------------------------------------------------------------------------------------------------ */
/* Event codes                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

export const EVENT = {
	acknowledgement: '030',
	claim: '031',
	goodsReceived: '032',
	expressAcceptance: '033',
	tacitAcceptance: '034',
} as const;

export type EventCode = (typeof EVENT)[keyof typeof EVENT];

/** The receiver's events (PATCH on a received invoice); 034 is the issuer's. */
export const RECEIVER_EVENTS: readonly string[] = [EVENT.acknowledgement, EVENT.claim, EVENT.goodsReceived, EVENT.expressAcceptance];

/** Events after which nothing else follows on an invoice. */
const CLOSING: readonly string[] = [EVENT.claim, EVENT.expressAcceptance, EVENT.tacitAcceptance];

/** English words for each event, with the provider's term and code, for messages. */
export const EVENT_WORDS: Record<string, string> = {
	'030': 'acknowledgement of receipt (acuse de recibo, 030)',
	'031': 'claim (reclamo, 031)',
	'032': 'receipt of the goods or service (recibo del bien o prestación del servicio, 032)',
	'033': 'express acceptance (aceptación expresa, 033)',
	'034': 'tacit acceptance (aceptación tácita, 034)',
};

/** Factus's name of an event code ("Aceptación expresa"), or the code itself when unknown. */
export function eventName(code: string): string {
	return findCode(RADIAN_EVENTS, code)?.name ?? code;
}

/** Whose data each event carries (emitir-evento.md "Descripción del body"), for the UI and messages. */
export const EVENT_PERSON: Record<string, string> = {
	'030': 'The person who received the invoice',
	'031': 'The person who makes the claim',
	'032': 'The person who received the goods or the service',
	'033': 'The person who accepts the invoice and the goods or services',
	'034': 'The person of your company who records the tacit acceptance',
};

/* ------------------------------------------------------------------------------------------------ */
/* Request bodies                                                                                    */
/* ------------------------------------------------------------------------------------------------ */

/** The person of an event as the UI collects it. */
export interface PersonInput {
	idType: string;
	id: string;
	dv?: string;
	firstName: string;
	lastName: string;
	jobTitle?: string;
	department?: string;
}

/** The body of an event request: the person, and for a claim its concept. */
export interface EventBody extends IDataObject {
	identification_document_code: string;
	identification: string;
	dv?: string;
	first_name: string;
	last_name: string;
	job_title?: string;
	organization_department?: string;
	claim_concept_code?: string;
}

/** Labels of the person fields as the node shows them. */
export const PERSON_LABELS = {
	idType: 'Person › ID Type',
	id: 'Person › ID Number',
	dv: 'Person › DV',
	firstName: 'Person › First Name',
	lastName: 'Person › Last Name',
	jobTitle: 'Person › Job Title',
	department: 'Person › Department',
	claimConcept: 'Claim Reason',
} as const;

const NIT = '31';
/** Identification types DIAN numbers with digits only (cédulas, NIT, registro civil, tarjeta de identidad). */
const DIGITS_ONLY = new Set(['11', '12', '13', '31']);
const MAX_NAME = 100;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

const clean = (value: string | undefined) => (value ?? '').trim();

/**
 * The event body for `code`, every problem of the person (and the claim concept) added to `problems` with
 * the field the user sees and Factus's path. The body is only meaningful when no problem was added.
 */
export function eventBody(code: string, person: PersonInput, problems: Problems, claimConcept?: string): EventBody {
	const idType = clean(person.idType);
	const id = clean(person.id).replace(/[.\s]/g, '');
	const dv = clean(person.dv);
	const firstName = clean(person.firstName);
	const lastName = clean(person.lastName);
	const jobTitle = clean(person.jobTitle);
	const department = clean(person.department);

	if (!findCode(IDENTIFICATION_DOCUMENT_TYPES, idType)) {
		problems.add('person.idType', idType ? `"${idType}" is not an identification type of the DIAN table` : 'is required', {
			label: PERSON_LABELS.idType,
			providerPath: 'identification_document_code',
		});
	}
	if (!id) problems.add('person.id', 'is required', { label: PERSON_LABELS.id, providerPath: 'identification' });
	else if (DIGITS_ONLY.has(idType) && !/^\d{3,15}$/.test(id)) {
		problems.add('person.id', `must be 3 to 15 digits for this ID type (without the DV), got "${id}"`, { label: PERSON_LABELS.id, providerPath: 'identification' });
	} else if (!/^[A-Za-z0-9-]{1,20}$/.test(id)) {
		problems.add('person.id', 'must be up to 20 letters, digits or dashes', { label: PERSON_LABELS.id, providerPath: 'identification' });
	}
	if (idType === NIT) {
		const expected = /^\d{3,15}$/.test(id) ? nitCheckDigit(id) : undefined;
		if (!dv) problems.add('person.dv', 'is required for a NIT (the DIAN check digit)', { label: PERSON_LABELS.dv, providerPath: 'dv' });
		else if (!/^\d$/.test(dv)) problems.add('person.dv', 'must be one digit', { label: PERSON_LABELS.dv, providerPath: 'dv' });
		else if (expected !== undefined && expected !== dv) {
			problems.add('person.dv', `${dv} is not the check digit of NIT ${id} (it is ${expected})`, { label: PERSON_LABELS.dv, providerPath: 'dv' });
		}
	}
	const name = (key: 'firstName' | 'lastName' | 'jobTitle' | 'department', value: string, providerPath: string, required: boolean) => {
		if (!value) {
			if (required) problems.add(`person.${key}`, 'is required', { label: PERSON_LABELS[key], providerPath });
		} else if (value.length > MAX_NAME) {
			problems.add(`person.${key}`, `is longer than ${MAX_NAME} characters`, { label: PERSON_LABELS[key], providerPath });
		} else if (CONTROL.test(value)) {
			problems.add(`person.${key}`, 'contains control characters (line breaks, tabs)', { label: PERSON_LABELS[key], providerPath });
		}
	};
	name('firstName', firstName, 'first_name', true);
	name('lastName', lastName, 'last_name', true);
	name('jobTitle', jobTitle, 'job_title', false);
	name('department', department, 'organization_department', false);

	const body: EventBody = { identification_document_code: idType, identification: id, first_name: firstName, last_name: lastName };
	if (idType === NIT && dv) body.dv = dv;
	if (jobTitle) body.job_title = jobTitle;
	if (department) body.organization_department = department;

	if (code === EVENT.claim) {
		const concept = clean(claimConcept);
		if (!findCode(CLAIM_CONCEPTS, concept)) {
			problems.add('claimConcept', concept ? `"${concept}" is not a claim concept (01–04)` : 'is required for a claim (031)', {
				label: PERSON_LABELS.claimConcept,
				providerPath: 'claim_concept_code',
			});
		} else body.claim_concept_code = concept;
	}
	return body;
}

/** A CUFE as DIAN writes it: SHA-384 in hexadecimal, 96 characters. */
export function cufeProblem(value: string): string | undefined {
	if (!value) return 'is required';
	if (!/^[0-9a-fA-F]{96}$/.test(value)) return `must be the 96 hexadecimal characters of the invoice's CUFE (got ${value.length} characters)`;
	return undefined;
}

/* ------------------------------------------------------------------------------------------------ */
/* Reading answers                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

/** An event as the node outputs it, from either of Factus's two list shapes. */
export interface RadianEventRow extends IDataObject {
	code: string;
	name: string;
	number: string | null;
	cude: string | null;
	/** Colombian date (YYYY-MM-DD) and time of the event. */
	date: string | null;
	time: string | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : null);

/**
 * One event: the bill events' shape (`event_code, event_name, effective_date, effective_time`) or the
 * reception rows' (`code, name, …`). Undefined when it carries no event code.
 */
export function readEvent(value: unknown): RadianEventRow | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const { event_code, event_name, effective_date, effective_time, ...rest } = value as IDataObject;
	const row = value as IDataObject;
	const raw = str(event_code) ?? str(row.code);
	if (!raw) return undefined;
	const code = /^\d{1,3}$/.test(raw) ? raw.padStart(3, '0') : raw;
	// Fields of Factus's own beyond these (the reception rows' person) are kept after them.
	return {
		...rest,
		code,
		name: str(event_name) ?? str(row.name) ?? eventName(code),
		number: str(row.number),
		cude: str(row.cude),
		date: str(effective_date),
		time: str(effective_time),
	};
}

/** A list of events, or undefined when the value is not one (so "no events" is never read into a broken answer). */
export function readEvents(value: unknown): RadianEventRow[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const events = value.map(readEvent);
	return events.every((e): e is RadianEventRow => e !== undefined) ? events : undefined;
}

/** Where an invoice stands in RADIAN, from its events. */
export type RadianStatus = 'noEvents' | 'acknowledged' | 'goodsReceived' | 'claimed' | 'expresslyAccepted' | 'tacitlyAccepted';

export interface RadianState extends IDataObject {
	radianStatus: RadianStatus;
	/** Express or tacit acceptance: the invoice can circulate as a title of value. */
	accepted: boolean;
	claimed: boolean;
	/** The newest event (by code order, which is DIAN's order). */
	lastEvent: RadianEventRow | null;
}

export function radianState(events: readonly RadianEventRow[]): RadianState {
	const has = (code: string) => events.some((e) => e.code === code);
	const status: RadianStatus = has(EVENT.claim)
		? 'claimed'
		: has(EVENT.expressAcceptance)
			? 'expresslyAccepted'
			: has(EVENT.tacitAcceptance)
				? 'tacitlyAccepted'
				: has(EVENT.goodsReceived)
					? 'goodsReceived'
					: has(EVENT.acknowledgement)
						? 'acknowledged'
						: 'noEvents';
	const closing = events.find((e) => CLOSING.includes(e.code));
	const last = closing ?? [...events].sort((a, b) => (a.code < b.code ? 1 : -1))[0] ?? null;
	return { radianStatus: status, accepted: status === 'expresslyAccepted' || status === 'tacitlyAccepted', claimed: status === 'claimed', lastEvent: last };
}

/* ------------------------------------------------------------------------------------------------ */
/* The rules as decisions                                                                            */
/* ------------------------------------------------------------------------------------------------ */

export type EventDecision =
	| { kind: 'send' }
	/** The invoice already has this event: nothing to send. */
	| { kind: 'alreadyEmitted'; event: RadianEventRow }
	/** DIAN's rules forbid it now; `message` says why, `hint` what to do. */
	| { kind: 'refused'; message: string; hint: string };

const closingOf = (events: readonly RadianEventRow[]) => events.find((e) => CLOSING.includes(e.code));

/** Whether the receiver may emit `code` on an invoice with `events` now. */
export function receiverDecision(events: readonly RadianEventRow[], code: string, invoice: string): EventDecision {
	const existing = events.find((e) => e.code === code);
	if (existing) return { kind: 'alreadyEmitted', event: existing };
	const has = (c: string) => events.some((e) => e.code === c);
	if (code === EVENT.tacitAcceptance) {
		return {
			kind: 'refused',
			message: `The tacit acceptance (034) of ${invoice} cannot be emitted by the receiver`,
			hint: 'The issuer of the invoice records it three business days after your receipt of the goods (032) if you neither claim nor accept.',
		};
	}
	if (!RECEIVER_EVENTS.includes(code)) return { kind: 'refused', message: `"${code}" is not a RADIAN event a receiver emits`, hint: 'Use 030, 031, 032 or 033.' };
	if (code === EVENT.goodsReceived && !has(EVENT.acknowledgement)) {
		return {
			kind: 'refused',
			message: `${invoice} has no ${EVENT_WORDS['030']} yet, which DIAN requires before the ${EVENT_WORDS['032']}`,
			hint: 'Emit Acknowledge Receipt (030) first, then this event.',
		};
	}
	if (code === EVENT.claim || code === EVENT.expressAcceptance) {
		const closing = closingOf(events);
		if (closing) {
			return {
				kind: 'refused',
				message: `${invoice} already has the ${EVENT_WORDS[closing.code] ?? closing.code}; DIAN admits no ${EVENT_WORDS[code]} after it`,
				hint: 'An invoice is either claimed or accepted, once.',
			};
		}
		if (!has(EVENT.goodsReceived)) {
			return {
				kind: 'refused',
				message: `${invoice} has no ${EVENT_WORDS['032']} yet, which DIAN requires before the ${EVENT_WORDS[code]}`,
				hint: `Emit ${has(EVENT.acknowledgement) ? '' : 'Acknowledge Receipt (030), then '}Confirm Goods Received (032) first, then this event.`,
			};
		}
	}
	return { kind: 'send' };
}

/** Weekdays (Monday–Friday) after the Colombian date `from` up to and including `to` (both YYYY-MM-DD). */
export function businessDaysBetween(from: string, to: string): number {
	const start = Date.parse(`${from}T00:00:00Z`);
	const end = Date.parse(`${to}T00:00:00Z`);
	if (!Number.isFinite(start) || !Number.isFinite(end)) return 0;
	let days = 0;
	for (let t = start + 86_400_000; t <= end; t += 86_400_000) {
		const day = new Date(t).getUTCDay();
		if (day !== 0 && day !== 6) days++;
	}
	return days;
}

/** The Colombian date `n` weekdays after `from` (YYYY-MM-DD). */
export function addBusinessDays(from: string, n: number): string {
	let t = Date.parse(`${from}T00:00:00Z`);
	for (let added = 0; added < n; ) {
		t += 86_400_000;
		const day = new Date(t).getUTCDay();
		if (day !== 0 && day !== 6) added++;
	}
	return new Date(t).toISOString().slice(0, 10);
}

export const TACIT_BUSINESS_DAYS = 3;

/**
 * Whether we (the issuer) may record the tacit acceptance of our bill now. `isCredit` undefined: the bill's
 * payment form could not be read, and Factus decides. Business days here skip weekends only; DIAN also
 * skips Colombian holidays, so near a holiday Factus may still refuse (it never allows less here).
 */
export function tacitDecision(events: readonly RadianEventRow[], bill: string, isCredit: boolean | undefined, today: string): EventDecision {
	const existing = events.find((e) => e.code === EVENT.tacitAcceptance);
	if (existing) return { kind: 'alreadyEmitted', event: existing };
	if (isCredit === false) {
		return {
			kind: 'refused',
			message: `Bill ${bill} is a cash bill; tacit acceptance applies only to bills paid on credit (payment form 2)`,
			hint: 'Nothing was sent. Cash bills need no acceptance to be paid.',
		};
	}
	const closing = events.find((e) => e.code === EVENT.claim || e.code === EVENT.expressAcceptance);
	if (closing) {
		return {
			kind: 'refused',
			message: `Bill ${bill} already has the buyer's ${EVENT_WORDS[closing.code]}; a tacit acceptance cannot follow it`,
			hint: closing.code === EVENT.claim ? 'Settle the claim with the buyer (for example with a credit note).' : 'The bill is already accepted.',
		};
	}
	const receipt = events.find((e) => e.code === EVENT.goodsReceived);
	if (!receipt) {
		return {
			kind: 'refused',
			message: `Bill ${bill} has no ${EVENT_WORDS['032']} from the buyer yet; the tacit acceptance can only follow it`,
			hint: "The three business days run from the buyer's 032. Check again later (Get RADIAN Events).",
		};
	}
	if (receipt.date && businessDaysBetween(receipt.date, today) < TACIT_BUSINESS_DAYS) {
		return {
			kind: 'refused',
			message: `Three business days have not passed since the buyer's 032 of bill ${bill} (${receipt.date}); the tacit acceptance is possible from ${addBusinessDays(receipt.date, TACIT_BUSINESS_DAYS)}`,
			hint: 'Run it again from that date (Colombian holidays push it further). The buyer may still claim or accept until then.',
		};
	}
	return { kind: 'send' };
}

/** Whether a bill (show answer's `data`) is paid on credit: undefined when its payment details are unreadable. */
export function billIsCredit(bill: IDataObject): boolean | undefined {
	const details = bill.payment_details;
	if (!Array.isArray(details) || details.length === 0) {
		const form = bill.payment_form;
		const code = form && typeof form === 'object' ? str((form as IDataObject).code) : str(form);
		return code === null ? undefined : code === '2';
	}
	const codes = details.map((d) => {
		const form = d && typeof d === 'object' ? (d as IDataObject).payment_form : undefined;
		return form && typeof form === 'object' ? str((form as IDataObject).code) : str(form);
	});
	if (codes.some((c) => c === null)) return undefined;
	return codes.includes('2');
}

/** Factus's "this event was already emitted" refusal (a 409 of the simulator's and DIAN's wording). */
export const ALREADY_EMITTED = /ya (fue|ha sido) (emitido|registrado)|previamente|already (been )?(emitted|registered)/i;
