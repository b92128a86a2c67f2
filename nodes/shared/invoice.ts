/**
 * The neutral Invoice: what the UI fields, the JSON input and the Shopify mapper produce, and what each
 * provider's `wire` module turns into a request body. Also the money arithmetic every provider's totals
 * preview uses (exact decimals; each provider picks its rounding rule).
 */
import { z } from 'zod';

import { Dec } from './decimal';
import type { RoundingMode } from './decimal';
import type { ValidationProblem } from './errors';

export { Dec };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
	if (!DATE.test(value)) return false;
	const [y, m, d] = value.split('-').map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Numbers or numeric strings ("19", "19.00"); normalised to a number-like string for exact math. */
export const decimal = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
	if (!Dec.isDecimal(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${String(value)}" is not a number` });
});

const isoDate = z
	.string()
	.refine(isIsoDate, (v) => ({ message: `"${v}" is not a valid date (use YYYY-MM-DD)` }));

const text = z.string().trim().min(1, 'must not be empty');

export const withholdingSchema = z.object({
	/** Provider tax code, e.g. Factus "05" ReteIVA, "06" ReteRenta. */
	code: text,
	rate: decimal,
});

export const invoiceLineSchema = z.object({
	code: text.optional(),
	description: text,
	quantity: decimal.refine((v) => Dec.isDecimal(v) && Dec.of(v).cmp(0) > 0, 'must be greater than 0'),
	unitPrice: decimal.refine((v) => Dec.isDecimal(v) && !Dec.of(v).isNegative(), 'must not be negative'),
	/** Percent, e.g. 19. */
	taxRate: decimal.refine((v) => Dec.isDecimal(v) && !Dec.of(v).isNegative(), 'must not be negative'),
	/** Overrides the invoice-level setting for this line. */
	pricesIncludeTax: z.boolean().optional(),
	/** Percent 0..100. */
	discountRate: decimal
		.refine((v) => Dec.isDecimal(v) && !Dec.of(v).isNegative() && Dec.of(v).cmp(100) <= 0, 'must be between 0 and 100')
		.optional(),
	/** Fixed discount for the whole line, in the same tax basis as the price. */
	discountAmount: decimal.refine((v) => Dec.isDecimal(v) && !Dec.of(v).isNegative(), 'must not be negative').optional(),
	/** Unit of measure in the provider's code list. */
	unit: z.string().optional(),
	/** Excluded / exempt from the tax (not just zero-rated). */
	taxExcluded: z.boolean().optional(),
	/** goods or services (El Salvador's tipoItem). */
	itemType: z.enum(['goods', 'services']).optional(),
	withholdings: z.array(withholdingSchema).optional(),
});

export const customerSchema = z.object({
	/** Identification type in the provider's code list (e.g. DIAN "13", "31"; MH "36"). */
	idType: text,
	idNumber: text,
	/** NIT check digit (Colombia). */
	dv: z.string().optional(),
	/** Legal name or person's full name. */
	name: text,
	tradeName: z.string().optional(),
	personType: z.enum(['legal', 'natural']).optional(),
	email: z.string().email('is not a valid e-mail address').optional(),
	phone: z.string().optional(),
	address: z.string().optional(),
	/** Provider municipality code or id. */
	municipality: z.string().optional(),
	department: z.string().optional(),
	country: z.string().optional(),
	/** DIAN fiscal responsibilities (O-13, R-99-PN…). */
	taxResponsibilities: z.array(z.string()).optional(),
	/** Provider tax-regime / tribute code (Factus tribute_id). */
	taxScheme: z.string().optional(),
	/** El Salvador NRC. */
	nrc: z.string().optional(),
	/** El Salvador economic activity code. */
	economicActivity: z.string().optional(),
	/** Provider-side id of a stored customer (Factuconect idCliente). */
	providerId: z.string().optional(),
});

