import type { INodeProperties } from 'n8n-workflow';

import { createExecute } from './create';
import {
	clientField,
	createAdditionalFields,
	createOptions,
	linesField,
	relatedDocumentFields,
	sendNowField,
	show,
} from './fields';

const OPERATIONS = ['createCreditNote'];

/** Nota de Crédito (05), POST /facturar/nc: corrects a CCF or Factura downwards; lines are net. */
export const description: INodeProperties[] = [
	clientField(show(OPERATIONS), 'The receiver of the corrected document, from your Factuconect clients (idCliente)'),
	...relatedDocumentFields(OPERATIONS),
	linesField(OPERATIONS, 'net', { exempt: true }),
	sendNowField(OPERATIONS),
	createAdditionalFields(OPERATIONS),
	createOptions(OPERATIONS),
];

export const execute = createExecute('05');
