/**
 * The neutral Invoice: what the UI fields, the JSON input and the Shopify mapper produce, and what each
 * provider's `wire` module turns into a request body. The zod schemas are the single definition; the
 * TypeScript types are inferred from them, so a wire mapper can take a typed `Invoice` instead of
 * `unknown`. Money arithmetic is in `money.ts`, problem collection in `problems.ts`, limits in `fit.ts`.
 *
 * Two strengths of the same model:
 * - `invoiceModelSchema` / `Invoice`: any receiver, including a final consumer without a document
 *   (El Salvador's Factura allows one) — what the Shopify mapper returns;
 * - `invoiceSchema` / `IdentifiedInvoice`: the receiver has an ID type and number — what a create that
 *   needs an identified receiver validates with.
 */
import { z } from 'zod';

import { Dec } from '../decimal';
import type { ValidationProblem } from '../errors';

import { zodProblems } from './problems';


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
	/** Provider withholding code (in Colombia e.g. "05" ReteIVA, "06" ReteRenta). */
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

/** An identified customer (receiver / buyer; the seller of a support document). */
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
	/** Provider tax-regime / tribute code. */
	taxScheme: z.string().optional(),
	/** El Salvador NRC. */
	nrc: z.string().optional(),
	/** El Salvador economic activity code. */
	economicActivity: z.string().optional(),
	/** Provider-side id of a stored customer (a provider that keeps receivers). */
	providerId: z.string().optional(),
});

export const relatedDocumentSchema = z.object({
	number: text.optional(),
	/** CUFE / codigoGeneracion of the referenced document. */
	authorityId: z.string().optional(),
	/** Provider-internal id of the referenced document. */
	providerId: z.string().optional(),
	issueDate: isoDate.optional(),
	/** Provider document type of the referenced document (e.g. MH "03"). */
	documentType: z.string().optional(),
	reasonCode: z.string().optional(),
	reasonText: z.string().optional(),
});

/** A receiver that may be a final consumer without identification (no ID type, no number). */
export const anyCustomerSchema = customerSchema.extend({
	idType: text.optional(),
	idNumber: text.optional(),
});

/** The neutral invoice with any receiver (see the file comment). */
export const invoiceModelSchema = z.object({
	kind: z.enum(['invoice', 'creditNote', 'debitNote', 'supportDocument']).default('invoice'),
	issueDate: isoDate.optional(),
	currency: z.string().length(3, 'must be a 3-letter ISO code').optional(),
	customer: anyCustomerSchema,
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

/** The neutral invoice whose receiver is identified: what every create that needs one validates with. */
export const invoiceSchema = invoiceModelSchema.extend({ customer: customerSchema });

export type Withholding = z.infer<typeof withholdingSchema>;
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;
/** An identified customer. */
export type Customer = z.infer<typeof customerSchema>;
/** A receiver that may be an unidentified final consumer. */
export type AnyCustomer = z.infer<typeof anyCustomerSchema>;
export type RelatedDocument = z.infer<typeof relatedDocumentSchema>;
export type Payment = NonNullable<Invoice['payment']>;
/** The neutral invoice (parsed: defaults applied). */
export type Invoice = z.output<typeof invoiceModelSchema>;
/** The neutral invoice with an identified receiver. */
export type IdentifiedInvoice = z.output<typeof invoiceSchema>;
/** What may be given before parsing (numbers or numeric strings, defaults not yet applied). */
export type InvoiceInput = z.input<typeof invoiceModelSchema>;

/** Parses with zod and returns either the value or every problem found. */
export function parseWith<T extends z.ZodTypeAny>(
	schema: T,
	value: unknown,
	prefix = '',
): { ok: true; value: z.output<T> } | { ok: false; problems: ValidationProblem[] } {
	const result = schema.safeParse(value);
	return result.success ? { ok: true, value: result.data } : { ok: false, problems: zodProblems(result.error, prefix) };
}
