/**
 * Lookup → Numbering Ranges: one range by ID (GET /v1/numbering-ranges/:id) or the list with v1's
 * filters (document, active, resolution number, technical key).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showFor } from '../../ui/common';
import { listAll, PATHS, request } from '../../transport';

const show = showFor('lookup', 'numberingRanges');

export const description: INodeProperties[] = [
	{
		displayName: 'Range ID',
		name: 'rangeId',
		type: 'number',
		default: 0,
		description: 'Get only this range (0 = list them)',
		displayOptions: show,
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { ...show.show, rangeId: [0] } },
		options: [
			{
				displayName: 'Document',
				name: 'document',
				type: 'options',
				options: [
					{ name: 'Credit Note (22)', value: '22' },
					{ name: 'Debit Note (23)', value: '23' },
					{ name: 'Paper Invoice (30)', value: '30' },
					{ name: 'Sales Invoice (21)', value: '21' },
					{ name: 'Support Document (24)', value: '24' },
					{ name: 'Support Document Adjustment Note (25)', value: '25' },
				],
				default: '21',
			},
			{ displayName: 'Is Active', name: 'isActive', type: 'boolean', default: true, description: 'Whether to list only active (true) or only inactive (false) ranges' },
			{ displayName: 'Resolution Number', name: 'resolutionNumber', type: 'string', default: '' },
			{ displayName: 'Technical Key', name: 'technicalKey', type: 'string', default: '' },
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const rangeId = this.getNodeParameter('rangeId', i, 0) as number;
	if (rangeId > 0) {
		const response = await request(this, { method: 'GET', path: PATHS.catalogs.numberingRange(rangeId) }, { itemIndex: i, what: 'numbering range' });
		return [{ json: ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject, pairedItem: { item: i } }];
	}
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.document) qs['filter[document]'] = filters.document;
	if (filters.isActive !== undefined) qs['filter[is_active]'] = filters.isActive ? 1 : 0;
	if (filters.resolutionNumber) qs['filter[resolution_number]'] = filters.resolutionNumber;
	if (filters.technicalKey) qs['filter[technical_key]'] = filters.technicalKey;
	const rows = await listAll(this, PATHS.catalogs.numberingRanges, qs, { itemIndex: i });
	return rows.map((row) => ({ json: row, pairedItem: { item: i } }));
}
