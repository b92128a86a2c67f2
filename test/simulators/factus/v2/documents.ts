/**
 * v2 documents of the Factus simulator: the stored record, its amounts (./money.ts) and how v2 answers
 * render it — flat `data` with `is_validated`, `validated_at`, coded objects `{code, name}`, `totals{…}`,
 * `links{qr, public_url}` (v2/facturas/crear-y-validar.md answer tables; v2/notas-ajuste-documentos-soporte/
 * ver.md for the support-document family, whose only worked answer it is).
 */
import { COMPANY } from '../catalogs';
import { pdfFor, xmlFor, zipOf } from '../files';
import { factusDateTime } from '../index';
import type { NumberingRange } from '../catalogs';

import {
	ADJUSTMENT_CONCEPTS,
	coded,
	COUNTRIES_V2,
	CREDIT_CONCEPTS,
	CREDIT_CUSTOMIZATIONS,
	CUSTOMER_TRIBUTES,
	DEBIT_CONCEPTS,
	DEBIT_CUSTOMIZATIONS,
	DOCUMENT_TYPES,
	IDENTIFICATION_TYPES,
	LEGAL_ORGANIZATIONS,
	MUNICIPALITIES_V2,
	OPERATION_TYPES,
	PAYMENT_FORMS,
	PAYMENT_METHODS,
	STANDARD_CODES,
	TAXES,
	UNITS_V2,
	WITHHOLDINGS,
} from './catalogs';
import type { DocumentTotals, ItemAmounts } from './money';
import { documentTotals, fixed2, hundredths, itemAmounts } from './money';
import type { V2Kind } from './rules';
import type { RadianEvent } from './radian';

type Obj = Record<string, unknown>;

export interface V2Document {
	kind: V2Kind;
	id: number;
	number: string;
	prefix: string;
	referenceCode: string;
	range: NumberingRange;
	validated: boolean;
	/** DIAN's rule messages ("Regla: FAJ43b, Rechazo: …", notifications). */
	errors: string[];
	/** CUFE / CUDE / CUDS once DIAN validated it. */
	authorityId: string;
	createdAt: Date;
	validatedAt?: Date;
	pending?: { showsLeft: number; then: 'validated' | 'notification' | 'rejected' | 'regla90' };
	body: Obj;
	/** The customer or provider as stored (for notes without one: the bill's). */
	party: Obj;
	items: ItemAmounts[];
	totals: DocumentTotals;
	/** Bill or support document a note refers to. */
	parent?: V2Document;
	notes: V2Document[];
	emails: string[];
	/** RADIAN events of a bill (buyer's 030–033, our 034). */
	events: RadianEvent[];
}

export interface KindInfo {
	path: string;
	label: string;
	noun: string;
	authorityKey: 'cufe' | 'cude' | 'cuds';
	partyKey: 'customer' | 'provider';
	rangeDocument: string;
	fileLetters: string;
	xmlRoot: string;
	/** Documented DIAN error lists are objects keyed by rule for bills and notes, arrays for the support family. */
	errorsAsObject: boolean;
}

