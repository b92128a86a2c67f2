/**
 * The bill UI (Bill → Create & Validate and Preview Totals) in the package's layout — Input Mode →
 * customer identity → Customer Details → Lines → Additional Fields → Options. Read by ../input/fields.ts
 * (`readBillFields`) and ../input/shopify.ts.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { shopifyOrderOption } from '../../shared/shopify/ui';
import type { Show } from './common';
import {
	createOptionsField,
	EXAMPLE_ITEM,
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
import { shopifyBillFields } from './shopify';

const RESOURCE = 'bill';
const OPERATIONS = ['create', 'previewTotals'];

const EXAMPLE: IDataObject = {
	document: '01',
	reference_code: 'ORDER-1001',
	payment_form: '1',
	payment_method_code: '10',
	customer: {
		identification_document_id: 3,
		identification: '123456789',
		names: 'Alan Turing',
		address: 'calle 1 # 2-68',
		email: 'alan.turing@example.com',
		phone: '1234567890',
		legal_organization_id: 2,
		tribute_id: 21,
		municipality_id: 980,
	},
	items: [EXAMPLE_ITEM],
};

const show = (extra: Record<string, string[]> = {}, operations = OPERATIONS): Show => ({ show: { resource: [RESOURCE], operation: operations, ...extra } });

/** Who the bill is for: person type, identification, name, municipality. */
function customerIdentity(fields: Show): INodeProperties[] {
	return [
		{
			displayName: 'Person Type',
			name: 'personType',
			type: 'options',
			options: [
				{ name: 'Company (Persona Jurídica)', value: 'legal' },
				{ name: 'Person (Persona Natural)', value: 'natural' },
			],
			default: 'natural',
			description: 'Whether the customer is a company or an individual (legal_organization_id)',
			displayOptions: fields,
		},
		{
			displayName: 'ID Type',
			name: 'idType',
			type: 'options',
			options: ID_TYPE_OPTIONS,
			default: 3,
			description: 'Identification type of the customer; a NIT needs its DV in Customer Details',
			displayOptions: fields,
		},
		{
			displayName: 'ID Number',
			name: 'idNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 123456789',
			description: 'Cédula or NIT of the customer, without the check digit',
			displayOptions: fields,
		},
		{
			displayName: 'Name',
			name: 'customerName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Alan Turing',
			description: "Company name (razón social) or the person's full name",
			displayOptions: fields,
		},
		municipalityField(fields, 'Municipality'),
	];
}

/** Customer Details: DV, e-mail, phone, address, tax responsibility, trade name. */
function customerDetails(fields: Show): INodeProperties {
	return {
		displayName: 'Customer Details',
		name: 'customerDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions: fields,
		options: [
			{ displayName: 'Address', name: 'address', type: 'string', default: '', placeholder: 'e.g. calle 1 # 2-68' },
			{
				displayName: 'DV (NIT Check Digit)',
				name: 'dv',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7',
				description: 'Required for a NIT: the digit after the dash (900825759-7 → 7). It is verified before sending.',
			},
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Where Factus sends the bill' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{
				displayName: 'Tax Responsibility',
				name: 'taxScheme',
				type: 'options',
				options: [
					{ name: 'IVA Responsible (Responsable De IVA)', value: 18 },
					{ name: 'Not Applicable (No Aplica)', value: 21 },
				],
				default: 21,
				description: 'Customer tribute (tribute_id)',
			},
			{ displayName: 'Trade Name', name: 'tradeName', type: 'string', default: '' },
		],
	};
}

const BILLING_PERIOD: INodeProperties = {
	displayName: 'Billing Period',
	name: 'billingPeriod',
	type: 'fixedCollection',
	default: {},
	description: 'Period billed, for utilities, rent or tuition (billing_period)',
	options: [
		{
			displayName: 'Period',
			name: 'period',
			values: [
				{ displayName: 'End Date', name: 'endDate', type: 'dateTime', default: '' },
				{ displayName: 'End Time', name: 'endTime', type: 'string', default: '', placeholder: 'e.g. 23:59:59' },
				{ displayName: 'Start Date', name: 'startDate', type: 'dateTime', default: '' },
				{ displayName: 'Start Time', name: 'startTime', type: 'string', default: '', placeholder: 'e.g. 00:00:00' },
			],
		},
	],
};

const RELATED_DOCUMENTS: INodeProperties = {
	displayName: 'Related Documents',
	name: 'relatedDocuments',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	description: 'Paper invoices a document 03 transmits (related_documents)',
	options: [
		{
			displayName: 'Document',
			name: 'document',
			values: [
				{ displayName: 'Code', name: 'code', type: 'string', default: 'Factura de talonario o de papel', description: "The company's own code for the document type" },
				{ displayName: 'Issue Date', name: 'issueDate', type: 'dateTime', default: '' },
				{ displayName: 'Number', name: 'number', type: 'string', default: '', placeholder: 'e.g. FTP990000014', description: 'Prefix and number' },
			],
		},
	],
};

/** Additional Fields of a bill: document type, observation, payment, related documents, billing period, e-mail. */
function additionalFields(fields: Show): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: fields,
		options: [
			BILLING_PERIOD,
			{
				displayName: 'Document Type',
				name: 'document',
				type: 'options',
				options: [
					{ name: '01 — Sales Invoice (Factura Electrónica De Venta)', value: '01' },
					{ name: '03 — Transmission Instrument (Tipo 03, Paper Invoices)', value: '03' },
				],
				default: '01',
				description: 'Document 03 transmits paper invoices and needs Related Documents',
			},
			observationField(),
			{ displayName: 'Payment Due Date', name: 'paymentDueDate', type: 'dateTime', default: '', description: 'Required when the payment form is credit' },
			{
				displayName: 'Payment Form',
				name: 'paymentForm',
				type: 'options',
				options: [
					{ name: 'Cash (Contado)', value: '1' },
					{ name: 'Credit (Crédito)', value: '2' },
				],
				default: '1',
			},
			paymentMethodField(),
			RELATED_DOCUMENTS,
			{
				displayName: 'Send Email to Customer',
				name: 'sendEmail',
				type: 'boolean',
				default: false,
				description: 'Whether Factus e-mails the bill to the customer once DIAN validates it',
			},
		],
	};
}

/** Every bill field (Create & Validate and Preview Totals share them through their displayOptions). */
export function billFields(): INodeProperties[] {
	const fields = show({ inputMode: ['fields'] });
	return [
		inputModeField(show(), 'bill', shopifyOrderOption),
		jsonField(show({ inputMode: ['json'] }), 'bill', EXAMPLE),
		...shopifyBillFields(),
		...referenceCodeFields(show({ inputMode: ['fields'] }, ['create']), show({ inputMode: ['json'] }, ['create']), 'bill'),
		numberingRangeField(show({}, ['create']), 'getBillNumberingRanges', 'bill'),
		...customerIdentity(fields),
		customerDetails(fields),
		linesField(fields, true),
		additionalFields(fields),
		createOptionsField(show({}, ['create']), 'bill'),
	];
}
