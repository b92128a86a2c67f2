import { catalogOperation } from '../common/catalog';
import { PATHS } from '../../transport';

/** Lookup → Product Tributes: GET /v1/tributes/products?name= (1 IVA, 4 INC, 5 ReteIVA, 6 ReteRenta, 7 ReteICA…). */
export const { description, execute } = catalogOperation('productTributes', PATHS.catalogs.productTributes, 'tributes', 'IVA');
