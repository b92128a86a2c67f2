/**
 * Bill → Send Email: POST /v1/bills/send-email/:number with `{email}` and, optionally, a PDF of your own
 * taken from an input binary field (`pdf_base_64_encoded`).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { localError } from '../../../shared/errors';
import { numberField } from '../common/get';
import { showFor } from '../common/types';
import { EMAIL_PATTERN } from '../../profile';
import { PATHS, PROVIDER, request } from '../../transport';

const show = showFor('bill', 'sendEmail');

export const description: INodeProperties[] = [
	numberField('bill', 'sendEmail', 'bill', 'SETP990000493'),
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'Where Factus sends the bill (PDF and XML)',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Attach PDF From Binary Field',
				name: 'pdfBinaryProperty',
				type: 'string',
				default: '',
				placeholder: 'e.g. data',
				description: "Name of an input binary field holding a PDF to send instead of Factus's own",
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number) {
	const number = (this.getNodeParameter('number', i) as string).trim();
	const email = (this.getNodeParameter('email', i) as string).trim();
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	if (!EMAIL_PATTERN.test(email)) {
		throw localError(this.getNode(), { provider: PROVIDER, message: `"${email}" is not a valid e-mail address; nothing was sent to Factus`, fields: { email: ['is not a valid e-mail address'] } }, i);
	}
	const body: IDataObject = { email };
	const property = typeof options.pdfBinaryProperty === 'string' ? options.pdfBinaryProperty.trim() : '';
	if (property !== '') {
		// n8n's own plain message when the item has no such file (getBinaryDataBuffer alone would fail with a TypeError).
		this.helpers.assertBinaryData(i, property);
		const pdf = await this.helpers.getBinaryDataBuffer(i, property);
		body.pdf_base_64_encoded = pdf.toString('base64');
	}
	const response = await request(this, { method: 'POST', path: PATHS.billEmail.send(number), body }, { itemIndex: i, what: 'bill' });
	const answer = (response.body ?? {}) as IDataObject;
	return { json: { sent: true, number, email, message: answer.message ?? null }, pairedItem: { item: i } };
}
