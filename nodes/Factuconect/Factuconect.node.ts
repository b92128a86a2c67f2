import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOperations } from '../shared/runner';
import { operationSubtitle } from '../shared/subtitle';
import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';
import * as client from './resources/client';
import * as dte from './resources/dte';
import * as lookup from './resources/lookup';
import { DEFAULT_PARALLEL } from './profile';
import { CREDENTIAL, PROVIDER } from './transport';

/** The resources (kept outside the description so the subtitle can be built from the operations below). */
const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Client', value: 'client', description: 'Receivers (receptores) stored in Factuconect' },
		{ name: 'DTE', value: 'dte', description: 'Electronic tax documents: create, send to Hacienda, void' },
		{ name: 'Lookup', value: 'lookup', description: 'Catalogs and the DTE types enabled for the account' },
	],
	default: 'dte',
};

const operationProperties: INodeProperties[] = [...client.description, ...dte.description, ...lookup.description];

export class Factuconect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Factuconect',
		name: 'factuconect',
		icon: { light: 'file:factuconect.svg', dark: 'file:factuconect.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(operationProperties),
		description: "Create El Salvador DTEs with Factuconect, send them to the Ministerio de Hacienda, and void them",
		defaults: { name: 'Factuconect' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		properties: [
			resourceField,
			...operationProperties,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations(this, PROVIDER, {
			client: client.operations,
			dte: dte.operations,
			lookup: lookup.operations,
		}, { defaultParallel: DEFAULT_PARALLEL });
	}
}
