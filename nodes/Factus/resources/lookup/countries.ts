import { catalogOperation } from '../common/catalog';
import { PATHS } from '../../transport';

/** Lookup → Countries: GET /v1/countries?name=. */
export const { description, execute } = catalogOperation('countries', PATHS.catalogs.countries, 'countries', 'Colombia');
