/**
 * The node's parameters → a DTE draft built on the package's neutral types (Customer, InvoiceLine,
 * related document), validated with every rule knowable before sending. `body.ts` turns a draft into
 * Factuconect's request body.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import type { ValidationProblem } from '../../../shared/errors';
import { Dec } from '../../../shared/decimal';
import { invoiceLineSchema, isIsoDate, parseWith } from '../../../shared/invoice/model';
import type { Customer, InvoiceLine } from '../../../shared/invoice/model';
import { fixedCollectionEntries } from '../../../shared/params';
import { IVA_RATE, ITEM_DECIMALS } from '../../profile';
import {
	checkActivityCode,
	checkCodigoGeneracion,
	checkEmail,
	checkIdNumber,
	checkNit,
	checkNrc,
	checkPhone,
	ID_TYPES,
} from '../../rules';
import type { TipoDte } from '../../rules';

export interface DteDraft {
	tipoDte: TipoDte;
	/** Absent for a Factura to a final consumer. `providerId` = Factuconect idCliente. */
	customer?: Customer;
	activityDescription?: string;
	lines: InvoiceLine[];
	condicionOperacion: '1' | '2' | '3';
	notes?: string;
	related?: { documentType: '01' | '03'; authorityId: string; issueDate: string };
	/** A codigoGeneracion proposed by the issuer (the user's, or one this node generates). */
	codigoGeneracion?: string;
	externalReference?: string;
}

const MAX_LINES = 2000;
const MAX_DESCRIPTION = 1000;
const MAX_NOTES = 3000;

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

