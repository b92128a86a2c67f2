/**
 * RADIAN operations of the Bill resource (Factus v2): Get RADIAN Events and Tacit Acceptance, added to the
 * v2 bill resource by `withRadianOperations` (its Operation list, its properties and its routing).
 */
import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import type { Resource } from '../v2';
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

/** The v2 bill resource with the RADIAN operations in its Operation list (kept in alphabetical order). */
export function withRadianOperations(resource: Resource): Resource {
	const description = resource.description.map((property) => {
		if (property.name !== 'operation' || property.type !== 'options') return property;
		const options = [...((property.options ?? []) as INodePropertyOptions[]), ...RADIAN_BILL_OPERATION_OPTIONS].sort((a, b) => a.name.localeCompare(b.name));
		return { ...property, options };
	});
	return {
		option: resource.option,
		description: [...description, ...radianBillDescription],
		operations: { ...resource.operations, ...radianBillOperations },
	};
}
