/**
 * One item of a v2 create → a checked v2 body, whatever the input mode (Fields, JSON, Shopify order or
 * refund): the mode's reader, then — for notes — the document corrected (read from Factus: it must be
 * validated by DIAN; its lines are copied when asked), the amount of a one-payment bill, and the one check
 * (wire/v2/rules.ts). Every problem is thrown at once, nothing sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { Dec } from '../../../shared/decimal';
import { localError } from '../../../shared/errors';
import { Problems } from '../../../shared/invoice/problems';
import { compact, jsonParameter } from '../../../shared/params';
import { externalReferenceFor } from '../../../shared/shopify/options';
import type { ShopifyMapping } from '../../../shared/shopify/ui';
import { mapShopifyOrder, mapShopifyRefund, readShopifyOptions, SHOPIFY_ORDER_MODE, SHOPIFY_REFUND_MODE } from '../../../shared/shopify/ui';
import { PROVIDER } from '../../transport';
import { dianStateV2 } from '../../wire/v2/answer';
import { bodyFromInvoice } from '../../wire/v2/fromInvoice';
import { totalsV2 } from '../../wire/v2/preview';
import type { V2Kind } from '../../wire/v2/profile';
import { FACTUS_V2, FACTUS_V2_CODES, V2_NOUNS, V2_PARENTS } from '../../wire/v2/profile';
import { checkV2Body } from '../../wire/v2/rules';
import { rowsByReferenceV2, showV2 } from '../../wire/v2/transport';
import { amountText, fieldsLabel, readFieldsV2 } from './fields';

export interface ReadV2 {
	body: IDataObject;
	shopify?: ShopifyMapping;
	/** Notes: the bill or support document corrected, as Factus shows it. */
	corrected?: IDataObject;
}

interface Source {
	body: IDataObject;
	/** One payment of the whole total: its amount is computed here. */
	single: boolean;
	copyLines: boolean;
	label?: (path: string) => string | undefined;
	shopify?: ShopifyMapping;
}

const isObject = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

/** The Reference Code and Numbering Range fields, when filled in (Create only). */
function overrides(ctx: IExecuteFunctions, i: number, forPreview: boolean): IDataObject {
	if (forPreview) return {};
	const reference = str(ctx.getNodeParameter('referenceCode', i, ''));
	const range = str(ctx.getNodeParameter('numberingRangeId', i, ''));
	return compact({ reference_code: reference, numbering_range_id: range === '' ? undefined : /^\d+$/.test(range) ? Number(range) : range });
}

const fromOrder = (path: string) => `body from the Shopify order › ${path}`;

/** The bill Factus has under a Shopify order's reference code (what Create & Validate issued for it). */
async function billOfOrder(ctx: IExecuteFunctions, i: number, mapping: ShopifyMapping, prefix: string | undefined): Promise<string> {
	const reference = externalReferenceFor({ id: mapping.orderId }, { referencePrefix: prefix });
	const found = await rowsByReferenceV2(ctx, i, 'bill', reference);
	const refuse = (message: string, hint: string) => localError(ctx.getNode(), { provider: PROVIDER, message, hint, code: 'bill_not_found' }, i);
	if ('unreadable' in found) throw refuse(`Factus could not tell which bill has reference_code "${reference}" for Shopify order ${mapping.orderName}: ${found.unreadable}`, 'Nothing was sent. Run again later, or give the Bill Number.');
	const row = found.rows[0];
	if (found.rows.length !== 1 || typeof row.number !== 'string') {
		throw refuse(`Factus has no bill with reference_code "${reference}" for Shopify order ${mapping.orderName}`, 'Nothing was sent. Give the Bill Number of the bill this refund corrects.');
	}
	return row.number;
}

