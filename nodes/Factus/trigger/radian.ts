/**
 * Factus Trigger (v2) pieces for RADIAN, on the shared status-watch engine (nodes/shared/statusWatch.ts):
 *
 * - "RADIAN event on a bill": every poll lists our validated bills created inside the look-back window
 *   (GET /v2/bills, newest first) and reads each one's events (GET /v2/bills/:number/radian/events). Each
 *   event is one watched document (key: bill number + event code), so a new event is a new document and
 *   starts the workflow once, with the bill, the event and where the bill now stands. Bills whose RADIAN
 *   life is over (claimed, expressly or tacitly accepted) are remembered and not read again, so a poll costs
 *   one request per page of bills plus one per bill still open.
 * - "New received invoice": the reception list (GET /v2/receptions/bills, newest first); a supplier
 *   invoice that appears there starts the workflow once.
 *
 * Both inherit the engine's guarantees: the first activation records a baseline and emits nothing old, a
 * failed poll changes no state and emits nothing, state is bounded, manual "Fetch Test Event" shows the
 * newest one.
 */
import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { factusBaseUrl } from '../../../credentials/FactusApi.credentials';
import { colombiaDate } from '../../shared/country/colombia';
import type { DocumentSource, WatchedDocument } from '../../shared/statusWatch';
import { pollStatusChanges } from '../../shared/statusWatch';
import { makeSummary } from '../../shared/summary';
import type { DocumentStatus } from '../../shared/summary';
import { receivedInvoiceOutput } from '../resources/receivedInvoice/output';
import { billEvents } from '../resources/radian/read';
import { factusInstant } from '../summary';
import { CREDENTIAL, pagingQuery, PROVIDER, readListPage, request } from '../transport';
import type { RadianEventRow } from '../wire/v2/radian';
import { EVENT, RADIAN_PATHS, radianState } from '../wire/v2/radian';

/** The trigger's "Document Kind" values for these two watches. */
export const RADIAN_KIND = 'radianEvents';
export const RECEPTION_KIND = 'receivedInvoice';

const BILLS_PER_PAGE = 50;
const RECEPTIONS_PER_PAGE = 100;
/** Bill pages one poll reads at most (a guard against a list that never ends). */
const MAX_BILL_PAGES = 100;
const DAY_S = 86_400;

/* ------------------------------------------------------------------------------------------------ */
/* UI                                                                                                */
/* ------------------------------------------------------------------------------------------------ */

export const RADIAN_TRIGGER_EVENT_OPTIONS = [
	{ name: 'Claimed (031)', value: EVENT.claim, description: 'The buyer claimed the bill (reclamo)' },
	{ name: 'Expressly Accepted (033)', value: EVENT.expressAcceptance, description: 'The buyer accepted the bill (aceptación expresa)' },
	{ name: 'Goods Received (032)', value: EVENT.goodsReceived, description: 'The buyer confirmed receipt of the goods or service' },
	{ name: 'Receipt Acknowledged (030)', value: EVENT.acknowledgement, description: 'The buyer acknowledged receipt of the bill (acuse de recibo)' },
	{ name: 'Tacitly Accepted (034)', value: EVENT.tacitAcceptance, description: 'The tacit acceptance was recorded' },
];

/** Properties of the "RADIAN event on a bill" trigger; `show` puts them under the node's own selector. */
export function radianEventTriggerProperties(show: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName:
				'Reads the RADIAN events of your validated bills created within the look-back window on every poll and starts the workflow once per new event. Bills already claimed or accepted are not read again; each open bill costs one request per poll.',
			name: 'radianNotice',
			type: 'notice',
			default: '',
			displayOptions: show,
		},
		{
			displayName: 'RADIAN Events',
			name: 'radianEvents',
			type: 'multiOptions',
			options: RADIAN_TRIGGER_EVENT_OPTIONS,
			default: [EVENT.claim, EVENT.expressAcceptance, EVENT.tacitAcceptance],
			required: true,
			description: 'Which events on your bills start the workflow. Each event is one item with the bill, the event (code, name, CUDE, date) and where the bill stands.',
			displayOptions: show,
		},
		{
			displayName: 'Look-Back Window (Days)',
			name: 'radianLookBackDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 31 },
			default: 10,
			description:
				'Bills created in this many days before each poll are watched. Buyers usually act within days, and a tacit acceptance comes three business days after the goods are received, so choose more than that. Each poll reads the events of every bill in the window that is not yet claimed or accepted.',
			displayOptions: show,
		},
	];
}

