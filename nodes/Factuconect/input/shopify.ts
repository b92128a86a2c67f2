/**
 * Factuconect in the Shopify input modes: Create Factura (01), Create CCF (03) and Preview Totals from a
 * Shopify order, Create Credit Note (05) from a Shopify refund. The mapping is shared
 * (nodes/shared/shopify/ui.ts); here: the mapped invoice → what `checkDocument` checks, the receiver in
 * Factuconect's terms, and the stored client (idCliente) a Factura or a note to an identified buyer
 * needs — found or saved only when the DTE is actually sent (after the External Reference is held).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { localError } from '../../shared/errors';
import type { ValidationProblem } from '../../shared/errors';
import type { Problems } from '../../shared/invoice/problems';
import type { ShopifyProfile } from '../../shared/shopify/profile';
import type { ShopifyMapping } from '../../shared/shopify/ui';
import { mapShopifyOrder, mapShopifyRefund, readShopifyOptions, SHOPIFY_ORDER_MODE, SHOPIFY_REFUND_MODE } from '../../shared/shopify/ui';
import { FACTUCONECT_CCF, FACTUCONECT_FACTURA } from '../profile';
import { dataOf, fetchCatalog, PATHS, PROVIDER, request, searchClients } from '../transport';
import type { AccountSettings } from '../transport';
import { clientBody } from '../wire/client';
import { checkPhone, ID_TYPES } from '../wire/rules';
import type { DteCandidate, Naming, TipoDte } from '../wire/rules';
import { readAdditional, readRelated } from './fields';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

/** Whether item `i` is in a Shopify mode. */
export function isShopifyMode(ctx: IExecuteFunctions, i: number): boolean {
	const mode = ctx.getNodeParameter('inputMode', i, 'fields');
	return mode === SHOPIFY_ORDER_MODE || mode === SHOPIFY_REFUND_MODE;
}

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

export interface ShopifyRead {
	candidate: DteCandidate;
	naming: Naming;
	mapping: ShopifyMapping;
	/** Set when the receiver is a stored client still to be found (or saved) when the DTE is sent. */
	buyer?: Buyer;
	policy: 'find' | 'findOrCreate';
}

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

/** How the Shopify modes name the fields they take from the node rather than from the order. */
const SHOPIFY_NAMING: Naming = {
	label: (path) =>
		({
			'customer.economicActivity': 'economicActivity',
			'customer.department': 'shopifySettings.department',
			'customer.municipality': 'shopifySettings.municipality',
			'related.documentType': 'relatedType',
			'related.authorityId': 'relatedCode',
			'related.issueDate': 'relatedDate',
			'customer.providerId': 'shopifySettings.finalConsumerClientId',
			codigoGeneracion: 'additionalFields.codigoGeneracion',
			condicionOperacion: 'additionalFields.condicionOperacion',
		})[path],
	missing: { 'customer.economicActivity': 'Shopify does not know it' },
};

/** The CCF's inline receiver from the mapped buyer; the economic activity comes from its field. */
function inlineReceiver(ctx: IExecuteFunctions, i: number, mapping: ShopifyMapping, warnings: string[]): IDataObject {
	const c = mapping.result.invoice.customer;
	const customer: IDataObject = {
		idNumber: c.idNumber,
		nrc: c.nrc,
		name: c.name,
		economicActivity: text(ctx.getNodeParameter('economicActivity', i, '', { extractValue: true })),
		department: c.department,
		municipality: c.municipality,
		address: c.address,
		email: c.email,
	};
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
 * The Shopify order (or refund) of item `i` → what `checkDocument` checks, and the buyer still to be
 * found among the stored clients. Throws, before any request, when the mapping does not match the order.
 */
export function readShopify(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte, problems: Problems): ShopifyRead {
	const additional = readAdditional(ctx, i);
	const mapping = mapFor(ctx, i, tipoDte, additional.externalReference ?? '');
	const { result } = mapping;
	const { customer: mapped, ...rest } = result.invoice;
	const invoice: IDataObject = { lines: rest.lines as unknown as IDataObject[], externalReference: mapping.reference };
	if (rest.notes) invoice.notes = rest.notes;
	if (additional.notes) invoice.notes = additional.notes;
	const policy = text(ctx.getNodeParameter('shopifyClient', i, 'findOrCreate'));
	let buyer: Buyer | undefined;
	let clientMissing = false;
	if (tipoDte === '03') {
		invoice.customer = inlineReceiver(ctx, i, mapping, result.warnings);
	} else {
		const storedFinalConsumer = mapped.providerId ?? text((ctx.getNodeParameter('shopifySettings', i, {}) as IDataObject).finalConsumerClientId);
		if (result.customerSource === 'finalConsumer' || policy === 'finalConsumer') {
			if (result.customerSource !== 'finalConsumer') {
				result.warnings.push(`The buyer's tax ID (${mapped.idNumber ?? ''}) is not used: Stored Client is "Always Final Consumer".`);
				result.customerSource = 'finalConsumer';
			}
			if (!storedFinalConsumer && tipoDte === '05') {
				problems.add('customer.providerId', 'is required: a Nota de Crédito names a stored client, and the order has no tax ID', {
					label: 'shopifySettings.finalConsumerClientId',
					providerPath: 'idCliente',
				});
				clientMissing = true;
			}
			invoice.customer = storedFinalConsumer ? { providerId: storedFinalConsumer } : {};
		} else {
			buyer = {
				idType: mapped.idType ?? '36',
				idNumber: text(mapped.idNumber).replace(/\D/g, ''),
				name: mapped.name,
				...(mapped.nrc ? { nrc: mapped.nrc } : {}),
				...(mapped.email ? { email: mapped.email } : {}),
				...(mapped.phone ? { phone: mapped.phone } : {}),
				...(mapped.address ? { address: mapped.address } : {}),
			};
			invoice.customer = { name: buyer.name };
		}
	}
	if (tipoDte === '05') invoice.related = readRelated(ctx, i);
	const candidate: DteCandidate = {
		tipoDte,
		invoice,
		// A line worth 0 here is the order's own (a free gift, a 100 % discount), not a price left out.
		zeroValueAllowed: true,
		condicionOperacion: additional.condicionOperacion ?? (result.invoice.payment?.form === 'credit' ? '2' : '1'),
		...(additional.codigoGeneracion !== undefined ? { codigoGeneracion: additional.codigoGeneracion } : {}),
	};
	return {
		candidate,
		naming: { ...SHOPIFY_NAMING, clientLater: buyer !== undefined || clientMissing },
		mapping,
		buyer,
		policy: policy === 'find' ? 'find' : 'findOrCreate',
	};
}

/** Preview Totals in Shopify Order mode: the lines a Factura (01) or CCF (03) of the order would have. */
export function shopifyPreview(ctx: IExecuteFunctions, i: number, tipoDte: string, problems: Problems): { lines: unknown[]; mapping?: ShopifyMapping } {
	if (tipoDte !== '01' && tipoDte !== '03') {
		problems.add('previewType', 'a Shopify order becomes a Factura (01) or a CCF (03)');
		return { lines: [] };
	}
	const mapping = mapFor(ctx, i, tipoDte, '');
	return { lines: mapping.result.invoice.lines, mapping };
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
	const saved = await request(ctx, { method: 'POST', url: settings.baseUrl + PATHS.clientAdd, body }, { itemIndex: i, what: 'save the buyer as a client' });
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
