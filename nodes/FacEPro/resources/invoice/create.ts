/**
 * Invoice → Create: POST /documentos through the shared create pipeline (issue.ts). The document fields
 * declared here are shared with Preview Totals.
 */
import type { INodeProperties } from 'n8n-workflow';

import { createExecute } from '../../issue';
import { documentFields } from '../../ui/document';

export const description: INodeProperties[] = documentFields({
	resource: 'invoice',
	operations: ['create', 'previewTotals'],
	kind: 'invoice',
	sendingOperations: ['create'],
});

export const execute = createExecute('invoice');
