/**
 * Invoice → Preview Totals: the same inputs as Create (declared in create.ts), checked the same way,
 * and the totals FacEPro will compute — without sending anything.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readDocument } from '../../document/input';
import { totalsToJson } from '../../../shared/invoice';

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const prepared = readDocument(this, i, 'invoice');
	const { totals, lines } = prepared.totals;
	const json: IDataObject = {
		// Named as in FacEPro's answer, so the preview can be compared with `totales` after Create.
		totales: { subtotal: totals.subtotal.toNumber(), iva: totals.tax.toNumber(), total: totals.total.toNumber() },
		...totalsToJson(totals),
		currency: 'COP',
		lines: lines as unknown as IDataObject[],
		requestBody: prepared.body as unknown as IDataObject,
		...(prepared.externalReference ? { externalReference: prepared.externalReference } : {}),
		...(prepared.warnings.length ? { warnings: prepared.warnings } : {}),
	};
	return { json, pairedItem: { item: i } };
}
