import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOperations } from '../../shared/runner';
import { operationSubtitle } from '../../shared/subtitle';

import { methodsV2 } from '../methods/v2';
import type { Resource } from '../resources/v2';
import { kindResource } from '../resources/v2';
import { lookupResource } from '../resources/v2/lookup';
import { withRadianOperations } from '../resources/radian';
import { receivedInvoiceResource } from '../resources/receivedInvoice';
import { FACTUS_PARALLEL_REQUESTS } from '../profile';
import { CREDENTIAL, PROVIDER } from '../transport';

/** Resources in the editor's order. */
const RESOURCES: Resource[] = [
	withRadianOperations(kindResource('bill')),
	kindResource('creditNote'),
	kindResource('debitNote'),
	kindResource('supportDocument'),
	kindResource('adjustmentNote'),
	receivedInvoiceResource,
	lookupResource,
];

const properties: INodeTypeDescription['properties'] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map((r) => r.option),
		default: 'bill',
	},
	...RESOURCES.flatMap((r) => r.description),
];

/**
 * Factus node version 2 — API v2, the default for new nodes: bills, credit and debit notes, support
 * documents and adjustment notes (create with Preview Totals, get, list, files, e-mail, delete unvalidated,
 * Wait for DIAN Result) and the lookups. Prices are net (v2's arithmetic); every create goes through the
 * shared issue protocol keyed by `reference_code` (../wire/v2/issue.ts).
 */
export class FactusV2 implements INodeType {
	description: INodeTypeDescription;

	methods = methodsV2;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = {
			...baseDescription,
			version: 2,
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
		return await runOperations(this, PROVIDER, Object.fromEntries(RESOURCES.map((r) => [String(r.option.value), r.operations])), { defaultParallel: FACTUS_PARALLEL_REQUESTS });
	}
}
