import { catalogOperation } from '../common/catalog';
import { PATHS } from '../../transport';

/** Lookup → Measurement Units: GET /v1/measurement-units?name= (70 = unidad). */
export const { description, execute } = catalogOperation('measurementUnits', PATHS.catalogs.measurementUnits, 'units', 'unidad');
