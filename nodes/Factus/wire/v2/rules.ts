/**
 * The local check of a v2 create, whatever the input mode: Fields mode and Shopify build a v2 body and
 * JSON mode takes one as Factus documents it; all of them pass through `checkV2Body`, so the same body is
 * refused the same way. Every problem goes into the shared `Problems` collector under Factus's path
 * (`items.0.price`) with the field the user sees as its label when the input had fields. Sources: the v2
 * field tables (facturas/crear-y-validar.md, notas-*, documentos-soporte/*) and docs/factus-v2-notes.md.
 */
import type { IDataObject } from 'n8n-workflow';

import { Dec } from '../../../shared/decimal';
import { forbiddenKeys, textProblem, zeroValueLines } from '../../../shared/invoice/fit';
import type { Invoice } from '../../../shared/invoice/model';
import { Problems as Collected } from '../../../shared/invoice/problems';
import { isIsoDate } from '../../../shared/invoice/model';
import type { Problems } from '../../../shared/invoice/problems';
import type { CodeName } from '../../data';
import {
	ADJUSTMENT_NOTE_CORRECTION_CONCEPTS,
	ALLOWANCE_CHARGE_CONCEPTS,
	BILL_DOCUMENT_TYPES,
	countryByCode,
	CREDIT_NOTE_CORRECTION_CONCEPTS,
	CREDIT_NOTE_OPERATION_TYPES,
	currencyByCode,
	CUSTOMER_TRIBUTES,
	DEBIT_NOTE_CORRECTION_CONCEPTS,
	DEBIT_NOTE_OPERATION_TYPES,
	FISCAL_RESPONSIBILITIES,
	IDENTIFICATION_DOCUMENT_TYPES,
	LEGAL_ORGANIZATIONS,
	municipalityByCode,
	OPERATION_TYPES,
	PAYMENT_FORMS,
	PAYMENT_METHODS,
	SCHEME_IDS,
	STANDARD_CODES,
	SUPPORT_DOCUMENT_IDENTIFICATION_TYPES,
	TAXES,
	unitByCode,
	WITHHOLDING_TAXES,
} from '../../data';
import { EMAIL_PATTERN } from '../../profile';
import { isExcluded, totalsV2 } from './preview';
import type { V2Kind } from './profile';
import { FACTUS_V2_LIMITS, MAX_CASH_ROUNDING, V2_PARENTS, V2_PARTY_KEYS } from './profile';

export interface V2CheckOptions {
	/** Preview Totals numbers nothing: no reference code needed. */
	requireReference: boolean;
	/** The field the user sees for a Factus path (Fields mode, Shopify); none: the path itself. */
	label?: (path: string) => string | undefined;
	/** The items are copied from the document a note corrects: a line it has at 0 is not the user's typo. */
	copiedItems?: boolean;
}

/**
 * DIAN's rates (Estatuto Tributario arts. 468, 468-1, 477; 512-1 ff.): IVA 0 / 5 / 19 %, INC 4 / 8 / 16 %.
 * v2 takes any rate, so these are checked locally, where a typo ("1.90") costs nothing. ICUI's rate
 * changes by year and is left to Factus.
 */
const TAX_RATES: Record<string, string[]> = { '01': ['0', '5', '19'], '04': ['4', '8', '16'] };

/** Identification types whose number is digits only (passports and foreign documents may have letters). */
const NUMERIC_ID_CODES = new Set(['11', '12', '13', '21', '22', '31', '91']);

const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

const isObject = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const present = (value: unknown) => value !== undefined && value !== null && value !== '';
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

class Checker {
	constructor(
		readonly problems: Problems,
		private readonly label: V2CheckOptions['label'],
	) {}

	add(path: string, message: string): void {
		const label = this.label?.(path);
		this.problems.add(path, message, label !== undefined && label !== path ? { label, providerPath: path } : {});
	}

	required(path: string, value: unknown): boolean {
		if (present(value) && !(typeof value === 'string' && value.trim() === '')) return true;
		this.add(path, 'is required');
		return false;
	}