async function source(ctx: IExecuteFunctions, i: number, kind: V2Kind, forPreview: boolean): Promise<Source> {
	const mode = ctx.getNodeParameter('inputMode', i) as string;
	if (mode === 'json') {
		const raw = jsonParameter(ctx, 'documentJson', i, PROVIDER, V2_NOUNS[kind]);
		// The package's invoice JSON (customer, lines) is mapped; anything else is a v2 body as Factus documents it.
		if (isObject(raw) && Array.isArray(raw.lines)) {
			const body = bodyFromInvoice(raw, { seller: kind === 'supportDocument' });
			return { body: { ...body, ...overrides(ctx, i, forPreview) }, single: true, copyLines: false };
		}
		return { body: isObject(raw) ? { ...raw, ...overrides(ctx, i, forPreview) } : (raw as IDataObject), single: false, copyLines: false };
	}
	if (kind === 'bill' && mode === SHOPIFY_ORDER_MODE) {
		const given = overrides(ctx, i, forPreview);
		const mapping = mapShopifyOrder(ctx, i, { provider: PROVIDER, profile: FACTUS_V2, options: readShopifyOptions(ctx, i, PROVIDER), referenceOverride: given.reference_code as string | undefined });
		const body = { ...bodyFromInvoice(mapping.result.invoice as unknown as IDataObject), ...given, ...(forPreview ? {} : { reference_code: mapping.reference }) };
		if (forPreview) delete body.reference_code;
		return { body, single: true, copyLines: false, label: fromOrder, shopify: mapping };
	}
	if (kind === 'creditNote' && mode === SHOPIFY_REFUND_MODE) {
		const options = readShopifyOptions(ctx, i, PROVIDER);
		const givenBill = str(ctx.getNodeParameter('shopifyBillNumber', i, ''));
		const given = overrides(ctx, i, false);
		const mapping = mapShopifyRefund(ctx, i, {
			provider: PROVIDER,
			profile: FACTUS_V2,
			options: { ...options, ...(givenBill ? { related: { number: givenBill } } : {}) },
			referenceOverride: given.reference_code as string | undefined,
		});
		const invoice = mapping.result.invoice as unknown as IDataObject;
		const related = (invoice.related ?? {}) as IDataObject;
		const billNumber = givenBill || (await billOfOrder(ctx, i, mapping, options.referencePrefix));
		const body = {
			...bodyFromInvoice(invoice, { withParty: false }),
			...given,
			reference_code: mapping.reference,
			bill_number: billNumber,
			correction_concept_code: str(related.reasonCode) || FACTUS_V2_CODES.creditNoteReasons.partialReturn,
		};
		return { body, single: true, copyLines: false, label: fromOrder, shopify: mapping };
	}
	const read = readFieldsV2(ctx, i, kind, forPreview);
	return { body: read.body, single: read.single, copyLines: read.copyLines, label: fieldsLabel(kind, read.single) };
}

/** A v2 item as Factus shows it → the item a note sends (the same codes, rates and prices). */
export function itemFromShown(item: IDataObject): IDataObject {
	const code = (value: unknown) => (isObject(value) ? str(value.code) : str(value));
	const taxes = (Array.isArray(item.taxes) ? (item.taxes as IDataObject[]) : []).map((tax) => {
		if (tax.is_excluded === true) return { is_excluded: true };
		const rate = Array.isArray(tax.rates) && isObject(tax.rates[0]) ? (tax.rates[0] as IDataObject).rate : tax.rate;
		return { code: code(tax.tribute) || str(tax.code), rate: amountText(rate) };
	});
	const withholdings = (Array.isArray(item.withholding_taxes) ? (item.withholding_taxes as IDataObject[]) : []).map((w) => {
		const rate = Array.isArray(w.rates) && isObject(w.rates[0]) ? (w.rates[0] as IDataObject).rate : w.rate;
		return { code: str(w.tribute_code) || str(w.code), rate: amountText(rate) };
	});
	return compact({
		code_reference: str(item.code_reference),
		name: str(item.name),
		quantity: amountText(item.quantity),
		discount_rate: amountText(item.discount_rate ?? 0),
		price: amountText(item.price),
		unit_measure_code: code(item.unit_measure) || FACTUS_V2_CODES.unit,
		standard_code: code(item.standard_code) || FACTUS_V2_CODES.standard,
		taxes,
		...(withholdings.length ? { withholding_taxes: withholdings } : {}),
		...(item.scheme_id !== undefined && item.scheme_id !== null ? { scheme_id: str(item.scheme_id) } : {}),
	}) as IDataObject;
}

