/**
 * Issuing a document (invoice, credit note, debit note) so that a no-code workflow never issues it
 * twice:
 * - the create is a POST under the safe-POST rule (retried only when FacEPro certainly did not get it);
 * - after an ambiguous failure (timeout, reset, 500…) the document is looked up by fingerprint among
 *   documents created since the attempt started, and returned if found (`recovered: true`);
 * - with an External Reference, n8n's deduplication store guards the reference across executions:
 *   a second run returns the document already issued (`alreadyIssued: true`) instead of a new one.
 *   A definite failure (FacEPro refused it: 4xx other than 408/409, 503, connection refused) gives
 *   the reference back so a corrected run can issue; an unconfirmed one keeps it, and says what to check.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { colombiaDate } from '../../shared/country/colombia';
import type { ProviderErrorInfo } from '../../shared/errors';
import { localError, providerApiError } from '../../shared/errors';
import type { ApiResponse, HttpFailure } from '../../shared/http';
import { certainlyNotProcessed } from '../../shared/http';
import { releaseReference, withReference } from '../../shared/idempotency';
import { asNodeError } from '../../shared/runner';
import { SHOPIFY_ORDER_MODE, SHOPIFY_REFUND_MODE, withShopify } from '../../shared/shopify/ui';
import { documentOutput } from '../summary';
import { documentFrom, faceproRequest, parseFacEProError, PATHS, PROVIDER } from '../transport';
import type { DocumentKind } from '../wire/body';
import { faceproPathToNeutral } from '../wire/neutral';
import type { PreparedDocument } from '../wire/prepare';

import { fieldLabel, KIND_WORDS, readDocument } from './input';
import { readShopifyDocument } from './shopify';
import type { Fingerprint, LookupResult } from './lookup';
import {
	findByFingerprint,
	forgetReference,
	LOOKBACK_DAYS,
	recalledReference,
	rememberReference,
} from './lookup';

const DAY_MS = 86_400_000;

/** FacEPro certainly did not issue anything: safe to give the reference back. */
export function isDefiniteFailure(failure: HttpFailure): boolean {
	if (certainlyNotProcessed(failure)) return true;
	const status = failure.status ?? 0;
	return failure.kind === 'http' && status >= 400 && status < 500 && status !== 408 && status !== 409;
}

function fingerprintOf(document: PreparedDocument): Fingerprint {
	return {
		kind: document.kind,
		documento: document.body.adquiriente.numero_documento,
		total: document.totals.totals.total,
	};
}

