/**
 * What bills, credit notes and support documents share: their names, paths, and looking one up by
 * number or by `reference_code`.
 */
import type { IDataObject } from 'n8n-workflow';

import type { HttpContext } from '../shared/http';
import { factusRequest, listAll, V1_PATHS } from './transport';
import type { V1Kind } from './wire/v1';

export const NOUNS: Record<V1Kind, string> = { bill: 'bill', creditNote: 'credit note', supportDocument: 'support document' };

/** The noun in Title Case, as n8n writes field names ("Credit Note Number"). */
export const titleCase = (noun: string) => noun.replace(/\b\w/g, (c) => c.toUpperCase());

/** Where to follow a document DIAN has not answered yet: only bills have Wait for DIAN Result. */
export function followUp(kind: V1Kind): string {
	return kind === 'bill' ? 'Wait for DIAN Result' : `${titleCase(NOUNS[kind])} → Get`;
}

/** `filter[document]` of the numbering ranges each kind uses [assumed codes, see docs/factus.md]. */
export const RANGE_DOCUMENTS: Record<V1Kind, string[]> = { bill: ['21', '30'], creditNote: ['22'], supportDocument: ['24'] };

/** GET show: the answer's `data` (company, customer, bill/credit_note/support_document, items…). */
export async function showDocument(ctx: HttpContext, itemIndex: number, kind: V1Kind, number: string): Promise<IDataObject> {
	const response = await factusRequest(ctx, { method: 'GET', path: V1_PATHS[kind].show(number) }, { itemIndex, what: NOUNS[kind] });
	const data = (response.body as IDataObject | undefined)?.data;
	return data && typeof data === 'object' ? (data as IDataObject) : {};
}

/** The list row whose `reference_code` is exactly `reference` (the list filter is the v1 way to ask). */
export async function findRowByReference(ctx: HttpContext, itemIndex: number, kind: V1Kind, reference: string): Promise<IDataObject | undefined> {
	const rows = await listAll(ctx, V1_PATHS[kind].list, { 'filter[reference_code]': reference }, { itemIndex, limit: 50 });
	return rows.find((row) => String(row.reference_code) === reference);
}

/** The full document (show answer's `data`) with that reference code, or undefined. */
export async function findByReference(ctx: HttpContext, itemIndex: number, kind: V1Kind, reference: string): Promise<IDataObject | undefined> {
	const row = await findRowByReference(ctx, itemIndex, kind, reference);
	if (!row || typeof row.number !== 'string') return undefined;
	return await showDocument(ctx, itemIndex, kind, row.number);
}
