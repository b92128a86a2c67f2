import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { factusBaseUrl } from '../../credentials/FactusApi.credentials';
import type { DocumentSource, WatchedDocument } from '../shared/statusWatch';
import { pollStatusChanges, readWatchOptions, statusWatchProperties } from '../shared/statusWatch';

import type { Kind } from './profile';
import { KINDS, NOUNS } from './profile';
import { factusInstant, factusSummary } from './summary';
import { CREDENTIAL, pagingQuery, PATHS, PROVIDER, readListPage, request } from './transport';
import { pollRadianEvents, pollReceivedInvoices, RADIAN_KIND, radianEventTriggerProperties, RECEPTION_KIND, receivedInvoiceTriggerProperties } from './trigger/radian';
import { factusV2Summary } from './wire/v2/answer';
import type { V2Kind } from './wire/v2/profile';
import { V2_KINDS, V2_NOUNS, V2_PATHS } from './wire/v2/profile';

/** The largest page Factus serves: fewer requests per poll, so more of the rate limit is left for other work. */
const PER_PAGE = 100;

/**
 * A row of a v1 list as the engine watches it. Key: `number` (unique within a kind; the scope holds the
 * kind). Issue time: `created_at` (Colombian "dd-mm-yyyy hh:mm:ss AM", the field the list is sorted by);
 * an unreadable one fails the poll rather than watching the wrong window. Status: the summary's
 * (`status` 1 → accepted; 0 with a "Rechazo" entry in `errors` → rejected; other 0 → pending). The list
 * does not say when DIAN answered, so the engine uses the poll's time.
 */
function watched(kind: Kind, row: IDataObject): WatchedDocument | undefined {
	const key = row.number;
	if (typeof key !== 'string' || key === '') return undefined;
	return {
		key,
		issuedAt: factusInstant(row.created_at) ?? String(row.created_at),
		document: row,
		summary: factusSummary(kind, row),
	};
}

/**
 * A Factus v1 list as a DocumentSource. v1 lists have no date filter: pages come newest first and the
 * engine stops after the first page that reaches past the window. Every request goes through Factus's
 * transport, so polls share the credential's rate-limit budget with every other Factus node.
 */
export async function factusDocumentSource(ctx: IPollFunctions, kind: Kind): Promise<DocumentSource> {
	const credentials = (await ctx.getCredentials(CREDENTIAL)) as ICredentialDataDecryptedObject;
	const credentialId = ctx.getNode().credentials?.[CREDENTIAL]?.id ?? '';
	return {
		provider: PROVIDER,
		// Another kind, credential or API starts from a new baseline instead of reporting its documents as new.
		scope: `factus:${factusBaseUrl(credentials)}:${credentialId}:${kind}`,
		async readPage({ page }) {
			const response = await request(
				ctx,
				{ method: 'GET', path: PATHS.documents[kind].list, qs: pagingQuery(page, PER_PAGE) },
				{ what: NOUNS[kind] },
			);
			const { rows, hasMore } = readListPage(response.body, page);
			return {
				documents: rows.map((row) => watched(kind, row)).filter((d): d is WatchedDocument => d !== undefined),
				hasMore,
			};
		},
	};
}

/** A row of a v2 list as the engine watches it: as v1, with v2's status (`is_validated`, `errors`). */
function watchedV2(kind: V2Kind, row: IDataObject): WatchedDocument | undefined {
	const key = row.number;
	if (typeof key !== 'string' || key === '') return undefined;
	return { key, issuedAt: factusInstant(row.created_at) ?? String(row.created_at), document: row, summary: factusV2Summary(kind, row) };
}

/**
 * A Factus v2 list as a DocumentSource: the same paging as v1 (newest first), `/v2/…` paths. The scope
 * names the API, so a trigger switched from version 1 to 2 starts from a new baseline.
 */
export async function factusV2DocumentSource(ctx: IPollFunctions, kind: V2Kind): Promise<DocumentSource> {
	const credentials = (await ctx.getCredentials(CREDENTIAL)) as ICredentialDataDecryptedObject;
	const credentialId = ctx.getNode().credentials?.[CREDENTIAL]?.id ?? '';
	return {
		provider: PROVIDER,
		scope: `factus:v2:${factusBaseUrl(credentials)}:${credentialId}:${kind}`,
		async readPage({ page }) {
			const response = await request(ctx, { method: 'GET', path: V2_PATHS.documents[kind].list, qs: pagingQuery(page, PER_PAGE) }, { what: V2_NOUNS[kind] });
			const { rows, hasMore } = readListPage(response.body, page);
			return { documents: rows.map((row) => watchedV2(kind, row)).filter((d): d is WatchedDocument => d !== undefined), hasMore };
		},
	};
}

