import type { INodeProperties } from 'n8n-workflow';

import { createOperation } from '../../../shared/pipeline';
import { createSpec } from '../../issue';
import { linesField, receiverDetailsField, receiverPlaceFields, show } from '../../ui/fields';
import { createAdditionalFields, createOptions, RENTA_FIELD, sendNowField } from '../../ui/options';
import { fieldsOnly, inputModeField, invoiceJsonField } from '../../ui/shopify';

const OPERATIONS = ['createSujetoExcluido'];

/** Factura de Sujeto Excluido (14), POST /facturar/fsex: a purchase from someone outside IVA; no IVA. */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, { json: true }),
	invoiceJsonField(OPERATIONS),
	...fieldsOnly([
	{
		displayName: 'Subject ID Type',
		name: 'subjectIdType',
		type: 'options',
		options: [
			{ name: 'DUI (13)', value: '13' },
			{ name: 'NIT (36)', value: '36' },
			{ name: 'Other (37)', value: '37' },
			{ name: 'Passport (03)', value: '03' },
			{ name: 'Residence Card (02)', value: '02' },
		],
		default: '13',
		description: 'Document identifying the excluded subject (MH code)',
		displayOptions: show(OPERATIONS),
	},
	{
		displayName: 'Subject ID Number',
		name: 'subjectIdNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 00016297-5',
		description: 'DUI as ########-#, NIT of 14 (or 9) digits, other documents up to 20 characters',
		displayOptions: show(OPERATIONS),
	},
	{
		displayName: 'Subject Name',
		name: 'receiverName',
		type: 'string',
		default: '',
		required: true,
		description: 'Full name of the person or business you buy from (nombre)',
		displayOptions: show(OPERATIONS),
	},
	...receiverPlaceFields(OPERATIONS),
	receiverDetailsField(OPERATIONS, true),
	linesField(OPERATIONS, 'noIva', { exempt: false }),
	]),
	sendNowField(OPERATIONS),
	createAdditionalFields(OPERATIONS, [RENTA_FIELD]),
	createOptions(OPERATIONS),
];

export const execute = createOperation(createSpec('14'));
