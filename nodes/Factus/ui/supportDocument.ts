/**
 * The support-document UI (Support Document → Create and Preview Totals): a purchase from a seller who does not invoice
 * (documento soporte). The seller takes the customer's place; lines carry no tax.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Show } from './common';
import {
	createOptionsField,
	ID_TYPE_OPTIONS,
	inputModeField,
	jsonField,
	municipalityField,
	numberingRangeField,
	observationField,
	paymentMethodField,
	referenceCodeFields,
} from './common';
import { linesField } from './lines';

const RESOURCE = 'supportDocument';
/** Create and Preview Totals share the document's fields; only a create has a reference code, a range and Options. */
const OPERATIONS = ['create', 'previewTotals'];
const show = (extra: Record<string, Array<string | boolean>> = {}, operations = OPERATIONS): Show => ({ show: { resource: [RESOURCE], operation: operations, ...extra } });
const CREATE = ['create'];

const EXAMPLE: IDataObject = {
	reference_code: 'PURCHASE-1001',
	payment_method_code: '10',
	provider: {
		identification_document_id: 3,
		identification: '123456789',
		names: 'Alan Turing',
		address: 'calle 1 # 2-68',
		email: 'alan.turing@example.com',
		is_resident: 1,
		country_code: 'CO',
		municipality_id: 980,
	},
	items: [
		{
			code_reference: 'SERV-1',
			name: 'Servicio de transporte',
			quantity: 1,
			discount_rate: 0,
			price: 150000,
			unit_measure_id: 70,
			standard_code_id: 1,
			withholding_taxes: [],
		},
	],
};

export function supportDocumentFields(): INodeProperties[] {
	const fields = show({ inputMode: ['fields'] });
	return [
		inputModeField(show(), 'support document'),
		jsonField(show({ inputMode: ['json'] }), 'support document', EXAMPLE),
		...referenceCodeFields(show({ inputMode: ['fields'] }, CREATE), show({ inputMode: ['json'] }, CREATE), 'support document'),
		numberingRangeField(show({}, CREATE), 'getSupportDocumentNumberingRanges', 'support document'),
		{
			displayName: 'Seller ID Type',
			name: 'idType',
			type: 'options',
			options: ID_TYPE_OPTIONS,
			default: 3,
			description: 'Identification type of the seller you bought from',
			displayOptions: fields,
		},
		{
			displayName: 'Seller ID Number',
			name: 'idNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 123456789',
			description: 'Cédula or NIT of the seller, without the check digit',
			displayOptions: fields,
		},
		{
			displayName: 'Seller Name',
			name: 'customerName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Alan Turing',
			description: "The seller's full name, or the company name (razón social)",
			displayOptions: fields,
		},
		municipalityField(fields, 'Municipality'),
		{
			displayName: 'Seller Details',
			name: 'customerDetails',
			type: 'collection',
			placeholder: 'Add Detail',
			default: {},
			displayOptions: fields,
			options: [
				{ displayName: 'Address', name: 'address', type: 'string', default: '' },
				{ displayName: 'Country Code', name: 'country', type: 'string', default: 'CO', placeholder: 'e.g. CO', description: 'Two-letter country of the seller' },
				{ displayName: 'DV (NIT Check Digit)', name: 'dv', type: 'string', default: '', description: 'Required for a NIT; it is verified before sending' },
				{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
				{ displayName: 'Lives in Colombia', name: 'isResident', type: 'boolean', default: true, description: 'Whether the seller is resident in Colombia (is_resident)' },
				{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
				{ displayName: 'Trade Name', name: 'tradeName', type: 'string', default: '' },
			],
		},
		linesField(fields, false),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: fields,
			options: [observationField(), paymentMethodField()],
		},
		createOptionsField(show({}, CREATE), 'support document'),
	];
}

