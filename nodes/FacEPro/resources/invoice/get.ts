/**
 * Invoice → Get: GET /documentos/{tracking_id} (works for notes too).
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readTrackingId, trackingIdField } from '../../document/trackingId';
import { documentOutput } from '../../summary';
import { documentFrom, faceproRequest, PATHS, PROVIDER } from '../../transport';
import { localError } from '../../../shared/errors';

export const description: INodeProperties[] = [trackingIdField('invoice', 'get')];

export async function fetchDocument(ctx: IExecuteFunctions, i: number, trackingId: string) {
	const response = await faceproRequest(
		ctx,
		{ method: 'GET', path: PATHS.document(trackingId) },
		{ itemIndex: i, errorContext: { subject: `document with tracking ID ${trackingId}` } },
	);
	const document = documentFrom(response.body);
	if (!document) {
		throw localError(ctx.getNode(), { provider: PROVIDER, message: 'FacEPro answered without a document', httpCode: response.statusCode }, i);
	}
	return document;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const document = await fetchDocument(this, i, readTrackingId(this, i));
	return { json: documentOutput(document), pairedItem: { item: i } };
}
