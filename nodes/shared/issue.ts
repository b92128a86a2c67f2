/**
 * The duplicate-safe issue protocol: every create of every provider goes through `issueDocument`.
 *
 * 1. A create counts as issued only when the answer proves the document: the provider's identity of it
 *    (CUFE / codigoGeneracion / tracking ID, and its number where the answer carries one). A 2xx that is
 *    an HTML page, empty, truncated, `{ok:false}`, a redirect — anything else after the request may have
 *    reached the provider — is *ambiguous*.
 * 2. An ambiguous outcome is resolved by a lookup on a key the node chose BEFORE sending and that
 *    identifies this sale alone (the provider hooks say which). A lookup that cannot tell (non-JSON answer,
 *    failure, several candidates, a document claimed by another reference) is "unknown", never "absent",
 *    and never picks a document.
 * 3. An External Reference is reserved in n8n's store (idempotency.ts) before sending and released only
 *    on a definite refusal (the provider certainly created nothing). After anything else it stays, and a
 *    later run resolves it by looking again: the document if it exists, a new send when the provider
 *    certainly has none, and otherwise an error that says exactly what may exist and how to check.
 *
 * Provider folders supply `IssueHooks` (their issue.ts) and never re-implement these steps.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { localError, providerApiError } from './errors';
import type { ProviderName } from './errors';
import type { ApiResponse, HttpFailure } from './http';
import { certainlyNotProcessed, failureOf } from './http';
import { claim, contest, holding, isKnown, release, remember, rememberDurably } from './idempotency';
import { sleep } from './sleep';
import { asNodeError } from './runner';

/** What proves a document exists at the provider. */
export interface DocumentProof {
	/** The provider's authority id: CUFE, codigoGeneracion or tracking ID. Without it nothing counts as issued. */
	authorityId: string;
	/** Document number (SETP990000493, numeroControl, numero_completo); null where the proving source lacks it. */
	number: string | null;
	/** The provider's document as it answered (the create's answer or the lookup's). */
	document: IDataObject;
}

export type Lookup =
	| { outcome: 'found'; proof: DocumentProof }
	/** The provider answered clearly and has no document with the key. */
	| { outcome: 'absent' }
	/** Nothing can be concluded; `reason` says why, in the user's words. */
	| { outcome: 'unknown'; reason: string };

/** When a lookup runs: right after an ambiguous create, or on a later run that finds the reference used. */
export type LookupMoment = 'afterFailure' | 'rerun';

export interface IssueHooks {
	provider: ProviderName;
	/** "bill", "Factura", "invoice" — as the user says it. */
	noun: string;
	/** The lookup key in words: `reference_code "shopify-1001"`, `codigoGeneracion 1B2C…`. */
	key: string;
	/** Sends the create once (through `apiRequest`, which never re-sends an ambiguous create itself). */
	send(): Promise<ApiResponse>;
	/** The document an answer proves, or undefined when it proves none. */
	prove(answer: ApiResponse): DocumentProof | undefined;
	/** Looks the document up by the key chosen before sending. */
	lookup(moment: LookupMoment): Promise<Lookup>;
	/**
	 * True when the provider itself refuses a second document with the key (a reference code the provider keeps unique, a
	 * codigoGeneracion): then sending again after an "absent" lookup can never make a duplicate.
	 */
	keyIsUnique: boolean;
	/** A refusal meaning "a document with this key already exists" (e.g. a 409 or a 422 on the reference field). */
	isDuplicate?(failure: HttpFailure): boolean;
	/** A failure after which the provider certainly created nothing. Default: `definiteRefusal`. */
	isDefinite?(failure: HttpFailure): boolean;
	/** How a person checks by hand, one or two sentences ("Look for reference X in the provider's portal."). */
	howToCheck: string;
	/** Extra facts to record with the reference once a document is known (e.g. which document it is). */
	facts?(proof: DocumentProof): string[];
}

