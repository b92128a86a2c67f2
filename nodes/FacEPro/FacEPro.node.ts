import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOperations } from '../shared/runner';
import { operationSubtitle } from '../shared/subtitle';

import { accountDescription, accountOperations } from './resources/account';
import { creditNoteDescription, creditNoteOperations } from './resources/creditNote';
import { debitNoteDescription, debitNoteOperations } from './resources/debitNote';
import { invoiceDescription, invoiceOperations } from './resources/invoice';
import { methods } from './methods';
import { FACEPRO_PARALLEL_REQUESTS } from './profile';
import { PROVIDER } from './transport';

const PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Credit Note', value: 'creditNote' },
			{ name: 'Debit Note', value: 'debitNote' },
			{ name: 'Invoice', value: 'invoice' },
		],
		default: 'invoice',
	},
	...invoiceDescription,
	...creditNoteDescription,
	...debitNoteDescription,
	...accountDescription,
];

/**
 * FacEPro Cloud (Colombia, DIAN): invoices, credit and debit notes, their DIAN status and XML.
 * Programmatic on purpose (see docs/facepro.md, "Design notes"): items run through the shared runner,
 * every create through the shared create pipeline and issue protocol (issue.ts).
 */
export class FacEPro implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FacEPro Cloud',
		name: 'facEPro',
		icon: { light: 'file:facepro.svg', dark: 'file:facepro.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(PROPERTIES),
		description: 'Issue Colombian electronic invoices and notes to DIAN with FacEPro Cloud',
		defaults: { name: 'FacEPro Cloud' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'facEProApi', required: true }],
		properties: PROPERTIES,
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations(this, PROVIDER, {
			invoice: invoiceOperations,
			creditNote: creditNoteOperations,
			debitNote: debitNoteOperations,
			account: accountOperations,
		}, { defaultParallel: FACEPRO_PARALLEL_REQUESTS });
	}
}
