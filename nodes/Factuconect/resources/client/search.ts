import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { validationError } from '../../../shared/errors';
import { accountSettings, PROVIDER, searchClients } from '../../transport';
import { SEARCH_MIN_LENGTH } from '../../wire/client';

const show = { show: { resource: ['client'], operation: ['search'] } };

/** Clients whose NIT or NRC contains the text, GET /receptor/searchByNitNrc (the token's account only). */
export const description: INodeProperties[] = [
	{
		displayName: 'NIT or NRC',
		name: 'query',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 06140104991287',
		description: 'At least 2 characters; hyphens are ignored',
		displayOptions: show,
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const query = String(this.getNodeParameter('query', i, '') ?? '').replace(/-/g, '').trim();
	if (query.length < SEARCH_MIN_LENGTH) {
		throw validationError(
			this.getNode(),
			PROVIDER,
			[{ path: 'query', message: `needs at least ${SEARCH_MIN_LENGTH} characters of a NIT or NRC` }],
			i,
			'search',
		);
	}
	const found = await searchClients(this, await accountSettings(this), query, i);
	return found.map((json) => ({ json, pairedItem: { item: i } }));
}
