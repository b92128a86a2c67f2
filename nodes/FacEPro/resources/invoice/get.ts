/**
 * Invoice → Get: GET /documentos/{tracking_id} (works for notes too).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { documentOutput } from '../../summary';
import { DEFAULT_BASE_URL, documentFrom, PATHS, PROVIDER, request } from '../../transport';
import { readTrackingId, trackingIdField } from '../../ui/locators';
import { localError } from '../../../shared/errors';

export const description: INodeProperties[] = [trackingIdField('invoice', 'get')];

/**
 * GETs a path that answers with one document: the document itself (default), or Refresh DIAN Status's
 * `{documento, dian}` (its `body` holds the `dian` block).
 */
export async function fetchDocument(
	ctx: IExecuteFunctions,
	i: number,
	trackingId: string,
	path = PATHS.document(trackingId),
): Promise<{ document: IDataObject; body: IDataObject }> {
	const response = await request<IDataObject>(
		ctx,
		{ method: 'GET', path },
		{ itemIndex: i, errorContext: { subject: `document with tracking ID ${trackingId}` } },
	);
	const document = documentFrom(response.body);
	if (!document) {
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: 'FacEPro answered without a document',
				hint: `Check the Base URL in the credential: it should be FacEPro's API, ending in /api/v1 (e.g. ${DEFAULT_BASE_URL}).`,
				httpCode: response.statusCode,
			},
			i,
		);
	}
	return { document, body: response.body };
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const { document } = await fetchDocument(this, i, readTrackingId(this, i));
	return { json: documentOutput(document), pairedItem: { item: i } };
}
