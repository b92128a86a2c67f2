import { catalogOperation } from '../common/catalog';
import { PATHS } from '../../transport';

/** Lookup → Municipalities: GET /v1/municipalities?name= → `{id, code (DIVIPOLA), name, department}`. */
export const { description, execute } = catalogOperation('municipalities', PATHS.catalogs.municipalities, 'municipalities', 'San Gil');
