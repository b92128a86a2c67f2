import { deleteOperation } from '../common/deleteUnvalidated';

/** Bill → Delete Unvalidated: DELETE /v1/bills/destroy/reference/:reference_code, after checking the bill's state. */
export const { description, execute } = deleteOperation('bill', 'bill');
