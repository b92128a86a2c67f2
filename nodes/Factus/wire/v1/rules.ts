/**
 * Factus v1's rules that can be checked without asking Factus, on a v1 body — the one the mapper built
 * from an Invoice, or one given as JSON. Two passes: the kind of every known value (text, number, object,
 * list: `customer.names = {"a":1}` or `items[0].name = 42` are refused by name), then v1's own rules (ID
 * types, the NIT check digit, whole quantities, DIAN's tax rates, withholdings…). Problems are reported
 * with v1 paths (`items.0.quantity`) through `report`, which knows which field the user filled in.
 */
import { nitCheckDigit } from '../../../shared/country/colombia';
import { Dec } from '../../../shared/decimal';
import { isIsoDate } from '../../../shared/invoice/model';
import type { Kind } from '../../profile';
import {
	EMAIL_PATTERN,
	ID_TYPES,
	MAX_OBSERVATION,
	NIT_ID,
	NUMERIC_ID_TYPES,
	PAYMENT_METHODS,
	TAX_RATES,
	TRIBUTE_INC,
	TRIBUTE_IVA,
	WITHHOLDINGS,
} from '../../profile';
import { asInteger } from './toBody';

/** Receives one problem of the v1 value at `path` (`''` = the whole body). */
export type Report = (path: string, message: string) => void;

export interface RuleOptions {
	/** Preview only: the reference code is not needed. */
	requireReference?: boolean;
	/** Credit notes resolve `bill_number` to `bill_id` after validation. */
	billNumberAllowed?: boolean;
}

type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

function asDec(v: unknown): Dec | undefined {
	return (typeof v === 'number' || typeof v === 'string') && Dec.isDecimal(v) ? Dec.of(v) : undefined;
}

/* ------------------------------------------------------------------------------------------------ */
/* Kinds of values                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

/** text: a string · scalar: a string or a number (ids, amounts, codes) · flag: a boolean, 0/1 or their text. */
type ValueKind = 'text' | 'scalar' | 'flag' | 'object' | 'list';

const PERSON_KINDS: Record<string, ValueKind> = {
	identification_document_id: 'scalar',
	identification: 'scalar',
	dv: 'scalar',
	company: 'text',
	trade_name: 'text',
	names: 'text',
	address: 'text',
	email: 'text',
	phone: 'scalar',
	legal_organization_id: 'scalar',
	tribute_id: 'scalar',
	municipality_id: 'scalar',
	is_resident: 'flag',
	country_code: 'text',
};

const ITEM_KINDS: Record<string, ValueKind> = {
	code_reference: 'scalar',
	name: 'text',
	quantity: 'scalar',
	discount_rate: 'scalar',
	price: 'scalar',
	tax_rate: 'scalar',
	unit_measure_id: 'scalar',
	standard_code_id: 'scalar',
	is_excluded: 'scalar',
	tribute_id: 'scalar',
	withholding_taxes: 'list',
};

const TOP_KINDS: Record<string, ValueKind> = {
	reference_code: 'scalar',
	numbering_range_id: 'scalar',
	observation: 'text',
	payment_method_code: 'scalar',
	send_email: 'flag',
	items: 'list',
	document: 'scalar',
	payment_form: 'scalar',
	payment_due_date: 'text',
	related_documents: 'list',
	billing_period: 'object',
	correction_concept_code: 'scalar',
	customization_id: 'scalar',
	bill_id: 'scalar',
	bill_number: 'scalar',
	customer: 'object',
	provider: 'object',
};

const DESCRIBE: Record<ValueKind, string> = {
	text: 'text',
	scalar: 'text or a number',
	flag: 'true/false or 1/0',
	object: 'an object',
	list: 'a list',
};

function kindOf(v: unknown): string {
	if (Array.isArray(v)) return 'a list';
	if (v === null) return 'null';
	if (typeof v === 'object') return 'an object';
	if (typeof v === 'string') return 'text';
	if (typeof v === 'number') return 'a number';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	return typeof v;
}

function fits(v: unknown, kind: ValueKind): boolean {
	switch (kind) {
		case 'text':
			return typeof v === 'string';
		case 'scalar':
			return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
		case 'flag':
			return typeof v === 'boolean' || v === 0 || v === 1 || (typeof v === 'string' && ['0', '1', 'true', 'false'].includes(v.trim()));
		case 'object':
			return isObject(v);
		case 'list':
			return Array.isArray(v);
	}
}

