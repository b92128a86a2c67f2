/**
 * The recovery playbook of factus.md, built into every create and delete:
 * - after an ambiguous failure (timeout, reset, 5xx) or a 409, the document is looked up by its
 *   `reference_code` and returned instead of being issued again (Factus's own duplicate guard makes a
 *   second bill impossible; the lookup turns "already exists" into the existing bill);
 * - a 409 pending block is explained; with the opt-in option, documents DIAN *rejected* are deleted and
 *   the document is sent once more — never a validated one, never one DIAN has not answered, never
 *   "Regla: 90", which is reported for manual reconciliation;
 * - "Notificación" entries stay on a valid document as warnings (summary.ts).
 *
 * Why no lookup *before* every create: Factus refuses a second document with the same reference code,
 * and the lookup after that refusal returns the existing one with the same friendly answer, while a
 * lookup per item would halve what a bulk run gets out of the 80-requests-per-minute budget.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FieldErrors } from '../shared/errors';
import { addFieldError, localError, providerApiError } from '../shared/errors';
import { asNodeError } from '../shared/runner';
import type { ApiResponse, HttpFailure } from '../shared/http';
import { findByReference, findRowByReference, followUp, NOUNS, showDocument } from './documents';
import { dianState, documentOf } from './summary';
import type { DianState } from './summary';
import { factusRequest, listAll, PROVIDER, readErrorBody, REGLA_90_HINT, V1_PATHS } from './transport';
import type { V1Kind } from './wire/v1';

export interface CreateOptions {
	/** Opt-in: on a 409 block, delete documents DIAN rejected and send once more. */
	deleteRejectedAndResend: boolean;
}

export interface CreateResult {
	/** The show/create answer's `data`. */
	data: IDataObject;
	/** Present when the node returned an existing document or cleared a block. */
	recovery?: IDataObject;
}

type ErrorWithContext = { context?: { providerCode?: unknown }; description?: string | null | undefined };

const providerCode = (error: unknown) => (error as ErrorWithContext)?.context?.providerCode as string | undefined;

function appendHint(error: unknown, hint: string): void {
	const e = error as ErrorWithContext;
	e.description = [e.description, hint].filter((p) => typeof p === 'string' && p !== '').join('\n\n');
}

/** Rejection entries keyed by their DIAN rule ("Regla: FAJ43b, Rechazo: …" → FAJ43b). */
function ruleFields(state: DianState): FieldErrors {
	const fields: FieldErrors = {};
	for (const entry of state.rejections) addFieldError(fields, /Regla:\s*([^,]+),/.exec(entry)?.[1]?.trim() ?? '', entry);
	return fields;
}

function describeLoss(failure: HttpFailure): string {
	if (failure.kind === 'network') return `the connection failed: ${failure.code ?? 'no answer'}`;
	return `Factus answered HTTP ${failure.status}`;
}

/** Creates a bill, credit note or support document under the playbook. `body` has passed the local rules. */
export async function createDocument(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: V1Kind,
	body: IDataObject,
	options: CreateOptions,
): Promise<CreateResult> {
	const noun = NOUNS[kind];
	const reference = String(body.reference_code ?? '').trim();
	let recoveredBecause: string | undefined;
	/** Factus refused the reference_code as taken: the document is an earlier run's, not this one's. */
	let existedBefore = false;
	let lookedUp = false;

	const send = async (): Promise<ApiResponse<IDataObject>> => {
		recoveredBecause = undefined;
		existedBefore = false;
		lookedUp = false;
		return await factusRequest<IDataObject>(
			ctx,
			{ method: 'POST', path: V1_PATHS[kind].create, body, timeoutMs: 120_000 },
			{
				itemIndex,
				what: noun,
				mutating: true,
				// A 409 may mean "this very document is already there"; a 422 on reference_code means it is.
				isAmbiguous: (f) => f.status === 409 || (f.status === 422 && readErrorBody(f.body).fields.reference_code !== undefined),
				recover: async (failure) => {
					let found: IDataObject | undefined;
					try {
						found = await findByReference(ctx, itemIndex, kind, reference);
					} catch (lookupError) {
						throw providerApiError(
							ctx.getNode(),
							{
								provider: PROVIDER,
								message: `Factus: the ${noun} was sent but ${describeLoss(failure)}, and looking it up by reference_code "${reference}" failed too`,
								hint:
									`The ${noun} may or may not exist (lookup: ${(lookupError as Error).message}). Look for reference_code "${reference}" in Factus. ` +
									`Running the workflow again is safe: Factus refuses a second ${noun} with the same reference_code, and this node then returns the existing one.`,
								code: 'unknown_outcome',
							},
							itemIndex,
						);
					}
					lookedUp = true;
					if (!found) return undefined;
					// A 409 or a 422 is a definite refusal of this request: the document found was issued before it.
					existedBefore = failure.status === 409 || failure.status === 422;
					recoveredBecause = existedBefore
						? `Factus already has a ${noun} with reference_code "${reference}"; it is returned instead of issuing another one`
						: `The ${noun} was sent but ${describeLoss(failure)}; Factus has the ${noun} with reference_code "${reference}", which is returned instead of issuing it again`;
					return { statusCode: 200, headers: {}, body: { status: 'OK', data: found }, attempts: 1 };
				},
			},
		);
	};

	const deleted: IDataObject[] = [];
	let response: ApiResponse<IDataObject>;
	try {
		response = await send();
	} catch (error) {
		const code = providerCode(error);
		if (code === 'pending_block' && options.deleteRejectedAndResend) {
			deleted.push(...(await clearRejectedBlockers(ctx, itemIndex, kind, error)));
			response = await send();
		} else {
			if ((code === 'network' || code === 'server_error') && lookedUp) {
				appendHint(
					error,
					`Checked right after the failure, Factus had no ${noun} with reference_code "${reference}", so nothing was issued then. ` +
						`Running again is safe: Factus refuses a second ${noun} with the same reference_code, and this node then returns the existing one.`,
				);
			}
			throw asNodeError(ctx, error, itemIndex);
		}
	}

	let data = ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
	let state = dianState(documentOf(kind, data));
	if (state.status === 'rejected' && response.recovered && !state.regla90 && options.deleteRejectedAndResend) {
		// An earlier attempt with this reference code was rejected: delete it (after a fresh check) and send this one.
		const gone = await deleteIfRejected(ctx, itemIndex, kind, documentOf(kind, data));
		if (gone) deleted.push(gone);
		response = await send();
		data = ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
		state = dianState(documentOf(kind, data));
	}
	if (state.status === 'rejected') throw rejectionError(ctx, itemIndex, kind, data, state, response.recovered === true);

	const recovery: IDataObject = {};
	if (recoveredBecause) {
		recovery.action = 'returnedExisting';
		recovery.reason = recoveredBecause;
		if (existedBefore) recovery.alreadyIssued = true;
	}
	if (deleted.length) {
		recovery.action = recovery.action ?? 'deletedRejectedAndResent';
		recovery.deletedRejected = deleted;
	}
	return { data, recovery: Object.keys(recovery).length ? recovery : undefined };
}

