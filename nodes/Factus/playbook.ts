/**
 * Factus's side of the duplicate-safe issue protocol (nodes/shared/issue.ts) and the recovery playbook of
 * factus.md — once, for both API versions. v1 (issue.ts) and v2 (wire/v2/issue.ts) differ only in their
 * dialect: paths, how an answer proves a document, how a document is shown and read; everything a create does
 * around the request is here.
 *
 * - Key: the document's `reference_code`, chosen before sending. Factus keeps it unique per kind, so no
 *   External Reference store is needed: a second document with the code is refused by Factus itself
 *   (`keyIsUnique`) with a 409 or a 422 on `reference_code`, and the node returns the existing one.
 * - Lookup: the kind's list filtered by `filter[reference_code]`, then the show endpoint of its one row.
 *   An answer that is not Factus's list, rows of other codes, or several rows: "unknown", never "absent".
 * - Playbook: a 409 "pendiente por enviar" is this sale's own earlier attempt (returned) or explained, or —
 *   with "Delete Rejected Document and Resend" — the documents DIAN rejected are deleted (after a fresh look,
 *   once for all the items blocked together) and this one sent once more; a rejected earlier attempt with this
 *   reference code is deleted and resent on the same option. Never a validated document, never one DIAN has
 *   not answered, never "Regla 90".
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FieldErrors } from '../shared/errors';
import { addFieldError, localError, providerApiError } from '../shared/errors';
import type { ApiResponse, HttpFailure } from '../shared/http';
import { failureOf } from '../shared/http';
import type { DocumentProof, IssueHooks, IssueOutcome, Lookup } from '../shared/issue';
import { definiteRefusal, issueDocument, unprovenAnswer } from '../shared/issue';
import type { Prepared } from '../shared/pipeline';
import { asNodeError } from '../shared/runner';
import { singleFlight } from '../shared/singleFlight';
import { DEFAULT_CREATE_TIMEOUT_S, titleCase } from './profile';
import type { DianState } from './summary';
import type { ReferenceRows } from './transport';
import { accountKey, answerWords, isFinalFailure, isPendingBlock, isReferenceTaken, listAll, PROVIDER, REGLA_90_HINT, request } from './transport';

/* ------------------------------------------------------------------------------------------------ */
/* What differs between the API versions                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** One API version of Factus, as the playbook needs it. */
export interface FactusDialect<K extends string> {
	/** Keeps process-wide keys (the single-flight clearing) apart per version. */
	api: 'v1' | 'v2';
	nouns: Record<K, string>;
	paths: Record<K, { create: string; list: string; show(number: string): string; destroy(reference: string): string }>;
	/** The document an answer (create or show) proves, or undefined. */
	prove(kind: K, reference: string, answer: ApiResponse): DocumentProof | undefined;
	/** The kind's list rows with this reference code, or why the answer cannot tell. */
	rowsByReference(ctx: IExecuteFunctions, itemIndex: number, kind: K, reference: string): Promise<ReferenceRows>;
	/** GET show → the answer's data (v1: company, customer, bill…; v2: the document itself). */
	show(ctx: IExecuteFunctions, itemIndex: number, kind: K, number: string): Promise<IDataObject>;
	/** A proof's document (as answered) → the document whose DIAN state counts. */
	documentOf(kind: K, data: IDataObject): IDataObject;
	dianState(document: IDataObject): DianState;
	/** A list row of a document DIAN validated (never deleted). */
	isValidatedRow(row: IDataObject): boolean;
	/** The operation that waits for DIAN's answer, in words. */
	followUp(kind: K): string;
	/** What a JSON show answer may lack for a proof, in words ("number, reference code or CUFE"). */
	proofWords: string;
}

/* ------------------------------------------------------------------------------------------------ */
/* Options and the prepared item                                                                     */
/* ------------------------------------------------------------------------------------------------ */

/** The Options of every create (ui/common.ts `createOptionsField`, ui/v2/create.ts). */
export interface CreateOptions {
	/** Opt-in: on a 409 block, delete documents DIAN rejected and send once more. */
	deleteRejectedAndResend: boolean;
	/** Deadline of the create request; after it the document is looked up by its reference code. */
	timeoutMs: number;
}

export function readCreateOptions(ctx: IExecuteFunctions, itemIndex: number): CreateOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const seconds = Number(options.timeout ?? DEFAULT_CREATE_TIMEOUT_S);
	return {
		deleteRejectedAndResend: options.deleteRejectedAndResend === true,
		timeoutMs: Math.max(1, Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_CREATE_TIMEOUT_S) * 1000,
	};
}

