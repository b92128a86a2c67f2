/**
 * Credit Note → Create: POST /notas-credito with the referenced invoice (number, CUFE, date) and the DIAN reason.
 * Needs FacEPro's permite_notas_credito permission for the company.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { documentFields } from '../../document/fields';
import { createDocument } from '../../document/issue';

export const description: INodeProperties[] = documentFields({
	resource: 'creditNote',
	operations: ['create'],
	kind: 'creditNote',
	sendingOperations: ['create'],
});

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	return await createDocument.call(this, i, 'creditNote');
}
