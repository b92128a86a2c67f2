/**
 * Factus v2 reads on top of the one Factus transport (../../transport.ts: the credential's base URL, the
 * shared pacing budget of the Factus user — v1 and v2 count against the same limit —, `parseError`, which
 * reads v2's error shapes too, and Laravel pagination, which v2 lists keep).
 */
import type { IDataObject } from 'n8n-workflow';

import type { HttpContext } from '../../../shared/http';
import type { ReferenceRows } from '../../transport';
import { answerWords, listRowsOf, pagingQuery, request } from '../../transport';
import type { V2Kind } from './profile';
import { V2_NOUNS, V2_PATHS } from './profile';

export { listAll } from '../../transport';

/** GET show: the answer's `data` (the document, flat). */
export async function showV2(ctx: HttpContext, itemIndex: number, kind: V2Kind, number: string): Promise<IDataObject> {
	const response = await request(ctx, { method: 'GET', path: V2_PATHS.documents[kind].show(number) }, { itemIndex, what: V2_NOUNS[kind] });
	const data = (response.body as IDataObject | undefined)?.data;
	return data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : {};
}

/**
 * The rows of a kind's v2 list filtered by `filter[reference_code]` (one page: a reference code is unique).
 * Rows of other codes, or anything but Factus's list, make the answer unreadable — never "no rows".
 */
export async function rowsByReferenceV2(ctx: HttpContext, itemIndex: number, kind: V2Kind, reference: string): Promise<ReferenceRows> {
	const answer = await request(
		ctx,
		{ method: 'GET', path: V2_PATHS.documents[kind].list, qs: { 'filter[reference_code]': reference, ...pagingQuery(1, 10) }, timeoutMs: 30_000 },
		{ itemIndex, what: V2_NOUNS[kind] },
	);
	const rows = listRowsOf(answer);
	if (!rows) return { unreadable: `Factus answered the lookup with ${answerWords(answer)} instead of its list of ${V2_NOUNS[kind]}s` };
	const matching = rows.filter((row) => String(row.reference_code ?? '') === reference);
	if (matching.length < rows.length) {
		return { unreadable: `Factus's list for reference_code "${reference}" also held other reference codes, so its filter was not applied` };
	}
	return { rows: matching };
}
