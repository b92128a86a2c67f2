/**
 * Support Document → Create: POST /v1/support-documents/validate through the duplicate-safe issue
 * protocol with Factus's hooks and recovery playbook (../../issue.ts).
 */
import { createExecute } from '../../issue';
import { supportDocumentFields } from '../../ui/supportDocument';

export const description = supportDocumentFields();

export const execute = createExecute('supportDocument');
