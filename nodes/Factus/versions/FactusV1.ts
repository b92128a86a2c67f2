import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOperations } from '../../shared/runner';
import { FACTUS_PARALLEL_REQUESTS } from '../profile';
import { operationSubtitle } from '../../shared/subtitle';

import { methods } from '../methods';
import { billDescription, billOperations } from '../resources/bill';
import { creditNoteDescription, creditNoteOperations } from '../resources/creditNote';
import { lookupDescription, lookupOperations } from '../resources/lookup';
import { supportDocumentDescription, supportDocumentOperations } from '../resources/supportDocument';
import { CREDENTIAL, PROVIDER } from '../transport';

const properties: INodeTypeDescription['properties'] = [
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
];

/**
 * Factus node version 1 — API v1: bills, credit notes and support documents, their DIAN result, files
 * and e-mail, and the lookups a bill needs. Saved workflows built on version 1 keep it (v1 prices include
 * tax); its parameters and request bodies are pinned by test/integration/factus/v2-v1-unchanged.test.ts.
 * Programmatic so that every create goes through the shared issue protocol with Factus's hooks and
 * recovery playbook (../issue.ts), and every request through the shared pacing under Factus's rate limit.
 */
export class FactusV1 implements INodeType {
	description: INodeTypeDescription;

	methods = methods;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = {
			...baseDescription,
			version: 1,
			subtitle: operationSubtitle(properties),
			defaults: { name: 'Factus' },
			usableAsTool: true,
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: CREDENTIAL, required: true }],
			properties,
		};
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations(this, PROVIDER, {
			bill: billOperations,
			creditNote: creditNoteOperations,
			supportDocument: supportDocumentOperations,
			lookup: lookupOperations,
		}, { defaultParallel: FACTUS_PARALLEL_REQUESTS });
	}
}
