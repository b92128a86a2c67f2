/**
 * Reading Factus v2 answers: `{status, message, data}` with a flat `data` (the document itself, no
 * `data.bill`), `is_validated`, `errors` (an object keyed by DIAN rule for bills and notes, an array for
 * the support-document family, `[]` when empty), `totals{…}`, `links{qr, public_url}`
 * (docs/factus-v2-notes.md "Answers"). Status: `is_validated: true` → accepted; a "Rechazo" entry →
 * rejected; otherwise pending. "Notificación" entries are warnings.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ApiResponse } from '../../../shared/http';
import type { DocumentSummary } from '../../../shared/summary';
import { makeSummary, withSummary } from '../../../shared/summary';
import type { DianState } from '../../summary';
import { factusInstant } from '../../summary';
import { REGLA_90 } from '../../transport';
import type { V2Kind } from './profile';
import { V2_AUTHORITY_KEYS, V2_SUMMARY_KINDS } from './profile';

export type { DianState };

const isObject = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The `data` of a v2 answer that is JSON with an object there, or undefined. */
export function answerData(answer: ApiResponse): IDataObject | undefined {
	if (answer.bodyKind !== undefined && answer.bodyKind !== 'json') return undefined;
	const data = (answer.body as IDataObject | undefined)?.data;
	return isObject(data) ? data : undefined;
}

/** `errors` as a list: an object of rule → message or a list of strings. */
export function errorEntries(errors: unknown): string[] {
	if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
	if (isObject(errors)) return Object.values(errors).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
	return typeof errors === 'string' && errors !== '' ? [errors] : [];
}

export const isValidated = (document: IDataObject) => document.is_validated === true || document.is_validated === 1 || document.is_validated === '1';

export function dianStateV2(document: IDataObject): DianState {
	const all = errorEntries(document.errors);
	const rejections = all.filter((e) => /Rechazo/i.test(e));
	const notifications = all.filter((e) => /Notificaci[oó]n/i.test(e));
	const status = isValidated(document) ? 'accepted' : rejections.length > 0 ? 'rejected' : 'pending';
	return { status, regla90: status === 'rejected' && rejections.some((e) => REGLA_90.test(e)), rejections, notifications };
}

/** The document's own CUFE / CUDE / CUDS, or undefined while it has none. */
export function authorityOfV2(kind: V2Kind, document: IDataObject): string | undefined {
	const value = document[V2_AUTHORITY_KEYS[kind]];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const isoDay = (value: unknown): string | null => {
	const ms = factusInstant(value);
	return ms === undefined ? null : new Date(ms - 5 * 3600 * 1000).toISOString().slice(0, 10);
};

function amount(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

export function factusV2Summary(kind: V2Kind, document: IDataObject): DocumentSummary {
	const state = dianStateV2(document);
	const totals = isObject(document.totals) ? document.totals : {};
	const links: Record<string, string> = {};
	const given = isObject(document.links) ? document.links : {};
	if (typeof given.qr === 'string' && given.qr !== '') links.qr = given.qr;
	if (typeof given.public_url === 'string' && given.public_url !== '') links.publicUrl = given.public_url;
	let statusMessage: string;
	if (state.status === 'accepted') statusMessage = typeof document.validated_at === 'string' ? `Validated by DIAN (${document.validated_at})` : 'Validated by DIAN';
	else if (state.regla90) statusMessage = `DIAN already has this document (${state.rejections.join(' | ')}); reconcile it manually — do not delete or resend it`;
	else if (state.status === 'rejected') statusMessage = state.rejections.join(' | ');
	else statusMessage = 'DIAN has not answered yet';
	return makeSummary({
		provider: 'Factus',
		kind: V2_SUMMARY_KINDS[kind],
		number: typeof document.number === 'string' ? document.number : null,
		authorityId: authorityOfV2(kind, document) ?? null,
		status: state.status,
		statusMessage,
		// Show answers carry totals{total}; list rows carry total.
		total: amount(totals.total ?? document.total),
		currency: 'COP',
		issueDate: isoDay(document.created_at),
		links,
		warnings: state.notifications,
	});
}

/** `{...document, summary}` plus what the operation adds; `notes` join the summary's warnings. */
export function documentOutputV2(kind: V2Kind, document: IDataObject, extra: IDataObject = {}, notes: string[] = []): IDataObject {
	const summary = factusV2Summary(kind, document);
	summary.warnings = [...summary.warnings, ...notes];
	return withSummary({ ...document, ...extra }, summary);
}
