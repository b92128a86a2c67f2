/**
 * Shopify's order and refund JSON (REST Admin API resource, or the `orders/paid` / `refunds/create`
 * webhook body) as zod schemas, and their validation with every problem reported under its path
 * (`order.line_items.0.price`).
 *
 * Shopify facts this relies on (REST Admin API, Order and Refund resources):
 * - money fields are decimal strings in the shop currency; `*_set` bags add the presentment currency;
 * - `line_items[].price` is the unit price before discounts, in the shop's tax basis (`taxes_included`);
 * - `line_items[].discount_allocations[].amount` is every discount (line and order level) allocated to the
 *   line, in the same basis; `tax_lines[].price` is the line's tax after discounts, `rate` a fraction (0.19);
 * - `shipping_lines[].discounted_price` is the shipping charged after shipping discounts;
 * - `current_total_price` etc. reflect refunds and edits (older API versions and exports lack them);
 *   `line_items[].current_quantity` (2024-01+); `total_tip_received` is in `total_price` but on no line;
 * - refunds: `refund_line_items[]{line_item_id, quantity, subtotal, total_tax}`, shipping as
 *   `refund_shipping_lines[]` (2024-10+) or `order_adjustments[]{kind: shipping_refund}` (older versions —
 *   and Shopify's own example carries the same refund both ways), money returned in
 *   `transactions[]{kind: refund, status: success}`.
 */
import { z } from 'zod';

import { Dec } from '../decimal';
import type { ValidationProblem } from '../errors';
import { parseWith } from '../invoice/model';

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

export const lineItemSchema = z.object({
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
	total_discounts: moneyValue.nullish(),
	total_discounts_set: moneyBag.nullish(),
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
export type ShopifyLineItem = z.output<typeof lineItemSchema>;
export type ShopifyShippingLine = z.output<typeof shippingLineSchema>;
export type MoneyBag = z.output<typeof moneyBag>;

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
