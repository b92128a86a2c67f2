/**
 * Shopify order / refund (REST Admin API resource or `orders/paid` / `refunds/create` webhook JSON) →
 * the neutral Invoice, computed so that the *provider's* arithmetic (`lineAmounts`/`sumLines` with the
 * provider's rule) reproduces what the customer paid to the cent — or says exactly why it cannot.
 *
 * Shopify facts this relies on (REST Admin API, Order and Refund resources):
 * - money fields are decimal strings in the shop currency; `*_set` bags add the presentment currency;
 * - `line_items[].price` is the unit price before discounts, in the shop's tax basis (`taxes_included`);
 * - `line_items[].discount_allocations[].amount` is every discount (line and order level) allocated to the
 *   line, in the same basis; `tax_lines[].price` is the line's tax after discounts, `rate` a fraction (0.19);
 * - `shipping_lines[].discounted_price` is the shipping charged after shipping discounts;
 * - `current_total_price` etc. reflect refunds and edits; `line_items[].current_quantity` (2024-01+);
 * - refunds: `refund_line_items[]{line_item_id, quantity, subtotal, total_tax}`, shipping as
 *   `refund_shipping_lines[]` (2024-10+) or `order_adjustments[]{kind: shipping_refund}` (older versions),
 *   money returned in `transactions[]{kind: refund, status: success}`.
 *
 * Nothing here talks HTTP or uses Node APIs: it ships in dist/ and is shared by the three provider nodes.
 */
import { z } from 'zod';

import { nitCheckDigit as dianCheckDigit } from './colombia';
import { Dec } from './decimal';
import type { ProviderName, ValidationProblem } from './errors';
import { customerSchema, invoiceSchema, lineAmounts, parseWith, sumLines } from './invoice';
import type { Invoice, InvoiceLine, LineAmounts, RelatedDocument, Totals } from './invoice';

/* ------------------------------------------------------------------------------------------------ */
/* Provider profiles                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

export interface FinalConsumer {
	/** null: the provider accepts a receiver without identification (El Salvador Factura 01). */
	idType: string | null;
	idNumber: string | null;
	name: string;
}

/** How a provider does its arithmetic and what it accepts — plain data, so a provider folder can own it later. */
export interface ProviderProfile {
	provider: ProviderName;
	/** Human name used in notes, e.g. "Factuconect Factura (01)". */
	label: string;
	country: 'CO' | 'SV';
	/** Provider document type the profile stands for (Factus `document`, MH `tipoDte`); null = not applicable. */
	documentType: string | null;
	pricesIncludeTax: boolean;
	/** Decimals kept per line for taxable amount and tax. */
	lineDecimals: number;
	/** Decimals of the document totals. */
	summaryDecimals: number;
	/**
	 * How the document totals come from the lines: `sumLines` (the shared rule: Σ taxable and Σ tax, each
	 * rounded), `ivaIncludedLines` (total = Σ tax-inclusive line totals, rounded once), or `ivaOnTaxedSummary`
	 * (tax = rate × the rounded taxed total, computed on the summary only).
	 */
	summary: 'sumLines' | 'ivaIncludedLines' | 'ivaOnTaxedSummary';
	/** Decimals accepted in a unit price. */
	priceDecimals: number;
	integerQuantities: boolean;
	/** Which discount forms a line accepts: a fixed amount, and/or a percentage with `rateDecimals` decimals. */
	discount: { amount: boolean; rateDecimals: number | null };
	/** Tax rates in percent, as the provider writes them without trailing zeros ("0", "5", "19"). */
	allowedTaxRates: string[];
	/** The provider can mark a line as excluded/exempt (otherwise it is sent as 0 %). */
	excludedFlag: boolean;
	/** `excluded`: the provider has no "taxed at 0 %" item, so an untaxed line is sent as exempt. */
	zeroRate: 'rate' | 'excluded';
	/** The provider can express a credit sale (payment form and due date). */
	creditSales: boolean;
	/** Fallback receiver when the order carries no tax ID; null = a tax ID is required. */
	finalConsumer: FinalConsumer | null;
	/** Identification type codes in the provider's list for a tax ID and a personal ID. */
	idTypes: { taxId: string; personalId: string };
	/** The receiver must have an NRC (El Salvador CCF). */
	requiresNrc: boolean;
	/** Unit of measure code for "unit". */
	defaultUnit: string;
	currencies: string[];
	/** Credit-note concept codes (DIAN list) or null when the provider has none. */
	creditNoteReasons: { partialReturn: string; annulment: string } | null;
	maxLines: number | null;
}

/** DIAN's generic final consumer: ID type 13 (cédula) with number 222222222222. */
const COLOMBIA_FINAL_CONSUMER: FinalConsumer = { idType: '13', idNumber: '222222222222', name: 'Consumidor final' };

/**
 * Factus API v1 (factus.md, seed 001): `items.price` includes tax with at most two decimals, `quantity` is an
 * integer, the only discount is `discount_rate` (two decimals), `tax_rate` "0.00"/"5.00"/"19.00", items can be
 * `is_excluded`; line and bill amounts are kept with two decimals (both seed examples agree to the cent).
 * v1 bodies have no currency field (COP). ID types are v1's `identification_document_id` (3 CC, 6 NIT);
 * unit 70 = "unidad"; correction concepts 1 partial return, 2 annulment.
 */
export const FACTUS_V1: ProviderProfile = {
	provider: 'Factus',
	label: 'Factus (v1)',
	country: 'CO',
	documentType: '01',
	pricesIncludeTax: true,
	lineDecimals: 2,
	summaryDecimals: 2,
	summary: 'sumLines',
	priceDecimals: 2,
	integerQuantities: true,
	discount: { amount: false, rateDecimals: 2 },
	allowedTaxRates: ['0', '5', '19'],
	excludedFlag: true,
	zeroRate: 'rate',
	creditSales: true,
	finalConsumer: { ...COLOMBIA_FINAL_CONSUMER, idType: '3' },
	idTypes: { taxId: '6', personalId: '3' },
	requiresNrc: false,
	defaultUnit: '70',
	currencies: ['COP'],
	creditNoteReasons: { partialReturn: '1', annulment: '2' },
	maxLines: 200,
};

/**
 * FacEPro Cloud (facepro.md): `precio` is the unit price without IVA, `iva_pct` 0/5/19, `cantidad` may have
 * decimals, `descuento_pct` or `descuento_valor`; 1..200 lines; DIAN codes 13 CC / 31 NIT, unit 94.
 * Decimals of prices are not stated: two (the DIAN norm for COP) is the safe choice. No excluded flag, no
 * payment terms and no currency field (COP): the FacEPro node refuses `taxExcluded` lines and credit sales.
 * Credit-note `motivo.codigo` follows DIAN's list (1 partial return, 2 annulment).
 */
export const FACEPRO: ProviderProfile = {
	provider: 'FacEPro',
	label: 'FacEPro',
	country: 'CO',
	documentType: null,
	pricesIncludeTax: false,
	lineDecimals: 2,
	summaryDecimals: 2,
	summary: 'sumLines',
	priceDecimals: 2,
	integerQuantities: false,
	discount: { amount: true, rateDecimals: 2 },
	allowedTaxRates: ['0', '5', '19'],
	excludedFlag: false,
	zeroRate: 'rate',
	creditSales: false,
	finalConsumer: COLOMBIA_FINAL_CONSUMER,
	idTypes: { taxId: '31', personalId: '13' },
	requiresNrc: false,
	defaultUnit: '94',
	currencies: ['COP'],
	creditNoteReasons: { partialReturn: '1', annulment: '2' },
	maxLines: 200,
};

/**
 * Factuconect Factura (01) (factuconect.md): prices include IVA 13 %, up to 8 decimals per item and 2 in the
 * summary, USD; `montoDescu` is a discount amount; `exento` marks exempt items; unit 59. MH items are taxed
 * at 13 % or exempt — there is no 0 % taxed item. The summary's total is the sum of the IVA-inclusive items
 * (`totalGravada` + `totalExenta`). A Factura to a final consumer may omit the receiver's document (MH
 * allows a null `tipoDocumento`/`numDocumento`). MH ID types: 36 NIT, 13 DUI; at most 2000 items.
 */
export const FACTUCONECT_FACTURA: ProviderProfile = {
	provider: 'Factuconect',
	label: 'Factuconect Factura (01)',
	country: 'SV',
	documentType: '01',
	pricesIncludeTax: true,
	lineDecimals: 8,
	summaryDecimals: 2,
	summary: 'ivaIncludedLines',
	priceDecimals: 8,
	integerQuantities: false,
	discount: { amount: true, rateDecimals: null },
	allowedTaxRates: ['13'],
	excludedFlag: true,
	zeroRate: 'excluded',
	creditSales: true,
	finalConsumer: { idType: null, idNumber: null, name: 'Consumidor final' },
	idTypes: { taxId: '36', personalId: '13' },
	requiresNrc: false,
	defaultUnit: '59',
	currencies: ['USD'],
	creditNoteReasons: null,
	maxLines: 2000,
};

/**
 * Factuconect Comprobante de Crédito Fiscal (03): like the Factura but lines are net and IVA is 13 % of the
 * summary's taxed total (`resumen.tributos`), not a sum of item taxes; the receiver must be identified by
 * NIT and NRC, so there is no final-consumer fallback.
 */
export const FACTUCONECT_CCF: ProviderProfile = {
	...FACTUCONECT_FACTURA,
	label: 'Factuconect Comprobante de Crédito Fiscal (03)',
	documentType: '03',
	pricesIncludeTax: false,
	summary: 'ivaOnTaxedSummary',
	finalConsumer: null,
	requiresNrc: true,
};

export const PROVIDER_PROFILES = {
	factusV1: FACTUS_V1,
	facEPro: FACEPRO,
	factuconectFactura: FACTUCONECT_FACTURA,
	factuconectCcf: FACTUCONECT_CCF,
} as const;

/* ------------------------------------------------------------------------------------------------ */
/* Options                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

/** Where the buyer's tax ID (NIT, cédula, DUI) comes from. */
export type TaxIdSource =
	| { kind: 'noteAttribute'; name: string }
	| { kind: 'billingCompany' }
	/** A value the workflow already has, e.g. a customer metafield read by an earlier node. */
	| { kind: 'value'; value?: string | number | null };

/** What Shopify does not know; every code is in the provider's own list. */
export interface ShopifyDefaults {
	municipality?: string;
	department?: string;
	paymentMethod?: string;
	unit?: string;
	/** Overrides the profile's document type (e.g. Factus "01"). */
	documentType?: string;
	taxResponsibilities?: string[];
	taxScheme?: string;
	economicActivity?: string;
	/** Factuconect: the stored receptor used for final consumers (idCliente). */
	finalConsumerClientId?: string;
}

export interface ShopifyAddressInput {
	city?: string | null;
	province?: string | null;
	province_code?: string | null;
	country_code?: string | null;
	zip?: string | null;
}

export interface ShopifyMappingOptions {
	/** Default: the note attribute "NIT". */
	taxIdSource?: TaxIdSource;
	/** Provider ID-type code for the tax ID; default: decided from the value (NIT vs personal ID). */
	idTypeForTaxId?: string;
	/** Note attribute holding the El Salvador NRC; default "NRC". */
	nrcNoteAttribute?: string;
	defaults?: ShopifyDefaults;
	/** Payment method code per Shopify gateway name (`payment_gateway_names`), e.g. {"shopify_payments": "48"}. */
	paymentMethodByGateway?: Record<string, string>;
	/** Invoice what the order is now (after refunds and edits). Default true. */
	useCurrentAmounts?: boolean;
	shippingLine?: { code?: string; description?: string };
	/** Amounts in the shop currency (default) or in the customer's presentment currency. */
	currency?: 'shop' | 'presentment';
	/** Prefix of the external reference; default "shopify-". */
	referencePrefix?: string;
	/**
	 * When the provider's rounding cannot reach the order total, add a visible 0 % line "Ajuste por redondeo"
	 * for the missing cents (only ever positive, at most one cent per line). Default false: report instead.
	 */
	roundingLine?: boolean;
	/** Invoice notes; default "Shopify <order name>". */
	notes?: string;
	/** Resolves the provider municipality code from the billing address (e.g. a catalog lookup). */
	municipalityFor?: (address: ShopifyAddressInput) => string | undefined;
}

