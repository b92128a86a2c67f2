/**
 * Small helpers for reading node parameters into plain data.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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

/** "Return All" and "Limit", as on every list operation of n8n; `displayOptions` shows them for one operation. */
export function returnAllAndLimit(displayOptions: { show: NonNullable<IDisplayOptions['show']> }): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...displayOptions.show, returnAll: [false] } },
		},
	];
}

/** The limit chosen with `returnAllAndLimit` (undefined = all). */
export function limitOf(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	return ctx.getNodeParameter('returnAll', itemIndex) ? undefined : (ctx.getNodeParameter('limit', itemIndex) as number);
}
