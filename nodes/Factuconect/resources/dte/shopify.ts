/**
 * Factuconect in the Shopify input modes: Create Factura (01), Create CCF (03) and Preview Totals from a
 * Shopify order, Create Credit Note (05) from a Shopify refund. The mapping and its settings are shared
 * (nodes/shared/shopify/ui.ts); here: the mapped invoice → a DTE draft (draft.ts), the receiver in
 * Factuconect's terms, and the stored client (idCliente) a Factura or a note to an identified buyer needs.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { localError } from '../../../shared/errors';
import type { ShopifyProfile } from '../../../shared/shopify/profile';
import type { ShopifyMapping, ShopifyUiSpec } from '../../../shared/shopify/ui';
import {
	mapShopifyOrder,
	mapShopifyRefund,
	readShopifyOptions,
	SHOPIFY_ORDER_MODE,
	SHOPIFY_REFUND_MODE,
	shopifyFields,
	shopifyOrderOption,
	shopifyRefundOption,
	shopifyShow,
} from '../../../shared/shopify/ui';
import { FACTUCONECT_CCF, FACTUCONECT_CODES, FACTUCONECT_FACTURA } from '../../profile';
import { checkActivityCode, checkEmail, checkNit, checkNrc, checkPhone, ID_TYPES } from '../../rules';
import type { TipoDte } from '../../rules';
import { call, dataOf, PATHS, PROVIDER } from '../../transport';
import type { AccountSettings } from '../../transport';
import { clientBody } from '../client/body';
import { searchClients } from '../client/search';
import { fetchCatalog } from '../lookup/catalog';
import { applyAdditionalFields, readLines, readRelated } from './draft';
import type { DteDraft } from './draft';
import { show } from './fields';

type ShopifyKind = 'order' | 'refund';

/** Input Mode of a create (or Preview Totals) that also takes a Shopify order or refund. */
export function inputModeField(operations: string[], kind: ShopifyKind): INodeProperties {
	return {
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Fields', value: 'fields', description: 'Fill in the receiver and the lines below' }, kind === 'order' ? shopifyOrderOption : shopifyRefundOption],
		default: 'fields',
		displayOptions: show(operations),
	};
}

/** The properties only the Fields mode uses (the Shopify modes take them from the order). */
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

/** Whether item `i` is in a Shopify mode (creates without an Input Mode are Fields). */
export function isShopifyMode(ctx: IExecuteFunctions, i: number): boolean {
	const mode = ctx.getNodeParameter('inputMode', i, 'fields');
	return mode === SHOPIFY_ORDER_MODE || mode === SHOPIFY_REFUND_MODE;
}

/* ------------------------------------------------------------------------------------------------ */
/* Order → draft                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

/** A buyer that must be a stored client before the create. */
export interface Buyer {
	idType: string;
	/** Digits only. */
	idNumber: string;
	name: string;
	nrc?: string;
	email?: string;
	phone?: string;
	address?: string;
}

