/**
 * JSON mode: the parameter holds either a Factus v1 body exactly as Factus documents it (seed 001's
 * examples work as they are) or this package's invoice JSON (`customer`, `lines`, with v1's extras in an
 * optional `factus` object). Either is checked exactly like Fields mode (wire/v1/check.ts); the
 * Reference Code and Numbering Range fields, when filled in, win over the JSON's.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jsonParameter } from '../../shared/params';
import type { Kind } from '../profile';
import { NOUNS } from '../profile';
import { PROVIDER } from '../transport';
import type { V1Extras } from '../wire/v1/toBody';
import { readReferenceAndRange } from './fields';

export type JsonInput =
	/** A v1 body, with the Reference Code / Numbering Range fields already applied. */
	| { v1: unknown }
	/** The package's invoice JSON and what v1 needs beyond it. */
	| { invoice: unknown; extras: V1Extras };

const isObject = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether a JSON input is a v1 body (seed 001's shape) rather than the package's invoice JSON. */
export function looksLikeV1(kind: Kind, value: unknown): boolean {
	if (!isObject(value)) return false;
	if (Array.isArray(value.lines)) return false;
	const blank = value.reference_code === undefined || value.reference_code === null || value.reference_code === '';
	return Array.isArray(value.items) || isObject(value[kind === 'supportDocument' ? 'provider' : 'customer']) || !blank;
}

/** The JSON of item `i`. Preview Totals passes `forPreview` (no reference code, no numbering range). */
export function readJson(ctx: IExecuteFunctions, i: number, kind: Kind, options: { forPreview?: boolean } = {}): JsonInput {
	const raw = jsonParameter(ctx, 'documentJson', i, PROVIDER, NOUNS[kind]);
	const { referenceCode, numberingRangeId, overrides } = options.forPreview ? { overrides: {} } : readReferenceAndRange(ctx, i);
	if (looksLikeV1(kind, raw)) return { v1: isObject(raw) ? { ...raw, ...overrides } : raw };
	const value = isObject(raw) ? raw : {};
	const given = isObject(value.factus) ? (value.factus as V1Extras) : {};
	const lines = Array.isArray(value.lines) ? (value.lines as unknown[]) : [];
	const invoice: IDataObject = { ...value };
	delete invoice.factus;
	return {
		invoice,
		extras: {
			...given,
			...(referenceCode !== undefined ? { referenceCode } : {}),
			...(numberingRangeId !== undefined ? { numberingRangeId } : {}),
			lines: lines.map((line) => {
				const entry = isObject(line) ? line : {};
				return {
					tributeId: typeof entry.tributeId === 'number' ? entry.tributeId : undefined,
					standardCodeId: typeof entry.standardCodeId === 'number' ? entry.standardCodeId : undefined,
				};
			}),
		},
	};
}
