/**
 * JSON for the creates:
 * - Input Mode "Invoice (JSON)": the neutral invoice (the package's invoice shape, the same for every
 *   provider) plus MH's extra fields, checked exactly like the Fields mode (wire/rules.ts checkDocument);
 * - "Additional Fields (JSON)": the escape hatch for request shapes the provider's page does not show,
 *   merged into the request body after validation (the user's keys win). Keys that would reach an
 *   object's prototype (`__proto__`, `constructor`, `prototype`) are refused in both.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forbiddenKeys } from '../../shared/invoice/fit';
import type { Problems } from '../../shared/invoice/problems';
import { IVA_RATE } from '../profile';
import { JSON_NAMES } from '../wire/adjustments';
import type { AdjustmentNames } from '../wire/adjustments';
import type { DteCandidate, TipoDte } from '../wire/rules';

const isPlainObject = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads a JSON-object parameter (text or an object from an expression). Empty means `{}`; anything
 * that is not a JSON object, or holds a prototype key, is a problem of the item.
 */
export function readJsonObject(raw: unknown, path: string, problems: Problems, example = '{"observaciones": "…"}'): IDataObject {
	if (raw === undefined || raw === null || raw === '') return {};
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			problems.add(path, `is not valid JSON (${(error as Error).message})`);
			return {};
		}
	}
	if (!isPlainObject(value)) {
		problems.add(path, `must be a JSON object, e.g. ${example}`);
		return {};
	}
	const unsafe = forbiddenKeys(value);
	for (const key of unsafe) problems.add(`${path}.${key}`, 'is not an accepted field name (it could change how the request is read)');
	return unsafe.length ? {} : value;
}

/** The "Additional Fields (JSON)" inside a collection parameter. */
export function additionalJson(ctx: IExecuteFunctions, itemIndex: number, collection: string, problems: Problems): IDataObject {
	const fields = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	return readJsonObject(fields.additionalJson, `${collection}.additionalJson`, problems);
}

/** What the Invoice (JSON) parameter shows by default: a Factura to a final consumer. */
export const INVOICE_JSON_EXAMPLE = {
	customer: { name: 'Consumidor final' },
	lines: [{ description: 'Café molido 400 g', quantity: 2, unitPrice: 11.3 }],
	notes: 'Gracias por su compra',
	payment: { form: 'cash' },
};

/**
 * The Invoice (JSON) of item `i` → what `checkDocument` checks. Lines without a tax rate get the DTE
 * type's (13 %, or 0 for a Sujeto Excluido); MH's extra fields (`condicionOperacion`, `codigoGeneracion`,
 * `activityDescription`) sit next to the invoice's. The External Reference may also come from
 * Additional Fields (one of the two, or both the same).
 */
export function readJsonInvoice(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte, problems: Problems, fromFields: { externalReference?: string }): DteCandidate {
	const json = readJsonObject(ctx.getNodeParameter('invoiceJson', i, '{}'), 'invoiceJson', problems, '{"customer": {…}, "lines": […]}');
	const { condicionOperacion, codigoGeneracion, activityDescription, descuGravada, porcentajeDescuento, rentaRate, ...invoice } = json;
	if (Array.isArray(invoice.lines)) {
		invoice.lines = (invoice.lines as unknown[]).map((line) =>
			isPlainObject(line) && line.taxRate === undefined ? { ...line, taxRate: tipoDte === '14' ? 0 : IVA_RATE } : line,
		) as IDataObject[];
	}
	const reference = fromFields.externalReference;
	if (reference) {
		if (typeof invoice.externalReference === 'string' && invoice.externalReference.trim() !== '' && invoice.externalReference.trim() !== reference) {
			problems.add('externalReference', `differs from Additional Fields → External Reference ("${reference}"); keep one of them`);
		}
		invoice.externalReference = reference;
	}
	return {
		tipoDte,
		invoice: invoice as Record<string, unknown>,
		adjustments: {
			raw: { discountAmount: descuGravada, discountRate: porcentajeDescuento, rentaRate },
			names: Object.fromEntries(Object.entries(JSON_NAMES).map(([key, name]) => [key, `invoiceJson.${name}`])) as AdjustmentNames,
		},
		...(condicionOperacion !== undefined ? { condicionOperacion } : {}),
		...(codigoGeneracion !== undefined ? { codigoGeneracion } : {}),
		...(typeof activityDescription === 'string' && activityDescription.trim() ? { activityDescription: activityDescription.trim() } : {}),
		// Anything else but nothing is refused on its field by the rules (not silently dropped).
		...(activityDescription !== undefined && activityDescription !== null && typeof activityDescription !== 'string' ? { activityDescription: activityDescription as unknown as string } : {}),
	};
}
