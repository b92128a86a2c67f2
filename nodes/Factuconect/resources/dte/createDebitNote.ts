import type { INodeProperties } from 'n8n-workflow';

import { createOperation } from '../../../shared/pipeline';
import { createSpec } from '../../issue';
import { clientField, linesField, relatedDocumentFields, show } from '../../ui/fields';
import { createAdditionalFields, createOptions, sendNowField } from '../../ui/options';
import { fieldsOnly, inputModeField, invoiceJsonField } from '../../ui/shopify';

const OPERATIONS = ['createDebitNote'];

/** Nota de Débito (06), POST /facturar/nd: corrects a CCF or Factura upwards; lines are net. */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, { json: true }),
	invoiceJsonField(OPERATIONS),
	...fieldsOnly([
		clientField(show(OPERATIONS), 'The receiver of the corrected document, from your Factuconect clients (idCliente)'),
		...relatedDocumentFields(OPERATIONS),
		linesField(OPERATIONS, 'net', { exempt: true }),
	]),
	sendNowField(OPERATIONS),
	createAdditionalFields(OPERATIONS),
	createOptions(OPERATIONS),
];

export const execute = createOperation(createSpec('06'));