/** UI lines (`lines.line[]`) → neutral lines, with MH's item rules. */
export function readLines(raw: unknown, tipoDte: TipoDte, problems: ValidationProblem[]): InvoiceLine[] {
	const entries = Array.isArray(raw) ? (raw as IDataObject[]) : fixedCollectionEntries(raw, 'line');
	const candidate = entries.map((entry) => {
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
	const parsed = parseWith(z.array(invoiceLineSchema).min(1, 'needs at least one line'), candidate, 'lines');
	if (!parsed.ok) {
		problems.push(...parsed.problems);
		return [];
	}
	const lines = parsed.value;
	if (lines.length > MAX_LINES) problems.push({ path: 'lines', message: `MH accepts at most ${MAX_LINES} lines, got ${lines.length}` });
	lines.forEach((line, index) => {
		const path = `lines.${index}`;
		for (const [field, value] of [
			['quantity', line.quantity],
			['unitPrice', line.unitPrice],
			['discountAmount', line.discountAmount],
		] as const) {
			if (value !== undefined && Dec.of(value).decimals() > ITEM_DECIMALS) {
				problems.push({ path: `${path}.${field}`, message: `MH accepts at most ${ITEM_DECIMALS} decimals` });
			}
		}
		if (line.description.length > MAX_DESCRIPTION) {
			problems.push({ path: `${path}.description`, message: `must have at most ${MAX_DESCRIPTION} characters` });
		}
		if (line.discountAmount !== undefined && Dec.of(line.discountAmount).cmp(Dec.of(line.quantity).mul(line.unitPrice)) > 0) {
			problems.push({ path: `${path}.discountAmount`, message: 'must not be more than quantity × unit price' });
		}
		if (line.unit !== undefined && !/^\d{1,3}$/.test(line.unit)) {
			problems.push({ path: `${path}.unit`, message: `"${line.unit}" is not an MH unit of measure code (59 = unit)` });
		}
	});
	return lines;
}

/** A stored client's id (Factuconect idCliente): a positive whole number. */
export function checkClientId(value: unknown, path: string, problems: ValidationProblem[]): string | undefined {
	const id = text(value);
	if (id === '') {
		problems.push({ path, message: 'is required: choose a client (Client → Get Many lists their ids)' });
		return undefined;
	}
	if (!/^\d+$/.test(id) || Number(id) === 0) {
		problems.push({ path, message: `"${id}" is not a client id (a number from Client → Get Many)` });
		return undefined;
	}
	return id;
}

function readInlineReceiver(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte, problems: ValidationProblem[]) {
	const details = ctx.getNodeParameter('receiverDetails', i, {}) as IDataObject;
	const customer: Partial<Customer> = {};
	const name = text(ctx.getNodeParameter('receiverName', i, ''));
	if (name === '') problems.push({ path: 'receiverName', message: 'is required' });
	else if (name.length > 250) problems.push({ path: 'receiverName', message: 'must have at most 250 characters' });
	customer.name = name;

	if (tipoDte === '03') {
		customer.idType = '36';
		const nit = text(ctx.getNodeParameter('receiverNit', i, ''));
		if (nit === '') problems.push({ path: 'receiverNit', message: 'is required for a CCF' });
		else customer.idNumber = checkNit(nit, 'receiverNit', problems);
		const nrc = text(ctx.getNodeParameter('receiverNrc', i, ''));
		if (nrc === '') problems.push({ path: 'receiverNrc', message: 'is required for a CCF' });
		else customer.nrc = checkNrc(nrc, 'receiverNrc', problems);
		const activity = text(ctx.getNodeParameter('economicActivity', i, '', { extractValue: true }));
		if (activity === '') problems.push({ path: 'economicActivity', message: "is required for a CCF (the receiver's economic activity)" });
		else customer.economicActivity = checkActivityCode(activity, 'economicActivity', problems);
	} else {
		const idType = text(ctx.getNodeParameter('subjectIdType', i, '13'));
		if (!(idType in ID_TYPES)) {
			problems.push({ path: 'subjectIdType', message: `"${idType}" is not an MH document type (36 NIT, 13 DUI, 37, 03, 02)` });
		}
		customer.idType = idType;
		const number = text(ctx.getNodeParameter('subjectIdNumber', i, ''));
		if (number === '') problems.push({ path: 'subjectIdNumber', message: 'is required' });
		else customer.idNumber = checkIdNumber(idType, number, 'subjectIdNumber', problems);
		const activity = text(details.economicActivityCode);
		if (activity) customer.economicActivity = checkActivityCode(activity, 'receiverDetails.economicActivityCode', problems);
	}

	const department = text(ctx.getNodeParameter('receiverDepartment', i, ''));
	const municipality = text(ctx.getNodeParameter('receiverMunicipality', i, ''));
	if (department && !/^\d{2}$/.test(department)) {
		problems.push({ path: 'receiverDepartment', message: `"${department}" is not an MH department code (01–14)` });
	}
	if (municipality && !department) problems.push({ path: 'receiverMunicipality', message: 'needs the department too' });
	if (municipality && !/^\d{2}$/.test(municipality)) {
		problems.push({ path: 'receiverMunicipality', message: `"${municipality}" is not an MH municipality code (two digits)` });
	}
	if (department) customer.department = department;
	if (municipality) customer.municipality = municipality;
	if (text(details.address)) customer.address = text(details.address);
	if (text(details.tradeName)) customer.tradeName = text(details.tradeName);
	if (text(details.phone)) {
		checkPhone(text(details.phone), 'receiverDetails.phone', problems);
		customer.phone = text(details.phone);
	}
	if (text(details.email)) {
		checkEmail(text(details.email), 'receiverDetails.email', problems);
		customer.email = text(details.email);
	}
	return { customer: customer as Customer, activityDescription: text(details.activityDescription) || undefined };
}

/** Reads and validates everything a create needs; problems collect every issue found. */
export function readDraft(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte, problems: ValidationProblem[]): DteDraft {
	const draft: DteDraft = {
		tipoDte,
		lines: readLines(ctx.getNodeParameter('lines', i, {}), tipoDte, problems),
		condicionOperacion: '1',
	};

	if (tipoDte === '01' || tipoDte === '05' || tipoDte === '06') {
		const stored = tipoDte !== '01' || ctx.getNodeParameter('receiver', i, 'finalConsumer') === 'storedClient';
		if (stored) {
			const id = checkClientId(ctx.getNodeParameter('client', i, '', { extractValue: true }), 'client', problems);
			if (id) draft.customer = { idType: '', idNumber: '', name: '', providerId: id };
		}
	} else {
		const inline = readInlineReceiver(ctx, i, tipoDte, problems);
		draft.customer = inline.customer;
		draft.activityDescription = inline.activityDescription;
	}

	if (tipoDte === '05' || tipoDte === '06') draft.related = readRelated(ctx, i, problems);

	applyAdditionalFields(ctx, i, draft, problems);
	return draft;
}

/** The document a note corrects (Related Document Type, codigoGeneracion, Emission Date). */
export function readRelated(ctx: IExecuteFunctions, i: number, problems: ValidationProblem[]): DteDraft['related'] {
	const documentType = text(ctx.getNodeParameter('relatedType', i, '03'));
	if (documentType !== '03' && documentType !== '01') {
		problems.push({ path: 'relatedType', message: `"${documentType}" is not a document a note can reference (03 CCF or 01 Factura)` });
	}
	const authorityId = checkCodigoGeneracion(ctx.getNodeParameter('relatedCode', i, ''), 'relatedCode', problems);
	const issueDate = text(ctx.getNodeParameter('relatedDate', i, ''));
	if (!isIsoDate(issueDate)) {
		problems.push({
			path: 'relatedDate',
			message: issueDate ? `"${issueDate}" is not a date (YYYY-MM-DD)` : "is required (the referenced document's fecEmi, YYYY-MM-DD)",
		});
	}
	if (authorityId && isIsoDate(issueDate) && (documentType === '03' || documentType === '01')) {
		return { documentType, authorityId, issueDate };
	}
	return undefined;
}

/** Additional Fields of every create (payment condition, notes, External Reference, codigoGeneracion) onto a draft. */
export function applyAdditionalFields(ctx: IExecuteFunctions, i: number, draft: DteDraft, problems: ValidationProblem[]): void {
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	if (extra.condicionOperacion !== undefined) {
		const condition = text(extra.condicionOperacion);
		if (condition === '1' || condition === '2' || condition === '3') draft.condicionOperacion = condition;
		else problems.push({ path: 'additionalFields.condicionOperacion', message: 'must be 1 (cash), 2 (credit) or 3 (other)' });
	}
	const notes = text(extra.notes);
	if (notes.length > MAX_NOTES) problems.push({ path: 'additionalFields.notes', message: `must have at most ${MAX_NOTES} characters` });
	if (notes) draft.notes = notes;
	const reference = text(extra.externalReference);
	if (reference.length > 100) problems.push({ path: 'additionalFields.externalReference', message: 'must have at most 100 characters' });
	if (reference) draft.externalReference = reference;
	if (text(extra.codigoGeneracion)) {
		draft.codigoGeneracion = checkCodigoGeneracion(extra.codigoGeneracion, 'additionalFields.codigoGeneracion', problems, {
			newDocument: true,
		});
	}
}
