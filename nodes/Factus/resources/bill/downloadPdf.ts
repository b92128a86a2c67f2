import { downloadOperation } from '../common/download';

/** Bill → Download PDF: GET /v1/bills/download-pdf/:number → `<number>.pdf`. */
export const { description, execute } = downloadOperation('bill', 'downloadPdf', 'bill', 'pdf', 'SETP990000493');
