import { getOperation } from '../common/get';

/** Support Document → Get: GET /v1/support-documents/show/:number. */
export const { description, execute } = getOperation('supportDocument', 'supportDocument', 'DS1');
