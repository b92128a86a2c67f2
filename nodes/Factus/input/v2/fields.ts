/**
 * Fields mode of the v2 creates → a v2 body, and the label of each of its paths as the user sees the
 * field ("Lines › Unit Price (Before Tax) (line 2)"), so that the one check (wire/v2/rules.ts) names the
 * field the user filled in. Nothing is validated here.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { Dec } from '../../../shared/decimal';
import { compact, fixedCollectionEntries } from '../../../shared/params';
import { FACTUS_V2_CODES } from '../../wire/v2/profile';
import type { V2Kind } from '../../wire/v2/profile';

const str = (value: unknown): string | undefined => {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
};

/** Two decimals when the value has at most two (what v2 prints), else as given (the check reports it). */
export function amountText(value: unknown): string | undefined {
	if (typeof value === 'string') value = value.trim();
	if (value === undefined || value === null || value === '') return undefined;
	if (!Dec.isDecimal(value)) return String(value);
	const d = Dec.of(value as number | string);
	return d.decimals() <= 2 ? d.toFixed(2) : d.toString();
}

const locatorValue = (value: unknown): string | undefined => str(value && typeof value === 'object' ? (value as IDataObject).value : value);

/** A line's taxes: the Tax option (`01_19`, `excluded`, `none`) and the optional second tax. */
function lineTaxes(line: IDataObject): IDataObject[] {
	const taxes: IDataObject[] = [];
	const tax = String(line.tax ?? '01_19');
	if (tax === 'excluded') taxes.push({ is_excluded: true });
	else if (tax !== 'none') {
		const [code, rate] = tax.split('_');
		taxes.push({ code, rate: amountText(rate) });
	}
	const second = str(line.secondTax);
	if (second) taxes.push({ code: second, rate: amountText(line.secondTaxRate ?? 0) });
	return taxes;
}

export function linesToItems(lines: IDataObject[]): IDataObject[] {
	return lines.map((line, i) => {
		const held = (line.withholdings ?? {}) as IDataObject;
		const withholdings: IDataObject[] = [];
		if (Number(held.reteIva ?? 0) > 0) withholdings.push({ code: '05', rate: amountText(held.reteIva) });
		if (Number(held.reteRenta ?? 0) > 0) withholdings.push({ code: '06', rate: amountText(held.reteRenta) });
		return compact({
			code_reference: str(line.code) ?? String(i + 1),
			name: str(line.description),
			quantity: amountText(line.quantity ?? 1),
			discount_rate: amountText(line.discountRate ?? 0),
			// Empty stays empty (refused as required); text that is not a number is kept as typed and refused by the check.
			price: amountText(line.unitPrice),
			unit_measure_code: str(line.unit) ?? FACTUS_V2_CODES.unit,
			standard_code: str(line.standardCode) ?? FACTUS_V2_CODES.standard,
			taxes: lineTaxes(line),
			...(withholdings.length ? { withholding_taxes: withholdings } : {}),
		}) as IDataObject;
	});
}

const LINE_LABELS: Record<string, string> = {
	code_reference: 'Code',
	name: 'Description',
	quantity: 'Quantity',
	price: 'Unit Price (Before Tax)',
	discount_rate: 'Discount (%)',
	unit_measure_code: 'Unit Name or ID',
	standard_code: 'Standard Code',
	taxes: 'Tax',
	withholding_taxes: 'Withholdings',
};

const PARTY_LABELS: Record<string, string> = {
	identification_document_code: 'ID Type',
	identification: 'ID Number',
	names: 'Customer Name',
	company: 'Customer Name',
	address: 'Details › Address',
	email: 'Details › Email',
	phone: 'Details › Phone',
	dv: 'Details › DV (NIT Check Digit)',
	municipality_code: 'Municipality',
	country_code: 'Details › Country Code',
	trade_name: 'Details › Trade Name',
	tribute_code: 'Details › Tribute',
	responsibilities: 'Details › Fiscal Responsibilities',
};

const TOP_LABELS: Record<string, string> = {
	reference_code: 'Reference Code',
	numbering_range_id: 'Numbering Range',
	bill_number: 'Bill Number',
	support_document_number: 'Support Document Number',
	correction_concept_code: 'Correction Concept',
	observation: 'Additional Fields › Observation',
	cash_rounding_amount: 'Additional Fields › Cash Rounding Amount',
	'currency.type': 'Additional Fields › Currency Shown on the PDF',
	'currency.exchange_rate': 'Additional Fields › Currency Exchange Rate',
	'billing_period.start_date': 'Additional Fields › Billing Period Start',
	'billing_period.end_date': 'Additional Fields › Billing Period End',
	'order_reference.reference_code': 'Additional Fields › Order Reference',
	'order_reference.issue_date': 'Additional Fields › Order Date',
	'establishment.name': 'Additional Fields › Establishment Name',
	'establishment.address': 'Additional Fields › Establishment Address',
	'establishment.phone_number': 'Additional Fields › Establishment Phone',
	'establishment.email': 'Additional Fields › Establishment Email',
	'establishment.municipality_code': 'Additional Fields › Establishment Municipality Code',
	items: 'Lines',
	document: 'Additional Fields › Document Type',
	related_documents: 'Additional Fields › Paper Invoice Number',
	'related_documents.0.code': 'Additional Fields › Paper Invoice Code',
	'related_documents.0.number': 'Additional Fields › Paper Invoice Number',
	'related_documents.0.issue_date': 'Additional Fields › Paper Invoice Date',
};

