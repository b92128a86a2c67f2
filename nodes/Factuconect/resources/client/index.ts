import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import * as create from './create';
import * as getAll from './getAll';
import * as search from './search';

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['client'] } },
	options: [
		{ name: 'Create', value: 'create', action: 'Create a client', description: 'Save a receiver (receptor) in Factuconect' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many clients', description: 'List the account\'s clients' },
		{ name: 'Search by NIT/NRC', value: 'search', action: 'Search clients by NIT or NRC', description: 'Find clients whose NIT or NRC contains a text' },
	],
	default: 'create',
};

export const description: INodeProperties[] = [operationField, ...create.description, ...getAll.description, ...search.description];

export const operations: Record<string, ItemOperation> = {
	create: create.execute,
	getAll: getAll.execute,
	search: search.execute,
};
