/**
 * Reading a Shopify order or refund into source lines: what the customer paid per product and shipping
 * line (total, net, tax, rate), in the shop's or the presentment currency, and the figure the document
 * must equal. Nothing here knows a provider: the lines are Shopify's, the provider comes later (cents.ts).
 */
import { Dec } from '../decimal';
import type { ValidationProblem } from '../errors';

import type { ShopifyMappingOptions } from './options';
import type { MoneyBag, ShopifyLineItem, ShopifyOrder, ShopifyRefund, ShopifyShippingLine } from './schema';

export interface ReadContext {
	mode: 'shop' | 'presentment';
	/** Single-currency orders may omit `*_set` bags: then the plain field is the presentment amount too. */
	sameCurrency: boolean;
	problems: ValidationProblem[];
}

export function readMoney(
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

export interface SourceLine {
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

export const CENT = Dec.of('0.01');
export const HUNDRED = Dec.of(100);

export function unitOf(decimals: number): Dec {
	return Dec.of(`0.${'0'.repeat(decimals - 1)}1`);
}

export function fmt(value: Dec, decimals = 2): string {
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

export function readTax(
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
export function splitAmounts(lineAmount: Dec, tax: Dec, taxesIncluded: boolean): Amounts {
	return taxesIncluded
		? { total: lineAmount, net: lineAmount.sub(tax), tax }
		: { total: lineAmount.add(tax), net: lineAmount, tax };
}

/** A refund component (line subtotal or shipping amount) with its tax; the basis is checked later. */
export interface RefundPiece {
	amount: Dec;
	tax: Dec;
}

/** Whether a refund amount already includes its tax. Shopify's shipping refunds are seen both ways. */
export type Basis = 'inclusive' | 'exclusive';

export function basisNote(lineBasis: Basis, shipBasis: Basis, against: string): string {
	return `Shopify's refund amounts were read as ${lineBasis} of tax for lines and ${shipBasis} for shipping: the reading that matches ${against}.`;
}

export function grossOf(piece: RefundPiece, basis: Basis): Dec {
	return basis === 'inclusive' ? piece.amount : piece.amount.add(piece.tax);
}

export interface RefundReading {
	lines: Array<{ lineItemId: string; quantity: number; piece: RefundPiece; item?: Partial<ShopifyLineItem> | null; path: string }>;
	shipping: Array<{ shippingLineId?: string; piece: RefundPiece; title?: string | null; path: string }>;
	discrepancy: Dec;
	/** Money actually returned (successful refund transactions in the chosen currency), if known. */
	transactions: Dec | undefined;
}

export function readRefund(ctx: ReadContext, refund: ShopifyRefund, path: string, currencyCode: string): RefundReading {
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
	const fromLines = [...shipping];
	let discrepancy = Dec.zero;
	(refund.order_adjustments ?? []).forEach((adj, i) => {
		const p = `${path}.order_adjustments.${i}`;
		const amount = readMoney(ctx, adj.amount, adj.amount_set, p, 'amount_set');
		const tax = adj.tax_amount !== null && adj.tax_amount !== undefined ? readMoney(ctx, adj.tax_amount, adj.tax_amount_set, p, 'tax_amount_set') : Dec.zero;
		if (adj.kind !== 'shipping_refund') {
			discrepancy = discrepancy.add(amount).add(tax);
			return;
		}
		// Before API 2024-10 refunded shipping was an adjustment (amounts written negative). Newer answers —
		// Shopify's own refund example among them — carry the same refund both as a refund shipping line and
		// as this adjustment: an adjustment equal to a refund shipping line is that line, counted once.
		const piece = { amount: amount.abs(), tax: tax.abs() };
		const same = fromLines.findIndex((x) => x.piece.amount.eq(piece.amount) && x.piece.tax.eq(piece.tax));
		if (same >= 0) fromLines.splice(same, 1);
		else shipping.push({ piece, path: p });
	});
	let transactions: Dec | undefined;
	for (const t of refund.transactions ?? []) {
		if (t.kind !== 'refund' || (t.status ?? 'success') !== 'success') continue;
		if (t.currency && t.currency.toUpperCase() !== currencyCode.toUpperCase()) continue;
		transactions = (transactions ?? Dec.zero).add(Dec.of(t.amount));
	}
	return { lines, shipping, discrepancy, transactions };
}

export interface OrderReading {
	currency: string;
	lines: SourceLine[];
	/** The figure the document must equal (current or original total, or the money refunded). */
	orderTotal: Dec;
	orderTax: Dec;
	issues: string[];
	info: string[];
	warnings: string[];
}

export function shopifyLineSource(
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

/** How amounts are read: the currency chosen, and the problems found while reading. */
export function readContext(order: ShopifyOrder, options: ShopifyMappingOptions): ReadContext {
	return {
		mode: options.currency ?? 'shop',
		sameCurrency: !order.presentment_currency || order.presentment_currency.toUpperCase() === order.currency.toUpperCase(),
		problems: [],
	};
}

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** The lines as they are after refunds (and order edits), under one reading of the refunds' tax basis. */
interface CurrentLines {
	lines: SourceLine[];
	notes: string[];
	sum: Dec;
}

interface Originals {
	order: ShopifyOrder;
	products: SourceLine[];
	shipping: SourceLine[];
	refunds: RefundReading[];
	useCurrent: boolean;
}

function currentProduct(o: Originals, p: SourceLine, i: number, lineBasis: Basis, notes: string[]): SourceLine | undefined {
	const item = o.order.line_items[i];
	let qty = p.quantity;
	let total = p.total;
	let tax = p.tax;
	for (const rl of o.refunds.flatMap((r) => r.lines)) {
		if (rl.lineItemId !== String(item.id)) continue;
		qty -= rl.quantity;
		total = total.sub(grossOf(rl.piece, lineBasis));
		tax = tax.sub(rl.piece.tax);
	}
	if (o.useCurrent && present(item.current_quantity) && item.current_quantity < qty && qty > 0) {
		// Units removed by an order edit without a refund: keep the same share of the amounts.
		const share = Dec.of(item.current_quantity).div(qty);
		notes.push(`"${p.description}": ${qty - item.current_quantity} unit(s) were removed by an order edit; the remaining amounts are prorated.`);
		total = total.mul(share).round(2);
		tax = tax.mul(share).round(2);
		qty = item.current_quantity;
	}
	if (qty <= 0) return undefined;
	const net = total.sub(tax);
	const lineAmount = o.order.taxes_included ? total : net;
	return { ...p, quantity: qty, total, tax, net, discount: p.unitPrice.mul(qty).sub(lineAmount) };
}

function currentShipping(o: Originals, s: SourceLine, i: number, shipBasis: Basis): SourceLine | undefined {
	const line = o.order.shipping_lines[i];
	let total = s.total;
	let tax = s.tax;
	for (const rs of o.refunds.flatMap((r) => r.shipping)) {
		if (rs.shippingLineId !== undefined && present(line.id) && rs.shippingLineId !== String(line.id)) continue;
		if (rs.shippingLineId === undefined && i > 0) continue;
		total = total.sub(grossOf(rs.piece, shipBasis));
		tax = tax.sub(rs.piece.tax);
	}
	if (total.cmp(0) <= 0) return undefined;
	const net = total.sub(tax);
	return { ...s, total, tax, net, discount: s.unitPrice.sub(o.order.taxes_included ? total : net) };
}

function currentLines(o: Originals, lineBasis: Basis, shipBasis: Basis): CurrentLines {
	const notes: string[] = [];
	const lines = [
		...o.products.map((p, i) => currentProduct(o, p, i, lineBasis, notes)),
		...o.shipping.map((s, i) => currentShipping(o, s, i, shipBasis)),
	].filter((l): l is SourceLine => l !== undefined);
	return { lines, notes, sum: Dec.sum(lines.map((l) => l.total)) };
}

/** The reading of the refunds' basis (inclusive or exclusive of tax) whose lines add up to `expected`. */
function chooseBasis(o: Originals, expected: Dec, against: string, info: string[]): CurrentLines {
	const incl = o.order.taxes_included;
	const defaultBasis: Basis = incl ? 'inclusive' : 'exclusive';
	const chosen = currentLines(o, defaultBasis, defaultBasis);
	if (chosen.sum.eq(expected) || o.refunds.length === 0) return chosen;
	const other: Basis = incl ? 'exclusive' : 'inclusive';
	for (const [lb, sb] of [
		[defaultBasis, other],
		[other, defaultBasis],
		[other, other],
	] as Array<[Basis, Basis]>) {
		const attempt = currentLines(o, lb, sb);
		if (attempt.sum.eq(expected)) {
			info.push(basisNote(lb, sb, against));
			return attempt;
		}
	}
	return chosen;
}

/** What Shopify says the document must equal: the current figures, or without them the original ones less refunds. */
interface Expected {
	total: Dec;
	/** Undefined: Shopify gives none; the lines' taxes are compared instead. */
	tax?: Dec;
	/** The field the total comes from, for notes. */
	against: string;
}

function expectedFigures(ctx: ReadContext, o: Originals, info: string[]): Expected {
	const { order } = o;
	if (o.useCurrent && present(order.current_total_price)) {
		const total = readMoney(ctx, order.current_total_price, order.current_total_price_set, 'order', 'current_total_price_set');
		const tax = present(order.current_total_tax) ? readMoney(ctx, order.current_total_tax, order.current_total_tax_set, 'order', 'current_total_tax_set') : undefined;
		return { total, tax, against: 'current_total_price' };
	}
	const total = readMoney(ctx, order.total_price, order.total_price_set, 'order', 'total_price_set');
	const originalTax = present(order.total_tax) ? readMoney(ctx, order.total_tax, order.total_tax_set, 'order', 'total_tax_set') : undefined;
	if (!o.useCurrent) return { total, tax: originalTax, against: 'total_price' };
	// Older API versions and exports have no current_* fields: the order as placed, less what was refunded.
	// Never the lines' own sum — an order-level discount or tax on no line would go unnoticed.
	const basis: Basis = order.taxes_included ? 'inclusive' : 'exclusive';
	const refunded = Dec.sum(
		o.refunds.map((r) => r.transactions ?? Dec.sum([...r.lines, ...r.shipping].map((x) => grossOf(x.piece, basis)))),
	);
	const refundedTax = Dec.sum(o.refunds.flatMap((r) => [...r.lines, ...r.shipping].map((x) => x.piece.tax)));
	info.push(
		`The order has no current_total_price (an older API version or an export): the document is checked against total_price${
			o.refunds.length ? ' less the money refunded' : ''
		}.`,
	);
	return { total: total.sub(refunded), tax: originalTax?.sub(refundedTax), against: 'total_price' };
}

/** Order-level discounts and taxes Shopify counts but allocated to no line (total_discounts, total_tax). */
function unallocated(ctx: ReadContext, o: Originals): { discount: Dec; tax: Dec } {
	const { order } = o;
	const lines = [...o.products, ...o.shipping];
	const discounts = present(order.total_discounts)
		? readMoney(ctx, order.total_discounts, order.total_discounts_set, 'order', 'total_discounts_set').sub(Dec.sum(lines.map((l) => l.discount)))
		: Dec.zero;
	const tax = present(order.total_tax) ? readMoney(ctx, order.total_tax, order.total_tax_set, 'order', 'total_tax_set').sub(Dec.sum(lines.map((l) => l.tax))) : Dec.zero;
	return { discount: discounts, tax };
}

/** Why Shopify's total differs from its lines, in words: a tip, an order-level discount or tax, or something else. */
function describeGap(gap: Dec, tip: Dec, extra: { discount: Dec; tax: Dec }, currency: string): string {
	if (!tip.isZero() && gap.eq(tip)) return `a tip of ${fmt(tip)} ${currency}, which is not a sale and is not invoiced`;
	const parts: string[] = [];
	if (!extra.discount.isZero()) parts.push(`an order-level discount of ${fmt(extra.discount)} ${currency} that is allocated to no line (total_discounts)`);
	if (!extra.tax.isZero()) parts.push(`order-level tax of ${fmt(extra.tax)} ${currency} that is on no line (total_tax)`);
	if (!tip.isZero()) parts.push(`a tip of ${fmt(tip)} ${currency}`);
	return parts.length ? parts.join(', ') : 'amounts that are on no line (tips, duties, additional fees or an order edit)';
}

/** The tip in the chosen currency (`total_tip_received` has no presentment bag: known only in shop money). */
function tipOf(order: ShopifyOrder, ctx: ReadContext): Dec {
	return ctx.mode === 'shop' && present(order.total_tip_received) ? Dec.of(order.total_tip_received) : Dec.zero;
}

/** A Shopify order → its source lines as they are now (or as placed) and the total the document must equal. */
export function readOrder(order: ShopifyOrder, options: ShopifyMappingOptions, ctx: ReadContext): OrderReading {
	const warnings: string[] = [];
	const issues: string[] = [];
	const info: string[] = [];
	const useCurrent = options.useCurrentAmounts ?? true;
	const currency = ctx.mode === 'presentment' ? (order.presentment_currency ?? order.currency) : order.currency;
	const incl = order.taxes_included;
	const o: Originals = {
		order,
		products: order.line_items.map((item, i) => shopifyLineSource(ctx, item, i, incl, warnings)),
		shipping: order.shipping_lines.map((line, i) => shippingSource(ctx, line, i, incl, options, warnings)),
		refunds: useCurrent ? order.refunds.map((r, i) => readRefund(ctx, r, `order.refunds.${i}`, currency)) : [],
		useCurrent,
	};
	const expected = expectedFigures(ctx, o, info);
	const tip = tipOf(order, ctx);
	// A tip is not a sale of the shop: left out by default, the document then equals the sale.
	const leaveTipOut = !tip.isZero() && (options.tips ?? 'leaveOut') === 'leaveOut';
	const orderTotal = leaveTipOut ? expected.total.sub(tip) : expected.total;
	if (leaveTipOut) info.push(`A tip of ${fmt(tip)} ${currency} is left out: it is not a sale of the shop, so it is not invoiced.`);
	const chosen = chooseBasis(o, orderTotal, expected.against, info);
	warnings.push(...chosen.notes);
	if (!orderTotal.eq(chosen.sum)) {
		const gap = orderTotal.sub(chosen.sum);
		const what = describeGap(gap, leaveTipOut ? Dec.zero : tip, unallocated(ctx, o), currency);
		issues.push(`Shopify's total ${fmt(orderTotal)} ${currency} differs from the sum of its lines ${fmt(chosen.sum)} by ${fmt(gap)}: it includes ${what}.`);
	}
	if (useCurrent && o.refunds.length > 0) info.push(`Invoices the order as it is after ${o.refunds.length} refund(s) (current amounts); do not also issue credit notes for those refunds.`);
	return { currency, lines: chosen.lines, orderTotal: orderTotal.round(2), orderTax: expected.tax ?? Dec.sum(chosen.lines.map((l) => l.tax)), issues, info, warnings };
}
