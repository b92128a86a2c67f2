import type { INodeProperties } from 'n8n-workflow';

import { createExecute } from './create';
import {
	clientField,
	createAdditionalFields,
	createOptions,
	linesField,
	sendNowField,
	show,
} from './fields';
import { fieldsOnly, inputModeField, shopifyDteFields } from './shopify';

const OPERATIONS = ['createFactura'];

/** Factura (01), POST /facturar/fe: a stored client (idCliente) or a final consumer; prices include IVA. */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, 'order'),
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
	createAdditionalFields(OPERATIONS),
	createOptions(OPERATIONS),
];

export const execute = createExecute('01');
