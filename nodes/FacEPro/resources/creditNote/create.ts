/**
 * Credit Note → Create: POST /notas-credito with the corrected invoice (number, CUFE, date) and the DIAN
 * reason, through the shared create pipeline (issue.ts). Needs FacEPro's permite_notas_credito permission.
 */
import type { INodeProperties } from 'n8n-workflow';

import { createExecute } from '../../issue';
import { documentFields } from '../../ui/document';

export const description: INodeProperties[] = documentFields({
	resource: 'creditNote',
	operations: ['create'],
	kind: 'creditNote',
	sendingOperations: ['create'],
});

export const execute = createExecute('creditNote');
