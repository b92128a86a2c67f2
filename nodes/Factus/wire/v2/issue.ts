/**
 * Factus v2's side of the duplicate-safe issue protocol (nodes/shared/issue.ts) and the recovery playbook
 * of factus.md, for every v2 create (bills, credit and debit notes, support documents, adjustment notes).
 *
 * - Key: `reference_code`, chosen before sending; Factus keeps it unique per kind (a validated one again
 *   → 422 on `reference_code`; a pending one again → Factus checks it with DIAN again and answers the same
 *   document), so no External Reference store is needed.
 * - Proof: the answer's `data` with this reference code, its number and `is_validated`; once validated,
 *   its CUFE / CUDE / CUDS. Anything else after the request may have arrived is ambiguous → the lookup.
 * - Lookup: the kind's list filtered by `filter[reference_code]`, then the show endpoint of its one row.
 * - Playbook: the 409 "pendiente por enviar" is this sale's own earlier attempt (returned), or — with
 *   "Delete Rejected Document and Resend" — the documents DIAN rejected are deleted after a fresh look and
 *   this one is sent once more. Never a validated document, never one DIAN has not answered, never Regla 90.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FieldErrors } from '../../../shared/errors';
import { addFieldError, localError, providerApiError } from '../../../shared/errors';
import type { ApiResponse, HttpFailure } from '../../../shared/http';
import { failureOf } from '../../../shared/http';
import type { DocumentProof, IssueHooks, IssueOutcome, Lookup } from '../../../shared/issue';
import { definiteRefusal, issueDocument, unprovenAnswer } from '../../../shared/issue';
import type { CreateSpec, Prepared } from '../../../shared/pipeline';
import { createOperation } from '../../../shared/pipeline';
import type { ItemOperation } from '../../../shared/runner';
import { asNodeError } from '../../../shared/runner';
import { singleFlight } from '../../../shared/singleFlight';
import type { CreateOptions } from '../../issue';
import { accountKey, answerWords, isFinalFailure, isPendingBlock, isReferenceTaken, PROVIDER, REGLA_90_HINT, request } from '../../transport';
import type { DianState } from './answer';
import { answerData, authorityOfV2, dianStateV2, documentOutputV2 } from './answer';
import type { V2Kind } from './profile';
import { followUpV2, titleCase, V2_AUTHORITY_KEYS, V2_NOUNS, V2_PARENTS, V2_PATHS } from './profile';
import { listAll, rowsByReferenceV2, showV2 } from './transport';

/** One v2 create of one item: its checked body and what the playbook did on the way. */
export interface V2Prepared extends Prepared {
	kind: V2Kind;
	reference: string;
	options: CreateOptions;
	/** Notes: the bill or support document corrected, as Factus shows it. */
	corrected?: IDataObject;
	trace: { lost?: string; ownBlocker?: boolean; deleted: IDataObject[] };
}

/* ------------------------------------------------------------------------------------------------ */
/* Proof and lookup                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

/** The document an answer (create or show) proves, or undefined. */
export function proveAnswerV2(kind: V2Kind, reference: string, answer: ApiResponse): DocumentProof | undefined {
	const data = answerData(answer);
	if (!data) return undefined;
	const number = typeof data.number === 'string' ? data.number.trim() : '';
	if (number === '' || String(data.reference_code ?? '').trim() !== reference) return undefined;
	const validated = data.is_validated;
	if (typeof validated !== 'boolean' && validated !== 0 && validated !== 1) return undefined;
	const authority = authorityOfV2(kind, data);
	// Validated by DIAN: its CUFE/CUDE/CUDS is the proof. Not (yet): registered at Factus and numbered.
	if ((validated === true || validated === 1) && !authority) return undefined;
	return { authorityId: authority ?? '', number, document: data };
}

export async function lookupByReferenceV2(ctx: IExecuteFunctions, itemIndex: number, kind: V2Kind, reference: string): Promise<Lookup> {
	const noun = V2_NOUNS[kind];
	const found = await rowsByReferenceV2(ctx, itemIndex, kind, reference);
	if ('unreadable' in found) return { outcome: 'unknown', reason: found.unreadable };
	if (found.rows.length === 0) return { outcome: 'absent' };
	if (found.rows.length > 1) return { outcome: 'unknown', reason: `Factus lists ${found.rows.length} ${noun}s with reference_code "${reference}"` };
	const number = found.rows[0].number;
	if (typeof number !== 'string' || number.trim() === '') return { outcome: 'unknown', reason: `Factus lists a ${noun} with reference_code "${reference}" but no number` };
	const answer = await request(ctx, { method: 'GET', path: V2_PATHS.documents[kind].show(number), timeoutMs: 30_000 }, { itemIndex, what: noun });
	const proof = proveAnswerV2(kind, reference, answer);
	if (proof) return { outcome: 'found', proof };
	const what = answer.bodyKind === 'json' ? 'an answer without its number, reference code or DIAN identity' : answerWords(answer);
	return { outcome: 'unknown', reason: `Factus answered for ${noun} ${number} with ${what}` };
}

