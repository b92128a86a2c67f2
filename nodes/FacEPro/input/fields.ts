/**
 * Input Mode → Fields: the node's parameters as a neutral invoice (a `Draft`), with the labels the UI
 * gives each field so every problem names the field the user filled in (and FacEPro's path next to it).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { dateParameter } from '../../shared/country/colombia';
import { compact, fixedCollectionEntries } from '../../shared/params';
import type { DocumentKind } from '../profile';
import { DISCOUNT_TYPES } from '../ui/lines';
import type { Draft } from '../wire/rules';

const LINE_LABELS: Record<string, string> = {
	code: 'Code',
	description: 'Description',
	quantity: 'Quantity',
	unit: 'Unit',
	unitPrice: 'Unit Price (Without IVA)',
	taxRate: 'IVA %',
	discountRate: 'Discount %',
	discountAmount: 'Discount Amount (Without IVA)',
};

const FIELD_LABELS: Record<string, string> = {
	customer: 'Customer',
	'customer.personType': 'Person Type',
	'customer.idType': 'ID Type',
	'customer.idNumber': 'ID Number',
	'customer.name': 'Name',
	'customer.dv': 'Customer Details › DV (NIT Check Digit)',
	'customer.taxResponsibilities': 'Customer Details › Fiscal Responsibility',
	'customer.email': 'Customer Details › Email',
	'customer.address': 'Customer Details › Address',
	'customer.municipality': 'Customer Details › Municipality Code',
	'customer.department': 'Customer Details › Department Code',
	lines: 'Lines',
	issueDate: 'Additional Fields › Issue Date',
	issueTime: 'Additional Fields › Issue Time',
	externalReference: 'Additional Fields › External Reference',
	related: 'Invoice Number',
	'related.number': 'Invoice Number',
	'related.authorityId': 'Invoice CUFE',
	'related.issueDate': 'Invoice Issue Date',
	'related.reasonCode': 'Reason',
	'related.reasonText': 'Reason Description',
};

/** Invoice path → the label of the node field the user filled in (`lines.1.taxRate` → `Lines › Line 2 › IVA %`). */
export function fieldLabel(path: string): string {
	if (FIELD_LABELS[path]) return FIELD_LABELS[path];
	const line = /^lines\.(\d+)(?:\.([^.]+))?/.exec(path);
	if (line) {
		const base = `Lines › Line ${Number(line[1]) + 1}`;
		return line[2] ? `${base} › ${LINE_LABELS[line[2]] ?? line[2]}` : base;
	}
	if (path.startsWith('customer.taxResponsibilities')) return FIELD_LABELS['customer.taxResponsibilities'];
	return path;
}

/**
 * A value of a text field. An expression often gives a number (an ID number, a SKU, Shopify's
 * `order_number`): it counts as its digits, as if typed. Anything else is left for the checks to report.
 */
export function fieldText<T>(value: T): T | string {
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

/** An External Reference parameter as trimmed text ('' when blank), or undefined when it is neither text nor a number. */
export function referenceParameter(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	const text = fieldText(value);
	return typeof text === 'string' ? text.trim() : undefined;
}

export const REFERENCE_NOT_TEXT = 'must be text or a number, e.g. ORDER-1001';

/** A number field that may hold text (Unit Price is text so that it can be empty): trimmed, '' when blank. */
const amountText = (value: IDataObject[string]) => (typeof value === 'string' ? value.trim() : value);

/**
 * A line's one discount, by its Discount Type (n8n drops the value of the discount field the type hides,
 * and fills in the type's default, None, where a workflow has none).
 */
function lineDiscount(line: IDataObject): IDataObject {
	// 0 is what an untouched field holds: no discount.
	const set = (value: IDataObject[string]) => (value === 0 || value === '' || value === null ? undefined : value);
	if (line.discountType === DISCOUNT_TYPES.percent) return { discountRate: set(line.discountPct) };
	if (line.discountType === DISCOUNT_TYPES.amount) return { discountAmount: set(line.discountAmount) };
	return {};
}

function readLines(ctx: IExecuteFunctions, i: number): IDataObject[] {
	return fixedCollectionEntries(ctx.getNodeParameter('lines', i, {}), 'line').map((line) =>
		compact({
			code: fieldText(line.code),
			description: fieldText(line.description),
			quantity: amountText(line.quantity),
			unit: line.unit,
			unitPrice: amountText(line.unitPrice),
			taxRate: line.ivaPct,
			...lineDiscount(line),
		}),
	);
}

/** The invoice a note corrects, as typed in the node (Invoice Number, CUFE, Issue Date, Reason…). */
export function readRelatedFields(ctx: IExecuteFunctions, i: number): IDataObject {
	const parameter = (name: string) => fieldText(ctx.getNodeParameter(name, i, '') as IDataObject[string]);
	return compact({
		number: parameter('referencedNumber'),
		authorityId: parameter('referencedCufe'),
		issueDate: dateParameter(ctx.getNodeParameter('referencedDate', i, '')),
		reasonCode: ctx.getNodeParameter('reasonCode', i, '') as string,
		reasonText: parameter('reasonDescription'),
	});
}

/** The node's fields of item `i` as a draft invoice. */
export function readFields(ctx: IExecuteFunctions, i: number, kind: DocumentKind): Draft {
	const details = ctx.getNodeParameter('customerDetails', i, {}) as IDataObject;
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const personType = ctx.getNodeParameter('personType', i) as string;
	const parameter = (name: string) => fieldText(ctx.getNodeParameter(name, i) as IDataObject[string]);
	const raw: IDataObject = compact({
		issueDate: dateParameter(additional.issueDate),
		customer: compact({
			personType: personType === '1' ? 'legal' : personType === '2' ? 'natural' : personType,
			idType: ctx.getNodeParameter('idType', i) as string,
			idNumber: parameter('idNumber'),
			dv: fieldText(details.dv),
			name: parameter('customerName'),
			taxResponsibilities: [(details.fiscalResponsibility as string | undefined) ?? 'R-99-PN'],
			email: fieldText(details.email),
			address: fieldText(details.address),
			municipality: fieldText(details.municipalityCode),
			department: fieldText(details.departmentCode),
		}),
		lines: readLines(ctx, i),
		// A number guards the sale like text (ignoring it would issue the sale again); other values are reported.
		externalReference: referenceParameter(additional.externalReference) ?? additional.externalReference,
	});
	if (kind !== 'invoice') raw.related = readRelatedFields(ctx, i);
	const time = fieldText(additional.issueTime);
	const hora = typeof time === 'string' && time.trim() !== '' ? time.trim() : undefined;
	// A time that is not text (an expression giving an object) is reported, not replaced by the node's own.
	const problems =
		time === undefined || time === null || typeof time === 'string'
			? []
			: [{ path: 'issueTime', message: `must be a time HH:mm:ss as text, got ${Array.isArray(time) ? 'a list' : typeof time}` }];
	return { source: 'fields', raw, hora, problems, warnings: [], label: fieldLabel };
}
