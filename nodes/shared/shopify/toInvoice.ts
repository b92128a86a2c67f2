/**
 * A Shopify order → an invoice, a Shopify refund → a credit note: the neutral `Invoice` for one provider
 * profile, with a check that its total — computed by the shared money engine with the profile's rule —
 * equals what the customer paid (or was refunded), and every deviation and problem said in words.
 */
import { Dec } from '../decimal';
import type { ValidationProblem } from '../errors';
import type { Invoice, InvoiceLine, RelatedDocument } from '../invoice/model';
import type { DocumentTotals } from '../invoice/money';
import { documentTotals } from '../invoice/money';

import { describeRep, selectLines } from './cents';
import type { Chosen } from './cents';
import { mapCustomer } from './customer';
import { creditNoteReferenceFor, externalReferenceFor } from './options';
import type { CreditNoteOptions, MappingResult, ShopifyMappingOptions, TotalsCheck } from './options';
import type { ShopifyProfile } from './profile';
import type { Basis, OrderReading, SourceLine } from './read';
import { basisNote, CENT, fmt, grossOf, readContext, readMoney, readOrder, readRefund, readTax, shopifyLineSource } from './read';
import type { ShopifyLineItem, ShopifyOrder, ShopifyRefund } from './schema';
import { lineItemSchema, parseShopifyOrder, parseShopifyRefund, ShopifyInputError } from './schema';

