import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';

import * as create from './create';
import * as downloadXml from './downloadXml';
import * as get from './get';
import * as getAll from './getAll';
import * as previewTotals from './previewTotals';
import * as refreshStatus from './refreshStatus';

export const invoiceOperations: Record<string, ItemOperation> = {
	create: create.execute,
	downloadXml: downloadXml.execute,
	get: get.execute,
	getAll: getAll.execute,
	previewTotals: previewTotals.execute,
	refreshStatus: refreshStatus.execute,
};

export const invoiceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Issue an electronic invoice to DIAN through FacEPro',
				action: 'Create an invoice',
			},
			{
				name: 'Download XML',
				value: 'downloadXml',
				description: 'Download the signed UBL XML of an invoice or note as a file',
				action: 'Download the XML of an invoice',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an invoice or note by its tracking ID',
				action: 'Get an invoice',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many invoices and notes, newest first',
				action: 'Get many invoices',
			},
			{
				name: 'Preview Totals',
				value: 'previewTotals',
				description: 'Check an invoice and compute its totals as FacEPro will, without sending it',
				action: 'Preview the totals of an invoice',
			},
			{
				name: 'Refresh DIAN Status',
				value: 'refreshStatus',
				description: 'Ask DIAN again for the status of a pending document (never re-sends it)',
				action: 'Refresh the DIAN status of an invoice',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...refreshStatus.description,
	...downloadXml.description,
];