	/** Text hygiene (control or broken characters); `max` only where Factus documents a length. */
	text(path: string, value: unknown, max = 2000): void {
		if (value === undefined || value === null) return;
		if (typeof value !== 'string' && typeof value !== 'number') return this.add(path, 'must be a text');
		const problem = textProblem(String(value), max);
		if (problem) this.add(path, problem);
	}

	code(path: string, value: unknown, table: readonly CodeName[], what: string): boolean {
		const code = text(value);
		if (table.some((row) => row.code === code)) return true;
		const shown = table.length <= 12 ? `: ${table.map((r) => `"${r.code}" (${r.name})`).join(', ')}` : '';
		this.add(path, `"${String(value)}" is not a ${what} code Factus v2 knows${shown}`);
		return false;
	}

	/** A number (or numeric text) within [min, max] with at most `decimals` decimals. */
	number(path: string, value: unknown, limits: { min?: Dec | number; max?: Dec | number; decimals?: number; positive?: boolean } = {}): Dec | undefined {
		if (!Dec.isDecimal(value)) {
			this.add(path, `"${String(value)}" is not a number`);
			return undefined;
		}
		const d = Dec.of(value as string | number);
		if (limits.positive && d.cmp(0) <= 0) this.add(path, 'must be greater than 0');
		else if (limits.min !== undefined && d.cmp(limits.min) < 0) this.add(path, `must be at least ${Dec.of(limits.min).toString()}`);
		else if (limits.max !== undefined && d.cmp(limits.max) > 0) this.add(path, `must be at most ${Dec.of(limits.max).toString()}`);
		else if (d.decimals() > (limits.decimals ?? 2)) this.add(path, `${d.toString()} has more than ${limits.decimals ?? 2} decimals`);
		else return d;
		return undefined;
	}

	date(path: string, value: unknown): boolean {
		if (typeof value === 'string' && isIsoDate(value.trim())) return true;
		this.add(path, `"${String(value)}" is not a date (use YYYY-MM-DD)`);
		return false;
	}

	time(path: string, value: unknown): void {
		if (present(value) && !(typeof value === 'string' && TIME.test(value))) this.add(path, `"${String(value)}" is not a time (use HH:mm:ss)`);
	}

	email(path: string, value: unknown): void {
		if (present(value) && !(typeof value === 'string' && EMAIL_PATTERN.test(value.trim()))) this.add(path, 'is not a valid e-mail address');
	}

	municipality(path: string, value: unknown): void {
		if (present(value) && !municipalityByCode(text(value))) this.add(path, `"${String(value)}" is not a DIVIPOLA municipality code (e.g. 68679 San Gil, 11001 Bogotá)`);
	}

	list(path: string, value: unknown, required: boolean): IDataObject[] {
		if (value === undefined || value === null) {
			if (required) this.add(path, 'is required');
			return [];
		}
		if (!Array.isArray(value)) {
			this.add(path, 'must be a list');
			return [];
		}
		if (required && value.length === 0) this.add(path, 'needs at least one entry');
		return value.map((entry, i) => {
			if (isObject(entry)) return entry;
			this.add(`${path}.${i}`, 'must be an object');
			return {};
		});
	}

	object(path: string, value: unknown): IDataObject | undefined {
		if (value === undefined || value === null) return undefined;
		if (isObject(value)) return value;
		this.add(path, 'must be an object');
		return undefined;
	}
}

