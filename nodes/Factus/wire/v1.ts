/**
 * Factus API v1 wire format: the neutral Invoice → v1 bodies (bill, credit note, support document), the v1
 * rules that can be checked locally, and v1's arithmetic for a totals preview. A `v2.ts` can sit beside
 * this file: nothing outside `wire/` knows v1's field names except the operations that read responses.
 *
 * Sources: ../shared/providers/factus.md (v1 sections) and seed 001 (field table and examples).
 */
import type { IDataObject } from 'n8n-workflow';

import type { ValidationProblem } from '../../shared/errors';
import { colombiaDate, nitCheckDigit } from '../../shared/country/colombia';
import { Dec } from '../../shared/decimal';
import { isIsoDate } from '../../shared/invoice/model';
import type { LineAmounts } from '../../shared/invoice/money';
import { documentTotals, withholdingAmount } from '../../shared/invoice/money';
import { FACTUS_V1_CODES, FACTUS_V1_LIMITS, FACTUS_V1_TOTALS } from '../profile';

export type V1Kind = 'bill' | 'creditNote' | 'supportDocument';

/** v1 `identification_document_id` (factus.md). */
export const ID_TYPES: Array<{ id: number; label: string; dian: string }> = [
	{ id: 1, label: 'RC — Registro Civil', dian: '11' },
	{ id: 2, label: 'TI — Tarjeta de Identidad', dian: '12' },
	{ id: 3, label: 'CC — Cédula de Ciudadanía', dian: '13' },
	{ id: 4, label: 'TE — Tarjeta de Extranjería', dian: '21' },
	{ id: 5, label: 'CE — Cédula de Extranjería', dian: '22' },
	{ id: 6, label: 'NIT', dian: '31' },
	{ id: 7, label: 'PP — Pasaporte', dian: '41' },
	{ id: 8, label: 'DIE — Documento de Identificación Extranjero', dian: '42' },
	{ id: 9, label: 'PEP — Permiso Especial de Permanencia', dian: '47' },
	{ id: 10, label: 'NIT de Otro País', dian: '50' },
	{ id: 11, label: 'NUIP', dian: '91' },
];

export const NIT_ID = 6;
/** Identification types whose number is digits only (passports and foreign documents may have letters). */
const NUMERIC_ID_TYPES = new Set([1, 2, 3, 4, 5, 6, 11]);

export const PAYMENT_METHODS: Array<{ code: string; label: string }> = [
	{ code: '10', label: 'Efectivo (Cash)' },
	{ code: '20', label: 'Cheque' },
	{ code: '42', label: 'Consignación (Bank Deposit)' },
	{ code: '47', label: 'Transferencia (Bank Transfer)' },
	{ code: '48', label: 'Tarjeta Crédito (Credit Card)' },
	{ code: '49', label: 'Tarjeta Débito (Debit Card)' },
	{ code: '71', label: 'Bonos (Vouchers)' },
	{ code: '72', label: 'Vales (Coupons)' },
	{ code: '1', label: 'Medio de Pago No Definido (Not Defined)' },
	{ code: 'ZZZ', label: 'Otro (Other)' },
];

export const CORRECTION_CONCEPTS: Array<{ code: number; label: string }> = [
	{ code: 1, label: '1 — Partial Return (Devolución Parcial)' },
	{ code: 2, label: '2 — Annulment (Anulación de Factura)' },
	{ code: 3, label: '3 — Discount (Rebaja o Descuento)' },
	{ code: 4, label: '4 — Price Adjustment (Ajuste de Precio)' },
	{ code: 5, label: '5 — Other (Otros)' },
];

export const STANDARD_CODES: Array<{ id: number; label: string }> = [
	{ id: 1, label: "Own Code (999, Estándar del Contribuyente)" },
	{ id: 2, label: 'UNSPSC' },
	{ id: 3, label: 'Partida Arancelaria (Tariff Heading)' },
	{ id: 4, label: 'GTIN (Barcode)' },
];

/** Item tributes v1 knows rates for: IVA (id 1) and INC (id 4). */
export const TRIBUTE_IVA = 1;
export const TRIBUTE_INC = 4;
/**
 * DIAN's rates: IVA 0 / 5 / 19 % (Estatuto Tributario arts. 468, 468-1, 477); INC 4 / 8 / 16 % (arts. 512-1
 * ff.). v1 takes any tax_rate string, so these are checked here, where a typo ("7.00") costs nothing.
 */
