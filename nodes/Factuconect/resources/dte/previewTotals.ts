import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Problems } from '../../../shared/invoice/problems';
import { withShopify } from '../../../shared/shopify/ui';
import { readAdjustments, readLines } from '../../input/fields';
import { readJsonInvoice } from '../../input/json';
import { isShopifyMode, shopifyPreview } from '../../input/shopify';
import { PROVIDER } from '../../transport';
import { DTE_TYPE_OPTIONS, linesField, show } from '../../ui/fields';
import { DISCOUNT_FIELDS, RENTA_FIELD } from '../../ui/options';
import { fieldsOnly, inputModeField, invoiceJsonField, shopifyDteFields } from '../../ui/shopify';
import { checkAdjustments } from '../../wire/adjustments';
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
	{
		displayName: 'Document Adjustments',
		name: 'adjustments',
		type: 'collection',
		placeholder: 'Add Adjustment',
		default: {},
		description: 'A discount on the taxed sales (Factura, CCF) or the renta withheld (Sujeto Excluido), as the create would send them',
		displayOptions: show(OPERATIONS),
		options: [...DISCOUNT_FIELDS, RENTA_FIELD],
	},
];

export async function execute(this: IExecuteFunctions, i: number) {
	const problems = new Problems();
	const previewType = this.getNodeParameter('previewType', i, '01') as string;
	if (!isTipoDte(previewType, CREATABLE_TYPES)) problems.add('previewType', `"${previewType}" is not a DTE type this node issues (01, 03, 05, 06, 14)`);
	const tipoDte = isTipoDte(previewType, CREATABLE_TYPES) ? previewType : '01';
	const shopify = isShopifyMode(this, i) ? shopifyPreview(this, i, previewType, problems) : undefined;
	const jsonCandidate = this.getNodeParameter('inputMode', i, 'fields') === 'json' ? readJsonInvoice(this, i, tipoDte, problems, {}) : undefined;
	const raw = shopify?.lines ?? jsonCandidate?.invoice.lines ?? readLines(this.getNodeParameter('lines', i, {}), tipoDte);
	const lines = checkLinesOnly(tipoDte, raw, problems);
	// The adjustments of the JSON, else of the Document Adjustments collection.
	const fromFields = readAdjustments(this, i, 'adjustments');
	const fromJson = jsonCandidate?.adjustments;
	const given = fromJson && Object.values(fromJson.raw).some((v) => v !== undefined && v !== null && v !== '') ? fromJson : fromFields;
	const adjustments = checkAdjustments(tipoDte, given.raw, problems, given.names);
	if (lines && adjustments.discountAmount !== undefined) {
		const taxed = dteTotals(tipoDte, lines).totalGravada;
		if (taxed.cmp(adjustments.discountAmount) < 0) problems.add(given.names.discountAmount, `${adjustments.discountAmount} is more than the taxed sales (${taxed.toFixed(2)})`);
	}
	problems.throwIfAny(this.getNode(), PROVIDER, i, 'preview');
	const totals = totalsToOutput(dteTotals(tipoDte, lines ?? [], adjustments));
	return { json: shopify?.mapping ? withShopify(totals, shopify.mapping) : totals };
}