export interface ShopifyDraft {
	draft: DteDraft;
	mapping: ShopifyMapping;
	/** Set when the receiver is a stored client still to be found (or saved). */
	buyer?: Buyer;
	policy: 'find' | 'findOrCreate';
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

/**
 * A Nota de Crédito's lines are net with IVA on the summary, like the CCF's, whatever it corrects; a
 * Factura's buyer needs no NRC and may be a final consumer, and the mapper then says that MH corrects
 * a Factura by invalidating it.
 */
function noteProfile(relatedType: string): ShopifyProfile {
	if (relatedType !== '01') return FACTUCONECT_CCF;
	return {
		...FACTUCONECT_CCF,
		label: FACTUCONECT_FACTURA.label,
		finalConsumer: FACTUCONECT_FACTURA.finalConsumer,
		requiresNrc: false,
		creditNote: FACTUCONECT_FACTURA.creditNote,
	};
}

function mapFor(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte, referenceOverride: string): ShopifyMapping {
	const settings = ctx.getNodeParameter('shopifySettings', i, {}) as IDataObject;
	const finalConsumerClientId = text(settings.finalConsumerClientId);
	const options = readShopifyOptions(ctx, i, PROVIDER, finalConsumerClientId ? { defaults: { finalConsumerClientId } } : {});
	if (tipoDte !== '05') {
		return mapShopifyOrder(ctx, i, { provider: PROVIDER, profile: tipoDte === '01' ? FACTUCONECT_FACTURA : FACTUCONECT_CCF, options, referenceOverride });
	}
	return mapShopifyRefund(ctx, i, { provider: PROVIDER, profile: noteProfile(text(ctx.getNodeParameter('relatedType', i, '03'))), options, referenceOverride });
}

/** The CCF's inline receiver from the mapped buyer, with MH's rules; the economic activity comes from its field. */
function inlineReceiver(ctx: IExecuteFunctions, i: number, mapping: ShopifyMapping, problems: ValidationProblem[], warnings: string[]): DteDraft['customer'] {
	const c = mapping.result.invoice.customer;
	const activity = text(ctx.getNodeParameter('economicActivity', i, '', { extractValue: true }));
	if (activity === '') problems.push({ path: 'economicActivity', message: "is required for a CCF (the receiver's economic activity; Shopify does not know it)" });
	const customer: NonNullable<DteDraft['customer']> = {
		idType: FACTUCONECT_CODES.idTypes.taxId,
		idNumber: checkNit(c.idNumber, 'customer.idNumber', problems) ?? '',
		nrc: checkNrc(c.nrc, 'customer.nrc', problems),
		name: c.name,
		...(activity ? { economicActivity: checkActivityCode(activity, 'economicActivity', problems) } : {}),
		...(c.department ? { department: c.department } : {}),
		...(c.municipality ? { municipality: c.municipality } : {}),
		...(c.address ? { address: c.address } : {}),
		...(c.email ? { email: c.email } : {}),
	};
	if (c.department && !/^\d{2}$/.test(c.department)) problems.push({ path: 'shopifySettings.department', message: `"${c.department}" is not an MH department code (01–14)` });
	if (c.municipality && !/^\d{2}$/.test(c.municipality)) {
		problems.push({ path: 'shopifySettings.municipality', message: `"${c.municipality}" is not an MH municipality code (two digits)` });
	}
	if (c.municipality && !c.department) problems.push({ path: 'shopifySettings.municipality', message: 'needs Default Department Code too' });
	if (c.email) checkEmail(c.email, 'customer.email', problems);
	if (c.phone) {
		// A phone Shopify holds in another format is left out rather than blocking the document.
		const phoneProblems: ValidationProblem[] = [];
		checkPhone(c.phone, 'customer.phone', phoneProblems);
		if (phoneProblems.length) warnings.push(`The phone "${c.phone}" is not in a format MH takes; it is left out.`);
		else customer.phone = c.phone;
	}
	return customer;
}

/**
 * The Shopify order (or refund) of item `i` → a DTE draft (every local problem goes to `problems`) and
 * the buyer still to be found among the stored clients. Throws, before any request, when the mapping
 * does not match the order.
 */
export function readShopifyDraft(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte, problems: ValidationProblem[]): ShopifyDraft {
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const mapping = mapFor(ctx, i, tipoDte, text(additional.externalReference));
	const { result } = mapping;
	const invoice = result.invoice;
	const draft: DteDraft = {
		tipoDte,
		lines: readLines(invoice.lines, tipoDte, problems),
		condicionOperacion: invoice.payment?.form === 'credit' ? '2' : '1',
		...(invoice.notes ? { notes: invoice.notes } : {}),
		externalReference: mapping.reference,
	};
	const policy = text(ctx.getNodeParameter('shopifyClient', i, 'findOrCreate'));
	let buyer: Buyer | undefined;
	if (tipoDte === '03') {
		draft.customer = inlineReceiver(ctx, i, mapping, problems, result.warnings);
	} else {
		const c = invoice.customer;
		const storedFinalConsumer = c.providerId ?? text((ctx.getNodeParameter('shopifySettings', i, {}) as IDataObject).finalConsumerClientId);
		if (result.customerSource === 'finalConsumer' || policy === 'finalConsumer') {
			if (result.customerSource !== 'finalConsumer') {
				result.warnings.push(`The buyer's tax ID (${c.idNumber ?? ''}) is not used: Stored Client is "Always Final Consumer".`);
				result.customerSource = 'finalConsumer';
			}
			if (storedFinalConsumer) draft.customer = { idType: '', idNumber: '', name: '', providerId: storedFinalConsumer };
			else if (tipoDte === '05') {
				problems.push({
					path: 'shopifySettings.finalConsumerClientId',
					message: 'is required: a Nota de Crédito names a stored client, and the order has no tax ID',
				});
			}
		} else {
			buyer = {
				idType: c.idType ?? '36',
				idNumber: text(c.idNumber).replace(/\D/g, ''),
				name: c.name,
				...(c.nrc ? { nrc: c.nrc } : {}),
				...(c.email ? { email: c.email } : {}),
				...(c.phone ? { phone: c.phone } : {}),
				...(c.address ? { address: c.address } : {}),
			};
		}
	}
	if (tipoDte === '05') draft.related = readRelated(ctx, i, problems);
	applyAdditionalFields(ctx, i, draft, problems);
	return { draft, mapping, buyer, policy: policy === 'find' ? 'find' : 'findOrCreate' };
}

/** Preview Totals in Shopify Order mode: the lines a Factura (01) or CCF (03) of the order would have. */
export function shopifyPreview(ctx: IExecuteFunctions, i: number, tipoDte: string, problems: ValidationProblem[]): { lines: DteDraft['lines']; mapping?: ShopifyMapping } {
	if (tipoDte !== '01' && tipoDte !== '03') {
		problems.push({ path: 'previewType', message: 'a Shopify order becomes a Factura (01) or a CCF (03)' });
		return { lines: [] };
	}
	const mapping = mapFor(ctx, i, tipoDte, '');
	return { lines: readLines(mapping.result.invoice.lines, tipoDte, problems), mapping };
}

/* ------------------------------------------------------------------------------------------------ */
/* Stored client                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

export interface StoredClient {
	id: string;
	/** Saved by this node just now. */
	created: boolean;
}

