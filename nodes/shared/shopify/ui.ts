/**
 * The "Shopify Order" / "Shopify Refund" input modes, written once for the three provider nodes: the
 * node properties (the order, the refund, where the buyer's tax ID comes from, Shopify Settings), the
 * reading of those properties into `ShopifyMappingOptions`, the mapping itself with one clear error
 * when the document would not match the order, and the `shopify` block every output carries.
 *
 * Provider folders pass their profile and their own lists (ID types, payment methods, reasons); what
 * a provider needs beyond that (a numbering range, a related invoice) stays in its folder.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { Dec } from '../decimal';
import type { FieldErrors, ProviderName, ValidationProblem } from '../errors';
import { addFieldError, GENERAL, localError, validationError } from '../errors';
import { jsonParameter } from '../params';

import type { CreditNoteOptions, MappingResult, ShopifyDefaults, TaxIdSource } from './options';
import type { ShopifyProfile } from './profile';
import type { ShopifyOrder, ShopifyRefund } from './schema';
import { parseShopifyOrder, parseShopifyRefund, ShopifyInputError } from './schema';
import { orderToInvoice, refundToCreditNote } from './toInvoice';

export const SHOPIFY_ORDER_MODE = 'shopifyOrder';
export const SHOPIFY_REFUND_MODE = 'shopifyRefund';

/** The Input Mode option for creates that issue an invoice. */
export const shopifyOrderOption: INodePropertyOptions = {
	name: 'Shopify Order',
	value: SHOPIFY_ORDER_MODE,
	description: 'An order from a Shopify Trigger (orders/paid) or a Shopify node: lines, taxes, discounts and shipping are mapped for you',
};

/** The Input Mode option for creates that issue a credit note. */
export const shopifyRefundOption: INodePropertyOptions = {
	name: 'Shopify Refund',
	value: SHOPIFY_REFUND_MODE,
	description: 'A Shopify refund and its order: the refunded lines and shipping are credited',
};

export interface ShopifyUiSpec {
	resource: string;
	/** Operations that show these fields. */
	operations: string[];
	/** `order` → Input Mode "Shopify Order"; `refund` → "Shopify Refund". */
	kind: 'order' | 'refund';
	profile: ShopifyProfile;
	/** The provider's identification types, for "ID Type for Tax ID". */
	idTypes: INodePropertyOptions[];
	/** The provider's payment-method codes; absent when its documents carry none. */
	paymentMethods?: INodePropertyOptions[];
	/** How the provider names a municipality code (absent: the documents carry none). */
	municipality?: { displayName: string; description: string; placeholder: string };
	/** How the provider names a department code (absent: none, or derived from the municipality). */
	department?: { description: string; placeholder: string };
	/** Whether the document has notes (observations) that can carry the order name. */
	notes: boolean;
	/** Refunds: the provider's reason codes (credit-note concepts). */
	reasons?: INodePropertyOptions[];
	/** Provider settings added to the Shopify Settings collection (read by the provider itself). */
	extraSettings?: INodeProperties[];
}

/* ------------------------------------------------------------------------------------------------ */
/* Properties                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

function modeOf(spec: Pick<ShopifyUiSpec, 'kind'>): string {
	return spec.kind === 'order' ? SHOPIFY_ORDER_MODE : SHOPIFY_REFUND_MODE;
}

/** displayOptions for a Shopify-mode property of these operations. */
export function shopifyShow(spec: Pick<ShopifyUiSpec, 'resource' | 'operations' | 'kind'>, extra: Record<string, string[]> = {}) {
	return { show: { resource: [spec.resource], operation: spec.operations, inputMode: [modeOf(spec)], ...extra } };
}

