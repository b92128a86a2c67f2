import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import * as acquirer from './acquirer';
import * as company from './company';
import * as countries from './countries';
import * as measurementUnits from './measurementUnits';
import * as municipalities from './municipalities';
import * as numberingRanges from './numberingRanges';
import * as productTributes from './productTributes';
import * as subscription from './subscription';

export const lookupDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lookup'] } },
		options: [
			{ name: 'Company', value: 'company', action: 'Get the company', description: 'The issuing company as Factus has it' },
			{ name: 'Countries', value: 'countries', action: 'List countries' },
			{ name: 'DIAN Acquirer', value: 'acquirer', action: 'Look up an acquirer in DIAN', description: 'Name and e-mail DIAN has for an identification' },
			{ name: 'Measurement Units', value: 'measurementUnits', action: 'List measurement units' },
			{ name: 'Municipalities', value: 'municipalities', action: 'List municipalities' },
			{ name: 'Numbering Ranges', value: 'numberingRanges', action: 'List numbering ranges' },
			{ name: 'Product Tributes', value: 'productTributes', action: 'List product tributes' },
			{ name: 'Subscription', value: 'subscription', action: 'Get the subscription', description: 'Documents used and remaining' },
		],
		default: 'acquirer',
	},
	...acquirer.description,
	...numberingRanges.description,
	...municipalities.description,
	...productTributes.description,
	...measurementUnits.description,
	...countries.description,
	...company.description,
	...subscription.description,
];

export const lookupOperations: Record<string, ItemOperation> = {
	acquirer: acquirer.execute,
	numberingRanges: numberingRanges.execute,
	municipalities: municipalities.execute,
	productTributes: productTributes.execute,
	measurementUnits: measurementUnits.execute,
	countries: countries.execute,
	company: company.execute,
	subscription: subscription.execute,
};