function toInvoiceLines(chosen: Chosen[], profile: ShopifyProfile, options: ShopifyMappingOptions): InvoiceLine[] {
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

/** The document totals exactly as the provider will compute them: the shared money engine with the profile's rule. */
export function invoiceTotals(invoice: Pick<Invoice, 'lines'>, profile: ShopifyProfile): DocumentTotals {
	return documentTotals(invoice.lines, profile);
}

interface Build {
	reading: OrderReading;
	taxesIncluded: boolean;
	profile: ShopifyProfile;
	options: ShopifyMappingOptions;
}

/** With the Rounding Line option: a visible 0 % line for the cents the provider's rounding cannot reach. */
function addRoundingLine(lines: InvoiceLine[], sources: SourceLine[], profile: ShopifyProfile, options: ShopifyMappingOptions, info: string[]): void {
	const expected = sources.reduce((acc, l) => acc.add(l.total), Dec.zero);
	const gap = expected.sub(invoiceTotals({ lines }, profile).total);
	if (gap.cmp(0) <= 0 || gap.cmp(CENT.mul(sources.length)) > 0) return;
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
	if (options.roundingLine) addRoundingLine(lines, sources, profile, options, info);
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
	profile: ShopifyProfile,
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

function payment(order: ShopifyOrder, profile: ShopifyProfile, options: ShopifyMappingOptions, warnings: string[]): Invoice['payment'] {
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
export function orderToInvoice(input: unknown, profile: ShopifyProfile, options: ShopifyMappingOptions = {}): MappingResult {
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
	const invoice: Invoice = {
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

/** The refund the caller means: a refund object, or the id of one of the order's refunds. */
function findRefund(order: ShopifyOrder, refundOrId: unknown): ShopifyRefund {
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
	return refund;
}

/** What a refund credits: its lines (with the order's line they refund) and its shipping (with the rate charged). */
interface RefundParts {
	lines: Array<{ src: SourceLine; piece: { amount: Dec; tax: Dec }; quantity: number }>;
	shipping: Array<{ piece: { amount: Dec; tax: Dec }; description: string; rate: Dec; path: string }>;
}

function refundParts(order: ShopifyOrder, r: ReturnType<typeof readRefund>, ctx: ReturnType<typeof readContext>, options: CreditNoteOptions, warnings: string[]): RefundParts {
	const lines: RefundParts['lines'] = [];
	for (const rl of r.lines) {
		const index = order.line_items.findIndex((li) => String(li.id) === rl.lineItemId);
		let item: ShopifyLineItem | undefined = index >= 0 ? order.line_items[index] : undefined;
		if (!item) {
			// A refund of a line the order no longer lists: the refund's own copy of the line must be complete.
			const nested = lineItemSchema.safeParse(rl.item ?? undefined);
			if (!nested.success) {
				ctx.problems.push({ path: `${rl.path}.line_item_id`, message: `line item ${rl.lineItemId} is not in the order` });
				continue;
			}
			item = nested.data;
		}
		lines.push({ src: shopifyLineSource(ctx, item, Math.max(index, 0), order.taxes_included, warnings), piece: rl.piece, quantity: rl.quantity });
	}
	const shipping = r.shipping.map((rs, i) => {
		const line =
			order.shipping_lines.find((s) => rs.shippingLineId !== undefined && String(s.id) === rs.shippingLineId) ?? order.shipping_lines[i] ?? order.shipping_lines[0];
		const description = options.shippingLine?.description ?? (line?.title?.trim() || rs.title?.trim() || 'Envío');
		// The refunded shipping keeps the rate it was charged at.
		const rate = line ? readTax(ctx, line.tax_lines, true, 'order.shipping_lines', description, []).rate : Dec.zero;
		return { piece: rs.piece, description, rate, path: rs.path };
	});
	return { lines, shipping };
}

/** The refund's source lines under one reading of its amounts' tax basis. */
function refundSources(parts: RefundParts, incl: boolean, options: CreditNoteOptions, lineBasis: Basis, shipBasis: Basis): SourceLine[] {
	const out: SourceLine[] = [];
	for (const { src, piece, quantity: refunded } of parts.lines) {
		const total = grossOf(piece, lineBasis);
		if (refunded === 0 && total.isZero()) continue;
		const net = total.sub(piece.tax);
		const quantity = refunded > 0 ? refunded : 1;
		out.push({ ...src, quantity, total, tax: piece.tax, net, discount: src.unitPrice.mul(quantity).sub(incl ? total : net) });
	}
	for (const s of parts.shipping) {
		const total = grossOf(s.piece, shipBasis);
		if (total.isZero()) continue;
		const net = total.sub(s.piece.tax);
		out.push({
			ref: s.path,
			kind: 'shipping',
			code: options.shippingLine?.code ?? 'ENVIO',
			description: s.description,
			quantity: 1,
			unitPrice: incl ? total : net,
			discount: Dec.zero,
			total,
			net,
			tax: s.piece.tax,
			rate: s.rate,
			excluded: false,
			itemType: 'services',
		});
	}
	return out;
}

/** The reading of the refund basis whose lines add up to the money returned (the default one without transactions). */
function chooseRefundSources(parts: RefundParts, incl: boolean, options: CreditNoteOptions, returned: Dec | undefined, info: string[]): SourceLine[] {
	const sumOf = (lines: SourceLine[]) => lines.reduce((acc, l) => acc.add(l.total), Dec.zero);
	const defaultBasis: Basis = incl ? 'inclusive' : 'exclusive';
	const other: Basis = incl ? 'exclusive' : 'inclusive';
	const sources = refundSources(parts, incl, options, defaultBasis, defaultBasis);
	if (!returned || sumOf(sources).eq(returned)) return sources;
	for (const [lb, sb] of [
		[defaultBasis, other],
		[other, defaultBasis],
		[other, other],
	] as Array<[Basis, Basis]>) {
		const attempt = refundSources(parts, incl, options, lb, sb);
		if (sumOf(attempt).eq(returned)) {
			info.push(basisNote(lb, sb, 'the refund transactions'));
			return attempt;
		}
	}
	return sources;
}

/** The corrected invoice and the reason: the caller's, the profile's concept codes (annulment for a full refund), the refund note. */
function relatedFor(order: ShopifyOrder, refund: ShopifyRefund, profile: ShopifyProfile, options: CreditNoteOptions, fullRefund: boolean): RelatedDocument | undefined {
	const reasons = profile.creditNote.reasons;
	const reasonCode = options.reasonCode ?? (reasons ? (fullRefund ? reasons.annulment : reasons.partialReturn) : undefined);
	if (!options.related && !reasonCode && !refund.note) return undefined;
	const name = order.name ?? `#${String(order.id)}`;
	return {
		...(options.related ?? {}),
		...(reasonCode ? { reasonCode } : {}),
		reasonText: options.related?.reasonText ?? (refund.note?.trim() || `Devolución pedido Shopify ${name}`),
	};
}

/**
 * A Shopify refund → a credit note for the refunded lines and shipping, checked against the money Shopify
 * returned. `refundOrId` is the `refunds/create` webhook body, an element of `order.refunds`, or a refund id
 * found in `order.refunds`.
 */
export function refundToCreditNote(orderInput: unknown, refundOrId: unknown, profile: ShopifyProfile, options: CreditNoteOptions = {}): MappingResult {
	const parsedOrder = parseShopifyOrder(orderInput);
	if (!parsedOrder.ok) throw new ShopifyInputError(parsedOrder.problems);
	const order = parsedOrder.value;
	const refund = findRefund(order, refundOrId);
	const ctx = readContext(order, options);
	const currency = ctx.mode === 'presentment' ? (order.presentment_currency ?? order.currency) : order.currency;
	const incl = order.taxes_included;
	const warnings: string[] = [];
	const r = readRefund(ctx, refund, 'refund', currency);
	const parts = refundParts(order, r, ctx, options, warnings);
	if (ctx.problems.length) throw new ShopifyInputError(ctx.problems, 'Shopify refund');

	const info: string[] = [];
	const issues: string[] = [];
	const sources = chooseRefundSources(parts, incl, options, r.transactions?.sub(r.discrepancy), info);
	if (sources.length === 0) {
		throw new ShopifyInputError([{ path: 'refund', message: 'refunds no line item and no shipping; there is nothing to credit' }], 'Shopify refund');
	}
	if (!r.discrepancy.isZero()) {
		issues.push(
			`The refund includes an adjustment of ${fmt(r.discrepancy)} ${currency} (refund discrepancy) that belongs to no line or shipping; a credit note can only credit lines.`,
		);
	}
	const expected = r.transactions ?? Dec.sum(sources.map((l) => l.total));
	if (!r.transactions) info.push('The refund has no successful refund transactions; the credit note is compared with the refunded lines.');
	const reading: OrderReading = { currency, lines: sources, orderTotal: expected.round(2), orderTax: Dec.sum(sources.map((l) => l.tax)), issues, info, warnings };

	const problems: ValidationProblem[] = [];
	const { customer, source } = mapCustomer(order, profile, options, problems, warnings);
	const built = buildLines({ reading, taxesIncluded: incl, profile, options });
	const fullRefund = expected.eq(readMoney(ctx, order.total_price, order.total_price_set, 'order', 'total_price_set'));
	const related = relatedFor(order, refund, profile, options, fullRefund);
	if (profile.creditNote.warning) warnings.push(profile.creditNote.warning);
	if (!options.related) warnings.push('No related invoice was given: pass the original invoice (number, CUFE / codigoGeneracion) so the credit note can reference it.');
	const documentType = profile.creditNote.documentType;
	const pay = payment(order, profile, options, warnings);
	const invoice: Invoice = {
		kind: 'creditNote',
		currency: currency.toUpperCase(),
		customer,
		lines: built.lines,
		pricesIncludeTax: profile.pricesIncludeTax,
		...(pay ? { payment: pay } : {}),
		notes: (options.notes ?? `Shopify ${order.name ?? `#${String(order.id)}`} refund ${String(refund.id)}`).slice(0, 250),
		...(related ? { related } : {}),
		externalReference: creditNoteReferenceFor(order, refund, options),
	};
	const check = makeCheck(currency, reading.orderTotal, reading.orderTax, built.lines, profile, [...issues, ...built.issues], [...info, ...built.info]);
	return { invoice, check, customerSource: source, ...(documentType ? { documentType } : {}), problems, warnings };
}
