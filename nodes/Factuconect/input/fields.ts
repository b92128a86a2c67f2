/**
 * The node's fields (Input Mode "Fields") → what `checkDocument` (wire/rules.ts) turns into the typed
 * DTE: the neutral invoice as plain data, and the name of each neutral field in this UI, so every
 * problem is reported on the parameter the user filled in.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fixedCollectionEntries } from '../../shared/params';
import { IVA_RATE } from '../profile';
import type { DteCandidate, Naming, TipoDte } from '../wire/rules';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

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
		if (text(entry.code)) line.code = text(entry.code);
		return line;
	});
}

/** The inline receiver of a CCF (03) or Sujeto Excluido (14). */
function inlineReceiver(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte): { customer: IDataObject; activityDescription?: string } {
	const details = ctx.getNodeParameter('receiverDetails', i, {}) as IDataObject;
	const customer: IDataObject = { name: text(ctx.getNodeParameter('receiverName', i, '')) };
	if (tipoDte === '03') {
		customer.idNumber = text(ctx.getNodeParameter('receiverNit', i, ''));
		customer.nrc = text(ctx.getNodeParameter('receiverNrc', i, ''));
		customer.economicActivity = text(ctx.getNodeParameter('economicActivity', i, '', { extractValue: true }));
	} else {
		customer.idType = text(ctx.getNodeParameter('subjectIdType', i, '13'));
		customer.idNumber = text(ctx.getNodeParameter('subjectIdNumber', i, ''));
		customer.economicActivity = text(details.economicActivityCode);
	}
	customer.department = text(ctx.getNodeParameter('receiverDepartment', i, ''));
	customer.municipality = text(ctx.getNodeParameter('receiverMunicipality', i, ''));
	for (const key of ['address', 'tradeName', 'phone', 'email'] as const) customer[key] = text(details[key]);
	return { customer, activityDescription: text(details.activityDescription) || undefined };
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
		...(text(extra.notes) ? { notes: text(extra.notes) } : {}),
		...(text(extra.externalReference) ? { externalReference: text(extra.externalReference) } : {}),
		...(text(extra.codigoGeneracion) ? { codigoGeneracion: extra.codigoGeneracion } : {}),
	};
}

/** Everything a create of `tipoDte` reads in the Fields mode. */
export function readFields(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte): DteCandidate {
	const invoice: IDataObject = { lines: readLines(ctx.getNodeParameter('lines', i, {}), tipoDte) };
	let activityDescription: string | undefined;
	if (tipoDte === '01' || tipoDte === '05' || tipoDte === '06') {
		const stored = tipoDte !== '01' || ctx.getNodeParameter('receiver', i, 'finalConsumer') === 'storedClient';
		invoice.customer = stored ? { providerId: text(ctx.getNodeParameter('client', i, '', { extractValue: true })) } : {};
	} else {
		const inline = inlineReceiver(ctx, i, tipoDte);
		invoice.customer = inline.customer;
		activityDescription = inline.activityDescription;
	}
	if (tipoDte === '05' || tipoDte === '06') invoice.related = readRelated(ctx, i);
	const { notes, externalReference, ...extras } = readAdditional(ctx, i);
	if (notes) invoice.notes = notes;
	if (externalReference) invoice.externalReference = externalReference;
	return { tipoDte, invoice, ...extras, ...(activityDescription ? { activityDescription } : {}) };
}