export const KINDS_V2: Record<V2Kind, KindInfo> = {
	bill: { path: 'bills', label: 'factura', noun: 'La factura', authorityKey: 'cufe', partyKey: 'customer', rangeDocument: '21', fileLetters: 'fv', xmlRoot: 'Invoice', errorsAsObject: true },
	creditNote: { path: 'credit-notes', label: 'nota crédito', noun: 'La nota crédito', authorityKey: 'cude', partyKey: 'customer', rangeDocument: '22', fileLetters: 'nc', xmlRoot: 'CreditNote', errorsAsObject: true },
	debitNote: { path: 'debit-notes', label: 'nota débito', noun: 'La nota débito', authorityKey: 'cude', partyKey: 'customer', rangeDocument: '23', fileLetters: 'nd', xmlRoot: 'DebitNote', errorsAsObject: true },
	supportDocument: {
		path: 'support-documents',
		label: 'documento soporte',
		noun: 'El documento soporte',
		authorityKey: 'cuds',
		partyKey: 'provider',
		rangeDocument: '24',
		fileLetters: 'ds',
		xmlRoot: 'Invoice',
		errorsAsObject: false,
	},
	adjustmentNote: {
		path: 'adjustment-notes',
		label: 'nota de ajuste',
		noun: 'La nota de ajuste',
		authorityKey: 'cuds',
		partyKey: 'provider',
		rangeDocument: '25',
		fileLetters: 'na',
		xmlRoot: 'CreditNote',
		errorsAsObject: false,
	},
};

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const list = (value: unknown): Obj[] => (Array.isArray(value) ? value.map((v) => (v && typeof v === 'object' ? (v as Obj) : {})) : []);
const dmy = (iso: unknown) => (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split('-').reverse().join('-') : null);
const cents = (value: unknown) => hundredths(value) ?? BigInt(0);
const excludedFlag = (t: Obj) => t.is_excluded === true || t.is_excluded === 1 || t.is_excluded === '1';

/** The amounts of a body the rules accepted. */
export function computeV2(body: Obj): { items: ItemAmounts[]; totals: DocumentTotals } {
	const items = list(body.items).map((item) =>
		itemAmounts({
			priceCents: cents(item.price),
			quantityHundredths: cents(item.quantity),
			discountBp: hundredths(item.discount_rate),
			discountCents: hundredths(item.discount_amount),
			taxes: list(item.taxes).map((t) => ({ code: text(t.code) || '01', rateBp: cents(t.rate), excluded: excludedFlag(t) })),
			withholdings: list(item.withholding_taxes).map((w) => ({ code: text(w.code), rateBp: cents(w.rate) })),
		}),
	);
	const surcharges = list(body.allowance_charges).map((a) => cents(a.amount));
	const prepayments = list(body.prepayment_details).map((p) => cents(p.amount));
	return { items, totals: documentTotals(items, surcharges, prepayments) };
}

/** Σ payment_details.amount. */
export function paymentsSum(body: Obj): bigint {
	return list(body.payment_details).reduce((sum, p) => sum + cents(p.amount), BigInt(0));
}

const municipality = (code: unknown) => {
	const m = MUNICIPALITIES_V2.get(text(code));
	return m ? { code: m.code, name: m.name, department: { code: m.department.code, name: m.department.name } } : null;
};

export function companyV2(): Obj {
	return {
		url_logo: COMPANY.url_logo,
		nit: COMPANY.nit,
		dv: COMPANY.dv,
		company: COMPANY.company,
		economic_activity: COMPANY.economic_activity,
		establishment: {
			name: COMPANY.company,
			address: COMPANY.direction,
			phone_number: COMPANY.phone,
			email: COMPANY.email,
			municipality: municipality('68679'),
		},
	};
}

export function partyV2(doc: V2Document): Obj {
	const p = doc.party;
	const idType = text(p.identification_document_code);
	const base: Obj = {
		identification_document: coded(IDENTIFICATION_TYPES, idType),
		identification: text(p.identification),
		dv: idType === '31' ? text(p.dv) || null : null,
		graphic_representation_name: text(p.company) || text(p.names),
		trade_name: text(p.trade_name) || null,
	};
	if (KINDS_V2[doc.kind].partyKey === 'customer') base.company = text(p.company) || null;
	Object.assign(base, {
		names: text(p.names) || text(p.company),
		address: text(p.address) || null,
		email: text(p.email) || null,
		phone: text(p.phone) || null,
		legal_organization: coded(LEGAL_ORGANIZATIONS, text(p.legal_organization_code) || '2'),
		tribute: coded(CUSTOMER_TRIBUTES, text(p.tribute_code) || 'ZZ'),
	});
	if (KINDS_V2[doc.kind].partyKey === 'customer') {
		const country = text(p.country_code) || 'CO';
		base.country = { code: country, name: COUNTRIES_V2.get(country) ?? country };
		base.responsibilities = Array.isArray(p.responsibilities) && p.responsibilities.length ? p.responsibilities : ['R-99-PN'];
	}
	base.municipality = municipality(p.municipality_code);
	return base;
}

