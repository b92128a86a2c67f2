/**
 * Server-side rules of the Factus v2 simulator: what Laravel's validator answers with a 422
 * `{message, errors: {"items.0.taxes.0.rate": [msgs]}}` for a v2 body, from the field tables of
 * v2/facturas, v2/notas-credito, v2/notas-debito, v2/documentos-soporte and v2/notas-ajuste-documentos-soporte.
 * Codes are strings in v2, but the pages' own examples send some as numbers (`payment_form: 1`,
 * `scheme_id: 0`, v2-findings #7), so a code is compared as text.
 */
import {
	ADJUSTMENT_CONCEPTS,
	ALLOWANCE_CONCEPTS,
	COLLECTION_CONCEPTS,
	COUNTRIES_V2,
	CREDIT_CONCEPTS,
	CREDIT_CUSTOMIZATIONS,
	CURRENCIES_V2,
	CUSTOMER_TRIBUTES,
	DEBIT_CONCEPTS,
	DEBIT_CUSTOMIZATIONS,
	DOCUMENT_TYPES,
	HEALTH_COVERAGES,
	HEALTH_IDENTIFICATION_TYPES,
	HEALTH_PAYMENT_METHODS,
	HEALTH_PREPAYMENT_CONCEPTS,
	IDENTIFICATION_TYPES,
	LEGAL_ORGANIZATIONS,
	MUNICIPALITIES_V2,
	OPERATION_TYPES,
	PAYMENT_FORMS,
	PAYMENT_METHODS,
	PROVIDER_IDENTIFICATION_TYPES,
	RESPONSIBILITIES,
	STANDARD_CODES,
	TAXES,
	TRANSPORT_PROPERTIES,
	UNITS_V2,
	WITHHOLDINGS,
} from './catalogs';
import { hundredths } from './money';

export type FieldErrors = Record<string, string[]>;
type Obj = Record<string, unknown>;

export type V2Kind = 'bill' | 'creditNote' | 'debitNote' | 'supportDocument' | 'adjustmentNote';

const asObject = (value: unknown): Obj | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined);
const present = (value: unknown) => value !== undefined && value !== null && value !== '';
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export class Checker {
	readonly errors: FieldErrors = {};

	add(path: string, message: string) {
		(this.errors[path] ??= []).push(message);
	}

	required(path: string, value: unknown): boolean {
		if (!present(value) || (Array.isArray(value) && value.length === 0)) {
			this.add(path, `El campo ${path} es obligatorio.`);
			return false;
		}
		return true;
	}

	requiredIf(path: string, value: unknown, condition: boolean, reason: string): boolean {
		if (condition && !present(value)) {
			this.add(path, `El campo ${path} es obligatorio cuando ${reason}.`);
			return false;
		}
		return present(value);
	}

	oneOf(path: string, value: unknown, allowed: Iterable<string>): boolean {
		if (![...allowed].includes(text(value))) {
			this.add(path, `El campo ${path} seleccionado no es válido.`);
			return false;
		}
		return true;
	}

	/** Required and one of `allowed`. */
	code(path: string, value: unknown, allowed: Iterable<string>): boolean {
		return this.required(path, value) && this.oneOf(path, value, allowed);
	}

	optionalCode(path: string, value: unknown, allowed: Iterable<string>) {
		if (present(value)) this.oneOf(path, value, allowed);
	}

	maxLength(path: string, value: unknown, max: number) {
		if (typeof value === 'string' && value.length > max) this.add(path, `El campo ${path} no debe ser mayor que ${max} caracteres.`);
	}

	date(path: string, value: unknown) {
		if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
			this.add(path, `El campo ${path} no corresponde con el formato Y-m-d.`);
		}
	}

	time(path: string, value: unknown) {
		if (typeof value !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(value)) this.add(path, `El campo ${path} no corresponde con el formato H:i:s.`);
	}

	/** A number with at most two decimals, at least `min` (in hundredths). */
	decimal(path: string, value: unknown, min?: bigint, max?: bigint): boolean {
		const v = hundredths(value);
		if (v === undefined) {
			this.add(path, `El campo ${path} debe ser un número con máximo 2 decimales.`);
			return false;
		}
		if (min !== undefined && v < min) {
			this.add(path, `El campo ${path} debe ser al menos ${Number(min) / 100}.`);
			return false;
		}
		if (max !== undefined && v > max) {
			this.add(path, `El campo ${path} no debe ser mayor que ${Number(max) / 100}.`);
			return false;
		}
		return true;
	}

	email(path: string, value: unknown) {
		if (present(value) && (typeof value !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))) {
			this.add(path, `El campo ${path} debe ser una dirección de correo válida.`);
		}
	}

	boolean(path: string, value: unknown) {
		if (value !== undefined && value !== null && typeof value !== 'boolean' && ![0, 1, '0', '1'].includes(value as never)) {
			this.add(path, `El campo ${path} debe ser verdadero o falso.`);
		}
	}

	/** An array (when required, non-empty); returns its entries as objects. */
	list(path: string, value: unknown, required: boolean): Obj[] {
		if (!present(value)) {
			if (required) this.required(path, value);
			return [];
		}
		if (!Array.isArray(value)) {
			this.add(path, `El campo ${path} debe ser un arreglo.`);
			return [];
		}
		if (required && value.length === 0) this.required(path, value);
		return value.map((v) => asObject(v) ?? {});
	}
}

