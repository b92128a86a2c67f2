/**
 * One item → a checked v1 body, whatever the input mode (Fields, JSON, Shopify order or refund): the mode's
 * reader (fields.ts, json.ts, shopify.ts) and then the one check (wire/v1/check.ts). Every problem is
 * thrown at once, nothing sent. A credit note then reads the bill it corrects (its `bill_id`, and its lines
 * when they are copied).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { localError } from '../../shared/errors';
import { Problems } from '../../shared/invoice/problems';
import { compact } from '../../shared/params';
import type { ShopifyMapping } from '../../shared/shopify/ui';
import { SHOPIFY_ORDER_MODE, SHOPIFY_REFUND_MODE } from '../../shared/shopify/ui';
import type { Kind } from '../profile';
import { NOUNS } from '../profile';
import { dianState, documentOf } from '../summary';
import { PROVIDER, show } from '../transport';
import type { CheckOptions } from '../wire/v1/check';
import { checkInvoice, checkV1Body } from '../wire/v1/check';
import { v1Problems } from '../wire/v1/rules';
import { rateText } from '../wire/v1/toBody';
import { readBillFields, readCreditNoteFields, readSupportDocumentFields } from './fields';
import { readJson } from './json';
import { readShopifyBill, readShopifyCreditNote } from './shopify';

export interface ReadItem {
	/** The v1 body, every local rule passed (a credit note's `bill_number` is still to be resolved). */
	body: IDataObject;
	/** Present when the input was a Shopify order or refund. */
	shopify?: ShopifyMapping;
	/** Credit notes in Fields mode: every line of the bill is credited (filled in by `resolveCreditedBill`). */
	copyLines?: boolean;
}

type Source = { invoice: unknown; extras: Parameters<typeof checkInvoice>[2]; label?: CheckOptions['label']; shopify?: ShopifyMapping; copyLines?: boolean };

async function source(ctx: IExecuteFunctions, i: number, kind: Kind, forPreview: boolean): Promise<Source | { v1: unknown }> {
	const mode = ctx.getNodeParameter('inputMode', i) as string;
	if (mode === 'json') return readJson(ctx, i, kind, { forPreview });
	if (kind === 'bill' && mode === SHOPIFY_ORDER_MODE) {
		const read = readShopifyBill(ctx, i, { forPreview });
		return { ...read, shopify: read.mapping };
	}
	if (kind === 'creditNote' && mode === SHOPIFY_REFUND_MODE) {
		const read = await readShopifyCreditNote(ctx, i);
		return { ...read, shopify: read.mapping };
	}
	if (kind === 'bill') return readBillFields(ctx, i, { forPreview });
	if (kind === 'creditNote') return readCreditNoteFields(ctx, i, { forPreview });
	return readSupportDocumentFields(ctx, i, { forPreview });
}

/** Item `i` → its checked v1 body; throws one validation error with every problem, before any create. */
export async function readItem(ctx: IExecuteFunctions, i: number, kind: Kind, options: { forPreview?: boolean } = {}): Promise<ReadItem> {
	const forPreview = options.forPreview === true;
	const input = await source(ctx, i, kind, forPreview);
	const problems = new Problems();
	if ('v1' in input) {
		const body = checkV1Body(kind, input.v1, { requireReference: !forPreview }, problems);
		problems.throwIfAny(ctx.getNode(), PROVIDER, i, NOUNS[kind]);
		return { body: body! };
	}
	const body = checkInvoice(kind, input.invoice, input.extras, { requireReference: !forPreview, ignoreItems: input.copyLines, label: input.label }, problems);
	problems.throwIfAny(ctx.getNode(), PROVIDER, i, NOUNS[kind]);
	return { body: body!, shopify: input.shopify, copyLines: input.copyLines };
}

/* ------------------------------------------------------------------------------------------------ */
/* The bill a credit note corrects                                                                   */
/* ------------------------------------------------------------------------------------------------ */

const ref = (value: unknown) => (value && typeof value === 'object' ? (value as IDataObject) : {});

/** A bill's items as Factus shows them → credit-note items (the same v1 item shape). */
function itemsFromBill(items: unknown): IDataObject[] {
	return (Array.isArray(items) ? (items as IDataObject[]) : []).map((item) => {
		const withholdings = (Array.isArray(item.withholding_taxes) ? (item.withholding_taxes as IDataObject[]) : []).map((w) => {
			const rate = ref((w.rates as IDataObject[] | undefined)?.[0]);
			return { code: String(w.tribute_code ?? rate.code ?? w.code), withholding_tax_rate: rateText(rate.rate ?? w.withholding_tax_rate) as string };
		});
		return compact({
			code_reference: item.code_reference as string | undefined,
			name: item.name as string,
			quantity: Number(item.quantity),
			discount_rate: Number(item.discount_rate ?? 0),
			price: Number(item.price),
			tax_rate: rateText(item.tax_rate) as string,
			unit_measure_id: (ref(item.unit_measure).id as number | undefined) ?? 70,
			standard_code_id: (ref(item.standard_code).id as number | undefined) ?? 1,
			is_excluded: Number(item.is_excluded ?? 0),
			tribute_id: (ref(item.tribute).id as number | undefined) ?? 1,
			withholding_taxes: withholdings,
		}) as IDataObject;
	});
}

/**
 * v1 credit notes reference the bill by its internal `bill_id`: the bill given by number is read, must be
 * validated by DIAN, and gives its id (and its lines, when all of them are credited). Returns the bill.
 */
export async function resolveCreditedBill(ctx: IExecuteFunctions, i: number, read: ReadItem, options: { forPreview?: boolean } = {}): Promise<IDataObject | undefined> {
	const { body } = read;
	const billNumber = typeof body.bill_number === 'string' ? body.bill_number.trim() : '';
	delete body.bill_number;
	if (billNumber === '') return undefined;
	const billData = await show(ctx, i, 'bill', billNumber);
	const bill = documentOf('bill', billData);
	const state = dianState(bill);
	if (bill.id === undefined || bill.id === null) {
		throw localError(ctx.getNode(), { provider: PROVIDER, message: `Factus did not return the internal ID of bill ${billNumber}` }, i);
	}
	if (state.status !== 'accepted') {
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `Bill ${billNumber} is not validated by DIAN (${state.status}); a credit note can only correct a validated bill`,
				hint: state.status === 'pending' ? 'Wait for DIAN Result on the bill first.' : 'A rejected bill is deleted (Delete Unvalidated), not credited.',
				code: 'bill_not_validated',
			},
			i,
		);
	}
	body.bill_id = Number(bill.id);
	if (read.copyLines) {
		body.items = itemsFromBill(billData.items);
		// The copied lines are Factus's own: checked with v1's paths, since no field of the node holds them.
		const problems = new Problems().addAll(v1Problems('creditNote', body, { requireReference: options.forPreview !== true }));
		problems.throwIfAny(ctx.getNode(), PROVIDER, i, 'credit note');
	}
	return bill;
}
