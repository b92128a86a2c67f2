/**
 * A received supplier invoice as the node outputs it: Factus's row as it is, where it stands in RADIAN
 * (`radianStatus`, `accepted`, `claimed`, `lastEvent`, `events` with code, name, number, CUDE, date and
 * time), and the package's `summary` (kind `receivedInvoice`; accepted after 033/034, rejected after a
 * claim, pending otherwise).
 */
import type { IDataObject } from 'n8n-workflow';

import { makeSummary, withSummary } from '../../../shared/summary';
import { PROVIDER } from '../../transport';
import type { RadianEventRow } from '../../wire/v2/radian';
import { radianState, readEvents } from '../../wire/v2/radian';

const STATUS_WORDS: Record<string, string> = {
	noEvents: 'No RADIAN events yet',
	acknowledged: 'Receipt acknowledged (030)',
	goodsReceived: 'Goods or service received (032)',
	claimed: 'Claimed (031)',
	expresslyAccepted: 'Expressly accepted (033)',
	tacitlyAccepted: 'Tacitly accepted (034)',
};

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);

export function receivedInvoiceOutput(row: IDataObject, events?: RadianEventRow[]): IDataObject {
	const list = events ?? readEvents(row.events) ?? [];
	const state = radianState(list);
	const total = Number(row.total);
	const summary = makeSummary({
		provider: PROVIDER,
		kind: 'receivedInvoice',
		number: text(row.number),
		authorityId: text(row.cufe),
		status: state.accepted ? 'accepted' : state.claimed ? 'rejected' : 'pending',
		statusMessage: STATUS_WORDS[state.radianStatus],
		total: Number.isFinite(total) && row.total !== null && row.total !== '' ? total : null,
		currency: 'COP',
		issueDate: text(row.issue_date),
	});
	return withSummary({ ...row, ...state, events: list }, summary);
}
