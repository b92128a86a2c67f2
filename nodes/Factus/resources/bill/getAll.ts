import { getManyOperation } from '../common/getMany';

/** Bill → Get Many: GET /v1/bills with the six v1 filters. */
export const { description, execute } = getManyOperation('bill', 'bill');
