import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { validationError } from '../../../shared/errors';
import { fetchCatalog, PROVIDER } from '../../transport';
import type { CatalogKind } from '../../wire/catalog';

/** The catalog Lookup operations: one item per entry. */
export const CATALOG_OPERATIONS: Record<string, CatalogKind> = {
	getCountries: 'countries',
	getDepartments: 'departments',
	getMunicipalities: 'municipalities',
	getDocumentTypes: 'documentTypes',
	getEconomicActivities: 'economicActivities',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Department Name or ID',
		name: 'catalogDepartment',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDepartments' },
		default: '',
		required: true,
		description:
			'Whose municipalities to list. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { resource: ['lookup'], operation: ['getMunicipalities'] } },
	},
];

export function catalogExecute(kind: CatalogKind) {
	return async function (this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
		let department: string | undefined;
		if (kind === 'municipalities') {
			department = String(this.getNodeParameter('catalogDepartment', i, '') ?? '').trim();
			if (!/^\d+$/.test(department)) {
				throw validationError(
					this.getNode(),
					PROVIDER,
					[{ path: 'catalogDepartment', message: department ? `"${department}" is not a department id` : 'is required' }],
					i,
					'request',
				);
			}
		}
		const entries = await fetchCatalog(this, kind, department);
		return entries.map((json) => ({ json, pairedItem: { item: i } }));
	};
}
