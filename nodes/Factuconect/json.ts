/**
 * "Additional Fields (JSON)": the escape hatch for request shapes the provider's page does not show.
 * The object is deep-merged into the request body after validation; the user's keys win.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ValidationProblem } from '../shared/errors';

const isPlainObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/** Objects merge key by key (recursively); anything else from `extra` (arrays included) replaces. */
export function deepMerge(base: IDataObject, extra: IDataObject): IDataObject {
	const out: IDataObject = { ...base };
	for (const [key, value] of Object.entries(extra)) {
		out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as IDataObject, value) : value;
	}
	return out;
}

/**
 * Reads a JSON-object parameter (text or an object from an expression). Empty means `{}`; anything
 * that is not a JSON object is a problem of the item.
 */
export function readJsonObject(raw: unknown, path: string, problems: ValidationProblem[]): IDataObject {
	if (raw === undefined || raw === null || raw === '') return {};
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			problems.push({ path, message: `is not valid JSON (${(error as Error).message})` });
			return {};
		}
	}
	if (!isPlainObject(value)) {
		problems.push({ path, message: 'must be a JSON object, e.g. {"observaciones": "…"}' });
		return {};
	}
	return value;
}

/** The "Additional Fields (JSON)" inside a collection parameter. */
export function additionalJson(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	problems: ValidationProblem[],
): IDataObject {
	const fields = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	return readJsonObject(fields.additionalJson, `${collection}.additionalJson`, problems);
}
