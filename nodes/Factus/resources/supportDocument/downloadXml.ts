import { downloadOperation } from '../common/download';

/** Support Document → Download XML: GET /v1/support-documents/download-xml/:number → `<number>.xml`. */
export const { description, execute } = downloadOperation('supportDocument', 'downloadXml', 'supportDocument', 'xml', 'DS1');
