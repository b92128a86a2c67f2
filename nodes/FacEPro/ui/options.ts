/**
 * Additional Fields (External Reference, issue date and time) and Options (the duplicate guard's
 * choices, the deadline) of the FacEPro creates.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { REISSUE_OPTION } from '../../shared/pipeline';
import { parallelRequestsOption } from '../../shared/runner';
import { FACEPRO_PARALLEL_REQUESTS } from '../profile';

/** The option that writes the External Reference on the first line (and lets the lookups prove a sale by it). */
export const WRITE_REFERENCE_OPTION = 'writeReference';
export const TIMEOUT_OPTION = 'timeout';
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** The same field in JSON mode (top level) and in Fields mode (Additional Fields). */
export const EXTERNAL_REFERENCE: INodeProperties = {
	displayName: 'External Reference',
	name: 'externalReference',
	type: 'string',
	default: '',
	placeholder: 'e.g. ORDER-1001',
	description:
		'Your ID for this sale (e.g. the order number). With it, running the workflow again for the same reference returns the document already issued instead of issuing another one.',
};

export function additionalFields(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: [
			EXTERNAL_REFERENCE,
			{
				displayName: 'Issue Date',
				name: 'issueDate',
				type: 'dateTime',
				default: '',
				description: 'Issue date (fecha); today in Colombia if empty',
			},
			{
				displayName: 'Issue Time',
				name: 'issueTime',
				type: 'string',
				default: '',
				placeholder: 'e.g. 14:30:00',
				description:
					'Issue time HH:mm:ss in Colombia time (hora). Leave empty: the node then uses the current time and keeps it unique per customer and total, which lets it find the document if the answer is lost.',
			},
		],
	};
}

export function createOptions(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Issue Again If Earlier Attempt Not Found',
				name: REISSUE_OPTION,
				type: 'boolean',
				default: false,
				description:
					'Whether to issue the document when its External Reference was used before but FacEPro has no matching document. Leave off unless you checked in FacEPro that the earlier attempt issued nothing.',
			},
			parallelRequestsOption(
				FACEPRO_PARALLEL_REQUESTS,
				'FacEPro documents no rate limit and each create waits for DIAN, so several at once save most of the waiting; the node backs off when FacEPro answers 429 or 503.',
			),
			{
				displayName: 'Timeout (Seconds)',
				name: TIMEOUT_OPTION,
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description:
					"How long one request to FacEPro may take, answer included. A create that runs out of time is not sent again: the node looks for the document instead.",
			},
			{
				displayName: 'Write External Reference on the Invoice',
				name: WRITE_REFERENCE_OPTION,
				type: 'boolean',
				default: false,
				description:
					'Whether to append " (Ref: &lt;External Reference&gt;)" to the first line\'s description. The customer sees it on the document; in exchange the node can prove which document belongs to the sale by reading it back from the signed XML.',
			},
		],
	};
}
