/**
 * The engine behind every status trigger (Factus Trigger, FacEPro Trigger, …). A provider trigger
 * describes how to read its documents (`DocumentSource`); the engine decides what changed.
 *
 * What users can rely on:
 * - Every poll reads the documents issued inside the look-back window (the provider's list, newest
 *   first, stopping after the first page that ends past the window start), compares each document's
 *   status with the one recorded by the previous poll, and emits one item per change:
 *   `{...providerDocument, previousStatus, status, changedAt, summary}` (a provider field named `status` moves
 *   to `providerStatus`), ordered oldest change first
 *   (by `changedAt`, then by issue time, then by key). A document seen for the first time has
 *   `previousStatus: null`.
 * - First activation (no state yet, or state of another document kind/account): the window is
 *   recorded as a baseline and nothing is emitted, so activating never floods the workflow with history.
 * - Manual mode ("Fetch Test Event") returns the newest document, shaped like an emission, and moves no
 *   state; it throws a clear error when the provider has no document at all.
 * - The state is small (key → [status, issue time]) and bounded: entries issued before the window
 *   start are dropped, and at most `maxDocuments` entries are kept. It is computed in a copy and
 *   stored only at the very end of a poll that completed; a poll that fails (network, 5xx, 401 that
 *   renewal could not fix) throws, emits nothing and leaves the state as it was, so the next good poll
 *   reports what this one could not.
 *
 * - Polls of one trigger never overlap: n8n starts a poll on schedule even while the previous one is still
 *   reading (a slow provider, a rate limit); both would compare against the same stored state and emit
 *   the same changes twice. A poll that starts while the previous one of the same trigger node runs in
 *   this process is skipped (nothing emitted, state untouched); the next one reports what it would have.
 *   In queue mode polls run in the main process only, so this holds there too.
 *
 * Limits worth stating plainly:
 * - n8n writes static data to its database only after a poll that emitted items; between emissions
 *   the state lives in memory. After a restart the trigger continues from the state of the last poll
 *   that emitted: nothing is emitted twice, but a document first seen after that poll is compared as if
 *   it were new (its previous status is `null`, so "Any Status Change" alone does not report it). If the
 *   trigger has never emitted, nothing was saved: the first poll after the restart records a new
 *   baseline, and changes that happened in between are not reported.
 * - A document is watched only while its issue time is inside the window: a document still pending
 *   when it leaves the window is forgotten, and its later acceptance or rejection is not reported.
 *   A document that comes back into the window (longer look-back, clock moved back) is recorded
 *   silently, never reported as new. A document dated further back than the window is never seen.
 */
import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ProviderName } from './errors';
import type { DocumentStatus, DocumentSummary } from './summary';
import { withSummary } from './summary';

/** What a status trigger can fire on: a document seen for the first time, any change, or a target status. */
export type WatchEvent = 'newDocument' | 'statusChange' | DocumentStatus;

/** A time as the provider gives it: a Date, an ISO string, or epoch milliseconds. */
export type WatchTime = Date | string | number;

/** One document of the provider's list, mapped by the provider trigger. */
export interface WatchedDocument {
	/** Stable and unique within the source's scope (FacEPro `tracking_id`, Factus number). */
	key: string;
	/** The issue time the window is measured on; the same value the list is sorted by. */
	issuedAt: WatchTime;
	/** The provider's document as it is; it becomes the emitted item's fields. */
	document: IDataObject;
	/** `summary.status` is the status the engine compares. */
	summary: DocumentSummary;
	/** When the provider says the status last changed, if it does; otherwise the poll's time is used. */
	changedAt?: WatchTime;
}

export interface PageRequest {
	/** 1-based page number. */
	page: number;
	/**
	 * Start of the window: documents issued before it are not needed, so a source whose API filters by
	 * date should pass it on. Undefined in manual mode, where the newest documents are wanted whatever
	 * their age.
	 */
	since?: Date;
}

export interface DocumentPage {
	documents: WatchedDocument[];
	/** Whether a next page exists. */
	hasMore: boolean;
}

