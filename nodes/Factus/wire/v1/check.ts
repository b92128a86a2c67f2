/**
 * The local check of a v1 create, in one pass and before any request, for each way a document comes in:
 *
 * - an Invoice (Fields mode, the package's invoice JSON, a Shopify order or refund): zod's neutral schema
 *   → the v1 mapping (toBody.ts) → v1's rules (rules.ts) → the shared fit limits (`FACTUS_V1_LIMITS`);
 * - a v1 body given as JSON: the kinds of its values and v1's rules → the same fit limits, read through an
 *   Invoice view of the body, and the same text hygiene on every other text it carries.
 *
 * Every problem goes into the shared `Problems` collector, labelled with the field the user sees and with
 * Factus's path next to it. One field gets one problem: a later stage does not repeat a field an earlier
 * one already refused (a broken e-mail is not reported by zod and by v1 again).
 */
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { Dec } from '../../../shared/decimal';
import type { ValidationProblem } from '../../../shared/errors';
import { fitInvoice, forbiddenKeys, textProblem } from '../../../shared/invoice/fit';
import type { Invoice } from '../../../shared/invoice/model';
import { customerSchema, invoiceLineSchema, invoiceSchema } from '../../../shared/invoice/model';
import { Problems, zodProblems } from '../../../shared/invoice/problems';
import type { Kind } from '../../profile';
import { FACTUS_V1_LIMITS } from '../../profile';
import type { RuleOptions } from './rules';
import { checkV1, isObject } from './rules';
import type { V1Extras, V1Invoice } from './toBody';
import { toBody } from './toBody';

export interface CheckOptions {
	/** Preview Totals numbers nothing and needs no reference code. */
	requireReference: boolean;
	/** A credit note whose items are copied from its bill afterwards: its items are not checked yet. */
	ignoreItems?: boolean;
	/** The label of the field the user sees, by the invoice's path (Fields mode, Shopify); none: the path itself. */
	label?: (path: string) => string | undefined;
}

interface Stage {
	path: string;
	message: string;
	providerPath?: string;
}

/** Problems of successive stages: one problem per field, the first found. */
class Stages {
	private readonly refused = new Set<string>();
	private current: Stage[] = [];

	constructor(
		readonly problems: Problems,
		private readonly options: Pick<CheckOptions, 'ignoreItems' | 'label'>,
	) {}

	add(path: string, message: string, providerPath?: string): void {
		if (this.refused.has(path) || this.current.some((p) => p.path === path)) return;
		if (this.options.ignoreItems && (/^(items|lines)(\.|$)/.test(path) || /^(items)(\.|$)/.test(providerPath ?? ''))) return;
		this.current.push({ path, message, providerPath });
	}

	/** Closes a stage: its problems are recorded and their fields refused for the stages after it. */
	next(): void {
		for (const p of this.current) {
			const label = this.options.label?.(p.path);
			this.problems.add(p.path, p.message, {
				...(label !== undefined && label !== p.path ? { label } : {}),
				...(p.providerPath !== undefined ? { providerPath: p.providerPath } : {}),
			});
			this.refused.add(p.path);
		}
		this.current = [];
	}
}

const ruleOptions = (options: CheckOptions): RuleOptions => ({ requireReference: options.requireReference, billNumberAllowed: true });

/* ------------------------------------------------------------------------------------------------ */
/* An Invoice                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

/**
 * The neutral schema of one kind: a credit note may leave the customer to the bill it credits, and its
 * lines to the bill when they are copied from it.
 */
function schemaFor(kind: Kind, ignoreItems: boolean) {
	const schema = kind === 'creditNote' ? invoiceSchema.extend({ customer: customerSchema.optional() }) : invoiceSchema;
	return ignoreItems ? schema.extend({ lines: z.array(invoiceLineSchema) }) : schema;
}

