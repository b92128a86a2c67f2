import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import * as create from './create';
import * as deleteUnvalidated from './deleteUnvalidated';
import * as downloadPdf from './downloadPdf';
import * as downloadXml from './downloadXml';
import * as get from './get';
import * as getAll from './getAll';
import * as getEmailContent from './getEmailContent';
import * as previewTotals from './previewTotals';
import * as sendEmail from './sendEmail';
import * as waitForResult from './waitForResult';

export const billDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['bill'] } },
		options: [
			{ name: 'Create & Validate', value: 'create', action: 'Create and validate a bill', description: 'Issue an electronic bill and send it to DIAN' },
			{ name: 'Delete Unvalidated', value: 'deleteUnvalidated', action: 'Delete an unvalidated bill', description: 'Delete a bill DIAN rejected (never a validated one)' },
			{ name: 'Download PDF', value: 'downloadPdf', action: 'Download the PDF of a bill' },
			{ name: 'Download XML', value: 'downloadXml', action: 'Download the XML of a bill' },
			{ name: 'Get', value: 'get', action: 'Get a bill' },
			{ name: 'Get Email Content', value: 'getEmailContent', action: 'Get the email content of a bill', description: 'Subject and attached-document ZIP' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many bills' },
			{ name: 'Preview Totals', value: 'previewTotals', action: 'Preview the totals of a bill', description: 'Check a bill and compute its totals without sending it' },
			{ name: 'Send Email', value: 'sendEmail', action: 'Send a bill by email' },
			{ name: 'Wait for DIAN Result', value: 'waitForResult', action: 'Wait for the DIAN result of a bill', description: 'Check until DIAN validates or rejects the bill' },
		],
		default: 'create',
	},
	...create.description,
	...previewTotals.description,
	...get.description,
	...getAll.description,
	...downloadPdf.description,
	...downloadXml.description,
	...getEmailContent.description,
	...sendEmail.description,
	...deleteUnvalidated.description,
	...waitForResult.description,
];

export const billOperations: Record<string, ItemOperation> = {
	create: create.execute,
	previewTotals: previewTotals.execute,
	get: get.execute,
	getAll: getAll.execute,
	downloadPdf: downloadPdf.execute,
	downloadXml: downloadXml.execute,
	getEmailContent: getEmailContent.execute,
	sendEmail: sendEmail.execute,
	deleteUnvalidated: deleteUnvalidated.execute,
	waitForResult: waitForResult.execute,
};
