/**
 * The document UI shared by Invoice → Create / Preview Totals and the note creates, in the layout
 * every node of this package uses: Input Mode → customer identity → Customer Details → Lines →
 * Additional Fields → Options. Labels use FacEPro's vocabulary (NIT, DV, IVA, CUFE, razón social).
 */
import type { INodeProperties } from 'n8n-workflow';

import { SHOPIFY_REFUND_MODE, shopifyOrderOption, shopifyRefundOption } from '../../shared/shopify/ui';

import {
	catalogOptions,
	CREDIT_NOTE_REASONS,
	DEBIT_NOTE_REASONS,
	DEFAULT_UNIT,
	FISCAL_RESPONSIBILITIES,
	ID_TYPES,
	PERSON_TYPES,
	UNITS,
} from '../wire/catalogs';
import type { DocumentKind } from '../wire/body';

import { shopifyDocumentFields } from './shopify';

/** The default of Document (JSON): an empty FacEPro body, with the referenced invoice and reason for a note. */
function jsonTemplate(noteReason?: string): string {
	const body = {
		adquiriente: {
			tipo_persona: '2',
			tipo_documento: '13',
			numero_documento: '',
			razon_social: '',
			responsabilidad_fiscal: 'R-99-PN',
			email: '',
		},
		lineas: [{ codigo: '', descripcion: '', cantidad: 1, precio: 0, iva_pct: 19 }],
	};
	const note = { factura_referencia: { numero: '', cufe: '', fecha: '' }, motivo: { codigo: noteReason, descripcion: '' } };
	return JSON.stringify(noteReason === undefined ? body : { ...note, ...body }, null, 2);
}

/** The same field in JSON mode (top level) and in Fields mode (Additional Fields). */
const EXTERNAL_REFERENCE: INodeProperties = {
	displayName: 'External Reference',
	name: 'externalReference',
	type: 'string',
	default: '',
	placeholder: 'e.g. ORDER-1001',
	description:
		'Your ID for this sale (e.g. the order number). With it, running the workflow again for the same reference returns the document already issued instead of issuing another one.',
};

const IVA_OPTIONS = [
	{ name: '19 %', value: 19 },
	{ name: '5 %', value: 5 },
	{ name: '0 % (Exempt)', value: 0 },
];

export interface DocumentFieldsSpec {
	resource: string;
	/** Operations showing the document fields (e.g. create and previewTotals). */
	operations: string[];
	kind: DocumentKind;
	/** Operations that send (get the External Reference guard options). */
	sendingOperations: string[];
}