export const relatedDocumentSchema = z.object({
	number: text.optional(),
	/** CUFE / codigoGeneracion of the referenced document. */
	authorityId: z.string().optional(),
	/** Provider-internal id (Factus bill_id). */
	providerId: z.string().optional(),
	issueDate: isoDate.optional(),
	/** Provider document type of the referenced document (e.g. MH "03"). */
	documentType: z.string().optional(),
	reasonCode: z.string().optional(),
	reasonText: z.string().optional(),
});

export const invoiceSchema = z.object({
	kind: z.enum(['invoice', 'creditNote', 'debitNote', 'supportDocument']).default('invoice'),
	issueDate: isoDate.optional(),
	currency: z.string().length(3, 'must be a 3-letter ISO code').optional(),
	customer: customerSchema,
	lines: z.array(invoiceLineSchema).min(1, 'needs at least one line'),
	/** Whether unit prices include tax (a line may override). */
	pricesIncludeTax: z.boolean().optional(),
	payment: z
		.object({
			form: z.enum(['cash', 'credit']).default('cash'),
			method: z.string().optional(),
			dueDate: isoDate.optional(),
		})
		.optional(),
	notes: z.string().optional(),
	related: relatedDocumentSchema.optional(),
	/** The caller's id for this sale (order id): the duplicate guard. */
	externalReference: z.string().trim().min(1).optional(),
});

export type Withholding = z.infer<typeof withholdingSchema>;
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;
export type Customer = z.infer<typeof customerSchema>;
export type RelatedDocument = z.infer<typeof relatedDocumentSchema>;
export type Invoice = z.infer<typeof invoiceSchema>;
export type InvoiceInput = z.input<typeof invoiceSchema>;

/** Zod issues → `{path, message}` with dotted paths (`lines.0.taxRate`). */
export function zodProblems(error: z.ZodError, prefix = ''): ValidationProblem[] {
	return error.issues.map((issue) => {
		const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
		let message = issue.message;
		if (issue.code === z.ZodIssueCode.invalid_type) {
			message = issue.received === 'undefined' ? 'is required' : `must be a ${issue.expected}, got ${issue.received}`;
		} else if (issue.code === z.ZodIssueCode.invalid_enum_value) {
			message = `must be one of ${issue.options.map((o) => `"${String(o)}"`).join(', ')}`;
		} else if (issue.code === z.ZodIssueCode.invalid_union) {
			// Number-or-numeric-string fields: a missing value is "required", anything else "a number".
			const missing = issue.unionErrors.every((e) =>
				e.issues.every((i) => i.code === z.ZodIssueCode.invalid_type && i.received === 'undefined'),
			);
			message = missing ? 'is required' : 'must be a number';
		}
		return { path, message };
	});
}

/** Parses with zod and returns either the value or every problem found. */
export function parseWith<T extends z.ZodTypeAny>(
	schema: T,
	value: unknown,
	prefix = '',
): { ok: true; value: z.output<T> } | { ok: false; problems: ValidationProblem[] } {
	const result = schema.safeParse(value);
	return result.success ? { ok: true, value: result.data } : { ok: false, problems: zodProblems(result.error, prefix) };
}

/* ------------------------------------------------------------------------------------------------ */
/* Money arithmetic                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

export interface LineRule {
	/** Unit prices include tax (Factus v1, Factuconect Factura) or not (FacEPro, Factuconect CCF). */
	pricesIncludeTax: boolean;
	/** Decimals the provider keeps per line for taxable amount and tax (2 in Colombia, 8 in MH items). */
	lineDecimals: number;
	rounding?: RoundingMode;
}

export interface LineAmounts {
	/** quantity × unit price, as entered (tax basis of the price). */
	gross: Dec;
	/** Discount expressed before tax. */
	discount: Dec;
	/** Amount the tax is computed on (after discount, without tax). */
	taxable: Dec;
	tax: Dec;
	/** taxable + tax. */
	total: Dec;
}

export interface AmountLine {
	quantity: Dec | number | string;
	unitPrice: Dec | number | string;
	taxRate: Dec | number | string;
	discountRate?: Dec | number | string;
	discountAmount?: Dec | number | string;
	taxExcluded?: boolean;
}