export const TAX_RATES: Record<number, string[]> = { [TRIBUTE_IVA]: ['0', '5', '19'], [TRIBUTE_INC]: ['4', '8', '16'] };

/** Withholdings of a v1 item and what they are a rate of (factus.md). */
export const WITHHOLDINGS: Record<string, { name: string; base: 'tax' | 'taxable' }> = {
	'05': { name: 'ReteIVA', base: 'tax' },
	'06': { name: 'ReteRenta', base: 'taxable' },
	'07': { name: 'ReteICA', base: 'taxable' },
};

export const MAX_OBSERVATION = FACTUS_V1_LIMITS.text.notes ?? 250;
/** What the node accepts as an e-mail address before Factus sees it. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const DEFAULT_UNIT_ID = Number(FACTUS_V1_CODES.unit);

/** DIAN's NIT check digit (nodes/shared/colombia.ts). */
export { nitCheckDigit };

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

function asInteger(v: unknown): number | undefined {
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

/** Decimal text → JSON number when it is exact (≤ 2 decimals), else unchanged. */
function amountNumber(v: unknown): unknown {
	const d = asDec(v);
	return d && d.decimals() <= 2 ? d.toNumber() : v;
}

/** Today in Colombia (UTC−5 all year) as YYYY-MM-DD. */
export function colombiaToday(now = Date.now()): string {
	return colombiaDate(now);
}

/* ------------------------------------------------------------------------------------------------ */
/* Local v1 rules                                                                                    */
/* ------------------------------------------------------------------------------------------------ */

export interface RuleOptions {
	/** Preview only: the reference code is not needed. */
	requireReference?: boolean;
	/** Credit notes resolve `bill_number` to `bill_id` after validation. */
	billNumberAllowed?: boolean;
}

class Problems {
	readonly list: ValidationProblem[] = [];

	add(path: string, message: string) {
		this.list.push({ path, message });
	}

	integer(path: string, v: unknown, min = 1): number | undefined {
		const n = asInteger(v);
		if (n === undefined || n < min) {
			this.add(path, `must be a whole number${min > 0 ? ` of at least ${min}` : ''}`);
			return undefined;
		}
		return n;
	}

	date(path: string, v: unknown) {
		if (typeof v !== 'string' || !isIsoDate(v.trim())) this.add(path, `"${str(v)}" is not a valid date (use YYYY-MM-DD)`);
	}

	percent(path: string, v: unknown, { allowZero }: { allowZero: boolean }): Dec | undefined {
		const d = asDec(v);
		if (!d) {
			this.add(path, `"${str(v)}" is not a number`);
			return undefined;
		}
		if (d.isNegative() || d.cmp(100) > 0 || (!allowZero && d.isZero())) {
			this.add(path, allowZero ? 'must be between 0 and 100' : 'must be greater than 0 and at most 100');
			return undefined;
		}
		if (d.decimals() > 2) {
			this.add(path, 'must have at most 2 decimals');
			return undefined;
		}
		return d;
	}
}

function checkPerson(p: Problems, prefix: string, person: unknown, role: 'customer' | 'provider') {
	if (!isObject(person)) {
		p.add(prefix, 'is required');
		return;
	}
	const at = (field: string) => `${prefix}.${field}`;
	const typeRaw = person.identification_document_id;
	const type = asInteger(typeRaw);
	if (blank(typeRaw)) p.add(at('identification_document_id'), 'is required');
	else if (type === undefined || !ID_TYPES.some((t) => t.id === type)) {
		const dian = ID_TYPES.find((t) => t.dian === str(typeRaw));
		p.add(
			at('identification_document_id'),
			dian
				? `"${str(typeRaw)}" is a DIAN code; Factus v1 uses its own ids: ${dian.id} for ${dian.label}`
				: `must be a Factus v1 identification type id (1–11), e.g. 3 for CC, 6 for NIT`,
		);
	}
	const number = str(person.identification);
	if (number === '') p.add(at('identification'), 'is required');
	else if (type !== undefined && NUMERIC_ID_TYPES.has(type)) {
		if (type === NIT_ID && /^\d+-\d$/.test(number)) {
			p.add(at('identification'), `write the NIT without its check digit ("${number.split('-')[0]}") and put the DV in its own field`);
		} else if (!/^\d+$/.test(number)) p.add(at('identification'), `"${number}" must contain digits only for this identification type`);
	}
	if (type === NIT_ID && /^\d{16,}$/.test(number)) p.add(at('identification'), 'a NIT has at most 15 digits');
	else if (type === NIT_ID && /^\d+$/.test(number)) {
		const dv = str(person.dv);
		const expected = nitCheckDigit(number);
		if (dv === '') p.add(at('dv'), `is required for a NIT (for ${number} it is ${expected})`);
		else if (dv !== expected) p.add(at('dv'), `"${dv}" is not the check digit of NIT ${number} (DIAN's algorithm gives ${expected})`);
	}
	const email = str(person.email);
	if (email !== '' && !EMAIL_PATTERN.test(email)) p.add(at('email'), `"${email}" is not a valid e-mail address`);
	if (!blank(person.municipality_id) && asInteger(person.municipality_id) === undefined) {
		p.add(at('municipality_id'), `"${str(person.municipality_id)}" must be a Factus municipality id (a number, e.g. 980 for San Gil)`);
	}
	if (role === 'customer') {
		const organization = str(person.legal_organization_id);
		if (organization === '') p.add(at('legal_organization_id'), 'is required (1 company, 2 person)');
		else if (organization !== '1' && organization !== '2') p.add(at('legal_organization_id'), 'must be 1 (persona jurídica) or 2 (persona natural)');
		const tribute = str(person.tribute_id);
		if (tribute === '') p.add(at('tribute_id'), 'is required (18 IVA responsible, 21 not applicable)');
		else if (tribute !== '18' && tribute !== '21') p.add(at('tribute_id'), 'must be 18 (responsable de IVA) or 21 (no aplica)');
		if (organization === '1' && str(person.company) === '') p.add(at('company'), 'is required for a company (persona jurídica)');
		if (organization === '2' && str(person.names) === '') p.add(at('names'), 'is required for a person (persona natural)');
	} else {
		if (str(person.names) === '' && str(person.company) === '') p.add(at('names'), 'is required');
		if (!blank(person.is_resident) && !['0', '1', 'true', 'false'].includes(str(person.is_resident))) p.add(at('is_resident'), 'must be 1 (resident) or 0');
		const country = str(person.country_code);
		if (country !== '' && !/^[A-Z]{2}$/.test(country)) p.add(at('country_code'), `"${country}" must be a two-letter country code (e.g. CO)`);
	}
}

function checkItems(p: Problems, items: unknown, taxed: boolean) {
	if (!Array.isArray(items) || items.length === 0) {
		p.add('items', 'needs at least one item');
		return;
	}
	items.forEach((raw, i) => {
		const at = (field: string) => `items.${i}.${field}`;
		if (!isObject(raw)) {
			p.add(`items.${i}`, 'must be an object');
			return;
		}
		if (str(raw.name) === '') p.add(at('name'), 'is required');
		const quantity = asDec(raw.quantity);
		if (blank(raw.quantity)) p.add(at('quantity'), 'is required');
		else if (!quantity) p.add(at('quantity'), `"${str(raw.quantity)}" is not a number`);
		else if (!quantity.isInteger()) p.add(at('quantity'), `${quantity.toString()} is not a whole number; Factus v1 accepts whole quantities only`);
		else if (quantity.cmp(1) < 0) p.add(at('quantity'), 'must be at least 1');
		const price = asDec(raw.price);
		if (blank(raw.price)) p.add(at('price'), 'is required');
		else if (!price) p.add(at('price'), `"${str(raw.price)}" is not a number`);
		else if (price.cmp(0) <= 0) p.add(at('price'), "must be greater than 0 (Factus v1 has no field for a free item's reference price)");
		else if (price.decimals() > 2) p.add(at('price'), `${price.toString()} has more than 2 decimals`);
		if (!blank(raw.discount_rate)) p.percent(at('discount_rate'), raw.discount_rate, { allowZero: true });
		if (blank(raw.unit_measure_id)) p.add(at('unit_measure_id'), 'is required (70 = unidad)');
		else p.integer(at('unit_measure_id'), raw.unit_measure_id);
		const standard = asInteger(raw.standard_code_id);
		if (blank(raw.standard_code_id)) p.add(at('standard_code_id'), 'is required (1 = own code)');
		else if (standard === undefined || standard < 1 || standard > 4) p.add(at('standard_code_id'), 'must be 1 (own), 2 (UNSPSC), 3 (tariff heading) or 4 (GTIN)');

		let lineHasTax = false;
		if (taxed) {
			const excluded = str(raw.is_excluded);
			if (excluded !== '' && excluded !== '0' && excluded !== '1') p.add(at('is_excluded'), 'must be 0 or 1');
			const tribute = blank(raw.tribute_id) ? undefined : p.integer(at('tribute_id'), raw.tribute_id);
			if (blank(raw.tribute_id)) p.add(at('tribute_id'), 'is required (1 = IVA)');
			const rate = asDec(raw.tax_rate);
			if (blank(raw.tax_rate)) p.add(at('tax_rate'), 'is required (e.g. "19.00")');
			else if (!rate) p.add(at('tax_rate'), `"${str(raw.tax_rate)}" is not a number`);
			else if (excluded === '1' && !rate.isZero()) p.add(at('tax_rate'), `must be "0.00" for an item excluded from tax (is_excluded 1), not "${str(raw.tax_rate)}"`);
			else if (tribute !== undefined && TAX_RATES[tribute] && !TAX_RATES[tribute].includes(rate.toString())) {
				const name = tribute === TRIBUTE_IVA ? 'IVA' : 'INC';
				p.add(at('tax_rate'), `"${str(raw.tax_rate)}" is not a DIAN ${name} rate; use ${TAX_RATES[tribute].map((r) => `"${Dec.of(r).toFixed(2)}"`).join(', ')}`);
			} else if (rate.isNegative() || rate.cmp(100) > 0 || rate.decimals() > 2) p.add(at('tax_rate'), 'must be between 0 and 100 with at most 2 decimals');
			lineHasTax = tribute === TRIBUTE_IVA && excluded !== '1' && !!rate && rate.cmp(0) > 0;
		} else {
			for (const field of ['tax_rate', 'tribute_id', 'is_excluded']) {
				if (!blank(raw[field]) && !(field !== 'tribute_id' && Dec.isDecimal(raw[field]) && Dec.of(raw[field] as string).isZero())) {
					p.add(at(field), 'does not apply: a support document carries no tax (its seller is not responsible for IVA)');
				}
			}
		}

		const withholdings = raw.withholding_taxes;
		if (withholdings === undefined || withholdings === null) return;
		if (!Array.isArray(withholdings)) {
			p.add(at('withholding_taxes'), 'must be a list');
			return;
		}
		const seen = new Set<string>();
		withholdings.forEach((w, j) => {
			const wat = (field: string) => `${at('withholding_taxes')}.${j}.${field}`;
			if (!isObject(w)) {
				p.add(`${at('withholding_taxes')}.${j}`, 'must be an object');
				return;
			}
			const code = str(w.code);
			if (!WITHHOLDINGS[code]) p.add(wat('code'), `"${code}" is not a v1 withholding code: use "05" ReteIVA, "06" ReteRenta or "07" ReteICA`);
			else if (seen.has(code)) p.add(wat('code'), `${WITHHOLDINGS[code].name} appears twice on this item`);
			else if (code === '05' && !lineHasTax) {
				p.add(wat('code'), taxed ? 'ReteIVA is a share of the item\'s IVA, and this item has none' : 'ReteIVA does not apply: a support document carries no IVA');
			}
			seen.add(code);
			p.percent(wat('withholding_tax_rate'), w.withholding_tax_rate, { allowZero: false });
		});
	});
}

function checkCommon(p: Problems, body: Obj, options: RuleOptions) {
	if (options.requireReference !== false) {
		if (blank(body.reference_code)) p.add('reference_code', 'is required — your unique code for this document, and what prevents a duplicate');
		else if (typeof body.reference_code !== 'string' && typeof body.reference_code !== 'number') p.add('reference_code', 'must be text');
	}
	if (!blank(body.numbering_range_id)) p.integer('numbering_range_id', body.numbering_range_id);
	if (!blank(body.observation)) {
		if (typeof body.observation !== 'string') p.add('observation', 'must be text');
		else if (body.observation.length > MAX_OBSERVATION) {
			p.add('observation', `has ${body.observation.length} characters; Factus accepts at most ${MAX_OBSERVATION}`);
		}
	}
	if (!blank(body.payment_method_code) && !PAYMENT_METHODS.some((m) => m.code === str(body.payment_method_code))) {
		p.add('payment_method_code', `"${str(body.payment_method_code)}" is not a payment method code (${PAYMENT_METHODS.map((m) => m.code).join(', ')})`);
	}
}

/** Every v1 rule knowable without asking Factus, with v1 paths (`items.0.quantity`). */
export function checkV1(kind: V1Kind, body: unknown, options: RuleOptions = {}): ValidationProblem[] {
	const p = new Problems();
	if (!isObject(body)) {
		p.add('', 'must be a JSON object');
		return p.list;
	}
	checkCommon(p, body, options);
	if (kind === 'bill') {
		const document = str(body.document);
		if (document !== '' && document !== '01' && document !== '03') p.add('document', `"${document}" must be "01" (sales invoice) or "03" (transmission instrument)`);
		const form = str(body.payment_form);
		if (form !== '' && form !== '1' && form !== '2') p.add('payment_form', 'must be "1" (cash) or "2" (credit)');
		if (form === '2' && blank(body.payment_due_date)) p.add('payment_due_date', 'is required when the payment form is credit ("2")');
		if (!blank(body.payment_due_date)) p.date('payment_due_date', body.payment_due_date);
		const related = body.related_documents;
		if (document === '03' && (!Array.isArray(related) || related.length === 0)) {
			p.add('related_documents', 'is required for document "03": the paper invoice(s) it transmits');
		}
		if (!blank(related)) {
			if (!Array.isArray(related)) p.add('related_documents', 'must be a list');
			else
				related.forEach((r, i) => {
					const doc = isObject(r) ? r : {};
					if (str(doc.code) === '') p.add(`related_documents.${i}.code`, 'is required');
					if (str(doc.number) === '') p.add(`related_documents.${i}.number`, 'is required');
					if (blank(doc.issue_date)) p.add(`related_documents.${i}.issue_date`, 'is required');
					else p.date(`related_documents.${i}.issue_date`, doc.issue_date);
				});
		}
		const period = body.billing_period;
		if (!blank(period)) {
			if (!isObject(period)) p.add('billing_period', 'must be an object');
			else {
				for (const field of ['start_date', 'end_date']) {
					if (blank(period[field])) p.add(`billing_period.${field}`, 'is required');
					else p.date(`billing_period.${field}`, period[field]);
				}
				for (const field of ['start_time', 'end_time']) {
					if (!blank(period[field]) && !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(str(period[field]))) p.add(`billing_period.${field}`, 'must be HH:mm:ss');
				}
				if (isIsoDate(str(period.start_date)) && isIsoDate(str(period.end_date)) && str(period.end_date) < str(period.start_date)) {
					p.add('billing_period.end_date', 'is before the start date');
				}
			}
		}
		checkPerson(p, 'customer', body.customer, 'customer');
		checkItems(p, body.items, true);
	} else if (kind === 'creditNote') {
		const concept = asInteger(body.correction_concept_code);
		if (blank(body.correction_concept_code)) p.add('correction_concept_code', 'is required');
		else if (concept === undefined || concept < 1 || concept > 5) p.add('correction_concept_code', 'must be 1 to 5 (1 partial return, 2 annulment, 3 discount, 4 price adjustment, 5 other)');
		const customization = str(body.customization_id);
		if (customization === '') p.add('customization_id', 'is required (20 with a bill, 22 without)');
		else if (customization !== '20' && customization !== '22') p.add('customization_id', 'must be 20 (references a bill) or 22 (no bill)');
		const hasBill = !blank(body.bill_id) || (options.billNumberAllowed === true && !blank(body.bill_number));
		if (customization === '20' && !hasBill) p.add('bill_id', 'is required when the credit note references a bill (customization 20): give the bill number');
		if (!blank(body.bill_id)) p.integer('bill_id', body.bill_id);
		if (body.customer !== undefined) checkPerson(p, 'customer', body.customer, 'customer');
		else if (customization === '22') p.add('customer', 'is required for a credit note without a bill (customization 22)');
		checkItems(p, body.items, true);
	} else {
		checkPerson(p, 'provider', body.provider, 'provider');
		checkItems(p, body.items, false);
	}
	return p.list;
}

/* ------------------------------------------------------------------------------------------------ */
/* Neutral Invoice → v1                                                                              */
/* ------------------------------------------------------------------------------------------------ */

/** What a v1 body needs beyond the neutral Invoice. */
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

export interface MappedBody {
	body: IDataObject;
	/** Problems of the neutral → v1 step itself (things v1 cannot express), with neutral paths. */
	problems: ValidationProblem[];
}

/**
 * Maps a (possibly invalid) neutral invoice to a v1 body without throwing, so the v1 rules can report
 * their problems in the same pass as the neutral schema's.
 */
export function neutralToV1(kind: V1Kind, input: unknown, extras: V1Extras = {}, today = colombiaToday()): MappedBody {
	const invoice = isObject(input) ? input : {};
	const problems: ValidationProblem[] = [];
	const customer = isObject(invoice.customer) ? invoice.customer : {};
	const lines = Array.isArray(invoice.lines) ? invoice.lines : [];
	const payment = isObject(invoice.payment) ? invoice.payment : {};

	if (invoice.pricesIncludeTax === false) {
		problems.push({ path: 'pricesIncludeTax', message: 'must not be false: Factus v1 takes unit prices including tax' });
	}
	if (!blank(invoice.currency) && str(invoice.currency).toUpperCase() !== 'COP') {
		problems.push({ path: 'currency', message: `"${str(invoice.currency)}" is not supported: Factus v1 documents are in COP` });
	}
	if (!blank(invoice.issueDate) && str(invoice.issueDate) !== today) {
		problems.push({ path: 'issueDate', message: `must be empty or today (${today}): Factus v1 issues every document with the current date` });
	}

	const idType = asInteger(customer.idType);
	const personType = str(customer.personType) || (idType === NIT_ID ? 'legal' : 'natural');
	const name = str(customer.name);
	const person: IDataObject = {
		identification_document_id: idType ?? (customer.idType as string | undefined),
		identification: str(customer.idNumber),
		...(blank(customer.dv) ? {} : { dv: str(customer.dv) }),
		...(kind === 'supportDocument'
			? {
					names: name,
					...(blank(customer.tradeName) ? {} : { trade_name: str(customer.tradeName) }),
					is_resident: extras.isResident === false ? 0 : 1,
					country_code: str(customer.country).toUpperCase() || 'CO',
				}
			: {
					company: personType === 'legal' ? name : '',
					trade_name: str(customer.tradeName),
					names: personType === 'legal' ? '' : name,
					legal_organization_id: personType === 'legal' ? 1 : 2,
					tribute_id: asInteger(customer.taxScheme) ?? (blank(customer.taxScheme) ? 21 : (customer.taxScheme as string)),
				}),
		...(blank(customer.address) ? {} : { address: str(customer.address) }),
		...(blank(customer.email) ? {} : { email: str(customer.email) }),
		...(blank(customer.phone) ? {} : { phone: str(customer.phone) }),
		...(blank(customer.municipality) ? {} : { municipality_id: asInteger(customer.municipality) ?? (customer.municipality as string) }),
	};

	const items = lines.map((raw, i) => {
		const line = isObject(raw) ? raw : {};
		const extra = extras.lines?.[i] ?? {};
		if (line.pricesIncludeTax === false) {
			problems.push({ path: `lines.${i}.pricesIncludeTax`, message: 'must not be false: Factus v1 takes unit prices including tax' });
		}
		if (!blank(line.discountAmount) && !(asDec(line.discountAmount)?.isZero() ?? false)) {
			problems.push({ path: `lines.${i}.discountAmount`, message: 'is not supported by Factus v1: give the discount as a percentage (discountRate)' });
		}
		const excluded = line.taxExcluded === true;
		const withholdings = Array.isArray(line.withholdings) ? line.withholdings : [];
		const item: IDataObject = {
			...(blank(line.code) ? {} : { code_reference: str(line.code) }),
			name: str(line.description),
			quantity: amountNumber(line.quantity) as number,
			discount_rate: blank(line.discountRate) ? 0 : (amountNumber(line.discountRate) as number),
			price: amountNumber(line.unitPrice) as number,
			unit_measure_id: blank(line.unit) ? DEFAULT_UNIT_ID : (asInteger(line.unit) ?? (line.unit as string)),
			standard_code_id: extra.standardCodeId ?? asInteger(line.standardCodeId) ?? 1,
			withholding_taxes: withholdings.map((w) => {
				const entry = isObject(w) ? w : {};
				return { code: str(entry.code), withholding_tax_rate: rateText(entry.rate) as string };
			}),
		};
		if (kind !== 'supportDocument') {
			item.tax_rate = excluded ? '0.00' : (rateText(line.taxRate) as string);
			item.is_excluded = excluded ? 1 : 0;
			item.tribute_id = extra.tributeId ?? asInteger(line.tributeId) ?? TRIBUTE_IVA;
		}
		return item;
	});

	const body: IDataObject = {};
	const reference = str(extras.referenceCode) || str(invoice.externalReference);
	if (reference !== '') body.reference_code = reference;
	if (!blank(extras.numberingRangeId) && String(extras.numberingRangeId) !== '0') {
		body.numbering_range_id = asInteger(extras.numberingRangeId) ?? (extras.numberingRangeId as number);
	}
	if (!blank(invoice.notes)) body.observation = String(invoice.notes);
	body.payment_method_code = str(payment.method) || '10';

	if (kind === 'bill') {
		body.document = extras.document ?? '01';
		body.payment_form = payment.form === 'credit' ? '2' : '1';
		if (!blank(payment.dueDate)) body.payment_due_date = str(payment.dueDate);
		const related = isObject(invoice.related) ? invoice.related : undefined;
		if (extras.relatedDocuments?.length) body.related_documents = extras.relatedDocuments;
		else if (related && body.document === '03') {
			body.related_documents = [
				{ code: str(related.documentType) || 'Factura de talonario o de papel', issue_date: str(related.issueDate), number: str(related.number) },
			];
		}
		if (extras.billingPeriod && Object.keys(extras.billingPeriod).length) body.billing_period = extras.billingPeriod;
		if (extras.sendEmail !== undefined) body.send_email = extras.sendEmail;
		body.customer = person;
	} else if (kind === 'creditNote') {
		const related = isObject(invoice.related) ? invoice.related : {};
		body.correction_concept_code = asInteger(extras.correctionConceptCode ?? related.reasonCode) ?? (extras.correctionConceptCode as number);
		body.customization_id = asInteger(extras.customizationId) ?? 20;
		const billNumber = str(extras.billNumber) || str(related.number);
		if (billNumber !== '') body.bill_number = billNumber;
		if (!blank(related.providerId)) body.bill_id = asInteger(related.providerId) ?? (related.providerId as number);
		if (extras.sendEmail !== undefined) body.send_email = extras.sendEmail;
		if (isObject(invoice.customer)) body.customer = person;
	} else {
		body.provider = person;
	}
	body.items = items;
	return { body, problems };
}

const LINE_FIELDS: Record<string, string> = {
	code_reference: 'code',
	name: 'description',
	quantity: 'quantity',
	price: 'unitPrice',
	discount_rate: 'discountRate',
	tax_rate: 'taxRate',
	is_excluded: 'taxExcluded',
	unit_measure_id: 'unit',
	standard_code_id: 'standardCodeId',
	tribute_id: 'tributeId',
};

const PERSON_FIELDS: Record<string, string> = {
	identification_document_id: 'idType',
	identification: 'idNumber',
	dv: 'dv',
	company: 'name',
	names: 'name',
	trade_name: 'tradeName',
	email: 'email',
	phone: 'phone',
	address: 'address',
	legal_organization_id: 'personType',
	tribute_id: 'taxScheme',
	municipality_id: 'municipality',
	country_code: 'country',
};

const TOP_FIELDS: Record<string, string> = {
	reference_code: 'externalReference',
	observation: 'notes',
	payment_form: 'payment.form',
	payment_due_date: 'payment.dueDate',
	payment_method_code: 'payment.method',
	related_documents: 'related',
	numbering_range_id: 'numberingRangeId',
	bill_id: 'billNumber',
	bill_number: 'billNumber',
	correction_concept_code: 'correctionConceptCode',
	customization_id: 'customizationId',
	items: 'lines',
	provider: 'customer',
};

/** A v1 path (`items.0.price`) as the neutral invoice names it (`lines.0.unitPrice`). */
export function neutralPath(v1Path: string): string {
	const parts = v1Path.split('.');
	if (parts[0] === 'items' && parts.length >= 2) {
		const [, index, field, sub, subField] = parts;
		if (field === undefined) return `lines.${index}`;
		if (field === 'withholding_taxes') {
			const inner = subField === 'withholding_tax_rate' ? 'rate' : subField;
			return ['lines', index, 'withholdings', sub, inner].filter((x) => x !== undefined).join('.');
		}
		return `lines.${index}.${LINE_FIELDS[field] ?? field}`;
	}
	if ((parts[0] === 'customer' || parts[0] === 'provider') && parts.length === 2) return `customer.${PERSON_FIELDS[parts[1]] ?? parts[1]}`;
	if (parts[0] === 'related_documents') {
		const field = parts[2];
		return field === 'issue_date' ? 'related.issueDate' : field === 'number' ? 'related.number' : field === 'code' ? 'related.documentType' : 'related';
	}
	return TOP_FIELDS[parts[0]] ? [TOP_FIELDS[parts[0]], ...parts.slice(1)].join('.') : v1Path;
}

/** A v1 body as sent (JSON input): numbers and rates written the way v1 expects, nothing invented. */
export function normaliseV1(kind: V1Kind, body: IDataObject): IDataObject {
	const out: IDataObject = { ...body };
	if (Array.isArray(out.items)) {
		out.items = (out.items as IDataObject[]).map((raw) => {
			const item: IDataObject = { ...raw };
			if (kind !== 'supportDocument' && item.tax_rate !== undefined) item.tax_rate = rateText(item.tax_rate) as string;
			if (Array.isArray(item.withholding_taxes)) {
				item.withholding_taxes = (item.withholding_taxes as IDataObject[]).map((w) => ({ ...w, withholding_tax_rate: rateText(w.withholding_tax_rate) as string }));
			}
			return item;
		});
	}
	return out;
}

/** Whether a JSON input is already a v1 body (seed 001's shape) rather than a neutral invoice. */
export function looksLikeV1(kind: V1Kind, value: unknown): boolean {
	if (!isObject(value)) return false;
	if (Array.isArray(value.lines)) return false;
	return Array.isArray(value.items) || isObject(value[kind === 'supportDocument' ? 'provider' : 'customer']) || !blank(value.reference_code);
}

/* ------------------------------------------------------------------------------------------------ */
/* v1 arithmetic                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

export interface V1Preview {
	items: IDataObject[];
	withholding_taxes: IDataObject[];
	gross_value: string;
	taxable_amount: string;
	tax_amount: string;
	discount: string;
	total: string;
	withholdings_total: string;
	/** What the customer pays after withholdings. */
	net_payable: string;
}

