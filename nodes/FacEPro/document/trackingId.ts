/**
 * The tracking ID (FacEPro's UUID for a document) that Get, Refresh DIAN Status and Download XML take.
 * Checked locally so a document number pasted by mistake gets a clear message instead of a 404.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { localError } from '../../shared/errors';
import { PROVIDER } from '../transport';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function trackingIdField(resource: string, operation: string): INodeProperties {
	return {
		displayName: 'Tracking ID',
		name: 'trackingId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
		description:
			'FacEPro tracking_id (a UUID) of the invoice or note: the tracking_id field of the Create or Get Many output',
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	};
}

export function readTrackingId(ctx: IExecuteFunctions, i: number): string {
	const value = String(ctx.getNodeParameter('trackingId', i) ?? '').trim();
	if (UUID.test(value)) return value.toLowerCase();
	const looksLikeNumber = /^[A-Za-z]{0,4}\d+$/.test(value);
	throw localError(
		ctx.getNode(),
		{
			provider: PROVIDER,
			message: value === '' ? 'Tracking ID is empty' : `"${value}" is not a FacEPro tracking ID`,
			fields: { trackingId: ['must be the tracking_id UUID FacEPro returned, e.g. 550e8400-e29b-41d4-a716-446655440000'] },
			hint: looksLikeNumber
				? 'This looks like a document number (numero_completo). FacEPro looks documents up by tracking_id: use the tracking_id field of the Create or Get Many output.'
				: 'Use the tracking_id field of the Create or Get Many output. Nothing was sent to FacEPro.',
		},
		i,
	);
}
