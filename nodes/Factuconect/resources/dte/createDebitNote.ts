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

const OPERATIONS = ['createDebitNote'];

/** Nota de Débito (06), POST /facturar/nd: corrects a CCF or Factura upwards; lines are net. */
export const description: INodeProperties[] = [
	clientField(show(OPERATIONS), 'The receiver of the corrected document, from your Factuconect clients (idCliente)'),
	...relatedDocumentFields(OPERATIONS),
	linesField(OPERATIONS, 'net', { exempt: true }),
	sendNowField(OPERATIONS),
	createAdditionalFields(OPERATIONS),
	createOptions(OPERATIONS),
];

export const execute = createExecute('06');