/** DIAN rejected the document (or already has it: Regla 90). */
export function rejectionError(ctx: IExecuteFunctions, itemIndex: number, kind: V1Kind, data: IDataObject, state: DianState, earlier: boolean): NodeApiError {
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
async function deleteIfRejected(ctx: IExecuteFunctions, itemIndex: number, kind: V1Kind, document: IDataObject): Promise<IDataObject | undefined> {
	const number = String(document.number ?? '');
	const fresh = number ? documentOf(kind, await showDocument(ctx, itemIndex, kind, number)) : document;
	const state = dianState(fresh);
	if (state.status !== 'rejected' || state.regla90) return undefined;
	const reference = String(fresh.reference_code ?? document.reference_code);
	await factusRequest(ctx, { method: 'DELETE', path: V1_PATHS[kind].destroy(reference) }, { itemIndex, what: NOUNS[kind] });
	return { number, reference_code: reference, rejection: state.rejections[0] };
}

/** Step 1 of the playbook for a 409: delete what DIAN rejected; leave everything else and say why. */
async function clearRejectedBlockers(ctx: IExecuteFunctions, itemIndex: number, kind: V1Kind, conflict: unknown): Promise<IDataObject[]> {
	const noun = NOUNS[kind];
	const rows = await listAll(ctx, V1_PATHS[kind].list, { 'filter[status]': 0 }, { itemIndex, limit: 100 });
	const deleted: IDataObject[] = [];
	const waiting: string[] = [];
	const reconcile: string[] = [];
	for (const row of rows) {
		if (Number(row.status) === 1 || typeof row.number !== 'string') continue;
		const fresh = documentOf(kind, await showDocument(ctx, itemIndex, kind, row.number));
		const state = dianState(fresh);
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
	if (waiting.length) lines.push(`Still waiting for DIAN, not deleted: ${waiting.join(', ')}. Wait for DIAN's answer (${followUp(kind)}) and run again.`);
	if (reconcile.length) lines.push(`DIAN already has (Regla 90), not deleted: ${reconcile.join(', ')}. ${REGLA_90_HINT}`);
	if (lines.length === 0) lines.push(`Factus lists no ${noun} that DIAN rejected, so there was nothing the node may delete.`);
	const original = conflict instanceof NodeApiError ? conflict.message : 'Factus answered 409';
	throw localError(
		ctx.getNode(),
		{ provider: PROVIDER, message: `${original} — the block could not be cleared automatically`, hint: lines.join('\n'), httpCode: 409, code: 'pending_block' },
		itemIndex,
	);
}

/** Delete Unvalidated: only what DIAN has not validated, never Regla 90, and a pending one only when asked. */
export async function deleteUnvalidated(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: V1Kind,
	reference: string,
	options: { allowPending: boolean },
): Promise<IDataObject> {
	const noun = NOUNS[kind];
	const row = await findRowByReference(ctx, itemIndex, kind, reference);
	if (!row || typeof row.number !== 'string') {
		throw localError(ctx.getNode(), { provider: PROVIDER, message: `Factus has no ${noun} with reference_code "${reference}"`, code: 'not_found', httpCode: 404 }, itemIndex);
	}
	const document = documentOf(kind, await showDocument(ctx, itemIndex, kind, row.number));
	const state = dianState(document);
	const refuse = (message: string, hint: string, code: string) =>
		localError(ctx.getNode(), { provider: PROVIDER, message, hint, code }, itemIndex);
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
			`DIAN may still validate it. Wait for its answer (${followUp(kind)}), or resend it with the same reference code so Factus checks it again. Turn on "Delete Even If DIAN Has Not Answered" only if you are sure.`,
			'pending',
		);
	}
	const response = await factusRequest(ctx, { method: 'DELETE', path: V1_PATHS[kind].destroy(reference) }, { itemIndex, what: noun });
	const body = (response.body ?? {}) as JsonObject;
	return {
		deleted: true,
		number: row.number,
		reference_code: reference,
		previousStatus: state.status,
		message: typeof body.message === 'string' ? body.message : `Deleted ${noun} ${row.number}`,
	};
}
