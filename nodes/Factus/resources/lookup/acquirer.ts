/**
 * Lookup → DIAN Acquirer: who DIAN has registered under an identification (GET /v1/dian/acquirer) —
 * the name and e-mail to put on a bill.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ID_TYPE_OPTIONS, showFor } from '../../ui/common';
import { PATHS, request } from '../../transport';

const show = showFor('lookup', 'acquirer');

export const description: INodeProperties[] = [
	{ displayName: 'ID Type', name: 'idType', type: 'options', options: ID_TYPE_OPTIONS, default: 6, displayOptions: show },
	{
		displayName: 'ID Number',
		name: 'idNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 900825759',
		description: 'Identification number, without the NIT check digit',
		displayOptions: show,
	},
];

export async function execute(this: IExecuteFunctions, i: number) {
	const idType = this.getNodeParameter('idType', i) as number;
	const idNumber = (this.getNodeParameter('idNumber', i) as string).trim();
	const response = await request(
		this,
		{ method: 'GET', path: PATHS.catalogs.acquirer, qs: { identification_document_id: idType, identification_number: idNumber } },
		{ itemIndex: i, what: 'acquirer' },
	);
	const data = ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
	return { json: { identification_document_id: idType, identification_number: idNumber, ...data }, pairedItem: { item: i } };
}
