/**
 * Factus's side of the duplicate-safe issue protocol (nodes/shared/issue.ts), its create operations, and
 * the recovery playbook of factus.md built on the protocol's outcomes.
 *
 * - Key: the document's `reference_code`, chosen before sending. Factus keeps it unique per kind, so no
 *   External Reference store is needed: a second document with the code is refused by Factus itself
 *   (`keyIsUnique`) with a 409 or a 422 on `reference_code`, and the node returns the existing one.
 * - Proof: the answer's document (`data.bill`, `data.credit_note`, `data.support_document`) with its number
 *   and this reference code, and — once DIAN validated it (status 1) — its CUFE / CUDE / CUDS. v1 answers
 *   carry no CUFE while DIAN has not answered (status 0): such a document is registered at Factus, numbered,
 *   and is returned with `summary.status: "pending"` (or refused as rejected). Any other answer after the
 *   request may have arrived (an HTML page, an empty or cut body, `{ok: false}`, a redirect, a lost
 *   connection, a deadline, a 5xx) is ambiguous and resolved by the lookup.
 * - Lookup: the kind's list filtered by `filter[reference_code]`, then the show endpoint of its one row.
 *   An answer that is not Factus's list, rows of other codes, or several rows: "unknown", never "absent".
 * - Playbook: a 409 "pendiente por enviar" is explained, or — with "Delete Rejected Document and Resend" —
 *   the documents DIAN rejected are deleted (after a fresh look) and this one sent once more; a rejected
 *   earlier attempt with this reference code is deleted and resent on the same option. Never a validated
 *   document, never one DIAN has not answered, never "Regla 90". "Notificación" entries are warnings.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FieldErrors } from '../shared/errors';
import { addFieldError, localError, providerApiError } from '../shared/errors';
import type { ApiResponse, HttpFailure } from '../shared/http';
import { failureOf } from '../shared/http';
import type { DocumentProof, IssueHooks, IssueOutcome, Lookup } from '../shared/issue';
import { definiteRefusal, issueDocument, unprovenAnswer } from '../shared/issue';
import type { CreateSpec, Prepared } from '../shared/pipeline';
import { createOperation } from '../shared/pipeline';
import type { ItemOperation } from '../shared/runner';
import { asNodeError } from '../shared/runner';
import { singleFlight } from '../shared/singleFlight';
import { readItem, resolveCreditedBill } from './input/read';
import type { Kind } from './profile';
import { DEFAULT_CREATE_TIMEOUT_S, followUp, NOUNS, titleCase } from './profile';
import type { DianState } from './summary';
import { authorityOf, dianState, documentOf, documentOutput } from './summary';
import {
	accountKey,
	answerDocument,
	answerWords,
	isFinalFailure,
	isPendingBlock,
	isReferenceTaken,
	listAll,
	PATHS,
	PROVIDER,
	REGLA_90_HINT,
	request,
	rowsByReference,
	show,
} from './transport';

/** The Options of every create (ui/common.ts `createOptionsField`). */
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
export interface FactusPrepared extends Prepared {
	kind: Kind;
	reference: string;
	options: CreateOptions;
	/** Credit notes: the bill corrected. */
	creditedBill?: IDataObject;
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
/* Proof and lookup                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

/** The document an answer (create or show) proves, or undefined. */
export function proveAnswer(kind: Kind, reference: string, answer: ApiResponse): DocumentProof | undefined {
	const found = answerDocument(kind, answer);
	if (!found) return undefined;
	const { data, document } = found;
	const number = typeof document.number === 'string' ? document.number.trim() : '';
	if (number === '' || String(document.reference_code ?? '').trim() !== reference) return undefined;
	const status = Number(document.status);
	const authority = authorityOf(kind, document);
	// Validated by DIAN: its CUFE/CUDE/CUDS is the proof. Not (yet): v1 has no CUFE to give.
	if (status === 1 ? !authority : status !== 0) return undefined;
	return { authorityId: authority ?? '', number, document: data };
}

/** Looks the document up by its reference code: the list, then the show endpoint of the one row. */
export async function lookupByReference(ctx: IExecuteFunctions, itemIndex: number, kind: Kind, reference: string): Promise<Lookup> {
	const noun = NOUNS[kind];
	const found = await rowsByReference(ctx, itemIndex, kind, reference);
	if ('unreadable' in found) return { outcome: 'unknown', reason: found.unreadable };
	if (found.rows.length === 0) return { outcome: 'absent' };
	if (found.rows.length > 1) return { outcome: 'unknown', reason: `Factus lists ${found.rows.length} ${noun}s with reference_code "${reference}"` };
	const number = found.rows[0].number;
	if (typeof number !== 'string' || number.trim() === '') return { outcome: 'unknown', reason: `Factus lists a ${noun} with reference_code "${reference}" but no number` };
	const answer = await request(ctx, { method: 'GET', path: PATHS.documents[kind].show(number), timeoutMs: 30_000 }, { itemIndex, what: noun });
	const proof = proveAnswer(kind, reference, answer);
	if (proof) return { outcome: 'found', proof };
	const what = answer.bodyKind === 'json' ? 'an answer without its number, reference code or CUFE' : answerWords(answer);
	return { outcome: 'unknown', reason: `Factus answered for ${noun} ${number} with ${what}` };
}

/* ------------------------------------------------------------------------------------------------ */
/* Hooks                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** How an answer was lost, in words, for `recovery.reason`. */
function describeLoss(failure: HttpFailure): string {
	if (failure.kind === 'network') return `the connection failed: ${failure.code ?? 'no answer'}${failure.reason === 'deadline' ? ' (no complete answer in time)' : ''}`;
	return `Factus answered HTTP ${failure.status}`;
}

/** The protocol's hooks for one create of `prepared`. */
export function factusHooks(ctx: IExecuteFunctions, i: number, prepared: FactusPrepared): IssueHooks {
	const { kind, reference, options, trace } = prepared;
	const noun = NOUNS[kind];
	const post = async () => {
		try {
			return await request(ctx, { method: 'POST', path: PATHS.documents[kind].create, body: prepared.body, timeoutMs: options.timeoutMs }, { itemIndex: i, what: noun, mutating: true });
		} catch (error) {
			const failure = failureOf(error);
			if (failure) trace.lost = describeLoss(failure);
			throw asNodeError(ctx, error, i);
		}
	};
	const lookup = async () => await lookupByReference(ctx, i, kind, reference);
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
				const key = `${await accountKey(ctx)}|${kind}|clear-rejected`;
				trace.deleted.push(...(await singleFlight(key, async () => await clearRejectedBlockers(ctx, i, kind, error))));
				return await post();
			}
		},
		prove(answer) {
			const proof = proveAnswer(kind, reference, answer);
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
export function rejectionError(ctx: IExecuteFunctions, itemIndex: number, kind: Kind, data: IDataObject, state: DianState, earlier: boolean): NodeApiError {
	const noun = NOUNS[kind];
	const document = documentOf(kind, data);
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
export async function deleteIfRejected(ctx: IExecuteFunctions, itemIndex: number, kind: Kind, document: IDataObject): Promise<IDataObject | undefined> {
	const number = String(document.number ?? '');
	const fresh = number ? documentOf(kind, await show(ctx, itemIndex, kind, number)) : document;
	const state = dianState(fresh);
	if (state.status !== 'rejected' || state.regla90) return undefined;
	const reference = String(fresh.reference_code ?? document.reference_code);
	await request(ctx, { method: 'DELETE', path: PATHS.documents[kind].destroy(reference) }, { itemIndex, what: NOUNS[kind] });
	return { number, reference_code: reference, rejection: state.rejections[0] };
}

/** The 409 block, with the option on: delete what DIAN rejected; leave everything else and say why. */
async function clearRejectedBlockers(ctx: IExecuteFunctions, itemIndex: number, kind: Kind, conflict: unknown): Promise<IDataObject[]> {
	const rows = await listAll(ctx, PATHS.documents[kind].list, { 'filter[status]': 0 }, { itemIndex, limit: 100 });
	const deleted: IDataObject[] = [];
	const waiting: string[] = [];
	const reconcile: string[] = [];
	for (const row of rows) {
		if (Number(row.status) === 1 || typeof row.number !== 'string') continue;
		const fresh = documentOf(kind, await show(ctx, itemIndex, kind, row.number));
		const state = dianState(fresh);
		if (state.status === 'pending') waiting.push(row.number);
		else if (state.regla90) reconcile.push(row.number);
		else if (state.status === 'rejected') {
			const gone = await deleteIfRejected(ctx, itemIndex, kind, fresh);
			if (gone) deleted.push(gone);
		}
	}
	if (waiting.length === 0 && reconcile.length === 0) {
		// Nothing rejected left (a concurrent item or run cleared it after this one was refused): the send is
		// tried once more; a block that remains is then reported as it is.
		return deleted;
	}

	const lines: string[] = [];
	if (deleted.length) lines.push(`Deleted (rejected by DIAN): ${deleted.map((d) => `${String(d.number)} (${String(d.reference_code)})`).join(', ')}.`);
	if (waiting.length) lines.push(`Still waiting for DIAN, not deleted: ${waiting.join(', ')}. Wait for DIAN's answer (${followUp(kind)}) and run again.`);
	if (reconcile.length) lines.push(`DIAN already has (Regla 90), not deleted: ${reconcile.join(', ')}. ${REGLA_90_HINT}`);
	const original = conflict instanceof NodeApiError ? conflict.message : 'Factus answered 409';
	throw localError(
		ctx.getNode(),
		{ provider: PROVIDER, message: `${original} — the block could not be cleared automatically`, hint: lines.join('\n'), httpCode: 409, code: 'pending_block' },
		itemIndex,
	);
}

/* ------------------------------------------------------------------------------------------------ */
/* Create operations                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

/**
 * The item's output: the document with its summary and, when it was not issued by this very answer, a
 * `recovery` block. A rejected earlier attempt with this reference code is deleted and the document sent
 * once more when the option allows it; a rejection is an error.
 */
async function output(ctx: IExecuteFunctions, i: number, outcome: IssueOutcome, prepared: FactusPrepared): Promise<IDataObject> {
	const { kind, reference, trace } = prepared;
	const noun = NOUNS[kind];
	let current = outcome;
	let state = dianState(documentOf(kind, current.proof.document));
	if (state.status === 'rejected' && current.how !== 'issued' && !state.regla90 && prepared.options.deleteRejectedAndResend) {
		const gone = await deleteIfRejected(ctx, i, kind, documentOf(kind, current.proof.document));
		if (gone) trace.deleted.push(gone);
		current = await issueDocument(ctx, i, factusHooks(ctx, i, prepared));
		// The outcome the pipeline reports (Shopify's alreadyIssued) is the one of this send.
		Object.assign(outcome, current);
		state = dianState(documentOf(kind, current.proof.document));
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
	const bill = prepared.creditedBill;
	if (bill) extra.creditedBill = { id: bill.id, number: bill.number, cufe: bill.cufe ?? null };
	if (Object.keys(recovery).length) extra.recovery = recovery;
	return documentOutput(kind, data, extra, current.note ? [current.note] : []);
}

/** Reads and checks item `i` of a create of `kind` (a credit note also reads the bill it corrects). */
async function prepare(ctx: IExecuteFunctions, i: number, kind: Kind): Promise<FactusPrepared> {
	const read = await readItem(ctx, i, kind);
	const options = readCreateOptions(ctx, i);
	const creditedBill = kind === 'creditNote' ? await resolveCreditedBill(ctx, i, read) : undefined;
	return {
		kind,
		body: read.body,
		reference: String(read.body.reference_code ?? '').trim(),
		options,
		shopify: read.shopify,
		creditedBill,
		trace: { deleted: [] },
	};
}

/** The create pipeline of one kind (Bill → Create & Validate, Credit Note → Create, Support Document → Create). */
export function createSpec(kind: Kind): CreateSpec<FactusPrepared> {
	return {
		prepare: async (ctx, i) => await prepare(ctx, i, kind),
		hooks: (ctx, i, prepared) => factusHooks(ctx, i, prepared),
		// Factus refuses a second document with the reference code itself: no External Reference store.
		referenceKey: () => undefined,
		output,
	};
}

export const createExecute = (kind: Kind): ItemOperation => createOperation(createSpec(kind));
