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
import { fieldsOnly, inputModeField, shopifyDteFields } from './shopify';

const OPERATIONS = ['createCreditNote'];

/** Nota de Crédito (05), POST /facturar/nc: corrects a CCF or Factura downwards; lines are net. */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, 'refund'),
	...fieldsOnly([clientField(show(OPERATIONS), 'The receiver of the corrected document, from your Factuconect clients (idCliente)')]),
	...relatedDocumentFields(OPERATIONS),
	...fieldsOnly([linesField(OPERATIONS, 'net', { exempt: true })]),
	...shopifyDteFields('05', OPERATIONS),
	sendNowField(OPERATIONS),
	createAdditionalFields(OPERATIONS),
	createOptions(OPERATIONS),
];

export const execute = createExecute('05');
