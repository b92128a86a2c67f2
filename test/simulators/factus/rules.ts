/**
 * Server-side rules of the Factus v1 simulator: what Laravel's validator answers with a 422
 * `{message, errors: {field: [msgs]}}` (seed 001), in Spanish, per field path (`items.0.quantity`).
 * The node checks most of this locally; these rules exist so that a body the node lets through (JSON
 * mode, ids only the server knows) is judged like Factus would.
 */
import {
	CORRECTION_CONCEPTS,
	COUNTRIES,
	CUSTOMER_TRIBUTES,
	CUSTOMIZATIONS,
	IDENTIFICATION_DOCUMENTS,
	LEGAL_ORGANIZATIONS,
	MUNICIPALITIES,
	PAYMENT_FORMS,
	PAYMENT_METHODS,
	PRODUCT_TRIBUTES,
	STANDARD_CODES,
	UNIT_MEASURES,
	WITHHOLDINGS,
} from './catalogs';
import { toBasisPoints, toCents } from './money';

export type FieldErrors = Record<string, string[]>;

const ATTRIBUTES: Record<string, string> = {
	reference_code: 'código de referencia',
	numbering_range_id: 'id rango de numeración',
	observation: 'observación',
	payment_due_date: 'fecha de vencimiento',
	payment_form: 'forma de pago',
	payment_method_code: 'método de pago',
	related_documents: 'documentos relacionados',
	email: 'correo electrónico',
	bill_id: 'id de la factura',
	correction_concept_code: 'código del concepto de corrección',
	customization_id: 'tipo de operación',
};

const attr = (path: string) => ATTRIBUTES[path] ?? path;

const municipalityIds = new Set(MUNICIPALITIES.map((m) => m.id));
const unitIds = new Set(UNIT_MEASURES.map((u) => u.id));
const tributeIds = new Set(PRODUCT_TRIBUTES.map((t) => t.id));
const countryCodes = new Set(COUNTRIES.map((c) => c.code));

class Checker {
	readonly errors: FieldErrors = {};

	add(path: string, message: string) {
		(this.errors[path] ??= []).push(message);
	}

	required(path: string, value: unknown): boolean {
		if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
			this.add(path, `El campo ${attr(path)} es obligatorio.`);
			return false;
		}
		return true;
	}

	integer(path: string, value: unknown): number | undefined {
		const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
		if (typeof n !== 'number' || !Number.isInteger(n)) {
			this.add(path, `El campo ${attr(path)} debe ser un número entero.`);
			return undefined;
		}
		return n;
	}

	oneOf(path: string, value: unknown, allowed: Iterable<string | number>): boolean {
		const list = [...allowed].map(String);
		if (!list.includes(String(value))) {
			this.add(path, `El campo ${attr(path)} seleccionado no es válido.`);
			return false;
		}
		return true;
	}

	maxLength(path: string, value: unknown, max: number) {
		if (typeof value === 'string' && value.length > max) {
			this.add(path, `El campo ${attr(path)} no debe ser mayor que ${max} caracteres.`);
		}
	}

	date(path: string, value: unknown) {
		if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
			this.add(path, `El campo ${attr(path)} no corresponde con una fecha válida.`);
		}
	}

	money(path: string, value: unknown) {
		if (toCents(value) === undefined) this.add(path, `El campo ${attr(path)} debe ser un número con máximo 2 decimales.`);
	}

	percent(path: string, value: unknown) {
		const bp = toBasisPoints(value);
		if (bp === undefined || bp < BigInt(0) || bp > BigInt(10000)) {
			this.add(path, `El campo ${attr(path)} debe ser un número entre 0 y 100 con máximo 2 decimales.`);
		}
	}
}

type Obj = Record<string, unknown>;

const asObject = (value: unknown): Obj | undefined =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;