/** The field the user sees for a v2 path of a Fields-mode body. */
export function fieldsLabel(kind: V2Kind, single: boolean): (path: string) => string | undefined {
	const seller = kind === 'supportDocument' || kind === 'adjustmentNote';
	return (path) => {
		if (TOP_LABELS[path]) return TOP_LABELS[path];
		let m = /^items\.(\d+)\.([a-z_]+)/.exec(path);
		if (m) return `Lines › ${LINE_LABELS[m[2]] ?? m[2]} (line ${Number(m[1]) + 1})`;
		m = /^(customer|provider)\.([a-z_]+)/.exec(path);
		if (m) {
			const label = PARTY_LABELS[m[2]] ?? m[2];
			if (m[2] === 'address' && seller) return 'Seller Address';
			return label.replace('Customer Name', seller ? 'Seller Name' : 'Customer Name').replace('Details ›', seller ? 'Seller Details ›' : 'Customer Details ›');
		}
		m = /^payment_details\.(\d+)\.([a-z_]+)/.exec(path);
		if (m) {
			const field = { payment_form: 'Payment Form', payment_method_code: 'Payment Method', due_date: 'Due Date', amount: 'Amount', reference_code: 'Reference' }[m[2]] ?? m[2];
			return single ? field : `Payments › ${field} (payment ${Number(m[1]) + 1})`;
		}
		if (path === 'payment_details') return single ? 'Payment' : 'Payments';
		m = /^prepayment_details\.(\d+)\.([a-z_]+)/.exec(path);
		if (m) return `Additional Fields › Prepayments › ${{ amount: 'Amount', received_date: 'Received Date', reference_code: 'Reference', note: 'Note' }[m[2]] ?? m[2]} (prepayment ${Number(m[1]) + 1})`;
		if (/^allowance_charges\.\d+\.amount$/.test(path)) return 'Additional Fields › Tip Amount';
		return undefined;
	};
}

export interface FieldsRead {
	body: IDataObject;
	/** One payment of the whole total: its amount is filled in once the items are known. */
	single: boolean;
	/** Notes: copy the corrected document's lines. */
	copyLines: boolean;
	/** Notes: the number of the corrected document. */
	parentNumber?: string;
}

function party(ctx: IExecuteFunctions, i: number, kind: V2Kind): IDataObject | undefined {
	const seller = kind === 'supportDocument' || kind === 'adjustmentNote';
	if (kind === 'adjustmentNote') return undefined;
	const details = ctx.getNodeParameter('customerDetails', i, {}) as IDataObject;
	const type = seller ? 'identified' : (ctx.getNodeParameter('customerType', i, 'identified') as string);
	if (type === 'fromBill') return undefined;
	if (type === 'finalConsumer') {
		const consumer = FACTUS_V2_CODES.finalConsumer;
		return compact({
			identification_document_code: consumer.idType,
			identification: consumer.idNumber,
			names: consumer.name,
			legal_organization_code: '2',
			tribute_code: 'ZZ',
			email: str(details.email),
			phone: str(details.phone),
			address: str(details.address),
			country_code: str(details.country),
		}) as IDataObject;
	}
	const name = str(ctx.getNodeParameter('customerName', i, ''));
	const common = {
		identification_document_code: str(ctx.getNodeParameter('idType', i, '')),
		identification: str(ctx.getNodeParameter('idNumber', i, '')),
		dv: str(details.dv),
		email: str(details.email),
		phone: str(details.phone),
		municipality_code: locatorValue(ctx.getNodeParameter('municipality', i, '')),
	};
	if (seller) {
		return compact({ ...common, names: name, address: str(ctx.getNodeParameter('sellerAddress', i, '')) ?? str(details.address), country_code: str(details.country) ?? 'CO' }) as IDataObject;
	}
	const legal = String(ctx.getNodeParameter('personType', i, '2'));
	const responsibilities = Array.isArray(details.responsibilities) ? (details.responsibilities as string[]) : [];
	return compact({
		...common,
		...(legal === '1' ? { company: name } : { names: name }),
		legal_organization_code: legal,
		trade_name: str(details.tradeName),
		address: str(details.address),
		country_code: str(details.country),
		tribute_code: str(details.tributeCode),
		...(responsibilities.length ? { responsibilities } : {}),
	}) as IDataObject;
}

