import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { PATHS, request } from '../../transport';

/** Lookup → Subscription: GET /v1/subscriptions/current (documents used and remaining, expiry). */
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number) {
	const response = await request(this, { method: 'GET', path: PATHS.catalogs.subscription }, { itemIndex: i, what: 'subscription' });
	return { json: ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject, pairedItem: { item: i } };
}