/** Checks the kind of each known field of `value`; returns the fields that may be read further. */
function checkKinds(report: Report, prefix: string, value: Obj, kinds: Record<string, ValueKind>): Set<string> {
	const bad = new Set<string>();
	for (const [field, kind] of Object.entries(kinds)) {
		const v = value[field];
		if (v === undefined || v === null) continue;
		if (!fits(v, kind)) {
			bad.add(field);
			report(prefix ? `${prefix}.${field}` : field, `must be ${DESCRIBE[kind]}, not ${kindOf(v)}`);
		}
	}
	return bad;
}

/** A copy of `value` without the fields whose kind was wrong (their problem is already reported). */
function withoutBad(value: Obj, bad: Set<string>): Obj {
	if (bad.size === 0) return value;
	const copy: Obj = { ...value };
	for (const field of bad) delete copy[field];
	return copy;
}

/* ------------------------------------------------------------------------------------------------ */
/* v1 rules                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

class Checker {
	constructor(readonly report: Report) {}

	integer(path: string, v: unknown, min = 1): number | undefined {
		const n = asInteger(v);
		if (n === undefined || n < min) {
			this.report(path, `must be a whole number${min > 0 ? ` of at least ${min}` : ''}`);
			return undefined;
		}
		return n;
	}

	date(path: string, v: unknown) {
		if (typeof v !== 'string' || !isIsoDate(v.trim())) this.report(path, `"${str(v)}" is not a valid date (use YYYY-MM-DD)`);
	}

	percent(path: string, v: unknown, { allowZero }: { allowZero: boolean }): Dec | undefined {
		const d = asDec(v);
		if (!d) {
			this.report(path, `"${str(v)}" is not a number`);
			return undefined;
		}
		if (d.isNegative() || d.cmp(100) > 0 || (!allowZero && d.isZero())) {
			this.report(path, allowZero ? 'must be between 0 and 100' : 'must be greater than 0 and at most 100');
			return undefined;
		}
		if (d.decimals() > 2) {
			this.report(path, 'must have at most 2 decimals');
			return undefined;
		}
		return d;
	}
}

function checkIdentity(p: Checker, at: (field: string) => string, person: Obj): void {
	const typeRaw = person.identification_document_id;
	const type = asInteger(typeRaw);
	if (blank(typeRaw)) p.report(at('identification_document_id'), 'is required');
	else if (type === undefined || !ID_TYPES.some((t) => t.id === type)) {
		const dian = ID_TYPES.find((t) => t.dian === str(typeRaw));
		p.report(
			at('identification_document_id'),
			dian
				? `"${str(typeRaw)}" is a DIAN code; Factus v1 uses its own ids: ${dian.id} for ${dian.label}`
				: `must be a Factus v1 identification type id (1–11), e.g. 3 for CC, 6 for NIT`,
		);
	}
	const number = str(person.identification);
	if (number === '') p.report(at('identification'), 'is required');
	else if (type !== undefined && NUMERIC_ID_TYPES.has(type)) {
		if (type === NIT_ID && /^\d+-\d$/.test(number)) {
			p.report(at('identification'), `write the NIT without its check digit ("${number.split('-')[0]}") and put the DV in its own field`);
		} else if (!/^\d+$/.test(number)) p.report(at('identification'), `"${number}" must contain digits only for this identification type`);
	}
	if (type === NIT_ID && /^\d{16,}$/.test(number)) p.report(at('identification'), 'a NIT has at most 15 digits');
	else if (type === NIT_ID && /^\d+$/.test(number)) {
		const dv = str(person.dv);
		const expected = nitCheckDigit(number);
		if (dv === '') p.report(at('dv'), `is required for a NIT (for ${number} it is ${expected})`);
		else if (dv !== expected) p.report(at('dv'), `"${dv}" is not the check digit of NIT ${number} (DIAN's algorithm gives ${expected})`);
	}
}

function checkPerson(p: Checker, prefix: string, raw: unknown, role: 'customer' | 'provider'): void {
	if (!isObject(raw)) {
		p.report(prefix, 'is required');
		return;
	}
	const person = withoutBad(raw, checkKinds(p.report, prefix, raw, PERSON_KINDS));
	const at = (field: string) => `${prefix}.${field}`;
	checkIdentity(p, at, person);
	const email = str(person.email);
	if (email !== '' && !EMAIL_PATTERN.test(email)) p.report(at('email'), `"${email}" is not a valid e-mail address`);
	if (!blank(person.municipality_id) && asInteger(person.municipality_id) === undefined) {
		p.report(at('municipality_id'), `"${str(person.municipality_id)}" must be a Factus municipality id (a number, e.g. 980 for San Gil)`);
	}
	if (role === 'customer') {
		const organization = str(person.legal_organization_id);
		if (organization === '') p.report(at('legal_organization_id'), 'is required (1 company, 2 person)');
		else if (organization !== '1' && organization !== '2') p.report(at('legal_organization_id'), 'must be 1 (persona jurídica) or 2 (persona natural)');
		const tribute = str(person.tribute_id);
		if (tribute === '') p.report(at('tribute_id'), 'is required (18 IVA responsible, 21 not applicable)');
		else if (tribute !== '18' && tribute !== '21') p.report(at('tribute_id'), 'must be 18 (responsable de IVA) or 21 (no aplica)');
		if (organization === '1' && str(person.company) === '') p.report(at('company'), 'is required for a company (persona jurídica)');
		if (organization === '2' && str(person.names) === '') p.report(at('names'), 'is required for a person (persona natural)');
	} else {
		if (str(person.names) === '' && str(person.company) === '') p.report(at('names'), 'is required');
		const country = str(person.country_code);
		if (country !== '' && !/^[A-Z]{2}$/.test(country)) p.report(at('country_code'), `"${country}" must be a two-letter country code (e.g. CO)`);
	}
}

/** Tax fields of a bill or credit note item; returns whether the item carries IVA (ReteIVA needs it). */
function checkItemTax(p: Checker, at: (field: string) => string, item: Obj): boolean {
	const excluded = str(item.is_excluded);
	if (excluded !== '' && excluded !== '0' && excluded !== '1') p.report(at('is_excluded'), 'must be 0 or 1');
	const tribute = blank(item.tribute_id) ? undefined : p.integer(at('tribute_id'), item.tribute_id);
	if (blank(item.tribute_id)) p.report(at('tribute_id'), 'is required (1 = IVA)');
	const rate = asDec(item.tax_rate);
	if (blank(item.tax_rate)) p.report(at('tax_rate'), 'is required (e.g. "19.00")');
	else if (!rate) p.report(at('tax_rate'), `"${str(item.tax_rate)}" is not a number`);
	else if (excluded === '1' && !rate.isZero()) p.report(at('tax_rate'), `must be "0.00" for an item excluded from tax (is_excluded 1), not "${str(item.tax_rate)}"`);
	else if (tribute !== undefined && TAX_RATES[tribute] && !TAX_RATES[tribute].includes(rate.toString())) {
		const name = tribute === TRIBUTE_IVA ? 'IVA' : tribute === TRIBUTE_INC ? 'INC' : 'tax';
		p.report(at('tax_rate'), `"${str(item.tax_rate)}" is not a DIAN ${name} rate; use ${TAX_RATES[tribute].map((r) => `"${Dec.of(r).toFixed(2)}"`).join(', ')}`);
	} else if (rate.isNegative() || rate.cmp(100) > 0 || rate.decimals() > 2) p.report(at('tax_rate'), 'must be between 0 and 100 with at most 2 decimals');
	return tribute === TRIBUTE_IVA && excluded !== '1' && !!rate && rate.cmp(0) > 0;
}

