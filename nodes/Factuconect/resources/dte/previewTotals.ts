import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { validationError } from '../../../shared/errors';
import { withShopify } from '../../../shared/shopify/ui';
import { dteTotals, totalsToOutput } from '../../amounts';
import { CREATABLE_TYPES, isTipoDte } from '../../rules';
import { PROVIDER } from '../../transport';
import { readLines } from './draft';
import { DTE_TYPE_OPTIONS, linesField, show } from './fields';
import { fieldsOnly, inputModeField, isShopifyMode, shopifyDteFields, shopifyPreview } from './shopify';

const OPERATIONS = ['previewTotals'];

/** The totals MH will see, computed here with no request: IVA 13 % included (01) or added (03, 05, 06), none (14). */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, 'order'),
	{
		displayName: 'Document Type',
		name: 'previewType',
		type: 'options',
		options: DTE_TYPE_OPTIONS,
		default: '01',
		description: 'Decides whether prices include IVA (Factura) or not (CCF and its notes), or have none (Sujeto Excluido)',
		displayOptions: show(OPERATIONS),
	},
	...fieldsOnly([linesField(OPERATIONS, 'byType', { exempt: true })]),
	...shopifyDteFields('preview', OPERATIONS),
];

export async function execute(this: IExecuteFunctions, i: number) {
	const problems: ValidationProblem[] = [];
	const tipoDte = this.getNodeParameter('previewType', i, '01') as string;
	if (!isTipoDte(tipoDte, CREATABLE_TYPES)) {
		problems.push({ path: 'previewType', message: `"${tipoDte}" is not a DTE type this node issues (01, 03, 05, 06, 14)` });
	}
	const shopify = isShopifyMode(this, i) ? shopifyPreview(this, i, tipoDte, problems) : undefined;
	const lines = shopify?.lines ?? readLines(this.getNodeParameter('lines', i, {}), isTipoDte(tipoDte) ? tipoDte : '01', problems);
	if (problems.length || !isTipoDte(tipoDte)) throw validationError(this.getNode(), PROVIDER, problems, i, 'preview');
	const json = totalsToOutput(dteTotals(tipoDte, lines));
	return { json: shopify?.mapping ? withShopify(json, shopify.mapping) : json };
}