/** Settings every Shopify mode has: currency, codes Shopify lacks, the reference, rounding, shipping. */
function commonSettings(spec: ShopifyUiSpec): INodeProperties[] {
	const { profile } = spec;
	return [
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'options',
			options: [
				{ name: 'Shop Currency', value: 'shop', description: "Amounts in the shop's currency (Shopify's shop_money)" },
				{
					name: "Customer's Currency (Presentment)",
					value: 'presentment',
					description: 'Amounts in the currency the customer paid in (presentment_money)',
				},
			],
			default: 'shop',
			description: `Which of Shopify's amounts to invoice. ${profile.label} invoices in ${profile.currencies.join('/')}.`,
		},
		{
			displayName: 'Default Unit of Measure',
			name: 'unit',
			type: 'string',
			default: '',
			placeholder: `e.g. ${profile.defaultUnit}`,
			description: `Unit code of every line (Shopify has none). Empty: ${profile.defaultUnit}, the provider's "unit".`,
		},
		{
			displayName: 'ID Type for Tax ID',
			name: 'idType',
			type: 'options',
			options: [{ name: 'Decide From the Number', value: '' }, ...spec.idTypes],
			default: '',
			description: `Identification type of the tax ID found. Decide From the Number: ${profile.taxIds.decideHelp}.`,
		},
		{
			displayName: 'Reference Prefix',
			name: 'referencePrefix',
			type: 'string',
			default: 'shopify-',
			description:
				'Start of the duplicate guard: the document for order 5800000001111 gets the reference shopify-5800000001111. Change it only to tell several stores apart; changing it on a running workflow lets old orders be issued again.',
		},
		{
			displayName: 'Rounding Line',
			name: 'roundingLine',
			type: 'boolean',
			default: false,
			description:
				"Whether to add a visible 0 % line \"Ajuste por redondeo\" with the missing cent(s) when the provider's rounding cannot reach the order total exactly (never negative, at most one cent per line). Off: such an order is refused and nothing is sent.",
		},
		{
			displayName: 'Shipping Line Code',
			name: 'shippingCode',
			type: 'string',
			default: 'ENVIO',
			description: 'Product code of the shipping line',
		},
		{
			displayName: 'Shipping Line Description',
			name: 'shippingDescription',
			type: 'string',
			default: '',
			placeholder: 'e.g. Envío',
			description: "Description of the shipping line. Empty: Shopify's shipping title (e.g. \"Envío estándar\").",
		},
	];
}

/** Settings of the Shopify Order mode: tips and current amounts. */
function orderSettings(spec: ShopifyUiSpec): INodeProperties[] {
	const options: INodeProperties[] = [];
	if (spec.kind === 'order') {
		options.push({
			displayName: 'Tips',
			name: 'tips',
			type: 'options',
			options: [
				{ name: 'Leave Out', value: 'leaveOut', description: 'Invoice the sale without the tip and say so in shopify.check.notes' },
				{ name: 'Refuse the Order', value: 'refuse', description: 'Issue nothing for an order with a tip' },
			],
			default: 'leaveOut',
			description: "What to do with a tip (total_tip_received): it is not a sale of the shop, so it is never invoiced",
		});
		options.push({
			displayName: 'Use Current Amounts',
			name: 'useCurrentAmounts',
			type: 'boolean',
			default: true,
			description:
				'Whether to invoice the order as it is now (after refunds and edits). Off: the order as it was placed — then issue a credit note for each refund.',
		});
	}
	return options;
}

/** Settings that depend on what the provider's documents carry (codes, payment, notes, reasons). */
function providerSettings(spec: ShopifyUiSpec): INodeProperties[] {
	const options: INodeProperties[] = [];
	if (spec.municipality) {
		options.push({
			displayName: spec.municipality.displayName,
			name: 'municipality',
			type: 'string',
			default: '',
			placeholder: spec.municipality.placeholder,
			description: spec.municipality.description,
		});
	}
	if (spec.department) {
		options.push({
			displayName: 'Default Department Code',
			name: 'department',
			type: 'string',
			default: '',
			placeholder: spec.department.placeholder,
			description: spec.department.description,
		});
	}
	if (spec.paymentMethods) {
		options.push({
			displayName: 'Payment Method per Gateway (JSON)',
			name: 'paymentMethodByGateway',
			type: 'json',
			default: '{}',
			description:
				'Payment-method code per Shopify gateway name (payment_gateway_names), e.g. {"shopify_payments": "48", "Cash on Delivery (COD)": "10"}',
		});
		options.push({
			displayName: 'Default Payment Method',
			name: 'paymentMethod',
			type: 'options',
			options: [{ name: "Provider's Default", value: '' }, ...spec.paymentMethods],
			default: '',
			description: 'Payment method when Payment Method per Gateway has none for the order',
		});
	}
	if (spec.notes) {
		options.push({
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			default: '',
			placeholder: 'e.g. Pedido web {{ $json.name }}',
			description: `Notes printed on the document. Empty: "Shopify" and the order name (e.g. "Shopify #1001")${spec.kind === 'refund' ? ' and the refund ID' : ''}.`,
		});
	}
	if (spec.kind === 'refund' && spec.reasons) {
		options.push({
			displayName: 'Reason',
			name: 'reason',
			type: 'options',
			options: [
				{ name: 'From the Refund (Partial Return, or Annulment for a Full Refund)', value: '' },
				...spec.reasons,
			],
			default: '',
			description: 'Concept code of the credit note',
		});
	}
	return options;
}

