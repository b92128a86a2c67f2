import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';

import * as getMe from './getMe';
import * as health from './health';

export const accountOperations: Record<string, ItemOperation> = {
	getMe: getMe.execute,
	health: health.execute,
};

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Me',
				value: 'getMe',
				description: 'Get the user and company the API token belongs to',
				action: 'Get the account of the token',
			},
			{
				name: 'Health',
				value: 'health',
				description: "Check that FacEPro's API is up",
				action: 'Check the health of the API',
			},
		],
		default: 'getMe',
	},
];
