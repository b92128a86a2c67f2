import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { validationError } from '../../../shared/errors';
import { returnAllAndLimit } from '../../../shared/params';
import { listAll, PROVIDER } from '../../transport';

const show = { show: { resource: ['client'], operation: ['getAll'] } };

/** The account's clients, GET /receptor/showAll, following its 0-based pages. */
export const description: INodeProperties[] = returnAllAndLimit(show);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? undefined : Number(this.getNodeParameter('limit', i, 50));
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw validationError(this.getNode(), PROVIDER, [{ path: 'limit', message: 'must be a whole number above 0' }], i, 'request');
	}
	const clients = await listAll(this, { limit, itemIndex: i });
	return clients.map((json) => ({ json, pairedItem: { item: i } }));
}
