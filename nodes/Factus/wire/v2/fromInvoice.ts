/**
 * The package's neutral Invoice (its invoice JSON, a Shopify order or refund mapped with the FACTUS_V2
 * profile) → a v2 body: codes as strings, net prices, taxes per item, one payment of the whole total.
 * The body is then checked like any other (rules.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { Dec } from '../../../shared/decimal';
import { compact } from '../../../shared/params';
import { FACTUS_V2_CODES } from './profile';

const str = (value: unknown): string | undefined => (value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim());
const two = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : Dec.isDecimal(value) ? Dec.of(value as string | number).toFixed(2) : String(value));
const list = (value: unknown): IDataObject[] => (Array.isArray(value) ? (value as IDataObject[]) : []);

/** The invoice's receiver → `customer` (or `provider` for a support document). */
export function partyFromInvoice(customer: IDataObject | undefined, seller: boolean): IDataObject | undefined {
	if (!customer || (customer.idType === undefined && customer.idNumber === undefined)) {
		if (seller) return undefined;
		const consumer = FACTUS_V2_CODES.finalConsumer;
		return compact({ identification_document_code: consumer.idType, identification: consumer.idNumber, names: consumer.name, legal_organization_code: '2', tribute_code: 'ZZ', email: str(customer?.email) }) as IDataObject;
	}
	const idType = str(customer.idType);
	const legal = customer.personType === 'legal' || (customer.personType === undefined && idType === FACTUS_V2_CODES.idTypes.taxId) ? '1' : '2';
	const responsibilities = list(customer.taxResponsibilities);
	return compact({
		identification_document_code: idType,
		identification: str(customer.idNumber),
		dv: str(customer.dv),
		...(seller ? { names: str(customer.name) } : legal === '1' ? { company: str(customer.name) } : { names: str(customer.name) }),
		legal_organization_code: legal,
		trade_name: seller ? undefined : str(customer.tradeName),
		address: str(customer.address),
		email: str(customer.email),
		phone: str(customer.phone),
		municipality_code: str(customer.municipality),
		country_code: str(customer.country) ?? (seller ? 'CO' : undefined),
		tribute_code: seller ? undefined : str(customer.taxScheme),
		...(responsibilities.length && !seller ? { responsibilities } : {}),
	}) as IDataObject;
}

export function itemsFromInvoice(lines: IDataObject[]): IDataObject[] {
	return lines.map((line, i) => {
		const excluded = line.taxExcluded === true;
		const withholdings = list(line.withholdings).map((w) => ({ code: str(w.code), rate: two(w.rate) }));
		const amount = line.discountAmount !== undefined && Dec.isDecimal(line.discountAmount) && Dec.of(line.discountAmount as string).cmp(0) > 0;
		return compact({
			code_reference: str(line.code) ?? String(i + 1),
			name: str(line.description),
			quantity: two(line.quantity),
			...(amount ? { discount_amount: two(line.discountAmount) } : { discount_rate: two(line.discountRate ?? 0) }),
			price: two(line.unitPrice),
			unit_measure_code: str(line.unit) ?? FACTUS_V2_CODES.unit,
			standard_code: FACTUS_V2_CODES.standard,
			taxes: excluded ? [{ is_excluded: true }] : [{ code: '01', rate: two(line.taxRate ?? 0) }],
			...(withholdings.length ? { withholding_taxes: withholdings } : {}),
		}) as IDataObject;
	});
}

/**
 * An Invoice → a v2 body whose one payment's amount is left for the reader to fill in (the total is only
 * known once the items are checked). `seller`: a support document's provider.
 */
export function bodyFromInvoice(invoice: IDataObject, options: { seller?: boolean; withParty?: boolean } = {}): IDataObject {
	const payment = (invoice.payment ?? {}) as IDataObject;
	const credit = payment.form === 'credit';
	const party = options.withParty === false ? undefined : partyFromInvoice(invoice.customer as IDataObject | undefined, options.seller === true);
	return compact({
		reference_code: str(invoice.externalReference),
		observation: str(invoice.notes),
		[options.seller ? 'provider' : 'customer']: party,
		items: itemsFromInvoice(list(invoice.lines)),
		payment_details: [
			compact({ payment_form: credit ? '2' : FACTUS_V2_CODES.payment.form, payment_method_code: str(payment.method) ?? FACTUS_V2_CODES.payment.method, due_date: credit ? str(payment.dueDate) : undefined }),
		],
	}) as IDataObject;
}
