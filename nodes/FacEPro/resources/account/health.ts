/**
 * Account → Health: GET /health — whether FacEPro's API answers (it needs no token; the credential
 * only supplies the base URL).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { PATHS, request } from '../../transport';

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const response = await request<IDataObject>(this, { method: 'GET', path: PATHS.health }, { itemIndex: i });
	return { json: response.body, pairedItem: { item: i } };
}