const ZERO = BigInt(0);
const HUNDRED_PERCENT = BigInt(10000);

function checkPayments(c: Checker, body: Obj) {
	c.list('payment_details', body.payment_details, true).forEach((p, i) => {
		const path = (f: string) => `payment_details.${i}.${f}`;
		c.code(path('payment_form'), p.payment_form, Object.keys(PAYMENT_FORMS));
		c.code(path('payment_method_code'), p.payment_method_code, Object.keys(PAYMENT_METHODS));
		if (c.required(path('amount'), p.amount)) c.decimal(path('amount'), p.amount, ZERO);
		if (c.requiredIf(path('due_date'), p.due_date, text(p.payment_form) === '2', `${path('payment_form')} es 2`)) c.date(path('due_date'), p.due_date);
	});
	if (present(body.cash_rounding_amount)) c.decimal('cash_rounding_amount', body.cash_rounding_amount, BigInt(-50000), BigInt(50000));
}

function checkEstablishment(c: Checker, body: Obj) {
	if (!present(body.establishment)) return;
	const e = asObject(body.establishment) ?? {};
	for (const field of ['name', 'address', 'phone_number', 'email', 'municipality_code']) c.required(`establishment.${field}`, e[field]);
	c.email('establishment.email', e.email);
	if (present(e.municipality_code)) c.oneOf('establishment.municipality_code', e.municipality_code, MUNICIPALITIES_V2.keys());
}

function checkBillingPeriod(c: Checker, body: Obj, required: boolean, reason: string) {
	if (!present(body.billing_period)) {
		if (required) c.add('billing_period', `El campo billing_period es obligatorio cuando ${reason}.`);
		return;
	}
	const b = asObject(body.billing_period) ?? {};
	if (c.required('billing_period.start_date', b.start_date)) c.date('billing_period.start_date', b.start_date);
	if (c.required('billing_period.end_date', b.end_date)) c.date('billing_period.end_date', b.end_date);
	if (present(b.start_time)) c.time('billing_period.start_time', b.start_time);
	if (present(b.end_time)) c.time('billing_period.end_time', b.end_time);
	if (typeof b.start_date === 'string' && typeof b.end_date === 'string' && b.end_date < b.start_date) {
		c.add('billing_period.end_date', 'El campo billing_period.end_date debe ser una fecha posterior o igual a billing_period.start_date.');
	}
}

function checkCurrency(c: Checker, body: Obj) {
	if (!present(body.currency)) return;
	const cur = asObject(body.currency) ?? {};
	if (c.required('currency.type', cur.type)) c.oneOf('currency.type', cur.type, CURRENCIES_V2.keys());
	if (c.required('currency.exchange_rate', cur.exchange_rate) && c.decimal('currency.exchange_rate', cur.exchange_rate) && (hundredths(cur.exchange_rate) ?? ZERO) <= ZERO) {
		c.add('currency.exchange_rate', 'El campo currency.exchange_rate debe ser mayor que 0.');
	}
}

