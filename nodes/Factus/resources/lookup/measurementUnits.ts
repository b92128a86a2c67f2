import { catalogOperation } from '../../operations/catalog';
import { V1_CATALOGS } from '../../transport';

/** Lookup → Measurement Units: GET /v1/measurement-units?name= (70 = unidad). */
export const { description, execute } = catalogOperation('measurementUnits', V1_CATALOGS.measurementUnits, 'units', 'unidad');
