import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import * as create from './create';
import * as deleteUnvalidated from './deleteUnvalidated';
import * as downloadPdf from './downloadPdf';
import * as downloadXml from './downloadXml';
import * as get from './get';
import * as getAll from './getAll';
import * as previewTotals from './previewTotals';

export const supportDocumentDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['supportDocument'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a support document', description: 'Document a purchase from a seller who does not invoice' },
			{ name: 'Delete Unvalidated', value: 'deleteUnvalidated', action: 'Delete an unvalidated support document', description: 'Delete a support document DIAN rejected (never a validated one)' },
			{ name: 'Download PDF', value: 'downloadPdf', action: 'Download the PDF of a support document' },
			{ name: 'Download XML', value: 'downloadXml', action: 'Download the XML of a support document' },
			{ name: 'Get', value: 'get', action: 'Get a support document' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many support documents' },
			{ name: 'Preview Totals', value: 'previewTotals', action: 'Preview the totals of a support document', description: 'Check a support document and compute its totals without sending it' },
		],
		default: 'create',
	},
	...create.description,
	...previewTotals.description,
	...get.description,
	...getAll.description,
	...downloadPdf.description,
	...downloadXml.description,
	...deleteUnvalidated.description,
];

export const supportDocumentOperations: Record<string, ItemOperation> = {
	create: create.execute,
	previewTotals: previewTotals.execute,
	get: get.execute,
	getAll: getAll.execute,
	downloadPdf: downloadPdf.execute,
	downloadXml: downloadXml.execute,
	deleteUnvalidated: deleteUnvalidated.execute,
};
