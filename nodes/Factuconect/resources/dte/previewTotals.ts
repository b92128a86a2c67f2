import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Problems } from '../../../shared/invoice/problems';
import { withShopify } from '../../../shared/shopify/ui';
import { readLines } from '../../input/fields';
import { readJsonInvoice } from '../../input/json';
import { isShopifyMode, shopifyPreview } from '../../input/shopify';
import { PROVIDER } from '../../transport';
import { DTE_TYPE_OPTIONS, linesField, show } from '../../ui/fields';
import { fieldsOnly, inputModeField, invoiceJsonField, shopifyDteFields } from '../../ui/shopify';
import { checkLinesOnly, CREATABLE_TYPES, isTipoDte } from '../../wire/rules';
import { dteTotals, totalsToOutput } from '../../wire/totals';

const OPERATIONS = ['previewTotals'];

/** The totals MH will see, computed here with no request: IVA 13 % included (01) or added (03, 05, 06), none (14). */
export const description: INodeProperties[] = [
	inputModeField(OPERATIONS, { json: true, shopify: 'order' }),
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
	invoiceJsonField(OPERATIONS),
	...shopifyDteFields('preview', OPERATIONS),
];

export async function execute(this: IExecuteFunctions, i: number) {
	const problems = new Problems();
	const previewType = this.getNodeParameter('previewType', i, '01') as string;
	if (!isTipoDte(previewType, CREATABLE_TYPES)) problems.add('previewType', `"${previewType}" is not a DTE type this node issues (01, 03, 05, 06, 14)`);
	const tipoDte = isTipoDte(previewType, CREATABLE_TYPES) ? previewType : '01';
	const shopify = isShopifyMode(this, i) ? shopifyPreview(this, i, previewType, problems) : undefined;
	const json = this.getNodeParameter('inputMode', i, 'fields') === 'json' ? readJsonInvoice(this, i, tipoDte, problems, {}).invoice.lines : undefined;
	const raw = shopify?.lines ?? json ?? readLines(this.getNodeParameter('lines', i, {}), tipoDte);
	const lines = checkLinesOnly(tipoDte, raw, problems);
	problems.throwIfAny(this.getNode(), PROVIDER, i, 'preview');
	const totals = totalsToOutput(dteTotals(tipoDte, lines ?? []));
	return { json: shopify?.mapping ? withShopify(totals, shopify.mapping) : totals };
}
