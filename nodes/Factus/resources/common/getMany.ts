/**
 * Get Many: a v1 list (newest first) with its six filters, Return All or a Limit, following Laravel's
 * pagination.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Kind } from '../../profile';
import { NOUNS } from '../../profile';
import { documentOutput } from '../../summary';
import { listAll, PATHS } from '../../transport';
import type { Operation } from './types';
import { limitOf, returnAllAndLimit, showFor } from './types';

const FILTERS: Record<string, string> = {
	identification: 'identification',
	names: 'names',
	number: 'number',
	prefix: 'prefix',
	referenceCode: 'reference_code',
	status: 'status',
};

export function getManyOperation(resource: string, kind: Kind): Operation {
	const show = showFor(resource, 'getAll');
	const noun = NOUNS[kind];
	return {
		description: [
			...returnAllAndLimit(show),
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: show,
				options: [
					{ displayName: 'Customer ID Number', name: 'identification', type: 'string', default: '', description: 'Identification number of the customer (or seller)' },
					{ displayName: 'Customer Name', name: 'names', type: 'string', default: '', description: 'Part of the name of the customer (or seller)' },
					{ displayName: 'Number', name: 'number', type: 'string', default: '', placeholder: 'e.g. SETP990000493', description: `Exact number of the ${noun}` },
					{ displayName: 'Prefix', name: 'prefix', type: 'string', default: '', placeholder: 'e.g. SETP', description: 'Numbering range prefix' },
					{ displayName: 'Reference Code', name: 'referenceCode', type: 'string', default: '', description: 'Your reference code (reference_code)' },
					{
						displayName: 'Status',
						name: 'status',
						type: 'options',
						options: [
							{ name: 'Not Validated (Pending or Rejected)', value: '0' },
							{ name: 'Validated by DIAN', value: '1' },
						],
						default: '1',
					},
				],
			},
		],
		async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
			const limit = limitOf(this, i);
			const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
			const qs: IDataObject = {};
			for (const [field, key] of Object.entries(FILTERS)) {
				const value = filters[field];
				if (value !== undefined && value !== null && String(value).trim() !== '') qs[`filter[${key}]`] = String(value).trim();
			}
			const rows = await listAll(this, PATHS.documents[kind].list, qs, { limit, itemIndex: i });
			return rows.map((row) => ({ json: documentOutput(kind, row), pairedItem: { item: i } }));
		},
	};
}
