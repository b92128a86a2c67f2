import { getManyOperation } from '../common/getMany';

/** Credit Note → Get Many: GET /v1/credit-notes with the six v1 filters. */
export const { description, execute } = getManyOperation('creditNote', 'creditNote');
