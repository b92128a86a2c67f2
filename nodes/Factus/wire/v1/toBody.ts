/**
 * Factus API v1 wire format: a typed neutral Invoice (plus what v1 needs beyond it) → the v1 body of a
 * bill, credit note or support document. A `wire/v2/` can sit beside this folder: outside `wire/`, only
 * the code that reads Factus's answers knows v1's field names.
 *
 * Every value the mapper writes is recorded with the field it came from (`origins`: v1 path → the
 * invoice's path), so a problem v1's rules find later is reported on the field the user filled in, with
 * Factus's path next to it — no table translating paths back afterwards.
 *
 * Sources: ../shared/providers/factus.md (v1 sections) and seed 001 (field table and examples).
 */
import type { IDataObject } from 'n8n-workflow';

import { colombiaDate } from '../../../shared/country/colombia';
import { Dec } from '../../../shared/decimal';
import type { Customer, IdentifiedInvoice, InvoiceLine } from '../../../shared/invoice/model';
import type { Kind } from '../../profile';
import { DEFAULT_UNIT_ID, NIT_ID, TRIBUTE_IVA } from '../../profile';

/** A neutral invoice as v1 documents take it: a credit note may leave the customer to the bill it credits. */
export type V1Invoice = Omit<IdentifiedInvoice, 'customer'> & { customer?: Customer };

/** What a v1 body needs beyond the neutral Invoice (fields only Factus has). */
export interface V1Extras {
	referenceCode?: string;
	numberingRangeId?: number | string;
	/** Bill `document`: "01" (default) or "03". */
	document?: string;
	relatedDocuments?: Array<{ code: string; issue_date: string; number: string }>;
	billingPeriod?: IDataObject;
	sendEmail?: boolean;
	/** Per line: v1 tribute (1 IVA, 4 INC) and standard code. */
	lines?: Array<{ tributeId?: number; standardCodeId?: number } | undefined>;
	/** Credit notes. */
	correctionConceptCode?: number | string;
	customizationId?: number | string;
	billNumber?: string;
	/** Support documents: the seller lives in Colombia (default) or abroad. */
	isResident?: boolean;
}

/** A problem of the mapping itself (something v1 cannot express), on the invoice's path. */
export interface MappingProblem {
	path: string;
	message: string;
}

export interface V1Draft {
	body: IDataObject;
	/** v1 path (`items.0.price`) → the path of the field it came from (`lines.0.unitPrice`). */
	origins: Map<string, string>;
	problems: MappingProblem[];
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

export function asInteger(v: unknown): number | undefined {
	if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
	if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
	return undefined;
}

function asDec(v: unknown): Dec | undefined {
	return (typeof v === 'number' || typeof v === 'string') && Dec.isDecimal(v) ? Dec.of(v) : undefined;
}

/** "19" / 19 / "19.0" → "19.00"; anything else unchanged (the rules then say what is wrong). */
export function rateText(v: unknown): unknown {
	const d = asDec(v);
	return d && d.decimals() <= 2 ? d.toFixed(2) : v;
}

/** Decimal text → JSON number when it is exact (≤ 2 decimals), else the text (the rules say what is wrong). */
function amountNumber(v: unknown): unknown {
	const d = asDec(v);
	return d && d.decimals() <= 2 ? d.toNumber() : v;
}

/** Today in Colombia (UTC−5 all year) as YYYY-MM-DD. */
export function colombiaToday(now = Date.now()): string {
	return colombiaDate(now);
}

/** Writes v1 values and remembers where each came from. */
class Writer {
	readonly origins = new Map<string, string>();

	put(target: IDataObject, v1Path: string, value: unknown, from: string): void {
		const key = v1Path.slice(v1Path.lastIndexOf('.') + 1);
		target[key] = value as IDataObject[string];
		this.origins.set(v1Path, from);
	}

