import { deleteOperation } from '../common/deleteUnvalidated';

/** Support Document → Delete Unvalidated: DELETE /v1/support-documents/reference/:reference_code, after checking its state. */
export const { description, execute } = deleteOperation('supportDocument', 'supportDocument');
