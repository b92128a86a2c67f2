/**
 * The Lines of a FacEPro document (lineas): 1 to 200, unit prices without IVA.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { catalogOptions, DEFAULT_UNIT, UNITS } from '../profile';

const IVA_OPTIONS = [
	{ name: '19 %', value: 19 },
	{ name: '5 %', value: 5 },
	{ name: '0 % (Exempt)', value: 0 },
];

const LINE_VALUES: INodeProperties[] = [
	{ displayName: 'Code', name: 'code', type: 'string', default: '', required: true, placeholder: 'e.g. PROD-001', description: 'Your product code (SKU)' },
	{ displayName: 'Description', name: 'description', type: 'string', default: '', required: true, placeholder: 'e.g. Repuesto motocicleta XYZ' },
	{
		displayName: 'Discount %',
		name: 'discountPct',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
		default: 0,
		description: 'Discount on the line as a percent (leave 0 for none, or use Discount Amount)',
	},
	{
		displayName: 'Discount Amount',
		name: 'discountAmount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: 'Discount on the whole line in pesos, before IVA (leave 0 for none, or use Discount %)',
	},
	{ displayName: 'IVA %', name: 'ivaPct', type: 'options', options: IVA_OPTIONS, default: 19, description: 'IVA rate of the line' },
	{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { numberPrecision: 4 }, default: 1, required: true },
	{ displayName: 'Unit', name: 'unit', type: 'options', options: catalogOptions(UNITS), default: DEFAULT_UNIT, description: 'DIAN unit of measure' },
	{
		displayName: 'Unit Price (Without IVA)',
		name: 'unitPrice',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 0,
		required: true,
		description: 'Price of one unit before IVA, in pesos (COP)',
	},
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