	/** Records a container (`customer`, `items.0`) or a value written by a spread. */
	from(v1Path: string, from: string): void {
		this.origins.set(v1Path, from);
	}
}

/** v1 person field → the customer field it comes from (the seller's, on a support document). */
const PERSON_ORIGINS: Array<[string, string]> = [
	['identification_document_id', 'idType'],
	['identification', 'idNumber'],
	['dv', 'dv'],
	['company', 'name'],
	['names', 'name'],
	['trade_name', 'tradeName'],
	['legal_organization_id', 'personType'],
	['tribute_id', 'taxScheme'],
	['is_resident', 'isResident'],
	['country_code', 'country'],
	['address', 'address'],
	['email', 'email'],
	['phone', 'phone'],
	['municipality_id', 'municipality'],
];

function person(w: Writer, kind: Kind, customer: Customer, prefix: string, isResident: boolean | undefined): IDataObject {
	const out: IDataObject = {};
	const put = (field: string, value: unknown) => w.put(out, `${prefix}.${field}`, value, w.origins.get(`${prefix}.${field}`) ?? prefix);
	const idType = asInteger(customer.idType);
	put('identification_document_id', idType ?? customer.idType);
	put('identification', str(customer.idNumber));
	if (!blank(customer.dv)) put('dv', str(customer.dv));
	const name = str(customer.name);
	if (kind === 'supportDocument') {
		put('names', name);
		if (!blank(customer.tradeName)) put('trade_name', str(customer.tradeName));
		put('is_resident', isResident === false ? 0 : 1);
		put('country_code', str(customer.country).toUpperCase() || 'CO');
	} else {
		const legal = (customer.personType ?? (idType === NIT_ID ? 'legal' : 'natural')) === 'legal';
		put('company', legal ? name : '');
		put('trade_name', str(customer.tradeName));
		put('names', legal ? '' : name);
		put('legal_organization_id', legal ? 1 : 2);
		put('tribute_id', asInteger(customer.taxScheme) ?? (blank(customer.taxScheme) ? 21 : customer.taxScheme));
	}
	if (!blank(customer.address)) put('address', str(customer.address));
	if (!blank(customer.email)) put('email', str(customer.email));
	if (!blank(customer.phone)) put('phone', str(customer.phone));
	if (!blank(customer.municipality)) put('municipality_id', asInteger(customer.municipality) ?? customer.municipality);
	return out;
}

function item(w: Writer, kind: Kind, line: InvoiceLine, i: number, extra: { tributeId?: number; standardCodeId?: number }, problems: MappingProblem[]): IDataObject {
	const out: IDataObject = {};
	const at = (field: string) => `items.${i}.${field}`;
	const put = (field: string, value: unknown, from: string) => w.put(out, at(field), value, `lines.${i}.${from}`);
	w.from(`items.${i}`, `lines.${i}`);
	if (line.pricesIncludeTax === false) {
		problems.push({ path: `lines.${i}.pricesIncludeTax`, message: 'must not be false: Factus v1 takes unit prices including tax' });
	}
	if (line.discountAmount !== undefined && !(asDec(line.discountAmount)?.isZero() ?? false)) {
		problems.push({ path: `lines.${i}.discountAmount`, message: 'is not supported by Factus v1: give the discount as a percentage (discountRate)' });
	}
	if (!blank(line.code)) put('code_reference', str(line.code), 'code');
	put('name', str(line.description), 'description');
	put('quantity', amountNumber(line.quantity), 'quantity');
	put('discount_rate', line.discountRate === undefined ? 0 : amountNumber(line.discountRate), 'discountRate');
	put('price', amountNumber(line.unitPrice), 'unitPrice');
	put('unit_measure_id', blank(line.unit) ? DEFAULT_UNIT_ID : (asInteger(line.unit) ?? line.unit), 'unit');
	put('standard_code_id', extra.standardCodeId ?? 1, 'standardCodeId');
	w.from(at('withholding_taxes'), `lines.${i}.withholdings`);
	out.withholding_taxes = (line.withholdings ?? []).map((withholding, j) => {
		const entry: IDataObject = {};
		const base = `${at('withholding_taxes')}.${j}`;
		w.from(base, `lines.${i}.withholdings.${j}`);
		w.put(entry, `${base}.code`, str(withholding.code), `lines.${i}.withholdings.${j}.code`);
		w.put(entry, `${base}.withholding_tax_rate`, rateText(withholding.rate), `lines.${i}.withholdings.${j}.rate`);
		return entry;
	});
	if (kind !== 'supportDocument') {
		const excluded = line.taxExcluded === true;
		put('tax_rate', excluded ? '0.00' : rateText(line.taxRate), 'taxRate');
		put('is_excluded', excluded ? 1 : 0, 'taxExcluded');
		put('tribute_id', extra.tributeId ?? TRIBUTE_IVA, 'tributeId');
	}
	return out;
}

function invoiceProblems(invoice: V1Invoice, today: string): MappingProblem[] {
	const problems: MappingProblem[] = [];
	if (invoice.pricesIncludeTax === false) problems.push({ path: 'pricesIncludeTax', message: 'must not be false: Factus v1 takes unit prices including tax' });
	if (!blank(invoice.currency) && str(invoice.currency).toUpperCase() !== 'COP') {
		problems.push({ path: 'currency', message: `"${str(invoice.currency)}" is not supported: Factus v1 documents are in COP` });
	}
	if (!blank(invoice.issueDate) && str(invoice.issueDate) !== today) {
		problems.push({ path: 'issueDate', message: `must be empty or today (${today}): Factus v1 issues every document with the current date` });
	}
	return problems;
}

function billFields(w: Writer, body: IDataObject, invoice: V1Invoice, extras: V1Extras): void {
	w.put(body, 'document', extras.document ?? '01', 'document');
	w.put(body, 'payment_form', invoice.payment?.form === 'credit' ? '2' : '1', 'payment.form');
	if (!blank(invoice.payment?.dueDate)) w.put(body, 'payment_due_date', str(invoice.payment?.dueDate), 'payment.dueDate');
	const related = invoice.related;
	if (extras.relatedDocuments?.length) {
		w.put(body, 'related_documents', extras.relatedDocuments, 'related');
		extras.relatedDocuments.forEach((_r, i) => {
			w.from(`related_documents.${i}`, 'related');
			w.from(`related_documents.${i}.code`, 'related.documentType');
			w.from(`related_documents.${i}.issue_date`, 'related.issueDate');
			w.from(`related_documents.${i}.number`, 'related.number');
		});
	} else if (related && body.document === '03') {
		w.put(
			body,
			'related_documents',
			[{ code: str(related.documentType) || 'Factura de talonario o de papel', issue_date: str(related.issueDate), number: str(related.number) }],
			'related',
		);
		w.from('related_documents.0', 'related');
		w.from('related_documents.0.code', 'related.documentType');
		w.from('related_documents.0.issue_date', 'related.issueDate');
		w.from('related_documents.0.number', 'related.number');
	}
	if (extras.billingPeriod && Object.keys(extras.billingPeriod).length) {
		w.put(body, 'billing_period', extras.billingPeriod, 'billing_period');
		for (const key of Object.keys(extras.billingPeriod)) w.from(`billing_period.${key}`, `billing_period.${key}`);
	}
	if (extras.sendEmail !== undefined) w.put(body, 'send_email', extras.sendEmail, 'sendEmail');
}

function creditNoteFields(w: Writer, body: IDataObject, invoice: V1Invoice, extras: V1Extras): void {
	const related = invoice.related ?? {};
	const concept = extras.correctionConceptCode ?? related.reasonCode;
	w.put(body, 'correction_concept_code', asInteger(concept) ?? concept, 'correctionConceptCode');
	w.put(body, 'customization_id', asInteger(extras.customizationId) ?? extras.customizationId ?? 20, 'customizationId');
	// A Bill Number that is not text (an expression gave an object) goes as it is: v1's check refuses it by name.
	const given: unknown = extras.billNumber;
	const billNumber = given !== null && typeof given === 'object' ? given : str(given) || str(related.number);
	if (billNumber !== '') w.put(body, 'bill_number', billNumber, 'billNumber');
	if (!blank(related.providerId)) w.put(body, 'bill_id', asInteger(related.providerId) ?? related.providerId, 'billNumber');
	if (extras.sendEmail !== undefined) w.put(body, 'send_email', extras.sendEmail, 'sendEmail');
}

/**
 * The v1 body of `invoice`, with where each value came from and what v1 cannot express. Nothing is
 * thrown: v1's rules (rules.ts) check the body next, and every problem is reported together.
 */
/**
 * v1 top-level field → the field it comes from, recorded whether or not the body gets a value: a rule
 * about a missing value ("payment_due_date is required…") is then reported on the field to fill in.
 */
const TOP_ORIGINS: Array<[string, string]> = [
	['reference_code', 'externalReference'],
	['numbering_range_id', 'numberingRangeId'],
	['observation', 'notes'],
	['payment_method_code', 'payment.method'],
	['document', 'document'],
	['payment_form', 'payment.form'],
	['payment_due_date', 'payment.dueDate'],
	['related_documents', 'related'],
	['billing_period', 'billing_period'],
	['send_email', 'sendEmail'],
	['correction_concept_code', 'correctionConceptCode'],
	['customization_id', 'customizationId'],
	['bill_id', 'billNumber'],
	['bill_number', 'billNumber'],
	['items', 'lines'],
];

export function toBody(kind: Kind, invoice: V1Invoice, extras: V1Extras = {}, today = colombiaToday()): V1Draft {
	const w = new Writer();
	const personKey = kind === 'supportDocument' ? 'provider' : 'customer';
	for (const [field, from] of TOP_ORIGINS) w.from(field, from);
	w.from(personKey, 'customer');
	for (const [field, from] of PERSON_ORIGINS) w.from(`${personKey}.${field}`, `customer.${from}`);
	const problems = invoiceProblems(invoice, today);
	const body: IDataObject = {};
	const reference = str(extras.referenceCode) || str(invoice.externalReference);
	if (reference !== '') w.put(body, 'reference_code', reference, 'externalReference');
	if (!blank(extras.numberingRangeId) && String(extras.numberingRangeId) !== '0') {
		w.put(body, 'numbering_range_id', asInteger(extras.numberingRangeId) ?? extras.numberingRangeId, 'numberingRangeId');
	}
	if (!blank(invoice.notes)) w.put(body, 'observation', String(invoice.notes), 'notes');
	w.put(body, 'payment_method_code', str(invoice.payment?.method) || '10', 'payment.method');

	if (kind === 'bill') billFields(w, body, invoice, extras);
	else if (kind === 'creditNote') creditNoteFields(w, body, invoice, extras);
	if (invoice.customer) body[personKey] = person(w, kind, invoice.customer, personKey, extras.isResident);

	body.items = invoice.lines.map((line, i) => item(w, kind, line, i, extras.lines?.[i] ?? {}, problems));
	return { body, origins: w.origins, problems };
}
