/**
 * Bill → Create & Validate: POST /v1/bills/validate through the duplicate-safe issue protocol with
 * Factus's hooks and recovery playbook (../../issue.ts). The bill's fields (ui/bill.ts) are shared with
 * Preview Totals through their displayOptions.
 */
import { createExecute } from '../../issue';
import { billFields } from '../../ui/bill';

export const description = billFields();

export const execute = createExecute('bill');