/** Properties of the "new received invoice" trigger. */
export function receivedInvoiceTriggerProperties(show: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Starts the workflow once for each supplier invoice that arrives in your Factus reception, with the invoice and its RADIAN state',
			name: 'receptionNotice',
			type: 'notice',
			default: '',
			displayOptions: show,
		},
		{
			displayName: 'Look-Back Window (Hours)',
			name: 'receptionLookBackHours',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 744 },
			default: 24,
			description: 'Invoices that arrived in your Factus reception within this many hours before each poll are watched',
			displayOptions: show,
		},
	];
}

/* ------------------------------------------------------------------------------------------------ */
/* Shared                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

async function account(ctx: IPollFunctions): Promise<string> {
	const credentials = await ctx.getCredentials(CREDENTIAL);
	const credentialId = ctx.getNode().credentials?.[CREDENTIAL]?.id ?? '';
	return `${factusBaseUrl(credentials ?? {})}:${credentialId}`;
}

function numberParameter(ctx: IPollFunctions, name: string, fallback: number, min: number, max: number, words: string): number {
	const value = Number(ctx.getNodeParameter(name, fallback));
	if (!Number.isFinite(value) || value < min || value > max) {
		throw new NodeOperationError(ctx.getNode(), `${words} must be between ${min} and ${max}`);
	}
	return value;
}

/** An event's Colombian date and time as an instant (for `changedAt`). */
function eventInstant(event: RadianEventRow): number | undefined {
	if (!event.date) return undefined;
	return factusInstant(`${event.date}${event.time ? ` ${event.time}` : ''}`);
}

const STATUS_OF_EVENT: Record<string, DocumentStatus> = {
	[EVENT.acknowledgement]: 'pending',
	[EVENT.goodsReceived]: 'pending',
	[EVENT.claim]: 'rejected',
	[EVENT.expressAcceptance]: 'accepted',
	[EVENT.tacitAcceptance]: 'accepted',
};

/* ------------------------------------------------------------------------------------------------ */
/* RADIAN events on our bills                                                                        */
/* ------------------------------------------------------------------------------------------------ */

const CLOSED_KEY = 'radianClosedBills';

/** Bills whose RADIAN life is over, remembered between polls: number → creation time (epoch s). */
interface ClosedBills {
	scope: string;
	bills: Record<string, number>;
}

function readClosed(stored: unknown, scope: string): Record<string, number> {
	const closed = stored as Partial<ClosedBills> | undefined;
	return closed && closed.scope === scope && closed.bills && typeof closed.bills === 'object' ? { ...closed.bills } : {};
}

/** The bill's list row without DIAN's validation messages (long, and not about RADIAN). */
function billRow(row: IDataObject): IDataObject {
	const rest = { ...row };
	delete rest.errors;
	return rest;
}

function eventDocuments(bill: IDataObject, issuedAt: number, events: RadianEventRow[]): WatchedDocument[] {
	const number = String(bill.number);
	const state = radianState(events);
	return events.map((event) => {
		const changed = eventInstant(event);
		const total = Number(bill.total);
		return {
			key: `${number}:${event.code}`,
			issuedAt,
			...(changed !== undefined ? { changedAt: changed } : {}),
			document: { billNumber: number, event, radianStatus: state.radianStatus, accepted: state.accepted, claimed: state.claimed, events, bill: billRow(bill) },
			summary: makeSummary({
				provider: PROVIDER,
				kind: 'invoice',
				number,
				authorityId: typeof bill.cufe === 'string' ? bill.cufe : null,
				status: STATUS_OF_EVENT[event.code] ?? 'pending',
				statusMessage: `RADIAN ${event.code}: ${event.name}`,
				total: Number.isFinite(total) && bill.total !== null && bill.total !== '' ? total : null,
				currency: 'COP',
				issueDate: event.date,
			}),
		};
	});
}

/**
 * The events of our validated bills as a DocumentSource. Pages of bills without any event yield no
 * document, so one engine page reads bill pages until it has documents or the window ends (the engine
 * stops at an empty page).
 */
