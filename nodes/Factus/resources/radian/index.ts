/**
 * RADIAN operations of the Bill resource (Factus v2): Get RADIAN Events and Tacit Acceptance. The v2 bill
 * resource adds `RADIAN_BILL_OPERATION_OPTIONS` to its Operation list, `radianBillDescription` to its
 * properties and `radianBillOperations` to its routing.
 */
import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import * as getRadianEvents from './getEvents';
import * as tacitAcceptance from './tacitAcceptance';

export const RADIAN_BILL_OPERATION_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Get RADIAN Events',
		value: 'getRadianEvents',
		action: 'Get the RADIAN events of a bill',
		description: "The buyer's acknowledgement, receipt of goods, claim or acceptance, with CUDE and date",
	},
	{
		name: 'Tacit Acceptance',
		value: 'tacitAcceptance',
		action: 'Record the tacit acceptance of a bill',
		description: 'RADIAN 034 on a credit bill three business days after the buyer received the goods without claiming',
	},
];

export const radianBillDescription: INodeProperties[] = [...getRadianEvents.description, ...tacitAcceptance.description];

export const radianBillOperations: Record<string, ItemOperation> = {
	getRadianEvents: getRadianEvents.execute,
	tacitAcceptance: tacitAcceptance.execute,
};
