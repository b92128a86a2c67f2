/**
 * The Lines of a FacEPro document (lineas): 1 to 200, unit prices without IVA. Fields in the order a
 * line is read (the same in every node of the package): description, quantity, unit price, tax, discount,
 * then FacEPro's own (code, unit). FacEPro's API has no withholdings, so there is no withholdings collection.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { catalogOptions, DEFAULT_UNIT, UNITS } from '../profile';

const IVA_OPTIONS = [
	{ name: '19 %', value: 19 },
	{ name: '5 %', value: 5 },
	{ name: '0 % (Exempt)', value: 0 },
];

/** Discount Type of a line (the literal values below, written out for n8n's lint): one discount, a percent or an amount (FacEPro's descuento_pct or descuento_valor). */
export const DISCOUNT_TYPES = { none: 'none', percent: 'percent', amount: 'amount' } as const;

const LINE_VALUES: INodeProperties[] = [
	{ displayName: 'Description', name: 'description', type: 'string', default: '', required: true, placeholder: 'e.g. Repuesto motocicleta XYZ' },
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 4 },
		default: 1,
		required: true,
		description: 'How many units (decimals allowed, e.g. 1.5 kg)',
	},
	{
		// Text, not a number field: a number field cannot be left empty and would default to 0, which issued
		// invoices of 0 when the price was forgotten. Empty is refused as "required".
		displayName: 'Unit Price (Without IVA)',
		name: 'unitPrice',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 50000.00',
		description: 'Price of one unit before IVA, in pesos (COP), with a decimal point and at most 2 decimals. FacEPro adds the IVA.',
	},
	{ displayName: 'IVA %', name: 'ivaPct', type: 'options', options: IVA_OPTIONS, default: 19, description: 'IVA rate of the line' },
	{
		displayName: 'Discount Type',
		name: 'discountType',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Percent', value: 'percent', description: 'A percent of quantity × unit price' },
			{ name: 'Amount (Without IVA)', value: 'amount', description: 'Pesos off the whole line, before IVA' },
		],
		default: 'none',
		description: 'Whether the line has a discount, as a percent or as an amount (one of them)',
	},
	{
		displayName: 'Discount %',
		name: 'discountPct',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
		default: 0,
		required: true,
		displayOptions: { show: { discountType: ['percent'] } },
		description: 'Discount on the line as a percent of quantity × unit price',
	},
	{
		displayName: 'Discount Amount (Without IVA)',
		name: 'discountAmount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		required: true,
		displayOptions: { show: { discountType: ['amount'] } },
		description: 'Discount on the whole line in pesos, before IVA',
	},
	{ displayName: 'Code', name: 'code', type: 'string', default: '', required: true, placeholder: 'e.g. PROD-001', description: 'Your product code (SKU), FacEPro\'s codigo' },
	{ displayName: 'Unit', name: 'unit', type: 'options', options: catalogOptions(UNITS), default: DEFAULT_UNIT, description: 'DIAN unit of measure' },
];

export function linesField(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Lines',
		name: 'lines',
		type: 'fixedCollection',
		placeholder: 'Add Line',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		required: true,
		description: 'Products or services (1 to 200 lines). Unit prices are without IVA.',
		displayOptions,
		options: [{ displayName: 'Line', name: 'line', values: LINE_VALUES }],
	};
}
