/**
 * Received Invoice → Get Many: the supplier invoices in Factus's reception (GET /v2/receptions/bills) with
 * the documented filters, Return All or a Limit, each with its RADIAN state.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { dateParameter } from '../../../shared/country/colombia';
import { Problems } from '../../../shared/invoice/problems';
import { limitOf, returnAllAndLimit } from '../../../shared/params';
import { showFor } from '../../ui/common';
import { listAll, PROVIDER } from '../../transport';
import { cufeProblem, RADIAN_PATHS } from '../../wire/v2/radian';
import { receivedInvoiceOutput } from './output';

const show = showFor('receivedInvoice', 'getAll');

export const description: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'CUFE', name: 'cufe', type: 'string', default: '', description: 'CUFE of the invoice (96 hexadecimal characters)' },
			{
				displayName: 'Events',
				name: 'events',
				type: 'options',
				options: [
					{ name: 'Events Still to Emit', value: '0', description: 'Not yet claimed or accepted' },
					{ name: 'Completed', value: '1', description: 'Claimed or accepted (expressly or tacitly)' },
				],
				default: '0',
				description: 'Whether the invoice still waits for your RADIAN events (filter[completed_events])',
			},
			{ displayName: 'ID', name: 'id', type: 'string', default: '', description: "Factus's ID of the received invoice" },
			{ displayName: 'Issue Date', name: 'issueDate', type: 'dateTime', default: '', description: 'Date the supplier issued the invoice' },
			{ displayName: 'Number', name: 'number', type: 'string', default: '', placeholder: 'e.g. FE1001', description: 'Number of the invoice, as the supplier numbered it' },
			{ displayName: 'Supplier Name', name: 'supplierName', type: 'string', default: '', description: 'Name of the company or person that issued the invoice to you' },
			{ displayName: 'Supplier NIT', name: 'supplierNit', type: 'string', default: '', placeholder: 'e.g. 901724254', description: 'NIT of the supplier, without the DV' },
		],
	},
];

const FILTERS: Record<string, string> = {
	id: 'id',
	number: 'number',
	cufe: 'cufe',
	supplierNit: 'company_nit',
	supplierName: 'company_name',
	events: 'completed_events',
};

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const limit = limitOf(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [field, key] of Object.entries(FILTERS)) {
		const value = filters[field];
		if (value !== undefined && value !== null && String(value).trim() !== '') qs[`filter[${key}]`] = String(value).trim();
	}
	const problems = new Problems();
	const date = dateParameter(filters.issueDate);
	if (date !== undefined) {
		if (/^\d{4}-\d{2}-\d{2}$/.test(date)) qs['filter[issue_date]'] = date;
		else problems.add('filters.issueDate', 'must be a date (YYYY-MM-DD)', { label: 'Filters › Issue Date', providerPath: 'filter[issue_date]' });
	}
	const cufe = qs['filter[cufe]'];
	if (typeof cufe === 'string' && cufeProblem(cufe)) problems.add('filters.cufe', cufeProblem(cufe) as string, { label: 'Filters › CUFE', providerPath: 'filter[cufe]' });
	if (typeof qs['filter[id]'] === 'string' && !/^\d+$/.test(qs['filter[id]'])) {
		problems.add('filters.id', 'must be a whole number', { label: 'Filters › ID', providerPath: 'filter[id]' });
	}
	problems.throwIfAny(this.getNode(), PROVIDER, i, 'filter');
	const rows = await listAll(this, RADIAN_PATHS.receptions, qs, { limit, itemIndex: i });
	return rows.map((row) => ({ json: receivedInvoiceOutput(row), pairedItem: { item: i } }));
}