export interface CreditNoteOptions extends ShopifyMappingOptions {
	/** The invoice being corrected (number, CUFE/codigoGeneracion, provider id, issue date). */
	related?: RelatedDocument;
	/** Overrides the concept code chosen from the refund (partial return vs annulment). */
	reasonCode?: string;
}

/* ------------------------------------------------------------------------------------------------ */
/* Shopify input (validated)                                                                         */
/* ------------------------------------------------------------------------------------------------ */

const moneyValue = z
	.union([z.string(), z.number()])
	.refine((v) => Dec.isDecimal(v), (v) => ({ message: `"${String(v)}" is not an amount (use a decimal such as "19.99")` }));
const moneyAmount = z.object({ amount: moneyValue, currency_code: z.string().nullish() });
const moneyBag = z.object({ shop_money: moneyAmount, presentment_money: moneyAmount });
const shopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'must be a numeric Shopify id')]);
const rateValue = z
	.union([z.number(), z.string()])
	.refine((v) => Dec.isDecimal(v) && !Dec.of(v).isNegative(), 'must be a tax rate such as 0.19');

const taxLineSchema = z.object({
	title: z.string().nullish(),
	price: moneyValue,
	price_set: moneyBag.nullish(),
	rate: rateValue,
});

const discountAllocationSchema = z.object({
	amount: moneyValue,
	amount_set: moneyBag.nullish(),
	discount_application_index: z.number().nullish(),
});

const lineItemSchema = z.object({
	id: shopifyId,
	title: z.string(),
	name: z.string().nullish(),
	variant_title: z.string().nullish(),
	sku: z.string().nullish(),
	product_id: shopifyId.nullish(),
	variant_id: shopifyId.nullish(),
	quantity: z.number().int().nonnegative(),
	current_quantity: z.number().int().nonnegative().nullish(),
	price: moneyValue,
	price_set: moneyBag.nullish(),
	taxable: z.boolean().default(true),
	requires_shipping: z.boolean().nullish(),
	gift_card: z.boolean().nullish(),
	total_discount: moneyValue.nullish(),
	total_discount_set: moneyBag.nullish(),
	tax_lines: z.array(taxLineSchema).default([]),
	discount_allocations: z.array(discountAllocationSchema).nullish(),
});

const shippingLineSchema = z.object({
	id: shopifyId.nullish(),
	title: z.string().nullish(),
	code: z.string().nullish(),
	price: moneyValue,
	price_set: moneyBag.nullish(),
	discounted_price: moneyValue.nullish(),
	discounted_price_set: moneyBag.nullish(),
	tax_lines: z.array(taxLineSchema).default([]),
	discount_allocations: z.array(discountAllocationSchema).nullish(),
});

const addressSchema = z.object({
	name: z.string().nullish(),
	first_name: z.string().nullish(),
	last_name: z.string().nullish(),
	company: z.string().nullish(),
	address1: z.string().nullish(),
	address2: z.string().nullish(),
	city: z.string().nullish(),
	province: z.string().nullish(),
	province_code: z.string().nullish(),
	country: z.string().nullish(),
	country_code: z.string().nullish(),
	zip: z.string().nullish(),
	phone: z.string().nullish(),
});

const refundLineItemSchema = z.object({
	id: shopifyId.nullish(),
	line_item_id: shopifyId,
	quantity: z.number().int().nonnegative(),
	subtotal: moneyValue,
	subtotal_set: moneyBag.nullish(),
	total_tax: moneyValue,
	total_tax_set: moneyBag.nullish(),
	line_item: lineItemSchema.partial().nullish(),
});

const refundShippingLineSchema = z.object({
	id: shopifyId.nullish(),
	shipping_line_id: shopifyId.nullish(),
	shipping_line: shippingLineSchema.partial().nullish(),
	subtotal_amount_set: moneyBag,
	tax_amount_set: moneyBag.nullish(),
});

const orderAdjustmentSchema = z.object({
	id: shopifyId.nullish(),
	kind: z.string().nullish(),
	reason: z.string().nullish(),
	amount: moneyValue,
	amount_set: moneyBag.nullish(),
	tax_amount: moneyValue.nullish(),
	tax_amount_set: moneyBag.nullish(),
});

const transactionSchema = z.object({
	kind: z.string(),
	status: z.string().nullish(),
	amount: moneyValue,
	currency: z.string().nullish(),
});

export const shopifyRefundSchema = z.object({
	id: shopifyId,
	order_id: shopifyId.nullish(),
	created_at: z.string().nullish(),
	note: z.string().nullish(),
	refund_line_items: z.array(refundLineItemSchema).default([]),
	refund_shipping_lines: z.array(refundShippingLineSchema).nullish(),
	order_adjustments: z.array(orderAdjustmentSchema).nullish(),
	transactions: z.array(transactionSchema).nullish(),
});

export const shopifyOrderSchema = z.object({
	id: shopifyId,
	name: z.string().nullish(),
	email: z.string().nullish(),
	contact_email: z.string().nullish(),
	phone: z.string().nullish(),
	currency: z.string().length(3, 'must be a 3-letter ISO code'),
	presentment_currency: z.string().nullish(),
	taxes_included: z.boolean(),
	created_at: z.string().nullish(),
	processed_at: z.string().nullish(),
	cancelled_at: z.string().nullish(),
	financial_status: z.string().nullish(),
	test: z.boolean().nullish(),
	total_price: moneyValue,
	total_price_set: moneyBag.nullish(),
	current_total_price: moneyValue.nullish(),
	current_total_price_set: moneyBag.nullish(),
	total_tax: moneyValue.nullish(),
	total_tax_set: moneyBag.nullish(),
	current_total_tax: moneyValue.nullish(),
	current_total_tax_set: moneyBag.nullish(),
	total_tip_received: moneyValue.nullish(),
	line_items: z.array(lineItemSchema).min(1, 'needs at least one line item'),
	shipping_lines: z.array(shippingLineSchema).default([]),
	note_attributes: z
		.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]).nullish() }))
		.nullish(),
	discount_codes: z.array(z.object({ code: z.string(), amount: moneyValue.nullish(), type: z.string().nullish() })).nullish(),
	billing_address: addressSchema.nullish(),
	shipping_address: addressSchema.nullish(),
	customer: z
		.object({
			id: shopifyId.nullish(),
			email: z.string().nullish(),
			first_name: z.string().nullish(),
			last_name: z.string().nullish(),
			phone: z.string().nullish(),
		})
		.nullish(),
	payment_gateway_names: z.array(z.string()).nullish(),
	payment_terms: z
		.object({ payment_schedules: z.array(z.object({ due_at: z.string().nullish() })).nullish() })
		.nullish(),
	refunds: z.array(shopifyRefundSchema).default([]),
});

export type ShopifyOrder = z.output<typeof shopifyOrderSchema>;
export type ShopifyRefund = z.output<typeof shopifyRefundSchema>;
type ShopifyLineItem = z.output<typeof lineItemSchema>;
type ShopifyShippingLine = z.output<typeof shippingLineSchema>;
type MoneyBag = z.output<typeof moneyBag>;

