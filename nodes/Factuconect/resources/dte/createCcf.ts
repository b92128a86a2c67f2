import type { INodeProperties } from 'n8n-workflow';

import { createOperation } from '../../../shared/pipeline';
import { createSpec } from '../../issue';
import { linesField, receiverDetailsField, receiverPlaceFields, show } from '../../ui/fields';
import { createAdditionalFields, createOptions, DISCOUNT_FIELDS, sendNowField } from '../../ui/options';
import { fieldsOnly, inputModeField, invoiceJsonField, notInJson, shopifyDteFields } from '../../ui/shopify';

const OPERATIONS = ['createCcf'];

/** Comprobante de Crédito Fiscal (03), POST /facturar/ccf-exe: receiver inline; lines are net. */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, { json: true, shopify: 'order' }),
	invoiceJsonField(OPERATIONS),
	...fieldsOnly([
		{
			displayName: 'Receiver NIT',
			name: 'receiverNit',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 0614-010499-128-7',
			description: '14 digits (or 9 for a DUI used as NIT); hyphens are fine',
			displayOptions: show(OPERATIONS),
		},
		{
			displayName: 'Receiver NRC',
			name: 'receiverNrc',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 278784-1',
			description: 'Registro de contribuyente: 2 to 8 digits',
			displayOptions: show(OPERATIONS),
		},
		{
			displayName: 'Receiver Name',
			name: 'receiverName',
			type: 'string',
			default: '',
			required: true,
			description: 'Legal name of the receiving taxpayer',
			displayOptions: show(OPERATIONS),
		},
	]),
	...notInJson([
	{
		displayName: 'Economic Activity',
		name: 'economicActivity',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "The receiver's economic activity (MH code)",
		displayOptions: show(OPERATIONS),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchEconomicActivityCodes', searchable: true },
			},
			{ displayName: 'By Code', name: 'code', type: 'string', placeholder: 'e.g. 47190' },
		],
	},
	], 'shopifyOrder'),
	...fieldsOnly([...receiverPlaceFields(OPERATIONS), receiverDetailsField(OPERATIONS, false), linesField(OPERATIONS, 'net', { exempt: true })]),
	...shopifyDteFields('03', OPERATIONS),
	sendNowField(OPERATIONS),
	createAdditionalFields(OPERATIONS, DISCOUNT_FIELDS),
	createOptions(OPERATIONS),
];

export const execute = createOperation(createSpec('03'));
