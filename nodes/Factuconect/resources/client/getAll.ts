import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { validationError } from '../../../shared/errors';
import type { HttpContext } from '../../../shared/http';
import { returnAllAndLimit } from '../../../shared/params';
import { accountSettings, call, PATHS, PROVIDER } from '../../transport';
import type { AccountSettings } from '../../transport';
import { LIST_QUERY, PAGE_SIZE } from './body';
import type { Pagination } from './body';

const show = { show: { resource: ['client'], operation: ['getAll'] } };

/** The account's clients, GET /receptor/showAll, following its 0-based pages. */
export const description: INodeProperties[] = returnAllAndLimit(show);

/** A stop for a server that ignores the page number and answers page 0 forever. */
const MAX_PAGES = 10_000;

/** One 0-based page of the account's clients (also the client dropdown's), and whether another follows. */
export async function clientPage(
	ctx: HttpContext,
	settings: AccountSettings,
	page: number,
	itemIndex?: number,
): Promise<{ clients: IDataObject[]; more: boolean }> {
	const response = await call<{ data?: IDataObject[]; pagination?: Pagination }>(
		ctx,
		{
			method: 'GET',
			url: settings.baseUrl + PATHS.clientList,
			qs: { [LIST_QUERY.page]: page, [LIST_QUERY.pageSize]: PAGE_SIZE },
		},
		{ itemIndex, what: `list clients (page ${page})` },
	);
	const clients = Array.isArray(response.body?.data) ? response.body.data : [];
	const pages = response.body?.pagination?.totalPages;
	const more = clients.length > 0 && (typeof pages === 'number' ? page + 1 < pages : clients.length >= PAGE_SIZE);
	return { clients, more };
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', i, 50));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw validationError(this.getNode(), PROVIDER, [{ path: 'limit', message: 'must be a whole number above 0' }], i, 'request');
	}
	const settings = await accountSettings(this);
	const clients: IDataObject[] = [];
	for (let page = 0; page < MAX_PAGES && clients.length < limit; page++) {
		const next = await clientPage(this, settings, page, i);
		clients.push(...next.clients);
		if (!next.more) break;
	}
	return clients.slice(0, limit).map((json) => ({ json, pairedItem: { item: i } }));
}
