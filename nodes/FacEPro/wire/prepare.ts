/**
 * From what the user gave (the node's fields, a neutral Invoice JSON or a FacEPro body) to a checked
 * FacEPro body and its totals. Pure: no n8n context, no HTTP. Every problem is reported at once,
 * with paths in the vocabulary of the input (FacEPro paths for a FacEPro body, neutral paths for a
 * neutral invoice, field labels for the node's fields).
 */
import type { ValidationProblem } from '../../shared/errors';
import { parseWith, invoiceSchema } from '../../shared/invoice/model';

import type { DocumentKind, FacEProBody } from './body';
import { checkFacEProBody } from './body';
import { faceproPathToNeutral, ignoredNeutralFields, neutralOnlyProblems, neutralToFacEPro, unknownNeutralKeys } from './neutral';
import type { FacEProTotals } from './totals';
import { faceproTotals } from './totals';

export type InputSource = 'fields' | 'neutral' | 'facepro';

export interface PreparedDocument {
	kind: DocumentKind;
	source: InputSource;
	body: FacEProBody;
	totals: FacEProTotals;
	/** Neutral invoices may carry their own reference. */
	externalReference?: string;
	/** Things the user gave that FacEPro has no field for. */
	warnings: string[];
}

export type PrepareResult = { ok: true; document: PreparedDocument } | { ok: false; problems: ValidationProblem[] };

export interface PrepareOptions {
	/** Today in Colombia, YYYY-MM-DD. */
	today: string;
}

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

const FACEPRO_KEYS = ['adquiriente', 'adquirente', 'lineas', 'factura', 'factura_referencia', 'motivo'];
const NEUTRAL_KEYS = ['customer', 'lines'];

function prepared(kind: DocumentKind, source: InputSource, body: FacEProBody, extra: Partial<PreparedDocument> = {}): PrepareResult {
	return {
		ok: true,
		document: { kind, source, body, totals: faceproTotals(body.lineas), warnings: [], ...extra },
	};
}

/** A body written the way FacEPro's documentation shows it. */
export function prepareFromFacEPro(raw: unknown, kind: DocumentKind, options: PrepareOptions): PrepareResult {
	const checked = checkFacEProBody(raw, kind, options);
	return checked.ok ? prepared(kind, 'facepro', checked.body) : checked;
}

/**
 * A neutral invoice. `label` rewrites neutral paths for the node's fields; `hora` is the issue time
 * (the neutral invoice has none).
 */
export function prepareFromNeutral(
	raw: unknown,
	kind: DocumentKind,
	options: PrepareOptions & { source?: InputSource; label?: (path: string) => string; hora?: string },
): PrepareResult {
	const label = options.label ?? ((path: string) => path);
	if (!isObject(raw)) return { ok: false, problems: [{ path: '', message: 'the invoice must be a JSON object' }] };
	const parsed = parseWith(invoiceSchema, raw);
	const primary: ValidationProblem[] = [
		...unknownNeutralKeys(raw),
		...(parsed.ok ? [] : parsed.problems),
		...neutralOnlyProblems(raw, kind),
	];
	const checked = checkFacEProBody(neutralToFacEPro(raw, { hora: options.hora }), kind, options);
	const problems = [...primary];
	if (!checked.ok) {
		for (const problem of checked.problems) {
			const path = faceproPathToNeutral(problem.path);
			// One report per field: the neutral schema's words win over FacEPro's for the same field.
			const covered = primary.some((p) => p.path === path || path.startsWith(`${p.path}.`));
			if (!covered) problems.push({ path, message: problem.message });
		}
	}
	if (problems.length > 0 || !checked.ok || !parsed.ok) {
		return { ok: false, problems: problems.map((p) => ({ path: label(p.path), message: p.message })) };
	}
	return prepared(kind, options.source ?? 'neutral', checked.body, {
		externalReference: parsed.value.externalReference,
		warnings: ignoredNeutralFields(raw),
	});
}

/** JSON input: a FacEPro body (adquiriente/lineas) or a neutral invoice (customer/lines). */
export function prepareFromJson(raw: unknown, kind: DocumentKind, options: PrepareOptions): PrepareResult {
	if (!isObject(raw)) {
		return { ok: false, problems: [{ path: '', message: 'the JSON must be an object: a FacEPro body or an invoice' }] };
	}
	const facepro = FACEPRO_KEYS.some((k) => k in raw);
	const neutral = NEUTRAL_KEYS.some((k) => k in raw);
	if (facepro && neutral) {
		return {
			ok: false,
			problems: [
				{
					path: '',
					message:
						'the JSON mixes a FacEPro body (adquiriente, lineas) with the invoice format (customer, lines); use one of them',
				},
			],
		};
	}
	if (facepro) return prepareFromFacEPro(raw, kind, options);
	if (neutral) return prepareFromNeutral(raw, kind, options);
	return {
		ok: false,
		problems: [
			{
				path: '',
				message:
					'the JSON is neither a FacEPro body (with "adquiriente" and "lineas") nor an invoice (with "customer" and "lines")',
			},
		],
	};
}
