/**
 * UI pieces every Factus document shares (lines, payment method, numbering range, JSON input) and the
 * reading of an item's parameters into a checked v1 body: neutral schema problems, the mapping's own
 * problems and v1's local rules are collected in one pass and thrown as one validation error.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { z } from 'zod';

import type { ValidationProblem } from '../../shared/errors';
import { validationError } from '../../shared/errors';
import { customerSchema, invoiceSchema } from '../../shared/invoice/model';
import { zodProblems } from '../../shared/invoice/problems';
import { compact, fixedCollectionEntries, jsonParameter } from '../../shared/params';
import { NOUNS, titleCase } from '../documents';
import type { Show } from '../operations/types';
import type { CreateOptions } from '../recovery';
import { PROVIDER } from '../transport';
import type { V1Extras, V1Kind } from '../wire/v1';
import {
	checkV1,
	DEFAULT_UNIT_ID,
	ID_TYPES,
	looksLikeV1,
	neutralPath,
	neutralToV1,
	normaliseV1,
	PAYMENT_METHODS,
	STANDARD_CODES,
	TRIBUTE_INC,
	TRIBUTE_IVA,
} from '../wire/v1';

export const ID_TYPE_OPTIONS: INodePropertyOptions[] = ID_TYPES.map((t) => ({ name: t.label, value: t.id }));

export const PAYMENT_METHOD_OPTIONS: INodePropertyOptions[] = PAYMENT_METHODS.map((m) => ({ name: m.label, value: m.code }));

const TAX_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Excluded From IVA (Excluido)', value: 'EXCLUDED', description: 'Not subject to IVA: sent with is_excluded 1 and rate 0' },
	{ name: 'INC 16 %', value: 'INC_16' },
	{ name: 'INC 4 %', value: 'INC_4' },
	{ name: 'INC 8 % (Restaurants, Bars)', value: 'INC_8' },
	{ name: 'IVA 0 % (Exento)', value: 'IVA_0' },
	{ name: 'IVA 19 %', value: 'IVA_19' },
	{ name: 'IVA 5 %', value: 'IVA_5' },
];

export { dateParameter } from '../../shared/country/colombia';

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
				hint: 'The Factus municipality ID (San Gil is 980). Lookup → Municipalities lists them.',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A Factus municipality ID is a number' } }],
			},
		],
		displayOptions: show,
	};
}

/** Lines of a bill or credit note (taxed: price includes tax) or of a support document (no tax). */
export function linesField(show: Show, taxed: boolean): INodeProperties {
	const values: INodeProperties[] = [
		{ displayName: 'Code', name: 'code', type: 'string', default: '', placeholder: 'e.g. SKU-001', description: 'Your product or service code (code_reference)' },
		{ displayName: 'Description', name: 'description', type: 'string', default: '', required: true, placeholder: 'e.g. Camiseta talla M' },
		{
			displayName: 'Discount %',
			name: 'discountRate',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
			default: 0,
			description: 'Percent taken off the line (0 = none); Factus v1 takes no fixed discount amount',
		},
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			required: true,
			description: 'Whole units: Factus API v1 accepts no decimal quantities',
		},
		{
			displayName: 'ReteICA %',
			name: 'reteIca',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
			default: 0,
			description: 'ICA withheld by the buyer, as a percent of the taxable amount (0 = none)',
		},
		...(taxed
			? [
					{
						displayName: 'ReteIVA %',
						name: 'reteIva',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
						default: 0,
						description: "IVA withheld by the buyer, as a percent of the line's IVA (usually 15; 0 = none)",
					} as INodeProperties,
				]
			: []),
		{
			displayName: 'ReteRenta %',
			name: 'reteRenta',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
			default: 0,
			description: 'Income tax withheld by the buyer, as a percent of the taxable amount (0 = none)',
		},
		{
			displayName: 'Standard Code',
			name: 'standardCode',
			type: 'options',
			options: STANDARD_CODES.map((s) => ({ name: s.label, value: s.id })),
			default: 1,
			description: 'Which code list the Code belongs to (standard_code_id)',
		},
		...(taxed
			? [
					{
						displayName: 'Tax',
						name: 'tax',
						type: 'options',
						options: TAX_OPTIONS,
						default: 'IVA_19',
						description: 'Tax of the line; the unit price already includes it',
					} as INodeProperties,
				]
			: []),
		{
			displayName: 'Unit Name or ID',
			name: 'unit',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getMeasurementUnits' },
			default: DEFAULT_UNIT_ID,
			description:
				'Unit of measure (70 = unidad). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: taxed ? 'Unit Price (Tax Included)' : 'Unit Price',
			name: 'unitPrice',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			required: true,
			description: taxed ? 'Price of one unit in COP including its tax, as the customer pays it (Factus v1 prices include tax)' : 'Price of one unit in COP',
		},
	];
	return {
		displayName: 'Lines',
		name: 'lines',
		type: 'fixedCollection',
		placeholder: 'Add Line',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		required: true,
		description: 'Products or services',
		displayOptions: show,
		options: [{ displayName: 'Line', name: 'line', values }],
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

/** The Options of every create: the opt-in step of the recovery playbook. */
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
		],
	};
}

