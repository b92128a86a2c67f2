/**
 * Reads a document from the node's parameters (fields or JSON) and checks it locally; anything wrong
 * becomes one validation error listing every problem, before any request.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ValidationProblem } from '../../shared/errors';
import { validationError } from '../../shared/errors';
import { colombiaDate, dateParameter } from '../../shared/country/colombia';
import { compact, fixedCollectionEntries, jsonParameter } from '../../shared/params';
import { PROVIDER } from '../transport';
import type { DocumentKind } from '../wire/body';
import type { PreparedDocument, PrepareResult } from '../wire/prepare';
import { prepareFromJson, prepareFromNeutral } from '../wire/prepare';

export const KIND_WORDS: Record<DocumentKind, string> = {
	invoice: 'invoice',
	creditNote: 'credit note',
	debitNote: 'debit note',
};

const LINE_LABELS: Record<string, string> = {
	code: 'Code',
	description: 'Description',
	quantity: 'Quantity',
	unit: 'Unit',
	unitPrice: 'Unit Price (Without IVA)',
	taxRate: 'IVA %',
	discountRate: 'Discount %',
	discountAmount: 'Discount Amount',
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

/** Neutral path → the label of the node field the user filled in (`lines.1.taxRate` → `Lines › Line 2 › IVA %`). */
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
function fieldText<T>(value: T): T | string {
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

/** An External Reference parameter as trimmed text ('' when blank), or undefined when it is neither text nor a number. */
export function referenceParameter(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	const text = fieldText(value);
	return typeof text === 'string' ? text.trim() : undefined;
}

export const REFERENCE_NOT_TEXT = 'must be text or a number, e.g. ORDER-1001';

/** The node's fields as a neutral invoice (the same shape the JSON input and Shopify mapper produce). */
export function neutralFromFields(ctx: IExecuteFunctions, i: number, kind: DocumentKind): { invoice: IDataObject; hora?: string } {
	const details = ctx.getNodeParameter('customerDetails', i, {}) as IDataObject;
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const personType = ctx.getNodeParameter('personType', i) as string;
	const parameter = (name: string) => fieldText(ctx.getNodeParameter(name, i) as IDataObject[string]);
	const lines = fixedCollectionEntries(ctx.getNodeParameter('lines', i, {}), 'line').map((line) =>
		compact({
			code: fieldText(line.code),
			description: fieldText(line.description),
			quantity: line.quantity,
			unit: line.unit,
			unitPrice: line.unitPrice,
			taxRate: line.ivaPct,
			// 0 is what an untouched field holds: no discount.
			discountRate: line.discountPct ? line.discountPct : undefined,
			discountAmount: line.discountAmount ? line.discountAmount : undefined,
		}),
	);
	const invoice: IDataObject = compact({
		kind,
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
		lines,
		// A number guards the sale like text (ignoring it would issue the sale again); other values are reported.
		externalReference: referenceParameter(additional.externalReference) ?? additional.externalReference,
	});
	if (kind !== 'invoice') {
		invoice.related = compact({
			number: parameter('referencedNumber'),
			authorityId: parameter('referencedCufe'),
			issueDate: dateParameter(ctx.getNodeParameter('referencedDate', i)),
			reasonCode: ctx.getNodeParameter('reasonCode', i) as string,
			reasonText: parameter('reasonDescription'),
		});
	}
	const hora = typeof additional.issueTime === 'string' && additional.issueTime.trim() !== '' ? additional.issueTime.trim() : undefined;
	return { invoice, hora };
}

/** Reads and checks the document of item `i`; throws one validation error with every problem. */
export function readDocument(ctx: IExecuteFunctions, i: number, kind: DocumentKind, now = Date.now()): PreparedDocument {
	const mode = ctx.getNodeParameter('inputMode', i) as string;
	const today = colombiaDate(now);
	let result: PrepareResult;
	const extra: ValidationProblem[] = [];
	if (mode === 'json') {
		const raw = jsonParameter(ctx, 'documentJson', i, PROVIDER, KIND_WORDS[kind]);
		result = prepareFromJson(raw, kind, { today });
		const reference = referenceParameter(ctx.getNodeParameter('externalReference', i, ''));
		if (reference === undefined) extra.push({ path: 'externalReference', message: REFERENCE_NOT_TEXT });
		else if (result.ok && reference !== '') {
			if (result.document.externalReference && result.document.externalReference !== reference) {
				extra.push({
					path: 'externalReference',
					message: `differs from the externalReference in the JSON ("${result.document.externalReference}"); keep one of them`,
				});
			}
			result.document.externalReference = reference;
		}
	} else {
		const { invoice, hora } = neutralFromFields(ctx, i, kind);
		result = prepareFromNeutral(invoice, kind, { today, source: 'fields', label: fieldLabel, hora });
	}
	const problems = [...(result.ok ? [] : result.problems), ...extra];
	if (!result.ok || problems.length > 0) {
		throw validationError(ctx.getNode(), PROVIDER, problems, i, KIND_WORDS[kind]);
	}
	return result.document;
}