/** customer (bills, notes) or provider (support documents, adjustment notes). */
function checkParty(c: Checker, key: 'customer' | 'provider', party: Obj, kind: V2Kind) {
	const p = (f: string) => `${key}.${f}`;
	const idTypes = key === 'provider' ? PROVIDER_IDENTIFICATION_TYPES : Object.keys(IDENTIFICATION_TYPES);
	c.code(p('identification_document_code'), party.identification_document_code, idTypes);
	c.required(p('identification'), party.identification);
	if (present(party.dv) && !/^\d$/.test(text(party.dv))) c.add(p('dv'), `El campo ${p('dv')} debe ser un dígito.`);
	c.email(p('email'), party.email);
	if (present(party.municipality_code)) c.oneOf(p('municipality_code'), party.municipality_code, MUNICIPALITIES_V2.keys());
	if (present(party.country_code)) c.oneOf(p('country_code'), party.country_code, COUNTRIES_V2.keys());
	if (key === 'provider') {
		c.required(p('names'), party.names);
		c.required(p('address'), party.address);
		c.required(p('country_code'), party.country_code);
		c.optionalCode(p('legal_organization_code'), party.legal_organization_code, Object.keys(LEGAL_ORGANIZATIONS));
		return;
	}
	// The field tables require legal_organization_code, but the consumidor-final example omits it: a missing
	// one is taken as 2 (persona natural), which then needs names.
	const legal = text(party.legal_organization_code) || '2';
	if (c.oneOf(p('legal_organization_code'), legal, Object.keys(LEGAL_ORGANIZATIONS))) {
		c.requiredIf(p('company'), party.company, legal === '1', `${p('legal_organization_code')} es 1`);
		// The debit-note field table has no customer.names; a natural person is then named by company.
		if (kind !== 'debitNote') c.requiredIf(p('names'), party.names, legal === '2', `${p('legal_organization_code')} es 2`);
		else c.requiredIf(p('company'), party.company ?? party.names, legal === '2', `${p('legal_organization_code')} es 2`);
	}
	c.optionalCode(p('tribute_code'), party.tribute_code, Object.keys(CUSTOMER_TRIBUTES));
	if (present(party.responsibilities)) {
		if (!Array.isArray(party.responsibilities)) c.add(p('responsibilities'), `El campo ${p('responsibilities')} debe ser un arreglo.`);
		else party.responsibilities.forEach((r, i) => c.oneOf(`${p('responsibilities')}.${i}`, r, RESPONSIBILITIES));
	}
}

function checkItems(c: Checker, body: Obj, kind: V2Kind) {
	const operation = text(body.operation_type) || '10';
	const schemeNeeded = kind === 'bill' && ['11', '12', 'SS-Recaudo'].includes(operation);
	c.list('items', body.items, true).forEach((item, i) => {
		const p = (f: string) => `items.${i}.${f}`;
		c.required(p('code_reference'), item.code_reference);
		c.required(p('name'), item.name);
		if (c.required(p('quantity'), item.quantity) && c.decimal(p('quantity'), item.quantity) && (hundredths(item.quantity) ?? ZERO) <= ZERO) {
			c.add(p('quantity'), `El campo ${p('quantity')} debe ser mayor que 0.`);
		}
		if (c.required(p('price'), item.price)) c.decimal(p('price'), item.price, ZERO);
		if (present(item.discount_rate)) c.decimal(p('discount_rate'), item.discount_rate, ZERO, HUNDRED_PERCENT);
		if (present(item.discount_amount)) c.decimal(p('discount_amount'), item.discount_amount, ZERO);
		c.code(p('unit_measure_code'), item.unit_measure_code, UNITS_V2.keys());
		c.code(p('standard_code'), item.standard_code, Object.keys(STANDARD_CODES));
		checkItemTaxes(c, item, i, kind);
		c.list(p('withholding_taxes'), item.withholding_taxes, false).forEach((w, j) => {
			c.code(`${p('withholding_taxes')}.${j}.code`, w.code, Object.keys(WITHHOLDINGS));
			if (c.required(`${p('withholding_taxes')}.${j}.rate`, w.rate)) c.decimal(`${p('withholding_taxes')}.${j}.rate`, w.rate, ZERO, HUNDRED_PERCENT);
		});
		if (kind !== 'bill' && kind !== 'debitNote') return;
		if (schemeNeeded) c.code(p('scheme_id'), item.scheme_id, ['0', '1']);
		const mandateNeeded = text(item.scheme_id) === '1' && (operation === '11' || operation === 'SS-Recaudo');
		if (present(item.mandate) || (kind === 'bill' && mandateNeeded)) {
			const m = asObject(item.mandate) ?? {};
			if (!present(item.mandate)) c.add(p('mandate'), `El campo ${p('mandate')} es obligatorio cuando ${p('scheme_id')} es 1.`);
			else {
				c.code(`${p('mandate')}.identification_document_code`, m.identification_document_code, Object.keys(IDENTIFICATION_TYPES));
				c.required(`${p('mandate')}.identification`, m.identification);
			}
		}
		if (kind === 'bill' && operation === 'SS-Recaudo') c.code(p('collection_concept_code'), item.collection_concept_code, COLLECTION_CONCEPTS);
		c.list(p('additional_properties'), item.additional_properties, false).forEach((a, j) => {
			const ap = (f: string) => `${p('additional_properties')}.${j}.${f}`;
			c.code(ap('code'), a.code, TRANSPORT_PROPERTIES);
			c.required(ap('value'), a.value);
			if (text(a.code) === '03') {
				c.requiredIf(ap('quantity'), a.quantity, true, `${ap('code')} es 03`);
				if (c.requiredIf(ap('unit_measure_code'), a.unit_measure_code, true, `${ap('code')} es 03`)) c.oneOf(ap('unit_measure_code'), a.unit_measure_code, UNITS_V2.keys());
			}
		});
	});
}

