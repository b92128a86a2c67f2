/**
 * The node's fields (Input Mode "Fields") → what `checkDocument` (wire/rules.ts) turns into the typed
 * DTE: the neutral invoice as plain data, and the name of each neutral field in this UI, so every
 * problem is reported on the parameter the user filled in.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fixedCollectionEntries } from '../../shared/params';
import { IVA_RATE } from '../profile';
import { FIELD_NAMES } from '../wire/adjustments';
import type { AdjustmentNames } from '../wire/adjustments';
import type { DteCandidate, Naming, TipoDte } from '../wire/rules';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());
/** Text as typed; an object or a list (from an expression) is kept as it is so the rules refuse it on its field. */
const keep = (value: unknown): unknown => (value !== null && typeof value === 'object' ? value : text(value));

/** Neutral path → the parameter holding it in this UI. */
const LABELS: Record<string, string> = {
	'customer.providerId': 'client',
	'customer.name': 'receiverName',
	'customer.idType': 'subjectIdType',
	'customer.nrc': 'receiverNrc',
	'customer.department': 'receiverDepartment',
	'customer.municipality': 'receiverMunicipality',
	'customer.address': 'receiverDetails.address',
	'customer.tradeName': 'receiverDetails.tradeName',
	'customer.phone': 'receiverDetails.phone',
	'customer.email': 'receiverDetails.email',
	activityDescription: 'receiverDetails.activityDescription',
	'related.documentType': 'relatedType',
	'related.authorityId': 'relatedCode',
	'related.issueDate': 'relatedDate',
	notes: 'additionalFields.notes',
	externalReference: 'additionalFields.externalReference',
	codigoGeneracion: 'additionalFields.codigoGeneracion',
	condicionOperacion: 'additionalFields.condicionOperacion',
};

/** How the Fields mode names each neutral field. */
export function fieldNaming(tipoDte: TipoDte): Naming {
	const byType: Record<string, string> =
		tipoDte === '03'
			? { 'customer.idNumber': 'receiverNit', 'customer.economicActivity': 'economicActivity' }
			: { 'customer.idNumber': 'subjectIdNumber', 'customer.economicActivity': 'receiverDetails.economicActivityCode' };
	return { label: (path) => byType[path] ?? LABELS[path] };
}

/** UI lines (`lines.line[]`, or an array of the same entries) → neutral lines as plain data. */
export function readLines(raw: unknown, tipoDte: TipoDte): IDataObject[] {
	const entries = Array.isArray(raw) ? (raw as IDataObject[]) : fixedCollectionEntries(raw, 'line');
	return entries.map((entry) => {
		const line: IDataObject = {
			description: entry.description,
			quantity: entry.quantity,
			unitPrice: entry.unitPrice,
			taxRate: tipoDte === '14' ? 0 : IVA_RATE,
		};
		const discount = entry.discount ?? entry.discountAmount;
		if (discount !== undefined && discount !== null && discount !== '' && discount !== 0) line.discountAmount = discount;
		if (entry.exempt === true || entry.taxExcluded === true) line.taxExcluded = true;
		if (entry.itemType) line.itemType = entry.itemType;
		if (entry.unit !== undefined && entry.unit !== '') line.unit = String(entry.unit);
		if (text(entry.code)) line.code = keep(entry.code) as string;
		return line;
	});
}

/** The inline receiver of a CCF (03) or Sujeto Excluido (14). */
function inlineReceiver(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte): { customer: IDataObject; activityDescription?: string } {
	const details = ctx.getNodeParameter('receiverDetails', i, {}) as IDataObject;
	const customer: IDataObject = { name: keep(ctx.getNodeParameter('receiverName', i, '')) as string };
	if (tipoDte === '03') {
		customer.idNumber = keep(ctx.getNodeParameter('receiverNit', i, '')) as string;
		customer.nrc = keep(ctx.getNodeParameter('receiverNrc', i, '')) as string;
		customer.economicActivity = keep(ctx.getNodeParameter('economicActivity', i, '', { extractValue: true })) as string;
	} else {
		customer.idType = text(ctx.getNodeParameter('subjectIdType', i, '13'));
		customer.idNumber = keep(ctx.getNodeParameter('subjectIdNumber', i, '')) as string;
		customer.economicActivity = keep(details.economicActivityCode) as string;
	}
	customer.department = keep(ctx.getNodeParameter('receiverDepartment', i, '')) as string;
	customer.municipality = keep(ctx.getNodeParameter('receiverMunicipality', i, '')) as string;
	for (const key of ['address', 'tradeName', 'phone', 'email'] as const) customer[key] = keep(details[key]) as string;
	return { customer, activityDescription: (keep(details.activityDescription) as string) || undefined };
}

/** The document a note corrects, from Related Document Type / codigoGeneracion / Emission Date. */
export function readRelated(ctx: IExecuteFunctions, i: number): IDataObject {
	return {
		documentType: text(ctx.getNodeParameter('relatedType', i, '03')),
		authorityId: ctx.getNodeParameter('relatedCode', i, ''),
		issueDate: text(ctx.getNodeParameter('relatedDate', i, '')),
	};
}

/** Additional Fields every create has (payment condition, notes, External Reference, codigoGeneracion). */
export function readAdditional(ctx: IExecuteFunctions, i: number): Pick<DteCandidate, 'condicionOperacion' | 'codigoGeneracion'> & { notes?: string; externalReference?: string } {
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	return {
		...(extra.condicionOperacion !== undefined ? { condicionOperacion: extra.condicionOperacion } : {}),
		...(text(extra.notes) ? { notes: keep(extra.notes) as string } : {}),
		...(text(extra.externalReference) ? { externalReference: keep(extra.externalReference) as string } : {}),
		...(text(extra.codigoGeneracion) ? { codigoGeneracion: extra.codigoGeneracion } : {}),
	};
}

/** Everything a create of `tipoDte` reads in the Fields mode. */
export function readFields(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte): DteCandidate {
	const invoice: IDataObject = { lines: readLines(ctx.getNodeParameter('lines', i, {}), tipoDte) };
	let activityDescription: string | undefined;
	if (tipoDte === '01' || tipoDte === '05' || tipoDte === '06') {
		const stored = tipoDte !== '01' || ctx.getNodeParameter('receiver', i, 'finalConsumer') === 'storedClient';
		invoice.customer = stored ? { providerId: keep(ctx.getNodeParameter('client', i, '', { extractValue: true })) as string } : {};
	} else {
		const inline = inlineReceiver(ctx, i, tipoDte);
		invoice.customer = inline.customer;
		activityDescription = inline.activityDescription;
	}
	if (tipoDte === '05' || tipoDte === '06') invoice.related = readRelated(ctx, i);
	const { notes, externalReference, ...extras } = readAdditional(ctx, i);
	if (notes) invoice.notes = notes;
	if (externalReference) invoice.externalReference = externalReference;
	return { tipoDte, invoice, ...extras, ...(activityDescription ? { activityDescription } : {}), adjustments: readAdjustments(ctx, i) };
}

/** Document discount and renta withholding from Additional Fields. */
export function readAdjustments(ctx: IExecuteFunctions, i: number, collection = 'additionalFields'): NonNullable<DteCandidate['adjustments']> {
	const extra = ctx.getNodeParameter(collection, i, {}) as IDataObject;
	const names = Object.fromEntries(Object.entries(FIELD_NAMES).map(([key, path]) => [key, path.replace('additionalFields', collection)])) as AdjustmentNames;
	return { raw: { discountAmount: extra.documentDiscount, discountRate: extra.documentDiscountRate, rentaRate: extra.rentaRate }, names };
}