function checkParty(c: Checker, kind: V2Kind, party: IDataObject): void {
	const key = V2_PARTY_KEYS[kind];
	const p = (field: string) => `${key}.${field}`;
	const types = key === 'provider' ? SUPPORT_DOCUMENT_IDENTIFICATION_TYPES : IDENTIFICATION_DOCUMENT_TYPES;
	const idCode = text(party.identification_document_code);
	if (c.required(p('identification_document_code'), party.identification_document_code)) c.code(p('identification_document_code'), idCode, types, 'identification type');
	if (c.required(p('identification'), party.identification)) {
		const id = text(party.identification);
		if (NUMERIC_ID_CODES.has(idCode) && !/^\d+$/.test(id)) c.add(p('identification'), idCode === '31' ? 'must be digits only, without the check digit (put it in the DV field)' : 'must be digits only');
		else c.text(p('identification'), id);
	}
	if (present(party.dv) && !/^\d$/.test(text(party.dv))) c.add(p('dv'), 'must be one digit (the NIT check digit)');
	const legal = text(party.legal_organization_code);
	if (present(party.legal_organization_code)) c.code(p('legal_organization_code'), legal, LEGAL_ORGANIZATIONS, 'legal organization');
	if (key === 'provider') {
		if (c.required(p('names'), party.names)) c.text(p('names'), party.names);
		if (c.required(p('address'), party.address)) c.text(p('address'), party.address);
		if (c.required(p('country_code'), party.country_code) && !countryByCode(text(party.country_code))) c.add(p('country_code'), `"${String(party.country_code)}" is not an ISO country code (e.g. CO)`);
	} else {
		if (legal === '1' && !present(party.company)) c.add(p('company'), 'is required for a legal person (legal organization 1)');
		if (legal !== '1' && !present(party.names) && !present(party.company)) c.add(p('names'), 'is required for a natural person (legal organization 2)');
		c.text(p('company'), party.company);
		c.text(p('names'), party.names);
		c.text(p('address'), party.address);
		if (present(party.country_code) && !countryByCode(text(party.country_code))) c.add(p('country_code'), `"${String(party.country_code)}" is not an ISO country code (e.g. CO)`);
		if (present(party.tribute_code)) c.code(p('tribute_code'), party.tribute_code, CUSTOMER_TRIBUTES, 'customer tribute');
		if (present(party.responsibilities)) {
			const list = Array.isArray(party.responsibilities) ? party.responsibilities : [party.responsibilities];
			list.forEach((r, i) => c.code(`${p('responsibilities')}.${i}`, r, FISCAL_RESPONSIBILITIES, 'fiscal responsibility'));
		}
	}
	c.text(p('trade_name'), party.trade_name);
	c.text(p('phone'), party.phone);
	c.email(p('email'), party.email);
	c.municipality(p('municipality_code'), party.municipality_code);
}

function checkItems(c: Checker, kind: V2Kind, body: IDataObject, copied: boolean): void {
	const items = c.list('items', body.items, true);
	const { lines } = FACTUS_V2_LIMITS;
	if (lines.max !== null && items.length > lines.max) c.add('items', `has ${items.length} items; at most ${lines.max} are accepted`);
	const support = kind === 'supportDocument' || kind === 'adjustmentNote';
	const operation = text(body.operation_type);
	items.forEach((item, i) => {
		const p = (field: string) => `items.${i}.${field}`;
		if (c.required(p('code_reference'), item.code_reference)) c.text(p('code_reference'), item.code_reference);
		if (c.required(p('name'), item.name)) c.text(p('name'), item.name);
		if (c.required(p('quantity'), item.quantity)) c.number(p('quantity'), item.quantity, { positive: true, decimals: FACTUS_V2_LIMITS.quantityDecimals });
		if (c.required(p('price'), item.price)) c.number(p('price'), item.price, { min: 0, decimals: FACTUS_V2_LIMITS.priceDecimals });
		if (present(item.discount_rate)) c.number(p('discount_rate'), item.discount_rate, { min: 0, max: 100 });
		if (present(item.discount_amount)) c.number(p('discount_amount'), item.discount_amount, { min: 0 });
		if (c.required(p('unit_measure_code'), item.unit_measure_code) && !unitByCode(text(item.unit_measure_code))) c.add(p('unit_measure_code'), `"${String(item.unit_measure_code)}" is not a unit of measure code (e.g. 94 unidad)`);
		if (c.required(p('standard_code'), item.standard_code)) c.code(p('standard_code'), item.standard_code, STANDARD_CODES, 'standard');
		c.text(p('note'), item.note);
		const taxes = c.list(p('taxes'), item.taxes, !support);
		taxes.forEach((tax, j) => {
			const t = (field: string) => `${p('taxes')}.${j}.${field}`;
			if (isExcluded(tax)) return;
			if (!c.required(t('code'), tax.code) || !c.code(t('code'), tax.code, support ? TAXES.filter((x) => x.code === '01') : TAXES, 'tax')) return;
			const rate = c.required(t('rate'), tax.rate) ? c.number(t('rate'), tax.rate, { min: 0, max: 100 }) : undefined;
			const allowed = TAX_RATES[text(tax.code)];
			if (rate && allowed && !allowed.some((r) => rate.eq(r))) c.add(t('rate'), `${rate.toString()} % is not a rate of ${TAXES.find((x) => x.code === text(tax.code))?.name}; use ${allowed.join(', ')}`);
		});
		c.list(p('withholding_taxes'), item.withholding_taxes, false).forEach((w, j) => {
			const t = (field: string) => `${p('withholding_taxes')}.${j}.${field}`;
			if (c.required(t('code'), w.code)) c.code(t('code'), w.code, WITHHOLDING_TAXES, 'withholding');
			if (c.required(t('rate'), w.rate)) c.number(t('rate'), w.rate, { min: 0, max: 100 });
		});
		if (operation === '11' || operation === '12' || operation === 'SS-Recaudo') {
			if (c.required(p('scheme_id'), item.scheme_id)) c.code(p('scheme_id'), text(item.scheme_id), SCHEME_IDS, 'scheme');
			if (operation === '11' && text(item.scheme_id) === '1' && !isObject(item.mandate)) c.add(p('mandate'), 'is required when the scheme is 1 (income received for third parties)');
		}
	});
	if (!copied) zeroValueItems(c, items);
}

