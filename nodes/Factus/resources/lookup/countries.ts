import { catalogOperation } from '../../operations/catalog';
import { V1_CATALOGS } from '../../transport';

/** Lookup → Countries: GET /v1/countries?name=. */
export const { description, execute } = catalogOperation('countries', V1_CATALOGS.countries, 'countries', 'Colombia');
