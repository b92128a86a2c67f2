import { getOperation } from '../common/get';

/** Bill → Get: GET /v1/bills/show/:number. */
export const { description, execute } = getOperation('bill', 'bill', 'SETP990000493');
