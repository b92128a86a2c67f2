/**
 * Invoice → Download XML: GET /documentos/{tracking_id}/xml as a binary file named
 * `<numero_completo>.xml` (the document is read first when its number was not given).
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { PATHS, request } from '../../transport';
import { readTrackingId, trackingIdField } from '../../ui/locators';
import { binaryItem, binaryPropertyField } from '../../../shared/binary';

import { fetchDocument } from './get';

const show = { show: { resource: ['invoice'], operation: ['downloadXml'] } };

export const description: INodeProperties[] = [
	trackingIdField('invoice', 'downloadXml'),
	binaryPropertyField(show),
	{
		displayName: 'Options',
		name: 'downloadOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Document Number',
				name: 'documentNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. SETP990000011',
				description:
					'Number (numero_completo) used to name the file. If empty, the node reads the document first to get it.',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const trackingId = readTrackingId(this, i);
	const options = this.getNodeParameter('downloadOptions', i, {}) as { documentNumber?: unknown };
	// String(): an expression may give a number.
	let number = String(options.documentNumber ?? '').trim();
	if (!number) {
		const { document } = await fetchDocument(this, i, trackingId);
		number = typeof document.numero_completo === 'string' ? document.numero_completo : trackingId;
	}
	const response = await request<Buffer>(
		this,
		{ method: 'GET', path: PATHS.xml(trackingId), binary: true, headers: { Accept: 'application/xml' } },
		{ itemIndex: i, errorContext: { subject: `document with tracking ID ${trackingId}` } },
	);
	return await binaryItem(this, i, {
		data: response.body,
		kind: 'xml',
		documentNumber: number,
		json: { tracking_id: trackingId, numero_completo: number },
	});
}
