/**
 * The fields of every v2 create (and its Preview Totals), in the package's layout: Input Mode → reference
 * code and numbering range → the document corrected (notes) → the party → Lines → Payment → Additional
 * Fields → Options. Prices are net (before tax), as v2 takes them. Read by ../../input/v2.
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ShopifyUiSpec } from '../../../shared/shopify/ui';
import { shopifyFields, shopifyOrderOption, shopifyRefundOption, shopifyShow } from '../../../shared/shopify/ui';
import {
	ADJUSTMENT_NOTE_CORRECTION_CONCEPTS,
	CREDIT_NOTE_CORRECTION_CONCEPTS,
	CUSTOMER_TRIBUTES,
	DEBIT_NOTE_CORRECTION_CONCEPTS,
	FISCAL_RESPONSIBILITIES,
	IDENTIFICATION_DOCUMENT_TYPES,
	PAYMENT_FORMS,
	PAYMENT_METHODS,
	STANDARD_CODES,
	SUPPORT_DOCUMENT_IDENTIFICATION_TYPES,
	toOptions,
} from '../../data';
import { parallelRequestsOption } from '../../../shared/runner';
import { DEFAULT_CREATE_TIMEOUT_S, FACTUS_PARALLEL_REQUESTS, FACTUS_PARALLEL_REQUESTS_WHY } from '../../profile';
import { RANGE_METHODS, UNIT_METHOD } from '../../methods/v2';
import { FACTUS_V2_EXAMPLE_BODIES } from './examples';
import type { V2Kind } from '../../wire/v2/profile';
import { FACTUS_V2, FACTUS_V2_CODES, titleCase, V2_NOUNS } from '../../wire/v2/profile';

type Show = { show: Record<string, Array<string | number | boolean>> };

/** The tax of a line in Fields mode: `<code>_<rate>`, `excluded` or `none`. */
export const LINE_TAXES: INodePropertyOptions[] = [
	{ name: 'IVA 19%', value: '01_19' },
	{ name: 'IVA 5%', value: '01_5' },
	{ name: 'IVA 0%', value: '01_0' },
	{ name: 'IVA Excluded', value: 'excluded', description: 'Excluded from IVA (not just 0 %)' },
	{ name: 'INC 8%', value: '04_8' },
	{ name: 'INC 4%', value: '04_4' },
	{ name: 'INC 16%', value: '04_16' },
	{ name: 'No Tax', value: 'none', description: 'Support documents and adjustment notes only: bills and their notes need a tax per line' },
];

const support = (kind: V2Kind) => kind === 'supportDocument' || kind === 'adjustmentNote';

const ID_OPTIONS = toOptions(IDENTIFICATION_DOCUMENT_TYPES);
const SELLER_ID_OPTIONS = toOptions(SUPPORT_DOCUMENT_IDENTIFICATION_TYPES);
const METHOD_OPTIONS = toOptions(PAYMENT_METHODS);
/** 94 = unidad. */
const DEFAULT_UNIT = FACTUS_V2_CODES.unit;

/**
 * The fields of a line, in the order every node of the package uses (description, quantity, unit price,
 * tax, discount, then what only Factus has), with the withholdings in their own optional collection as
 * version 1 has them (../lines.ts).
 */
