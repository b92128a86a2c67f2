import { catalogOperation } from '../../operations/catalog';
import { V1_CATALOGS } from '../../transport';

/** Lookup → Product Tributes: GET /v1/tributes/products?name= (1 IVA, 4 INC, 5 ReteIVA, 6 ReteRenta, 7 ReteICA…). */
export const { description, execute } = catalogOperation('productTributes', V1_CATALOGS.productTributes, 'tributes', 'IVA');