function checkPerson(c: Checker, prefix: string, person: Obj, kind: 'customer' | 'provider') {
	const p = (field: string) => `${prefix}.${field}`;
	if (c.required(p('identification_document_id'), person.identification_document_id)) {
		c.oneOf(p('identification_document_id'), person.identification_document_id, Object.keys(IDENTIFICATION_DOCUMENTS));
	}
	c.required(p('identification'), person.identification);
	if (String(person.identification_document_id) === '6') c.required(p('dv'), person.dv);
	if (person.email !== undefined && person.email !== null && person.email !== '') {
		if (typeof person.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(person.email)) {
			c.add(p('email'), `El campo ${p('email')} debe ser una dirección de correo válida.`);
		}
	}
	if (person.municipality_id !== undefined && person.municipality_id !== null && person.municipality_id !== '') {
		const id = c.integer(p('municipality_id'), person.municipality_id);
		if (id !== undefined && !municipalityIds.has(id)) c.add(p('municipality_id'), `El campo ${p('municipality_id')} seleccionado no es válido.`);
	}
	if (kind === 'customer') {
		if (c.required(p('legal_organization_id'), person.legal_organization_id)) {
			c.oneOf(p('legal_organization_id'), person.legal_organization_id, Object.keys(LEGAL_ORGANIZATIONS));
		}
		if (c.required(p('tribute_id'), person.tribute_id)) c.oneOf(p('tribute_id'), person.tribute_id, Object.keys(CUSTOMER_TRIBUTES));
		if (String(person.legal_organization_id) === '1') c.required(p('company'), person.company);
		else if (String(person.legal_organization_id) === '2') c.required(p('names'), person.names);
	} else {
		c.required(p('names'), person.names);
		if (person.country_code !== undefined && person.country_code !== '') {
			c.oneOf(p('country_code'), person.country_code, countryCodes);
		}
	}
}

function checkItems(c: Checker, items: unknown, taxed: boolean) {
	if (!c.required('items', items)) return;
	if (!Array.isArray(items)) {
		c.add('items', 'El campo items debe ser un arreglo.');
		return;
	}
	items.forEach((raw, i) => {
		const p = (field: string) => `items.${i}.${field}`;
		const item = asObject(raw) ?? {};
		c.required(p('name'), item.name);
		if (c.required(p('quantity'), item.quantity)) {
			const q = c.integer(p('quantity'), item.quantity);
			if (q !== undefined && q < 1) c.add(p('quantity'), `El campo ${p('quantity')} debe ser al menos 1.`);
		}
		if (c.required(p('price'), item.price)) c.money(p('price'), item.price);
		if (item.discount_rate !== undefined && item.discount_rate !== null) c.percent(p('discount_rate'), item.discount_rate);
		if (c.required(p('unit_measure_id'), item.unit_measure_id)) {
			const id = c.integer(p('unit_measure_id'), item.unit_measure_id);
			if (id !== undefined && !unitIds.has(id)) c.add(p('unit_measure_id'), `El campo ${p('unit_measure_id')} seleccionado no es válido.`);
		}
		if (c.required(p('standard_code_id'), item.standard_code_id)) c.oneOf(p('standard_code_id'), item.standard_code_id, Object.keys(STANDARD_CODES));
		if (taxed) {
			if (c.required(p('tax_rate'), item.tax_rate)) c.percent(p('tax_rate'), item.tax_rate);
			if (c.required(p('is_excluded'), item.is_excluded)) c.oneOf(p('is_excluded'), item.is_excluded, [0, 1]);
			if (c.required(p('tribute_id'), item.tribute_id)) {
				const id = c.integer(p('tribute_id'), item.tribute_id);
				if (id !== undefined && !tributeIds.has(id)) c.add(p('tribute_id'), `El campo ${p('tribute_id')} seleccionado no es válido.`);
			}
		}
		const withholdings = item.withholding_taxes;
		if (withholdings !== undefined && withholdings !== null) {
			if (!Array.isArray(withholdings)) c.add(p('withholding_taxes'), `El campo ${p('withholding_taxes')} debe ser un arreglo.`);
			else
				withholdings.forEach((w, j) => {
					const wp = (field: string) => `${p('withholding_taxes')}.${j}.${field}`;
					const entry = asObject(w) ?? {};
					if (c.required(wp('code'), entry.code)) c.oneOf(wp('code'), entry.code, Object.keys(WITHHOLDINGS));
					if (c.required(wp('withholding_tax_rate'), entry.withholding_tax_rate)) c.percent(wp('withholding_tax_rate'), entry.withholding_tax_rate);
				});
		}
	});
}

