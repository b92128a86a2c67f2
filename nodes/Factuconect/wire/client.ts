/**
 * Field names of the client (receptor) calls, in one place:
 *   [doc]     shown on the provider's page (the showAll example lists every receptor field);
 *   [assumed] our reading, adjustable with "Additional Fields (JSON)" and here.
 */
import type { IDataObject } from 'n8n-workflow';

/** What Client → Create collects; ids come from the catalogs. */
export interface ClientInput {
	nombre: string;
	nit?: string;
	nrc?: string;
	nombreComercial?: string;
	idActividadEconomica?: number;
	idPais?: number;
	idDepartamento?: number;
	idMunicipio?: number;
	idTipoDocumento?: number;
	direccionComplemento?: string;
	telefono?: string;
	correo?: string;
	observaciones?: string;
}

/** POST /receptor/add: the receptor fields of the showAll example [doc]; that add takes them as they are [assumed]. */
export function clientBody(input: ClientInput): IDataObject {
	const body: IDataObject = { nombre: input.nombre };
	const set = (key: string, value: unknown) => {
		if (value !== undefined && value !== '') body[key] = value;
	};
	set('nit', input.nit);
	set('nrc', input.nrc);
	set('nombreComercial', input.nombreComercial);
	set('id_actividad_economica', input.idActividadEconomica);
	set('id_pais', input.idPais);
	set('id_departamento', input.idDepartamento);
	set('id_municipio', input.idMunicipio);
	set('id_tipo_documento', input.idTipoDocumento);
	set('direccionComplemento', input.direccionComplemento);
	set('telefono', input.telefono);
	set('correo', input.correo);
	set('observacionesCustom', input.observaciones);
	return body;
}

/** GET /receptor/showAll query names [assumed]; pages are 0-based and hold 100 [doc: the example's pagination]. */
export const LIST_QUERY = { page: 'page', pageSize: 'pageSize' } as const;
export const PAGE_SIZE = 100;

/** The answer's page block [doc]. */
export interface Pagination {
	total?: number;
	currentPage?: number;
	pageSize?: number;
	totalPages?: number;
}

/** GET /receptor/searchByNitNrc query name [assumed]; "min 2 characters" [doc]. */
export const SEARCH_QUERY = 'q';
export const SEARCH_MIN_LENGTH = 2;
