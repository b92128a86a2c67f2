import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import * as catalog from './catalog';
import { CATALOG_OPERATIONS, catalogExecute } from './catalog';
import * as enabledTypes from './enabledTypes';

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['lookup'] } },
	options: [
		{ name: 'Get Countries', value: 'getCountries', action: 'Get countries', description: 'Country catalog (id_pais)' },
		{ name: 'Get Departments', value: 'getDepartments', action: 'Get departments', description: 'El Salvador\'s departments (ID and MH code)' },
		{ name: 'Get Document Types', value: 'getDocumentTypes', action: 'Get document types', description: 'Receiver ID types (NIT, DUI…)' },
		{ name: 'Get Economic Activities', value: 'getEconomicActivities', action: 'Get economic activities', description: 'Economic activity catalog (ID and MH code)' },
		{ name: 'Get Enabled DTE Types', value: 'getEnabledTypes', action: 'Get enabled DTE types', description: 'The DTE types this account may issue' },
		{ name: 'Get Municipalities', value: 'getMunicipalities', action: 'Get municipalities', description: 'Municipalities of a department' },
	],
	default: 'getEnabledTypes',
};

export const description: INodeProperties[] = [operationField, ...catalog.description];

export const operations: Record<string, ItemOperation> = {
	getEnabledTypes: enabledTypes.execute,
	...Object.fromEntries(Object.entries(CATALOG_OPERATIONS).map(([operation, kind]) => [operation, catalogExecute(kind)])),
};
