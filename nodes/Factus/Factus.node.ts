import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOperations } from '../shared/runner';

import { methods } from './methods';
import { billDescription, billOperations } from './resources/bill';
import { creditNoteDescription, creditNoteOperations } from './resources/creditNote';
import { lookupDescription, lookupOperations } from './resources/lookup';
import { supportDocumentDescription, supportDocumentOperations } from './resources/supportDocument';
import { CREDENTIAL, PROVIDER } from './transport';

/**
 * Factus (Colombia, DIAN), API v1: bills, credit notes and support documents, their DIAN result, files
 * and e-mail, and the lookups a bill needs. Programmatic so that every create goes through the shared
 * issue protocol with Factus's hooks and recovery playbook (issue.ts), and every request through the
 * shared pacing under Factus's rate limit. This file only assembles and routes.
 */
export class Factus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Factus',
		name: 'factus',
		icon: { light: 'file:factus.svg', dark: 'file:factus.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Issue Colombian electronic bills, credit notes and support documents to DIAN with Factus',
		defaults: { name: 'Factus' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Bill', value: 'bill', description: 'Electronic sales invoice (factura electrónica)' },
					{ name: 'Credit Note', value: 'creditNote', description: 'Corrects or annuls a validated bill (nota crédito)' },
					{ name: 'Lookup', value: 'lookup', description: 'Catalogs, numbering ranges, company and subscription' },
					{ name: 'Support Document', value: 'supportDocument', description: 'Documento soporte for purchases from sellers who do not invoice' },
				],
				default: 'bill',
			},
			...billDescription,
			...creditNoteDescription,
			...supportDocumentDescription,
			...lookupDescription,
		],
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations(this, PROVIDER, {
			bill: billOperations,
			creditNote: creditNoteOperations,
			supportDocument: supportDocumentOperations,
			lookup: lookupOperations,
		});
	}
}