/** "an invoice to JUAN PEREZ (ID 71234567) for 145775.00 COP" */
function describeFingerprint(document: PreparedDocument): string {
	const fp = fingerprintOf(document);
	const word = KIND_WORDS[document.kind];
	return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word} to ${document.body.adquiriente.razon_social} (ID ${fp.documento}) for ${fp.total.toFixed(2)} COP`;
}

/** FacEPro paths of a server 422 in the vocabulary the user typed. */
function fieldPathFor(document: PreparedDocument): ((path: string) => string) | undefined {
	if (document.source === 'facepro') return undefined;
	if (document.source === 'neutral') return faceproPathToNeutral;
	return (path) => fieldLabel(faceproPathToNeutral(path));
}

function shortFailure(failure: HttpFailure): string {
	return failure.kind === 'network' ? (failure.code ?? 'network error') : `HTTP ${failure.status}`;
}

interface Attempt {
	response?: ApiResponse;
	failure?: HttpFailure;
	/** What the lookup after an ambiguous failure found. */
	lookup?: LookupResult | 'failed';
	error?: unknown;
}

/** Sends the create once (under the safe-POST rule) and looks the document up if the answer was lost. */
async function send(ctx: IExecuteFunctions, i: number, document: PreparedDocument): Promise<Attempt> {
	const startedAt = Date.now();
	const attempt: Attempt = {};
	try {
		attempt.response = await faceproRequest(
			ctx,
			{ method: 'POST', path: PATHS.create[document.kind], body: document.body as unknown as IDataObject },
			{
				itemIndex: i,
				// Whatever keeps the reference (not definite) is looked up first: besides the shared list
				// (500, 502, 504, 408, lost connections) a 409 (undocumented; maybe "already processing")
				// and any other 5xx, such as a proxy's 520 or 524, which FacEPro may have processed.
				isAmbiguous: (failure) => !isDefiniteFailure(failure),
				errorContext: { fieldPath: fieldPathFor(document) },
				onFailure: (failure) => (attempt.failure = failure),
				recover: async (failure) => {
					attempt.failure = failure;
					const fecha = document.body.factura?.fecha;
					try {
						attempt.lookup = await findByFingerprint(ctx, i, fingerprintOf(document), {
							desde: fecha ?? colombiaDate(startedAt),
							hasta: fecha ?? colombiaDate(Date.now()),
							createdAfter: startedAt,
						});
					} catch {
						// FacEPro could not be asked either: the failure stays unconfirmed (reported below).
						attempt.lookup = 'failed';
						return undefined;
					}
					const [found, ...others] = attempt.lookup.matches;
					if (!found || others.length > 0) return undefined;
					return { statusCode: 201, headers: {}, body: { ok: true, data: found }, attempts: 1 };
				},
			},
		);
	} catch (error) {
		attempt.error = error;
	}
	return attempt;
}

function unconfirmedError(ctx: IExecuteFunctions, i: number, document: PreparedDocument, attempt: Attempt) {
	const failure = attempt.failure!;
	const reference = document.externalReference;
	const what = describeFingerprint(document);
	// What happened, without the "retry later" advice a read would get: retrying a create blindly is the risk here.
	const said = (failure.body as { error?: unknown } | undefined)?.error;
	const cause =
		failure.kind === 'network'
			? parseFacEProError(failure).message
			: `FacEPro answered HTTP ${failure.status}${typeof said === 'string' && said ? ` ("${said}")` : ''}`;
	const lookup = attempt.lookup;
	const found =
		lookup === 'failed'
			? 'FacEPro could not be asked whether it exists either.'
			: lookup && lookup.matches.length > 1
				? `FacEPro has ${lookup.matches.length} matching documents created since then (${lookup.matches
						.map((d) => String(d.numero_completo))
						.join(', ')}), so which one is this sale's cannot be told.`
				: // Every failure that is not definite was looked up (see `isAmbiguous` in send()).
					'No matching document was found in FacEPro just after the failure, but FacEPro may still be processing it.';
	const next = reference
		? `Nothing will be re-sent for External Reference "${reference}" until you check: look in FacEPro's portal for ${what} issued just now. ` +
			'If it exists, get it with Invoice → Get (its tracking ID); if not, run again with Options → Issue Again If Earlier Attempt Not Found.'
		: `Check FacEPro's portal for ${what} issued just now before running again: running again without checking may issue a second document. ` +
			'Tip: set an External Reference so the node protects this sale against duplicates.';
	const info: ProviderErrorInfo = {
		provider: PROVIDER,
		message: `FacEPro did not confirm whether the ${KIND_WORDS[document.kind]} was issued (${shortFailure(failure)})`,
		hint: `${cause}. ${found}\n${next}`,
		httpCode: failure.status,
		code: 'unconfirmed',
	};
	return providerApiError(ctx.getNode(), info, i);
}

function output(
	document: IDataObject,
	prepared: PreparedDocument,
	extra: { recovered?: boolean; alreadyIssued?: boolean; reference?: string },
	i: number,
): INodeExecutionData {
	const warnings = [...prepared.warnings];
	if (extra.recovered) {
		warnings.push("FacEPro's answer was lost; this document was found by looking it up afterwards (it was not issued twice)");
	}
	if (extra.alreadyIssued) {
		warnings.push(`Already issued earlier for External Reference "${extra.reference}"; nothing was sent again`);
	}
	const json: IDataObject = {
		...(extra.alreadyIssued ? { alreadyIssued: true } : {}),
		...(extra.reference ? { externalReference: extra.reference } : {}),
		...documentOutput(document, warnings),
		...(extra.recovered ? { recovered: true } : {}),
	};
	return { json, pairedItem: { item: i } };
}

/** One guarded send; gives the reference back only when FacEPro certainly issued nothing. */
async function issue(
	ctx: IExecuteFunctions,
	i: number,
	prepared: PreparedDocument,
	key?: string,
): Promise<INodeExecutionData> {
	const attempt = await send(ctx, i, prepared);
	if (attempt.error !== undefined || !attempt.response) {
		if (attempt.failure && !isDefiniteFailure(attempt.failure)) {
			throw unconfirmedError(ctx, i, prepared, attempt);
		}
		if (key) {
			await releaseReference(ctx, key);
			forgetReference(ctx, key);
		}
		throw asNodeError(ctx, attempt.error, i);
	}
	const document = documentFrom(attempt.response.body);
	if (!document) {
		// Accepted (2xx) but unreadable: it was most likely issued, so the reference is kept.
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `FacEPro accepted the ${KIND_WORDS[prepared.kind]} but its answer had no document in it`,
				hint: `Check FacEPro's portal for ${describeFingerprint(prepared)} before running again.`,
				httpCode: attempt.response.statusCode,
			},
			i,
		);
	}
	if (key && typeof document.tracking_id === 'string') rememberReference(ctx, key, document.tracking_id);
	return output(document, prepared, { recovered: attempt.response.recovered, reference: prepared.externalReference }, i);
}

