/**
 * Lookup of a v1 catalog with a `name` filter (municipalities, countries, product tributes, measurement
 * units): one output item per entry.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { listAll } from '../../transport';
import type { Operation } from './types';
import { limitOf, returnAllAndLimit, showFor } from './types';

export function catalogOperation(operation: string, path: string, what: string, placeholder: string): Operation {
	const show = showFor('lookup', operation);
	return {
		description: [
			{
				displayName: 'Name Contains',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: `e.g. ${placeholder}`,
				description: `Only ${what} whose name contains this text (leave empty for all)`,
				displayOptions: show,
			},
			...returnAllAndLimit(show),
		],
		async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
			const name = (this.getNodeParameter('name', i, '') as string).trim();
			const limit = limitOf(this, i);
			const qs: IDataObject = name ? { name } : {};
			const rows = await listAll(this, path, qs, { limit, itemIndex: i, paged: false });
			return rows.map((row) => ({ json: row, pairedItem: { item: i } }));
		},
	};
}
