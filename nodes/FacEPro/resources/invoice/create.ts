/**
 * Invoice → Create: POST /documentos. The document fields declared here are shared with Preview Totals.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { documentFields } from '../../document/fields';
import { createDocument } from '../../document/issue';

export const description: INodeProperties[] = documentFields({
	resource: 'invoice',
	operations: ['create', 'previewTotals'],
	kind: 'invoice',
	sendingOperations: ['create'],
});

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	return await createDocument.call(this, i, 'invoice');
}
