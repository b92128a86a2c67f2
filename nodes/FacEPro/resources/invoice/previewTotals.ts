/**
 * Invoice → Preview Totals: the same inputs as Create (declared in create.ts), checked the same way
 * (every rule and limit of a create), and the totals FacEPro will compute — without sending anything.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { totalsToJson } from '../../../shared/invoice/money';
import { withShopify } from '../../../shared/shopify/ui';
import type { FacEProPrepared } from '../../issue';
import { prepareDocument } from '../../issue';

function preview(prepared: FacEProPrepared): IDataObject {
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
	const prepared = await prepareDocument(this, i, 'invoice', false);
	const json = preview(prepared);
	return { json: prepared.shopify ? withShopify(json, prepared.shopify) : json, pairedItem: { item: i } };
}
