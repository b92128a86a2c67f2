import { downloadOperation } from '../common/download';

/** Bill → Download XML: GET /v1/bills/download-xml/:number → `<number>.xml`. */
export const { description, execute } = downloadOperation('bill', 'downloadXml', 'bill', 'xml', 'SETP990000493');