/** Where the shared zero-value rule points (`lines.0.unitPrice`) → the v2 path of the same field. */
const ZERO_VALUE_FIELDS: Record<string, string> = { unitPrice: 'price', discountRate: 'discount_rate', discountAmount: 'discount_amount' };

/**
 * Items worth 0 (net prices, 2 decimals per line, as v2 computes them): almost always a price left empty
 * or mistyped — the shared rule FacEPro applies too (nodes/shared/invoice/fit.ts `zeroValueLines`),
 * refused on the field that makes the item 0. Items already refused for another reason (amounts that are
 * not numbers, a negative price) are left to those problems.
 */
function zeroValueItems(c: Checker, items: IDataObject[]): void {
	const lines = items.map((item) => ({ quantity: item.quantity, unitPrice: item.price, discountRate: item.discount_rate ?? '0', discountAmount: item.discount_amount, taxRate: '0' }));
	const found = zeroValueLines({ lines } as unknown as Invoice, { pricesIncludeTax: false, lineDecimals: 2 }, new Collected(), {
		hint: 'enter the price, or leave the line out',
	});
	// An item with a problem of its own (a negative price, a quantity of 0) is told that, not also that it is worth 0.
	const flawed = new Set(c.problems.list.map((p) => /^items\.(\d+)\./.exec(p.path)?.[1]).filter((i) => i !== undefined));
	for (const problem of found.list) {
		const m = /^lines\.(\d+)\.(\w+)$/.exec(problem.path);
		if (m && !flawed.has(m[1])) c.add(`items.${m[1]}.${ZERO_VALUE_FIELDS[m[2]] ?? m[2]}`, problem.message);
	}
}

function checkPayments(c: Checker, body: IDataObject): void {
	c.list('payment_details', body.payment_details, true).forEach((payment, i) => {
		const p = (field: string) => `payment_details.${i}.${field}`;
		if (c.required(p('payment_form'), payment.payment_form)) c.code(p('payment_form'), text(payment.payment_form), PAYMENT_FORMS, 'payment form');
		if (c.required(p('payment_method_code'), payment.payment_method_code)) c.code(p('payment_method_code'), text(payment.payment_method_code), PAYMENT_METHODS, 'payment method');
		if (c.required(p('amount'), payment.amount)) c.number(p('amount'), payment.amount, { min: 0 });
		if (text(payment.payment_form) === '2') {
			if (c.required(p('due_date'), payment.due_date)) c.date(p('due_date'), payment.due_date);
		} else if (present(payment.due_date)) c.date(p('due_date'), payment.due_date);
		c.text(p('reference_code'), payment.reference_code);
	});
	if (present(body.cash_rounding_amount)) c.number('cash_rounding_amount', body.cash_rounding_amount, { min: -MAX_CASH_ROUNDING, max: MAX_CASH_ROUNDING });
}

