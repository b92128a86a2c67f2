/**
 * Document-level amounts MH's summary (`resumen`) carries beyond the items:
 * - a discount on the taxed sales of a Factura (01) or CCF (03): `descuGravada`, or `porcentajeDescuento` of
 *   them [mh]; it lowers the IVA base (nodes/shared/invoice/money.ts `documentDiscount`);
 * - income-tax (renta) withholding on a Sujeto Excluido (14): `reteRenta` = the purchase × the rate (10 % for
 *   most services) [mh], lowering the total to pay.
 * MH has no "free of charge" item: `ventaNoSuj` (not subject), `ventaExenta` (exempt) and `noGravado`
 * (non-taxed charges) are kinds of sale, not gifts, so no such line option is offered.
 *
 * Read from the Fields mode (Additional Fields), Invoice (JSON) (top-level MH names) and Preview Totals,
 * checked here, and sent as the summary fields [assumed names, MH's own].
 */
import { Dec } from '../../shared/decimal';
import type { Problems } from '../../shared/invoice/problems';

import type { TipoDte } from './rules';

export interface DteAdjustments {
	/** descuGravada, in the price's basis (IVA included for a Factura), 2 decimals. */
	discountAmount?: string;
	/** porcentajeDescuento, 0–100. */
	discountRate?: string;
	/** The renta withholding rate of a Sujeto Excluido, 0–100 (e.g. 10). */
	rentaRate?: string;
}

/** Where each adjustment is read from, as the user sees it (a parameter, or a JSON key). */
export type AdjustmentNames = Record<keyof DteAdjustments, string>;

export const FIELD_NAMES: AdjustmentNames = {
	discountAmount: 'additionalFields.documentDiscount',
	discountRate: 'additionalFields.documentDiscountRate',
	rentaRate: 'additionalFields.rentaRate',
};
export const JSON_NAMES: AdjustmentNames = { discountAmount: 'descuGravada', discountRate: 'porcentajeDescuento', rentaRate: 'rentaRate' };
/** Where each goes in Factuconect's body [assumed: MH's resumen names at the top level]. */
export const BODY_NAMES: AdjustmentNames = { discountAmount: 'descuGravada', discountRate: 'porcentajeDescuento', rentaRate: 'reteRenta' };

const empty = (value: unknown) => value === undefined || value === null || value === '' || value === 0;

/**
 * Checks raw adjustment values (numbers or numeric text) for a DTE type, adding problems under `names`;
 * returns the adjustments to apply (none when a value is wrong).
 */
export function checkAdjustments(
	tipoDte: TipoDte,
	raw: Partial<Record<keyof DteAdjustments, unknown>>,
	problems: Problems,
	names: AdjustmentNames,
): DteAdjustments {
	const out: DteAdjustments = {};
	const add = (key: keyof DteAdjustments, message: string) => problems.add(names[key], message, { providerPath: BODY_NAMES[key] });
	const read = (key: keyof DteAdjustments, max: string): string | undefined => {
		const value = raw[key];
		if (empty(value)) return undefined;
		if (typeof value !== 'number' && typeof value !== 'string') return void add(key, `must be a number, got ${Array.isArray(value) ? 'a list' : typeof value}`);
		if (!Dec.isDecimal(value)) return void add(key, `"${String(value)}" is not a number`);
		const d = Dec.of(value);
		if (d.isNegative()) return void add(key, 'must not be negative');
		if (d.cmp(max) > 0) return void add(key, `${d.toString()} is more than ${max}`);
		if (d.decimals() > 2) return void add(key, `${d.toString()} has more than 2 decimals (MH's summary keeps 2)`);
		return d.toString();
	};
	const amount = read('discountAmount', '9999999999999.99');
	const rate = read('discountRate', '100');
	const renta = read('rentaRate', '100');
	if ((amount || rate) && tipoDte !== '01' && tipoDte !== '03') {
		add(amount ? 'discountAmount' : 'discountRate', 'applies to a Factura (01) or a CCF (03) only');
	} else if (amount && rate) {
		add('discountRate', 'give either the discount amount or its percentage, not both');
	} else {
		if (amount) out.discountAmount = amount;
		if (rate) out.discountRate = rate;
	}
	if (renta && tipoDte !== '14') add('rentaRate', 'applies to a Sujeto Excluido (14) only');
	else if (renta) out.rentaRate = renta;
	return out;
}
