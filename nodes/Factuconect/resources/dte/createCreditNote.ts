import type { INodeProperties } from 'n8n-workflow';

import { createOperation } from '../../../shared/pipeline';
import { createSpec } from '../../issue';
import { clientField, linesField, relatedDocumentFields, show } from '../../ui/fields';
import { createAdditionalFields, createOptions, sendNowField } from '../../ui/options';
import { fieldsOnly, inputModeField, invoiceJsonField, notInJson, shopifyDteFields } from '../../ui/shopify';

const OPERATIONS = ['createCreditNote'];

/** Nota de Crédito (05), POST /facturar/nc: corrects a CCF or Factura downwards; lines are net. */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, { json: true, shopify: 'refund' }),
	invoiceJsonField(OPERATIONS),
	...fieldsOnly([clientField(show(OPERATIONS), 'The receiver of the corrected document, from your Factuconect clients (idCliente)')]),
	...notInJson(relatedDocumentFields(OPERATIONS), 'shopifyRefund'),
	...fieldsOnly([linesField(OPERATIONS, 'net', { exempt: true })]),
	...shopifyDteFields('05', OPERATIONS),
	sendNowField(OPERATIONS),
	createAdditionalFields(OPERATIONS),
	createOptions(OPERATIONS),
];

export const execute = createOperation(createSpec('05'));
