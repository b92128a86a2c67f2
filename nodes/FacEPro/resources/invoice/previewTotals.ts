/**
 * Invoice → Preview Totals: the same inputs as Create (declared in create.ts), checked the same way,
 * and the totals FacEPro will compute — without sending anything.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readDocument } from '../../document/input';
import { readShopifyDocument } from '../../document/shopify';
import { totalsToJson } from '../../../shared/invoice/money';
import { SHOPIFY_ORDER_MODE, withShopify } from '../../../shared/shopify/ui';
import type { PreparedDocument } from '../../wire/prepare';

function preview(prepared: PreparedDocument): IDataObject {
	const { totals, lines } = prepared.totals;
	return {
		// Named as in FacEPro's answer, so the preview can be compared with `totales` after Create.
		totales: { subtotal: totals.subtotal.toNumber(), iva: totals.tax.toNumber(), total: totals.total.toNumber() },
		...totalsToJson(totals),
		currency: 'COP',
		lines: lines as unknown as IDataObject[],
		requestBody: prepared.body as unknown as IDataObject,
		...(prepared.externalReference ? { externalReference: prepared.externalReference } : {}),
		...(prepared.warnings.length ? { warnings: prepared.warnings } : {}),
	};
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	if (this.getNodeParameter('inputMode', i) === SHOPIFY_ORDER_MODE) {
		const { prepared, mapping } = readShopifyDocument(this, i, 'invoice');
		return { json: withShopify(preview(prepared), mapping), pairedItem: { item: i } };
	}
	return { json: preview(readDocument(this, i, 'invoice')), pairedItem: { item: i } };
}
