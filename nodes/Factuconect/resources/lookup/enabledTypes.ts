import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { accountSettings, PATHS, request } from '../../transport';
import { readEnabledTypes } from '../../wire/catalog';

/** The DTE types enabled for the account, GET /facturar/typeFacts: one item per type, with its tipoDte. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const settings = await accountSettings(this);
	const response = await request(this, { method: 'GET', url: settings.baseUrl + PATHS.enabledTypes }, { itemIndex: i, what: 'list the enabled DTE types' });
	return readEnabledTypes(response.body).map((json) => ({ json, pairedItem: { item: i } }));
}
