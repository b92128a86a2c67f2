/**
 * UI building blocks of the DTE operations' documents (the same layout on every create: receiver →
 * lines → Additional Fields → Options), each given the operations it shows on. Additional Fields and
 * Options are in options.ts, the input modes and Shopify settings in shopify.ts.
 */
import type { INodeProperties } from 'n8n-workflow';

import { UNIT_OPTIONS } from '../data/units';
import { CODIGO_EXAMPLE } from '../wire/rules';

export const show = (operation: string[], extra: Record<string, unknown[]> = {}): INodeProperties['displayOptions'] => ({
	show: { resource: ['dte'], operation, ...extra },
});

const PRICE_HELP: Record<string, string> = {
	included: 'Price per unit including IVA (13 %), as the customer pays it. Up to 8 decimals.',
	net: 'Net price per unit, without IVA (IVA 13 % is added in the summary). Up to 8 decimals.',
	noIva: 'Price per unit. A Sujeto Excluido invoice has no IVA. Up to 8 decimals.',
	byType: 'Net for CCF and notes, IVA included for a Factura, no IVA for Sujeto Excluido (see Document Type). Up to 8 decimals.',
};

/** The unit price's label says whether IVA is in it. */
const PRICE_LABEL: Record<string, string> = {
	included: 'Unit Price (IVA Included)',
	net: 'Unit Price (Without IVA)',
	noIva: 'Unit Price (No IVA)',
	byType: 'Unit Price (IVA Included for Factura, Without IVA Otherwise)',
};

/**
 * The `lines.line[]` fixed collection; `pricing` words the unit price for the document type. Fields in the
 * order every node of the package uses: description, quantity, unit price, tax, discount, then MH's own.
 * Amounts carry no fixed precision, so the editor shows "2" rather than "2.00000000"; MH's 8 decimals per
 * item are checked when the item runs.
 */
export function linesField(operations: string[], pricing: keyof typeof PRICE_HELP, options: { exempt: boolean }): INodeProperties {
	const values: INodeProperties[] = [
		{ displayName: 'Description', name: 'description', type: 'string', default: '', required: true, description: 'What is sold (descripcion)' },
		{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 1, description: 'How many units (cantidad). Up to 8 decimals.' },
		{ displayName: PRICE_LABEL[pricing], name: 'unitPrice', type: 'number', default: 0, description: PRICE_HELP[pricing] },
	];
	if (options.exempt) {
		values.push({
			displayName: 'Exempt',
			name: 'exempt',
			type: 'boolean',
			default: false,
			description: 'Whether the line is exempt from IVA (venta exenta)',
		});
	}
	values.push(
		{
			displayName: 'Discount Amount',
			name: 'discount',
			type: 'number',
			default: 0,
			description: 'Discount for the whole line (montoDescu), in the same basis as the price',
		},
		{
			displayName: 'Item Type',
			name: 'itemType',
			type: 'options',
			options: [
				{ name: 'Goods (1)', value: 'goods' },
				{ name: 'Services (2)', value: 'services' },
			],
			default: 'goods',
			description: 'Whether the line sells goods or services (MH tipoItem)',
		},
		{
			displayName: 'Unit of Measure',
			name: 'unit',
			type: 'options',
			options: UNIT_OPTIONS,
			default: 59,
			description: "MH's unit of measure (uniMedida, catalog CAT-014). An expression may give the code.",
		},
		{ displayName: 'Product Code', name: 'code', type: 'string', default: '', description: 'Your code for the item (optional)' },
	);
	return {
		displayName: 'Lines',
		name: 'lines',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Line',
		displayOptions: show(operations),
		options: [{ name: 'line', displayName: 'Line', values }],
	};
}