/** Bad Shopify input: every problem with its field path (e.g. `order.line_items.0.price`). */
export class ShopifyInputError extends Error {
	constructor(
		readonly problems: ValidationProblem[],
		what = 'Shopify order',
	) {
		const n = problems.length;
		super(`The ${what} has ${n} problem${n === 1 ? '' : 's'}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
		this.name = 'ShopifyInputError';
	}
}

/** A REST `GET /orders/{id}.json` answer wraps the order in `{order: …}`; the webhook does not. */
function unwrap(value: unknown, key: 'order' | 'refund'): unknown {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const obj = value as Record<string, unknown>;
		if (obj[key] && typeof obj[key] === 'object' && !('id' in obj)) return obj[key];
	}
	return value;
}

function notAnObject(value: unknown, path: string): ValidationProblem[] | undefined {
	if (value === null || value === undefined) return [{ path, message: 'is required (no Shopify data in the input item)' }];
	if (typeof value !== 'object' || Array.isArray(value)) {
		return [{ path, message: `must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}` }];
	}
	return undefined;
}

/** zod words a missing union-typed field (ids, amounts) as a type mismatch; say "is required" instead. */
function parseShopify<T extends z.ZodTypeAny>(
	schema: T,
	value: unknown,
	prefix: string,
): { ok: true; value: z.output<T> } | { ok: false; problems: ValidationProblem[] } {
	const parsed = parseWith(schema, value, prefix);
	if (parsed.ok) return parsed;
	const missing = (path: string) =>
		path
			.split('.')
			.slice(1)
			.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value) === undefined;
	return { ok: false, problems: parsed.problems.map((p) => (missing(p.path) ? { path: p.path, message: 'is required' } : p)) };
}

/** Validates a Shopify order (webhook body or REST resource) and reports every problem with its path. */
export function parseShopifyOrder(
	input: unknown,
): { ok: true; value: ShopifyOrder } | { ok: false; problems: ValidationProblem[] } {
	const value = unwrap(input, 'order');
	const shape = notAnObject(value, 'order');
	if (shape) return { ok: false, problems: shape };
	return parseShopify(shopifyOrderSchema, value, 'order');
}

/** Validates a Shopify refund (the `refunds/create` webhook body or an element of `order.refunds`). */
export function parseShopifyRefund(
	input: unknown,
): { ok: true; value: ShopifyRefund } | { ok: false; problems: ValidationProblem[] } {
	const value = unwrap(input, 'refund');
	const shape = notAnObject(value, 'refund');
	if (shape) return { ok: false, problems: shape };
	return parseShopify(shopifyRefundSchema, value, 'refund');
}

/* ------------------------------------------------------------------------------------------------ */
/* References                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

/**
 * The duplicate guard for an order's invoice: `shopify-<order id>`. The numeric id is unique across all
 * Shopify stores and never changes; the order name ("#1001") is for people — stores customise its prefix
 * and suffix, two stores can both have "#1001", and it goes into the invoice notes instead.
 */
export function externalReferenceFor(order: { id: string | number }, options: { referencePrefix?: string } = {}): string {
	return `${options.referencePrefix ?? 'shopify-'}${String(order.id)}`;
}

/** The duplicate guard for a refund's credit note: one per Shopify refund id. */
export function creditNoteReferenceFor(
	order: { id: string | number },
	refund: { id: string | number },
	options: { referencePrefix?: string } = {},
): string {
	return `${externalReferenceFor(order, options)}-refund-${String(refund.id)}`;
}

/* ------------------------------------------------------------------------------------------------ */
/* Results                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

/**
 * The neutral customer, with one relaxation: an El Salvador Factura to a final consumer has no receiver
 * document, so `idType`/`idNumber` are absent then (and only then: `customerSource` is "finalConsumer").
 * Nothing else is added to the Invoice, so provider nodes that refuse unknown keys accept it as it is.
 */
export type MappedCustomer = Omit<Invoice['customer'], 'idType' | 'idNumber'> & {
	idType?: string;
	idNumber?: string;
};

export type MappedInvoice = Omit<Invoice, 'customer'> & { customer: MappedCustomer };

/** The neutral invoice schema with that one relaxation, until invoice.ts has it. */
export const mappedInvoiceSchema = invoiceSchema.extend({
	customer: customerSchema.extend({
		idType: z.string().trim().min(1, 'must not be empty').optional(),
		idNumber: z.string().trim().min(1, 'must not be empty').optional(),
	}),
});

export interface TotalsCheck {
	currency: string;
	/** What Shopify says the customer paid (or was refunded). */
	orderTotal: string;
	/** The document total with the provider's arithmetic. */
	invoiceTotal: string;
	/** invoiceTotal − orderTotal. */
	difference: string;
	orderTax: string;
	invoiceTax: string;
	/** Totals equal and nothing out of the provider's scope (rates, currency). */
	ok: boolean;
	/** Why not, and every deliberate deviation from Shopify's per-line figures. */
	notes: string[];
}

export interface MappingResult {
	invoice: MappedInvoice;
	check: TotalsCheck;
	/** Where the receiver came from; "finalConsumer" = the provider's generic final consumer. */
	customerSource: 'noteAttribute' | 'billingCompany' | 'value' | 'finalConsumer' | 'none';
	/** Provider document type the invoice is meant as (Factus `document` "01", MH `tipoDte` "01"/"03"/"05"). */
	documentType?: string;
	/** Problems that make the document invalid for this provider as it stands (path + message). */
	problems: ValidationProblem[];
	/** Things worth a look that do not block (e.g. a computed DV, an unpaid order). */
	warnings: string[];
}

/* ------------------------------------------------------------------------------------------------ */
/* Money reading (shop vs presentment currency)                                                      */
/* ------------------------------------------------------------------------------------------------ */

interface ReadContext {
	mode: 'shop' | 'presentment';
	/** Single-currency orders may omit `*_set` bags: then the plain field is the presentment amount too. */
	sameCurrency: boolean;
	problems: ValidationProblem[];
}

function readMoney(
	ctx: ReadContext,
	plain: string | number | null | undefined,
	bag: MoneyBag | null | undefined,
	path: string,
	bagName: string,
): Dec {
	if (ctx.mode === 'presentment') {
		if (bag) return Dec.of(bag.presentment_money.amount);
		if (ctx.sameCurrency && plain !== null && plain !== undefined) return Dec.of(plain);
		ctx.problems.push({ path: `${path}.${bagName}`, message: 'is required when amounts are taken in the presentment currency' });
		return Dec.zero;
	}
	if (plain !== null && plain !== undefined) return Dec.of(plain);
	if (bag) return Dec.of(bag.shop_money.amount);
	ctx.problems.push({ path: `${path}.${bagName.replace(/_set$/, '')}`, message: 'is required' });
	return Dec.zero;
}

function readBag(ctx: ReadContext, bag: MoneyBag | null | undefined, path: string): Dec {
	if (!bag) {
		ctx.problems.push({ path, message: 'is required' });
		return Dec.zero;
	}
	return Dec.of(ctx.mode === 'presentment' ? bag.presentment_money.amount : bag.shop_money.amount);
}

/* ------------------------------------------------------------------------------------------------ */
/* Source lines: what the customer paid per product / shipping line                                  */
/* ------------------------------------------------------------------------------------------------ */

interface SourceLine {
	/** Path in the Shopify JSON, for notes. */
	ref: string;
	kind: 'product' | 'shipping' | 'adjustment';
	code: string;
	description: string;
	quantity: number;
	/** Shopify's unit price in the shop's tax basis. */
	unitPrice: Dec;
	/** All discounts on the line, same basis. */
	discount: Dec;
	/** What the customer pays for the line, tax included. */
	total: Dec;
	/** total − tax. */
	net: Dec;
	tax: Dec;
	/** Percent; 0 for excluded lines. */
	rate: Dec;
	excluded: boolean;
	itemType: 'goods' | 'services';
}

const CENT = Dec.of('0.01');
const HUNDRED = Dec.of(100);

function unitOf(decimals: number): Dec {
	return Dec.of(`0.${'0'.repeat(decimals - 1)}1`);
}

function fmt(value: Dec, decimals = 2): string {
	return value.toFixed(decimals);
}

/** Shopify writes rates as fractions (0.19); a value above 1 can only be a percentage. */
function ratePercent(rate: string | number): Dec {
	const r = Dec.of(rate);
	return r.cmp(1) > 0 ? r : r.mul(100);
}

interface TaxReading {
	rate: Dec;
	excluded: boolean;
	tax: Dec;
}

function readTax(
	ctx: ReadContext,
	taxLines: ShopifyLineItem['tax_lines'],
	taxable: boolean,
	path: string,
	label: string,
	warnings: string[],
	/** What the tax was charged on; zero (a 100 % discount, free shipping) charges no tax without any exemption. */
	base?: Dec,
): TaxReading {
	let tax = Dec.zero;
	let rate = Dec.zero;
	taxLines.forEach((t, i) => {
		tax = tax.add(readMoney(ctx, t.price, t.price_set, `${path}.tax_lines.${i}`, 'price_set'));
		rate = rate.add(ratePercent(t.rate));
	});
	if (taxLines.length > 1) {
		warnings.push(`${label} carries ${taxLines.length} taxes (${taxLines.map((t) => t.title ?? '?').join(', ')}); they are invoiced as one rate of ${rate.toString()} %.`);
	}
	if (!taxable && tax.isZero()) return { rate: Dec.zero, excluded: true, tax };
	if (tax.isZero() && !rate.isZero() && !(base && base.isZero())) {
		// A rate with no tax charged: Shopify exempted the line (tax-exempt customer, exemption rule).
		warnings.push(`${label}: Shopify charged no tax at its ${rate.toString()} % rate (exempt customer or rule); invoiced at 0 %.`);
		return { rate: Dec.zero, excluded: false, tax };
	}
	return { rate, excluded: false, tax };
}

function lineDescription(item: ShopifyLineItem | Partial<ShopifyLineItem>): string {
	const name = item.name?.trim();
	if (name) return name;
	const title = item.title?.trim() ?? 'Item';
	return item.variant_title ? `${title} - ${item.variant_title}` : title;
}

function lineCode(item: ShopifyLineItem | Partial<ShopifyLineItem>): string {
	const sku = item.sku?.trim();
	if (sku) return sku;
	const id = item.variant_id ?? item.product_id ?? item.id;
	return `SHOPIFY-${String(id ?? 'ITEM')}`;
}

interface Amounts {
	total: Dec;
	net: Dec;
	tax: Dec;
}

/** Shopify's line figures → total (tax included), net and tax, whatever the shop's basis. */
function splitAmounts(lineAmount: Dec, tax: Dec, taxesIncluded: boolean): Amounts {
	return taxesIncluded
		? { total: lineAmount, net: lineAmount.sub(tax), tax }
		: { total: lineAmount.add(tax), net: lineAmount, tax };
}

/** A refund component (line subtotal or shipping amount) with its tax; the basis is checked later. */
interface RefundPiece {
	amount: Dec;
	tax: Dec;
}

/** Whether a refund amount already includes its tax. Shopify's shipping refunds are seen both ways. */
type Basis = 'inclusive' | 'exclusive';

function basisNote(lineBasis: Basis, shipBasis: Basis, against: string): string {
	return `Shopify's refund amounts were read as ${lineBasis} of tax for lines and ${shipBasis} for shipping: the reading that matches ${against}.`;
}

function grossOf(piece: RefundPiece, basis: Basis): Dec {
	return basis === 'inclusive' ? piece.amount : piece.amount.add(piece.tax);
}

interface RefundReading {
	lines: Array<{ lineItemId: string; quantity: number; piece: RefundPiece; item?: Partial<ShopifyLineItem> | null; path: string }>;
	shipping: Array<{ shippingLineId?: string; piece: RefundPiece; title?: string | null; path: string }>;
	discrepancy: Dec;
	/** Money actually returned (successful refund transactions in the chosen currency), if known. */
	transactions: Dec | undefined;
}

function readRefund(ctx: ReadContext, refund: ShopifyRefund, path: string, currencyCode: string): RefundReading {
	const lines = refund.refund_line_items.map((rli, i) => ({
		lineItemId: String(rli.line_item_id),
		quantity: rli.quantity,
		piece: {
			amount: readMoney(ctx, rli.subtotal, rli.subtotal_set, `${path}.refund_line_items.${i}`, 'subtotal_set'),
			tax: readMoney(ctx, rli.total_tax, rli.total_tax_set, `${path}.refund_line_items.${i}`, 'total_tax_set'),
		},
		item: rli.line_item,
		path: `${path}.refund_line_items.${i}`,
	}));
	const shipping: RefundReading['shipping'] = [];
	(refund.refund_shipping_lines ?? []).forEach((rsl, i) => {
		const p = `${path}.refund_shipping_lines.${i}`;
		shipping.push({
			shippingLineId: rsl.shipping_line_id !== null && rsl.shipping_line_id !== undefined ? String(rsl.shipping_line_id) : undefined,
			piece: {
				amount: readBag(ctx, rsl.subtotal_amount_set, `${p}.subtotal_amount_set`).abs(),
				tax: rsl.tax_amount_set ? readBag(ctx, rsl.tax_amount_set, `${p}.tax_amount_set`).abs() : Dec.zero,
			},
			title: rsl.shipping_line?.title,
			path: p,
		});
	});
	let discrepancy = Dec.zero;
	(refund.order_adjustments ?? []).forEach((adj, i) => {
		const p = `${path}.order_adjustments.${i}`;
		const amount = readMoney(ctx, adj.amount, adj.amount_set, p, 'amount_set');
		const tax = adj.tax_amount !== null && adj.tax_amount !== undefined ? readMoney(ctx, adj.tax_amount, adj.tax_amount_set, p, 'tax_amount_set') : Dec.zero;
		// Before API 2024-10 refunded shipping was an adjustment (amounts written negative).
		if (adj.kind === 'shipping_refund') shipping.push({ piece: { amount: amount.abs(), tax: tax.abs() }, path: p });
		else discrepancy = discrepancy.add(amount).add(tax);
	});
	let transactions: Dec | undefined;
	for (const t of refund.transactions ?? []) {
		if (t.kind !== 'refund' || (t.status ?? 'success') !== 'success') continue;
		if (t.currency && t.currency.toUpperCase() !== currencyCode.toUpperCase()) continue;
		transactions = (transactions ?? Dec.zero).add(Dec.of(t.amount));
	}
	return { lines, shipping, discrepancy, transactions };
}

interface OrderReading {
	currency: string;
	lines: SourceLine[];
	/** The figure the document must equal (current or original total, or the money refunded). */
	orderTotal: Dec;
	orderTax: Dec;
	issues: string[];
	info: string[];
	warnings: string[];
}

function shopifyLineSource(
	ctx: ReadContext,
	item: ShopifyLineItem,
	index: number,
	taxesIncluded: boolean,
	warnings: string[],
): SourceLine {
	const path = `order.line_items.${index}`;
	const label = `"${lineDescription(item)}"`;
	const unitPrice = readMoney(ctx, item.price, item.price_set, path, 'price_set');
	// discount_allocations carry every discount since API 2019-07; total_discount is the legacy fallback.
	const discount = item.discount_allocations
		? item.discount_allocations.reduce(
				(sum, a, i) => sum.add(readMoney(ctx, a.amount, a.amount_set, `${path}.discount_allocations.${i}`, 'amount_set')),
				Dec.zero,
			)
		: item.total_discount !== null && item.total_discount !== undefined
			? readMoney(ctx, item.total_discount, item.total_discount_set, path, 'total_discount_set')
			: Dec.zero;
	const gross = unitPrice.mul(item.quantity);
	const tax = readTax(ctx, item.tax_lines, item.taxable, path, label, warnings, gross.sub(discount));
	const amounts = splitAmounts(gross.sub(discount), tax.tax, taxesIncluded);
	if (item.gift_card) warnings.push(`${label} is a gift card: selling one is usually a prepayment, not a taxable sale — check before invoicing it.`);
	return {
		ref: path,
		kind: 'product',
		code: lineCode(item),
		description: lineDescription(item),
		quantity: item.quantity,
		unitPrice,
		discount,
		...amounts,
		rate: tax.rate,
		excluded: tax.excluded,
		itemType: item.requires_shipping === false ? 'services' : 'goods',
	};
}

function shippingSource(
	ctx: ReadContext,
	line: ShopifyShippingLine,
	index: number,
	taxesIncluded: boolean,
	options: ShopifyMappingOptions,
	warnings: string[],
): SourceLine {
	const path = `order.shipping_lines.${index}`;
	const description = options.shippingLine?.description ?? (line.title?.trim() || 'Envío');
	const price = readMoney(ctx, line.price, line.price_set, path, 'price_set');
	const charged =
		line.discounted_price !== null && line.discounted_price !== undefined
			? readMoney(ctx, line.discounted_price, line.discounted_price_set, path, 'discounted_price_set')
			: price.sub(
					(line.discount_allocations ?? []).reduce(
						(s, a, i) => s.add(readMoney(ctx, a.amount, a.amount_set, `${path}.discount_allocations.${i}`, 'amount_set')),
						Dec.zero,
					),
				);
	// Untaxed shipping is a 0 % line (a taxed service whose rate happens to be zero), not an excluded one.
	const tax = readTax(ctx, line.tax_lines, true, path, `Shipping "${description}"`, warnings, charged);
	return {
		ref: path,
		kind: 'shipping',
		code: options.shippingLine?.code ?? 'ENVIO',
		description,
		quantity: 1,
		unitPrice: price,
		discount: price.sub(charged),
		...splitAmounts(charged, tax.tax, taxesIncluded),
		rate: tax.rate,
		excluded: false,
		itemType: 'services',
	};
}

function readOrder(order: ShopifyOrder, options: ShopifyMappingOptions, ctx: ReadContext): OrderReading {
	const warnings: string[] = [];
	const issues: string[] = [];
	const info: string[] = [];
	const useCurrent = options.useCurrentAmounts ?? true;
	const currency = ctx.mode === 'presentment' ? (order.presentment_currency ?? order.currency) : order.currency;
	const incl = order.taxes_included;

	const products = order.line_items.map((item, i) => shopifyLineSource(ctx, item, i, incl, warnings));
	const shipping = order.shipping_lines.map((line, i) => shippingSource(ctx, line, i, incl, options, warnings));
	const refunds = useCurrent ? order.refunds.map((r, i) => readRefund(ctx, r, `order.refunds.${i}`, currency)) : [];

	const shopifyTotal = useCurrent
		? order.current_total_price !== null && order.current_total_price !== undefined
			? readMoney(ctx, order.current_total_price, order.current_total_price_set, 'order', 'current_total_price_set')
			: undefined
		: readMoney(ctx, order.total_price, order.total_price_set, 'order', 'total_price_set');
	const shopifyTax = useCurrent
		? order.current_total_tax !== null && order.current_total_tax !== undefined
			? readMoney(ctx, order.current_total_tax, order.current_total_tax_set, 'order', 'current_total_tax_set')
			: undefined
		: order.total_tax !== null && order.total_tax !== undefined
			? readMoney(ctx, order.total_tax, order.total_tax_set, 'order', 'total_tax_set')
			: undefined;

	// Current amounts = original minus what refunds took back, tried with both readings of the refund basis.
	const build = (lineBasis: Basis, shipBasis: Basis) => {
		const lines: SourceLine[] = [];
		const notes: string[] = [];
		products.forEach((p, i) => {
			const item = order.line_items[i];
			let qty = p.quantity;
			let total = p.total;
			let tax = p.tax;
			for (const r of refunds) {
				for (const rl of r.lines) {
					if (rl.lineItemId !== String(item.id)) continue;
					qty -= rl.quantity;
					total = total.sub(grossOf(rl.piece, lineBasis));
					tax = tax.sub(rl.piece.tax);
				}
			}
			if (useCurrent && item.current_quantity !== null && item.current_quantity !== undefined && item.current_quantity < qty && qty > 0) {
				// Units removed by an order edit without a refund: keep the same share of the amounts.
				const share = Dec.of(item.current_quantity).div(qty);
				notes.push(`"${p.description}": ${qty - item.current_quantity} unit(s) were removed by an order edit; the remaining amounts are prorated.`);
				total = total.mul(share).round(2);
				tax = tax.mul(share).round(2);
				qty = item.current_quantity;
			}
			if (qty <= 0) return;
			const net = total.sub(tax);
			const lineAmount = incl ? total : net;
			lines.push({ ...p, quantity: qty, total, tax, net, discount: p.unitPrice.mul(qty).sub(lineAmount) });
		});
		shipping.forEach((s, i) => {
			const line = order.shipping_lines[i];
			let total = s.total;
			let tax = s.tax;
			for (const r of refunds) {
				for (const rs of r.shipping) {
					if (rs.shippingLineId !== undefined && line.id !== null && line.id !== undefined && rs.shippingLineId !== String(line.id)) continue;
					if (rs.shippingLineId === undefined && i > 0) continue;
					total = total.sub(grossOf(rs.piece, shipBasis));
					tax = tax.sub(rs.piece.tax);
				}
			}
			if (total.cmp(0) <= 0) return;
			const net = total.sub(tax);
			lines.push({ ...s, total, tax, net, discount: s.unitPrice.sub(incl ? total : net) });
		});
		const sum = lines.reduce((acc, l) => acc.add(l.total), Dec.zero);
		return { lines, notes, sum };
	};

	const defaultBasis: Basis = incl ? 'inclusive' : 'exclusive';
	let chosen = build(defaultBasis, defaultBasis);
	if (shopifyTotal && !chosen.sum.eq(shopifyTotal) && refunds.length > 0) {
		const other: Basis = incl ? 'exclusive' : 'inclusive';
		for (const [lb, sb] of [
			[defaultBasis, other],
			[other, defaultBasis],
			[other, other],
		] as Array<[Basis, Basis]>) {
			const attempt = build(lb, sb);
			if (attempt.sum.eq(shopifyTotal)) {
				info.push(basisNote(lb, sb, 'current_total_price'));
				chosen = attempt;
				break;
			}
		}
	}
	warnings.push(...chosen.notes);

	// total_tip_received has no presentment bag: only name the tip when amounts are in the shop currency.
	const tip = ctx.mode === 'shop' && order.total_tip_received !== null && order.total_tip_received !== undefined ? Dec.of(order.total_tip_received) : Dec.zero;
	let orderTotal = shopifyTotal ?? chosen.sum;
	if (!shopifyTotal) info.push('The order has no current_total_price; the invoice is compared with the sum of its current lines.');
	if (!orderTotal.eq(chosen.sum)) {
		const gap = orderTotal.sub(chosen.sum);
		const what = !tip.isZero() && gap.eq(tip) ? `a tip of ${fmt(tip)} ${currency}, which is not a sale and is not invoiced` : 'amounts that are on no line (tips, duties, additional fees or an order edit)';
		issues.push(`Shopify's total ${fmt(orderTotal)} ${currency} differs from the sum of its lines ${fmt(chosen.sum)} by ${fmt(gap)}: it includes ${what}.`);
	}
	const orderTax = shopifyTax ?? chosen.lines.reduce((acc, l) => acc.add(l.tax), Dec.zero);
	if (useCurrent && refunds.length > 0) info.push(`Invoices the order as it is after ${refunds.length} refund(s) (current amounts); do not also issue credit notes for those refunds.`);
	orderTotal = orderTotal.round(2);
	return { currency, lines: chosen.lines, orderTotal, orderTax, issues, info, warnings };
}

/* ------------------------------------------------------------------------------------------------ */
/* Representing a line amount in the provider's terms                                                */
/* ------------------------------------------------------------------------------------------------ */

interface Part {
	quantity: Dec;
	unitPrice: Dec;
	discountRate?: Dec;
	discountAmount?: Dec;
}

type How = 'list' | 'listDiscountAmount' | 'listDiscountRate' | 'listRoundedDiscount' | 'netPrice' | 'roundedDiscount' | 'split' | 'approximate';

interface Representation {
	parts: Part[];
	how: How;
}

function ruleOf(profile: ProviderProfile) {
	return { pricesIncludeTax: profile.pricesIncludeTax, lineDecimals: profile.lineDecimals };
}

function partAmounts(part: Part, rate: Dec, excluded: boolean, profile: ProviderProfile): LineAmounts {
	return lineAmounts(
		{
			quantity: part.quantity,
			unitPrice: part.unitPrice,
			taxRate: rate,
			discountRate: part.discountRate,
			discountAmount: part.discountAmount,
			taxExcluded: excluded,
		},
		ruleOf(profile),
	);
}

/** The amount a provider derives a line from: its total when prices include tax, else its taxable base. */
function baseOf(parts: Part[], rate: Dec, excluded: boolean, profile: ProviderProfile): Dec {
	return parts.reduce((sum, p) => {
		const a = partAmounts(p, rate, excluded, profile);
		return sum.add(profile.pricesIncludeTax ? a.total : a.taxable);
	}, Dec.zero);
}

function ceilTo(value: Dec, decimals: number): Dec {
	const down = value.round(decimals, 'down');
	return down.eq(value) ? down : down.add(unitOf(decimals));
}

/**
 * Finds unit price / discount / quantity split so that the provider's own arithmetic yields exactly `target`
 * (the line total when prices include tax, the taxable base otherwise). In order of preference:
 * 1. Shopify's unit price (in the provider's basis), with the discount as an amount or as a rate;
 * 2. for a discounted line, Shopify's unit price rounded up to the provider's precision, the discount amount
 *    absorbing the fraction;
 * 3. the discount folded into the unit price (target ÷ quantity is representable);
 * 4. the folded unit price rounded up and the remainder as a discount amount (discounted lines only);
 * 5. the line split in two: (q − 1) units at ⌊target ÷ q⌋ and one unit taking the leftover cents.
 * High-precision providers (8 decimals per item, 2 in the summary) accept a residue below their own
 * precision: the summary check decides there.
 */
function represent(
	target: Dec,
	quantity: number,
	list: Dec | undefined,
	hasDiscount: boolean,
	rate: Dec,
	excluded: boolean,
	profile: ProviderProfile,
): Representation | undefined {
	if (target.isNegative()) return undefined;
	const pd = profile.priceDecimals;
	const d = profile.lineDecimals;
	const near = d > profile.summaryDecimals;
	const q = Dec.of(quantity);
	const tolerance = near ? q.mul(unitOf(d)) : Dec.zero;
	const fits = (parts: Part[]) => baseOf(parts, rate, excluded, profile).sub(target).abs().cmp(tolerance) <= 0;
	const attempt = (parts: Part[], how: How): Representation | undefined => (fits(parts) ? { parts, how } : undefined);

	if (list && !list.isNegative()) {
		const listPrice = near ? list.round(pd) : list.round(pd).eq(list) ? list : undefined;
		if (listPrice) {
			const gross = q.mul(listPrice);
			const plain = attempt([{ quantity: q, unitPrice: listPrice }], 'list');
			if (plain) return plain;
			const off = gross.sub(target);
			if (off.cmp(0) > 0) {
				if (profile.discount.amount) {
					const amount = off.round(d);
					const r = attempt([{ quantity: q, unitPrice: listPrice, discountAmount: amount }], 'listDiscountAmount');
					if (r) return r;
				}
				if (profile.discount.rateDecimals !== null && gross.cmp(0) > 0) {
					const pct = off.div(gross).mul(HUNDRED).round(profile.discount.rateDecimals);
					if (pct.cmp(0) > 0 && pct.cmp(HUNDRED) <= 0) {
						const r = attempt([{ quantity: q, unitPrice: listPrice, discountRate: pct }], 'listDiscountRate');
						if (r) return r;
					}
				}
			}
		}
	}
	if (list && hasDiscount && profile.discount.amount && !list.isNegative()) {
		// Shopify's unit price is not a whole cent in the provider's basis (59 900 ÷ 1.19): round it up and let
		// the discount amount — which the line has anyway — absorb the fraction.
		const price = ceilTo(list, pd);
		const amount = q.mul(price).sub(target).round(d);
		if (!amount.isNegative()) {
			const r = attempt([{ quantity: q, unitPrice: price, discountAmount: amount }], 'listRoundedDiscount');
			if (r) return r;
		}
	}
	const unit = target.div(q);
	if (unit.round(pd).eq(unit) || near) {
		const r = attempt([{ quantity: q, unitPrice: unit.round(pd) }], 'netPrice');
		if (r) return r;
	}
	if (hasDiscount && profile.discount.amount) {
		const price = ceilTo(unit, pd);
		const r = attempt([{ quantity: q, unitPrice: price, discountAmount: q.mul(price).sub(target).round(d) }], 'roundedDiscount');
		if (r) return r;
	}
	if (quantity >= 2) {
		const low = unit.round(pd, 'down');
		const rest = target.sub(low.mul(quantity - 1));
		const r = attempt(
			[
				{ quantity: Dec.of(quantity - 1), unitPrice: low },
				{ quantity: Dec.of(1), unitPrice: rest },
			],
			'split',
		);
		if (r) return r;
	}
	return undefined;
}

/* ------------------------------------------------------------------------------------------------ */
/* Choosing representations for the whole document                                                  */
/* ------------------------------------------------------------------------------------------------ */

interface Chosen {
	source: SourceLine;
	rep: Representation;
	/** The target actually represented (may differ from Shopify's by a compensating cent). */
	target: Dec;
}

/** Shopify's unit price in the provider's basis (exact; may have more decimals than the provider takes). */
function listPriceFor(source: SourceLine, profile: ProviderProfile, taxesIncluded: boolean): Dec {
	if (profile.pricesIncludeTax === taxesIncluded) return source.unitPrice;
	const factor = Dec.of(1).add(source.rate.div(HUNDRED));
	return profile.pricesIncludeTax ? source.unitPrice.mul(factor) : source.unitPrice.div(factor);
}

function targetOf(source: SourceLine, profile: ProviderProfile): Dec {
	return profile.pricesIncludeTax ? source.total : source.net;
}

interface TotalsRow {
	amounts: LineAmounts;
	rate: Dec;
	excluded: boolean;
}

/** The document totals by the profile's summary rule (see `ProviderProfile.summary`). */
function summarise(rows: TotalsRow[], profile: ProviderProfile): Totals {
	const s = profile.summaryDecimals;
	const r = (v: Dec) => v.round(s);
	const untaxed = (x: TotalsRow) => x.excluded || x.rate.isZero();
	if (profile.summary === 'sumLines') {
		return sumLines(rows.map((x) => ({ amounts: x.amounts, taxRate: untaxed(x) ? Dec.zero : x.rate })), s);
	}
	const discount = r(Dec.sum(rows.map((x) => x.amounts.discount)));
	const exempt = r(Dec.sum(rows.filter(untaxed).map((x) => x.amounts.total)));
	const byRate = new Map<string, TotalsRow[]>();
	for (const x of rows.filter((row) => !untaxed(row))) byRate.set(x.rate.toString(), [...(byRate.get(x.rate.toString()) ?? []), x]);
	const taxByRate: Record<string, Dec> = {};
	if (profile.summary === 'ivaIncludedLines') {
		// MH Factura: totalGravada is the IVA-inclusive lines rounded once; totalIva the items' IVA rounded once.
		let gravada = Dec.zero;
		for (const [rate, group] of byRate) {
			gravada = gravada.add(Dec.sum(group.map((x) => x.amounts.total)));
			taxByRate[rate] = r(Dec.sum(group.map((x) => x.amounts.tax)));
		}
		const tax = r(Dec.sum(Object.values(taxByRate)));
		const total = r(gravada).add(exempt);
		return { subtotal: total.sub(tax), discount, tax, total, taxByRate };
	}
	// MH CCF: IVA is the rate applied to the rounded taxed total, on the summary only.
	let subtotal = exempt;
	for (const [rate, group] of byRate) {
		const base = r(Dec.sum(group.map((x) => x.amounts.taxable)));
		subtotal = subtotal.add(base);
		taxByRate[rate] = r(base.percent(rate));
	}
	const tax = Dec.sum(Object.values(taxByRate));
	return { subtotal, discount, tax, total: subtotal.add(tax), taxByRate };
}

function rowsOf(chosen: Chosen[], profile: ProviderProfile): TotalsRow[] {
	return chosen.flatMap((c) =>
		c.rep.parts.map((p) => ({ amounts: partAmounts(p, c.source.rate, c.source.excluded, profile), rate: c.source.rate, excluded: c.source.excluded })),
	);
}

function totalsOf(chosen: Chosen[], profile: ProviderProfile): Totals {
	return summarise(rowsOf(chosen, profile), profile);
}

function lineTotal(parts: Part[], rate: Dec, excluded: boolean, profile: ProviderProfile): Dec {
	return parts.reduce((sum, p) => sum.add(partAmounts(p, rate, excluded, profile).total), Dec.zero);
}

function fallbackRep(target: Dec, source: SourceLine, profile: ProviderProfile): Representation {
	const price = target.isNegative() ? Dec.zero : target.div(source.quantity).round(profile.priceDecimals);
	return { parts: [{ quantity: Dec.of(source.quantity), unitPrice: price }], how: 'approximate' };
}

interface Selection {
	chosen: Chosen[];
	/** Deliberate deviations from Shopify's per-line figures, for the notes. */
	info: string[];
	/** Lines that could not be expressed exactly. */
	issues: string[];
}

/**
 * Two-decimal providers with prices before tax compute IVA per line on a net amount in cents, so some totals
 * are unreachable for a single line (e.g. 59 900 with 19 % included: 50 336.13 → 59 899.99, 50 336.14 →
 * 59 900.01). Each line may move its net amount by up to two cents; a small dynamic programme picks the
 * cheapest combination whose document total equals the order's (cost: moved cents first, then split lines).
 */
function selectCents(sources: SourceLine[], profile: ProviderProfile, taxesIncluded: boolean, allowShortfall: number): Selection {
	interface Candidate {
		rep: Representation;
		target: Dec;
		delta: number;
		cost: number;
	}
	const offsets = [0, -1, 1, -2, 2];
	const candidates: Candidate[][] = sources.map((s) => {
		const list: Candidate[] = [];
		const base = targetOf(s, profile);
		for (const o of offsets) {
			const target = base.add(CENT.mul(o));
			const reps: Representation[] = [];
			const rep = represent(target, s.quantity, listPriceFor(s, profile, taxesIncluded), !s.discount.isZero(), s.rate, s.excluded, profile);
			if (rep) reps.push(rep);
			// Two parts round their IVA separately, which reaches totals a single line cannot.
			if (s.quantity >= 2 && !target.isNegative()) {
				const low = target.div(s.quantity).round(profile.priceDecimals, 'down');
				for (const k of [0, 1]) {
					const price = low.sub(CENT.mul(k));
					const rest = target.sub(price.mul(s.quantity - 1));
					if (price.isNegative() || rest.isNegative()) continue;
					reps.push({
						parts: [
							{ quantity: Dec.of(s.quantity - 1), unitPrice: price },
							{ quantity: Dec.of(1), unitPrice: rest },
						],
						how: 'split',
					});
				}
			}
			for (const r of reps) {
				if (!baseOf(r.parts, s.rate, s.excluded, profile).eq(target)) continue;
				const delta = Number(lineTotal(r.parts, s.rate, s.excluded, profile).sub(s.total).div(CENT).toString());
				if (Math.abs(delta) > 3) continue;
				list.push({ rep: r, target, delta, cost: Math.abs(o) * 10 + (r.parts.length - 1) * 3 + (r.how === 'roundedDiscount' || r.how === 'netPrice' ? 1 : 0) });
			}
		}
		if (list.length === 0) {
			const rep = fallbackRep(base, s, profile);
			const delta = Number(lineTotal(rep.parts, s.rate, s.excluded, profile).sub(s.total).div(CENT).round(0).toString());
			list.push({ rep, target: base, delta, cost: 1000 });
		}
		return list;
	});

	type State = { cost: number; picks: number[] };
	let states = new Map<number, State>([[0, { cost: 0, picks: [] }]]);
	for (const options of candidates) {
		const next = new Map<number, State>();
		for (const [sum, state] of states) {
			options.forEach((c, k) => {
				const s = sum + c.delta;
				if (Math.abs(s) > 60) return;
				const cost = state.cost + c.cost;
				const existing = next.get(s);
				if (!existing || existing.cost > cost) next.set(s, { cost, picks: [...state.picks, k] });
			});
		}
		states = next;
	}
	const ranked = [...states.entries()].sort(([a, sa], [b, sb]) => {
		const score = (s: number) => (s === 0 ? 0 : s < 0 && -s <= allowShortfall ? 1 + -s : 1000 + Math.abs(s));
		return score(a) - score(b) || sa.cost - sb.cost || a - b;
	});
	const [, best] = ranked[0];
	const chosen = sources.map((source, i) => {
		const c = candidates[i][best.picks[i]];
		return { source, rep: c.rep, target: c.target };
	});
	const info: string[] = [];
	for (const c of chosen) {
		const moved = c.target.sub(targetOf(c.source, profile));
		if (moved.isZero()) continue;
		info.push(
			`${profile.label} computes IVA on each line's net amount rounded to the cent: "${c.source.description}" is invoiced with a net of ${fmt(c.target)} instead of ${fmt(targetOf(c.source, profile))} (${fmt(lineTotal(c.rep.parts, c.source.rate, c.source.excluded, profile))} with tax, Shopify ${fmt(c.source.total)}) so that the document total equals the order total.`,
		);
	}
	return { chosen, info, issues: [] };
}

/**
 * Providers that keep 8 decimals per item and round only the summary: every line is represented at Shopify's
 * figures; if the summary rounding lands a cent or two away from the order total, one line's amount moves by
 * the smallest fraction that makes it land exactly. The candidate shifts are the points just past each
 * rounding boundary of the summed quantities (taxable, taxed, exempt, tax, total) and the middles between
 * them, so a window of a few ten-thousandths is found as surely as a wide one. With the Rounding Line option
 * a total up to `shortfall` below the order's is accepted when no exact one exists (the line adds the rest).
 */
function adjustSummary(chosen: Chosen[], expected: Dec, profile: ProviderProfile, taxesIncluded: boolean, shortfall: Dec): string | undefined {
	if (chosen.length === 0) return undefined;
	const current = totalsOf(chosen, profile).total;
	if (current.eq(expected) || current.sub(expected).abs().cmp('0.05') > 0) return undefined;
	const rows = rowsOf(chosen, profile);
	const untaxed = (x: TotalsRow) => x.excluded || x.rate.isZero();
	const sums = {
		taxable: Dec.sum(rows.map((x) => x.amounts.taxable)),
		taxed: Dec.sum(rows.filter((x) => !untaxed(x)).map((x) => x.amounts.taxable)),
		exempt: Dec.sum(rows.filter(untaxed).map((x) => x.amounts.total)),
		tax: Dec.sum(rows.map((x) => x.amounts.tax)),
		total: Dec.sum(rows.map((x) => x.amounts.total)),
	};
	const s = profile.summaryDecimals;
	const cent = unitOf(s);
	const d = profile.lineDecimals;
	const byAmount = [...chosen.keys()].sort((a, b) => chosen[b].target.cmp(chosen[a].target) || a - b).slice(0, 5);
	const candidatesFor = (c: Chosen): Dec[] => {
		const zero = c.source.excluded || c.source.rate.isZero();
		const rate = zero ? Dec.zero : c.source.rate.div(HUNDRED);
		// How each summed quantity moves per unit of the line's target (its total, or its net amount).
		const dTaxable = profile.pricesIncludeTax ? Dec.of(1).div(rate.add(1)) : Dec.of(1);
		const dTax = profile.pricesIncludeTax ? rate.div(rate.add(1)) : rate;
		const dTotal = profile.pricesIncludeTax ? Dec.of(1) : rate.add(1);
		const margin = unitOf(d).mul(c.source.quantity + 1);
		const points: Dec[] = [];
		for (const [value, slope] of [
			[sums.taxable, dTaxable],
			[zero ? sums.exempt : sums.taxed, zero ? dTotal : dTaxable],
			[sums.tax, dTax],
			[sums.total, dTotal],
		] as const) {
			if (slope.isZero()) continue;
			for (let k = -6; k <= 6; k++) {
				const x = value.round(s).add(cent.mul(k)).add(cent.div(2)).sub(value).div(slope);
				points.push(x.add(margin).round(d), x.sub(margin).round(d));
			}
		}
		const sorted = points.sort((a, b) => a.cmp(b));
		return [...sorted, ...sorted.slice(1).map((x, i) => x.add(sorted[i]).div(2).round(d))]
			.filter((x) => !x.isZero() && x.abs().cmp('0.06') <= 0)
			.sort((a, b) => a.abs().cmp(b.abs()) || a.cmp(b));
	};
	const goals = [expected];
	for (let k = 1; cent.mul(k).cmp(shortfall) <= 0; k++) goals.push(expected.sub(cent.mul(k)));
	// Failing every goal, the closest total (under rather than over) is still better than where we started.
	let closest: { j: number; step: Dec; trial: Chosen[]; gap: Dec } | undefined;
	const rank = (gap: Dec) => gap.abs().mul(2).add(gap.isNegative() ? 0 : '0.001');
	const describe = (c: Chosen, step: Dec, outcome: string) =>
		`${profile.label} rounds only its document totals to the cent: "${c.source.description}" carries ${step.isNegative() ? '' : '+'}${step.toString()} on its ${
			profile.pricesIncludeTax ? 'total' : 'net amount'
		} so that the document total ${outcome}.`;
	for (const goal of goals) {
		for (const j of byAmount) {
			const c = chosen[j];
			for (const step of candidatesFor(c)) {
				const target = c.target.add(step);
				const rep = represent(target, c.source.quantity, listPriceFor(c.source, profile, taxesIncluded), !c.source.discount.isZero(), c.source.rate, c.source.excluded, profile);
				if (!rep) continue;
				const trial = chosen.map((x, i) => (i === j ? { ...x, rep, target } : x));
				const total = totalsOf(trial, profile).total;
				if (!total.eq(goal)) {
					const gap = total.sub(expected);
					if (!closest || rank(gap).cmp(rank(closest.gap)) < 0) closest = { j, step, trial, gap };
					continue;
				}
				chosen[j] = trial[j];
				return describe(c, step, goal.eq(expected) ? 'equals the order total' : `is ${fmt(goal, s)} and the rounding line adds the rest`);
			}
		}
	}
	if (closest && rank(closest.gap).cmp(rank(current.sub(expected))) < 0) {
		const c = chosen[closest.j];
		chosen[closest.j] = closest.trial[closest.j];
		return describe(c, closest.step, `is the closest it can reach (${fmt(closest.gap, s)})`);
	}
	return undefined;
}

function selectLines(sources: SourceLine[], profile: ProviderProfile, taxesIncluded: boolean, options: ShopifyMappingOptions): Selection {
	const exactCents = profile.lineDecimals <= profile.summaryDecimals;
	const shortfall = options.roundingLine ? sources.length : 0;
	if (exactCents && !profile.pricesIncludeTax) return selectCents(sources, profile, taxesIncluded, shortfall);

	const info: string[] = [];
	const issues: string[] = [];
	const chosen: Chosen[] = sources.map((source) => {
		const target = targetOf(source, profile);
		const rep =
			represent(target, source.quantity, listPriceFor(source, profile, taxesIncluded), !source.discount.isZero(), source.rate, source.excluded, profile) ??
			fallbackRep(target, source, profile);
		if (rep.how === 'approximate') issues.push(`"${source.description}" (${fmt(source.total)}) cannot be expressed exactly with ${profile.label}'s prices and quantities.`);
		return { source, rep, target };
	});
	if (!exactCents) {
		const expected = sources.reduce((acc, s) => acc.add(s.total), Dec.zero);
		const note = adjustSummary(chosen, expected, profile, taxesIncluded, CENT.mul(shortfall));
		if (note) info.push(note);
	}
	return { chosen, info, issues };
}

function describeRep(c: Chosen, profile: ProviderProfile): string | undefined {
	const d = `"${c.source.description}"`;
	const price = (i: number) => c.rep.parts[i].unitPrice;
	switch (c.rep.how) {
		case 'netPrice':
			return c.source.discount.isZero()
				? undefined
				: `${d}: the discount (${fmt(c.source.discount)}) is folded into the unit price because ${profile.label} cannot express it exactly.`;
		case 'listRoundedDiscount':
			return `${d}: Shopify's unit price ${profile.pricesIncludeTax ? 'with' : 'without'} tax is ${fmt(price(0), profile.priceDecimals)} rounded up to the provider's precision; the discount (${fmt(c.rep.parts[0].discountAmount ?? Dec.zero, profile.priceDecimals)}) absorbs the fraction so the line total is exact.`;
		case 'roundedDiscount':
			return `${d}: unit price rounded up to ${fmt(price(0), profile.priceDecimals)} with the remainder as a discount, to reproduce the line total exactly.`;
		case 'split':
			return `${d}: split into ${c.rep.parts[0].quantity.toString()} + 1 unit(s) (${fmt(price(0), profile.priceDecimals)} and ${fmt(price(1), profile.priceDecimals)}) because ${fmt(c.target, profile.summaryDecimals)} ÷ ${c.source.quantity} is not a whole cent${c.source.discount.isZero() ? '' : ' (discount folded into the prices)'}.`;
		default:
			return undefined;
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* Customer                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

/** DIAN's check digit (DV) of a NIT given as digits (nodes/shared/colombia.ts). */
export function nitCheckDigit(nit: string): string {
	return dianCheckDigit(nit.replace(/\D/g, '')) ?? '';
}

/** El Salvador DUI check digit: the first eight digits weighted 9 down to 2, then 10 − (sum mod 10). */
export function duiCheckDigit(eightDigits: string): string {
	const sum = eightDigits.split('').reduce((acc, digit, i) => acc + Number(digit) * (9 - i), 0);
	return String((10 - (sum % 10)) % 10);
}

function normaliseName(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase();
}

function noteAttribute(order: ShopifyOrder, name: string): string | undefined {
	const wanted = normaliseName(name);
	const found = (order.note_attributes ?? []).find((a) => normaliseName(a.name) === wanted);
	if (!found || found.value === null || found.value === undefined) return undefined;
	const value = String(found.value).trim();
	return value === '' ? undefined : value;
}

interface ParsedId {
	digits: string;
	dv?: string;
	/** Text around the number (e.g. a company name written next to its NIT). */
	rest: string;
}

/** "NIT 900.123.456-7", "900123456-7", "C.C. 1.020.304.050" (Colombia); "0614-290186-102-3", "04567890-1" (El Salvador). */
function parseTaxId(raw: string, country: 'CO' | 'SV'): ParsedId | undefined {
	if (country === 'SV') {
		const match = /\d[\d\s-]{6,}\d/.exec(raw);
		if (!match) return undefined;
		return { digits: match[0].replace(/\D/g, ''), rest: raw.replace(match[0], '') };
	}
	const match = /(\d[\d.\s]{3,}\d)(?:\s*-\s*(\d))?(?!\d)/.exec(raw);
	if (!match) return undefined;
	return { digits: match[1].replace(/\D/g, ''), dv: match[2], rest: raw.replace(match[0], '') };
}

/** What is left of a company field once its ID and the usual labels are removed, if it still names someone. */
function companyName(text: string | null | undefined, parsed?: ParsedId): string | undefined {
	if (!text) return undefined;
	const rest = (parsed ? parsed.rest : text)
		.replace(/\b(NIT|C\.?\s?C\.?|CC|C[EÉ]DULA|DUI|NRC|DV|No\.?|N[°º])\b[:.#\s-]*/gi, ' ')
		.replace(/[,;:#-]+\s*$/g, '')
		.replace(/^\s*[,;:#-]+/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	return /[A-Za-zÀ-ÿ]{2,}/.test(rest) ? rest : undefined;
}

function personName(order: ShopifyOrder): string | undefined {
	const candidates = [
		order.billing_address?.name,
		[order.billing_address?.first_name, order.billing_address?.last_name].filter(Boolean).join(' '),
		[order.customer?.first_name, order.customer?.last_name].filter(Boolean).join(' '),
		order.shipping_address?.name,
	];
	return candidates.map((c) => c?.trim()).find((c): c is string => !!c);
}

const emailSchema = z.string().email();

function mapCustomer(
	order: ShopifyOrder,
	profile: ProviderProfile,
	options: ShopifyMappingOptions,
	problems: ValidationProblem[],
	warnings: string[],
): { customer: MappedCustomer; source: MappingResult['customerSource'] } {
	const source: TaxIdSource = options.taxIdSource ?? { kind: 'noteAttribute', name: 'NIT' };
	const billing = order.billing_address ?? undefined;
	let raw: string | undefined;
	let where: string;
	if (source.kind === 'noteAttribute') {
		raw = noteAttribute(order, source.name);
		where = `note attribute "${source.name}"`;
	} else if (source.kind === 'billingCompany') {
		raw = billing?.company?.trim() || undefined;
		where = 'billing company field';
	} else {
		raw = source.value === null || source.value === undefined ? undefined : String(source.value).trim() || undefined;
		where = 'the given tax ID value';
	}
	const parsed = raw ? parseTaxId(raw, profile.country) : undefined;
	if (raw && !parsed) warnings.push(`The ${where} ("${raw}") contains no identification number.`);

	const email = [order.email, order.contact_email, order.customer?.email]
		.map((e) => e?.trim())
		.find((e): e is string => !!e);
	const validEmail = email && emailSchema.safeParse(email).success ? email : undefined;
	if (email && !validEmail) warnings.push(`The e-mail "${email}" is not valid and is left out.`);
	const phone = [billing?.phone, order.phone, order.customer?.phone].map((p) => p?.trim()).find((p): p is string => !!p);
	const address = [billing?.address1, billing?.address2, billing?.city].map((p) => p?.trim()).filter(Boolean).join(', ') || undefined;
	const municipality = (billing && options.municipalityFor?.(billing)) || options.defaults?.municipality;
	const defaults = options.defaults ?? {};
	const contact = {
		...(validEmail ? { email: validEmail } : {}),
		...(phone ? { phone } : {}),
		...(address ? { address } : {}),
		...(municipality ? { municipality } : {}),
		...(defaults.department ? { department: defaults.department } : {}),
		...(billing?.country_code ? { country: billing.country_code } : {}),
	};
	const responsibilities = defaults.taxResponsibilities ?? (profile.country === 'CO' ? ['R-99-PN'] : undefined);

	if (!parsed) {
		const fc = profile.finalConsumer;
		if (!fc) {
			problems.push({
				path: 'customer.idNumber',
				message: `${profile.label} needs the buyer's tax ID (NIT) and there is none in the ${where}`,
			});
			return { customer: { name: companyName(billing?.company) ?? personName(order) ?? 'Cliente', ...contact }, source: 'none' };
		}
		warnings.push(
			`No tax ID in the ${where}: invoiced to the final consumer${fc.idNumber ? ` (${fc.idNumber})` : ' without a receiver document'}.`,
		);
		return {
			customer: {
				...(fc.idType ? { idType: fc.idType } : {}),
				...(fc.idNumber ? { idNumber: fc.idNumber } : {}),
				name: fc.name,
				personType: 'natural',
				...contact,
				...(responsibilities ? { taxResponsibilities: responsibilities } : {}),
				...(defaults.finalConsumerClientId ? { providerId: defaults.finalConsumerClientId } : {}),
			},
			source: 'finalConsumer',
		};
	}

	const company = companyName(billing?.company, source.kind === 'billingCompany' ? parsed : undefined);

	let idType: string;
	let idNumber = parsed.digits;
	let dv: string | undefined;
	if (profile.country === 'CO') {
		const looksLikeNit = parsed.dv !== undefined || (parsed.digits.length === 9 && /^[89]/.test(parsed.digits));
		idType = options.idTypeForTaxId ?? (looksLikeNit ? profile.idTypes.taxId : profile.idTypes.personalId);
		if (idType === profile.idTypes.taxId) {
			const expected = nitCheckDigit(parsed.digits);
			if (parsed.dv === undefined) {
				dv = expected;
				warnings.push(`NIT ${parsed.digits} came without its check digit; DV ${expected} was computed.`);
			} else if (parsed.dv !== expected) {
				dv = parsed.dv;
				problems.push({ path: 'customer.dv', message: `check digit ${parsed.dv} does not match NIT ${parsed.digits} (DIAN's algorithm gives ${expected})` });
			} else dv = parsed.dv;
		}
		if (parsed.digits.length < 5 || parsed.digits.length > 15) {
			problems.push({ path: 'customer.idNumber', message: `"${parsed.digits}" is not a Colombian NIT or cédula (5 to 15 digits)` });
		}
	} else {
		const isDui = parsed.digits.length === 9;
		if (!isDui && parsed.digits.length !== 14) {
			problems.push({ path: 'customer.idNumber', message: `"${raw ?? ''}" is not an El Salvador NIT (14 digits) or DUI (9 digits)` });
		}
		if (isDui && duiCheckDigit(parsed.digits.slice(0, 8)) !== parsed.digits[8]) {
			problems.push({ path: 'customer.idNumber', message: `"${raw ?? ''}" is not a valid DUI: its check digit should be ${duiCheckDigit(parsed.digits.slice(0, 8))}` });
		}
		// A DUI is also valid as NIT since 2021; a CCF identifies its receiver by NIT.
		idType = options.idTypeForTaxId ?? (isDui && !profile.requiresNrc ? profile.idTypes.personalId : profile.idTypes.taxId);
		if (isDui && idType === profile.idTypes.personalId) idNumber = `${parsed.digits.slice(0, 8)}-${parsed.digits.slice(8)}`;
	}

	// A personal ID (cédula, DUI) names a person even when the billing company field is filled in.
	const legalName = idType === profile.idTypes.personalId ? undefined : company;
	const name = legalName ?? personName(order) ?? company;
	if (!name) problems.push({ path: 'customer.name', message: 'the order has no billing name, company or customer name' });

	let nrc: string | undefined;
	if (profile.country === 'SV') {
		const nrcName = options.nrcNoteAttribute ?? 'NRC';
		const rawNrc = noteAttribute(order, nrcName);
		nrc = rawNrc?.replace(/\D/g, '') || undefined;
		if (profile.requiresNrc && (!nrc || nrc.length < 2 || nrc.length > 8)) {
			problems.push({ path: 'customer.nrc', message: `${profile.label} needs the buyer's NRC (2 to 8 digits) in the note attribute "${nrcName}"` });
		}
	}

	return {
		customer: {
			idType,
			idNumber,
			...(dv !== undefined ? { dv } : {}),
			name: name ?? '',
			personType: legalName ? 'legal' : 'natural',
			...contact,
			...(responsibilities ? { taxResponsibilities: responsibilities } : {}),
			...(defaults.taxScheme ? { taxScheme: defaults.taxScheme } : {}),
			...(nrc ? { nrc } : {}),
			...(defaults.economicActivity ? { economicActivity: defaults.economicActivity } : {}),
		},
		source: source.kind,
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Assembling documents                                                                              */
/* ------------------------------------------------------------------------------------------------ */

function toInvoiceLines(chosen: Chosen[], profile: ProviderProfile, options: ShopifyMappingOptions): InvoiceLine[] {
	const unit = options.defaults?.unit ?? profile.defaultUnit;
	const lines: InvoiceLine[] = [];
	for (const c of chosen) {
		for (const p of c.rep.parts) {
			lines.push({
				code: c.source.code,
				description: c.source.description,
				quantity: p.quantity.toString(),
				unitPrice: p.unitPrice.toString(),
				taxRate: c.source.rate.toString(),
				...(p.discountRate && !p.discountRate.isZero() ? { discountRate: p.discountRate.toString() } : {}),
				...(p.discountAmount && !p.discountAmount.isZero() ? { discountAmount: p.discountAmount.toString() } : {}),
				unit,
				...(c.source.excluded && profile.excludedFlag ? { taxExcluded: true } : {}),
				itemType: c.source.itemType,
			});
		}
	}
	return lines;
}

/** The document totals exactly as the provider will compute them (the same arithmetic as the totals preview). */
export function invoiceTotals(invoice: Pick<Invoice, 'lines'>, profile: ProviderProfile): Totals {
	return summarise(
		invoice.lines.map((line) => ({ amounts: lineAmounts(line, ruleOf(profile)), rate: Dec.of(line.taxRate), excluded: line.taxExcluded === true })),
		profile,
	);
}

interface Build {
	reading: OrderReading;
	taxesIncluded: boolean;
	profile: ProviderProfile;
	options: ShopifyMappingOptions;
}

function buildLines(build: Build): { lines: InvoiceLine[]; issues: string[]; info: string[] } {
	const { reading, profile, options, taxesIncluded } = build;
	const issues: string[] = [];
	const info: string[] = [];
	const sources = reading.lines.map((line) => {
		if (profile.zeroRate !== 'excluded' || line.excluded || !line.rate.isZero()) return line;
		info.push(`"${line.description}" carries no tax in Shopify; ${profile.label} has no 0 % taxed item, so it is sent as exempt.`);
		return { ...line, excluded: true };
	});
	for (const line of sources) {
		if (!line.excluded && !profile.allowedTaxRates.some((r) => Dec.of(r).eq(line.rate))) {
			issues.push(
				`"${line.description}" is taxed at ${line.rate.toString()} %, which ${profile.label} does not accept (${profile.allowedTaxRates.join(', ')} %); the rate is kept as Shopify charged it and the provider will refuse it.`,
			);
		}
		if (line.excluded && !profile.excludedFlag) {
			info.push(`"${line.description}" is not taxable in Shopify; ${profile.label} has no excluded flag, so it is sent at 0 %.`);
		}
	}
	const selection = selectLines(sources, profile, taxesIncluded, options);
	issues.push(...selection.issues);
	info.push(...selection.info);
	for (const c of selection.chosen) {
		const note = describeRep(c, profile);
		if (note) info.push(note);
	}
	const lines = toInvoiceLines(selection.chosen, profile, options);
	if (options.roundingLine) {
		const expected = sources.reduce((acc, l) => acc.add(l.total), Dec.zero);
		const gap = expected.sub(invoiceTotals({ lines }, profile).total);
		if (gap.cmp(0) > 0 && gap.cmp(CENT.mul(sources.length)) <= 0) {
			lines.push({
				code: 'AJUSTE',
				description: 'Ajuste por redondeo',
				quantity: '1',
				unitPrice: gap.toString(),
				taxRate: '0',
				...(profile.zeroRate === 'excluded' ? { taxExcluded: true } : {}),
				unit: options.defaults?.unit ?? profile.defaultUnit,
				itemType: 'services',
			});
			info.push(`A 0 % line "Ajuste por redondeo" of ${fmt(gap)} makes up cents ${profile.label}'s rounding cannot reach (Rounding Line option).`);
		}
	}
	if (profile.maxLines !== null && lines.length > profile.maxLines) {
		issues.push(`The document has ${lines.length} lines; ${profile.label} accepts at most ${profile.maxLines}.`);
	}
	return { lines, issues, info };
}

function makeCheck(
	currency: string,
	orderTotal: Dec,
	orderTax: Dec,
	lines: InvoiceLine[],
	profile: ProviderProfile,
	issues: string[],
	info: string[],
): TotalsCheck {
	const totals = invoiceTotals({ lines }, profile);
	const s = profile.summaryDecimals;
	const difference = totals.total.sub(orderTotal);
	const notes = [...issues];
	if (!profile.currencies.includes(currency.toUpperCase())) {
		notes.unshift(`${profile.label} invoices in ${profile.currencies.join('/')}; this document is in ${currency}.`);
	}
	if (!difference.isZero()) {
		notes.push(
			`The document total ${fmt(totals.total, s)} differs from the order total ${fmt(orderTotal, s)} by ${fmt(difference, s)} ${currency}${
				!profile.pricesIncludeTax
					? ` (${profile.label} computes IVA on net amounts rounded to the cent, so not every total is reachable; the Rounding Line option can add missing cents as a visible 0 % line)`
					: ''
			}.`,
		);
	}
	const taxGap = totals.tax.sub(orderTax);
	if (!taxGap.isZero() && difference.isZero()) {
		info.push(`IVA is ${fmt(totals.tax, s)} where Shopify shows ${fmt(orderTax, s)} (${fmt(taxGap, s)}): ${profile.label} recomputes the tax from the amounts; the total is unchanged.`);
	}
	const ok = notes.length === 0;
	return {
		currency,
		orderTotal: fmt(orderTotal, s),
		invoiceTotal: fmt(totals.total, s),
		difference: fmt(difference, s),
		orderTax: fmt(orderTax, s),
		invoiceTax: fmt(totals.tax, s),
		ok,
		notes: [...notes, ...info],
	};
}

function readContext(order: ShopifyOrder, options: ShopifyMappingOptions): ReadContext {
	return {
		mode: options.currency ?? 'shop',
		sameCurrency: !order.presentment_currency || order.presentment_currency.toUpperCase() === order.currency.toUpperCase(),
		problems: [],
	};
}

function payment(order: ShopifyOrder, profile: ProviderProfile, options: ShopifyMappingOptions, warnings: string[]): MappedInvoice['payment'] {
	const gateway = (order.payment_gateway_names ?? []).find((g) => options.paymentMethodByGateway?.[g] !== undefined);
	const method = (gateway !== undefined ? options.paymentMethodByGateway?.[gateway] : undefined) ?? options.defaults?.paymentMethod;
	const due = order.payment_terms?.payment_schedules?.find((s) => s.due_at)?.due_at;
	// Shopify writes local times with their offset: the date part is the shop's calendar date.
	let dueDate = due ? due.slice(0, 10) : undefined;
	if (dueDate && !profile.creditSales) {
		warnings.push(`The order has payment terms due ${dueDate}, but ${profile.label} cannot express a credit sale: it is invoiced without them.`);
		dueDate = undefined;
	}
	if (!dueDate && !method && !profile.creditSales) return undefined;
	return {
		form: dueDate ? 'credit' : 'cash',
		...(method ? { method } : {}),
		...(dueDate ? { dueDate } : {}),
	};
}

function orderWarnings(order: ShopifyOrder, warnings: string[], problems: ValidationProblem[]): void {
	if (order.cancelled_at) problems.push({ path: 'order.cancelled_at', message: `the order was cancelled (${order.cancelled_at}); a cancelled order is not invoiced` });
	const status = order.financial_status ?? undefined;
	if (status && !['paid', 'partially_refunded', 'refunded'].includes(status)) {
		warnings.push(`The order's financial status is "${status}", not paid.`);
	}
	if (order.test) warnings.push('This is a Shopify test order.');
}

/**
 * A Shopify order → the neutral Invoice for one provider, with a check that its total (computed with the
 * provider's arithmetic) equals the order total. Throws `ShopifyInputError` when the input is not a
 * usable Shopify order (every problem listed with its path).
 */
export function orderToInvoice(input: unknown, profile: ProviderProfile, options: ShopifyMappingOptions = {}): MappingResult {
	const parsed = parseShopifyOrder(input);
	if (!parsed.ok) throw new ShopifyInputError(parsed.problems);
	const order = parsed.value;
	const ctx = readContext(order, options);
	const reading = readOrder(order, options, ctx);
	if (ctx.problems.length) throw new ShopifyInputError(ctx.problems);
	if (reading.lines.length === 0) {
		throw new ShopifyInputError([{ path: 'order.line_items', message: 'nothing is left to invoice (every line was refunded or removed)' }]);
	}
	const problems: ValidationProblem[] = [];
	const warnings = [...reading.warnings];
	orderWarnings(order, warnings, problems);
	const { customer, source } = mapCustomer(order, profile, options, problems, warnings);
	const built = buildLines({ reading, taxesIncluded: order.taxes_included, profile, options });
	const documentType = options.defaults?.documentType ?? profile.documentType ?? undefined;
	const pay = payment(order, profile, options, warnings);
	const invoice: MappedInvoice = {
		kind: 'invoice',
		currency: reading.currency.toUpperCase(),
		customer,
		lines: built.lines,
		pricesIncludeTax: profile.pricesIncludeTax,
		...(pay ? { payment: pay } : {}),
		notes: (options.notes ?? `Shopify ${order.name ?? `#${String(order.id)}`}`).slice(0, 250),
		externalReference: externalReferenceFor(order, options),
	};
	const check = makeCheck(reading.currency, reading.orderTotal, reading.orderTax, built.lines, profile, [...reading.issues, ...built.issues], [
		...reading.info,
		...built.info,
	]);
	return { invoice, check, customerSource: source, ...(documentType ? { documentType } : {}), problems, warnings };
}

/**
 * A Shopify refund → a credit note for the refunded lines and shipping, checked against the money Shopify
 * returned. `refundOrId` is the `refunds/create` webhook body, an element of `order.refunds`, or a refund id
 * found in `order.refunds`.
 */
export function refundToCreditNote(
	orderInput: unknown,
	refundOrId: unknown,
	profile: ProviderProfile,
	options: CreditNoteOptions = {},
): MappingResult {
	const parsedOrder = parseShopifyOrder(orderInput);
	if (!parsedOrder.ok) throw new ShopifyInputError(parsedOrder.problems);
	const order = parsedOrder.value;
	let refund: ShopifyRefund;
	if (typeof refundOrId === 'string' || typeof refundOrId === 'number') {
		const found = order.refunds.find((r) => String(r.id) === String(refundOrId));
		if (!found) throw new ShopifyInputError([{ path: 'refund', message: `refund ${String(refundOrId)} is not among the order's refunds` }], 'Shopify refund');
		refund = found;
	} else {
		const parsedRefund = parseShopifyRefund(refundOrId);
		if (!parsedRefund.ok) throw new ShopifyInputError(parsedRefund.problems, 'Shopify refund');
		refund = parsedRefund.value;
	}
	if (refund.order_id !== null && refund.order_id !== undefined && String(refund.order_id) !== String(order.id)) {
		throw new ShopifyInputError([{ path: 'refund.order_id', message: `belongs to order ${String(refund.order_id)}, not to order ${String(order.id)}` }], 'Shopify refund');
	}

	const ctx = readContext(order, options);
	const currency = ctx.mode === 'presentment' ? (order.presentment_currency ?? order.currency) : order.currency;
	const incl = order.taxes_included;
	const warnings: string[] = [];
	const r = readRefund(ctx, refund, 'refund', currency);

	const lineSources = r.lines.map((rl) => {
		const index = order.line_items.findIndex((li) => String(li.id) === rl.lineItemId);
		let item: ShopifyLineItem | undefined = index >= 0 ? order.line_items[index] : undefined;
		if (!item) {
			// A refund of a line the order no longer lists: the refund's own copy of the line must be complete.
			const nested = lineItemSchema.safeParse(rl.item ?? undefined);
			if (!nested.success) {
				ctx.problems.push({ path: `${rl.path}.line_item_id`, message: `line item ${rl.lineItemId} is not in the order` });
				return undefined;
			}
			item = nested.data;
		}
		return { src: shopifyLineSource(ctx, item, Math.max(index, 0), incl, warnings), rl };
	});
	const shippingSources = r.shipping.map((rs, i) => {
		const line =
			order.shipping_lines.find((s) => rs.shippingLineId !== undefined && String(s.id) === rs.shippingLineId) ?? order.shipping_lines[i] ?? order.shipping_lines[0];
		const description = options.shippingLine?.description ?? (line?.title?.trim() || rs.title?.trim() || 'Envío');
		// The refunded shipping keeps the rate it was charged at.
		const rate = line ? readTax(ctx, line.tax_lines, true, 'order.shipping_lines', description, []).rate : Dec.zero;
		return { rs, description, rate };
	});
	if (ctx.problems.length) throw new ShopifyInputError(ctx.problems, 'Shopify refund');

	const build = (lineBasis: Basis, shipBasis: Basis): SourceLine[] => {
		const out: SourceLine[] = [];
		for (const entry of lineSources) {
			if (!entry) continue;
			const { src, rl } = entry;
			const total = grossOf(rl.piece, lineBasis);
			if (rl.quantity === 0 && total.isZero()) continue;
			const net = total.sub(rl.piece.tax);
			const quantity = rl.quantity > 0 ? rl.quantity : 1;
			out.push({ ...src, quantity, total, tax: rl.piece.tax, net, discount: src.unitPrice.mul(quantity).sub(incl ? total : net) });
		}
		for (const s of shippingSources) {
			const total = grossOf(s.rs.piece, shipBasis);
			if (total.isZero()) continue;
			const net = total.sub(s.rs.piece.tax);
			out.push({
				ref: s.rs.path,
				kind: 'shipping',
				code: options.shippingLine?.code ?? 'ENVIO',
				description: s.description,
				quantity: 1,
				unitPrice: incl ? total : net,
				discount: Dec.zero,
				total,
				net,
				tax: s.rs.piece.tax,
				rate: s.rate,
				excluded: false,
				itemType: 'services',
			});
		}
		return out;
	};
	const sumOf = (lines: SourceLine[]) => lines.reduce((acc, l) => acc.add(l.total), Dec.zero);
	const defaultBasis: Basis = incl ? 'inclusive' : 'exclusive';
	const other: Basis = incl ? 'exclusive' : 'inclusive';
	let sources = build(defaultBasis, defaultBasis);
	const info: string[] = [];
	const issues: string[] = [];
	const returned = r.transactions?.sub(r.discrepancy);
	if (returned && !sumOf(sources).eq(returned)) {
		for (const [lb, sb] of [
			[defaultBasis, other],
			[other, defaultBasis],
			[other, other],
		] as Array<[Basis, Basis]>) {
			const attempt = build(lb, sb);
			if (sumOf(attempt).eq(returned)) {
				info.push(basisNote(lb, sb, 'the refund transactions'));
				sources = attempt;
				break;
			}
		}
	}
	if (sources.length === 0) {
		throw new ShopifyInputError([{ path: 'refund', message: 'refunds no line item and no shipping; there is nothing to credit' }], 'Shopify refund');
	}
	if (!r.discrepancy.isZero()) {
		issues.push(
			`The refund includes an adjustment of ${fmt(r.discrepancy)} ${currency} (refund discrepancy) that belongs to no line or shipping; a credit note can only credit lines.`,
		);
	}
	const expected = r.transactions ?? sumOf(sources);
	if (!r.transactions) info.push('The refund has no successful refund transactions; the credit note is compared with the refunded lines.');

	const reading: OrderReading = {
		currency,
		lines: sources,
		orderTotal: expected.round(2),
		orderTax: sources.reduce((acc, l) => acc.add(l.tax), Dec.zero),
		issues,
		info,
		warnings,
	};
	const problems: ValidationProblem[] = [];
	const { customer, source } = mapCustomer(order, profile, options, problems, warnings);
	const built = buildLines({ reading, taxesIncluded: incl, profile, options });
	const originalTotal = readMoney(ctx, order.total_price, order.total_price_set, 'order', 'total_price_set');
	const fullRefund = expected.eq(originalTotal);
	const reasonCode = options.reasonCode ?? (profile.creditNoteReasons ? (fullRefund ? profile.creditNoteReasons.annulment : profile.creditNoteReasons.partialReturn) : undefined);
	const name = order.name ?? `#${String(order.id)}`;
	const related: RelatedDocument | undefined =
		options.related || reasonCode || refund.note
			? {
					...(options.related ?? {}),
					...(reasonCode ? { reasonCode } : {}),
					reasonText: options.related?.reasonText ?? (refund.note?.trim() || `Devolución pedido Shopify ${name}`),
				}
			: undefined;
	if (profile.country === 'SV' && !profile.requiresNrc) {
		// MH's Nota de Crédito schema relates only to a CCF (03) or a Comprobante de Retención (07).
		warnings.push(`In El Salvador a Nota de Crédito (05) corrects a CCF (03); a ${profile.label} is corrected by invalidating it (anulacionDte) and issuing it again.`);
	}
	if (!options.related) warnings.push('No related invoice was given: pass the original invoice (number, CUFE / codigoGeneracion) so the credit note can reference it.');
	const documentType = profile.country === 'SV' ? '05' : undefined;
	const pay = payment(order, profile, options, warnings);
	const invoice: MappedInvoice = {
		kind: 'creditNote',
		currency: currency.toUpperCase(),
		customer,
		lines: built.lines,
		pricesIncludeTax: profile.pricesIncludeTax,
		...(pay ? { payment: pay } : {}),
		notes: (options.notes ?? `Shopify ${name} refund ${String(refund.id)}`).slice(0, 250),
		...(related ? { related } : {}),
		externalReference: creditNoteReferenceFor(order, refund, options),
	};
	const check = makeCheck(currency, reading.orderTotal, reading.orderTax, built.lines, profile, [...issues, ...built.issues], [...info, ...built.info]);
	return { invoice, check, customerSource: source, ...(documentType ? { documentType } : {}), problems, warnings };
}
