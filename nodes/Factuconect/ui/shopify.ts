/**
 * The Input Mode of the creates and Preview Totals — Fields, Invoice (JSON), and the Shopify modes — and
 * the Shopify settings of each DTE operation (the shared Shopify UI with Factuconect's profile).
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ShopifyUiSpec } from '../../shared/shopify/ui';
import { shopifyFields, shopifyOrderOption, shopifyRefundOption, shopifyShow } from '../../shared/shopify/ui';
import { INVOICE_JSON_EXAMPLE } from '../input/json';
import { FACTUCONECT_CCF, FACTUCONECT_FACTURA } from '../profile';
import { ID_TYPES } from '../wire/rules';
import type { TipoDte } from '../wire/rules';
import { show } from './fields';

/** The input modes a DTE operation offers besides Fields. */
export type InputModes = { json: boolean; shopify?: 'order' | 'refund' };

/** Input Mode of a create (or Preview Totals). */
export function inputModeField(operations: string[], modes: InputModes): INodeProperties {
	return {
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Fields', value: 'fields', description: 'Fill in the receiver and the lines below' },
			...(modes.json ? [{ name: 'Invoice (JSON)', value: 'json', description: "The package's invoice as JSON (customer, lines, notes…), checked like the fields" }] : []),
			...(modes.shopify === 'order' ? [shopifyOrderOption] : modes.shopify === 'refund' ? [shopifyRefundOption] : []),
		],
		default: 'fields',
		displayOptions: show(operations),
	};
}

/** The Invoice (JSON) parameter. */
export function invoiceJsonField(operations: string[]): INodeProperties {
	return {
		displayName: 'Invoice (JSON)',
		name: 'invoiceJson',
		type: 'json',
		default: JSON.stringify(INVOICE_JSON_EXAMPLE, null, 2),
		required: true,
		description: 'The invoice: customer (name, idType, idNumber, nrc, economicActivity, providerId = stored client ID…), lines (description, quantity, unitPrice, discountAmount, taxExcluded, itemType, unit), notes, related (notes: documentType, authorityId, issueDate), plus condicionOperacion and codigoGeneracion. See the docs for each DTE type.',
		displayOptions: show(operations, { inputMode: ['json'] }),
	};
}

/** Properties of the Fields and Shopify modes that the Invoice (JSON) mode takes from its JSON. */
export function notInJson(properties: INodeProperties[], shopifyMode: 'shopifyOrder' | 'shopifyRefund'): INodeProperties[] {
	return properties.map((p) => ({ ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, inputMode: ['fields', shopifyMode] } } }));
}

/** The properties only the Fields mode uses (the other modes take them from the JSON or the order). */
export function fieldsOnly(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((p) => ({ ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, inputMode: ['fields'] } } }));
}

const ID_TYPE_OPTIONS = Object.entries(ID_TYPES).map(([code, name]) => ({ name: `${name} (${code})`, value: code }));

/** Whether a receiver is a stored client (Factura, notes), found or saved by its tax ID. */
const storesClient = (tipoDte: TipoDte | 'preview') => tipoDte === '01' || tipoDte === '05';

function specFor(tipoDte: TipoDte | 'preview', operations: string[]): ShopifyUiSpec {
	const inline = tipoDte === '03' || tipoDte === 'preview';
	return {
		resource: 'dte',
		operations,
		kind: tipoDte === '05' ? 'refund' : 'order',
		profile: tipoDte === '01' ? FACTUCONECT_FACTURA : FACTUCONECT_CCF,
		idTypes: ID_TYPE_OPTIONS,
		...(inline
			? {
					municipality: {
						displayName: 'Default Municipality Code',
						placeholder: 'e.g. 14',
						description: "MH municipality code (two digits, within the department) of the buyers' address; Shopify has city names, not codes",
					},
					department: { placeholder: 'e.g. 06', description: "MH department code (01–14) of the buyers' address" },
				}
			: {}),
		notes: tipoDte !== 'preview',
		extraSettings: [
			{
				displayName: 'NRC Note Attribute',
				name: 'nrcNoteAttribute',
				type: 'string',
				default: 'NRC',
				description: "Name of the order's note attribute holding the buyer's NRC (required for a Crédito Fiscal)",
			},
			...(storesClient(tipoDte)
				? [
						{
							displayName: 'Final Consumer Client ID',
							name: 'finalConsumerClientId',
							type: 'string',
							default: '',
							placeholder: 'e.g. 4700',
							description:
								tipoDte === '05'
									? 'Your stored "Consumidor final" client (idCliente): a Nota de Crédito needs a stored client, also when the order has no tax ID'
									: 'Your stored "Consumidor final" client (idCliente), if you keep one. Empty: a Factura without receiver.',
						} as INodeProperties,
					]
				: []),
		],
	};
}

/** The Shopify fields of a DTE operation: `tipoDte` decides the profile (and 'preview' the Document Type field). */
export function shopifyDteFields(tipoDte: TipoDte | 'preview', operations: string[]): INodeProperties[] {
	const spec = specFor(tipoDte, operations);
	const properties = shopifyFields(spec);
	if (storesClient(tipoDte)) {
		properties.push({
			displayName: 'Stored Client',
			name: 'shopifyClient',
			type: 'options',
			options: [
				...(tipoDte === '01' ? [{ name: 'Always Final Consumer', value: 'finalConsumer', description: "Ignore the buyer's tax ID" }] : []),
				{
					name: 'Find by NIT or DUI (Fail If Not Stored)',
					value: 'find',
					description: 'Use the client you saved in Factuconect with that NIT or DUI',
				},
				{
					name: 'Find by NIT or DUI, Save If Missing',
					value: 'findOrCreate',
					description: 'Use the stored client with that NIT or DUI, or save the buyer as a new client first',
				},
			],
			default: 'findOrCreate',
			description: `A ${tipoDte === '01' ? 'Factura' : 'Nota de Crédito'} names its receiver by a stored client (idCliente): which one to use for a buyer with a tax ID`,
			displayOptions: shopifyShow(spec),
		});
	}
	return properties;
}

