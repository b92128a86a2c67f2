/**
 * Credit Note → Create: finds the bill's internal `bill_id` from its number (v1 credit notes reference the
 * bill by id), optionally copies the bill's lines, then POST /v1/credit-notes/validate through the
 * duplicate-safe issue protocol with Factus's hooks and recovery playbook (../../issue.ts).
 */
import { createExecute } from '../../issue';
import { creditNoteFields } from '../../ui/creditNote';

export const description = creditNoteFields();

export const execute = createExecute('creditNote');