function checkWithholdings(p: Checker, at: (field: string) => string, withholdings: unknown[], lineHasTax: boolean, taxed: boolean): void {
	const seen = new Set<string>();
	withholdings.forEach((w, j) => {
		const base = `${at('withholding_taxes')}.${j}`;
		if (!isObject(w)) {
			p.report(base, 'must be an object');
			return;
		}
		const entry = withoutBad(w, checkKinds(p.report, base, w, { code: 'scalar', withholding_tax_rate: 'scalar' }));
		const code = str(entry.code);
		if (!WITHHOLDINGS[code]) p.report(`${base}.code`, `"${code}" is not a v1 withholding code: use "05" ReteIVA, "06" ReteRenta or "07" ReteICA`);
		else if (seen.has(code)) p.report(`${base}.code`, `${WITHHOLDINGS[code].name} appears twice on this item`);
		else if (code === '05' && !lineHasTax) {
			p.report(`${base}.code`, taxed ? "ReteIVA is a share of the item's IVA, and this item has none" : 'ReteIVA does not apply: a support document carries no IVA');
		}
		seen.add(code);
		p.percent(`${base}.withholding_tax_rate`, entry.withholding_tax_rate, { allowZero: false });
	});
}

function checkItem(p: Checker, raw: unknown, i: number, taxed: boolean): void {
	if (!isObject(raw)) {
		p.report(`items.${i}`, 'must be an object');
		return;
	}
	const at = (field: string) => `items.${i}.${field}`;
	const item = withoutBad(raw, checkKinds(p.report, `items.${i}`, raw, ITEM_KINDS));
	if (str(item.name) === '') p.report(at('name'), 'is required');
	const quantity = asDec(item.quantity);
	if (blank(item.quantity)) p.report(at('quantity'), 'is required');
	else if (!quantity) p.report(at('quantity'), `"${str(item.quantity)}" is not a number`);
	else if (!quantity.isInteger()) p.report(at('quantity'), `${quantity.toString()} is not a whole number; Factus v1 accepts whole quantities only`);
	else if (quantity.cmp(1) < 0) p.report(at('quantity'), 'must be at least 1');
	const price = asDec(item.price);
	if (blank(item.price)) p.report(at('price'), 'is required');
	else if (!price) p.report(at('price'), `"${str(item.price)}" is not a number`);
	else if (price.cmp(0) <= 0) p.report(at('price'), "must be greater than 0 (Factus v1 has no field for a free item's reference price)");
	else if (price.decimals() > 2) p.report(at('price'), `${price.toString()} has more than 2 decimals`);
	if (!blank(item.discount_rate)) p.percent(at('discount_rate'), item.discount_rate, { allowZero: true });
	if (blank(item.unit_measure_id)) p.report(at('unit_measure_id'), 'is required (70 = unidad)');
	else p.integer(at('unit_measure_id'), item.unit_measure_id);
	const standard = asInteger(item.standard_code_id);
	if (blank(item.standard_code_id)) p.report(at('standard_code_id'), 'is required (1 = own code)');
	else if (standard === undefined || standard < 1 || standard > 4) p.report(at('standard_code_id'), 'must be 1 (own), 2 (UNSPSC), 3 (tariff heading) or 4 (GTIN)');

	let lineHasTax = false;
	if (taxed) lineHasTax = checkItemTax(p, at, item);
	else {
		for (const field of ['tax_rate', 'tribute_id', 'is_excluded']) {
			if (!blank(item[field]) && !(field !== 'tribute_id' && Dec.isDecimal(item[field]) && Dec.of(item[field] as string).isZero())) {
				p.report(at(field), 'does not apply: a support document carries no tax (its seller is not responsible for IVA)');
			}
		}
	}
	if (Array.isArray(item.withholding_taxes)) checkWithholdings(p, at, item.withholding_taxes, lineHasTax, taxed);
}