function lineFields(kind: V2Kind): INodeProperties[] {
	const withholdings = support(kind) ? 'withheld from the seller' : 'self-withholding (autorretención) you report';
	return [
		{ displayName: 'Description', name: 'description', type: 'string', default: '', required: true, placeholder: 'e.g. Camiseta talla M', description: 'What is sold (name)' },
		{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 1, required: true },
		{
			// Text, not a number field: a number field cannot be left empty and defaults to 0, which would issue a
			// line worth 0 when the price is forgotten. Empty is refused as required; read as an exact decimal.
			displayName: 'Unit Price (Before Tax)',
			name: 'unitPrice',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 50000.00',
			description: 'Net price of one unit in COP, without tax (v2 adds the tax), with a decimal point and at most 2 decimals',
		},
		support(kind)
			? { displayName: 'Tax', name: 'tax', type: 'options', options: LINE_TAXES, default: 'none' }
			: { displayName: 'Tax', name: 'tax', type: 'options', options: LINE_TAXES, default: '01_19' },
		{ displayName: 'Discount (%)', name: 'discountRate', type: 'number', typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 }, default: 0 },
		{ displayName: 'Code', name: 'code', type: 'string', default: '', placeholder: 'e.g. SKU-001', description: 'Your product or service code (code_reference); empty: the line number' },
		{
			displayName: 'Unit Name or ID',
			name: 'unit',
			type: 'options',
			typeOptions: { loadOptionsMethod: UNIT_METHOD },
			default: DEFAULT_UNIT,
			description: 'DIAN unit of measure (94 = unidad). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'Standard Code', name: 'standardCode', type: 'options', options: toOptions(STANDARD_CODES), default: '999' },
		{
			displayName: 'Second Tax',
			name: 'secondTax',
			type: 'options',
			options: [
				{ name: 'None', value: '' },
				{ name: 'INC', value: '04' },
				{ name: 'ICUI', value: '35' },
			],
			default: '',
			description: 'A second tax on the same line (v2 takes several per item)',
		},
		{ displayName: 'Second Tax Rate (%)', name: 'secondTaxRate', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0 },
		{
			displayName: 'Withholdings',
			name: 'withholdings',
			type: 'collection',
			placeholder: 'Add Withholding',
			default: {},
			description: `Withholdings on this line (retenciones), as percents: ${withholdings}`,
			options: [
				{ displayName: 'ReteIVA %', name: 'reteIva', type: 'number', typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 }, default: 0, description: `Rate of the line's IVA ${withholdings} (0 = none)` },
				{ displayName: 'ReteRenta %', name: 'reteRenta', type: 'number', typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 }, default: 0, description: `Rate of the line's net value ${withholdings} (0 = none)` },
			],
		},
	];
}

const PAYMENT_FORM_OPTIONS = toOptions(PAYMENT_FORMS);

function paymentFields(fields: Show): INodeProperties[] {
	return [
		{
			displayName: 'Payment',
			name: 'paymentMode',
			type: 'options',
			options: [
				{ name: 'One Payment of the Total', value: 'single', description: 'The node computes the amount (total plus cash rounding)' },
				{ name: 'Several Payments', value: 'several', description: 'Each method with its amount; they must add up to the total' },
			],
			default: 'single',
			displayOptions: fields,
		},
		{ displayName: 'Payment Form', name: 'paymentForm', type: 'options', options: PAYMENT_FORM_OPTIONS, default: '1', displayOptions: { show: { ...fields.show, paymentMode: ['single'] } } },
		{ displayName: 'Payment Method', name: 'paymentMethod', type: 'options', options: METHOD_OPTIONS, default: '10', displayOptions: { show: { ...fields.show, paymentMode: ['single'] } } },
		{
			displayName: 'Due Date',
			name: 'dueDate',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-07-30',
			required: true,
			description: 'When a credit sale is due, YYYY-MM-DD',
			displayOptions: { show: { ...fields.show, paymentMode: ['single'], paymentForm: ['2'] } },
		},
		{
			displayName: 'Payments',
			name: 'payments',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Payment',
			default: {},
			displayOptions: { show: { ...fields.show, paymentMode: ['several'] } },
			options: [
				{
					displayName: 'Payment',
					name: 'payment',
					values: [
						{
							displayName: 'Amount',
							name: 'amount',
							type: 'number',
							default: 0
						},
						{
							displayName: 'Due Date',
							name: 'dueDate',
							type: 'string',
							default: '',
							placeholder: 'e.g. 2026-07-30',
							description: 'Required for a credit payment, YYYY-MM-DD',
						},
						{
							displayName: 'Payment Form',
							name: 'paymentForm',
							type: 'options',
							default: '',
						},
						{
							displayName: 'Payment Method',
							name: 'paymentMethod',
							type: 'options',
							default: '',
						},
						{
							displayName: 'Reference',
							name: 'reference',
							type: 'string',
							default: '',
							description: 'Your reference of this payment (optional)',
						},
					],
				},
			],
		},
	];
}