/** Looks for what an earlier execution issued for this reference. */
async function findEarlier(
	ctx: IExecuteFunctions,
	i: number,
	prepared: PreparedDocument,
	key: string,
): Promise<LookupResult> {
	const remembered = recalledReference(ctx, key);
	if (remembered) {
		try {
			const response = await faceproRequest(ctx, { method: 'GET', path: PATHS.document(remembered) }, { itemIndex: i });
			const document = documentFrom(response.body);
			if (document) return { matches: [document], complete: true };
		} catch (error) {
			// Only a 404 means the memory is stale; anything else is a real failure to report.
			if ((error as { httpCode?: string }).httpCode !== '404') throw asNodeError(ctx, error, i);
			forgetReference(ctx, key);
		}
	}
	const now = Date.now();
	const today = colombiaDate(now);
	const fecha = prepared.body.factura?.fecha ?? today;
	const latest = fecha > today ? fecha : today;
	const earliest = colombiaDate(Date.parse(`${fecha < today ? fecha : today}T12:00:00Z`) - LOOKBACK_DAYS * DAY_MS);
	return await findByFingerprint(ctx, i, fingerprintOf(prepared), { desde: earliest, hasta: latest });
}

/** Invoice / Credit Note / Debit Note → Create. */
export async function createDocument(this: IExecuteFunctions, i: number, kind: DocumentKind): Promise<INodeExecutionData> {
	const mode = this.getNodeParameter('inputMode', i) as string;
	if (mode === SHOPIFY_ORDER_MODE || mode === SHOPIFY_REFUND_MODE) {
		const { prepared, mapping } = readShopifyDocument(this, i, kind);
		const item = await guardedIssue(this, i, kind, prepared);
		return { ...item, json: withShopify(item.json, mapping, { alreadyIssued: item.json.alreadyIssued === true }) };
	}
	return await guardedIssue(this, i, kind, readDocument(this, i, kind));
}

/** Issues a checked document, under the External Reference guard when it has a reference. */
async function guardedIssue(ctx: IExecuteFunctions, i: number, kind: DocumentKind, prepared: PreparedDocument): Promise<INodeExecutionData> {
	const reference = prepared.externalReference;
	if (!reference) return await issue(ctx, i, prepared);

	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const key = `facepro:${kind}:${reference}`;
	return await withReference(ctx, key, async (claimed) => {
		if (claimed) return await issue(ctx, i, prepared, key);

		const earlier = await findEarlier(ctx, i, prepared, key);
		if (earlier.matches.length === 1) {
			return output(earlier.matches[0], prepared, { alreadyIssued: true, reference }, i);
		}
		const what = describeFingerprint(prepared);
		if (earlier.matches.length > 1) {
			throw localError(
				ctx.getNode(),
				{
					provider: PROVIDER,
					message: `External Reference "${reference}" was already used, and FacEPro has ${earlier.matches.length} documents that match it`,
					hint:
						`Nothing was sent. Matching documents (${what}): ${earlier.matches.map((d) => String(d.numero_completo)).join(', ')}. ` +
						"Check in FacEPro's portal which one belongs to this sale and use Invoice → Get with its tracking ID.",
					code: 'reference_ambiguous',
				},
				i,
			);
		}
		if (options.issueAgainIfNotFound === true) return await issue(ctx, i, prepared, key);
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `External Reference "${reference}" was already used in this workflow, but FacEPro has no matching ${KIND_WORDS[kind]}`,
				hint:
					`Nothing was sent. An earlier run claimed this reference and did not get FacEPro's confirmation, or issued the document with different data. ` +
					`Check FacEPro's portal for ${what} in the last ${LOOKBACK_DAYS} days` +
					(earlier.complete ? '' : ' (there were too many documents to check them all here)') +
					'. If nothing was issued, turn on Options → Issue Again If Earlier Attempt Not Found and run again.',
				code: 'reference_not_found',
			},
			i,
		);
	});
}
