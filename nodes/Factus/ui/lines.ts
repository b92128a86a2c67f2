/**
 * The Lines of a bill or credit note (taxed: the unit price includes tax) or of a support document (no
 * tax), as a fixedCollection; read by ../input/fields.ts `linesFromFields`. The fields come in the order
 * every node of the package uses — description, quantity, unit price, tax, discount, then what only Factus
 * has (code, unit, standard code) — with the withholdings in their own optional collection.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_UNIT_ID, STANDARD_CODES } from '../profile';
import type { Show } from './common';

const TAX_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Excluded From IVA (Excluido)', value: 'EXCLUDED', description: 'Not subject to IVA: sent with is_excluded 1 and rate 0' },
	{ name: 'INC 16 %', value: 'INC_16' },
	{ name: 'INC 4 %', value: 'INC_4' },
	{ name: 'INC 8 % (Restaurants, Bars)', value: 'INC_8' },
	{ name: 'IVA 0 % (Exento)', value: 'IVA_0' },
	{ name: 'IVA 19 %', value: 'IVA_19' },
	{ name: 'IVA 5 %', value: 'IVA_5' },
];

/** A percentage field of a line (discount, withholdings). */
const percent = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 0,
	description,
});

const CODE: INodeProperties = { displayName: 'Code', name: 'code', type: 'string', default: '', placeholder: 'e.g. SKU-001', description: 'Your product or service code (code_reference)' };
const DESCRIPTION: INodeProperties = { displayName: 'Description', name: 'description', type: 'string', default: '', required: true, placeholder: 'e.g. Camiseta talla M' };
const DISCOUNT = percent('Discount %', 'discountRate', 'Percent taken off the line (0 = none); Factus v1 takes no fixed discount amount');
const QUANTITY: INodeProperties = {
	displayName: 'Quantity',
	name: 'quantity',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1,
	required: true,
	description: 'Whole units: Factus API v1 accepts no decimal quantities',
};
const RETE_ICA = percent('ReteICA %', 'reteIca', 'ICA withheld by the buyer, as a percent of the taxable amount');
const RETE_IVA = percent('ReteIVA %', 'reteIva', "IVA withheld by the buyer, as a percent of the line's IVA (usually 15)");
const RETE_RENTA = percent('ReteRenta %', 'reteRenta', 'Income tax withheld by the buyer, as a percent of the taxable amount');

/**
 * The withholding fields of v1 before they had their own collection. n8n keeps a saved parameter only
 * while the editor shows it, so these stay shown exactly when a saved workflow has a value in them (a
 * new line has none, and never sees them): a saved withholding is neither lost nor changed.
 */
const legacy = (field: INodeProperties): INodeProperties => ({
	...field,
	displayName: `${field.displayName} (Old Field — Use Withholdings)`,
	displayOptions: { show: { [field.name]: [{ _cnd: { gt: 0 } }] } },
});

/** The line's withholdings (retenciones), only when the buyer withholds: an optional collection of its own. */
function withholdings(taxed: boolean): INodeProperties {
	return {
		displayName: 'Withholdings',
		name: 'withholdings',
		type: 'collection',
		placeholder: 'Add Withholding',
		default: {},
		description: 'Taxes the buyer withholds on this line (retenciones), as percents',
		options: taxed ? [RETE_ICA, RETE_IVA, RETE_RENTA] : [RETE_ICA, RETE_RENTA],
	};
}
const STANDARD_CODE: INodeProperties = {
	displayName: 'Standard Code',
	name: 'standardCode',
	type: 'options',
	options: STANDARD_CODES.map((s) => ({ name: s.label, value: s.id })),
	default: 1,
	description: 'Which code list the Code belongs to (standard_code_id)',
};
const TAX: INodeProperties = {
	displayName: 'Tax',
	name: 'tax',
	type: 'options',
	options: TAX_OPTIONS,
	default: 'IVA_19',
	description: 'Tax of the line; the unit price already includes it',
};
const UNIT: INodeProperties = {
	displayName: 'Unit Name or ID',
	name: 'unit',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getMeasurementUnits' },
	default: DEFAULT_UNIT_ID,
	description: 'Unit of measure (70 = unidad). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

function unitPrice(taxed: boolean): INodeProperties {
	return {
		displayName: taxed ? 'Unit Price (IVA Included)' : 'Unit Price (Without IVA)',
		name: 'unitPrice',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		required: true,
		description: taxed
			? 'Price of one unit in COP including its tax (IVA, or INC for an INC line), as the customer pays it: Factus v1 prices include tax'
			: 'Price of one unit in COP; a support document carries no IVA',
	};
}

/** Lines of a bill or credit note (taxed: price includes tax) or of a support document (no tax). */
export function linesField(show: Show, taxed: boolean): INodeProperties {
	const values: INodeProperties[] = taxed
		? [DESCRIPTION, QUANTITY, unitPrice(true), TAX, DISCOUNT, CODE, UNIT, STANDARD_CODE, withholdings(true), ...[RETE_ICA, RETE_IVA, RETE_RENTA].map(legacy)]
		: [DESCRIPTION, QUANTITY, unitPrice(false), DISCOUNT, CODE, UNIT, STANDARD_CODE, withholdings(false), ...[RETE_ICA, RETE_RENTA].map(legacy)];
	return {
		displayName: 'Lines',
		name: 'lines',
		type: 'fixedCollection',
		placeholder: 'Add Line',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		required: true,
		description: 'Products or services',
		displayOptions: show,
		options: [{ displayName: 'Line', name: 'line', values }],
	};
}