export interface DocumentSource {
	provider: ProviderName;
	/**
	 * Identifies what is watched (provider, document kind, account). State recorded under another scope
	 * is not compared with: the trigger starts again from a baseline instead of reporting every
	 * document of the new kind as new.
	 */
	scope: string;
	/**
	 * Reads one page. Pages must be ordered newest first (by `issuedAt`; creation order with the odd
	 * back-dated document is tolerated, as the engine stops after a page whose last document is older
	 * than the window) unless `newestFirst` is false, and keep one page size for the whole read.
	 * Errors (the shared HTTP helper's NodeApiErrors) fail the poll.
	 */
	readPage(request: PageRequest): Promise<DocumentPage>;
	/**
	 * Set to false when the API cannot sort: the engine then reads every page the source reports (so
	 * the source must filter by `since`) instead of stopping at the first document older than the
	 * window, and a window holding more than `maxDocuments` fails the poll, because without an order
	 * the engine cannot tell which documents it did not read.
	 */
	newestFirst?: boolean;
	/**
	 * Asks the provider again about a pending document (FacEPro `/consultar`) and returns the updated
	 * document, or undefined when there is nothing new.
	 */
	refresh?(document: WatchedDocument): Promise<WatchedDocument | undefined>;
}

export interface WatchOptions {
	/** At least one event. */
	events: WatchEvent[];
	lookBackHours: number;
	/** Pending documents inside the window to refresh per poll (needs `source.refresh`); 0 = off. */
	refreshPendingPerPoll?: number;
	/** Bound on the documents read per poll and on the entries kept in the state (default 3000). */
	maxDocuments?: number;
	/** Bound on the pages requested per poll, a guard against a list that never ends (default 500). */
	maxPages?: number;
	/** The clock (tests and benchmarks); the poll's time. */
	now?: () => Date;
}

export const MAX_LOOK_BACK_HOURS = 24 * 31;
export const DEFAULT_MAX_DOCUMENTS = 3000;
const DEFAULT_MAX_PAGES = 500;

/** Key of the engine's state inside the node's static data. */
export const STATE_KEY = 'statusWatch';
const STATE_VERSION = 1;

/** Status ↔ small integer, so each state entry stays a few bytes. The order is part of the stored format. */
const STATUS_CODES: readonly DocumentStatus[] = ['pending', 'accepted', 'rejected', 'voided'];

/** Stored state. Times are epoch seconds. */
interface WatchState {
	v: number;
	scope: string;
	/** Start of what the last poll covered: every document issued after it was read by that poll. */
	from: number;
	/** Polls completed; rotates which pending documents get refreshed. */
	n: number;
	/** key → [status code, issue time]. */
	docs: Record<string, [number, number]>;
}

interface SeenDocument {
	source: WatchedDocument;
	status: DocumentStatus;
	/** Index in STATUS_CODES. */
	code: number;
	/** Issue time, epoch seconds. */
	issued: number;
}

interface Change {
	seen: SeenDocument;
	previousStatus: DocumentStatus | null;
	/** ISO time. */
	changedAt: string;
}

// ---------------------------------------------------------------------------------------------
// UI

const EVENT_OPTIONS = [
	{
		name: 'Accepted',
		value: 'accepted',
		description: 'The tax authority accepted a document (also a new document that is already accepted)',
	},
	{
		name: 'Any Status Change',
		value: 'statusChange',
		description: 'A document already seen changed status (for example pending → accepted)',
	},
	{
		name: 'New Document',
		value: 'newDocument',
		description: 'A document was issued, whatever its status',
	},
	{
		name: 'Pending',
		value: 'pending',
		description: 'A document is waiting for the tax authority (also a new pending document)',
	},
	{
		name: 'Rejected',
		value: 'rejected',
		description: 'The tax authority rejected a document (also a new document that is already rejected)',
	},
	{
		name: 'Voided',
		value: 'voided',
		description: 'A document was voided (also a new document that is already voided)',
	},
];

/**
 * The properties every status trigger shows, so they all look and behave alike. Provider-specific
 * properties (e.g. Factus's document kind) go before them in the node's description.
 */
