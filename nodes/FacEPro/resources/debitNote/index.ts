import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';

import * as create from './create';

export const debitNoteOperations: Record<string, ItemOperation> = {
	create: create.execute,
};

export const debitNoteDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['debitNote'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Issue a debit note that corrects an invoice',
				action: 'Create a debit note',
			},
		],
		default: 'create',
	},
	...create.description,
];