function settingsOptions(spec: ShopifyUiSpec): INodeProperties[] {
	const options = [...commonSettings(spec), ...orderSettings(spec), ...providerSettings(spec), ...(spec.extraSettings ?? [])];
	return options.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The Shopify fields of one create (after the provider's own Input Mode property). */
export function shopifyFields(spec: ShopifyUiSpec): INodeProperties[] {
	const show = shopifyShow(spec);
	const properties: INodeProperties[] = [
		{
			displayName: 'Shopify Order',
			name: 'shopifyOrder',
			type: 'json',
			default: '={{ $json }}',
			required: true,
			description:
				spec.kind === 'order'
					? 'The order as the Shopify Trigger (orders/paid) or the Shopify node (Order → Get) outputs it; the REST API\'s {"order": …} works too. The default takes the input item.'
					: 'The refunded order as the Shopify node (Order → Get) outputs it, with its refunds. The default takes the input item.',
			displayOptions: show,
		},
	];
	if (spec.kind === 'refund') {
		properties.push({
			displayName: 'Shopify Refund',
			name: 'shopifyRefund',
			type: 'string',
			default: '',
			placeholder: 'e.g. 9700000000777',
			description:
				"Which refund to credit: its ID, the refund itself (the refunds/create webhook body, as an expression), or empty for the order's latest refund",
			displayOptions: show,
		});
	}
	properties.push(
		{
			displayName: 'Tax ID Source',
			name: 'shopifyTaxIdSource',
			type: 'options',
			options: [
				{
					name: 'Billing Company Field',
					value: 'billingCompany',
					description: 'The billing address company field (shops often relabel it "NIT o cédula")',
				},
				{ name: 'Note Attribute', value: 'noteAttribute', description: 'A cart attribute or checkout field of the order' },
				{ name: 'Value', value: 'value', description: 'A value you map, e.g. a customer metafield read by an earlier node' },
			],
			default: 'noteAttribute',
			description: `Where the buyer's tax ID (${spec.profile.taxIds.words}) is. Without one: ${finalConsumerWords(spec.profile)}.`,
			displayOptions: show,
		},
		{
			displayName: 'Note Attribute Name',
			name: 'shopifyTaxIdAttribute',
			type: 'string',
			default: 'NIT',
			description: 'Name of the note attribute; case and accents are ignored ("Cédula o NIT" = "cedula o nit")',
			displayOptions: shopifyShow(spec, { shopifyTaxIdSource: ['noteAttribute'] }),
		},
		{
			displayName: 'Tax ID',
			name: 'shopifyTaxIdValue',
			type: 'string',
			default: '',
			placeholder: "e.g. {{ $('Get Customer Metafields').item.json.value }}",
			description: "The buyer's tax ID; empty means the buyer has none",
			displayOptions: shopifyShow(spec, { shopifyTaxIdSource: ['value'] }),
		},
		{
			displayName: 'Shopify Settings',
			name: 'shopifySettings',
			type: 'collection',
			placeholder: 'Add Setting',
			default: {},
			displayOptions: show,
			options: settingsOptions(spec),
		},
	);
	return properties;
}

function finalConsumerWords(profile: ShopifyProfile): string {
	const fc = profile.finalConsumer;
	if (!fc) return `${profile.label} needs one, so such an order is refused`;
	return fc.idNumber ? `the final consumer (${fc.idNumber})` : 'the final consumer, without receiver document';
}

/* ------------------------------------------------------------------------------------------------ */
/* Reading                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

/** The options the mapper takes, from the node's Shopify fields; `defaults` are the provider's additions. */
export function readShopifyOptions(
	ctx: IExecuteFunctions,
	i: number,
	provider: ProviderName,
	extra: { defaults?: ShopifyDefaults } = {},
): CreditNoteOptions {
	const problems: ValidationProblem[] = [];
	const settings = ctx.getNodeParameter('shopifySettings', i, {}) as IDataObject;
	const sourceKind = ctx.getNodeParameter('shopifyTaxIdSource', i, 'noteAttribute') as string;
	let taxIdSource: TaxIdSource;
	if (sourceKind === 'billingCompany') taxIdSource = { kind: 'billingCompany' };
	else if (sourceKind === 'value') {
		const value = ctx.getNodeParameter('shopifyTaxIdValue', i, '') as unknown;
		taxIdSource = { kind: 'value', value: typeof value === 'number' ? value : text(value) };
	} else {
		const name = text(ctx.getNodeParameter('shopifyTaxIdAttribute', i, 'NIT'));
		if (name === '') problems.push({ path: 'shopifyTaxIdAttribute', message: 'is required: the note attribute holding the tax ID' });
		taxIdSource = { kind: 'noteAttribute', name };
	}

	let paymentMethodByGateway: Record<string, string> | undefined;
	let gateways: unknown = settings.paymentMethodByGateway;
	if (typeof gateways === 'string') {
		try {
			gateways = gateways.trim() === '' ? undefined : JSON.parse(gateways);
		} catch (error) {
			problems.push({ path: 'shopifySettings.paymentMethodByGateway', message: `is not valid JSON (${(error as Error).message})` });
			gateways = undefined;
		}
	}
	if (gateways && typeof gateways === 'object' && !Array.isArray(gateways)) {
		paymentMethodByGateway = Object.fromEntries(Object.entries(gateways as IDataObject).map(([k, v]) => [k, text(v)]));
	} else if (gateways !== undefined) {
		problems.push({ path: 'shopifySettings.paymentMethodByGateway', message: 'must be a JSON object of gateway name → payment-method code' });
	}
	if (problems.length) throw validationError(ctx.getNode(), provider, problems, i, 'Shopify configuration');

	const defaults: ShopifyDefaults = {
		...(text(settings.municipality) ? { municipality: text(settings.municipality) } : {}),
		...(text(settings.department) ? { department: text(settings.department) } : {}),
		...(text(settings.paymentMethod) ? { paymentMethod: text(settings.paymentMethod) } : {}),
		...(text(settings.unit) ? { unit: text(settings.unit) } : {}),
		...(extra.defaults ?? {}),
	};
	const shippingCode = text(settings.shippingCode);
	const shippingDescription = text(settings.shippingDescription);
	return {
		taxIdSource,
		...(text(settings.idType) ? { idTypeForTaxId: text(settings.idType) } : {}),
		...(text(settings.nrcNoteAttribute) ? { nrcNoteAttribute: text(settings.nrcNoteAttribute) } : {}),
		defaults,
		...(paymentMethodByGateway ? { paymentMethodByGateway } : {}),
		useCurrentAmounts: settings.useCurrentAmounts === undefined ? true : settings.useCurrentAmounts === true,
		...(shippingCode || shippingDescription
			? { shippingLine: { ...(shippingCode ? { code: shippingCode } : {}), ...(shippingDescription ? { description: shippingDescription } : {}) } }
			: {}),
		currency: settings.currency === 'presentment' ? 'presentment' : 'shop',
		...(settings.referencePrefix !== undefined ? { referencePrefix: String(settings.referencePrefix) } : {}),
		roundingLine: settings.roundingLine === true,
		...(settings.tips === 'refuse' ? { tips: 'refuse' as const } : {}),
		...(text(settings.notes) ? { notes: text(settings.notes) } : {}),
		...(text(settings.reason) ? { reasonCode: text(settings.reason) } : {}),
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Mapping                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

export interface ShopifyMapping {
	result: MappingResult;
	orderId: string;
	orderName: string;
	refundId?: string;
	/** The duplicate guard the document is issued under (the mapper's, or the user's override). */
	reference: string;
}

interface MapContext {
	provider: ProviderName;
	profile: ShopifyProfile;
	options: CreditNoteOptions;
	/** A reference the user typed; empty: the mapper's (`shopify-<order id>`). */
	referenceOverride?: string;
}

function nameOf(order: ShopifyOrder): string {
	return order.name ?? `#${String(order.id)}`;
}

function readOrder(ctx: IExecuteFunctions, i: number, provider: ProviderName): { raw: unknown; order: ShopifyOrder } {
	const raw = jsonParameter(ctx, 'shopifyOrder', i, provider, 'Shopify order');
	const parsed = parseShopifyOrder(raw);
	if (!parsed.ok) throw validationError(ctx.getNode(), provider, parsed.problems, i, 'Shopify order');
	return { raw, order: parsed.value };
}

function inputError(ctx: IExecuteFunctions, i: number, provider: ProviderName, error: unknown, what: string) {
	if (error instanceof ShopifyInputError) return validationError(ctx.getNode(), provider, error.problems, i, what);
	return error;
}

/** Refuses, before any request, a document that would not be the order (or is invalid for the provider). */
function assertUsable(ctx: IExecuteFunctions, i: number, map: MapContext, mapping: ShopifyMapping, noun: string): void {
	const { result } = mapping;
	const { check, problems } = result;
	if (check.ok && problems.length === 0) return;
	const fields: FieldErrors = {};
	for (const p of problems) addFieldError(fields, p.path, p.message);
	if (!check.ok) for (const note of check.notes) addFieldError(fields, GENERAL, note);
	const what = mapping.refundId ? `The refund ${mapping.refundId} of Shopify order ${mapping.orderName}` : `Shopify order ${mapping.orderName}`;
	const message = problems.length
		? `${what} cannot be issued as a ${map.profile.label} ${noun}: ${problems[0].path}: ${problems[0].message}`
		: `${what} cannot become a ${map.profile.label} ${noun} that matches it: ${check.notes[0]}`;
	const hints = [
		`Order ${mapping.refundId ? 'refund' : 'total'} ${check.orderTotal} ${check.currency}; with ${map.profile.label}'s arithmetic the ${noun} would total ${check.invoiceTotal} (difference ${check.difference}).`,
	];
	const difference = Dec.of(check.difference);
	if (difference.isNegative() && difference.abs().cmp(1) < 0 && !map.options.roundingLine) {
		hints.push('If that is rounding, turn on Shopify Settings › Rounding Line to add the missing cent(s) as a visible 0 % line.');
	}
	hints.push(`Nothing was sent to ${map.provider}.`);
	throw localError(
		ctx.getNode(),
		{
			provider: map.provider,
			message,
			fields,
			hint: hints.join(' '),
			code: problems.length ? 'shopify_problems' : 'shopify_mismatch',
		},
		i,
	);
}

function withReference(mapping: Omit<ShopifyMapping, 'reference'>, override: string | undefined): ShopifyMapping {
	const reference = override && override.trim() !== '' ? override.trim() : String(mapping.result.invoice.externalReference ?? '');
	mapping.result.invoice.externalReference = reference;
	return { ...mapping, reference };
}

/**
 * The order of item `i` → the provider's invoice, refused (one error, nothing sent) when it has
 * problems or would not total what the customer paid.
 */
export function mapShopifyOrder(ctx: IExecuteFunctions, i: number, map: MapContext): ShopifyMapping {
	const { raw, order } = readOrder(ctx, i, map.provider);
	let result: MappingResult;
	try {
		result = orderToInvoice(raw, map.profile, map.options);
	} catch (error) {
		throw inputError(ctx, i, map.provider, error, 'Shopify order');
	}
	const mapping = withReference({ result, orderId: String(order.id), orderName: nameOf(order) }, map.referenceOverride);
	assertUsable(ctx, i, map, mapping, 'invoice');
	return mapping;
}

/** The refund the Shopify Refund field names: its id, the refund itself, or (empty) the order's latest. */
function refundArgument(ctx: IExecuteFunctions, i: number, provider: ProviderName, order: ShopifyOrder): { refund: unknown; id: string } {
	let value = ctx.getNodeParameter('shopifyRefund', i, '') as unknown;
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			value = JSON.parse(value);
		} catch (error) {
			throw validationError(ctx.getNode(), provider, [{ path: 'shopifyRefund', message: `is not valid JSON (${(error as Error).message})` }], i, 'Shopify refund');
		}
	}
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		const latest = latestRefund(order.refunds);
		if (!latest) {
			throw validationError(
				ctx.getNode(),
				provider,
				[{ path: 'order.refunds', message: `order ${nameOf(order)} has no refunds; give the refund (Shopify Refund) or an order fetched after the refund` }],
				i,
				'Shopify refund',
			);
		}
		return { refund: latest.id, id: String(latest.id) };
	}
	if (typeof value === 'number' || typeof value === 'string') return { refund: String(value).trim(), id: String(value).trim() };
	// An invalid refund object is reported by the mapper with every problem; the id is only for the output.
	const parsed = parseShopifyRefund(value);
	return { refund: value, id: parsed.ok ? String(parsed.value.id) : '' };
}

function latestRefund(refunds: ShopifyRefund[]): ShopifyRefund | undefined {
	// Shopify lists refunds oldest first; created_at decides when present.
	return [...refunds].sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '')).at(-1);
}