/** A stored client (receptor) picked from a searchable list or given by id. */
export function clientField(displayOptions: INodeProperties['displayOptions'], description: string): INodeProperties {
	return {
		displayName: 'Client',
		name: 'client',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchClients', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				// No regex here: n8n would refuse the run with "The workflow has issues" and no field; the node's
				// own check names the field (client (idCliente): "abc" is not a client id).
				placeholder: 'e.g. 4708',
			},
		],
	};
}

/** The receiver's department and municipality as MH codes (inline receivers: CCF, Sujeto Excluido). */
export function receiverPlaceFields(operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Department Name or ID',
			name: 'receiverDepartment',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getDepartmentCodes' },
			default: '',
			description:
				'Department of the receiver\'s address (MH code). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: show(operations),
		},
		{
			displayName: 'Municipality Name or ID',
			name: 'receiverMunicipality',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getMunicipalityCodes', loadOptionsDependsOn: ['receiverDepartment'] },
			default: '',
			description:
				'Municipality of the receiver\'s address (MH code), after choosing the department. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: show(operations),
		},
	];
}

export function receiverDetailsField(operations: string[], withActivityCode: boolean): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Activity Description',
			name: 'activityDescription',
			type: 'string',
			default: '',
			description: "The receiver's economic activity in words (descActividad), if Factuconect asks for it",
		},
		{ displayName: 'Address', name: 'address', type: 'string', default: '', description: 'Street address (direccion.complemento)' },
		{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Where MH-valid documents are e-mailed (correo)' },
		{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'e.g. 2222-1111', description: "The receiver's phone number (telefono)" },
		{ displayName: 'Trade Name', name: 'tradeName', type: 'string', default: '', description: 'Trade name, if different from the legal name (nombreComercial)' },
	];
	if (withActivityCode) {
		options.unshift({
			displayName: 'Economic Activity Code',
			name: 'economicActivityCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. 10005',
			description: "MH code of the subject's activity (CAT-019)",
		});
	}
	return {
		displayName: 'Receiver Details',
		name: 'receiverDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions: show(operations),
		options,
	};
}

/** The codigoGeneracion of an existing DTE (Send, Void, Get Links); by default the input item's. */
export function codigoGeneracionField(operations: string[], description: string, displayName = 'codigoGeneracion'): INodeProperties {
	return {
		displayName,
		name: 'codigoGeneracion',
		type: 'string',
		default: '={{ $json.codigoGeneracion }}',
		required: true,
		placeholder: `e.g. ${CODIGO_EXAMPLE}`,
		description,
		displayOptions: show(operations),
	};
}

export const DTE_TYPE_OPTIONS = [
	{ name: 'Factura (01)', value: '01' },
	{ name: 'CCF — Comprobante De Crédito Fiscal (03)', value: '03' },
	{ name: 'Nota De Crédito (05)', value: '05' },
	{ name: 'Nota De Débito (06)', value: '06' },
	{ name: 'Sujeto Excluido (14)', value: '14' },
];

/** The document a Credit or Debit Note corrects. Defaults map the previous step's output. */
export function relatedDocumentFields(operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Related Document Type',
			name: 'relatedType',
			type: 'options',
			options: [
				{ name: 'CCF (03)', value: '03' },
				{ name: 'Factura (01)', value: '01' },
			],
			default: '03',
			description: 'Type of the document this note corrects',
			displayOptions: show(operations),
		},
		{
			displayName: 'Related codigoGeneracion',
			name: 'relatedCode',
			type: 'string',
			default: '={{ $json.codigoGeneracion }}',
			required: true,
			description: 'CodigoGeneracion of the document this note corrects (by default, the input item\'s)',
			displayOptions: show(operations),
		},
		{
			displayName: 'Related Emission Date',
			name: 'relatedDate',
			type: 'string',
			default: '={{ $json.fecEmi }}',
			required: true,
			placeholder: 'e.g. 2026-11-20',
			description: 'FecEmi of the document this note corrects, YYYY-MM-DD (by default, the input item\'s)',
			displayOptions: show(operations),
		},
	];
}
