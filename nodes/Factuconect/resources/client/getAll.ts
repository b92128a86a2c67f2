import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { validationError } from '../../../shared/errors';
import { returnAllAndLimit } from '../../../shared/params';
import { accountSettings, call, PATHS, PROVIDER } from '../../transport';
import { LIST_QUERY, PAGE_SIZE } from './body';
import type { Pagination } from './body';

const show = { show: { resource: ['client'], operation: ['getAll'] } };

/** The account's clients, GET /receptor/showAll, following its 0-based pages. */
export const description: INodeProperties[] = returnAllAndLimit(show);

/** A stop for a server that ignores the page number and answers page 0 forever. */
const MAX_PAGES = 10_000;

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', i, 50));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw validationError(this.getNode(), PROVIDER, [{ path: 'limit', message: 'must be a whole number above 0' }], i, 'request');
	}
	const settings = await accountSettings(this);
	const clients: IDataObject[] = [];
	for (let page = 0; page < MAX_PAGES && clients.length < limit; page++) {
		const response = await call<{ data?: IDataObject[]; pagination?: Pagination }>(
			this,
			{
				method: 'GET',
				url: settings.baseUrl + PATHS.clientList,
				qs: { [LIST_QUERY.page]: page, [LIST_QUERY.pageSize]: PAGE_SIZE },
			},
			{ itemIndex: i, what: `list clients (page ${page})` },
		);
		const data = Array.isArray(response.body?.data) ? response.body.data : [];
		clients.push(...data);
		const pages = response.body?.pagination?.totalPages;
		if (data.length === 0 || (typeof pages === 'number' ? page + 1 >= pages : data.length < PAGE_SIZE)) break;
	}
	return clients.slice(0, limit).map((json) => ({ json, pairedItem: { item: i } }));
}
