/**
 * Bill → Get Email Content: GET /v1/bills/:number/email-content → the subject and the "attached
 * document" ZIP (XML + PDF, what DIAN expects to be e-mailed) as binary `<number>.zip`.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { binaryItem, binaryPropertyField, decodeBase64 } from '../../../shared/binary';
import { localError } from '../../../shared/errors';
import { numberField } from '../../operations/get';
import { showFor } from '../../operations/types';
import { factusRequest, PROVIDER, V1_BILL_EMAIL } from '../../transport';

export const description = [numberField('bill', 'getEmailContent', 'bill', 'SETP990000493'), binaryPropertyField(showFor('bill', 'getEmailContent'))];

export async function execute(this: IExecuteFunctions, i: number) {
	const number = (this.getNodeParameter('number', i) as string).trim();
	const response = await factusRequest(this, { method: 'GET', path: V1_BILL_EMAIL.content(number) }, { itemIndex: i, what: 'bill' });
	const data = ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
	let zip: Buffer;
	try {
		zip = decodeBase64(data.attached_document, 'attached document (ZIP)');
	} catch (error) {
		throw localError(this.getNode(), { provider: PROVIDER, message: `Factus: ${(error as Error).message} for bill ${number}` }, i);
	}
	return await binaryItem(this, i, { data: zip, kind: 'zip', documentNumber: number, json: { number, subject: data.subject ?? null } });
}