function checkItems(p: Checker, items: unknown, taxed: boolean): void {
	if (!Array.isArray(items) || items.length === 0) {
		p.report('items', 'needs at least one item');
		return;
	}
	items.forEach((raw, i) => checkItem(p, raw, i, taxed));
}

function checkCommon(p: Checker, body: Obj, options: RuleOptions): void {
	if (options.requireReference !== false && blank(body.reference_code)) {
		p.report('reference_code', 'is required — your unique code for this document, and what prevents a duplicate');
	}
	if (!blank(body.numbering_range_id)) p.integer('numbering_range_id', body.numbering_range_id);
	if (typeof body.observation === 'string' && body.observation.length > MAX_OBSERVATION) {
		p.report('observation', `has ${body.observation.length} characters; Factus accepts at most ${MAX_OBSERVATION}`);
	}
	if (!blank(body.payment_method_code) && !PAYMENT_METHODS.some((m) => m.code === str(body.payment_method_code))) {
		p.report('payment_method_code', `"${str(body.payment_method_code)}" is not a payment method code (${PAYMENT_METHODS.map((m) => m.code).join(', ')})`);
	}
}

function checkRelated(p: Checker, related: unknown[]): void {
	related.forEach((r, i) => {
		const base = `related_documents.${i}`;
		if (!isObject(r)) {
			p.report(base, 'must be an object');
			return;
		}
		const doc = withoutBad(r, checkKinds(p.report, base, r, { code: 'text', number: 'scalar', issue_date: 'text' }));
		if (str(doc.code) === '') p.report(`${base}.code`, 'is required');
		if (str(doc.number) === '') p.report(`${base}.number`, 'is required');
		if (blank(doc.issue_date)) p.report(`${base}.issue_date`, 'is required');
		else p.date(`${base}.issue_date`, doc.issue_date);
	});
}