function municipalityLocator(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchV2Municipalities', searchable: true } },
			{
				displayName: 'Code',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 68679',
				hint: 'DIVIPOLA code (San Gil is 68679, Bogotá 11001)',
				validation: [{ type: 'regex', properties: { regex: '^\\d{5}$', errorMessage: 'A DIVIPOLA municipality code has five digits' } }],
			},
		],
	};
}

function partyFields(kind: V2Kind, fields: Show): INodeProperties[] {
	const seller = support(kind);
	const note = !!(kind === 'creditNote' || kind === 'debitNote' || kind === 'adjustmentNote');
	const whoShow: Show = { show: { ...fields.show, ...(seller ? {} : { customerType: ['identified'] }) } };
	const out: INodeProperties[] = [];
	if (!seller) {
		const options: INodePropertyOptions[] = [
			{ name: 'Identified Customer', value: 'identified' },
			{ name: 'Final Consumer (222222222222)', value: 'finalConsumer', description: "DIAN's generic buyer for sales without the buyer's identification" },
		];
		out.push(
			note
				? {
						displayName: 'Customer',
						name: 'customerType',
						type: 'options',
						options: [...options, { name: "The Bill's Customer", value: 'fromBill', description: 'Factus uses the customer of the corrected bill' }],
						default: 'fromBill',
						displayOptions: fields,
					}
				: { displayName: 'Customer', name: 'customerType', type: 'options', options, default: 'identified', displayOptions: fields },
		);
	} else if (kind === 'adjustmentNote') {
		return [];
	}
	out.push(
		seller
			? { displayName: 'ID Type', name: 'idType', type: 'options', options: SELLER_ID_OPTIONS, default: '31', displayOptions: whoShow }
			: { displayName: 'ID Type', name: 'idType', type: 'options', options: ID_OPTIONS, default: '13', displayOptions: whoShow },
		{ displayName: 'ID Number', name: 'idNumber', type: 'string', default: '', required: true, placeholder: 'e.g. 900825759', description: 'Without the NIT check digit (add it under Details)', displayOptions: whoShow },
		{ displayName: seller ? 'Seller Name' : 'Customer Name', name: 'customerName', type: 'string', default: '', required: true, description: 'Company name (legal person) or full name (natural person)', displayOptions: whoShow },
	);
	if (!seller) {
		out.push({
			displayName: 'Person Type',
			name: 'personType',
			type: 'options',
			options: [
				{ name: 'Natural Person', value: '2' },
				{ name: 'Legal Person (Company)', value: '1' },
			],
			default: '2',
			displayOptions: whoShow,
		});
	} else {
		out.push({ displayName: 'Seller Address', name: 'sellerAddress', type: 'string', default: '', required: true, displayOptions: whoShow });
	}
	out.push({ ...municipalityLocator('municipality', 'Municipality', seller ? "Municipality of the seller's address (Colombia)" : "Municipality of the customer's address (Colombia); empty for foreign customers"), displayOptions: whoShow });
	out.push({
		displayName: seller ? 'Seller Details' : 'Customer Details',
		name: 'customerDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions: seller ? whoShow : { show: { ...fields.show, customerType: ['identified', 'finalConsumer'] } },
		options: [
			{ displayName: 'Address', name: 'address', type: 'string', default: '' },
			{ displayName: 'Country Code', name: 'country', type: 'string', default: 'CO', description: 'ISO code (CO = Colombia)' },
			{ displayName: 'DV (NIT Check Digit)', name: 'dv', type: 'string', default: '', description: 'Leave empty and Factus computes it for a NIT' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Where Factus e-mails the document' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			...(seller
				? []
				: [
						{ displayName: 'Fiscal Responsibilities', name: 'responsibilities', type: 'multiOptions' as const, options: toOptions(FISCAL_RESPONSIBILITIES), default: [] as string[], description: 'Default R-99-PN (no responsible)' },
						{ displayName: 'Trade Name', name: 'tradeName', type: 'string' as const, default: '' },
						{ displayName: 'Tribute', name: 'tributeCode', type: 'options' as const, options: toOptions(CUSTOMER_TRIBUTES), default: 'ZZ' },
					]),
		],
	});
	return out;
}