function itemV2(raw: Obj, amounts: ItemAmounts): Obj {
	return {
		code_reference: text(raw.code_reference),
		name: text(raw.name),
		quantity: fixed2(cents(raw.quantity)),
		unit_measure: { code: text(raw.unit_measure_code), name: UNITS_V2.get(text(raw.unit_measure_code)) ?? '' },
		standard_code: coded(STANDARD_CODES, raw.standard_code),
		discount_rate: fixed2(amounts.discountBp),
		discount: fixed2(amounts.discount),
		gross_value: fixed2(amounts.gross),
		price: fixed2(cents(raw.price)),
		total: fixed2(amounts.net),
		note: text(raw.note) || null,
		scheme_id: raw.scheme_id === undefined || raw.scheme_id === null ? null : text(raw.scheme_id),
		collection_concept: text(raw.collection_concept_code) || null,
		mandate: raw.mandate ?? null,
		additional_properties: list(raw.additional_properties),
		taxes: amounts.taxes.map((t) => ({
			tribute: coded(TAXES, t.code),
			is_excluded: t.excluded,
			rates: [{ taxable_amount: fixed2(t.taxable), tax_amount: fixed2(t.amount), rate: fixed2(t.rateBp) }],
		})),
		withholding_taxes: amounts.withholdings.map((w) => ({
			tribute_code: w.code,
			name: WITHHOLDINGS[w.code],
			value: fixed2(w.amount),
			rates: [{ code: w.code, name: WITHHOLDINGS[w.code], rate: fixed2(w.rateBp) }],
		})),
	};
}

export function errorsV2(doc: V2Document): unknown {
	if (doc.errors.length === 0) return [];
	if (!KINDS_V2[doc.kind].errorsAsObject) return [...doc.errors];
	return Object.fromEntries(doc.errors.map((e) => [/Regla:\s*([^,]+),/.exec(e)?.[1] ?? 'DIAN', e]));
}

const totalsV2 = (t: DocumentTotals) => ({
	prepayment_amount: fixed2(t.prepayment),
	gross_amount: fixed2(t.gross),
	taxable_amount: fixed2(t.taxable),
	tax_amount: fixed2(t.tax),
	surcharge_amount: fixed2(t.surcharge),
	total: fixed2(t.total),
});

export function linkOf(doc: V2Document, baseUrl: string): Obj {
	return {
		qr: doc.authorityId ? `https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=${doc.authorityId}` : null,
		public_url: `${baseUrl}/public/${KINDS_V2[doc.kind].fileLetters}/${doc.id}`,
	};
}

const noteSummary = (n: V2Document) => ({ number: n.number, reference_code: n.referenceCode, cude: n.authorityId || null, is_validated: n.validated, total: fixed2(n.totals.total) });