function payments(ctx: IExecuteFunctions, i: number): { details: IDataObject[]; single: boolean } {
	if ((ctx.getNodeParameter('paymentMode', i, 'single') as string) === 'several') {
		const entries = fixedCollectionEntries(ctx.getNodeParameter('payments', i, {}), 'payment');
		return {
			single: false,
			details: entries.map((p) =>
				compact({ payment_form: str(p.paymentForm) ?? '1', payment_method_code: str(p.paymentMethod) ?? '10', reference_code: str(p.reference), amount: amountText(p.amount ?? 0), due_date: str(p.dueDate) }) as IDataObject,
			),
		};
	}
	const form = String(ctx.getNodeParameter('paymentForm', i, '1'));
	return {
		single: true,
		details: [compact({ payment_form: form, payment_method_code: String(ctx.getNodeParameter('paymentMethod', i, '10')), due_date: form === '2' ? str(ctx.getNodeParameter('dueDate', i, '')) : undefined }) as IDataObject],
	};
}

function additional(kind: V2Kind, extra: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (str(extra.observation)) body.observation = str(extra.observation);
	if (typeof extra.sendEmail === 'boolean') body.send_email = extra.sendEmail;
	if (Number(extra.cashRounding ?? 0) !== 0) body.cash_rounding_amount = amountText(extra.cashRounding);
	if (kind !== 'bill') return body;
	if (str(extra.documentType) === '03' || str(extra.relatedNumber)) {
		body.document = str(extra.documentType) ?? '01';
		body.related_documents = [compact({ code: str(extra.relatedCode), number: str(extra.relatedNumber), issue_date: str(extra.relatedDate) })];
	}
	if (str(extra.currency) || Number(extra.exchangeRate ?? 0) > 0) body.currency = compact({ type: str(extra.currency)?.toUpperCase(), exchange_rate: Number(extra.exchangeRate ?? 0) > 0 ? String(extra.exchangeRate) : undefined });
	if (str(extra.billingStart) || str(extra.billingEnd)) body.billing_period = compact({ start_date: str(extra.billingStart), end_date: str(extra.billingEnd) });
	if (str(extra.orderReference) || str(extra.orderDate)) body.order_reference = compact({ reference_code: str(extra.orderReference), issue_date: str(extra.orderDate) });
	const establishment = {
		name: str(extra.establishmentName),
		address: str(extra.establishmentAddress),
		phone_number: str(extra.establishmentPhone),
		email: str(extra.establishmentEmail),
		municipality_code: str(extra.establishmentMunicipality),
	};
	if (Object.values(establishment).some((v) => v !== undefined)) body.establishment = establishment;
	const prepayments = fixedCollectionEntries(extra.prepayments, 'prepayment');
	if (prepayments.length) {
		body.prepayment_details = prepayments.map((p) => compact({ reference_code: str(p.reference), received_date: str(p.receivedDate), amount: amountText(p.amount ?? 0), note: str(p.note) }) as IDataObject);
	}
	if (Number(extra.tip ?? 0) > 0) {
		body.allowance_charges = [{ concept_type: '03', is_surcharge: true, reason: 'Propina', base_amount: '0.00', amount: amountText(extra.tip) }];
	}
	return body;
}

/** Fields mode → a v2 body (reference code and range only for Create). */
export function readFieldsV2(ctx: IExecuteFunctions, i: number, kind: V2Kind, forPreview: boolean): FieldsRead {
	const body: IDataObject = {};
	if (!forPreview) {
		body.reference_code = str(ctx.getNodeParameter('referenceCode', i, ''));
		const range = str(ctx.getNodeParameter('numberingRangeId', i, ''));
		if (range) body.numbering_range_id = /^\d+$/.test(range) ? Number(range) : range;
	}
	let parentNumber: string | undefined;
	let copyLines = false;
	if (kind === 'creditNote' || kind === 'debitNote' || kind === 'adjustmentNote') {
		parentNumber = str(ctx.getNodeParameter('parentNumber', i, ''));
		body[kind === 'adjustmentNote' ? 'support_document_number' : 'bill_number'] = parentNumber;
		body.correction_concept_code = String(ctx.getNodeParameter('correctionConcept', i));
		copyLines = kind !== 'debitNote' && (ctx.getNodeParameter('linesSource', i, 'parent') as string) === 'parent';
	}
	const who = party(ctx, i, kind);
	if (who) body[kind === 'supportDocument' ? 'provider' : 'customer'] = who;
	if (!copyLines) body.items = linesToItems(fixedCollectionEntries(ctx.getNodeParameter('lines', i, {}), 'line'));
	const paid = payments(ctx, i);
	body.payment_details = paid.details;
	Object.assign(body, additional(kind, ctx.getNodeParameter('additionalFields', i, {}) as IDataObject));
	return { body: compact(body) as IDataObject, single: paid.single, copyLines, parentNumber };
}