/** Reads the Options of every create. */
export function readCreateOptions(ctx: IExecuteFunctions, itemIndex: number): CreateOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { deleteRejectedAndResend: options.deleteRejectedAndResend === true };
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

/* ------------------------------------------------------------------------------------------------ */
/* Reading                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

interface FieldLine {
	code?: string;
	description?: string;
	quantity?: number;
	unitPrice?: number;
	discountRate?: number;
	tax?: string;
	unit?: number | string;
	standardCode?: number;
	reteIva?: number;
	reteRenta?: number;
	reteIca?: number;
}

const WITHHOLDING_LABELS: Record<string, string> = { '05': 'ReteIVA %', '06': 'ReteRenta %', '07': 'ReteICA %' };

/** The Lines parameter → neutral lines, v1 extras per line, and how each withholding maps back to a field. */
export function linesFromFields(value: unknown, taxed: boolean): { lines: IDataObject[]; extras: NonNullable<V1Extras['lines']>; withholdingLabels: string[][] } {
	const entries = fixedCollectionEntries(value, 'line') as FieldLine[];
	const extras: NonNullable<V1Extras['lines']> = [];
	const withholdingLabels: string[][] = [];
	const lines = entries.map((line) => {
		const [tribute, rate] = (line.tax ?? 'IVA_19').split('_');
		const withholdings: IDataObject[] = [];
		const labels: string[] = [];
		const add = (code: string, value: unknown) => {
			if (typeof value === 'number' && value !== 0) {
				withholdings.push({ code, rate: value });
				labels.push(WITHHOLDING_LABELS[code]);
			}
		};
		if (taxed) add('05', line.reteIva);
		add('06', line.reteRenta);
		add('07', line.reteIca);
		extras.push({ tributeId: taxed ? (tribute === 'INC' ? TRIBUTE_INC : TRIBUTE_IVA) : undefined, standardCodeId: line.standardCode ?? 1 });
		withholdingLabels.push(labels);
		const out: IDataObject = {
			description: line.description ?? '',
			quantity: line.quantity,
			unitPrice: line.unitPrice,
			taxRate: taxed ? (tribute === 'EXCLUDED' ? 0 : Number(rate)) : 0,
			unit: line.unit === undefined || line.unit === '' ? String(DEFAULT_UNIT_ID) : String(line.unit),
			withholdings,
		};
		if (line.code) out.code = line.code;
		if (line.discountRate) out.discountRate = line.discountRate;
		if (taxed && tribute === 'EXCLUDED') out.taxExcluded = true;
		return out;
	});
	return { lines, extras, withholdingLabels };
}

const LINE_LABELS: Record<string, string> = {
	code: 'Code',
	description: 'Description',
	quantity: 'Quantity',
	unitPrice: 'Unit Price',
	discountRate: 'Discount %',
	taxRate: 'Tax',
	taxExcluded: 'Tax',
	tributeId: 'Tax',
	unit: 'Unit',
	standardCodeId: 'Standard Code',
};

/** Neutral path → the label of the field the user filled in, e.g. `lines.1.quantity` → `Lines › Line 2 › Quantity`. */
export function fieldLabeller(labels: Record<string, string>, withholdingLabels: string[][]): (path: string) => string {
	return (path: string) => {
		if (labels[path]) return labels[path];
		const line = /^lines\.(\d+)(?:\.(.+))?$/.exec(path);
		if (line) {
			const index = Number(line[1]);
			const base = `Lines › Line ${index + 1}`;
			if (!line[2]) return base;
			const withholding = /^withholdings\.(\d+)/.exec(line[2]);
			if (withholding) return `${base} › ${withholdingLabels[index]?.[Number(withholding[1])] ?? 'Withholdings'}`;
			return `${base} › ${LINE_LABELS[line[2]] ?? line[2]}`;
		}
		const prefix = Object.keys(labels).find((key) => path.startsWith(`${key}.`));
		return prefix ? `${labels[prefix]} › ${path.slice(prefix.length + 1)}` : path;
	};
}

/** Neutral schema for one kind: a credit note may leave the customer to the bill. */
function neutralSchemaFor(kind: V1Kind) {
	return kind === 'creditNote' ? invoiceSchema.extend({ customer: customerSchema.optional() }) : invoiceSchema;
}

export interface ReadResult {
	body: IDataObject;
	/** Input was a v1 body (JSON) rather than neutral. */
	v1Input: boolean;
}