/**
 * Find-or-save in progress, per account and NIT: two orders of a new buyer processed at the same time
 * (two executions of the workflow) take turns, so the second finds the client the first saved.
 */
const turns = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const run = (turns.get(key) ?? Promise.resolve()).then(work, work);
	const done = run.then(
		() => undefined,
		() => undefined,
	);
	turns.set(key, done);
	try {
		return await run;
	} finally {
		if (turns.get(key) === done) turns.delete(key);
	}
}

/**
 * The stored client (receptor) with the buyer's NIT or DUI, found with the account's NIT/NRC search,
 * or saved first when the policy allows. Only an exact match of the digits counts.
 */
export async function storedClientFor(
	ctx: IExecuteFunctions,
	i: number,
	settings: AccountSettings,
	buyer: Buyer,
	policy: 'find' | 'findOrCreate',
	warnings: string[],
): Promise<StoredClient> {
	return await oneAtATime(`${settings.baseUrl}|${settings.uid}|${buyer.idNumber}`, async () => {
		const found = await findClient(ctx, i, settings, buyer, warnings);
		if (found) return { id: found, created: false };
		if (policy === 'find') {
			throw localError(
				ctx.getNode(),
				{
					provider: PROVIDER,
					message: `No stored client has ${ID_TYPES[buyer.idType] ?? 'NIT'} ${buyer.idNumber} (${buyer.name}); nothing was created`,
					hint: 'Save the buyer with Client → Create, or set Stored Client to "Find by NIT or DUI, Save If Missing".',
					code: 'client_not_found',
				},
				i,
			);
		}
		return await saveClient(ctx, i, settings, buyer);
	});
}

async function findClient(ctx: IExecuteFunctions, i: number, settings: AccountSettings, buyer: Buyer, warnings: string[]): Promise<string | undefined> {
	const ids = (await searchClients(ctx, settings, buyer.idNumber, i))
		.filter((r) => text(r.nit).replace(/\D/g, '') === buyer.idNumber)
		.map((r) => text(r.id))
		.filter((id) => id !== '')
		.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
	if (ids.length > 1) {
		// Several clients with one NIT are one taxpayer saved twice: the first saved is used, and said.
		warnings.push(`${ids.length} stored clients have ${ID_TYPES[buyer.idType] ?? 'NIT'} ${buyer.idNumber} (ids ${ids.join(', ')}); client ${ids[0]}, the first saved, is the receiver.`);
	}
	return ids[0];
}

async function saveClient(ctx: IExecuteFunctions, i: number, settings: AccountSettings, buyer: Buyer): Promise<StoredClient> {
	const documentType = (await fetchCatalog(ctx, 'documentTypes')).find((t) => t.codigo === buyer.idType);
	const body = clientBody({
		nombre: buyer.name,
		nit: buyer.idNumber,
		nrc: buyer.nrc,
		idTipoDocumento: documentType ? Number(documentType.id) : undefined,
		correo: buyer.email,
		telefono: buyer.phone,
		direccionComplemento: buyer.address,
	});
	const saved = await call(ctx, { method: 'POST', url: settings.baseUrl + PATHS.clientAdd, body }, { itemIndex: i, what: 'save the buyer as a client' });
	const client = dataOf(saved.body) as IDataObject | undefined;
	const id = text(client && typeof client === 'object' ? client.id : undefined);
	if (!id) {
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: "Factuconect's answer to saving the buyer as a client has no client id; nothing was created",
				hint: `Check with Client → Search by NIT/NRC (${buyer.idNumber}) whether it was saved, then run again.`,
			},
			i,
		);
	}
	return { id, created: true };
}
