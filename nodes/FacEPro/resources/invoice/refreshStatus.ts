/**
 * Invoice → Refresh DIAN Status: GET /documentos/{tracking_id}/consultar. FacEPro asks DIAN again
 * (GetStatusZip) for a document left pending; it never re-sends the document.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { documentOutput } from '../../summary';
import { PATHS } from '../../transport';
import { readTrackingId, trackingIdField } from '../../ui/locators';

import { fetchDocument } from './get';

export const description: INodeProperties[] = [trackingIdField('invoice', 'refreshStatus')];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const trackingId = readTrackingId(this, i);
	const { document, body } = await fetchDocument(this, i, trackingId, PATHS.refresh(trackingId));
	const dian = (body.dian ?? null) as IDataObject | null;
	return { json: { ...documentOutput(document), dian }, pairedItem: { item: i } };
}
