/**
 * Support Document → Create: POST /v1/support-documents/validate under the recovery playbook.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { readCreateOptions } from '../../input/common';
import { readSupportDocument, supportDocumentFields } from '../../input/supportDocument';
import { createDocument } from '../../recovery';
import { documentOutput } from '../../summary';

export const description = supportDocumentFields();

export async function execute(this: IExecuteFunctions, i: number) {
	const body = readSupportDocument(this, i);
	const result = await createDocument(this, i, 'supportDocument', body, readCreateOptions(this, i));
	return { json: documentOutput('supportDocument', result.data, result.recovery ? { recovery: result.recovery } : {}), pairedItem: { item: i } };
}
