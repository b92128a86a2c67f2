/**
 * Factus v1 document → the package's normalised summary (factus.md "v1 responses and status"):
 * `status` 1 → accepted; 0 with a "Rechazo" entry in `errors` → rejected; any other 0 → pending (DIAN
 * slow). "Notificación" entries are informational: the document is valid and they become `warnings`.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DocumentStatus, DocumentSummary } from '../shared/summary';
import { makeSummary, withSummary } from '../shared/summary';
import type { Kind } from './profile';
import { AUTHORITY_KEYS, RESPONSE_KEYS } from './profile';
import { REGLA_90 } from './transport';

export { RESPONSE_KEYS } from './profile';

const SUMMARY_KINDS: Record<Kind, string> = { bill: 'invoice', creditNote: 'creditNote', supportDocument: 'supportDocument' };

/** The document object of a show/create answer's `data` (`data.bill`…), or a list row as it is. */
export function documentOf(kind: Kind, data: IDataObject): IDataObject {
	const inner = data[RESPONSE_KEYS[kind]];
	return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as IDataObject) : data;
}

/** `errors` may be a list of strings or an object of rule → message. */
function entries(errors: unknown): string[] {
	if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
	if (errors && typeof errors === 'object') return Object.values(errors).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
	return typeof errors === 'string' && errors !== '' ? [errors] : [];
}

export interface DianState {
	status: Exclude<DocumentStatus, 'voided'>;
	/** "Regla: 90 … Documento procesado anteriormente": DIAN already has it; needs human reconciliation. */
	regla90: boolean;
	rejections: string[];
	notifications: string[];
}

export function dianState(document: IDataObject): DianState {
	const all = entries(document.errors);
	const rejections = all.filter((e) => /Rechazo/i.test(e));
	const notifications = all.filter((e) => /Notificaci[oó]n/i.test(e));
	const status = Number(document.status) === 1 ? 'accepted' : rejections.length > 0 ? 'rejected' : 'pending';
	return { status, regla90: status === 'rejected' && rejections.some((e) => REGLA_90.test(e)), rejections, notifications };
}

/** "09-01-2025 01:56:13 PM" (v1) or an ISO date → "2025-01-09". */
function isoDate(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const dmy = /^(\d{2})-(\d{2})-(\d{4})/.exec(value);
	if (dmy) return `${dmy[3]}-${dmy[2]}-${dmy[1]}`;
	const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value);
	return iso ? iso[1] : null;
}

/**
 * "09-01-2025 01:56:13 PM" (v1, Colombian time, UTC−5 all year) or an ISO date-time (Colombian when it
 * has no offset) → epoch milliseconds; undefined when unreadable.
 */
export function factusInstant(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const v1 = /^(\d{2})-(\d{2})-(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i.exec(value.trim());
	if (v1) {
		const [, day, month, year, hour, minute, second, meridiem] = v1;
		let h = Number(hour);
		if (meridiem) h = (h % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
		return Date.UTC(Number(year), Number(month) - 1, Number(day), h + 5, Number(minute), Number(second ?? 0));
	}
	const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
	if (!iso) return undefined;
	const text = value.trim().replace(' ', 'T');
	const ms = Date.parse(iso[1] ? text : text.length === 10 ? `${text}T00:00:00-05:00` : `${text}-05:00`);
	return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The document's own DIAN identity — CUFE (bill), CUDE (credit note), CUDS (support document) — or
 * undefined while it has none. A credit note's `cufe` is the credited bill's, never its own.
 */
export function authorityOf(kind: Kind, document: IDataObject): string | undefined {
	const value = document[AUTHORITY_KEYS[kind]];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function factusSummary(kind: Kind, data: IDataObject): DocumentSummary {
	const document = documentOf(kind, data);
	const state = dianState(document);
	const total = Number(document.total);
	const links: Record<string, string> = {};
	if (typeof document.qr === 'string' && document.qr !== '') links.qr = document.qr;
	if (typeof document.public_url === 'string' && document.public_url !== '') links.publicUrl = document.public_url;
	let statusMessage: string | null = null;
	if (state.status === 'accepted') statusMessage = document.validated ? `Validated by DIAN (${String(document.validated)})` : 'Validated by DIAN';
	else if (state.regla90) statusMessage = `DIAN already has this document (${state.rejections.join(' | ')}); reconcile it manually — do not delete or resend it`;
	else if (state.status === 'rejected') statusMessage = state.rejections.join(' | ');
	else statusMessage = 'DIAN has not answered yet';
	const authority = authorityOf(kind, document);
	return makeSummary({
		provider: 'Factus',
		kind: SUMMARY_KINDS[kind],
		number: typeof document.number === 'string' ? document.number : null,
		authorityId: authority ?? null,
		status: state.status,
		statusMessage,
		total: Number.isFinite(total) && document.total !== undefined && document.total !== null ? total : null,
		currency: 'COP',
		issueDate: isoDate(document.created_at),
		links,
		warnings: state.notifications,
	});
}

/**
 * `{...data, summary}` plus anything the operation adds (e.g. `recovery`); `notes` (how the document came
 * to be returned) join the summary's warnings.
 */
export function documentOutput(kind: Kind, data: IDataObject, extra: IDataObject = {}, notes: string[] = []): IDataObject {
	const summary = factusSummary(kind, data);
	summary.warnings = [...summary.warnings, ...notes];
	return withSummary({ ...data, ...extra }, summary);
}