/** One create of one item: its checked body and what the playbook did on the way. */
export interface PlaybookPrepared<K extends string> extends Prepared {
	kind: K;
	reference: string;
	options: CreateOptions;
	trace: {
		/** Why the last answer was lost, in words ("the connection failed: ECONNRESET"). */
		lost?: string;
		/** The 409 block of the last send is this sale's own earlier attempt. */
		ownBlocker?: boolean;
		/** Documents DIAN rejected that the playbook deleted. */
		deleted: IDataObject[];
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Lookup and hooks                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

/** Looks the document up by its reference code: the list, then the show endpoint of the one row. */
export async function lookupByReference<K extends string>(d: FactusDialect<K>, ctx: IExecuteFunctions, itemIndex: number, kind: K, reference: string): Promise<Lookup> {
	const noun = d.nouns[kind];
	const found = await d.rowsByReference(ctx, itemIndex, kind, reference);
	if ('unreadable' in found) return { outcome: 'unknown', reason: found.unreadable };
	if (found.rows.length === 0) return { outcome: 'absent' };
	if (found.rows.length > 1) return { outcome: 'unknown', reason: `Factus lists ${found.rows.length} ${noun}s with reference_code "${reference}"` };
	const number = found.rows[0].number;
	if (typeof number !== 'string' || number.trim() === '') return { outcome: 'unknown', reason: `Factus lists a ${noun} with reference_code "${reference}" but no number` };
	const answer = await request(ctx, { method: 'GET', path: d.paths[kind].show(number), timeoutMs: 30_000 }, { itemIndex, what: noun });
	const proof = d.prove(kind, reference, answer);
	if (proof) return { outcome: 'found', proof };
	const what = answer.bodyKind === 'json' ? `an answer without its ${d.proofWords}` : answerWords(answer);
	return { outcome: 'unknown', reason: `Factus answered for ${noun} ${number} with ${what}` };
}

/** How an answer was lost, in words, for `recovery.reason`. */
function describeLoss(failure: HttpFailure): string {
	if (failure.kind === 'network') return `the connection failed: ${failure.code ?? 'no answer'}${failure.reason === 'deadline' ? ' (no complete answer in time)' : ''}`;
	return `Factus answered HTTP ${failure.status}`;
}

/** The protocol's hooks for one create of `prepared`. */
export function factusIssueHooks<K extends string>(d: FactusDialect<K>, ctx: IExecuteFunctions, i: number, prepared: PlaybookPrepared<K>): IssueHooks {
	const { kind, reference, options, trace } = prepared;
	const noun = d.nouns[kind];
	const post = async () => {
		try {
			return await request(ctx, { method: 'POST', path: d.paths[kind].create, body: prepared.body, timeoutMs: options.timeoutMs }, { itemIndex: i, what: noun, mutating: true });
		} catch (error) {
			const failure = failureOf(error);
			if (failure) trace.lost = describeLoss(failure);
			throw asNodeError(ctx, error, i);
		}
	};
	const lookup = async () => await lookupByReference(d, ctx, i, kind, reference);
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
				// Factus blocks new documents while one is unvalidated; the blocker may be this sale's own
				// earlier attempt, which is then the answer (the protocol looks it up as a duplicate).
				const own = await lookup().catch((): Lookup => ({ outcome: 'unknown', reason: 'the lookup failed' }));
				if (own.outcome === 'found') {
					trace.ownBlocker = true;
					throw asNodeError(ctx, error, i);
				}
				if (!options.deleteRejectedAndResend) throw asNodeError(ctx, error, i);
				// Items in flight together meet the same block: one of them clears it, the others wait for
				// that and resend (never two deletes of one document, never a second clearing meanwhile).
				const key = `${await accountKey(ctx)}|${d.api}|${kind}|clear-rejected`;
				trace.deleted.push(...(await singleFlight(key, async () => await clearRejectedBlockers(d, ctx, i, kind, error))));
				return await post();
			}
		},
		prove(answer) {
			const proof = d.prove(kind, reference, answer);
			if (!proof) trace.lost = unprovenAnswer(PROVIDER, answer);
			return proof;
		},
		lookup,
		// A taken reference code: Factus's own refusal of a second document (never the pending block, unless
		// the blocker is this very sale).
		isDuplicate: (failure) => (failure.status === 409 && (!isPendingBlock(failure) || trace.ownBlocker === true)) || isReferenceTaken(failure),
		// Refused before anything was created: the pending block, a refused login, and the 4xx refusals.
		isDefinite: (failure) => definiteRefusal(failure) || isPendingBlock(failure) || isFinalFailure(failure),
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* The recovery playbook                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** Rejection entries keyed by their DIAN rule ("Regla: FAJ43b, Rechazo: …" → FAJ43b). */
function ruleFields(state: DianState): FieldErrors {
	const fields: FieldErrors = {};
	for (const entry of state.rejections) addFieldError(fields, /Regla:\s*([^,]+),/.exec(entry)?.[1]?.trim() ?? '', entry);
	return fields;
}

/** DIAN rejected the document (or already has it: Regla 90). */
export function rejectionError(ctx: IExecuteFunctions, itemIndex: number, noun: string, document: IDataObject, state: DianState, earlier: boolean): NodeApiError {
	const number = typeof document.number === 'string' ? ` ${document.number}` : '';
	if (state.regla90) {
		const rule = state.rejections.find((r) => /Regla:\s*90\b/i.test(r)) ?? state.rejections[0];
		return providerApiError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `Factus: DIAN already has this ${noun}${number} (${rule}) — reconcile it manually; it was not deleted and will not be resent`,
				fields: ruleFields(state),
				hint: REGLA_90_HINT,
				code: 'regla90',
			},
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
async function deleteIfRejected<K extends string>(d: FactusDialect<K>, ctx: IExecuteFunctions, itemIndex: number, kind: K, document: IDataObject): Promise<IDataObject | undefined> {
	const number = String(document.number ?? '');
	const fresh = number ? await d.documentOf(kind, await d.show(ctx, itemIndex, kind, number)) : document;
	const state = d.dianState(fresh);
	if (state.status !== 'rejected' || state.regla90) return undefined;
	const reference = String(fresh.reference_code ?? document.reference_code);
	await request(ctx, { method: 'DELETE', path: d.paths[kind].destroy(reference) }, { itemIndex, what: d.nouns[kind] });
	return { number, reference_code: reference, rejection: state.rejections[0] };
}

/** The 409 block, with the option on: delete what DIAN rejected; leave everything else and say why. */
async function clearRejectedBlockers<K extends string>(d: FactusDialect<K>, ctx: IExecuteFunctions, itemIndex: number, kind: K, conflict: unknown): Promise<IDataObject[]> {
	const rows = await listAll(ctx, d.paths[kind].list, { 'filter[status]': 0 }, { itemIndex, limit: 100 });
	const deleted: IDataObject[] = [];
	const waiting: string[] = [];
	const reconcile: string[] = [];
	for (const row of rows) {
		if (d.isValidatedRow(row) || typeof row.number !== 'string') continue;
		const fresh = await d.documentOf(kind, await d.show(ctx, itemIndex, kind, row.number));
		const state = d.dianState(fresh);
		if (state.status === 'pending') waiting.push(row.number);
		else if (state.regla90) reconcile.push(row.number);
		else if (state.status === 'rejected') {
			const gone = await deleteIfRejected(d, ctx, itemIndex, kind, fresh);
			if (gone) deleted.push(gone);
		}
	}
	if (waiting.length === 0 && reconcile.length === 0) {
		// Nothing rejected left (a concurrent item or run cleared it after this one was refused): the send is
		// tried once more; a block that remains is then reported as it is.
		return deleted;
	}

	const lines: string[] = [];
	if (deleted.length) lines.push(`Deleted (rejected by DIAN): ${deleted.map((g) => `${String(g.number)} (${String(g.reference_code)})`).join(', ')}.`);
	if (waiting.length) lines.push(`Still waiting for DIAN, not deleted: ${waiting.join(', ')}. Wait for DIAN's answer (${d.followUp(kind)}) and run again.`);
	if (reconcile.length) lines.push(`DIAN already has (Regla 90), not deleted: ${reconcile.join(', ')}. ${REGLA_90_HINT}`);
	const original = conflict instanceof NodeApiError ? conflict.message : 'Factus answered 409';
	throw localError(
		ctx.getNode(),
		{ provider: PROVIDER, message: `${original} — the block could not be cleared automatically`, hint: lines.join('\n'), httpCode: 409, code: 'pending_block' },
		itemIndex,
	);
}

/**
 * The item's output: the document with its summary and, when it was not issued by this very answer, a
 * `recovery` block. A rejected earlier attempt with this reference code is deleted and the document sent
 * once more when the option allows it; a rejection is an error. `render` gives the version's output shape
 * with `extra` (e.g. the corrected bill) beside the recovery block.
 */
export async function playbookOutput<K extends string>(
	d: FactusDialect<K>,
	ctx: IExecuteFunctions,
	i: number,
	outcome: IssueOutcome,
	prepared: PlaybookPrepared<K>,
	extra: IDataObject,
	render: (data: IDataObject, extra: IDataObject, notes: string[]) => IDataObject,
): Promise<IDataObject> {
	const { kind, reference, trace } = prepared;
	const noun = d.nouns[kind];
	let current = outcome;
	let state = d.dianState(d.documentOf(kind, current.proof.document));
	if (state.status === 'rejected' && current.how !== 'issued' && !state.regla90 && prepared.options.deleteRejectedAndResend) {
		const gone = await deleteIfRejected(d, ctx, i, kind, d.documentOf(kind, current.proof.document));
		if (gone) trace.deleted.push(gone);
		current = await issueDocument(ctx, i, factusIssueHooks(d, ctx, i, prepared));
		// The outcome the pipeline reports (Shopify's alreadyIssued) is the one of this send.
		Object.assign(outcome, current);
		state = d.dianState(d.documentOf(kind, current.proof.document));
	}
	const data = current.proof.document;
	if (state.status === 'rejected') throw rejectionError(ctx, i, noun, d.documentOf(kind, data), state, current.how !== 'issued');

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
	const all: IDataObject = { ...extra };
	if (Object.keys(recovery).length) all.recovery = recovery;
	return render(data, all, current.note ? [current.note] : []);
}

/**
 * Delete Unvalidated: deletes by reference code a document DIAN never validated, after checking its state
 * afresh; a validated one and a "Regla 90" one are refused without a request to delete, and one DIAN has
 * not answered only with the explicit option (factus.md's recovery playbook, steps 2–4).
 */
export async function deleteUnvalidated<K extends string>(
	d: FactusDialect<K>,
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: K,
	reference: string,
	options: { allowPending: boolean },
): Promise<IDataObject> {
	const noun = d.nouns[kind];
	const refuse = (message: string, hint: string | undefined, code: string) => localError(ctx.getNode(), { provider: PROVIDER, message, hint, code }, itemIndex);
	const found = await d.rowsByReference(ctx, itemIndex, kind, reference);
	if ('unreadable' in found) throw refuse(`Factus could not tell which ${noun} has reference_code "${reference}": ${found.unreadable}; nothing was deleted`, 'Run again later.', 'unreadable');
	const row = found.rows[0];
	if (found.rows.length !== 1 || typeof row.number !== 'string') {
		throw localError(ctx.getNode(), { provider: PROVIDER, message: `Factus has no ${noun} with reference_code "${reference}"`, code: 'not_found', httpCode: 404 }, itemIndex);
	}
	const state = d.dianState(await d.documentOf(kind, await d.show(ctx, itemIndex, kind, row.number)));
	if (state.status === 'accepted') {
		throw refuse(
			`The ${noun} ${row.number} is validated by DIAN and is never deleted`,
			kind === 'bill' ? 'To cancel a validated bill, issue a credit note (Credit Note → Create, concept 2 annulment).' : 'A validated document stays; correct it with a note.',
			'validated',
		);
	}
	if (state.regla90) throw refuse(`Factus: DIAN already has the ${noun} ${row.number} (Regla 90); it was not deleted`, REGLA_90_HINT, 'regla90');
	if (state.status === 'pending' && !options.allowPending) {
		throw refuse(
			`The ${noun} ${row.number} is still waiting for DIAN; it was not deleted`,
			`DIAN may still validate it. Wait for its answer (${d.followUp(kind)}), or resend it with the same reference code so Factus checks it again. Turn on "Delete Even If DIAN Has Not Answered" only if you are sure.`,
			'pending',
		);
	}
	const response = await request(ctx, { method: 'DELETE', path: d.paths[kind].destroy(reference) }, { itemIndex, what: noun });
	const body = (response.body ?? {}) as JsonObject;
	return {
		deleted: true,
		number: row.number,
		reference_code: reference,
		previousStatus: state.status,
		message: typeof body.message === 'string' ? body.message : `Deleted ${noun} ${row.number}`,
	};
}

