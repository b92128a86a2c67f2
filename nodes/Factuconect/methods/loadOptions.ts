/**
 * Dropdowns loaded from Factuconect's catalogs. Client → Create stores database ids (`id_*`); a DTE's
 * inline receiver (CCF, Sujeto Excluido) takes MH codes, so those dropdowns use `codigo`.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchCatalog } from '../transport';
import type { CatalogEntry, CatalogKind } from '../wire/catalog';

const byId = (entries: CatalogEntry[]): INodePropertyOptions[] =>
	entries.map((e) => ({ name: e.codigo ? `${e.nombre} (${e.codigo})` : e.nombre, value: String(e.id) }));

const byCode = (entries: CatalogEntry[]): INodePropertyOptions[] =>
	entries.filter((e) => e.codigo !== '').map((e) => ({ name: `${e.nombre} (${e.codigo})`, value: e.codigo }));

const catalogById = (kind: CatalogKind) =>
	async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return byId(await fetchCatalog(this, kind));
	};

/** What the editor shows now; falls back to the node's saved parameters. */
function parameter(ctx: ILoadOptionsFunctions, name: string): string {
	const current = ctx.getCurrentNodeParameter(name) ?? ctx.getNodeParameter(name, '');
	return String(current ?? '').trim();
}

export const loadOptions = {
	getCountries: catalogById('countries'),
	getDepartments: catalogById('departments'),
	getDocumentTypes: catalogById('documentTypes'),

	/** Municipalities of the department chosen above (Client → Create, or Lookup → Get Municipalities). */
	async getMunicipalities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const department = parameter(this, parameter(this, 'resource') === 'lookup' ? 'catalogDepartment' : 'department');
		if (!department) return [];
		return byId(await fetchCatalog(this, 'municipalities', department));
	},

	async getDepartmentCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return byCode(await fetchCatalog(this, 'departments'));
	},

	/** Municipality codes of the receiver's department (its MH code → its catalog id → municipalities). */
	async getMunicipalityCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const code = parameter(this, 'receiverDepartment');
		if (!code) return [];
		const department = (await fetchCatalog(this, 'departments')).find((d) => d.codigo === code);
		if (!department) return [];
		return byCode(await fetchCatalog(this, 'municipalities', department.id));
	},
};