/**
 * One line's amounts.
 * - Prices without tax: taxable = q×p − discount; tax = round(taxable × rate).
 * - Prices with tax: total = q×p − discount; taxable = round(total ÷ (1 + rate)); tax = total − taxable
 *   (so the line total is exactly what the customer pays); the reported discount is the pre-tax one,
 *   round(q×p ÷ (1 + rate) × discount%), which is how Factus v1 reports it.
 */
export function lineAmounts(line: AmountLine, rule: LineRule): LineAmounts {
	const mode = rule.rounding ?? 'halfUp';
	const d = rule.lineDecimals;
	const rate = line.taxExcluded ? Dec.zero : Dec.of(line.taxRate);
	const gross = Dec.of(line.quantity).mul(line.unitPrice);
	const discountRate = line.discountRate !== undefined ? Dec.of(line.discountRate) : undefined;
	const discountAmount = line.discountAmount !== undefined ? Dec.of(line.discountAmount) : Dec.zero;
	const discountInBasis = (discountRate ? gross.percent(discountRate) : Dec.zero).add(discountAmount);

	if (!rule.pricesIncludeTax) {
		const discount = discountInBasis.round(d, mode);
		const taxable = gross.sub(discount).round(d, mode);
		const tax = taxable.percent(rate).round(d, mode);
		return { gross, discount, taxable, tax, total: taxable.add(tax) };
	}
	const divisor = Dec.of(1).add(rate.div(100));
	const total = gross.sub(discountInBasis).round(d, mode);
	const taxable = total.div(divisor).round(d, mode);
	const tax = total.sub(taxable);
	const discount = discountInBasis.div(divisor).round(d, mode);
	return { gross, discount, taxable, tax, total };
}

export interface Totals {
	/** Sum of taxable amounts. */
	subtotal: Dec;
	discount: Dec;
	tax: Dec;
	total: Dec;
	/** Tax per rate ("19" → amount). */
	taxByRate: Record<string, Dec>;
}

/** Sums line amounts, then rounds the summary to `summaryDecimals`. */
export function sumLines(lines: Array<{ amounts: LineAmounts; taxRate: Dec | number | string }>, summaryDecimals = 2): Totals {
	const taxByRate: Record<string, Dec> = {};
	let subtotal = Dec.zero;
	let discount = Dec.zero;
	let tax = Dec.zero;
	for (const { amounts, taxRate } of lines) {
		subtotal = subtotal.add(amounts.taxable);
		discount = discount.add(amounts.discount);
		tax = tax.add(amounts.tax);
		const key = Dec.of(taxRate).toString();
		taxByRate[key] = (taxByRate[key] ?? Dec.zero).add(amounts.tax);
	}
	const r = (v: Dec) => v.round(summaryDecimals);
	subtotal = r(subtotal);
	tax = r(tax);
	for (const key of Object.keys(taxByRate)) taxByRate[key] = r(taxByRate[key]);
	return { subtotal, discount: r(discount), tax, total: subtotal.add(tax), taxByRate };
}

/** A withholding computed on the line's tax (e.g. ReteIVA) or on its taxable amount (ReteRenta, ReteICA). */
export function withholdingAmount(amounts: LineAmounts, rate: Dec | number | string, base: 'tax' | 'taxable', decimals = 2): Dec {
	return (base === 'tax' ? amounts.tax : amounts.taxable).percent(rate).round(decimals);
}

/** Totals as plain numbers for JSON output. */
export function totalsToJson(totals: Totals): Record<string, unknown> {
	return {
		subtotal: totals.subtotal.toNumber(),
		discount: totals.discount.toNumber(),
		tax: totals.tax.toNumber(),
		total: totals.total.toNumber(),
		taxByRate: Object.fromEntries(Object.entries(totals.taxByRate).map(([k, v]) => [k, v.toNumber()])),
	};
}