function checkCommon(c: Checker, body: Obj) {
	if (c.required('reference_code', body.reference_code) && typeof body.reference_code !== 'string') {
		c.add('reference_code', 'El campo código de referencia debe ser una cadena de caracteres.');
	}
	if (body.numbering_range_id !== undefined && body.numbering_range_id !== null && body.numbering_range_id !== '') {
		c.integer('numbering_range_id', body.numbering_range_id);
	}
	c.maxLength('observation', body.observation, 250);
	if (body.payment_method_code !== undefined && body.payment_method_code !== '') {
		c.oneOf('payment_method_code', body.payment_method_code, Object.keys(PAYMENT_METHODS));
	}
}

export function checkBill(body: Obj): FieldErrors {
	const c = new Checker();
	checkCommon(c, body);
	if (body.document !== undefined && body.document !== '') c.oneOf('document', body.document, ['01', '03']);
	if (body.payment_form !== undefined && body.payment_form !== '') c.oneOf('payment_form', body.payment_form, Object.keys(PAYMENT_FORMS));
	if (String(body.payment_form) === '2') {
		if (body.payment_due_date === undefined || body.payment_due_date === null || body.payment_due_date === '') {
			c.add('payment_due_date', 'El campo fecha de vencimiento es obligatorio cuando forma de pago es 2.');
		}
	}
	if (body.payment_due_date) c.date('payment_due_date', body.payment_due_date);
	if (String(body.document) === '03') {
		if (!Array.isArray(body.related_documents) || body.related_documents.length === 0) {
			c.add('related_documents', 'El campo documentos relacionados es obligatorio cuando document es 03.');
		}
	}
	if (Array.isArray(body.related_documents)) {
		body.related_documents.forEach((raw, i) => {
			const doc = asObject(raw) ?? {};
			c.required(`related_documents.${i}.code`, doc.code);
			c.required(`related_documents.${i}.number`, doc.number);
			if (c.required(`related_documents.${i}.issue_date`, doc.issue_date)) c.date(`related_documents.${i}.issue_date`, doc.issue_date);
		});
	}
	const customer = asObject(body.customer);
	if (c.required('customer', customer)) checkPerson(c, 'customer', customer!, 'customer');
	checkItems(c, body.items, true);
	return c.errors;
}

export function checkCreditNote(body: Obj): FieldErrors {
	const c = new Checker();
	checkCommon(c, body);
	if (c.required('correction_concept_code', body.correction_concept_code)) {
		c.oneOf('correction_concept_code', body.correction_concept_code, Object.keys(CORRECTION_CONCEPTS));
	}
	if (c.required('customization_id', body.customization_id)) c.oneOf('customization_id', body.customization_id, Object.keys(CUSTOMIZATIONS));
	if (String(body.customization_id) === '20') {
		if (body.bill_id === undefined || body.bill_id === null || body.bill_id === '') {
			c.add('bill_id', 'El campo id de la factura es obligatorio cuando tipo de operación es 20.');
		} else c.integer('bill_id', body.bill_id);
	}
	const customer = asObject(body.customer);
	if (customer) checkPerson(c, 'customer', customer, 'customer');
	else if (String(body.customization_id) === '22') c.required('customer', body.customer);
	checkItems(c, body.items, true);
	return c.errors;
}

export function checkSupportDocument(body: Obj): FieldErrors {
	const c = new Checker();
	checkCommon(c, body);
	const provider = asObject(body.provider);
	if (c.required('provider', provider)) checkPerson(c, 'provider', provider!, 'provider');
	checkItems(c, body.items, false);
	return c.errors;
}

/** Laravel's summary line: the first message, plus "(and N more errors)". */
export function laravelMessage(errors: FieldErrors): string {
	const all = Object.values(errors).flat();
	const more = all.length - 1;
	return more > 0 ? `${all[0]} (and ${more} more error${more === 1 ? '' : 's'})` : all[0];
}

/** DIAN's NIT check digit (weights 3, 7, 13, … over the digits from the right). */
export function nitCheckDigit(nit: string): number {
	const weights = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
	const digits = nit.replace(/\D/g, '').split('').reverse();
	const sum = digits.reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
	const r = sum % 11;
	return r > 1 ? 11 - r : r;
}