/**
 * v1's totals for a checked body: prices include tax, two decimals per line (factus.md "How Factus
 * computes v1 amounts"); a support document's items carry no tax.
 */
export function previewV1(kind: V1Kind, body: IDataObject): V1Preview {
	const taxed = kind !== 'supportDocument';
	const items = body.items as IDataObject[];
	const taxRates = items.map((item) => (taxed && String(item.is_excluded) !== '1' ? Dec.of(item.tax_rate as string) : Dec.zero));
	const totals = documentTotals(
		items.map((item, i) => ({
			quantity: item.quantity as number,
			unitPrice: item.price as number,
			taxRate: taxRates[i],
			discountRate: (item.discount_rate as number | undefined) ?? 0,
		})),
		FACTUS_V1_TOTALS,
	);
	const withholdingTotals = new Map<string, Dec>();
	const withholdingsOf = (item: IDataObject, amounts: LineAmounts) =>
		((item.withholding_taxes as IDataObject[] | undefined) ?? []).map((w) => {
			const code = String(w.code);
			const rule = WITHHOLDINGS[code];
			const value = withholdingAmount(amounts, w.withholding_tax_rate as string, rule.base);
			withholdingTotals.set(code, (withholdingTotals.get(code) ?? Dec.zero).add(value));
			return { tribute_code: code, name: rule.name, rate: Dec.of(w.withholding_tax_rate as string).toFixed(2), value: value.toFixed(2) };
		});
	const previewItems = items.map((item, i) => {
		const amounts = totals.lines[i];
		return {
			name: item.name,
			quantity: item.quantity,
			price: Dec.of(item.price as number).toFixed(2),
			discount_rate: Dec.of((item.discount_rate as number | undefined) ?? 0).toFixed(2),
			discount: amounts.discount.toFixed(2),
			...(taxed ? { tax_rate: taxRates[i].toFixed(2) } : {}),
			taxable_amount: amounts.taxable.toFixed(2),
			tax_amount: amounts.tax.toFixed(2),
			total: amounts.total.toFixed(2),
			withholding_taxes: withholdingsOf(item, amounts),
		};
	});
	const withholdingsTotal = Dec.sum([...withholdingTotals.values()]);
	return {
		items: previewItems,
		withholding_taxes: [...withholdingTotals.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([code, value]) => ({ tribute_code: code, name: WITHHOLDINGS[code].name, value: value.toFixed(2) })),
		gross_value: totals.subtotal.toFixed(2),
		taxable_amount: totals.subtotal.toFixed(2),
		tax_amount: totals.tax.toFixed(2),
		discount: totals.discount.toFixed(2),
		total: totals.total.toFixed(2),
		withholdings_total: withholdingsTotal.toFixed(2),
		net_payable: totals.total.sub(withholdingsTotal).toFixed(2),
	};
}