/* ------------------------------------------------------------------------------------------------ */
/* Hooks                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

function describeLoss(failure: HttpFailure): string {
	if (failure.kind === 'network') return `the connection failed: ${failure.code ?? 'no answer'}${failure.reason === 'deadline' ? ' (no complete answer in time)' : ''}`;
	return `Factus answered HTTP ${failure.status}`;
}

export function factusV2Hooks(ctx: IExecuteFunctions, i: number, prepared: V2Prepared): IssueHooks {
	const { kind, reference, options, trace } = prepared;
	const noun = V2_NOUNS[kind];
	const post = async () => {
		try {
			return await request(ctx, { method: 'POST', path: V2_PATHS.documents[kind].create, body: prepared.body, timeoutMs: options.timeoutMs }, { itemIndex: i, what: noun, mutating: true });
		} catch (error) {
			const failure = failureOf(error);
			if (failure) trace.lost = describeLoss(failure);
			throw asNodeError(ctx, error, i);
		}
	};
	const lookup = async () => await lookupByReferenceV2(ctx, i, kind, reference);
	return {
		provider: PROVIDER,
		noun,
		key: `reference_code "${reference}"`,
		keyIsUnique: true,
		howToCheck: `To check: ${titleCase(noun)} → Get Many with the filter Reference Code "${reference}", or look for it in Factus.`,
		async send() {
			trace.ownBlocker = false;
			try {
				return await post();
			} catch (error) {
				const failure = failureOf(error);
				if (!failure || !isPendingBlock(failure)) throw asNodeError(ctx, error, i);
				// The blocker may be this sale's own earlier attempt, which is then the answer.
				const own = await lookup().catch((): Lookup => ({ outcome: 'unknown', reason: 'the lookup failed' }));
				if (own.outcome === 'found') {
					trace.ownBlocker = true;
					throw asNodeError(ctx, error, i);
				}
				if (!options.deleteRejectedAndResend) throw asNodeError(ctx, error, i);
				// Items in flight together meet the same block: one of them clears it, the others wait for that
				// and resend (never two deletes of one document), as in version 1.
				const key = `${await accountKey(ctx)}|v2|${kind}|clear-rejected`;
				trace.deleted.push(...(await singleFlight(key, async () => await clearRejectedBlockers(ctx, i, kind, error))));
				return await post();
			}
		},
		prove(answer) {
			const proof = proveAnswerV2(kind, reference, answer);
			if (!proof) trace.lost = unprovenAnswer(PROVIDER, answer);
			return proof;
		},
		lookup,
		isDuplicate: (failure) => (failure.status === 409 && (!isPendingBlock(failure) || trace.ownBlocker === true)) || isReferenceTaken(failure),
		isDefinite: (failure) => definiteRefusal(failure) || isPendingBlock(failure) || isFinalFailure(failure),
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* The recovery playbook                                                                             */
/* ------------------------------------------------------------------------------------------------ */

function ruleFields(state: DianState): FieldErrors {
	const fields: FieldErrors = {};
	for (const entry of state.rejections) addFieldError(fields, /Regla:\s*([^,]+),/.exec(entry)?.[1]?.trim() ?? '', entry);
	return fields;
}

function rejectionError(ctx: IExecuteFunctions, itemIndex: number, kind: V2Kind, document: IDataObject, state: DianState, earlier: boolean): NodeApiError {
	const noun = V2_NOUNS[kind];
	const number = typeof document.number === 'string' ? ` ${document.number}` : '';
	if (state.regla90) {
		const rule = state.rejections.find((r) => /Regla:\s*90\b/i.test(r)) ?? state.rejections[0];
		return providerApiError(
			ctx.getNode(),
			{ provider: PROVIDER, message: `Factus: DIAN already has this ${noun}${number} (${rule}) — reconcile it manually; it was not deleted and will not be resent`, fields: ruleFields(state), hint: REGLA_90_HINT, code: 'regla90' },
			itemIndex,
		);
	}
	const more = state.rejections.length > 1 ? ` (and ${state.rejections.length - 1} more)` : '';
	return providerApiError(
		ctx.getNode(),
		{
			provider: PROVIDER,
			message: `Factus: DIAN rejected the ${noun}${number}${earlier ? ' sent earlier with this reference_code' : ''}: ${state.rejections[0]}${more}`,
			fields: ruleFields(state),
			hint: `Fix the data and run again with the option "Delete Rejected Document and Resend" on (or delete it with Delete Unvalidated). Factus blocks new ${noun}s while it exists.`,
			code: 'dian_rejected',
		},
		itemIndex,
	);
}

/** Deletes a document only after a fresh look confirms DIAN rejected it (and it is not Regla 90). */
async function deleteIfRejected(ctx: IExecuteFunctions, itemIndex: number, kind: V2Kind, document: IDataObject): Promise<IDataObject | undefined> {
	const number = String(document.number ?? '');
	const fresh = number ? await showV2(ctx, itemIndex, kind, number) : document;
	const state = dianStateV2(fresh);
	if (state.status !== 'rejected' || state.regla90) return undefined;
	const reference = String(fresh.reference_code ?? document.reference_code);
	await request(ctx, { method: 'DELETE', path: V2_PATHS.documents[kind].destroy(reference) }, { itemIndex, what: V2_NOUNS[kind] });
	return { number, reference_code: reference, rejection: state.rejections[0] };
}

