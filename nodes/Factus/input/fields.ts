/**
 * Fields mode: what the user filled in → a neutral Invoice, what only v1 has (`V1Extras`), and the label
 * of every field, so a problem found later is reported the way the editor names the field
 * ("Lines › Line 2 › Quantity"). The fields themselves are declared in ../ui.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { dateParameter } from '../../shared/country/colombia';
import { compact, fixedCollectionEntries } from '../../shared/params';
import { DEFAULT_UNIT_ID, TRIBUTE_INC, TRIBUTE_IVA } from '../profile';
import type { V1Extras } from '../wire/v1/toBody';

/** An item read in Fields mode, ready for the check (wire/v1/check.ts). */
export interface FieldsInput {
	invoice: IDataObject;
	extras: V1Extras;
	label: (path: string) => string | undefined;
}

/** Non-empty string parameter or undefined. */
export function optionalString(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/**
 * A text parameter as the check must see it: trimmed text (undefined when empty), a number's digits, or —
 * when an expression gave an object, an array or a boolean — that value itself, which the check refuses by
 * the field's name instead of sending "[object Object]" or "Alan,Turing".
 */
export function textField(value: unknown): unknown {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return optionalString(value);
	if (typeof value === 'number') return String(value);
	return value;
}

/**
 * The Reference Code and Numbering Range fields of a create. `overrides` is what they replace in a v1
 * JSON body: only what is filled in, so empty fields keep the JSON's own values. `referenceValue` is the
 * field as typed (not text when an expression gave an object: the check refuses it by name).
 */
export function readReferenceAndRange(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { referenceCode?: string; referenceValue?: unknown; numberingRangeId?: number; overrides: IDataObject } {
	const referenceValue = textField(ctx.getNodeParameter('referenceCode', itemIndex, ''));
	const referenceCode = typeof referenceValue === 'string' ? referenceValue : undefined;
	const rangeId = Number(ctx.getNodeParameter('numberingRangeId', itemIndex, 0)) || 0;
	return {
		referenceCode,
		referenceValue,
		numberingRangeId: rangeId || undefined,
		overrides: compact({ reference_code: referenceValue as IDataObject[string], numbering_range_id: rangeId > 0 ? rangeId : undefined }) as IDataObject,
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Lines and labels                                                                                  */
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
	withholdings?: { reteIva?: number; reteRenta?: number; reteIca?: number };
	/** Saved before withholdings had their own collection (ui/lines.ts `legacy`). */
	reteIva?: number;
	reteRenta?: number;
	reteIca?: number;
}

const WITHHOLDING_LABELS: Record<string, string> = { '05': 'Withholdings › ReteIVA %', '06': 'Withholdings › ReteRenta %', '07': 'Withholdings › ReteICA %' };

/** The Lines parameter → neutral lines, v1 extras per line, and the field each withholding came from. */
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
		const withheld = line.withholdings ?? {};
		if (taxed) add('05', withheld.reteIva ?? line.reteIva);
		add('06', withheld.reteRenta ?? line.reteRenta);
		add('07', withheld.reteIca ?? line.reteIca);
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

/** The invoice's path → the label of the field the user filled in, e.g. `lines.1.quantity` → `Lines › Line 2 › Quantity`. */
export function fieldLabeller(labels: Record<string, string>, withholdingLabels: string[][], taxed = true): (path: string) => string | undefined {
	const lineLabels: Record<string, string> = { ...LINE_LABELS, unitPrice: taxed ? 'Unit Price (IVA Included)' : 'Unit Price (Without IVA)' };
	return (path: string) => {
		if (labels[path]) return labels[path];
		const line = /^lines\.(\d+)(?:\.(.+))?$/.exec(path);
		if (line) {
			const index = Number(line[1]);
			const base = `Lines › Line ${index + 1}`;
			if (!line[2]) return base;
			const withholding = /^withholdings\.(\d+)/.exec(line[2]);
			if (withholding) return `${base} › ${withholdingLabels[index]?.[Number(withholding[1])] ?? 'Withholdings'}`;
			return `${base} › ${lineLabels[line[2]] ?? line[2]}`;
		}
		const prefix = Object.keys(labels).find((key) => path.startsWith(`${key}.`));
		return prefix ? `${labels[prefix]} › ${path.slice(prefix.length + 1)}` : undefined;
	};
}

/** The customer (the seller, on a support document) as typed: identity fields and the Details collection. */
function partyFromFields(ctx: IExecuteFunctions, itemIndex: number): { party: IDataObject; details: IDataObject } {
	const details = ctx.getNodeParameter('customerDetails', itemIndex, {}) as IDataObject;
	const party: IDataObject = {
		idType: String(ctx.getNodeParameter('idType', itemIndex)),
		idNumber: textField(ctx.getNodeParameter('idNumber', itemIndex, '')) as string | undefined,
		name: textField(ctx.getNodeParameter('customerName', itemIndex, '')) as string | undefined,
		dv: textField(details.dv) as string | undefined,
		tradeName: textField(details.tradeName) as string | undefined,
		email: textField(details.email) as string | undefined,
		phone: textField(details.phone) as string | undefined,
		address: textField(details.address) as string | undefined,
		municipality: textField(ctx.getNodeParameter('municipality', itemIndex, '', { extractValue: true })) as string | undefined,
	};
	return { party, details };
}

/* ------------------------------------------------------------------------------------------------ */
/* Bill                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

const CUSTOMER_LABELS: Record<string, string> = {
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
};

const BILL_LABELS: Record<string, string> = {
	externalReference: 'Reference Code',
	numberingRangeId: 'Numbering Range',
	...CUSTOMER_LABELS,
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
	sendEmail: 'Additional Fields › Send Email to Customer',
};

function billExtras(additional: IDataObject): Pick<V1Extras, 'document' | 'relatedDocuments' | 'billingPeriod' | 'sendEmail'> {
	const related = ((additional.relatedDocuments as IDataObject | undefined)?.document as IDataObject[] | undefined) ?? [];
	const period = ((additional.billingPeriod as IDataObject | undefined)?.period as IDataObject | undefined) ?? undefined;
	return {
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
	};
}

/** Bill fields of item `i` (Create & Validate, or Preview Totals, which has no reference code or range). */
export function readBillFields(ctx: IExecuteFunctions, i: number, options: { forPreview: boolean }): FieldsInput {
	const { referenceCode, referenceValue, numberingRangeId } = options.forPreview ? {} : readReferenceAndRange(ctx, i);
	const { party, details } = partyFromFields(ctx, i);
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const { lines, extras: lineExtras, withholdingLabels } = linesFromFields(ctx.getNodeParameter('lines', i, {}), true);
	const invoice: IDataObject = compact({
		customer: compact({
			...party,
			personType: ctx.getNodeParameter('personType', i, 'natural') as string,
			taxScheme: details.taxScheme === undefined ? undefined : String(details.taxScheme),
		}),
		lines,
		notes: textField(additional.observation) as string | undefined,
		payment: compact({
			form: additional.paymentForm === '2' ? 'credit' : 'cash',
			method: optionalString(additional.paymentMethod),
			dueDate: dateParameter(additional.paymentDueDate),
		}),
		externalReference: referenceValue as string | undefined,
	});
	const extras: V1Extras = { referenceCode, numberingRangeId, ...billExtras(additional), lines: lineExtras };
	return { invoice, extras, label: fieldLabeller(BILL_LABELS, withholdingLabels) };
}

/* ------------------------------------------------------------------------------------------------ */
/* Credit note                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

const CREDIT_NOTE_LABELS: Record<string, string> = {
	externalReference: 'Reference Code',
	numberingRangeId: 'Numbering Range',
	billNumber: 'Bill Number',
	correctionConceptCode: 'Correction Concept',
	lines: 'Lines',
	notes: 'Additional Fields › Observation',
	'payment.method': 'Additional Fields › Payment Method',
	sendEmail: 'Additional Fields › Send Email to Customer',
};

/**
 * Credit-note fields of item `i`: the bill it corrects by number (its `bill_id` is found before sending)
 * and either the lines entered or all the bill's lines (`copyLines`, filled in after the bill is read).
 */
export function readCreditNoteFields(ctx: IExecuteFunctions, i: number, options: { forPreview?: boolean } = {}): FieldsInput & { copyLines: boolean } {
	const { referenceCode, referenceValue, numberingRangeId } = options.forPreview ? {} : readReferenceAndRange(ctx, i);
	const copyLines = ctx.getNodeParameter('linesSource', i, 'bill') === 'bill';
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const fromFields = copyLines ? { lines: [], extras: [], withholdingLabels: [] } : linesFromFields(ctx.getNodeParameter('lines', i, {}), true);
	const invoice: IDataObject = compact({
		lines: fromFields.lines,
		notes: textField(additional.observation) as string | undefined,
		payment: compact({ method: optionalString(additional.paymentMethod) }),
		externalReference: referenceValue as string | undefined,
	});
	const extras: V1Extras = {
		referenceCode,
		numberingRangeId,
		correctionConceptCode: ctx.getNodeParameter('correctionConcept', i) as number,
		customizationId: 20,
		billNumber: textField(ctx.getNodeParameter('billNumber', i, '')) as string | undefined,
		sendEmail: additional.sendEmail === undefined ? undefined : Boolean(additional.sendEmail),
		lines: fromFields.extras,
	};
	return { invoice, extras, label: fieldLabeller(CREDIT_NOTE_LABELS, fromFields.withholdingLabels), copyLines };
}

/* ------------------------------------------------------------------------------------------------ */
/* Support document                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

const SELLER_LABELS: Record<string, string> = {
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
	'customer.isResident': 'Seller Details › Lives in Colombia',
	lines: 'Lines',
	notes: 'Additional Fields › Observation',
	'payment.method': 'Additional Fields › Payment Method',
};

/** Support-document fields of item `i`: the seller takes the customer's place; lines carry no tax. */
export function readSupportDocumentFields(ctx: IExecuteFunctions, i: number, options: { forPreview?: boolean } = {}): FieldsInput {
	const { referenceCode, referenceValue, numberingRangeId } = options.forPreview ? {} : readReferenceAndRange(ctx, i);
	const { party, details } = partyFromFields(ctx, i);
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const { lines, extras: lineExtras, withholdingLabels } = linesFromFields(ctx.getNodeParameter('lines', i, {}), false);
	const invoice: IDataObject = compact({
		customer: compact({ ...party, country: textField(details.country) as string | undefined }),
		lines,
		notes: textField(additional.observation) as string | undefined,
		payment: compact({ method: optionalString(additional.paymentMethod) }),
		externalReference: referenceValue as string | undefined,
	});
	const extras: V1Extras = {
		referenceCode,
		numberingRangeId,
		isResident: details.isResident === undefined ? true : Boolean(details.isResident),
		lines: lineExtras,
	};
	return { invoice, extras, label: fieldLabeller(SELLER_LABELS, withholdingLabels, false) };
}
