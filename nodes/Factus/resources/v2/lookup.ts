/**
 * Lookup (version 2): what stays an API read in v2 — numbering ranges, the company, a DIAN acquirer, the
 * subscription — and the reference tables v2 replaced with static data (municipalities, measurement
 * units, countries, currencies), answered from nodes/Factus/data without any request.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllAndLimit } from '../../../shared/params';
import type { CodeName } from '../../data';
import { IDENTIFICATION_DOCUMENT_TYPES, NUMBERING_RANGE_DOCUMENTS, searchCountries, searchCurrencies, searchMunicipalities, searchUnits, toOptions } from '../../data';
import { request } from '../../transport';
import { V2_PATHS } from '../../wire/v2/profile';
import { listAll } from '../../wire/v2/transport';
import type { Resource } from './index';
import { showFor } from './documents';

const data = (response: { body: unknown }) => ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;

const TABLES: Record<string, { search: (filter?: string, limit?: number) => readonly CodeName[]; what: string; placeholder: string }> = {
	municipalities: { search: searchMunicipalities, what: 'municipalities (DIVIPOLA code, name, department)', placeholder: 'San Gil' },
	measurementUnits: { search: searchUnits, what: 'measurement units', placeholder: 'unidad' },
	countries: { search: searchCountries, what: 'countries', placeholder: 'Colombia' },
	currencies: { search: searchCurrencies, what: 'currencies', placeholder: 'USD' },
};

function tableDescription(operation: string): INodeProperties[] {
	const show = showFor('lookup', operation);
	const table = TABLES[operation];
	return [
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: `e.g. ${table.placeholder}`,
			description: `Code prefix or words of the name (accents and case ignored); empty lists all ${table.what}`,
			displayOptions: show,
		},
		...returnAllAndLimit(show),
	];
}

const rangesShow = showFor('lookup', 'numberingRanges');
const acquirerShow = showFor('lookup', 'acquirer');

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lookup'] } },
		options: [
			{ name: 'Company', value: 'company', action: 'Get the company', description: 'The issuing company as Factus has it' },
			{ name: 'Countries', value: 'countries', action: 'List countries', description: 'Reference table, no request' },
			{ name: 'Currencies', value: 'currencies', action: 'List currencies', description: 'Reference table, no request' },
			{ name: 'DIAN Acquirer', value: 'acquirer', action: 'Look up an acquirer in DIAN', description: 'Name and e-mail DIAN has for an identification' },
			{ name: 'Measurement Units', value: 'measurementUnits', action: 'List measurement units', description: 'Reference table, no request' },
			{ name: 'Municipalities', value: 'municipalities', action: 'List municipalities', description: 'Reference table, no request' },
			{ name: 'Numbering Ranges', value: 'numberingRanges', action: 'List numbering ranges' },
			{ name: 'Subscription', value: 'subscription', action: 'Get the subscription', description: 'Documents used and remaining' },
		],
		default: 'acquirer',
	},
	{ displayName: 'ID Type', name: 'idType', type: 'options', options: toOptions(IDENTIFICATION_DOCUMENT_TYPES), default: '31', displayOptions: acquirerShow },
	{ displayName: 'ID Number', name: 'idNumber', type: 'string', default: '', required: true, placeholder: 'e.g. 900825759', description: 'Identification number, without the NIT check digit', displayOptions: acquirerShow },
	{ displayName: 'Range ID', name: 'rangeId', type: 'number', default: 0, description: 'Get only this range (0 = list them)', displayOptions: rangesShow },
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { ...rangesShow.show, rangeId: [0] } },
		options: [
			{ displayName: 'Document', name: 'document', type: 'options', options: toOptions(NUMBERING_RANGE_DOCUMENTS), default: '21' },
			{ displayName: 'Is Active', name: 'isActive', type: 'boolean', default: true, description: 'Whether to list only active (true) or only inactive (false) ranges' },
			{ displayName: 'Resolution Number', name: 'resolutionNumber', type: 'string', default: '' },
			{ displayName: 'Technical Key', name: 'technicalKey', type: 'string', default: '' },
		],
	},
	...Object.keys(TABLES).flatMap(tableDescription),
];

async function acquirer(this: IExecuteFunctions, i: number) {
	const idType = String(this.getNodeParameter('idType', i));
	const idNumber = (this.getNodeParameter('idNumber', i) as string).trim();
	const response = await request(
		this,
		{ method: 'GET', path: V2_PATHS.catalogs.acquirer, qs: { identification_document_code: idType, identification_number: idNumber } },
		{ itemIndex: i, what: 'acquirer' },
	);
	return { json: { identification_document_code: idType, identification_number: idNumber, ...data(response) }, pairedItem: { item: i } };
}

async function numberingRanges(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const rangeId = this.getNodeParameter('rangeId', i, 0) as number;
	if (rangeId > 0) {
		const response = await request(this, { method: 'GET', path: V2_PATHS.catalogs.numberingRange(rangeId) }, { itemIndex: i, what: 'numbering range' });
		return [{ json: data(response), pairedItem: { item: i } }];
	}
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.document) qs['filter[document]'] = filters.document;
	if (filters.isActive !== undefined) qs['filter[is_active]'] = filters.isActive ? 1 : 0;
	if (filters.resolutionNumber) qs['filter[resolution_number]'] = filters.resolutionNumber;
	if (filters.technicalKey) qs['filter[technical_key]'] = filters.technicalKey;
	const rows = await listAll(this, V2_PATHS.catalogs.numberingRanges, qs, { itemIndex: i });
	return rows.map((row) => ({ json: row, pairedItem: { item: i } }));
}

async function company(this: IExecuteFunctions, i: number) {
	const response = await request(this, { method: 'GET', path: V2_PATHS.catalogs.company }, { itemIndex: i, what: 'company' });
	return { json: data(response), pairedItem: { item: i } };
}

async function subscription(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const response = await request(this, { method: 'GET', path: V2_PATHS.catalogs.subscription }, { itemIndex: i, what: 'subscription' });
	const body = (response.body as IDataObject | undefined)?.data;
	const rows = Array.isArray(body) ? (body as IDataObject[]) : body && typeof body === 'object' ? [body as IDataObject] : [];
	return rows.map((row) => ({ json: row, pairedItem: { item: i } }));
}

function table(operation: string) {
	return async function (this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
		const search = (this.getNodeParameter('search', i, '') as string).trim();
		const limit = limitOf(this, i) ?? Number.MAX_SAFE_INTEGER;
		return TABLES[operation].search(search, limit).map((row) => ({ json: { ...row } as IDataObject, pairedItem: { item: i } }));
	};
}

export const lookupResource: Resource = {
	option: { name: 'Lookup', value: 'lookup', description: 'Numbering ranges, company, acquirer, subscription and the reference tables' },
	description,
	operations: {
		acquirer,
		numberingRanges,
		company,
		subscription,
		...Object.fromEntries(Object.keys(TABLES).map((operation) => [operation, table(operation)])),
	},
};
