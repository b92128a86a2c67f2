/**
 * UI pieces every Factus document shares, in the package's layout (Input Mode → reference code and range
 * → party → Lines → Additional Fields → Options): n8n properties only, read by ../input.
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { parallelRequestsOption } from '../../shared/runner';
import { DEFAULT_CREATE_TIMEOUT_S, FACTUS_PARALLEL_REQUESTS, FACTUS_PARALLEL_REQUESTS_WHY, ID_TYPES, PAYMENT_METHODS, titleCase } from '../profile';

/** displayOptions of a property. */
export type Show = { show: Record<string, Array<string | number | boolean>> };

export const showFor = (resource: string, operation: string): Show => ({ show: { resource: [resource], operation: [operation] } });

export const ID_TYPE_OPTIONS: INodePropertyOptions[] = ID_TYPES.map((t) => ({ name: t.label, value: t.id }));

export const PAYMENT_METHOD_OPTIONS: INodePropertyOptions[] = PAYMENT_METHODS.map((m) => ({ name: m.label, value: m.code }));


/** `shopify`: the Shopify input mode this document offers (nodes/shared/shopifyUi.ts). */
export function inputModeField(show: Show, noun: string, shopify?: INodePropertyOptions): INodeProperties {
	return {
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Fields', value: 'fields', description: `Fill in the ${noun} below` },
			{ name: 'JSON', value: 'json', description: "A Factus v1 body (as in Factus's documentation) or this package's invoice JSON" },
			...(shopify ? [shopify] : []),
		],
		default: 'fields',
		displayOptions: show,
	};
}

export function jsonField(show: Show, noun: string, example: IDataObject): INodeProperties {
	return {
		displayName: `${titleCase(noun)} (JSON)`,
		name: 'documentJson',
		type: 'json',
		default: JSON.stringify(example, null, 2),
		required: true,
		description: `Either a Factus v1 ${noun} body (customer or provider, items…) or an invoice in this package's format (customer, lines). It is checked before anything is sent.`,
		displayOptions: show,
	};
}

export function referenceCodeFields(showFields: Show, showJson: Show, noun: string): INodeProperties[] {
	const description = `Your unique code for this ${noun} (e.g. the order number). Factus refuses a second ${noun} with the same code, and the node uses it to find the ${noun} after a lost answer, so running a workflow again never issues it twice.`;
	return [
		{ displayName: 'Reference Code', name: 'referenceCode', type: 'string', default: '', required: true, placeholder: 'e.g. ORDER-1001', description, displayOptions: showFields },
		{
			displayName: 'Reference Code',
			name: 'referenceCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. ORDER-1001',
			description: `${description} Leave empty to use the one in the JSON (reference_code or externalReference)`,
			displayOptions: showJson,
		},
	];
}

export function numberingRangeField(show: Show, method: string, noun: string): INodeProperties {
	return {
		displayName: 'Numbering Range Name or ID',
		name: 'numberingRangeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: method },
		default: '',
		description: `Resolution and prefix to number the ${noun} with. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>. "Automatic" works when the company has a single active range for it.`,
		displayOptions: show,
	};
}

export function municipalityField(show: Show, displayName: string): INodeProperties {
	return {
		displayName,
		name: 'municipality',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'Municipality of the address (Colombia). Leave empty for foreign addresses.',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchMunicipalities', searchable: true } },
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 980',
				// No regex here: n8n would block the run with "The workflow has issues" naming no field; the node
				// checks the ID itself and names the field ("Municipality: must be a Factus municipality id").
				hint: 'The Factus municipality ID (San Gil is 980). Lookup → Municipalities lists them.',
			},
		],
		displayOptions: show,
	};
}

export function paymentMethodField(): INodeProperties {
	return {
		displayName: 'Payment Method',
		name: 'paymentMethod',
		type: 'options',
		options: PAYMENT_METHOD_OPTIONS,
		default: '10',
		description: 'How the customer pays (payment_method_code)',
	};
}

export function observationField(): INodeProperties {
	return {
		displayName: 'Observation',
		name: 'observation',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Note printed on the document, at most 250 characters',
	};
}

/** The Options of every create: the opt-in step of the recovery playbook, Parallel Requests, and the create's deadline. */
export function createOptionsField(show: Show, noun: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Delete Rejected Document and Resend',
				name: 'deleteRejectedAndResend',
				type: 'boolean',
				default: false,
				description: `Whether to delete documents DIAN rejected when Factus blocks new ${noun}s (409), then send this one once more. Never deletes a validated document, one DIAN has not answered yet, or one DIAN already has ("Regla 90").`,
			},
			parallelRequestsOption(FACTUS_PARALLEL_REQUESTS, FACTUS_PARALLEL_REQUESTS_WHY),
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_CREATE_TIMEOUT_S,
				description: `How long to wait for Factus's whole answer to the create. After that the node looks the ${noun} up by its reference code instead of sending it again.`,
			},
		],
	};
}

/** The item of the JSON examples (seed 001's first line, without discount and withholdings). */
export const EXAMPLE_ITEM: IDataObject = {
	code_reference: '12345',
	name: 'producto de prueba',
	quantity: 1,
	discount_rate: 0,
	price: 50000,
	tax_rate: '19.00',
	unit_measure_id: 70,
	standard_code_id: 1,
	is_excluded: 0,
	tribute_id: 1,
	withholding_taxes: [],
};

