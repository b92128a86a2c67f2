/**
 * One problems collector for every local check (neutral schema, provider rules, limits): problems are
 * gathered — never thrown one by one — and reported all at once before anything is sent.
 *
 * A problem carries the field the user sees (`path`, the neutral path such as `lines.0.unitPrice`, or a
 * `label` such as "Lines › Unit Price" when the UI names it differently) AND, next to it, the provider's
 * own path (`providerPath`, e.g. `items.0.price`). A wire mapper that reads a typed `Invoice` knows both
 * at the moment it finds the problem, so nothing needs a reverse path map afterwards.
 */
import type { INode, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { ProviderName, ValidationProblem } from '../errors';
import { validationError } from '../errors';

/** A problem with both vocabularies: the user's field and the provider's. */
export interface Problem extends ValidationProblem {
	/** Neutral path (`lines.0.unitPrice`), or `''` for the whole document. */
	path: string;
	message: string;
	/** How the node's UI names the field, when it differs from the path ("Lines › Unit Price"). */
	label?: string;
	/** The provider's path of the same value (`items.0.price`), for support and for provider docs. */
	providerPath?: string;
}

export interface ProblemOptions {
	label?: string;
	providerPath?: string;
}

/** Zod issues → `{path, message}` with dotted paths (`lines.0.taxRate`) and plain-English messages. */
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

/**
 * Collects problems. `add` keeps the first of two identical problems only; `list` is in the order found.
 *
 *     const problems = new Problems();
 *     problems.add('lines.0.unitPrice', 'has more than 2 decimals', { providerPath: 'items.0.price' });
 *     problems.fromZod(parsed.error);
 *     problems.throwIfAny(ctx.getNode(), PROVIDER, i, 'bill');
 */
export class Problems {
	private readonly items: Problem[] = [];

	/** Records a problem of the field at `path` (neutral path; `''` = the whole document). */
	add(path: string, message: string, options: ProblemOptions = {}): this {
		const shown = options.label ?? path;
		if (this.items.some((p) => (p.label ?? p.path) === shown && p.message === message)) return this;
		this.items.push({
			path,
			message,
			...(options.label !== undefined ? { label: options.label } : {}),
			...(options.providerPath !== undefined ? { providerPath: options.providerPath } : {}),
		});
		return this;
	}

	/** Adds every issue of a zod error, paths prefixed with `prefix` (e.g. `customer`). */
	fromZod(error: z.ZodError, prefix = '', label?: (path: string) => string | undefined): this {
		for (const p of zodProblems(error, prefix)) this.add(p.path, p.message, label ? { label: label(p.path) } : {});
		return this;
	}

	/** Adds problems found elsewhere (`{path, message}` lists, or another collector's). */
	addAll(problems: ReadonlyArray<ValidationProblem | Problem>): this {
		for (const p of problems) this.add(p.path, p.message, p as ProblemOptions);
		return this;
	}

	get count(): number {
		return this.items.length;
	}

	hasAny(): boolean {
		return this.items.length > 0;
	}

	/** Problems with their own fields (path, label, providerPath). */
	get list(): readonly Problem[] {
		return this.items;
	}

	/**
	 * Problems as the user reads them: the path is the label where there is one, and the provider's path
	 * follows in brackets when it differs ("Lines › Unit Price (items.0.price): has more than 2 decimals").
	 */
	forUser(): ValidationProblem[] {
		return this.items.map((p) => {
			const shown = p.label ?? p.path;
			const path = p.providerPath && p.providerPath !== shown ? `${shown} (${p.providerPath})` : shown;
			return { path, message: p.message };
		});
	}

	/** The one error with every problem ("nothing was sent"); undefined when there is none. */
	toError(node: INode, provider: ProviderName, itemIndex?: number, what = 'document'): NodeOperationError | undefined {
		return this.hasAny() ? validationError(node, provider, this.forUser(), itemIndex, what) : undefined;
	}

	/** Throws every problem at once (see `validationError` in errors.ts); does nothing without problems. */
	throwIfAny(node: INode, provider: ProviderName, itemIndex?: number, what = 'document'): void {
		const error = this.toError(node, provider, itemIndex, what);
		if (error) throw error;
	}
}