export function statusWatchProperties(
	options: {
		refreshPending?: boolean;
		/** Statuses the provider's documents never reach (e.g. FacEPro never voids): not offered under Trigger On. */
		neverReached?: string[];
	} = {},
): INodeProperties[] {
	const events = EVENT_OPTIONS.filter((event) => !(options.neverReached ?? []).includes(event.value));
	const properties: INodeProperties[] = [
		{
			displayName: 'Trigger On',
			name: 'triggerOn',
			type: 'multiOptions',
			options: events,
			default: ['accepted', 'rejected'],
			required: true,
			description: 'Which changes start the workflow. Each change is one item, with the document, its previous status and its new status.',
		},
		{
			displayName: 'Look-Back Window (Hours)',
			name: 'lookBackHours',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_LOOK_BACK_HOURS },
			default: 24,
			description:
				'Documents issued in this many hours before each poll are watched. A document still pending when it gets older than this is no longer watched, so choose more than the tax authority usually takes.',
		},
	];
	if (options.refreshPending) {
		properties.push(
			{
				displayName: 'Refresh Pending Documents While Polling',
				name: 'refreshPending',
				type: 'boolean',
				default: true,
				description:
					'Whether to ask the tax authority again about pending documents inside the window on each poll. Without it, a pending document changes only when someone checks its status.',
			},
			{
				displayName: 'Max Pending Documents to Refresh per Poll',
				name: 'refreshPendingPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50 },
				default: 10,
				displayOptions: { show: { refreshPending: [true] } },
				description: 'Bounds the extra requests of each poll; the pending documents take turns',
			},
		);
	}
	return properties;
}