/** Node properties for entering one FacEPro document. */
export function documentFields(spec: DocumentFieldsSpec): INodeProperties[] {
	const show = (extra: Record<string, string[]> = {}, operations = spec.operations) => ({
		show: { resource: [spec.resource], operation: operations, ...extra },
	});
	const fields = show({ inputMode: ['fields'] });
	const json = show({ inputMode: ['json'] });
	const reasons = spec.kind === 'creditNote' ? CREDIT_NOTE_REASONS : DEBIT_NOTE_REASONS;
	const firstReason = reasons[0].code;
	const jsonDefault = jsonTemplate(spec.kind === 'invoice' ? undefined : firstReason);

	const properties: INodeProperties[] = [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Fields', value: 'fields', description: 'Fill in the customer and the lines below' },
				{
					name: 'JSON',
					value: 'json',
					description: "A FacEPro body as in FacEPro's API documentation, or this package's invoice JSON",
				},
				...(spec.kind === 'invoice' ? [shopifyOrderOption] : spec.kind === 'creditNote' ? [shopifyRefundOption] : []),
			],
			default: 'fields',
			displayOptions: show(),
		},
		{
			displayName: 'Document (JSON)',
			name: 'documentJson',
			type: 'json',
			default: jsonDefault,
			required: true,
			description:
				"Either a FacEPro body (adquiriente, lineas, factura, and for notes factura_referencia and motivo) or an invoice in this package's format (customer, lines). It is checked before anything is sent.",
			displayOptions: json,
		},
		{ ...EXTERNAL_REFERENCE, displayOptions: show({ inputMode: ['json'] }, spec.sendingOperations) },
		...shopifyDocumentFields(spec.kind, spec.operations, spec.sendingOperations),
	];
	// A credit note from a Shopify refund names the invoice it corrects in the same fields.
	const related = spec.kind === 'creditNote' ? show({ inputMode: ['fields', SHOPIFY_REFUND_MODE] }) : fields;

	if (spec.kind !== 'invoice') {
		properties.push(
			{
				displayName: 'Invoice Number',
				name: 'referencedNumber',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. SETP990000011',
				description: 'Full number (numero_completo) of the invoice this note corrects',
				displayOptions: related,
			},
			{
				displayName: 'Invoice CUFE',
				name: 'referencedCufe',
				type: 'string',
				default: '',
				required: true,
				description: 'The 96-character CUFE of the invoice this note corrects (the cufe field of the invoice)',
				displayOptions: related,
			},
			{
				displayName: 'Invoice Issue Date',
				name: 'referencedDate',
				type: 'dateTime',
				default: '',
				required: true,
				description: 'Issue date of the invoice this note corrects',
				displayOptions: related,
			},
			{
				displayName: 'Reason',
				name: 'reasonCode',
				type: 'options',
				options: catalogOptions(reasons),
				default: firstReason,
				required: true,
				description: 'DIAN reason code (motivo) of the note',
				displayOptions: fields,
			},
			{
				displayName: 'Reason Description',
				name: 'reasonDescription',
				type: 'string',
				default: '',
				required: true,
				placeholder: spec.kind === 'creditNote' ? 'e.g. Devolución del producto' : 'e.g. Intereses por mora',
				description: 'Free text describing the reason (motivo.descripcion)',
				displayOptions: fields,
			},
		);
	}

	properties.push(
		{
			displayName: 'Person Type',
			name: 'personType',
			type: 'options',
			options: catalogOptions(PERSON_TYPES),
			default: '2',
			required: true,
			description: 'Whether the customer is a company (persona jurídica) or an individual (persona natural)',
			displayOptions: fields,
		},
		{
			displayName: 'ID Type',
			name: 'idType',
			type: 'options',
			options: catalogOptions(ID_TYPES),
			default: '13',
			required: true,
			description: "DIAN identification type of the customer (tipo_documento); NIT needs the DV in Customer Details",
			displayOptions: fields,
		},
		{
			displayName: 'ID Number',
			name: 'idNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 71234567',
			description: 'Cédula or NIT of the customer, digits only; a NIT without its check digit (DV)',
			displayOptions: fields,
		},
		{
			displayName: 'Name',
			name: 'customerName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. JUAN PEREZ',
			description: 'Legal name (razón social) of the company or full name of the person',
			displayOptions: fields,
		},
		{
			displayName: 'Customer Details',
			name: 'customerDetails',
			type: 'collection',
			placeholder: 'Add Detail',
			default: {},
			displayOptions: fields,
			options: [
				{
					displayName: 'Address',
					name: 'address',
					type: 'string',
					default: '',
					placeholder: 'e.g. Calle 50 # 30-20',
				},
				{
					displayName: 'Department Code',
					name: 'departmentCode',
					type: 'string',
					default: '',
					placeholder: 'e.g. 05',
					description: 'Two-digit DANE department code (05 Antioquia, 11 Bogotá)',
				},
				{
					displayName: 'DV (NIT Check Digit)',
					name: 'dv',
					type: 'string',
					default: '',
					placeholder: 'e.g. 7',
					description: 'Required when ID Type is NIT: the digit after the dash (900123456-8 → 8). It is verified before sending.',
				},
				{
					displayName: 'Email',
					name: 'email',
					type: 'string',
					default: '',
					placeholder: 'name@email.com',
					description: "The customer's e-mail address (adquiriente.email)",
				},
				{
					displayName: 'Fiscal Responsibility',
					name: 'fiscalResponsibility',
					type: 'options',
					options: catalogOptions(FISCAL_RESPONSIBILITIES),
					default: 'R-99-PN',
					description: 'DIAN fiscal responsibility (responsabilidad_fiscal); R-99-PN if not added',
				},
				{
					displayName: 'Municipality Code',
					name: 'municipalityCode',
					type: 'string',
					default: '',
					placeholder: 'e.g. 05001',
					description: 'Five-digit DANE municipality code (05001 Medellín, 11001 Bogotá)',
				},
			],
		},
		{
			displayName: 'Lines',
			name: 'lines',
			type: 'fixedCollection',
			placeholder: 'Add Line',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			required: true,
			description: 'Products or services (1 to 200 lines). Unit prices are without IVA.',
			displayOptions: fields,
			options: [
				{
					displayName: 'Line',
					name: 'line',
					values: [
						{
							displayName: 'Code',
							name: 'code',
							type: 'string',
							default: '',
							required: true,
							placeholder: 'e.g. PROD-001',
							description: 'Your product code (SKU)',
						},
						{
							displayName: 'Description',
							name: 'description',
							type: 'string',
							default: '',
							required: true,
							placeholder: 'e.g. Repuesto motocicleta XYZ',
						},
						{
							displayName: 'Discount %',
							name: 'discountPct',
							type: 'number',
							typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
							default: 0,
							description: 'Discount on the line as a percent (leave 0 for none, or use Discount Amount)',
						},
						{
							displayName: 'Discount Amount',
							name: 'discountAmount',
							type: 'number',
							typeOptions: { minValue: 0, numberPrecision: 2 },
							default: 0,
							description: 'Discount on the whole line in pesos, before IVA (leave 0 for none, or use Discount %)',
						},
						{
							displayName: 'IVA %',
							name: 'ivaPct',
							type: 'options',
							options: IVA_OPTIONS,
							default: 19,
							description: 'IVA rate of the line',
						},
						{
							displayName: 'Quantity',
							name: 'quantity',
							type: 'number',
							typeOptions: { numberPrecision: 4 },
							default: 1,
							required: true,
						},
						{
							displayName: 'Unit',
							name: 'unit',
							type: 'options',
							options: catalogOptions(UNITS),
							default: DEFAULT_UNIT,
							description: 'DIAN unit of measure',
						},
						{
							displayName: 'Unit Price (Without IVA)',
							name: 'unitPrice',
							type: 'number',
							typeOptions: { numberPrecision: 2 },
							default: 0,
							required: true,
							description: 'Price of one unit before IVA, in pesos (COP)',
						},
					],
				},
			],
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: fields,
			options: [
				EXTERNAL_REFERENCE,
				{
					displayName: 'Issue Date',
					name: 'issueDate',
					type: 'dateTime',
					default: '',
					description: 'Issue date (fecha); FacEPro uses today in Colombia if empty',
				},
				{
					displayName: 'Issue Time',
					name: 'issueTime',
					type: 'string',
					default: '',
					placeholder: 'e.g. 14:30:00',
					description: 'Issue time HH:mm:ss in Colombia time (hora); FacEPro uses the current time if empty',
				},
			],
		},
	);

	if (spec.sendingOperations.length > 0) {
		properties.push({
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: show({}, spec.sendingOperations),
			options: [
				{
					displayName: 'Issue Again If Earlier Attempt Not Found',
					name: 'issueAgainIfNotFound',
					type: 'boolean',
					default: false,
					description:
						'Whether to issue the document when its External Reference was used before but FacEPro has no matching document. Leave off unless you checked in FacEPro that the earlier attempt issued nothing.',
				},
			],
		});
	}
	return properties;
}
