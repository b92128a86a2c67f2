/**
 * Debit Note → Create: POST /notas-debito with the corrected invoice (number, CUFE, date) and the DIAN
 * reason, through the shared create pipeline (issue.ts). Needs FacEPro's permite_notas_debito permission.
 */
import type { INodeProperties } from 'n8n-workflow';

import { createExecute } from '../../issue';
import { documentFields } from '../../ui/document';

export const description: INodeProperties[] = documentFields({
	resource: 'debitNote',
	operations: ['create'],
	kind: 'debitNote',
	sendingOperations: ['create'],
});

export const execute = createExecute('debitNote');