export interface IssueOutcome {
	/** issued: the answer proved it · recovered: the answer was lost, the lookup found it · existing: issued before. */
	how: 'issued' | 'recovered' | 'existing';
	proof: DocumentProof;
	/** The create's answer, when it is what proved the document. */
	response?: ApiResponse;
	/** For recovered / existing: what happened, in the user's words (goes to summary.warnings). */
	note?: string;
	/** The External Reference (or the provider's own key) was used before: nothing new was issued. */
	alreadyIssued: boolean;
}

export interface Reference {
	/** The user's External Reference, for messages. */
	value: string;
	/** Namespaced store key, e.g. `facepro:invoice:ORDER-1001`. */
	storeKey: string;
}

/* ------------------------------------------------------------------------------------------------ */
/* Definite refusals                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

const definite = new WeakSet<object>();

/** Marks an error as "the provider certainly created nothing" (the reservation may be given back). */
export function markDefinite<T>(error: T): T {
	if (error && typeof error === 'object') definite.add(error);
	return error;
}

export function isDefiniteRefusal(error: unknown): boolean {
	return !!error && typeof error === 'object' && definite.has(error);
}

/**
 * The default: never connected, 429/503, or a 4xx refusal of the request (validation, auth, quota, not
 * found) — except 408 and 409, which may follow a processed request.
 */
export function definiteRefusal(failure: HttpFailure): boolean {
	if (certainlyNotProcessed(failure)) return true;
	const status = failure.status ?? 0;
	return failure.kind === 'http' && status >= 400 && status < 500 && status !== 408 && status !== 409;
}

