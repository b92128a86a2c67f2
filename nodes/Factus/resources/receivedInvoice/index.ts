/**
 * Received Invoice (Factus v2): supplier invoices in Factus's reception and the RADIAN events you emit on
 * them — list, upload by CUFE, acknowledge receipt (030), confirm goods received (032), accept (033) or
 * claim (031).
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import type { Resource } from '../v2';
import * as accept from './accept';
import * as acknowledge from './acknowledge';
import * as claim from './claim';
import * as confirmGoodsReceived from './confirmGoodsReceived';
import * as getAll from './getAll';
import * as upload from './upload';

/** The entry for the node's Resource list. */
export const RECEIVED_INVOICE_RESOURCE = {
	name: 'Received Invoice',
	value: 'receivedInvoice',
	description: "Supplier invoices you received, and their RADIAN events (acuse, recibo del bien, aceptación, reclamo)",
};

export const receivedInvoiceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['receivedInvoice'] } },
		options: [
			{ name: 'Accept', value: 'accept', action: 'Accept a received invoice', description: 'RADIAN 033 aceptación expresa, after the goods were received (032)' },
			{ name: 'Acknowledge Receipt', value: 'acknowledge', action: 'Acknowledge receipt of a received invoice', description: 'RADIAN 030 acuse de recibo: the first event' },
			{ name: 'Claim', value: 'claim', action: 'Claim a received invoice', description: 'RADIAN 031 reclamo with its reason, after the goods were received (032)' },
			{ name: 'Confirm Goods Received', value: 'confirmGoodsReceived', action: 'Confirm goods received for a received invoice', description: 'RADIAN 032 recibo del bien o prestación del servicio, after 030' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many received invoices', description: 'Supplier invoices in your Factus reception, with their RADIAN events' },
			{ name: 'Upload', value: 'upload', action: 'Upload a received invoice', description: "Add a supplier's invoice to your Factus reception by its CUFE" },
		],
		default: 'getAll',
	},
	...getAll.description,
	...upload.description,
	...acknowledge.description,
	...confirmGoodsReceived.description,
	...accept.description,
	...claim.description,
];

export const receivedInvoiceOperations: Record<string, ItemOperation> = {
	getAll: getAll.execute,
	upload: upload.execute,
	acknowledge: acknowledge.execute,
	confirmGoodsReceived: confirmGoodsReceived.execute,
	accept: accept.execute,
	claim: claim.execute,
};

/** The resource as the v2 node assembles it. */
export const receivedInvoiceResource: Resource = {
	option: RECEIVED_INVOICE_RESOURCE,
	description: receivedInvoiceDescription,
	operations: receivedInvoiceOperations,
};
