import { downloadOperation } from '../common/download';

/** Support Document → Download PDF: GET /v1/support-documents/download-pdf/:number → `<number>.pdf`. */
export const { description, execute } = downloadOperation('supportDocument', 'downloadPdf', 'supportDocument', 'pdf', 'DS1');
