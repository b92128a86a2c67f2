/**
 * Reading RADIAN state from Factus v2: a bill's events (GET /v2/bills/:number/radian/events) and a received
 * invoice with its events (GET /v2/receptions/bills?filter[id|cufe]=…). Answers that are not the expected
 * JSON are "unreadable", never "no events".
 */
import type { IDataObject } from 'n8n-workflow';

import type { HttpContext } from '../../../shared/http';
import { answerWords, listRowsOf, pagingQuery, request } from '../../transport';
import type { RadianEventRow } from '../../wire/v2/radian';
import { RADIAN_PATHS, readEvents } from '../../wire/v2/radian';
import type { EventsRead } from './emit';

/** The events of one of our bills. Factus's 404 (no such bill) is thrown as its error. */
export async function billEvents(ctx: HttpContext, itemIndex: number, number: string): Promise<EventsRead> {
	const answer = await request(ctx, { method: 'GET', path: RADIAN_PATHS.billEvents(number) }, { itemIndex, what: 'bill' });
	if (answer.bodyKind !== undefined && answer.bodyKind !== 'json') return { unreadable: `Factus answered with ${answerWords(answer)}` };
	const events = readEvents((answer.body as IDataObject | undefined)?.data);
	return events ? { events } : { unreadable: 'Factus answered without a list of events' };
}

export type InvoiceRead = { invoice: IDataObject; events: RadianEventRow[] } | { missing: string } | { unreadable: string };

/**
 * One received invoice by its Factus ID or its CUFE, with its events. `missing` when Factus's reception
 * list clearly has none; several rows, rows of other invoices or anything but the list are "unreadable".
 */
export async function receivedInvoice(ctx: HttpContext, itemIndex: number, by: { id?: string; cufe?: string }): Promise<InvoiceRead> {
	const filter = by.id !== undefined ? { 'filter[id]': by.id } : { 'filter[cufe]': by.cufe ?? '' };
	const answer = await request(
		ctx,
		{ method: 'GET', path: RADIAN_PATHS.receptions, qs: { ...filter, ...pagingQuery(1, 10) }, timeoutMs: 30_000 },
		{ itemIndex, what: 'received invoice' },
	);
	const rows = listRowsOf(answer);
	if (!rows) return { unreadable: `Factus answered the reception list with ${answerWords(answer)}` };
	const matching = rows.filter((row) => (by.id !== undefined ? String(row.id ?? '') === by.id : String(row.cufe ?? '').toLowerCase() === (by.cufe ?? '').toLowerCase()));
	if (matching.length < rows.length) return { unreadable: "Factus's reception list also held other invoices, so its filter was not applied" };
	if (matching.length === 0) {
		return { missing: by.id !== undefined ? `Factus has no received invoice with ID ${by.id}` : `Factus has no received invoice with CUFE ${by.cufe}` };
	}
	if (matching.length > 1) return { unreadable: 'Factus listed several received invoices for it' };
	const invoice = matching[0];
	const events = invoice.events === undefined || invoice.events === null ? [] : readEvents(invoice.events);
	if (!events) return { unreadable: 'the received invoice has an unreadable list of events' };
	return { invoice, events };
}
