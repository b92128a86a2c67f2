/**
 * Turns provider error bodies and local validation problems into n8n errors that read like the
 * provider's own words: one line in `message`, every field problem in `description`, and the same
 * detail as data (`context.fields`) so Continue On Fail items can carry it.
 */
import type { INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** The provider's name as users know it (from the provider folder's transport; shared code names none). */
export type ProviderName = string;

/** Field path → messages. General messages (not tied to a field) use the key `_`. */
export type FieldErrors = Record<string, string[]>;

export const GENERAL = '_';

export interface ProviderErrorInfo {
	provider: ProviderName;
	/** One readable line, in the provider's words where it gave some. */
	message: string;
	fields?: FieldErrors;
	/** Extra guidance shown under the field list (what to do next). */
	hint?: string;
	httpCode?: number;
	/** Provider's stable error code (e.g. `quota_excedida`, MH `codigoMsg`). */
	code?: string;
}

/** Adds a message under a path, skipping duplicates. */
export function addFieldError(fields: FieldErrors, path: string, message: string): void {
	const key = path === '' ? GENERAL : path;
	// An own property even for "__proto__" (a refused JSON key is reported under its own name): plain
	// assignment would read or replace the object's prototype instead.
	if (!Object.prototype.hasOwnProperty.call(fields, key)) {
		Object.defineProperty(fields, key, { value: [], enumerable: true, writable: true, configurable: true });
	}
	const list = fields[key];
	if (!list.includes(message)) list.push(message);
}

/**
 * Tolerant reader for the error shapes providers use: `{field: [msgs]}`, `{field: msg}`, arrays of
 * strings, arrays of `{code, message}` objects, and nesting of all of these.
 */
export function flattenErrors(value: unknown, fields: FieldErrors = {}, path = ''): FieldErrors {
	if (value === null || value === undefined || value === '') return fields;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
		addFieldError(fields, path, String(value));
	} else if (Array.isArray(value)) {
		for (const entry of value) flattenErrors(entry, fields, path);
	} else if (typeof value === 'object') {
		const obj = value as Record<string, unknown>;
		const message = obj.message ?? obj.descripcion ?? obj.description ?? obj.detail;
		if (typeof message === 'string' && ('code' in obj || 'codigo' in obj || 'params' in obj)) {
			// An error object such as `{code: 409, message}`: keep it as one message.
			addFieldError(fields, path, message);
		} else {
			for (const [key, inner] of Object.entries(obj)) {
				flattenErrors(inner, fields, path ? `${path}.${key}` : key);
			}
		}
	}
	return fields;
}

export function countFieldErrors(fields: FieldErrors | undefined): number {
	return Object.values(fields ?? {}).reduce((n, list) => n + list.length, 0);
}

/** "path: message" lines, general messages first. */
export function describeFields(fields: FieldErrors | undefined): string {
	if (!fields) return '';
	const lines: string[] = [];
	for (const message of fields[GENERAL] ?? []) lines.push(message);
	for (const [path, messages] of Object.entries(fields)) {
		if (path === GENERAL) continue;
		for (const message of messages) lines.push(`${path}: ${message}`);
	}
	return lines.join('\n');
}

function buildDescription(info: ProviderErrorInfo): string | undefined {
	const parts = [describeFields(info.fields), info.hint ?? ''].filter((p) => p !== '');
	return parts.length ? parts.join('\n\n') : undefined;
}

function attachContext(
	error: NodeApiError | NodeOperationError,
	info: ProviderErrorInfo,
	itemIndex?: number,
): void {
	error.context.provider = info.provider;
	error.context.fields = info.fields ?? {};
	if (info.code !== undefined) error.context.providerCode = info.code;
	if (info.httpCode !== undefined) error.context.httpCode = info.httpCode;
	if (itemIndex !== undefined) error.context.itemIndex = itemIndex;
}

/** An error answered by (or about) the provider's API. */
export function providerApiError(node: INode, info: ProviderErrorInfo, itemIndex?: number): NodeApiError {
	const description = buildDescription(info);
	// A plain object (never the HTTP client's error, which carries request headers with tokens).
	const body: JsonObject = { message: info.message, ...(description ? { description } : {}) };
	const error = new NodeApiError(node, body, {
		message: info.message,
		description,
		httpCode: info.httpCode !== undefined ? String(info.httpCode) : undefined,
		itemIndex,
	});
	// NodeApiError replaces messages for well-known status codes; keep the provider's words.
	error.message = info.message;
	if (description !== undefined) error.description = description;
	attachContext(error, info, itemIndex);
	return error;
}

/** A problem found locally (bad input, refused operation) — nothing was sent. */
export function localError(node: INode, info: ProviderErrorInfo, itemIndex?: number): NodeOperationError {
	const error = new NodeOperationError(node, info.message, {
		description: buildDescription(info),
		itemIndex,
	});
	attachContext(error, info, itemIndex);
	return error;
}

export interface ValidationProblem {
	path: string;
	message: string;
}

/** All validation problems of one item in a single error, before any request. */
export function validationError(
	node: INode,
	provider: ProviderName,
	problems: ValidationProblem[],
	itemIndex?: number,
	what = 'document',
): NodeOperationError {
	const fields: FieldErrors = {};
	for (const p of problems) addFieldError(fields, p.path, p.message);
	const n = problems.length;
	return localError(
		node,
		{
			provider,
			message: `The ${what} has ${n} problem${n === 1 ? '' : 's'}; nothing was sent to ${provider}`,
			fields,
		},
		itemIndex,
	);
}

/** Continue On Fail output for a failed item: `{error: {message, description, fields, provider, httpCode}}`. */
export function errorItem(error: unknown, itemIndex: number, provider: ProviderName): INodeExecutionData {
	const err = error as Partial<NodeApiError> & { message?: string; context?: Record<string, unknown> };
	const context = err.context ?? {};
	const httpCode = context.httpCode ?? (err.httpCode ? Number(err.httpCode) : undefined);
	const json = {
		error: {
			message: err.message ?? String(error),
			...(err.description ? { description: err.description } : {}),
			fields: (context.fields as FieldErrors | undefined) ?? {},
			provider: (context.provider as ProviderName | undefined) ?? provider,
			...(httpCode !== undefined && !Number.isNaN(httpCode) ? { httpCode } : {}),
			...(context.providerCode !== undefined ? { code: context.providerCode } : {}),
		},
	};
	return { json: json as unknown as INodeExecutionData['json'], pairedItem: { item: itemIndex } };
}