function checkBillingPeriod(p: Checker, raw: Obj): void {
	const period = withoutBad(raw, checkKinds(p.report, 'billing_period', raw, { start_date: 'text', start_time: 'text', end_date: 'text', end_time: 'text' }));
	for (const field of ['start_date', 'end_date']) {
		if (blank(period[field])) p.report(`billing_period.${field}`, 'is required');
		else p.date(`billing_period.${field}`, period[field]);
	}
	for (const field of ['start_time', 'end_time']) {
		if (!blank(period[field]) && !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(str(period[field]))) p.report(`billing_period.${field}`, 'must be HH:mm:ss');
	}
	if (isIsoDate(str(period.start_date)) && isIsoDate(str(period.end_date)) && str(period.end_date) < str(period.start_date)) {
		p.report('billing_period.end_date', 'is before the start date');
	}
}

function checkBill(p: Checker, body: Obj): void {
	const document = str(body.document);
	if (document !== '' && document !== '01' && document !== '03') p.report('document', `"${document}" must be "01" (sales invoice) or "03" (transmission instrument)`);
	const form = str(body.payment_form);
	if (form !== '' && form !== '1' && form !== '2') p.report('payment_form', 'must be "1" (cash) or "2" (credit)');
	if (form === '2' && blank(body.payment_due_date)) p.report('payment_due_date', 'is required when the payment form is credit ("2")');
	if (!blank(body.payment_due_date)) p.date('payment_due_date', body.payment_due_date);
	const related = body.related_documents;
	if (document === '03' && (!Array.isArray(related) || related.length === 0)) {
		p.report('related_documents', 'is required for document "03": the paper invoice(s) it transmits');
	}
	if (Array.isArray(related)) checkRelated(p, related);
	if (isObject(body.billing_period)) checkBillingPeriod(p, body.billing_period);
	checkPerson(p, 'customer', body.customer, 'customer');
	checkItems(p, body.items, true);
}

function checkCreditNote(p: Checker, body: Obj, options: RuleOptions): void {
	const concept = asInteger(body.correction_concept_code);
	if (blank(body.correction_concept_code)) p.report('correction_concept_code', 'is required');
	else if (concept === undefined || concept < 1 || concept > 5) {
		p.report('correction_concept_code', 'must be 1 to 5 (1 partial return, 2 annulment, 3 discount, 4 price adjustment, 5 other)');
	}
	const customization = str(body.customization_id);
	if (customization === '') p.report('customization_id', 'is required (20 with a bill, 22 without)');
	else if (customization !== '20' && customization !== '22') p.report('customization_id', 'must be 20 (references a bill) or 22 (no bill)');
	const hasBill = !blank(body.bill_id) || (options.billNumberAllowed === true && !blank(body.bill_number));
	if (customization === '20' && !hasBill) p.report('bill_id', 'is required when the credit note references a bill (customization 20): give the bill number');
	if (!blank(body.bill_id)) p.integer('bill_id', body.bill_id);
	if (body.customer !== undefined) checkPerson(p, 'customer', body.customer, 'customer');
	else if (customization === '22') p.report('customer', 'is required for a credit note without a bill (customization 22)');
	checkItems(p, body.items, true);
}

/** Every v1 rule knowable without asking Factus, reported with v1 paths (`items.0.quantity`). */
export function checkV1(kind: Kind, raw: unknown, report: Report, options: RuleOptions = {}): void {
	const p = new Checker(report);
	if (!isObject(raw)) {
		report('', 'must be a JSON object');
		return;
	}
	const kinds = Object.fromEntries(
		Object.entries(TOP_KINDS).filter(([field]) => (kind === 'supportDocument' ? field !== 'customer' : field !== 'provider')),
	);
	const body = withoutBad(raw, checkKinds(report, '', raw, kinds));
	checkCommon(p, body, options);
	if (kind === 'bill') checkBill(p, body);
	else if (kind === 'creditNote') checkCreditNote(p, body, options);
	else {
		checkPerson(p, 'provider', body.provider, 'provider');
		checkItems(p, body.items, false);
	}
}

/** The v1 rules as a list of `{path, message}` (v1 paths), for callers that need no labels. */
export function v1Problems(kind: Kind, body: unknown, options: RuleOptions = {}): Array<{ path: string; message: string }> {
	const found: Array<{ path: string; message: string }> = [];
	checkV1(kind, body, (path, message) => found.push({ path, message }), options);
	return found;
}
