import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { colombiaDate } from '../shared/country/colombia';
import type { RetryRule } from '../shared/http';
import type { DocumentSource, WatchedDocument } from '../shared/statusWatch';
import { pollStatusChanges, readWatchOptions, statusWatchProperties } from '../shared/statusWatch';

import { faceproSummary } from './summary';
import { baseUrlOf, CREDENTIAL, documentFrom, isLastListPage, listPage, PATHS, PROVIDER, request } from './transport';

/** FacEPro's largest page: fewer requests per poll. */
const PER_PAGE = 100;

/**
 * A failed poll changes nothing and the next poll reads again, so a poll retries a blip briefly
 * instead of holding on for the action node's longer backoff.
 */
const LIST_RETRY: RetryRule = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 2000 };

/** A refresh that fails leaves its document pending until its next turn: not worth waiting for. */
const REFRESH_RETRY: RetryRule = { maxAttempts: 1 };

/**
 * A FacEPro document as the engine watches it. Key: `tracking_id`. Issue time: `fecha_emision` (ISO
 * with -05:00, the field the list is sorted by). Status: the summary's (`aceptado` → accepted,
 * `rechazado`/`fallido` → rejected, `pendiente` → pending). FacEPro gives no time of the status
 * change, so the engine uses the poll's time.
 */
function watched(document: IDataObject): WatchedDocument | undefined {
	const key = document.tracking_id;
	if (typeof key !== 'string' || key === '') return undefined;
	return {
		key,
		issuedAt: (document.fecha_emision ?? document.created_at) as string,
		document,
		summary: faceproSummary(document),
	};
}

const documentsOf = (documents: IDataObject[]): WatchedDocument[] =>
	documents.map(watched).filter((d): d is WatchedDocument => d !== undefined);

/**
 * FacEPro as a DocumentSource: GET /documentos (newest first) from the window's Colombian date, and
 * GET /documentos/{tracking_id}/consultar to ask DIAN again about a pending document.
 */
export async function faceproDocumentSource(ctx: IPollFunctions): Promise<DocumentSource> {
	const baseUrl = await baseUrlOf(ctx);
	const credentialId = ctx.getNode().credentials?.[CREDENTIAL]?.id ?? '';
	return {
		provider: PROVIDER,
		// Another credential (company) or FacEPro instance starts from a new baseline instead of
		// reporting the other company's documents as new.
		scope: `facepro:${baseUrl}:${credentialId}`,
		async readPage({ page, since }) {
			const qs: IDataObject = { per_page: PER_PAGE, page };
			// `desde` is a date (inclusive) in Colombia: the engine drops the part of that day before `since`.
			if (since) qs.desde = colombiaDate(since.getTime());
			const response = await request(ctx, { method: 'GET', path: PATHS.documents, qs }, { retry: LIST_RETRY });
			// An answer that is not FacEPro's list fails the poll (which changes no state), never reads as "no documents".
			const result = listPage(ctx, response, page);
			return { documents: documentsOf(result.documents), hasMore: !isLastListPage(result, PER_PAGE) };
		},
		async refresh(doc) {
			const response = await request(
				ctx,
				{ method: 'GET', path: PATHS.refresh(doc.key) },
				{ retry: REFRESH_RETRY, errorContext: { subject: `document with tracking ID ${doc.key}` } },
			);
			const document = documentFrom(response.body);
			return document ? watched(document) : undefined;
		},
	};
}

/**
 * Starts a workflow when FacEPro Cloud documents are issued or DIAN accepts or rejects them, by
 * polling FacEPro's document list (see nodes/shared/statusWatch.ts for what the engine guarantees).
 */
export class FacEProTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FacEPro Cloud Trigger',
		name: 'facEProTrigger',
		icon: { light: 'file:facepro.svg', dark: 'file:facepro.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On: " + ($parameter["triggerOn"] || []).join(", ")}}',
		// n8n shows the trigger's description on the node's one entry in the node panel (its actions and this
		// trigger merged): it describes the whole node, as the action node's own description does.
		description: 'Issue Colombian electronic invoices and notes to DIAN with FacEPro Cloud, and start workflows when DIAN accepts or rejects one',
		defaults: { name: 'FacEPro Cloud Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'facEProApi', required: true }],
		properties: [
			{
				displayName:
					"Checks FacEPro's invoices and notes issued within the look-back window on every poll and starts the workflow once per change, with the document, its previous status and its new status. A pending document only changes when FacEPro asks DIAN again (/consultar): keep Refresh Pending Documents While Polling on unless another workflow does that.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			// FacEPro annuls a document with a credit note; it has no voided status.
			...statusWatchProperties({ refreshPending: true, neverReached: ['voided'] }),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// Options first: a misconfigured trigger fails before any request.
		const options = readWatchOptions(this);
		return await pollStatusChanges(this, await faceproDocumentSource(this), options);
	}
}
