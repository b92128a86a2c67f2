/**
 * Invoice → Get Many: GET /documentos (newest first), filtered by estado and issue dates, with Return
 * All (pages of 100 until the last page) or a Limit.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { dateParameter } from '../../../shared/country/colombia';
import { localError } from '../../../shared/errors';
import { returnAllAndLimit } from '../../../shared/params';
import { documentOutput } from '../../summary';
import { listAll, PROVIDER } from '../../transport';
import type { ListFilters } from '../../transport';
import { catalogOptions, STATUSES } from '../../profile';
import { isIsoDate } from '../../../shared/invoice/model';

const show = { show: { resource: ['invoice'], operation: ['getAll'] } };
const MAX_PER_PAGE = 100;

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
			{
				displayName: 'Issued From',
				name: 'desde',
				type: 'dateTime',
				default: '',
				description: 'Only documents issued on or after this date (desde, Colombian date)',
			},
			{
				displayName: 'Issued To',
				name: 'hasta',
				type: 'dateTime',
				default: '',
				description: 'Only documents issued on or before this date (hasta, inclusive)',
			},
			{
				displayName: 'Status',
				name: 'estado',
				type: 'options',
				options: catalogOptions(STATUSES),
				default: 'aceptado',
				description: 'Only documents in this DIAN state (estado)',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? Number.POSITIVE_INFINITY : (this.getNodeParameter('limit', i) as number);
	const raw = this.getNodeParameter('filters', i, {}) as IDataObject;
	const filters: ListFilters = {
		estado: typeof raw.estado === 'string' && raw.estado !== '' ? raw.estado : undefined,
		desde: dateParameter(raw.desde),
		hasta: dateParameter(raw.hasta),
	};
	const fields: Record<string, string[]> = {};
	for (const key of ['desde', 'hasta'] as const) {
		const value = filters[key];
		if (value !== undefined && !isIsoDate(value)) fields[key] = [`"${value}" is not a date (use YYYY-MM-DD)`];
	}
	if (filters.desde && filters.hasta && !fields.desde && !fields.hasta && filters.desde > filters.hasta) {
		fields.hasta = [`is before Issued From (${filters.desde})`];
	}
	if (!Number.isFinite(limit) && !returnAll) fields.limit = ['must be a number'];
	if (Object.keys(fields).length > 0) {
		throw localError(this.getNode(), { provider: PROVIDER, message: 'The filters are not valid; nothing was sent to FacEPro', fields }, i);
	}

	const documents: IDataObject[] = [];
	await listAll(
		this,
		filters,
		{ perPage: returnAll ? MAX_PER_PAGE : Math.min(MAX_PER_PAGE, Math.max(1, limit)), itemIndex: i },
		(page) => {
			for (const document of page) {
				if (documents.length >= limit) break;
				documents.push(document);
			}
			return documents.length < limit;
		},
	);
	return documents.map((document) => ({ json: documentOutput(document), pairedItem: { item: i } }));
}
