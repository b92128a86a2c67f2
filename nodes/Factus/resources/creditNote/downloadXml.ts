import { downloadOperation } from '../common/download';

/** Credit Note → Download XML: GET /v1/credit-notes/download-xml/:number → `<number>.xml`. */
export const { description, execute } = downloadOperation('creditNote', 'downloadXml', 'creditNote', 'xml', 'NC1');