/** Reads the properties of `statusWatchProperties` into engine options. */
export function readWatchOptions(ctx: IPollFunctions): WatchOptions {
	const events = ctx.getNodeParameter('triggerOn', []) as WatchEvent[];
	if (!Array.isArray(events) || events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event in "Trigger On"', {
			description: 'Without an event the trigger would never start the workflow.',
		});
	}
	const lookBackHours = Number(ctx.getNodeParameter('lookBackHours', 24));
	if (!Number.isFinite(lookBackHours) || lookBackHours < 1 || lookBackHours > MAX_LOOK_BACK_HOURS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The look-back window must be between 1 and ${MAX_LOOK_BACK_HOURS} hours`,
		);
	}
	const refresh = ctx.getNodeParameter('refreshPending', false) as boolean;
	const perPoll = Number(ctx.getNodeParameter('refreshPendingPerPoll', 10));
	return {
		events,
		lookBackHours,
		refreshPendingPerPoll: refresh && Number.isFinite(perPoll) ? Math.max(0, Math.floor(perPoll)) : 0,
	};
}

// ---------------------------------------------------------------------------------------------
// Engine

function epochSeconds(ctx: IPollFunctions, value: WatchTime, what: string): number {
	const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
	if (!Number.isFinite(ms)) {
		// A mapping bug in the provider trigger: failing loudly beats watching the wrong window.
		throw new NodeOperationError(ctx.getNode(), `Unreadable ${what}: ${String(value)}`);
	}
	return Math.floor(ms / 1000);
}

function see(ctx: IPollFunctions, doc: WatchedDocument): SeenDocument {
	const status = doc.summary.status;
	const code = STATUS_CODES.indexOf(status);
	if (code < 0) {
		throw new NodeOperationError(ctx.getNode(), `Unknown status "${String(status)}" of document ${doc.key}`);
	}
	return { source: doc, status, code, issued: epochSeconds(ctx, doc.issuedAt, `issue time of document ${doc.key}`) };
}

/** The stored state if it is ours and of this scope; anything else means "no baseline yet". */
function readState(stored: unknown, scope: string): WatchState | undefined {
	if (!stored || typeof stored !== 'object') return undefined;
	const state = stored as Partial<WatchState>;
	if (state.v !== STATE_VERSION || state.scope !== scope) return undefined;
	if (typeof state.from !== 'number' || !state.docs || typeof state.docs !== 'object') return undefined;
	return state as WatchState;
}

interface WindowRead {
	/** key → document, only documents issued at or after the window start. */
	docs: Map<string, SeenDocument>;
	/** Start of what was read completely (epoch seconds). */
	from: number;
}

/**
 * Reads the window: pages until one reaches past the window start, the source runs out, or a bound is
 * hit. When a bound cuts the window short, coverage starts at the oldest document read, and the state
 * is bounded by it.
 */
async function readWindow(
	ctx: IPollFunctions,
	source: DocumentSource,
	since: number,
	maxDocuments: number,
	maxPages: number,
): Promise<WindowRead> {
	const docs = new Map<string, SeenDocument>();
	const newestFirst = source.newestFirst ?? true;
	let truncated = false;
	for (let page = 1; ; page++) {
		const result = await source.readPage({ page, since: new Date(since * 1000) });
		// Judged on the page's last document, not on any: a list sorted by creation with the odd
		// back-dated document in it still reads on to the real edge of the window.
		let pastWindow = false;
		for (const doc of result.documents) {
			const seen = see(ctx, doc);
			pastWindow = seen.issued < since;
			if (pastWindow) continue;
			if (!docs.has(doc.key) && docs.size >= maxDocuments) {
				truncated = true;
				break;
			}
			// Lists shift while being paged (a new document pushes one onto the next page): keep the first copy.
			if (!docs.has(doc.key)) docs.set(doc.key, seen);
		}
		if (truncated || !result.hasMore || result.documents.length === 0 || (newestFirst && pastWindow)) break;
		if (docs.size >= maxDocuments || page >= maxPages) {
			truncated = true;
			break;
		}
	}
	let from = since;
	if (truncated) {
		if (!newestFirst) {
			throw new NodeOperationError(ctx.getNode(), `The look-back window holds more than ${maxDocuments} documents`, {
				description: `${source.provider} does not list documents newest first, so the trigger has to read the whole window. Choose a shorter Look-Back Window.`,
			});
		}
		let oldest = Infinity;
		for (const d of docs.values()) oldest = Math.min(oldest, d.issued);
		from = Math.max(since, oldest);
		ctx.logger.warn(
			`${source.provider} status trigger: the look-back window holds more documents than one poll reads (${docs.size}); only the newest are watched`,
		);
	}
	return { docs, from };
}

/** FacEPro-style refresh of pending documents, a bounded number per poll, taking turns across polls. */
async function refreshPending(
	ctx: IPollFunctions,
	source: DocumentSource,
	docs: Map<string, SeenDocument>,
	perPoll: number,
	turn: number,
): Promise<void> {
	if (!source.refresh || perPoll <= 0) return;
	const pending = [...docs.values()]
		.filter((d) => d.status === 'pending')
		.sort((a, b) => a.issued - b.issued || (a.source.key < b.source.key ? -1 : 1));
	if (pending.length === 0) return;
	const count = Math.min(perPoll, pending.length);
	const offset = (turn * perPoll) % pending.length;
	for (let i = 0; i < count; i++) {
		const doc = pending[(offset + i) % pending.length];
		try {
			const updated = await source.refresh(doc.source);
			if (updated && updated.key === doc.source.key) docs.set(updated.key, see(ctx, updated));
		} catch (error) {
			// One document the authority cannot answer for must not hold back every other change: it
			// stays pending and gets its turn again.
			ctx.logger.warn(
				`${source.provider} status trigger: refreshing pending document ${doc.source.key} failed: ${(error as Error).message}`,
			);
		}
	}
}

function wanted(events: ReadonlySet<WatchEvent>, change: Change): boolean {
	if (change.previousStatus === null ? events.has('newDocument') : events.has('statusChange')) return true;
	return events.has(change.seen.status);
}

/** A change as of `now`: the provider's change time when it gives one, else the poll's time. */
function changeOf(ctx: IPollFunctions, seen: SeenDocument, previousStatus: DocumentStatus | null, now: Date): Change {
	const at = seen.source.changedAt;
	const changedAt = at === undefined ? now : new Date(epochSeconds(ctx, at, `change time of document ${seen.source.key}`) * 1000);
	return { seen, previousStatus, changedAt: changedAt.toISOString() };
}

/** Oldest change first; changes of one moment by issue time, then key, so the order is stable. */
function byAge(a: Change, b: Change): number {
	if (a.changedAt !== b.changedAt) return a.changedAt < b.changedAt ? -1 : 1;
	if (a.seen.issued !== b.seen.issued) return a.seen.issued - b.seen.issued;
	return a.seen.source.key < b.seen.source.key ? -1 : 1;
}

function toItem(change: Change): INodeExecutionData {
	const doc = change.seen.source;
	// The normalised status takes the `status` key; a provider field of that name (Factus v1 `status: 1`)
	// is kept as `providerStatus` rather than lost.
	const { status: providerStatus, ...document } = doc.document;
	return {
		json: withSummary(
			{
				...document,
				...(providerStatus !== undefined ? { providerStatus } : {}),
				previousStatus: change.previousStatus,
				status: change.seen.status,
				changedAt: change.changedAt,
			},
			doc.summary,
		),
	};
}

/** Manual mode: the newest document as a sample emission; no state is read or written. */
async function sample(ctx: IPollFunctions, source: DocumentSource, now: Date): Promise<INodeExecutionData[][]> {
	const { documents } = await source.readPage({ page: 1 });
	const seen = documents.map((doc) => see(ctx, doc));
	const newest = seen.reduce<SeenDocument | undefined>((best, d) => (!best || d.issued > best.issued ? d : best), undefined);
	if (!newest) {
		throw new NodeOperationError(ctx.getNode(), `${source.provider} has no documents to show yet`, {
			description:
				'Issue a document (for example in the test environment) and fetch again. An active workflow is not affected: it starts when documents change.',
		});
	}
	return [[toItem(changeOf(ctx, newest, null, now))]];
}

/** Trigger nodes (workflow + node) with a poll running in this process. */
const polling = new Set<string>();

/**
 * One poll. Returns the changes to emit, or null when there is nothing (always null on the first
 * activation, and for a poll skipped because the previous one still runs). Reads and writes
 * `getWorkflowStaticData('node')[STATE_KEY]`, only at the end of a poll that completed; source errors
 * propagate unchanged.
 */
export async function pollStatusChanges(
	ctx: IPollFunctions,
	source: DocumentSource,
	options: WatchOptions,
): Promise<INodeExecutionData[][] | null> {
	const now = options.now?.() ?? new Date();
	if (ctx.getMode() === 'manual') return await sample(ctx, source, now);
	const node = ctx.getNode();
	const key = `${String(ctx.getWorkflow().id ?? '')}\u0000${node.id ?? node.name}`;
	if (polling.has(key)) {
		ctx.logger.warn(`${source.provider} status trigger: the previous poll is still running; this one is skipped`);
		return null;
	}
	polling.add(key);
	try {
		return await pollOnce(ctx, source, options, now);
	} finally {
		polling.delete(key);
	}
}

async function pollOnce(
	ctx: IPollFunctions,
	source: DocumentSource,
	options: WatchOptions,
	now: Date,
): Promise<INodeExecutionData[][] | null> {
	const staticData = ctx.getWorkflowStaticData('node');
	const previous = readState(staticData[STATE_KEY], source.scope);
	const maxDocuments = Math.max(1, options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS);
	const since = Math.floor(now.getTime() / 1000 - options.lookBackHours * 3600);

	const read = await readWindow(ctx, source, since, maxDocuments, options.maxPages ?? DEFAULT_MAX_PAGES);
	// No refresh on the baseline: what the authority decided before activation is reported by the
	// next poll rather than absorbed silently.
	if (previous) await refreshPending(ctx, source, read.docs, options.refreshPendingPerPoll ?? 0, previous.n);

	const changes: Change[] = [];
	const next: WatchState = { v: STATE_VERSION, scope: source.scope, from: read.from, n: (previous?.n ?? 0) + 1, docs: {} };
	// Entries still inside the window are kept even when the list did not show them this time (a
	// deleted document, a page that shifted): were they dropped, their reappearance would look new.
	for (const [key, entry] of Object.entries(previous?.docs ?? {})) {
		if (entry[1] >= read.from) next.docs[key] = [entry[0], entry[1]];
	}
	for (const [key, seen] of read.docs) {
		const before = previous?.docs[key];
		next.docs[key] = [seen.code, seen.issued];
		if (!previous) continue;
		if (before) {
			if (before[0] !== seen.code) changes.push(changeOf(ctx, seen, STATUS_CODES[before[0]] ?? null, now));
		} else if (seen.issued > previous.from) {
			// Unknown and issued after the previous poll's coverage start: it did not exist then.
			// Anything older was merely outside the previous window, so it is recorded silently.
			changes.push(changeOf(ctx, seen, null, now));
		}
	}
	boundEntries(next, read.docs, maxDocuments);

	const events = new Set(options.events);
	const items = changes
		.filter((change) => wanted(events, change))
		.sort(byAge)
		.map(toItem);

	// The only write, after everything that can fail: a failed poll leaves the state as it was.
	staticData[STATE_KEY] = next as unknown as IDataObject;
	return items.length > 0 ? [items] : null;
}

/**
 * At most `max` entries. What this poll read is authoritative (and never more than `max`), so the
 * entries dropped are the oldest of those kept only because the list did not show them; coverage then
 * starts after them, so that should they show up again they are not reported as new.
 */
function boundEntries(state: WatchState, read: ReadonlyMap<string, SeenDocument>, max: number): void {
	const unread = Object.entries(state.docs).filter(([key]) => !read.has(key));
	let excess = read.size + unread.length - max;
	if (excess <= 0) return;
	unread.sort((a, b) => a[1][1] - b[1][1]);
	for (const [key, [, issued]] of unread) {
		if (excess-- <= 0) break;
		delete state.docs[key];
		state.from = Math.max(state.from, issued);
	}
}