async function clearRejectedBlockers(ctx: IExecuteFunctions, itemIndex: number, kind: V2Kind, conflict: unknown): Promise<IDataObject[]> {
	const noun = V2_NOUNS[kind];
	const rows = await listAll(ctx, V2_PATHS.documents[kind].list, { 'filter[status]': 0 }, { itemIndex, limit: 100 });
	const deleted: IDataObject[] = [];
	const waiting: string[] = [];
	const reconcile: string[] = [];
	for (const row of rows) {
		if (row.is_validated === true || typeof row.number !== 'string') continue;
		const fresh = await showV2(ctx, itemIndex, kind, row.number);
		const state = dianStateV2(fresh);
		if (state.status === 'pending') waiting.push(row.number);
		else if (state.regla90) reconcile.push(row.number);
		else if (state.status === 'rejected') {
			const gone = await deleteIfRejected(ctx, itemIndex, kind, fresh);
			if (gone) deleted.push(gone);
		}
	}
	if (waiting.length === 0 && reconcile.length === 0 && deleted.length > 0) return deleted;
	const lines: string[] = [];
	if (deleted.length) lines.push(`Deleted (rejected by DIAN): ${deleted.map((d) => `${String(d.number)} (${String(d.reference_code)})`).join(', ')}.`);
	if (waiting.length) lines.push(`Still waiting for DIAN, not deleted: ${waiting.join(', ')}. Wait for DIAN's answer (${followUpV2(kind)}) and run again.`);
	if (reconcile.length) lines.push(`DIAN already has (Regla 90), not deleted: ${reconcile.join(', ')}. ${REGLA_90_HINT}`);
	if (lines.length === 0) lines.push(`Factus lists no ${noun} that DIAN rejected, so there was nothing the node may delete.`);
	const original = conflict instanceof NodeApiError ? conflict.message : 'Factus answered 409';
	throw localError(ctx.getNode(), { provider: PROVIDER, message: `${original} — the block could not be cleared automatically`, hint: lines.join('\n'), httpCode: 409, code: 'pending_block' }, itemIndex);
}

/* ------------------------------------------------------------------------------------------------ */
/* Output and the create pipeline                                                                    */
/* ------------------------------------------------------------------------------------------------ */

async function output(ctx: IExecuteFunctions, i: number, outcome: IssueOutcome, prepared: V2Prepared): Promise<IDataObject> {
	const { kind, reference, trace } = prepared;
	const noun = V2_NOUNS[kind];
	let current = outcome;
	let state = dianStateV2(current.proof.document);
	if (state.status === 'rejected' && current.how !== 'issued' && !state.regla90 && prepared.options.deleteRejectedAndResend) {
		const gone = await deleteIfRejected(ctx, i, kind, current.proof.document);
		if (gone) trace.deleted.push(gone);
		current = await issueDocument(ctx, i, factusV2Hooks(ctx, i, prepared));
		Object.assign(outcome, current);
		state = dianStateV2(current.proof.document);
	}
	const data = current.proof.document;
	if (state.status === 'rejected') throw rejectionError(ctx, i, kind, data, state, current.how !== 'issued');
	const recovery: IDataObject = {};
	if (current.how !== 'issued') {
		recovery.action = 'returnedExisting';
		recovery.reason =
			current.how === 'existing'
				? `Factus already has a ${noun} with reference_code "${reference}"; it is returned instead of issuing another one`
				: `The ${noun} was sent but ${trace.lost ?? 'its answer was lost'}; Factus has the ${noun} with reference_code "${reference}", which is returned instead of issuing it again`;
		if (current.alreadyIssued) recovery.alreadyIssued = true;
	}
	if (trace.deleted.length) {
		recovery.action = recovery.action ?? 'deletedRejectedAndResent';
		recovery.deletedRejected = trace.deleted;
	}
	const extra: IDataObject = {};
	const parent = V2_PARENTS[kind];
	if (parent && prepared.corrected) {
		const key = V2_AUTHORITY_KEYS[parent.kind];
		extra.corrected = { kind: parent.kind, number: prepared.corrected.number ?? null, [key]: prepared.corrected[key] ?? null };
	}
	if (Object.keys(recovery).length) extra.recovery = recovery;
	return documentOutputV2(kind, data, extra, current.note ? [current.note] : []);
}

export function createSpecV2(kind: V2Kind, prepare: (ctx: IExecuteFunctions, i: number) => Promise<V2Prepared>): CreateSpec<V2Prepared> {
	return {
		prepare,
		hooks: (ctx, i, prepared) => factusV2Hooks(ctx, i, prepared),
		// Factus refuses a second document with the reference code itself: no External Reference store.
		referenceKey: () => undefined,
		output,
	};
}

export const createExecuteV2 = (kind: V2Kind, prepare: (ctx: IExecuteFunctions, i: number) => Promise<V2Prepared>): ItemOperation => createOperation(createSpecV2(kind, prepare));
