import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { PATHS, request } from '../../transport';

/** Lookup → Company: GET /v1/company (the issuing company as Factus has it). */
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number) {
	const response = await request(this, { method: 'GET', path: PATHS.catalogs.company }, { itemIndex: i, what: 'company' });
	return { json: ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject, pairedItem: { item: i } };
}