/* ------------------------------------------------------------------------------------------------ */
/* One send                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Why a 2xx answer proves nothing, in words. */
export function unprovenAnswer(provider: string, answer: ApiResponse): string {
	const kind = answer.bodyKind;
	if (kind === 'empty' || answer.body === undefined || answer.body === null || answer.body === '') {
		return `${provider} answered HTTP ${answer.statusCode} with an empty body`;
	}
	if (kind === 'text' || typeof answer.body === 'string') {
		const text = String(answer.body);
		const what = /<(!doctype|html|head|body)\b/i.test(text) ? 'an HTML page' : /^\s*[[{]/.test(text) ? 'an unreadable (cut) JSON answer' : 'a text that is not JSON';
		return `${provider} answered HTTP ${answer.statusCode} with ${what} instead of the document`;
	}
	return `${provider} answered HTTP ${answer.statusCode} without the document's identity`;
}

interface Context {
	ctx: IExecuteFunctions;
	itemIndex: number;
	hooks: IssueHooks;
}

async function safeLookup({ hooks }: Context, moment: LookupMoment): Promise<Lookup> {
	try {
		return await hooks.lookup(moment);
	} catch (error) {
		return { outcome: 'unknown', reason: `looking it up failed too (${messageOf(error)})` };
	}
}

function unresolved(c: Context, cause: string, lookup: Lookup, canRerun: boolean): Error {
	const { hooks } = c;
	const absent = lookup.outcome === 'absent';
	const rerun = canRerun
		? `Running the workflow again is safe: before sending, the node looks for ${hooks.key} again and returns the ${hooks.noun} if it exists.`
		: `Check before running again: running again may issue a second ${hooks.noun}. Setting an External Reference lets the node do this check itself.`;
	const found = absent
		? `Checked right after the failure, ${hooks.provider} had no ${hooks.noun} with ${hooks.key}, so it was most likely not issued.`
		: `Whether it was issued cannot be told: ${lookup.outcome === 'unknown' ? lookup.reason : 'no answer'}. The ${hooks.noun} may exist.`;
	return providerApiError(
		c.ctx.getNode(),
		{
			provider: hooks.provider,
			message: `${hooks.provider} did not confirm the ${hooks.noun} (${cause})`,
			hint: `${found}\n${hooks.howToCheck}\n${rerun}`,
			code: absent ? 'not_issued' : 'unconfirmed',
		},
		c.itemIndex,
	);
}

async function resolveAmbiguous(c: Context, cause: string, canRerun: boolean): Promise<IssueOutcome> {
	const lookup = await safeLookup(c, 'afterFailure');
	if (lookup.outcome === 'found') {
		return {
			how: 'recovered',
			proof: lookup.proof,
			alreadyIssued: false,
			note: `${c.hooks.provider}'s answer was lost (${cause}); the ${c.hooks.noun} was found by ${c.hooks.key} and is returned instead of being issued again`,
		};
	}
	throw unresolved(c, cause, lookup, canRerun);
}

/** Sends once and settles the outcome; throws definite refusals marked as such, and unresolved outcomes. */
async function sendOnce(c: Context, canRerun: boolean): Promise<IssueOutcome> {
	const { hooks } = c;
	let answer: ApiResponse;
	try {
		answer = await hooks.send();
	} catch (error) {
		// Not an HTTP outcome (e.g. a local error while preparing): passed on as it is.
		const failure = failureOf(error);
		if (isDefiniteRefusal(error) || !failure) throw asNodeError(c.ctx, error, c.itemIndex);
		if (hooks.isDuplicate?.(failure)) {
			const lookup = await safeLookup(c, 'afterFailure');
			if (lookup.outcome === 'found') {
				return {
					how: 'existing',
					proof: lookup.proof,
					alreadyIssued: true,
					note: `${hooks.provider} already has a ${hooks.noun} with ${hooks.key}; it is returned instead of issuing another one`,
				};
			}
			throw unresolved(c, messageOf(error), lookup, canRerun);
		}
		if ((hooks.isDefinite ?? definiteRefusal)(failure)) throw markDefinite(asNodeError(c.ctx, error, c.itemIndex));
		return await resolveAmbiguous(c, messageOf(error), canRerun);
	}
	const proof = hooks.prove(answer);
	if (proof) return { how: 'issued', proof, response: answer, alreadyIssued: false };
	return await resolveAmbiguous(c, unprovenAnswer(hooks.provider, answer), canRerun);
}

/* ------------------------------------------------------------------------------------------------ */
/* The protocol                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

/** Store key of the fact "an earlier attempt for this reference ended without an answer". */
const unresolvedKey = (reference: Reference) => `${reference.storeKey}#unresolved`;

function referenceUnresolved(c: Context, reference: Reference, lookup: Lookup, inFlightPossible: boolean): Error {
	const { hooks } = c;
	const why =
		lookup.outcome === 'unknown'
			? `whether ${hooks.provider} has its ${hooks.noun} cannot be told: ${lookup.reason}`
			: inFlightPossible
				? `${hooks.provider} has no ${hooks.noun} with ${hooks.key} yet — another execution may be issuing it right now`
				: `${hooks.provider} has no ${hooks.noun} with ${hooks.key}`;
	return localError(
		c.ctx.getNode(),
		{
			provider: hooks.provider,
			message: `External Reference "${reference.value}" was used before and ${why}; nothing was sent`,
			hint:
				`${hooks.howToCheck}\n` +
				'If it exists, use it (Get); if an earlier attempt certainly issued nothing, run again with Options → Issue Again If Earlier Attempt Not Found.',
			code: 'reference_unresolved',
		},
		c.itemIndex,
	);
}

/**
 * How long a run waits for the document of another execution that claimed the same reference at the same
 * moment (a re-delivery landing on another queue-mode worker) and is issuing it now.
 */
export const IN_FLIGHT_WAIT_MS = 90_000;
/**
 * How long a run waits when the reference was claimed shortly before, by an execution that may still be
 * sending it (or by an earlier one whose end was never recorded: then the wait ends in a clear error).
 */
export const EARLIER_WAIT_MS = 15_000;
/** Pauses between looks while waiting (each look is a provider lookup). */
const IN_FLIGHT_PAUSES_MS = [2000, 3000, 5000, 8000, 10_000];

/** Unique per item and run: which execution wrote a contested claim. */
function bidderOf(ctx: IExecuteFunctions, itemIndex: number): string {
	return `${ctx.getExecutionId() ?? 'run'}:${itemIndex}:${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * The reference was claimed before (an earlier run, or another execution right now). Returns the document
 * when the provider has it; undefined when sending is safe (the provider refuses duplicates itself, an
 * earlier attempt is known to have ended unresolved, or the user asked to send again); throws otherwise.
 * While another execution may still be issuing it, waits for its document (up to `waitMs`).
 */
async function settleEarlier(c: Context, reference: Reference, options: IssueOptions, waitMs: number): Promise<IssueOutcome | undefined> {
	const { ctx, hooks } = c;
	const deadline = Date.now() + waitMs;
	for (let look = 0; ; look++) {
		const lookup = await safeLookup(c, 'rerun');
		if (lookup.outcome === 'found') {
			await remember(ctx, [reference.storeKey, ...(hooks.facts?.(lookup.proof) ?? [])]);
			return {
				how: 'existing',
				proof: lookup.proof,
				alreadyIssued: true,
				note:
					look === 0
						? `Already issued earlier for External Reference "${reference.value}"; nothing was sent again`
						: `Another execution was issuing External Reference "${reference.value}" at the same moment; its ${hooks.noun} is returned and nothing was sent again`,
			};
		}
		if (lookup.outcome === 'unknown') throw referenceUnresolved(c, reference, lookup, false);
		// Absent: sending again is safe when the provider refuses duplicates itself, or when an earlier
		// attempt is known to have ended unresolved (no execution is still sending it), or when asked to.
		const earlierEnded = hooks.keyIsUnique || options.reissueWhenAbsent === true || (await isKnown(ctx, unresolvedKey(reference)));
		if (earlierEnded) return undefined;
		const pause = IN_FLIGHT_PAUSES_MS[Math.min(look, IN_FLIGHT_PAUSES_MS.length - 1)];
		if (Date.now() + pause > deadline) throw referenceUnresolved(c, reference, lookup, true);
		await sleep(pause);
	}
}

export interface IssueOptions {
	/** The External Reference guard (omit when the user gave none). */
	reference?: Reference;
	/** The user asked to send again when a used reference has no document at the provider. */
	reissueWhenAbsent?: boolean;
}

/**
 * Issues one document under the protocol and returns how it came to exist. Errors: definite refusals
 * (marked, the reference given back) and unresolved outcomes (the reference kept, the message says what
 * may exist and how to check).
 */
export async function issueDocument(
	ctx: IExecuteFunctions,
	itemIndex: number,
	hooks: IssueHooks,
	options: IssueOptions = {},
): Promise<IssueOutcome> {
	const c: Context = { ctx, itemIndex, hooks };
	const { reference } = options;
	if (!reference) return await sendOnce(c, hooks.keyIsUnique);

	// Two items or executions of this process with the same reference: one after the other. Executions of
	// other processes (queue-mode workers) claiming it at the same moment: one holds it, unless the provider
	// itself refuses a second document with the key.
	return await holding(reference.storeKey, async () => {
		const claimed = hooks.keyIsUnique
			? (await claim(ctx, reference.storeKey)) ? 'held' : 'earlier'
			: await contest(ctx, reference.storeKey, bidderOf(ctx, itemIndex));
		const first = claimed === 'held';
		if (!first) {
			const earlier = await settleEarlier(c, reference, options, claimed === 'rival' ? IN_FLIGHT_WAIT_MS : EARLIER_WAIT_MS);
			if (earlier) return earlier;
		}
		try {
			const outcome = await sendOnce(c, true);
			// Without a key the provider enforces, a rival of another worker may be waiting to read these facts
			// (and its probes of the store can undo a write of ours that crossed them).
			await (hooks.keyIsUnique ? remember : rememberDurably)(ctx, [reference.storeKey, ...(hooks.facts?.(outcome.proof) ?? [])]);
			if (!first && outcome.how === 'issued') {
				outcome.note = `An earlier attempt for External Reference "${reference.value}" left no ${hooks.noun} at ${hooks.provider}; it was issued now`;
			}
			return outcome;
		} catch (error) {
			if (isDefiniteRefusal(error)) await release(ctx, reference.storeKey);
			else await remember(ctx, [reference.storeKey, unresolvedKey(reference)]);
			throw asNodeError(ctx, error, itemIndex);
		}
	});
}