/**
 * Neutral input (fields or JSON) → checked v1 body; v1 JSON → checked v1 body. Throws one validation
 * error with every problem, labelled like the fields the user sees, before any request.
 */
export function toCheckedBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: V1Kind,
	input: { neutral: unknown; extras: V1Extras; label?: (path: string) => string } | { v1: unknown },
	options: { requireReference: boolean; ignoreItems?: boolean; overrides?: IDataObject },
): ReadResult {
	const rules = { requireReference: options.requireReference, billNumberAllowed: true };
	let problems: ValidationProblem[];
	let body: IDataObject;
	const keep = (p: ValidationProblem) => !(options.ignoreItems && /^(items|lines)(\.|$)/.test(p.path));
	if ('v1' in input) {
		body = { ...((input.v1 ?? {}) as IDataObject), ...(options.overrides ?? {}) };
		problems = checkV1(kind, body, rules).filter(keep);
		body = normaliseV1(kind, body);
	} else {
		const parsed = neutralSchemaFor(kind).safeParse(input.neutral);
		const neutralProblems = parsed.success ? [] : zodProblems(parsed.error as z.ZodError);
		const mapped = neutralToV1(kind, input.neutral, input.extras);
		body = { ...mapped.body, ...(options.overrides ?? {}) };
		const seen = new Set([...neutralProblems, ...mapped.problems].map((p) => p.path));
		const v1Problems = checkV1(kind, body, rules)
			.map((p) => ({ path: neutralPath(p.path), message: p.message }))
			.filter((p) => !seen.has(p.path));
		problems = [...neutralProblems, ...mapped.problems, ...v1Problems].filter(keep);
		if (input.label) problems = problems.map((p) => ({ path: input.label!(p.path), message: p.message }));
	}
	if (problems.length > 0) throw validationError(ctx.getNode(), PROVIDER, problems, itemIndex, NOUNS[kind]);
	return { body, v1Input: 'v1' in input };
}

/** JSON mode: the parameter, and whether it is a v1 body or a neutral invoice (with an optional `factus` extras object). */
export function readJsonInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: V1Kind,
): { v1: unknown } | { neutral: unknown; extras: V1Extras } {
	const raw = jsonParameter(ctx, 'documentJson', itemIndex, PROVIDER, NOUNS[kind]);
	if (looksLikeV1(kind, raw)) return { v1: raw };
	const value = (raw && typeof raw === 'object' ? raw : {}) as IDataObject;
	const extras = (value.factus && typeof value.factus === 'object' ? value.factus : {}) as V1Extras;
	const lines = Array.isArray(value.lines) ? (value.lines as IDataObject[]) : [];
	return {
		neutral: value,
		extras: {
			...extras,
			lines: lines.map((line) => ({
				tributeId: typeof line.tributeId === 'number' ? line.tributeId : undefined,
				standardCodeId: typeof line.standardCodeId === 'number' ? line.standardCodeId : undefined,
			})),
		},
	};
}

/** Non-empty string parameter or undefined. */
export function optionalString(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/**
 * The Reference Code and Numbering Range fields of a create. `overrides` is what they replace in a JSON
 * body: only what is filled in, so empty fields keep the JSON's own values.
 */
export function readReferenceAndRange(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { referenceCode?: string; numberingRangeId?: number; overrides: IDataObject } {
	const referenceCode = optionalString(ctx.getNodeParameter('referenceCode', itemIndex, ''));
	const rangeId = Number(ctx.getNodeParameter('numberingRangeId', itemIndex, 0)) || 0;
	return {
		referenceCode,
		numberingRangeId: rangeId || undefined,
		overrides: compact({ reference_code: referenceCode, numbering_range_id: rangeId > 0 ? rangeId : undefined }) as IDataObject,
	};
}

/** Fields mode: the customer (the seller, on a support document) as typed — identity fields and the Details collection. */
export function partyFromFields(ctx: IExecuteFunctions, itemIndex: number): { party: IDataObject; details: IDataObject } {
	const details = ctx.getNodeParameter('customerDetails', itemIndex, {}) as IDataObject;
	const party: IDataObject = {
		idType: String(ctx.getNodeParameter('idType', itemIndex)),
		idNumber: optionalString(ctx.getNodeParameter('idNumber', itemIndex, '')),
		name: optionalString(ctx.getNodeParameter('customerName', itemIndex, '')),
		dv: optionalString(details.dv),
		tradeName: optionalString(details.tradeName),
		email: optionalString(details.email),
		phone: optionalString(details.phone),
		address: optionalString(details.address),
		municipality: optionalString(ctx.getNodeParameter('municipality', itemIndex, '', { extractValue: true })),
	};
	return { party, details };
}
