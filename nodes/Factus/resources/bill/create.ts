/**
 * Bill → Create & Validate: POST /v1/bills/validate under the recovery playbook (recovery.ts). The
 * bill's fields (input/bill.ts) are shared with Preview Totals through their displayOptions.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { billFields, readBill } from '../../input/bill';
import { createDocument } from '../../recovery';
import { documentOutput } from '../../summary';

export const description = billFields();

export async function execute(this: IExecuteFunctions, i: number) {
	const body = readBill(this, i, { forPreview: false });
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const result = await createDocument(this, i, 'bill', body, { deleteRejectedAndResend: options.deleteRejectedAndResend === true });
	return { json: documentOutput('bill', result.data, result.recovery ? { recovery: result.recovery } : {}), pairedItem: { item: i } };
}