function correctedFields(kind: V2Kind, fields: Show): INodeProperties[] {
	if (kind === 'bill' || kind === 'supportDocument') return [];
	const parent = kind === 'adjustmentNote' ? 'support document' : 'bill';
	const concepts = kind === 'creditNote' ? CREDIT_NOTE_CORRECTION_CONCEPTS : kind === 'debitNote' ? DEBIT_NOTE_CORRECTION_CONCEPTS : ADJUSTMENT_NOTE_CORRECTION_CONCEPTS;
	const out: INodeProperties[] = [
		{
			displayName: `${titleCase(parent)} Number`,
			name: 'parentNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: kind === 'adjustmentNote' ? 'e.g. SEDS984000129' : 'e.g. SETP990000493',
			description: `Number of the validated ${parent} this ${V2_NOUNS[kind]} corrects. The node reads it first: it must be validated by DIAN.`,
			displayOptions: fields,
		},
		kind === 'debitNote'
			? { displayName: 'Correction Concept', name: 'correctionConcept', type: 'options', options: toOptions(concepts), default: '4', displayOptions: fields }
			: { displayName: 'Correction Concept', name: 'correctionConcept', type: 'options', options: toOptions(concepts), default: '2', displayOptions: fields },
	];
	if (kind !== 'debitNote') {
		out.push({
			displayName: 'Lines',
			name: 'linesSource',
			type: 'options',
			options: [
				{ name: 'Every Line of the Corrected Document', value: 'parent', description: 'Copy its items (a full annulment or return)' },
				{ name: 'Lines Entered Below', value: 'lines' },
			],
			default: 'parent',
			displayOptions: fields,
		});
	}
	return out;
}

function additionalFields(kind: V2Kind, fields: Show): INodeProperties {
	const options: INodeProperties[] = [
		{ displayName: 'Cash Rounding Amount', name: 'cashRounding', type: 'number', typeOptions: { minValue: -500, maxValue: 500, numberPrecision: 2 }, default: 0, description: 'Difference between what is paid and the total (±500.00), e.g. -0.40 to charge whole pesos' },
		{ displayName: 'Observation', name: 'observation', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'Note printed on the document, at most 250 characters' },
		{ displayName: 'Send Email', name: 'sendEmail', type: 'boolean', default: true, description: 'Whether Factus e-mails the document to the customer' },
	];
	if (kind === 'bill') {
		options.push(
			{ displayName: 'Billing Period End', name: 'billingEnd', type: 'string', default: '', placeholder: 'e.g. 2026-01-31', description: 'Last day of the period billed (utilities, rent, tuition), YYYY-MM-DD' },
			{ displayName: 'Billing Period Start', name: 'billingStart', type: 'string', default: '', placeholder: 'e.g. 2026-01-01', description: 'First day of the period billed, YYYY-MM-DD' },
			{ displayName: 'Currency Exchange Rate', name: 'exchangeRate', type: 'number', typeOptions: { minValue: 0, numberPrecision: 6 }, default: 0, description: 'COP per unit of the currency (the amounts stay COP)' },
			{
				displayName: 'Document Type',
				name: 'documentType',
				type: 'options',
				options: [
					{ name: 'Electronic Sales Invoice (01)', value: '01' },
					{ name: 'Contingency: Paper Invoice Transmitted Later (03)', value: '03', description: 'Instrumento electrónico de transmisión tipo 03: fill in the paper invoice below' },
				],
				default: '01',
			},
			{ displayName: 'Paper Invoice Code', name: 'relatedCode', type: 'string', default: '', placeholder: 'e.g. Factura de talonario', description: 'Contingency (03): how your company names the paper document' },
			{ displayName: 'Paper Invoice Date', name: 'relatedDate', type: 'string', default: '', placeholder: 'e.g. 2026-01-08', description: 'Contingency (03): date of the paper invoice, YYYY-MM-DD' },
			{ displayName: 'Paper Invoice Number', name: 'relatedNumber', type: 'string', default: '', placeholder: 'e.g. FTP990000014', description: 'Contingency (03): prefix and number of the paper invoice' },
			{ displayName: 'Currency Shown on the PDF', name: 'currency', type: 'string', default: '', placeholder: 'e.g. USD', description: 'A foreign currency the PDF also shows the totals in (ISO code)' },
			{ displayName: 'Establishment Address', name: 'establishmentAddress', type: 'string', default: '' },
			{ displayName: 'Establishment Email', name: 'establishmentEmail', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Establishment Municipality Code', name: 'establishmentMunicipality', type: 'string', default: '', placeholder: 'e.g. 68679' },
			{ displayName: 'Establishment Name', name: 'establishmentName', type: 'string', default: '', description: 'For companies with several establishments: all five establishment fields are needed' },
			{ displayName: 'Establishment Phone', name: 'establishmentPhone', type: 'string', default: '' },
			{ displayName: 'Order Date', name: 'orderDate', type: 'string', default: '', placeholder: 'e.g. 2026-01-15', description: 'Date of the purchase order, YYYY-MM-DD' },
			{ displayName: 'Order Reference', name: 'orderReference', type: 'string', default: '', description: "The buyer's purchase order number" },
			{
				displayName: 'Prepayments',
				name: 'prepayments',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Prepayment',
				default: {},
				description: 'Advances received before the bill (anticipos); reported next to the total',
				options: [
					{
						displayName: 'Prepayment',
						name: 'prepayment',
						values: [
							{ displayName: 'Amount', name: 'amount', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0 },
							{ displayName: 'Note', name: 'note', type: 'string', default: '' },
							{ displayName: 'Received Date', name: 'receivedDate', type: 'string', default: '', placeholder: 'e.g. 2026-01-10', description: 'YYYY-MM-DD' },
							{ displayName: 'Reference', name: 'reference', type: 'string', default: '' },
						],
					},
				],
			},
			{ displayName: 'Tip Amount', name: 'tip', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0, description: 'A tip (propina) added to the total as a surcharge' },
		);
	}
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, displayOptions: fields, options };
}

