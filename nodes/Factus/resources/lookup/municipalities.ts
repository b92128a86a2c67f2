import { catalogOperation } from '../../operations/catalog';
import { V1_CATALOGS } from '../../transport';

/** Lookup → Municipalities: GET /v1/municipalities?name= → `{id, code (DIVIPOLA), name, department}`. */
export const { description, execute } = catalogOperation('municipalities', V1_CATALOGS.municipalities, 'municipalities', 'San Gil');
