import { getManyOperation } from '../common/getMany';

/** Support Document → Get Many: GET /v1/support-documents with the six v1 filters. */
export const { description, execute } = getManyOperation('supportDocument', 'supportDocument');
