import { deleteOperation } from '../common/deleteUnvalidated';

/** Credit Note → Delete Unvalidated: DELETE /v1/credit-notes/reference/:reference_code, after checking its state. */
export const { description, execute } = deleteOperation('creditNote', 'creditNote');