function checkOptionalObjects(c: Checker, kind: V2Kind, body: IDataObject): void {
	const currency = c.object('currency', body.currency);
	if (currency) {
		if (c.required('currency.type', currency.type)) {
			const type = text(currency.type).toUpperCase();
			if (type === 'COP') c.add('currency.type', 'must be a foreign currency (the amounts are always COP; the PDF also shows them in this currency)');
			else if (!currencyByCode(type)) c.add('currency.type', `"${String(currency.type)}" is not an ISO currency code (e.g. USD)`);
		}
		if (c.required('currency.exchange_rate', currency.exchange_rate)) c.number('currency.exchange_rate', currency.exchange_rate, { positive: true, decimals: 6 });
	}
	const establishment = c.object('establishment', body.establishment);
	if (establishment) {
		for (const field of ['name', 'address', 'phone_number', 'email', 'municipality_code']) {
			if (c.required(`establishment.${field}`, establishment[field])) c.text(`establishment.${field}`, establishment[field]);
		}
		c.email('establishment.email', establishment.email);
		c.municipality('establishment.municipality_code', establishment.municipality_code);
	}
	const period = c.object('billing_period', body.billing_period);
	const periodRequired = (kind === 'creditNote' && text(body.customization_id) === '22') || (kind === 'debitNote' && text(body.customization_id) === '32');
	if (!period && periodRequired) c.add('billing_period', 'is required for a note without a referenced bill');
	if (period) {
		const start = c.required('billing_period.start_date', period.start_date) && c.date('billing_period.start_date', period.start_date);
		const end = c.required('billing_period.end_date', period.end_date) && c.date('billing_period.end_date', period.end_date);
		if (start && end && String(period.start_date) > String(period.end_date)) c.add('billing_period.end_date', 'is before the start date');
		c.time('billing_period.start_time', period.start_time);
		c.time('billing_period.end_time', period.end_time);
	}
	const order = c.object('order_reference', body.order_reference);
	if (order) {
		if (c.required('order_reference.reference_code', order.reference_code)) c.text('order_reference.reference_code', order.reference_code);
		if (present(order.issue_date)) c.date('order_reference.issue_date', order.issue_date);
	}
	c.list('prepayment_details', body.prepayment_details, false).forEach((prepayment, i) => {
		const p = (field: string) => `prepayment_details.${i}.${field}`;
		if (c.required(p('reference_code'), prepayment.reference_code)) c.text(p('reference_code'), prepayment.reference_code);
		if (c.required(p('received_date'), prepayment.received_date)) c.date(p('received_date'), prepayment.received_date);
		if (c.required(p('amount'), prepayment.amount)) c.number(p('amount'), prepayment.amount, { positive: true });
		c.text(p('note'), prepayment.note, 5000);
	});
	c.list('allowance_charges', body.allowance_charges, false).forEach((charge, i) => {
		const p = (field: string) => `allowance_charges.${i}.${field}`;
		if (c.required(p('concept_type'), charge.concept_type)) c.code(p('concept_type'), text(charge.concept_type), ALLOWANCE_CHARGE_CONCEPTS, 'allowance/charge concept');
		if (charge.is_surcharge !== true) c.add(p('is_surcharge'), 'must be true (v2 takes surcharges such as tips only)');
		if (c.required(p('reason'), charge.reason)) c.text(p('reason'), charge.reason);
		if (c.required(p('base_amount'), charge.base_amount)) c.number(p('base_amount'), charge.base_amount, { min: 0 });
		if (c.required(p('amount'), charge.amount)) c.number(p('amount'), charge.amount, { positive: true });
	});
}

