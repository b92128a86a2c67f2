/**
 * Field names of the catalog and DTE-type calls, in one place. The page says catalogs exist but not
 * their paths or shapes [assumed]: `{data: [{id, codigo, nombre}]}`; municipalities take
 * `?id_departamento=`. typeFacts' answer is shown on the page [doc].
 */
import type { IDataObject } from 'n8n-workflow';

export type CatalogKind = 'countries' | 'departments' | 'municipalities' | 'documentTypes' | 'economicActivities';

/** Query parameter naming the department when listing municipalities [assumed]. */
export const DEPARTMENT_QUERY = 'id_departamento';

export interface CatalogEntry extends IDataObject {
	/** Database id: what the receptor's `id_*` fields take. */
	id: number | string;
	/** MH's code (department "06", activity "47190"…), what a DTE's inline receiver takes. */
	codigo: string;
	nombre: string;
}

const first = (entry: IDataObject, keys: string[]) => {
	for (const key of keys) if (entry[key] !== undefined && entry[key] !== null) return String(entry[key]);
	return '';
};

/** Tolerant reader: `data` array or a bare array; name/code under the usual Spanish or English keys. */
export function readCatalog(body: unknown): CatalogEntry[] {
	const root = body as IDataObject | IDataObject[] | undefined;
	const list = Array.isArray(root) ? root : Array.isArray(root?.data) ? (root.data as IDataObject[]) : [];
	return list
		.filter((entry) => entry && typeof entry === 'object' && entry.id !== undefined)
		.map((entry) => ({
			...entry,
			id: entry.id as number | string,
			codigo: first(entry, ['codigo', 'code', 'cod']),
			nombre: first(entry, ['nombre', 'name', 'descripcion', 'valor']),
		}));
}

/** typeFacts entry [doc]: `{id, id_clientes, id_typeFacts, typeFacts: {id, name}}`. */
export function readEnabledTypes(body: unknown): IDataObject[] {
	const list = (body as IDataObject | undefined)?.data;
	if (!Array.isArray(list)) return [];
	return (list as IDataObject[]).map((entry) => {
		const type = (entry.typeFacts ?? {}) as IDataObject;
		const id = Number(entry.id_typeFacts ?? type.id);
		// "Use id_typeFacts … ("01" for Factura, "03" for CCF)" [doc]: the two-digit tipoDte.
		return { ...entry, tipoDte: Number.isFinite(id) ? String(id).padStart(2, '0') : null, name: type.name ?? null };
	});
}
