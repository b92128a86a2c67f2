import { getOperation } from '../common/get';

/** Credit Note → Get: GET /v1/credit-notes/:number. */
export const { description, execute } = getOperation('creditNote', 'creditNote', 'NC1');
