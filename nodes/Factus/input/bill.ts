/**
 * The bill UI (Bill → Create & Validate and Preview Totals) in the package's layout — Input Mode →
 * customer identity → Customer Details → Lines → Additional Fields → Options — and its reading into a
 * checked v1 bill body.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { compact } from '../../shared/params';
import { shopifyOrderOption } from '../../shared/shopify/ui';
import type { V1Extras } from '../wire/v1';
import {
	dateParameter,
	createOptionsField,
	EXAMPLE_ITEM,
	fieldLabeller,
	ID_TYPE_OPTIONS,
	inputModeField,
	jsonField,
	linesField,
	linesFromFields,
	municipalityField,
	numberingRangeField,
	observationField,
	optionalString,
	partyFromFields,
	paymentMethodField,
	readJsonInput,
	readReferenceAndRange,
	referenceCodeFields,
	toCheckedBody,
} from './common';
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

const LABELS: Record<string, string> = {
	externalReference: 'Reference Code',
	numberingRangeId: 'Numbering Range',
	customer: 'Customer',
	'customer.idType': 'ID Type',
	'customer.idNumber': 'ID Number',
	'customer.name': 'Name',
	'customer.personType': 'Person Type',
	'customer.municipality': 'Municipality',
	'customer.dv': 'Customer Details › DV (NIT Check Digit)',
	'customer.email': 'Customer Details › Email',
	'customer.phone': 'Customer Details › Phone',
	'customer.address': 'Customer Details › Address',
	'customer.tradeName': 'Customer Details › Trade Name',
	'customer.taxScheme': 'Customer Details › Tax Responsibility',
	lines: 'Lines',
	notes: 'Additional Fields › Observation',
	'payment.form': 'Additional Fields › Payment Form',
	'payment.dueDate': 'Additional Fields › Payment Due Date',
	'payment.method': 'Additional Fields › Payment Method',
	document: 'Additional Fields › Document Type',
	related: 'Additional Fields › Related Documents',
	'related.number': 'Additional Fields › Related Documents › Number',
	'related.issueDate': 'Additional Fields › Related Documents › Issue Date',
	'related.documentType': 'Additional Fields › Related Documents › Code',
	billing_period: 'Additional Fields › Billing Period',
	'billing_period.start_date': 'Additional Fields › Billing Period › Start Date',
	'billing_period.end_date': 'Additional Fields › Billing Period › End Date',
	'billing_period.start_time': 'Additional Fields › Billing Period › Start Time',
	'billing_period.end_time': 'Additional Fields › Billing Period › End Time',
};

const show = (extra: Record<string, string[]> = {}, operations = OPERATIONS) => ({ show: { resource: [RESOURCE], operation: operations, ...extra } });

export function billFields(): INodeProperties[] {
	const fields = show({ inputMode: ['fields'] });
	return [
		inputModeField(show(), 'bill', shopifyOrderOption),
		jsonField(show({ inputMode: ['json'] }), 'bill', EXAMPLE),
		...shopifyBillFields(),
		...referenceCodeFields(show({ inputMode: ['fields'] }, ['create']), show({ inputMode: ['json'] }, ['create']), 'bill'),
		numberingRangeField(show({}, ['create']), 'getBillNumberingRanges', 'bill'),
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
		{
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
		},
		linesField(fields, true),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: fields,
			options: [
				{
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
				},
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
				{
					displayName: 'Payment Due Date',
					name: 'paymentDueDate',
					type: 'dateTime',
					default: '',
					description: 'Required when the payment form is credit',
				},
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
				{
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
				},
				{
					displayName: 'Send Email to Customer',
					name: 'sendEmail',
					type: 'boolean',
					default: false,
					description: 'Whether Factus e-mails the bill to the customer once DIAN validates it',
				},
			],
		},
		createOptionsField(show({}, ['create']), 'bill'),
	];
}

/** Reads item `i` into a checked v1 bill body; throws one validation error listing every problem. */
export function readBill(ctx: IExecuteFunctions, i: number, options: { forPreview: boolean }): IDataObject {
	const mode = ctx.getNodeParameter('inputMode', i) as string;
	// A preview has neither field: it needs no reference code and numbers nothing.
	const { referenceCode, numberingRangeId, overrides } = options.forPreview ? { overrides: {} } : readReferenceAndRange(ctx, i);

	if (mode === 'json') return toCheckedBody(ctx, i, 'bill', readJsonInput(ctx, i, 'bill'), { requireReference: !options.forPreview, overrides }).body;

	const { party, details } = partyFromFields(ctx, i);
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const { lines, extras: lineExtras, withholdingLabels } = linesFromFields(ctx.getNodeParameter('lines', i, {}), true);
	const related = ((additional.relatedDocuments as IDataObject | undefined)?.document as IDataObject[] | undefined) ?? [];
	const period = ((additional.billingPeriod as IDataObject | undefined)?.period as IDataObject | undefined) ?? undefined;
	const neutral: IDataObject = compact({
		customer: compact({
			...party,
			personType: ctx.getNodeParameter('personType', i, 'natural') as string,
			taxScheme: details.taxScheme === undefined ? undefined : String(details.taxScheme),
		}),
		lines,
		notes: optionalString(additional.observation),
		payment: compact({
			form: additional.paymentForm === '2' ? 'credit' : 'cash',
			method: optionalString(additional.paymentMethod),
			dueDate: dateParameter(additional.paymentDueDate),
		}),
		externalReference: referenceCode,
	});
	const extras: V1Extras = {
		referenceCode,
		numberingRangeId,
		document: (additional.document as string | undefined) ?? '01',
		relatedDocuments: related.length
			? related.map((r) => ({ code: String(r.code ?? ''), issue_date: dateParameter(r.issueDate) ?? '', number: String(r.number ?? '') }))
			: undefined,
		billingPeriod: period
			? (compact({
					start_date: dateParameter(period.startDate),
					start_time: optionalString(period.startTime),
					end_date: dateParameter(period.endDate),
					end_time: optionalString(period.endTime),
				}) as IDataObject)
			: undefined,
		sendEmail: additional.sendEmail === undefined ? undefined : Boolean(additional.sendEmail),
		lines: lineExtras,
	};
	const label = fieldLabeller(LABELS, withholdingLabels);
	return toCheckedBody(ctx, i, 'bill', { neutral, extras, label }, { requireReference: !options.forPreview }).body;
}
