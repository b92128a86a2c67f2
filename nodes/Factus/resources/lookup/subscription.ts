import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { factusRequest, V1_CATALOGS } from '../../transport';

/** Lookup → Subscription: GET /v1/subscriptions/current (documents used and remaining, expiry). */
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number) {
	const response = await factusRequest(this, { method: 'GET', path: V1_CATALOGS.subscription }, { itemIndex: i, what: 'subscription' });
	return { json: ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject, pairedItem: { item: i } };
}
