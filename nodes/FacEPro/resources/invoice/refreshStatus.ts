/**
 * Invoice → Refresh DIAN Status: GET /documentos/{tracking_id}/consultar. FacEPro asks DIAN again
 * (GetStatusZip) for a document left pending; it never re-sends the document.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readTrackingId, trackingIdField } from '../../document/trackingId';
import { documentOutput } from '../../summary';
import { documentFrom, faceproRequest, PATHS, PROVIDER } from '../../transport';
import { localError } from '../../../shared/errors';

export const description: INodeProperties[] = [trackingIdField('invoice', 'refreshStatus')];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const trackingId = readTrackingId(this, i);
	const response = await faceproRequest<IDataObject>(
		this,
		{ method: 'GET', path: PATHS.refresh(trackingId) },
		{ itemIndex: i, errorContext: { subject: `document with tracking ID ${trackingId}` } },
	);
	const document = documentFrom(response.body);
	if (!document) {
		throw localError(this.getNode(), { provider: PROVIDER, message: 'FacEPro answered without the document', httpCode: response.statusCode }, i);
	}
	const dian = (response.body.dian ?? null) as IDataObject | null;
	return { json: { ...documentOutput(document), dian }, pairedItem: { item: i } };
}
