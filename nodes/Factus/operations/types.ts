import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../shared/runner';

/** One operation: its UI properties (with displayOptions) and what it does per item. */
export interface Operation {
	description: INodeProperties[];
	execute: ItemOperation;
}

export type Show = { show: Record<string, Array<string | number | boolean>> };

export const showFor = (resource: string, operation: string): Show => ({ show: { resource: [resource], operation: [operation] } });

/** "Return All" and "Limit", as on every list operation of n8n. */
export function returnAllAndLimit(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show.show, returnAll: [false] } },
		},
	];
}

/** The limit chosen with `returnAllAndLimit` (undefined = all). */
export function limitOf(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	return ctx.getNodeParameter('returnAll', itemIndex) ? undefined : (ctx.getNodeParameter('limit', itemIndex) as number);
}