function checkItemTaxes(c: Checker, item: Obj, i: number, kind: V2Kind) {
	const p = `items.${i}.taxes`;
	// Support-family answers show items without taxes (notas-ajuste…/ver.md: NSAX04 "No se encuentra el grupo
	// TaxSubtotal" as a mere notification), so taxes are optional there; bills and notes need them.
	const supportFamily = kind === 'supportDocument' || kind === 'adjustmentNote';
	const taxes = c.list(p, item.taxes, !supportFamily);
	const seen = new Set<string>();
	taxes.forEach((t, j) => {
		c.boolean(`${p}.${j}.is_excluded`, t.is_excluded);
		const excluded = t.is_excluded === true || t.is_excluded === 1 || t.is_excluded === '1';
		// An excluded tax may come alone ({is_excluded: true}, the pages' examples; v2-findings #19).
		if (excluded && !present(t.code) && !present(t.rate)) return;
		const allowed = supportFamily ? ['01'] : Object.keys(TAXES);
		if (c.code(`${p}.${j}.code`, t.code, allowed)) {
			if (seen.has(text(t.code))) c.add(`${p}.${j}.code`, `El campo ${p}.${j}.code tiene un valor duplicado.`);
			seen.add(text(t.code));
		}
		if (!excluded && c.required(`${p}.${j}.rate`, t.rate)) c.decimal(`${p}.${j}.rate`, t.rate, ZERO, HUNDRED_PERCENT);
	});
}

function checkAllowances(c: Checker, body: Obj) {
	c.list('allowance_charges', body.allowance_charges, false).forEach((a, i) => {
		const p = (f: string) => `allowance_charges.${i}.${f}`;
		c.code(p('concept_type'), a.concept_type, Object.keys(ALLOWANCE_CONCEPTS));
		if (a.is_surcharge !== true) c.add(p('is_surcharge'), `El campo ${p('is_surcharge')} debe ser true: el concepto 03 es un recargo.`);
		c.required(p('reason'), a.reason);
		if (c.required(p('base_amount'), a.base_amount)) c.decimal(p('base_amount'), a.base_amount, ZERO);
		if (c.required(p('amount'), a.amount)) c.decimal(p('amount'), a.amount, ZERO);
	});
}

function checkCommon(c: Checker, body: Obj) {
	if (c.required('reference_code', body.reference_code) && typeof body.reference_code !== 'string') {
		c.add('reference_code', 'El campo reference_code debe ser una cadena de caracteres.');
	}
	if (present(body.numbering_range_id) && !/^\d+$/.test(text(body.numbering_range_id))) c.add('numbering_range_id', 'El campo numbering_range_id debe ser un número entero.');
	c.maxLength('observation', body.observation, 250);
	if (present(body.created_time)) c.time('created_time', body.created_time);
	c.boolean('send_email', body.send_email);
	checkPayments(c, body);
	checkEstablishment(c, body);
}

function checkHealth(c: Checker, body: Obj, operation: string) {
	const healthRequired = ['SS-CUFE', 'SS-Reporte', 'SS-SinAporte'].includes(operation);
	if (present(body.health) || healthRequired) {
		if (!present(body.health)) c.add('health', `El campo health es obligatorio cuando operation_type es ${operation}.`);
		const h = asObject(body.health) ?? {};
		if (present(body.health)) {
			c.required('health.provider_code', h.provider_code);
			c.code('health.payment_method_code', h.payment_method_code, HEALTH_PAYMENT_METHODS);
			c.code('health.coverage_code', h.coverage_code, HEALTH_COVERAGES);
			c.required('health.contract_number', h.contract_number);
		}
	}
	if (operation === 'SS-Recaudo' || present(body.beneficiary)) {
		if (!present(body.beneficiary)) c.add('beneficiary', 'El campo beneficiary es obligatorio cuando operation_type es SS-Recaudo.');
		else c.code('beneficiary.identification_document_code', (asObject(body.beneficiary) ?? {}).identification_document_code, HEALTH_IDENTIFICATION_TYPES);
	}
}

