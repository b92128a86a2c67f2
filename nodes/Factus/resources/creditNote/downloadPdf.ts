import { downloadOperation } from '../common/download';

/** Credit Note → Download PDF: GET /v1/credit-notes/download-pdf/:number → `<number>.pdf`. */
export const { description, execute } = downloadOperation('creditNote', 'downloadPdf', 'creditNote', 'pdf', 'NC1');