/** The trigger's parameters (both versions). */
const PROPERTIES: INodeProperties[] = [
	{
		displayName:
			"Checks Factus's documents of one kind issued within the look-back window on every poll and starts the workflow once per change, with the document, its previous status and its new status",
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { documentKind: [RADIAN_KIND, RECEPTION_KIND] } },
	},
	{
		displayName: 'Document Kind',
		name: 'documentKind',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Bills', value: 'bill', description: 'Electronic sales invoices (facturas electrónicas)' },
			{ name: 'Credit Notes', value: 'creditNote' },
			{ name: 'Support Documents', value: 'supportDocument', description: 'Documentos soporte for purchases from sellers who do not invoice' },
		],
		default: 'bill',
		description: 'Which Factus list to watch. Watching another kind as well takes a second trigger.',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Document Kind',
		name: 'documentKind',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Adjustment Notes', value: 'adjustmentNote', description: 'Notas de ajuste of support documents' },
			{ name: 'Bills', value: 'bill', description: 'Electronic sales invoices (facturas electrónicas)' },
			{ name: 'Credit Notes', value: 'creditNote' },
			{ name: 'Debit Notes', value: 'debitNote' },
			{ name: 'RADIAN Events on Bills', value: RADIAN_KIND, description: 'Your buyers acknowledge, receive, claim or accept your bills' },
			{ name: 'Received Invoices', value: RECEPTION_KIND, description: 'Supplier invoices that arrive in your Factus reception' },
			{ name: 'Support Documents', value: 'supportDocument', description: 'Documentos soporte for purchases from sellers who do not invoice' },
		],
		default: 'bill',
		description: 'Which Factus list (API v2) to watch. Watching another kind as well takes a second trigger.',
		displayOptions: { show: { '@version': [2] } },
	},
	...statusWatchProperties().map((property) => ({ ...property, displayOptions: { ...property.displayOptions, hide: { documentKind: [RADIAN_KIND, RECEPTION_KIND] } } })),
	...radianEventTriggerProperties({ show: { '@version': [2], documentKind: [RADIAN_KIND] } }),
	...receivedInvoiceTriggerProperties({ show: { '@version': [2], documentKind: [RECEPTION_KIND] } }),
];

/** The names of the options of the properties called `name`, by value (every version's options merged). */
function optionNames(properties: INodeProperties[], ...names: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const property of properties) {
		if (!names.includes(property.name)) continue;
		for (const option of (property.options ?? []) as INodePropertyOptions[]) out[String(option.value)] = option.name;
	}
	return out;
}

/**
 * The canvas subtitle, with the names the user chose from ("Bills — on: Accepted, Rejected"), not the
 * values. A parameter a saved node lacks falls back to its default (Bills, new documents); a value with
 * no name (an expression's result) is shown as it is.
 */
export function triggerSubtitle(properties: INodeProperties[]): string {
	const kinds = JSON.stringify(optionNames(properties, 'documentKind'));
	const events = JSON.stringify({ new: 'New', ...optionNames(properties, 'triggerOn', 'radianEvents') });
	const kind = `(${kinds})[$parameter["documentKind"] || "bill"] || $parameter["documentKind"]`;
	const on = `[].concat($parameter["triggerOn"] || $parameter["radianEvents"] || ["new"]).map((e) => (${events})[e] || e).join(", ")`;
	return `={{ (${kind}) + " — on: " + ${on} }}`;
}

/**
 * Starts a workflow when Factus bills, credit notes or support documents are issued or DIAN accepts or
 * rejects them, by polling Factus's lists (see nodes/shared/statusWatch.ts for what the engine guarantees).
 * Version 1 watches the v1 lists (saved workflows keep it); version 2, the default, watches the v2 lists,
 * where debit notes and adjustment notes exist too.
 */
export class FactusTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Factus Trigger',
		name: 'factusTrigger',
		icon: { light: 'file:factus.svg', dark: 'file:factus.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: triggerSubtitle(PROPERTIES),
		// n8n shows the trigger's description on the node's one entry in the node panel (its actions and this
		// trigger merged): it describes the whole node, as the action node's own description does.
		description: 'Issue Colombian electronic bills, credit and debit notes and support documents to DIAN with Factus, and start workflows when DIAN accepts or rejects one',
		defaults: { name: 'Factus Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		properties: PROPERTIES,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getNode().typeVersion >= 2) {
			const watch = this.getNodeParameter('documentKind', 'bill');
			if (watch === RADIAN_KIND) return await pollRadianEvents(this);
			if (watch === RECEPTION_KIND) return await pollReceivedInvoices(this);
		}
		// Options first: a misconfigured trigger fails before any request.
		const options = readWatchOptions(this);
		if (this.getNode().typeVersion >= 2) {
			const kindV2 = this.getNodeParameter('documentKind', 'bill') as V2Kind;
			if (!V2_KINDS.includes(kindV2)) {
				throw new NodeOperationError(this.getNode(), `Unknown document kind "${String(kindV2)}"`, {
					description: 'Choose Bills, Credit Notes, Debit Notes, Support Documents or Adjustment Notes.',
				});
			}
			return await pollStatusChanges(this, await factusV2DocumentSource(this, kindV2), options);
		}
		const kind = this.getNodeParameter('documentKind', 'bill') as Kind;
		if (!KINDS.includes(kind)) {
			throw new NodeOperationError(this.getNode(), `Unknown document kind "${String(kind)}"`, {
				description: 'Choose Bills, Credit Notes or Support Documents.',
			});
		}
		return await pollStatusChanges(this, await factusDocumentSource(this, kind), options);
	}
}
