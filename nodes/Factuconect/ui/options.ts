/**
 * Additional Fields and Options of the DTE operations: Send to Hacienda Now, the External Reference
 * and codigoGeneracion, Additional Fields (JSON), MH rejections, timeouts and the issue protocol's
 * "Issue Again If Earlier Attempt Not Found".
 */
import type { INodeProperties } from 'n8n-workflow';

import { REISSUE_OPTION } from '../../shared/pipeline';
import { parallelRequestsOption } from '../../shared/runner';
import { DEFAULT_PARALLEL, PARALLEL_WHY } from '../profile';
import { CODIGO_EXAMPLE } from '../wire/rules';
import { show } from './fields';

export function sendNowField(operations: string[]): INodeProperties {
	return {
		displayName: 'Send to Hacienda Now',
		name: 'sendNow',
		type: 'boolean',
		default: true,
		description:
			'Whether to sign and send the DTE to MH right after creating it. A DTE MH has not received is not a valid fiscal document.',
		displayOptions: show(operations),
	};
}

const ADDITIONAL_JSON: INodeProperties = {
	displayName: 'Additional Fields (JSON)',
	name: 'additionalJson',
	type: 'json',
	default: '{}',
	description:
		'Merged into the request body last (your keys win), for fields this node does not offer or names Factuconect spells differently. Not validated, except that __proto__, constructor and prototype keys are refused.',
};

const REJECTION_OPTION: INodeProperties = {
	displayName: 'On MH Rejection',
	name: 'onRejection',
	type: 'options',
	options: [
		{
			name: 'Output the Item (Status "Rejected")',
			value: 'output',
			description: "Continue with summary.status = rejected and MH's codigoMsg, descripcionMsg and observaciones",
		},
		{
			name: 'Fail the Item',
			value: 'error',
			description: 'Stop the workflow (or, with Continue On Fail, output an error item) with MH\'s reasons',
		},
	],
	default: 'output',
};

const TIMEOUT_OPTION: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 30,
	description:
		'How long to wait for each answer from Factuconect. A create is never repeated; a send that gets no answer is repeated with the same codigoGeneracion at most twice (MH answers 004 if it already has it).',
};

/** Items in flight at once (the shared runner reads it; the default is Factuconect's, see profile.ts). */
export const PARALLEL_OPTION: INodeProperties = parallelRequestsOption(DEFAULT_PARALLEL, PARALLEL_WHY);

/** Document discount on taxed sales (Factura, CCF): MH's descuGravada or porcentajeDescuento. */
export const DISCOUNT_FIELDS: INodeProperties[] = [
	{
		displayName: 'Document Discount Amount',
		name: 'documentDiscount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			"A discount on the document's taxed sales as a whole (descuGravada), in the prices' basis (IVA included for a Factura, net for a CCF). IVA is computed after it. Use this or the percentage.",
	},
	{
		displayName: 'Document Discount (%)',
		name: 'documentDiscountRate',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
		default: 0,
		description: "The same discount as a percentage of the taxed sales (porcentajeDescuento). Use this or the amount.",
	},
];

/** Income-tax (renta) withholding of a Sujeto Excluido: MH's reteRenta. */
export const RENTA_FIELD: INodeProperties = {
	displayName: 'Income Tax Withholding (%)',
	name: 'rentaRate',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 0,
	description:
		'Renta you withhold from the subject (reteRenta), as a percentage of the purchase, e.g. 10 for services. Lowers the total to pay. 0 = none.',
};

/** "Additional Fields" of every create; `extra` adds the DTE type's own (discount, withholding). */
export function createAdditionalFields(operations: string[], extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(operations),
		options: [
			ADDITIONAL_JSON,
			...extra,
			{
				displayName: 'codigoGeneracion',
				name: 'codigoGeneracion',
				type: 'string',
				default: '',
				placeholder: `e.g. ${CODIGO_EXAMPLE}`,
				description:
					'Your own code for the new DTE: an uppercase version-4 UUID. Empty: the node derives one from the External Reference (or generates one without it; see Options).',
			},
			{
				displayName: 'External Reference',
				name: 'externalReference',
				type: 'string',
				default: '',
				placeholder: 'e.g. shopify-order-1001',
				description:
					'Your ID for this sale (e.g. the order number). The codigoGeneracion proposed to Factuconect is derived from it, so the same reference never issues a second document of this type, even from concurrent executions.',
			},
			{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'Observaciones printed on the document' },
			{
				displayName: 'Payment Condition',
				name: 'condicionOperacion',
				type: 'options',
				options: [
					{ name: 'Cash (1)', value: '1' },
					{ name: 'Credit (2)', value: '2' },
					{ name: 'Other (3)', value: '3' },
				],
				default: '1',
				description: 'How the sale is paid (MH condicionOperacion)',
			},
		],
	};
}

/** "Options" of every create. */
export function createOptions(operations: string[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(operations),
		options: [
			REJECTION_OPTION,
			{
				displayName: 'Propose codigoGeneracion',
				name: 'proposeCode',
				type: 'boolean',
				default: true,
				description:
					'Whether to send a codigoGeneracion chosen here with the create (derived from the External Reference, so a repeat proposes the same one), so a create whose answer is lost can be found by that code. Turn off only if your Factuconect account refuses it: then neither is possible.',
			},
			{
				displayName: 'Issue Again If Earlier Attempt Not Found',
				name: REISSUE_OPTION,
				type: 'boolean',
				default: false,
				description:
					'Whether to create the DTE when its External Reference was used before but Factuconect has no DTE with its codigoGeneracion and no earlier attempt is known to have ended. Factuconect refuses a second DTE with the same codigoGeneracion, so this cannot make a duplicate.',
			},
			PARALLEL_OPTION,
			TIMEOUT_OPTION,
		],
	};
}

/** "Options" of Send to Hacienda. */
export function sendOptions(operations: string[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(operations),
		options: [
			ADDITIONAL_JSON,
			{
				displayName: 'Emission Date',
				name: 'fecEmi',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-11-20',
				description: "The DTE's fecEmi (YYYY-MM-DD), for the MH check link when the input item does not carry it",
			},
			PARALLEL_OPTION,
			REJECTION_OPTION,
			TIMEOUT_OPTION,
		],
	};
}