/** The order and refund of item `i` → the provider's credit note, refused like an order that does not match. */
export function mapShopifyRefund(ctx: IExecuteFunctions, i: number, map: MapContext): ShopifyMapping {
	const { raw, order } = readOrder(ctx, i, map.provider);
	const { refund, id } = refundArgument(ctx, i, map.provider, order);
	let result: MappingResult;
	try {
		result = refundToCreditNote(raw, refund, map.profile, map.options);
	} catch (error) {
		throw inputError(ctx, i, map.provider, error, 'Shopify refund');
	}
	const mapping = withReference({ result, orderId: String(order.id), orderName: nameOf(order), refundId: id }, map.referenceOverride);
	assertUsable(ctx, i, map, mapping, 'credit note');
	return mapping;
}

/* ------------------------------------------------------------------------------------------------ */
/* Output                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/**
 * The provider's output with a `shopify` block (how the document relates to the order) and the
 * mapping's warnings added to `summary.warnings`. `providerTotal` is what the provider answered; a
 * difference from the order is said loudly, since the document already exists then.
 */
export function withShopify(json: IDataObject, mapping: ShopifyMapping, extra: { alreadyIssued?: boolean } = {}): IDataObject {
	const { result } = mapping;
	const warnings = [...result.warnings];
	const summary = json.summary as IDataObject | undefined;
	const total = summary?.total;
	if (typeof total === 'number' && Number.isFinite(total) && !Dec.of(total).eq(result.check.orderTotal)) {
		warnings.push(
			`The provider's document total is ${Dec.of(total).toFixed(2)} ${result.check.currency}, but the Shopify ${mapping.refundId ? 'refund' : 'order'} total is ${result.check.orderTotal}: check the document before sending it to the customer.`,
		);
	}
	const block: IDataObject = {
		orderId: mapping.orderId,
		orderName: mapping.orderName,
		...(mapping.refundId ? { refundId: mapping.refundId } : {}),
		reference: mapping.reference,
		...(result.documentType ? { documentType: result.documentType } : {}),
		customerSource: result.customerSource,
		...(extra.alreadyIssued !== undefined ? { alreadyIssued: extra.alreadyIssued } : {}),
		check: result.check as unknown as IDataObject,
		warnings,
	};
	const out: IDataObject = { ...json, shopify: block };
	if (summary && Array.isArray(summary.warnings)) {
		out.summary = { ...summary, warnings: [...(summary.warnings as string[]), ...warnings] };
	}
	return out;
}
