import type { INodeProperties } from 'n8n-workflow';

import { createOperation } from '../../../shared/pipeline';
import { createSpec } from '../../issue';
import { clientField, linesField, show } from '../../ui/fields';
import { createAdditionalFields, createOptions, DISCOUNT_FIELDS, sendNowField } from '../../ui/options';
import { fieldsOnly, inputModeField, invoiceJsonField, shopifyDteFields } from '../../ui/shopify';

const OPERATIONS = ['createFactura'];

/** Factura (01), POST /facturar/fe: a stored client (idCliente) or a final consumer; prices include IVA. */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, { json: true, shopify: 'order' }),
	invoiceJsonField(OPERATIONS),
	...fieldsOnly([
		{
			displayName: 'Receiver',
			name: 'receiver',
			type: 'options',
			options: [
				{ name: 'Final Consumer (No Client)', value: 'finalConsumer', description: 'Consumidor final: no receiver data' },
				{ name: 'Stored Client', value: 'storedClient', description: 'A client saved in Factuconect (idCliente)' },
			],
			default: 'finalConsumer',
			description: 'Who receives the Factura: a final consumer (no receiver data) or a client saved in Factuconect',
			displayOptions: show(OPERATIONS),
		},
		clientField(show(OPERATIONS, { receiver: ['storedClient'] }), 'The receiver, from your Factuconect clients (idCliente)'),
		linesField(OPERATIONS, 'included', { exempt: true }),
	]),
	...shopifyDteFields('01', OPERATIONS),
	sendNowField(OPERATIONS),
	createAdditionalFields(OPERATIONS, DISCOUNT_FIELDS),
	createOptions(OPERATIONS),
];

export const execute = createOperation(createSpec('01'));
