import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../shared/runner';

/** One operation: its UI properties (with displayOptions) and what it does per item. */
export interface Operation {
	description: INodeProperties[];
	execute: ItemOperation;
}

export type Show = { show: Record<string, Array<string | number | boolean>> };

export const showFor = (resource: string, operation: string): Show => ({ show: { resource: [resource], operation: [operation] } });

export { limitOf, returnAllAndLimit } from '../../shared/params';
