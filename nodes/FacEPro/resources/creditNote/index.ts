import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';

import * as create from './create';

export const creditNoteOperations: Record<string, ItemOperation> = {
	create: create.execute,
};

export const creditNoteDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['creditNote'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Issue a credit note that corrects an invoice',
				action: 'Create a credit note',
			},
		],
		default: 'create',
	},
	...create.description,
];