function optionsField(create: Show, noun: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: create,
		options: [
			{
				displayName: 'Delete Rejected Document and Resend',
				name: 'deleteRejectedAndResend',
				type: 'boolean',
				default: false,
				description: `Whether to delete documents DIAN rejected when Factus blocks new ${noun}s (409), then send this one once more. Never deletes a validated document, one DIAN has not answered yet, or one DIAN already has ("Regla 90").`,
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_CREATE_TIMEOUT_S,
				description: `How long to wait for Factus's whole answer to the create. After that the node looks the ${noun} up by its reference code instead of sending it again.`,
			},
			parallelRequestsOption(FACTUS_PARALLEL_REQUESTS, FACTUS_PARALLEL_REQUESTS_WHY),
		],
	};
}

const SHOPIFY_COMMON: Omit<ShopifyUiSpec, 'resource' | 'operations' | 'kind'> = {
	profile: FACTUS_V2,
	idTypes: ID_OPTIONS,
	paymentMethods: METHOD_OPTIONS,
	municipality: {
		displayName: 'Default Municipality Code',
		placeholder: 'e.g. 68679',
		description: "DIVIPOLA code of the buyers' address (Shopify has city names, not codes); Lookup → Municipalities lists them",
	},
	notes: true,
};

export const SHOPIFY_BILL_V2: ShopifyUiSpec = { ...SHOPIFY_COMMON, resource: 'bill', operations: ['create', 'previewTotals'], kind: 'order' };
export const SHOPIFY_CREDIT_NOTE_V2: ShopifyUiSpec = {
	...SHOPIFY_COMMON,
	resource: 'creditNote',
	operations: ['create'],
	kind: 'refund',
	reasons: toOptions(CREDIT_NOTE_CORRECTION_CONCEPTS),
};

