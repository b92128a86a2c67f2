/**
 * Bill → Get RADIAN Events: the events of one of our bills (GET /v2/bills/:number/radian/events) with code,
 * name, CUDE, date and time, and where the bill stands (acknowledged, goods received, claimed, accepted).
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { localError } from '../../../shared/errors';
import { showFor } from '../../ui/common';
import { PROVIDER } from '../../transport';
import { radianState } from '../../wire/v2/radian';
import { billEvents } from './read';

export function billNumberField(operation: string): INodeProperties {
	return {
		displayName: 'Bill Number',
		name: 'number',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. SETP990000203',
		description: 'Number of the bill: prefix and consecutive, as Factus shows it',
		displayOptions: showFor('bill', operation),
	};
}

export const description: INodeProperties[] = [billNumberField('getRadianEvents')];

export function billNumber(ctx: IExecuteFunctions, i: number): string {
	const number = String(ctx.getNodeParameter('number', i, '') ?? '').trim();
	if (!/^[A-Za-z0-9-]{1,40}$/.test(number)) {
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `${number ? `"${number}" is not a bill number` : 'Bill Number is empty'}; nothing was sent to Factus`,
				fields: { number: [number ? 'must be the prefix and consecutive, e.g. SETP990000203' : 'is required'] },
			},
			i,
		);
	}
	return number;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const number = billNumber(this, i);
	const read = await billEvents(this, i, number);
	if ('unreadable' in read) {
		throw localError(this.getNode(), { provider: PROVIDER, message: `The RADIAN events of bill ${number} could not be read: ${read.unreadable}`, code: 'events_unreadable' }, i);
	}
	return { json: { number, ...radianState(read.events), events: read.events }, pairedItem: { item: i } };
}
