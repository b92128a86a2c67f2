/**
 * Bill → Tacit Acceptance: records the tacit acceptance (034) of one of our bills paid on credit
 * (POST /v2/bills/:number/radian/events/034, v2/facturas/aceptacion-tacita.md). Checked locally first:
 * the bill is on credit, the buyer's 032 is there, three business days have passed, there is no claim or
 * express acceptance, and the person is complete; a bill that already has its 034 is returned with
 * `alreadyEmitted: true`, nothing sent.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { colombiaDate } from '../../../shared/country/colombia';
import { Problems } from '../../../shared/invoice/problems';
import { showFor } from '../../ui/common';
import { PROVIDER, request } from '../../transport';
import { billIsCredit, EVENT, eventBody, RADIAN_PATHS, radianState, tacitDecision } from '../../wire/v2/radian';
import { emitEvent } from './emit';
import { billNumber, billNumberField } from './getEvents';
import { personFields, readPerson } from './person';
import { billEvents } from './read';

const show = showFor('bill', 'tacitAcceptance');

export const description: INodeProperties[] = [billNumberField('tacitAcceptance'), ...personFields(show, EVENT.tacitAcceptance)];

/** Whether the bill is on credit: undefined when its answer does not say (Factus decides then). */
async function isCredit(ctx: IExecuteFunctions, i: number, number: string): Promise<boolean | undefined> {
	const answer = await request(ctx, { method: 'GET', path: RADIAN_PATHS.bill(number) }, { itemIndex: i, what: 'bill' });
	const data = (answer.body as IDataObject | undefined)?.data;
	return data && typeof data === 'object' && !Array.isArray(data) ? billIsCredit(data as IDataObject) : undefined;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const number = billNumber(this, i);
	const problems = new Problems();
	const body = eventBody(EVENT.tacitAcceptance, readPerson(this, i), problems);
	problems.throwIfAny(this.getNode(), PROVIDER, i, 'tacit acceptance');

	const credit = await isCredit(this, i, number);
	const outcome = await emitEvent(this, i, {
		what: `bill ${number}`,
		key: `bill:${number}`,
		code: EVENT.tacitAcceptance,
		readEvents: async () => await billEvents(this, i, number),
		decide: (events) => tacitDecision(events, number, credit, colombiaDate()),
		send: async () =>
			await request(this, { method: 'POST', path: RADIAN_PATHS.billEvent(number, EVENT.tacitAcceptance), body }, { itemIndex: i, what: 'tacit acceptance', mutating: true }),
		howToCheck: `Look at the events of bill ${number} with Get RADIAN Events, or in Factus's portal.`,
	});
	return { json: { number, ...outcome, ...radianState(outcome.events) }, pairedItem: { item: i } };
}
