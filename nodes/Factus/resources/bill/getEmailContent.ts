/**
 * Bill → Get Email Content: GET /v1/bills/:number/email-content → the subject and the "attached
 * document" ZIP (XML + PDF, what DIAN expects to be e-mailed) as binary `<number>.zip`.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { binaryItem, binaryPropertyField } from '../../../shared/binary';
import { fetchFile } from '../common/download';
import { numberField } from '../common/get';
import { showFor } from '../common/types';
import { PATHS } from '../../transport';

export const description = [numberField('bill', 'getEmailContent', 'bill', 'SETP990000493'), binaryPropertyField(showFor('bill', 'getEmailContent'))];

export async function execute(this: IExecuteFunctions, i: number) {
	const number = (this.getNodeParameter('number', i) as string).trim();
	const { file, data } = await fetchFile(this, i, { path: PATHS.billEmail.content(number), field: 'attached_document', what: 'attached document (ZIP)', noun: 'bill', number });
	return await binaryItem(this, i, { data: file, kind: 'zip', documentNumber: number, json: { number, subject: data.subject ?? null } });
}