function deletePath(value: unknown, path: Array<string | number>): void {
	let target = value as Record<string | number, unknown> | undefined;
	for (const key of path.slice(0, -1)) {
		target = target?.[key] as Record<string | number, unknown> | undefined;
		if (!target || typeof target !== 'object') return;
	}
	if (target && typeof target === 'object' && path.length > 0) delete target[path[path.length - 1]];
}

/**
 * Parses with the neutral schema. When only optional values are wrong (a broken e-mail), they are left
 * out so the rest can still be mapped and checked in the same pass; their problems are reported.
 */
function parseInvoice(kind: Kind, input: unknown, ignoreItems: boolean): { invoice?: V1Invoice; problems: ValidationProblem[] } {
	const schema = schemaFor(kind, ignoreItems);
	const first = schema.safeParse(input);
	if (first.success) return { invoice: first.data, problems: [] };
	const problems = zodProblems(first.error);
	let repaired: unknown;
	try {
		repaired = structuredClone(input);
	} catch {
		return { problems };
	}
	for (const issue of first.error.issues) deletePath(repaired, issue.path);
	const second = schema.safeParse(repaired);
	return { invoice: second.success ? second.data : undefined, problems };
}

function valueAt(body: IDataObject, path: string): unknown {
	let value: unknown = body;
	for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
	return value;
}

/** The neutral path of a v1 path: where the mapper took the value from, or the nearest container's. */
function originOf(origins: Map<string, string>, v1Path: string): string | undefined {
	for (let path = v1Path; path !== ''; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
		const from = origins.get(path);
		if (from !== undefined) return path === v1Path ? from : `${from}${v1Path.slice(path.length)}`;
	}
	return undefined;
}

/**
 * An Invoice (as read from fields, JSON or Shopify) → the checked v1 body, or undefined with every problem
 * in `problems`. `extras` carries what only v1 has (reference code, numbering range, document type…).
 */
export function checkInvoice(kind: Kind, input: unknown, extras: V1Extras, options: CheckOptions, problems: Problems): IDataObject | undefined {
	const stages = new Stages(problems, options);
	const parsed = parseInvoice(kind, input, options.ignoreItems === true);
	for (const p of parsed.problems) stages.add(p.path, p.message);
	stages.next();
	if (!parsed.invoice) {
		if (!problems.hasAny()) problems.add('', 'could not be read as an invoice');
		return undefined;
	}

	const draft = toBody(kind, parsed.invoice, extras);
	// Where each field of the invoice went in the body (a customer's name: `company` or `names`, whichever holds it).
	const v1PathOf = new Map<string, string>();
	for (const [v1Path, from] of draft.origins) {
		const value = valueAt(draft.body, v1Path);
		if (!v1PathOf.has(from) && value !== undefined && value !== '') v1PathOf.set(from, v1Path);
	}
	for (const p of draft.problems) stages.add(p.path, p.message);
	stages.next();

	checkV1(kind, draft.body, (v1Path, message) => stages.add(originOf(draft.origins, v1Path) ?? v1Path, message, v1Path), ruleOptions(options));
	stages.next();

	const fit = new Problems();
	// A credit note may have no customer (the bill's is used): nothing of it to fit then.
	fitInvoice({ ...parsed.invoice, customer: parsed.invoice.customer ?? {} } as Invoice, FACTUS_V1_LIMITS, fit);
	for (const p of fit.list) stages.add(p.path, p.message, v1PathOf.get(p.path));
	stages.next();
	return problems.hasAny() ? undefined : draft.body;
}

/* ------------------------------------------------------------------------------------------------ */
/* A v1 body                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const decimal = (v: unknown) => ((typeof v === 'string' || typeof v === 'number') && Dec.isDecimal(v) ? v : undefined);

/**
 * The Invoice a v1 body describes, only for the shared fit limits, with the v1 path each value was read
 * from (`at`: the invoice's path → the v1 path). Values of the wrong kind are left out (already refused).
 */
