/**
 * The support-document UI (Support Document → Create): a purchase from a seller who does not invoice
 * (documento soporte). The seller takes the customer's place; lines carry no tax.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { compact } from '../../shared/params';
import type { V1Extras } from '../wire/v1';
import {
	createOptionsField,
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

const RESOURCE = 'supportDocument';
const show = (extra: Record<string, Array<string | boolean>> = {}) => ({ show: { resource: [RESOURCE], operation: ['create'], ...extra } });

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

const LABELS: Record<string, string> = {
	externalReference: 'Reference Code',
	numberingRangeId: 'Numbering Range',
	customer: 'Seller',
	'customer.idType': 'Seller ID Type',
	'customer.idNumber': 'Seller ID Number',
	'customer.name': 'Seller Name',
	'customer.municipality': 'Municipality',
	'customer.dv': 'Seller Details › DV (NIT Check Digit)',
	'customer.email': 'Seller Details › Email',
	'customer.phone': 'Seller Details › Phone',
	'customer.address': 'Seller Details › Address',
	'customer.tradeName': 'Seller Details › Trade Name',
	'customer.country': 'Seller Details › Country Code',
	lines: 'Lines',
	notes: 'Additional Fields › Observation',
	'payment.method': 'Additional Fields › Payment Method',
};

export function supportDocumentFields(): INodeProperties[] {
	const fields = show({ inputMode: ['fields'] });
	return [
		inputModeField(show(), 'support document'),
		jsonField(show({ inputMode: ['json'] }), 'support document', EXAMPLE),
		...referenceCodeFields(fields, show({ inputMode: ['json'] }), 'support document'),
		numberingRangeField(show(), 'getSupportDocumentNumberingRanges', 'support document'),
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
		createOptionsField(show(), 'support document'),
	];
}

export function readSupportDocument(ctx: IExecuteFunctions, i: number): IDataObject {
	const mode = ctx.getNodeParameter('inputMode', i) as string;
	const { referenceCode, numberingRangeId, overrides } = readReferenceAndRange(ctx, i);
	if (mode === 'json') {
		return toCheckedBody(ctx, i, 'supportDocument', readJsonInput(ctx, i, 'supportDocument'), { requireReference: true, overrides }).body;
	}
	const { party, details } = partyFromFields(ctx, i);
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const { lines, extras: lineExtras, withholdingLabels } = linesFromFields(ctx.getNodeParameter('lines', i, {}), false);
	const neutral: IDataObject = compact({
		customer: compact({ ...party, country: optionalString(details.country) }),
		lines,
		notes: optionalString(additional.observation),
		payment: compact({ method: optionalString(additional.paymentMethod) }),
		externalReference: referenceCode,
	});
	const extras: V1Extras = {
		referenceCode,
		numberingRangeId,
		isResident: details.isResident === undefined ? true : Boolean(details.isResident),
		lines: lineExtras,
	};
	return toCheckedBody(ctx, i, 'supportDocument', { neutral, extras, label: fieldLabeller(LABELS, withholdingLabels) }, { requireReference: true }).body;
}
