/**
 * Account → Get Me: GET /me — the user and company (tenant) the API token belongs to. FacEPro asks
 * integrators to check it before sending the first document.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { PATHS, request } from '../../transport';

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const response = await request<IDataObject>(this, { method: 'GET', path: PATHS.me }, { itemIndex: i });
	return { json: response.body, pairedItem: { item: i } };
}