/** The `data` of a v2 create / show answer. */
export function renderV2(doc: V2Document, baseUrl: string): Obj {
	const info = KINDS_V2[doc.kind];
	const body = doc.body;
	const range = doc.range;
	const data: Obj = {
		reference_code: doc.referenceCode,
		number: doc.number,
		...(doc.kind === 'bill' ? { order_reference: text((body.order_reference as Obj | undefined)?.reference_code) || null } : {}),
		send_email: body.send_email !== false,
		...(doc.kind === 'bill' ? { has_claim: doc.events.some((e) => e.code === '031'), is_negotiable_instrument: false } : {}),
		is_validated: doc.validated,
		validated_at: doc.validatedAt ? factusDateTime(doc.validatedAt) : null,
		errors: errorsV2(doc),
		observation: text(body.observation) || null,
		created_at: factusDateTime(doc.createdAt),
		[info.authorityKey]: doc.authorityId || null,
	};
	if (doc.kind === 'bill') {
		data.document_type = coded(DOCUMENT_TYPES, text(body.document) || '01');
		data.operation_type = coded(OPERATION_TYPES, text(body.operation_type) || '10');
	}
	if (doc.kind === 'creditNote' || doc.kind === 'debitNote') {
		const credit = doc.kind === 'creditNote';
		data.correction_concept = coded(credit ? CREDIT_CONCEPTS : DEBIT_CONCEPTS, body.correction_concept_code);
		data.customization = coded(credit ? CREDIT_CUSTOMIZATIONS : DEBIT_CUSTOMIZATIONS, text(body.customization_id) || (credit ? '20' : '30'));
	}
	if (doc.kind === 'adjustmentNote') data.correction_concept = coded(ADJUSTMENT_CONCEPTS, body.correction_concept_code);
	const period = body.billing_period as Obj | undefined;
	data.billing_period = period
		? { start_date: dmy(period.start_date), start_time: text(period.start_time) || null, end_date: dmy(period.end_date), end_time: text(period.end_time) || null }
		: null;
	data.payment_details = list(body.payment_details).map((p) => ({
		payment_form: coded(PAYMENT_FORMS, p.payment_form),
		payment_method: coded(PAYMENT_METHODS, p.payment_method_code),
		reference_code: text(p.reference_code) || null,
		amount: fixed2(cents(p.amount)),
		due_date: dmy(p.due_date),
	}));
	data.cash_rounding_amount = fixed2(cents(body.cash_rounding_amount ?? 0));
	data.numbering_range = {
		prefix: range.prefix,
		from: range.from,
		to: range.to,
		resolution_number: range.resolution_number,
		start_date: dmy(range.start_date),
		end_date: dmy(range.end_date),
		months: (Number(range.end_date.slice(0, 4)) - Number(range.start_date.slice(0, 4))) * 12,
	};
	if (doc.kind === 'bill') {
		data.health = body.health ?? null;
		data.beneficiary = body.beneficiary ?? null;
	}
	data.company = companyV2();
	if (body.establishment) {
		const e = body.establishment as Obj;
		(data.company as Obj).establishment = { name: e.name, address: e.address, phone_number: e.phone_number, email: e.email, municipality: municipality(e.municipality_code) };
	}
	data[info.partyKey] = partyV2(doc);
	data.items = list(body.items).map((raw, i) => itemV2(raw, doc.items[i]));
	if (doc.kind === 'bill') {
		data.prepayment_details = list(body.prepayment_details).map((p) => ({
			reference_code: text(p.reference_code),
			received_date: text(p.received_date),
			amount: fixed2(cents(p.amount)),
			note: text(p.note) || null,
		}));
	}
	data.allowance_charges = list(body.allowance_charges).map((a) => ({
		concept_type: text(a.concept_type),
		is_surcharge: a.is_surcharge === true,
		reason: text(a.reason),
		base_amount: fixed2(cents(a.base_amount)),
		amount: fixed2(cents(a.amount)),
	}));
	data.taxes = doc.totals.taxSummary.map((t) => ({
		tribute: coded(TAXES, t.code),
		is_excluded: t.excluded,
		rates: [{ taxable_amount: fixed2(t.taxable), tax_amount: fixed2(t.amount), rate: fixed2(t.rateBp) }],
	}));
	data.withholding_taxes = [...doc.totals.withholdings.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([code, value]) => ({ tribute_code: code, name: WITHHOLDINGS[code], value: fixed2(value) }));
	data.totals = totalsV2(doc.totals);
	if (doc.kind === 'bill') {
		data.related_documents = list(body.related_documents).map((r) => ({ code: text(r.code), number: text(r.number), issue_date: dmy(r.issue_date) }));
		data.related_notes = {
			credit_notes: doc.notes.filter((n) => n.kind === 'creditNote').map(noteSummary),
			debit_notes: doc.notes.filter((n) => n.kind === 'debitNote').map(noteSummary),
		};
	}
	if (doc.parent) {
		const key = doc.parent.kind === 'bill' ? 'bill' : 'support_document';
		data[key] = { reference_code: doc.parent.referenceCode, number: doc.parent.number, [KINDS_V2[doc.parent.kind].authorityKey]: doc.parent.authorityId || null };
	} else if (doc.kind === 'creditNote' || doc.kind === 'debitNote') data.bill = null;
	data.links = linkOf(doc, baseUrl);
	return data;
}