export function checkBillV2(body: Obj): FieldErrors {
	const c = new Checker();
	checkCommon(c, body);
	c.optionalCode('document', body.document, Object.keys(DOCUMENT_TYPES));
	const operation = text(body.operation_type) || '10';
	c.optionalCode('operation_type', body.operation_type, Object.keys(OPERATION_TYPES));
	checkCurrency(c, body);
	checkBillingPeriod(c, body, false, '');
	checkHealth(c, body, operation);
	c.list('prepayment_details', body.prepayment_details, false).forEach((pp, i) => {
		const p = (f: string) => `prepayment_details.${i}.${f}`;
		c.required(p('reference_code'), pp.reference_code);
		if (c.required(p('received_date'), pp.received_date)) c.date(p('received_date'), pp.received_date);
		if (c.required(p('amount'), pp.amount)) c.decimal(p('amount'), pp.amount, ZERO);
		c.maxLength(p('note'), pp.note, 5000);
		if (['SS-CUFE', 'SS-Reporte'].includes(operation)) c.code(p('concept_code'), pp.concept_code, HEALTH_PREPAYMENT_CONCEPTS);
	});
	if (present(body.order_reference)) c.required('order_reference.reference_code', (asObject(body.order_reference) ?? {}).reference_code);
	const related = c.list('related_documents', body.related_documents, text(body.document) === '03');
	related.forEach((r, i) => {
		c.required(`related_documents.${i}.code`, r.code);
		c.required(`related_documents.${i}.number`, r.number);
		if (c.required(`related_documents.${i}.issue_date`, r.issue_date)) c.date(`related_documents.${i}.issue_date`, r.issue_date);
	});
	const customer = asObject(body.customer);
	if (c.required('customer', customer)) checkParty(c, 'customer', customer!, 'bill');
	checkItems(c, body, 'bill');
	checkAllowances(c, body);
	return c.errors;
}

/** Credit and debit notes: a bill by number unless the note says it has none (22 / 32). */
export function checkNoteV2(body: Obj, kind: 'creditNote' | 'debitNote'): FieldErrors {
	const c = new Checker();
	checkCommon(c, body);
	const [concepts, customizations, unreferenced] = kind === 'creditNote' ? [CREDIT_CONCEPTS, CREDIT_CUSTOMIZATIONS, '22'] : [DEBIT_CONCEPTS, DEBIT_CUSTOMIZATIONS, '32'];
	c.code('correction_concept_code', body.correction_concept_code, Object.keys(concepts));
	c.optionalCode('customization_id', body.customization_id, Object.keys(customizations));
	const withoutBill = text(body.customization_id) === unreferenced;
	c.requiredIf('bill_number', body.bill_number, !withoutBill, `customization_id no es ${unreferenced}`);
	checkBillingPeriod(c, body, withoutBill, `customization_id es ${unreferenced}`);
	checkCurrency(c, body);
	const customer = asObject(body.customer);
	if (customer) checkParty(c, 'customer', customer, kind);
	else if (withoutBill) c.required('customer', body.customer);
	checkItems(c, body, kind);
	checkAllowances(c, body);
	return c.errors;
}

export function checkSupportDocumentV2(body: Obj): FieldErrors {
	const c = new Checker();
	checkCommon(c, body);
	const provider = asObject(body.provider);
	if (c.required('provider', provider)) checkParty(c, 'provider', provider!, 'supportDocument');
	checkItems(c, body, 'supportDocument');
	return c.errors;
}

export function checkAdjustmentNoteV2(body: Obj): FieldErrors {
	const c = new Checker();
	checkCommon(c, body);
	c.required('support_document_number', body.support_document_number);
	c.code('correction_concept_code', body.correction_concept_code, Object.keys(ADJUSTMENT_CONCEPTS));
	const provider = asObject(body.provider);
	if (provider) checkParty(c, 'provider', provider, 'adjustmentNote');
	checkItems(c, body, 'adjustmentNote');
	return c.errors;
}

export const CHECKS: Record<V2Kind, (body: Obj) => FieldErrors> = {
	bill: checkBillV2,
	creditNote: (body) => checkNoteV2(body, 'creditNote'),
	debitNote: (body) => checkNoteV2(body, 'debitNote'),
	supportDocument: checkSupportDocumentV2,
	adjustmentNote: checkAdjustmentNoteV2,
};