function checkKind(c: Checker, kind: V2Kind, body: IDataObject): void {
	if (kind === 'bill') {
		if (present(body.document)) c.code('document', text(body.document), BILL_DOCUMENT_TYPES, 'bill document');
		if (present(body.operation_type)) c.code('operation_type', text(body.operation_type), OPERATION_TYPES, 'operation type');
		const related = c.list('related_documents', body.related_documents, text(body.document) === '03');
		related.forEach((r, i) => {
			c.required(`related_documents.${i}.code`, r.code);
			c.required(`related_documents.${i}.number`, r.number);
			if (c.required(`related_documents.${i}.issue_date`, r.issue_date)) c.date(`related_documents.${i}.issue_date`, r.issue_date);
		});
	}
	if (kind === 'creditNote' || kind === 'debitNote') {
		const credit = kind === 'creditNote';
		if (c.required('correction_concept_code', body.correction_concept_code)) {
			c.code('correction_concept_code', text(body.correction_concept_code), credit ? CREDIT_NOTE_CORRECTION_CONCEPTS : DEBIT_NOTE_CORRECTION_CONCEPTS, `${credit ? 'credit' : 'debit'}-note concept`);
		}
		const customization = text(body.customization_id) || (credit ? '20' : '30');
		if (present(body.customization_id)) c.code('customization_id', customization, credit ? CREDIT_NOTE_OPERATION_TYPES : DEBIT_NOTE_OPERATION_TYPES, 'note operation');
		const withBill = customization === (credit ? '20' : '30');
		if (withBill) c.required('bill_number', body.bill_number);
		else if (!isObject(body.customer)) c.add('customer', 'is required for a note without a referenced bill');
	}
	if (kind === 'adjustmentNote') {
		c.required('support_document_number', body.support_document_number);
		if (c.required('correction_concept_code', body.correction_concept_code)) {
			c.code('correction_concept_code', text(body.correction_concept_code), ADJUSTMENT_NOTE_CORRECTION_CONCEPTS, 'adjustment-note concept');
		}
	}
	const partyKey = V2_PARTY_KEYS[kind];
	const party = c.object(partyKey, body[partyKey]);
	// A note takes the party of the document it corrects when it has none of its own.
	if (!party && !V2_PARENTS[kind]) c.add(partyKey, 'is required');
	if (party) checkParty(c, kind, party);
}

/**
 * Checks a v2 body of `kind` and adds every problem to `problems`. The amounts are checked last, and only
 * when the items and payments are readable: Σ `payment_details.amount` must be total + cash rounding.
 */
export function checkV2Body(kind: V2Kind, raw: unknown, options: V2CheckOptions, problems: Problems): IDataObject | undefined {
	const c = new Checker(problems, options.label);
	if (!isObject(raw)) {
		c.add('', 'must be a JSON object (a Factus v2 body)');
		return undefined;
	}
	for (const path of forbiddenKeys(raw)) c.add(path, 'is not an accepted key');
	if (problems.hasAny()) return undefined;
	const body = raw;
	if (options.requireReference) {
		if (c.required('reference_code', body.reference_code)) c.text('reference_code', body.reference_code);
	} else c.text('reference_code', body.reference_code);
	if (present(body.numbering_range_id) && !/^\d+$/.test(text(body.numbering_range_id))) c.add('numbering_range_id', 'must be a whole number (the range ID)');
	c.text('observation', body.observation, FACTUS_V2_LIMITS.text.notes ?? 250);
	if (present(body.created_time)) c.time('created_time', body.created_time);
	if (body.send_email !== undefined && typeof body.send_email !== 'boolean') c.add('send_email', 'must be true or false');
	checkKind(c, kind, body);
	const before = problems.count;
	checkItems(c, kind, body, options.copiedItems === true);
	checkPayments(c, body);
	checkOptionalObjects(c, kind, body);
	if (problems.count === before) checkPaymentsAddUp(c, body);
	return body;
}

/** Σ payments = total + cash rounding, to the cent (what Factus refuses with a 422 on payment_details). */
export function checkPaymentsAddUp(c: Checker | Problems, body: IDataObject, label?: V2CheckOptions['label']): void {
	const checker = c instanceof Checker ? c : new Checker(c, label);
	const totals = totalsV2(body);
	if (totals.payments.eq(totals.payable)) return;
	const rounding = totals.cashRounding.isZero() ? '' : ` plus the cash rounding ${totals.cashRounding.toFixed(2)}`;
	checker.add(
		'payment_details',
		`add up to ${totals.payments.toFixed(2)} but the ${'document'} total is ${totals.total.toFixed(2)}${rounding}: the payments must add up to ${totals.payable.toFixed(2)}`,
	);
}