/** The document a note corrects: read from Factus, and validated by DIAN, or the item fails before sending. */
async function correctedDocument(ctx: IExecuteFunctions, i: number, kind: V2Kind, number: string): Promise<IDataObject> {
	const parent = V2_PARENTS[kind]!;
	const noun = V2_NOUNS[parent.kind];
	const document = await showV2(ctx, i, parent.kind, number);
	const state = dianStateV2(document);
	if (typeof document.number !== 'string') {
		throw localError(ctx.getNode(), { provider: PROVIDER, message: `Factus did not return the ${noun} ${number}`, code: 'not_found' }, i);
	}
	if (state.status !== 'accepted') {
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `The ${noun} ${number} is not validated by DIAN (${state.status}); a ${V2_NOUNS[kind]} can only correct a validated ${noun}`,
				hint: state.status === 'pending' ? `Wait for DIAN Result on the ${noun} first.` : `A rejected ${noun} is deleted (Delete Unvalidated), not corrected.`,
				code: 'parent_not_validated',
			},
			i,
		);
	}
	return document;
}

/**
 * A credit note may credit at most what is left of its bill (its total less the credit notes DIAN already
 * validated for it, as the bill lists them in `related_notes`): what Factus would refuse, said before sending.
 */
function creditLeft(body: IDataObject, bill: IDataObject, problems: Problems, label?: (path: string) => string | undefined): void {
	const total = Dec.isDecimal((bill.totals as IDataObject | undefined)?.total) ? Dec.of((bill.totals as IDataObject).total as string) : undefined;
	if (!total) return;
	const notes = ((bill.related_notes as IDataObject | undefined)?.credit_notes ?? []) as IDataObject[];
	const credited = Dec.sum(notes.filter((n) => n.is_validated === true && Dec.isDecimal(n.total)).map((n) => Dec.of(n.total as string)));
	const left = total.sub(credited);
	const note = totalsV2(body).total;
	if (note.cmp(left) <= 0) return;
	const shown = label?.('items');
	problems.add('items', `add up to ${note.toFixed(2)}, more than what is left to credit of bill ${String(bill.number)}: ${left.toFixed(2)} (its total ${total.toFixed(2)} less ${credited.toFixed(2)} already credited)`, shown && shown !== 'items' ? { label: shown, providerPath: 'items' } : {});
}

/** Item `i` → its checked v2 body; throws one validation error with every problem, before any create. */
export async function readItemV2(ctx: IExecuteFunctions, i: number, kind: V2Kind, options: { forPreview?: boolean } = {}): Promise<ReadV2> {
	const forPreview = options.forPreview === true;
	const input = await source(ctx, i, kind, forPreview);
	const body = input.body;
	let corrected: IDataObject | undefined;
	const parent = V2_PARENTS[kind];
	const parentNumber = parent && isObject(body) ? str(body[parent.field]) : '';
	if (parent && parentNumber !== '' && (input.copyLines || !forPreview)) {
		corrected = await correctedDocument(ctx, i, kind, parentNumber);
		if (input.copyLines) body.items = (Array.isArray(corrected.items) ? (corrected.items as IDataObject[]) : []).map(itemFromShown);
	}
	if (input.single && isObject(body) && Array.isArray(body.payment_details) && isObject(body.payment_details[0])) {
		(body.payment_details[0] as IDataObject).amount = totalsV2(body).payable.toFixed(2);
	}
	const problems = new Problems();
	const checked = checkV2Body(kind, body, { requireReference: !forPreview, label: input.label, copiedItems: input.copyLines }, problems);
	if (!problems.hasAny() && kind === 'creditNote' && corrected) creditLeft(body, corrected, problems, input.label);
	problems.throwIfAny(ctx.getNode(), PROVIDER, i, V2_NOUNS[kind]);
	return { body: checked!, shopify: input.shopify, corrected };
}