/** One row of a v2 list (v2/notas-ajuste-documentos-soporte/ver-y-filtrar.md shows the shape). */
export function listRowV2(doc: V2Document): Obj {
	const party = partyV2(doc);
	delete party.graphic_representation_name;
	return {
		api_client_name: 'Factus simulator',
		number: doc.number,
		reference_code: doc.referenceCode,
		...(doc.kind === 'bill' ? { document_type: coded(DOCUMENT_TYPES, text(doc.body.document) || '01'), operation_type: coded(OPERATION_TYPES, text(doc.body.operation_type) || '10') } : {}),
		[KINDS_V2[doc.kind].partyKey]: party,
		total: fixed2(doc.totals.total),
		errors: errorsV2(doc),
		send_email: doc.body.send_email !== false,
		...(doc.kind === 'bill' ? { has_claim: doc.events.some((e) => e.code === '031'), is_negotiable_instrument: false } : {}),
		is_validated: doc.validated,
		validated_at: doc.validatedAt ? factusDateTime(doc.validatedAt) : null,
		created_at: factusDateTime(doc.createdAt),
	};
}

export function fileNameV2(doc: V2Document): string {
	const year = String(doc.createdAt.getUTCFullYear()).slice(2);
	return `${KINDS_V2[doc.kind].fileLetters}0${COMPANY.nit}000${year}${String(doc.id).padStart(8, '0')}`;
}

export function pdfV2(doc: V2Document): Buffer {
	const lines = [`Referencia: ${doc.referenceCode}`, `Total: ${fixed2(doc.totals.total)} COP`, `${KINDS_V2[doc.kind].authorityKey.toUpperCase()}: ${doc.authorityId}`];
	const currency = doc.body.currency as Obj | undefined;
	if (currency) {
		// The graphic representation shows the totals in the foreign currency too (estandar-currency.md).
		const rate = cents(currency.exchange_rate);
		const foreign = rate > BigInt(0) ? (doc.totals.total * BigInt(100) * BigInt(2) + rate) / (rate * BigInt(2)) : BigInt(0);
		lines.push(`Total ${text(currency.type)}: ${fixed2(foreign)} - TRM ${fixed2(rate)}`);
	}
	return pdfFor(`${COMPANY.company} - ${doc.number}`, lines);
}

export function xmlV2(doc: V2Document): Buffer {
	return xmlFor(KINDS_V2[doc.kind].xmlRoot, {
		ID: doc.number,
		UUID: doc.authorityId,
		IssueDate: doc.createdAt.toISOString().slice(0, 10),
		TaxExclusiveAmount: fixed2(doc.totals.taxable),
		TaxAmount: fixed2(doc.totals.tax),
		PayableAmount: fixed2(doc.totals.total),
	});
}

/** The AttachedDocument DIAN wraps an issued document and its validation answer in. */
export function attachedDocumentV2(doc: V2Document): Buffer {
	return xmlFor('AttachedDocument', {
		ID: doc.number,
		ParentDocumentID: doc.number,
		UUID: doc.authorityId,
		IssueDate: (doc.validatedAt ?? doc.createdAt).toISOString().slice(0, 10),
		DocumentType: 'Contenedor de Factura Electrónica',
		Description: xmlV2(doc).toString('base64'),
		ResponseCode: '02',
	});
}

export function emailZipV2(doc: V2Document): Buffer {
	const name = fileNameV2(doc);
	return zipOf([
		{ name: `${name}.pdf`, data: pdfV2(doc) },
		{ name: `ad${name.slice(2)}.xml`, data: attachedDocumentV2(doc) },
	]);
}
