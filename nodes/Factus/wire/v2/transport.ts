/**
 * Factus v2 reads on top of the one Factus transport (../../transport.ts: the credential's base URL, the
 * shared pacing budget of the Factus user — v1 and v2 count against the same limit —, `parseError`, which
 * reads v2's error shapes too, and Laravel pagination, which v2 lists keep).
 */
import type { IDataObject } from 'n8n-workflow';

import type { HttpContext } from '../../../shared/http';
import type { ReferenceRows } from '../../transport';
import { request, rowsByReferenceAt } from '../../transport';
import type { V2Kind } from './profile';
import { V2_NOUNS, V2_PATHS } from './profile';

export { listAll } from '../../transport';

/** GET show: the answer's `data` (the document, flat). */
export async function showV2(ctx: HttpContext, itemIndex: number, kind: V2Kind, number: string): Promise<IDataObject> {
	const response = await request(ctx, { method: 'GET', path: V2_PATHS.documents[kind].show(number) }, { itemIndex, what: V2_NOUNS[kind] });
	const data = (response.body as IDataObject | undefined)?.data;
	return data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : {};
}

/** The rows of a kind's v2 list with this reference code (the same reading as v1: `rowsByReferenceAt`). */
export async function rowsByReferenceV2(ctx: HttpContext, itemIndex: number, kind: V2Kind, reference: string): Promise<ReferenceRows> {
	return await rowsByReferenceAt(ctx, itemIndex, V2_PATHS.documents[kind].list, V2_NOUNS[kind], reference);
}
