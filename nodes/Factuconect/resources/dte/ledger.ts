/**
 * A small record, in the workflow's static data, of the documents issued under an External
 * Reference: when the reference guard (n8n's deduplication store) stops a repeat, the node can answer
 * with the document already issued instead of a bare refusal. Best effort: n8n keeps static data
 * for active (production) executions, not for manual test runs.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

const KEY = 'factuconectIssued';
/** Oldest entries are dropped beyond this, so static data stays small. */
export const LEDGER_LIMIT = 500;

export interface LedgerEntry {
	codigoGeneracion: string;
	numeroControl: string | null;
	tipoDte: string;
	fecEmi: string | null;
	/** Last estado seen: PENDIENTE, PROCESADO, RECHAZADO. */
	estado: string | null;
	selloRecibido: string | null;
	totalPagar: number | null;
	recordedAt: string;
}

function entries(ctx: IExecuteFunctions): Record<string, LedgerEntry> {
	const data = ctx.getWorkflowStaticData('node');
	if (!data[KEY] || typeof data[KEY] !== 'object') data[KEY] = {};
	return data[KEY] as Record<string, LedgerEntry>;
}

// A prefix keeps insertion order: integer-like keys ("1001") would otherwise sort first.
const keyOf = (reference: string) => `ref:${reference}`;

export function findIssued(ctx: IExecuteFunctions, reference: string): LedgerEntry | undefined {
	return entries(ctx)[keyOf(reference)];
}

export function recordIssued(ctx: IExecuteFunctions, reference: string, entry: Omit<LedgerEntry, 'recordedAt'>): void {
	const all = entries(ctx);
	delete all[keyOf(reference)];
	all[keyOf(reference)] = { ...entry, recordedAt: new Date().toISOString() };
	const keys = Object.keys(all);
	for (const key of keys.slice(0, Math.max(0, keys.length - LEDGER_LIMIT))) delete all[key];
}