function invoiceView(kind: Kind, body: IDataObject): { invoice: Invoice; at: Map<string, string> } {
	const at = new Map<string, string>();
	const read = (target: Record<string, unknown>, field: string, value: unknown, v1Path: string) => {
		if (value === undefined) return;
		target[field] = value;
		at.set(field, v1Path);
	};
	const personKey = kind === 'supportDocument' ? 'provider' : 'customer';
	const person = isObject(body[personKey]) ? (body[personKey] as IDataObject) : {};
	const customer: Record<string, unknown> = {};
	const fromPerson = (field: string, v1Field: string) => {
		const value = text(person[v1Field]);
		if (value === undefined) return;
		customer[field] = value;
		at.set(`customer.${field}`, `${personKey}.${v1Field}`);
	};
	fromPerson('idNumber', 'identification');
	fromPerson('name', text(person.names)?.trim() ? 'names' : 'company');
	fromPerson('tradeName', 'trade_name');
	fromPerson('email', 'email');
	fromPerson('phone', 'phone');
	fromPerson('address', 'address');
	const invoice: Record<string, unknown> = { kind: 'invoice', customer };
	read(invoice, 'notes', text(body.observation), 'observation');
	read(invoice, 'externalReference', text(body.reference_code), 'reference_code');
	const items = Array.isArray(body.items) ? body.items : [];
	invoice.lines = items.map((raw, i) => {
		const item = isObject(raw) ? raw : {};
		const line: Record<string, unknown> = {};
		const fromItem = (field: string, value: unknown, v1Field: string) => {
			if (value === undefined) return;
			line[field] = value;
			at.set(`lines.${i}.${field}`, `items.${i}.${v1Field}`);
		};
		fromItem('description', text(item.name), 'name');
		fromItem('code', text(item.code_reference), 'code_reference');
		fromItem('quantity', decimal(item.quantity), 'quantity');
		fromItem('unitPrice', decimal(item.price), 'price');
		fromItem('taxRate', decimal(item.tax_rate) ?? 0, 'tax_rate');
		return line;
	});
	at.set('lines', 'items');
	return { invoice: invoice as unknown as Invoice, at };
}

/** Every text of `value` with its path (`items.0.name`). */
function texts(value: unknown, path = '', out: Array<[string, string]> = []): Array<[string, string]> {
	if (typeof value === 'string') out.push([path, value]);
	else if (Array.isArray(value)) value.forEach((v, i) => texts(v, path ? `${path}.${i}` : String(i), out));
	else if (isObject(value)) for (const [key, v] of Object.entries(value)) texts(v, path ? `${path}.${key}` : key, out);
	return out;
}

/** A v1 body given as JSON → the same body, checked like Fields mode (or undefined, problems recorded). */
export function checkV1Body(kind: Kind, raw: unknown, options: CheckOptions, problems: Problems): IDataObject | undefined {
	const stages = new Stages(problems, options);
	for (const key of forbiddenKeys(raw)) stages.add(key, 'is not an accepted field name (it could change how the document is read)');
	stages.next();
	checkV1(kind, raw, (path, message) => stages.add(path, message), ruleOptions(options));
	stages.next();
	if (!isObject(raw)) return undefined;
	const body = raw as IDataObject;

	const { invoice, at } = invoiceView(kind, body);
	const fit = fitInvoice(invoice, FACTUS_V1_LIMITS, new Problems());
	for (const p of fit.list) {
		const v1Path = at.get(p.path) ?? (p.path.startsWith('lines') ? `items${p.path.slice('lines'.length)}` : p.path);
		stages.add(v1Path, p.message);
	}
	// Texts the view does not read (extra fields Factus accepts) get the same hygiene: no control
	// characters, no broken characters, a sane length.
	const read = new Set(at.values());
	for (const [path, value] of texts(body)) {
		if (read.has(path)) continue;
		const problem = textProblem(value, FACTUS_V1_LIMITS.anyText);
		if (problem) stages.add(path, problem);
	}
	stages.next();
	return problems.hasAny() ? undefined : body;
}
