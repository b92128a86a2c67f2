import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import * as create from './create';
import * as deleteUnvalidated from './deleteUnvalidated';
import * as downloadPdf from './downloadPdf';
import * as downloadXml from './downloadXml';
import * as get from './get';
import * as getAll from './getAll';
import * as previewTotals from './previewTotals';

export const creditNoteDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['creditNote'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a credit note', description: 'Correct or annul a validated bill' },
			{ name: 'Delete Unvalidated', value: 'deleteUnvalidated', action: 'Delete an unvalidated credit note', description: 'Delete a credit note DIAN rejected (never a validated one)' },
			{ name: 'Download PDF', value: 'downloadPdf', action: 'Download the PDF of a credit note' },
			{ name: 'Download XML', value: 'downloadXml', action: 'Download the XML of a credit note' },
			{ name: 'Get', value: 'get', action: 'Get a credit note' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many credit notes' },
			{ name: 'Preview Totals', value: 'previewTotals', action: 'Preview the totals of a credit note', description: 'Check a credit note and compute its totals without sending it' },
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

export const creditNoteOperations: Record<string, ItemOperation> = {
	create: create.execute,
	previewTotals: previewTotals.execute,
	get: get.execute,
	getAll: getAll.execute,
	downloadPdf: downloadPdf.execute,
	downloadXml: downloadXml.execute,
	deleteUnvalidated: deleteUnvalidated.execute,
};
