/**
 * Emitting a RADIAN event, never twice: the one path for the issuer's tacit acceptance (034) and the
 * receiver's 030–033.
 *
 * 1. Under a hold on the invoice (items of a batch, or executions of this process, touching the same
 *    invoice run one after another), its events are read. Already there → success with
 *    `alreadyEmitted: true`, nothing sent. Against DIAN's order → a local error, nothing sent.
 * 2. Otherwise the event goes through the shared issue protocol (nodes/shared/issue.ts): reserved in n8n's
 *    deduplication store under invoice + event, sent once, proven by the answer's CUDE; a lost or unproven
 *    answer is resolved by reading the invoice's events again (found → returned as `recovered`), never by a
 *    blind re-send; Factus's "already emitted" refusal is looked up and returned with `alreadyEmitted`.
 *    DIAN registers an event once per invoice and Factus refuses a repeat, so a later run may send again
 *    when the event is certainly absent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { factusBaseUrl } from '../../../../credentials/FactusApi.credentials';
import { localError } from '../../../shared/errors';
import type { ApiResponse, HttpFailure } from '../../../shared/http';
import { holding } from '../../../shared/idempotency';
import type { DocumentProof, IssueHooks, Lookup } from '../../../shared/issue';
import { definiteRefusal, issueDocument } from '../../../shared/issue';
import { CREDENTIAL, PROVIDER, readErrorBody } from '../../transport';
import type { EventDecision, RadianEventRow } from '../../wire/v2/radian';
import { ALREADY_EMITTED, EVENT_WORDS, eventName, readEvent } from '../../wire/v2/radian';

/** What is read about the invoice before and after: its events, or why they cannot be read. */
export type EventsRead = { events: RadianEventRow[] } | { unreadable: string };

export interface EventTarget {
	/** The invoice in words: "received invoice FE1001 (ID 7)", "bill SETP990000203". */
	what: string;
	/** Unique within the account: `reception:7`, `bill:SETP990000203`. */
	key: string;
	code: string;
	readEvents(): Promise<EventsRead>;
	decide(events: RadianEventRow[]): EventDecision;
	send(): Promise<ApiResponse>;
	/** How a person checks by hand. */
	howToCheck: string;
}

export interface EmitOutcome extends IDataObject {
	event: RadianEventRow;
	/** This run sent the event and Factus registered it (answer or lookup). */
	emitted: boolean;
	/** The invoice had the event before this run sent anything (or Factus said so). */
	alreadyEmitted: boolean;
	/** The answer was lost and the event was found by reading the invoice's events. */
	recovered: boolean;
	note: string | null;
	/** Every event of the invoice after this run. */
	events: RadianEventRow[];
}

function isAlreadyEmitted(failure: HttpFailure): boolean {
	if (failure.kind !== 'http' || failure.status !== 409) return false;
	const { words, all } = readErrorBody(failure.body);
	return [words, ...all].some((m) => ALREADY_EMITTED.test(m));
}

/** A message that starts with a lower-case noun ("received invoice ID 7 …") as a sentence. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function proofOf(event: RadianEventRow, document: IDataObject): DocumentProof {
	return { authorityId: event.cude ?? event.number ?? event.code, number: event.number, document };
}

/** The Factus account (environment and user): invoice IDs and bill numbers are unique only within it. */
async function accountScope(ctx: IExecuteFunctions): Promise<string> {
	const credentials = (await ctx.getCredentials(CREDENTIAL)) ?? {};
	return `${factusBaseUrl(credentials)}|${String(credentials.username ?? '').toLowerCase()}`;
}

export async function emitEvent(ctx: IExecuteFunctions, itemIndex: number, target: EventTarget): Promise<EmitOutcome> {
	const scope = await accountScope(ctx);
	const words = EVENT_WORDS[target.code] ?? `event ${target.code}`;
	const unreadable = (reason: string) =>
		localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `The events of ${target.what} could not be read (${reason}); the ${words} was not sent`,
				hint: 'The node reads the events first so that an event is never emitted twice. Run again later.',
				code: 'events_unreadable',
			},
			itemIndex,
		);

	return await holding(`factus:radian:${scope}:${target.key}`, async () => {
		const before = await target.readEvents();
		if ('unreadable' in before) throw unreadable(before.unreadable);
		const decision = target.decide(before.events);
		if (decision.kind === 'alreadyEmitted') {
			return {
				event: decision.event,
				emitted: false,
				alreadyEmitted: true,
				recovered: false,
				note: sentence(`${target.what} already has the ${words}; nothing was sent`),
				events: before.events,
			};
		}
		if (decision.kind === 'refused') {
			throw localError(
				ctx.getNode(),
				{ provider: PROVIDER, message: sentence(`${decision.message}; nothing was sent to Factus`), hint: decision.hint, code: 'radian_rule' },
				itemIndex,
			);
		}

		let latest: RadianEventRow[] | undefined;
		const lookup = async (): Promise<Lookup> => {
			const read = await target.readEvents();
			if ('unreadable' in read) return { outcome: 'unknown', reason: read.unreadable };
			latest = read.events;
			const found = read.events.find((e) => e.code === target.code);
			return found ? { outcome: 'found', proof: proofOf(found, found) } : { outcome: 'absent' };
		};
		const hooks: IssueHooks = {
			provider: PROVIDER,
			noun: `RADIAN ${words}`,
			key: `${target.what}`,
			send: target.send,
			prove(answer) {
				if (answer.bodyKind !== undefined && answer.bodyKind !== 'json') return undefined;
				const data = (answer.body as IDataObject | undefined)?.data;
				const event = readEvent(data);
				if (!event || event.code !== target.code || !event.cude) return undefined;
				return proofOf(event, event);
			},
			lookup,
			// DIAN registers each event once per invoice, and Factus refuses a repeat.
			keyIsUnique: true,
			isDuplicate: isAlreadyEmitted,
			// A RADIAN 409 other than "already emitted" is a refusal of the order: nothing was registered.
			isDefinite: (failure) => definiteRefusal(failure) || (failure.kind === 'http' && failure.status === 409),
			howToCheck: target.howToCheck,
		};
		const reference = { value: `${target.key} ${target.code}`, storeKey: `factus:radian:${scope}:${target.key}:${target.code}` };
		const outcome = await issueDocument(ctx, itemIndex, hooks, { reference });
		const event = readEvent(outcome.proof.document) ?? {
			code: target.code,
			name: eventName(target.code),
			number: outcome.proof.number,
			cude: outcome.proof.authorityId,
			date: null,
			time: null,
		};
		const events = latest ?? before.events;
		return {
			event,
			emitted: !outcome.alreadyIssued,
			alreadyEmitted: outcome.alreadyIssued,
			recovered: outcome.how === 'recovered',
			note: outcome.note ?? null,
			events: events.some((e) => e.code === event.code) ? events : [...events, event],
		};
	});
}