function billEventSource(ctx: IPollFunctions, scope: string, closed: Record<string, number>): DocumentSource {
	let billPage = 1;
	let exhausted = false;
	return {
		provider: PROVIDER,
		scope,
		async readPage({ page, since }) {
			if (page === 1) {
				billPage = 1;
				exhausted = false;
			}
			const documents: WatchedDocument[] = [];
			while (!exhausted && documents.length === 0 && billPage <= MAX_BILL_PAGES) {
				const qs: IDataObject = { 'filter[status]': '1', ...pagingQuery(billPage, BILLS_PER_PAGE) };
				if (since) qs['filter[created_at][start_date]'] = colombiaDate(since.getTime());
				const answer = await request(ctx, { method: 'GET', path: RADIAN_PATHS.bills, qs }, { what: 'bill' });
				const { rows, hasMore } = readListPage(answer.body, billPage);
				billPage++;
				let pastWindow = false;
				for (const row of rows) {
					const number = typeof row.number === 'string' ? row.number : '';
					const created = factusInstant(row.created_at);
					if (!number || created === undefined) continue;
					if (since && created < since.getTime()) {
						pastWindow = true;
						continue;
					}
					if (row.is_validated === false) continue;
					const issued = Math.floor(created / 1000);
					if (closed[number] !== undefined) continue;
					const read = await billEvents(ctx, 0, number);
					if ('unreadable' in read) {
						throw new NodeOperationError(ctx.getNode(), `The RADIAN events of bill ${number} could not be read: ${read.unreadable}`);
					}
					if (radianState(read.events).accepted || radianState(read.events).claimed) closed[number] = issued;
					documents.push(...eventDocuments(row, created, read.events));
					// Manual "Fetch Test Event": the newest bill with events is enough.
					if (!since && documents.length > 0) break;
				}
				if (!hasMore || pastWindow || rows.length === 0 || (!since && documents.length > 0)) exhausted = true;
			}
			return { documents, hasMore: !exhausted };
		},
	};
}

/** One poll of "RADIAN event on a bill". */
export async function pollRadianEvents(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const codes = ctx.getNodeParameter('radianEvents', []) as string[];
	if (!Array.isArray(codes) || codes.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event in "RADIAN Events"', {
			description: 'Without an event the trigger would never start the workflow.',
		});
	}
	const days = numberParameter(ctx, 'radianLookBackDays', 10, 1, 31, 'The look-back window');
	const scope = `factus:radian:${await account(ctx)}`;
	const staticData = ctx.getWorkflowStaticData('node');
	// "Fetch Test Event" shows the newest bill with events, closed or not.
	const closed = ctx.getMode() === 'manual' ? {} : readClosed(staticData[CLOSED_KEY], scope);
	const now = new Date();
	const result = await pollStatusChanges(ctx, billEventSource(ctx, scope, closed), { events: ['newDocument'], lookBackHours: days * 24 });
	if (ctx.getMode() !== 'manual') {
		// After a poll that completed (a failed one threw above): bills that left the window are forgotten.
		const since = Math.floor(now.getTime() / 1000) - days * DAY_S;
		const kept: Record<string, number> = {};
		for (const [number, issued] of Object.entries(closed)) if (issued >= since) kept[number] = issued;
		staticData[CLOSED_KEY] = { scope, bills: kept } as unknown as IDataObject;
	}
	// "Fetch Test Event" shows the newest event whatever its code: it is a sample of the item's shape.
	if (ctx.getMode() === 'manual') return result;
	const wanted = new Set(codes);
	const items = (result?.[0] ?? []).filter((item) => wanted.has(String((item.json.event as IDataObject | undefined)?.code ?? '')));
	return items.length > 0 ? [items] : null;
}

/* ------------------------------------------------------------------------------------------------ */
/* New received invoices                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** When the invoice reached our reception (`created_at`), else when the supplier issued it (Colombian). */
function arrivedAt(row: IDataObject): number | undefined {
	return factusInstant(row.created_at) ?? factusInstant(`${String(row.issue_date ?? '')}${row.issue_time ? ` ${String(row.issue_time)}` : ''}`);
}

function receptionSource(ctx: IPollFunctions, scope: string): DocumentSource {
	return {
		provider: PROVIDER,
		scope,
		async readPage({ page }) {
			const answer = await request(ctx, { method: 'GET', path: RADIAN_PATHS.receptions, qs: pagingQuery(page, RECEPTIONS_PER_PAGE) }, { what: 'received invoice' });
			const { rows, hasMore } = readListPage(answer.body, page);
			const documents: WatchedDocument[] = [];
			for (const row of rows) {
				const at = arrivedAt(row);
				if (row.id === undefined || row.id === null || at === undefined) continue;
				const { summary, ...document } = receivedInvoiceOutput(row);
				documents.push({ key: String(row.id), issuedAt: at, document, summary: summary as unknown as WatchedDocument['summary'] });
			}
			return { documents, hasMore };
		},
	};
}

/** One poll of "new received invoice". */
export async function pollReceivedInvoices(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const hours = numberParameter(ctx, 'receptionLookBackHours', 24, 1, 744, 'The look-back window');
	const scope = `factus:reception:${await account(ctx)}`;
	return await pollStatusChanges(ctx, receptionSource(ctx, scope), { events: ['newDocument'], lookBackHours: hours });
}
