/**
 * Small helpers for reading node parameters into plain data.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ProviderName, ValidationProblem } from './errors';
import { validationError } from './errors';

/** Reads a JSON parameter that may arrive as an object (expression) or as text; reports bad JSON clearly. */
export function jsonParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	provider: ProviderName,
	what = 'document',
): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex) as unknown;
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch (error) {
		const problem: ValidationProblem = { path: name, message: `is not valid JSON (${(error as Error).message})` };
		throw validationError(ctx.getNode(), provider, [problem], itemIndex, what);
	}
}

/** Drops `undefined`, `null` and empty strings (n8n's defaults for untouched optional fields). */
export function compact<T extends IDataObject>(value: T): Partial<T> {
	const out: IDataObject = {};
	for (const [key, v] of Object.entries(value)) {
		if (v === undefined || v === null || v === '') continue;
		out[key] = v;
	}
	return out as Partial<T>;
}

/** Entries of a `fixedCollection` with `multipleValues` (e.g. lines → line[]). */
export function fixedCollectionEntries(value: unknown, key: string): IDataObject[] {
	const group = (value as IDataObject | undefined)?.[key];
	return Array.isArray(group) ? (group as IDataObject[]) : [];
}
