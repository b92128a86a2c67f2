/**
 * Finding a document FacEPro may already have issued for a request, without a reference field in
 * its API: by fingerprint (document kind + customer ID + total, computed locally), in a date window,
 * optionally only among documents created after a given instant. Also a small per-node memory of
 * reference → tracking_id, kept in workflow static data (n8n persists it for production executions),
 * which makes the lookup exact when available.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { Dec } from '../../shared/decimal';
import { walkDocuments } from '../transport';
import { kindOf } from '../summary';
import type { DocumentKind } from '../wire/body';

export interface Fingerprint {
	kind: DocumentKind;
	/** adquiriente.numero_documento */
	documento: string;
	/** The total computed locally with FacEPro's rule. */
	total: Dec;
}

export interface LookupWindow {
	desde: string;
	hasta: string;
	/** Epoch ms: only documents created at or after this instant (minus clock tolerance). */
	createdAfter?: number;
}

export interface LookupResult {
	matches: IDataObject[];
	/** False when the window had more documents than the lookup reads. */
	complete: boolean;
}

/** Amounts may differ by rounding between FacEPro and the local rule; a peso of slack. */
const TOTAL_TOLERANCE = Dec.of(1);
/** Clocks of n8n and FacEPro may differ. */
export const CLOCK_TOLERANCE_MS = 2 * 60 * 1000;
/** Days back the "already issued" lookup searches. */
export const LOOKBACK_DAYS = 30;
const PER_PAGE = 100;
const MAX_PAGES = 50;

function createdAt(document: IDataObject): number | undefined {
	for (const key of ['created_at', 'fecha_emision']) {
		const value = document[key];
		if (typeof value === 'string') {
			const t = Date.parse(value);
			if (!Number.isNaN(t)) return t;
		}
	}
	return undefined;
}

export function matchesFingerprint(document: IDataObject, fingerprint: Fingerprint, createdAfter?: number): boolean {
	if (kindOf(document.tipo_documento) !== fingerprint.kind) return false;
	const customer = (document.adquirente ?? document.adquiriente ?? {}) as IDataObject;
	const id = customer.documento ?? customer.numero_documento;
	if (String(id ?? '').trim() !== fingerprint.documento) return false;
	const total = ((document.totales ?? {}) as IDataObject).total;
	if ((typeof total !== 'number' && typeof total !== 'string') || !Dec.isDecimal(total)) return false;
	if (Dec.of(total).sub(fingerprint.total).abs().cmp(TOTAL_TOLERANCE) > 0) return false;
	if (createdAfter !== undefined) {
		const at = createdAt(document);
		if (at !== undefined && at < createdAfter - CLOCK_TOLERANCE_MS) return false;
	}
	return true;
}

/** Pages through the window (newest first) and returns every document with this fingerprint. */
export async function findByFingerprint(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fingerprint: Fingerprint,
	window: LookupWindow,
): Promise<LookupResult> {
	const matches: IDataObject[] = [];
	const walk = await walkDocuments(
		ctx,
		{ desde: window.desde, hasta: window.hasta },
		{ perPage: PER_PAGE, maxPages: MAX_PAGES, itemIndex },
		(documents) => {
			for (const document of documents) {
				if (matchesFingerprint(document, fingerprint, window.createdAfter)) matches.push(document);
			}
			return true;
		},
	);
	return { matches, complete: walk.complete };
}

/* ---------------------------------------------------------------------------------------------- */
/* reference → tracking_id memory                                                                 */
/* ---------------------------------------------------------------------------------------------- */

const MEMORY_KEY = 'faceproReferences';
const MEMORY_SIZE = 500;

type Memory = Record<string, { trackingId: string; at: number }>;

function memory(ctx: IExecuteFunctions): Memory {
	const data = ctx.getWorkflowStaticData('node');
	if (!data[MEMORY_KEY] || typeof data[MEMORY_KEY] !== 'object') data[MEMORY_KEY] = {};
	return data[MEMORY_KEY] as Memory;
}

export function rememberReference(ctx: IExecuteFunctions, key: string, trackingId: string, now = Date.now()): void {
	const entries = memory(ctx);
	entries[key] = { trackingId, at: now };
	const keys = Object.keys(entries);
	if (keys.length > MEMORY_SIZE) {
		// Bounded: forget the oldest; the fingerprint lookup still covers them.
		keys.sort((a, b) => entries[a].at - entries[b].at);
		for (const old of keys.slice(0, keys.length - MEMORY_SIZE)) delete entries[old];
	}
}

export function recalledReference(ctx: IExecuteFunctions, key: string): string | undefined {
	return memory(ctx)[key]?.trackingId;
}

export function forgetReference(ctx: IExecuteFunctions, key: string): void {
	delete memory(ctx)[key];
}