function shopifyV2Fields(kind: V2Kind): INodeProperties[] {
	if (kind === 'bill') {
		return [
			...shopifyFields(SHOPIFY_BILL_V2),
			{
				displayName: 'Reference Code',
				name: 'referenceCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. shopify-5800000001111',
				description: 'Leave empty: shopify- and the order ID. Factus refuses a second bill with the same code, so the same order delivered again returns the bill already issued.',
				displayOptions: shopifyShow({ ...SHOPIFY_BILL_V2, operations: ['create'] }),
			},
		];
	}
	if (kind === 'creditNote') {
		return [
			...shopifyFields(SHOPIFY_CREDIT_NOTE_V2),
			{
				displayName: 'Bill Number',
				name: 'shopifyBillNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. SETP990000493',
				description: "Number of the bill this credit note corrects. Leave empty to use the bill Factus has under the order's reference code (shopify- and the order ID).",
				displayOptions: shopifyShow(SHOPIFY_CREDIT_NOTE_V2),
			},
			{
				displayName: 'Reference Code',
				name: 'referenceCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. shopify-5800000001111-refund-9700000000777',
				description: 'Leave empty: from the Shopify order and refund IDs. The same refund delivered again returns the credit note already issued.',
				displayOptions: shopifyShow(SHOPIFY_CREDIT_NOTE_V2),
			},
		];
	}
	return [];
}

/** Every create field of `kind` (Create and Preview Totals). */
export function createFieldsV2(kind: V2Kind): INodeProperties[] {
	const noun = V2_NOUNS[kind];
	const both: Show = { show: { resource: [kind], operation: ['create', 'previewTotals'] } };
	const create: Show = { show: { resource: [kind], operation: ['create'] } };
	const fields: Show = { show: { ...both.show, inputMode: ['fields'] } };
	const json: Show = { show: { ...both.show, inputMode: ['json'] } };
	const shopify = kind === 'bill' ? shopifyOrderOption : kind === 'creditNote' ? shopifyRefundOption : undefined;
	const reference = `Your unique code for this ${noun} (e.g. the order number). Factus refuses a second ${noun} with the same code, and the node uses it to find the ${noun} after a lost answer, so running a workflow again never issues it twice.`;
	return [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Fields', value: 'fields', description: `Fill in the ${noun} below` },
				{ name: 'JSON', value: 'json', description: "A Factus v2 body, as in Factus's v2 documentation" },
				...(shopify ? [shopify] : []),
			],
			default: 'fields',
			displayOptions: both,
		},
		{ displayName: 'Reference Code', name: 'referenceCode', type: 'string', default: '', required: true, placeholder: 'e.g. ORDER-1001', description: reference, displayOptions: { show: { ...create.show, inputMode: ['fields'] } } },
		{
			displayName: 'Reference Code',
			name: 'referenceCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. ORDER-1001',
			description: `${reference} Leave empty to use the JSON's reference_code`,
			displayOptions: { show: { ...create.show, inputMode: ['json'] } },
		},
		{
			displayName: 'Numbering Range Name or ID',
			name: 'numberingRangeId',
			type: 'options',
			typeOptions: { loadOptionsMethod: RANGE_METHODS[kind] },
			default: '',
			description: `Resolution and prefix to number the ${noun} with. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>. "Automatic" works when the company has a single active range for it.`,
			displayOptions: create,
		},
		{
			displayName: `${titleCase(noun)} (JSON)`,
			name: 'documentJson',
			type: 'json',
			default: JSON.stringify(FACTUS_V2_EXAMPLE_BODIES[kind] as IDataObject, null, 2),
			required: true,
			description: `A Factus v2 ${noun} body (net prices, taxes per item, payment_details…). It is checked exactly like Fields mode before anything is sent.`,
			displayOptions: json,
		},
		...correctedFields(kind, fields),
		...partyFields(kind, fields),
		{
			displayName: 'Lines',
			name: 'lines',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Line',
			default: {},
			displayOptions: kind === 'creditNote' || kind === 'adjustmentNote' ? { show: { ...fields.show, linesSource: ['lines'] } } : fields,
			options: [{ displayName: 'Line', name: 'line', values: lineFields(kind) }],
		},
		...paymentFields(fields),
		additionalFields(kind, fields),
		...shopifyV2Fields(kind),
		optionsField(create, noun),
	];
}
