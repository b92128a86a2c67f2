/**
 * Factuconect's hooks for the shared issue protocol (nodes/shared/issue.ts) and the create operations'
 * spec (nodes/shared/pipeline.ts).
 *
 * The key chosen before sending is the codigoGeneracion the node proposes — MH's primary key of a DTE.
 * With an External Reference it is derived from the reference, the DTE type and the issuer account
 * (uid, idSucursal, ambiente), so every attempt for one sale, in any execution or worker, proposes the
 * same code; Factuconect refuses a second DTE with a code it already has [assumed, see
 * docs/factuconect.md], and that refusal — not the External Reference store — is what makes a duplicate
 * impossible. Without a reference the code is random (a new run is a new sale).
 *
 * The lookup by that code has no side effect: Factuconect's printable view of the DTE (public, no token)
 * shows it with its numeroControl, or answers 404. When the view cannot tell and the user asked to send
 * to Hacienda now, the send itself asks: MH's answer (or 004) proves the DTE, Factuconect's "does not
 * exist" proves its absence. Without "Send to Hacienda Now" a lookup never sends anything to MH.
 */
import { createHash, randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { failureOf } from '../shared/http';
import type { ApiResponse, HttpFailure } from '../shared/http';
import { Problems } from '../shared/invoice/problems';
import type { DocumentProof, IssueHooks, IssueOutcome, Lookup } from '../shared/issue';
import { markDefinite, unprovenAnswer } from '../shared/issue';
import type { CreateSpec, Prepared } from '../shared/pipeline';
import { asNodeError } from '../shared/runner';
import { withSummary } from '../shared/summary';

import { fieldNaming, readAdditional, readAdjustments, readFields } from './input/fields';
import { additionalJson, readJsonInvoice } from './input/json';
import { isShopifyMode, readShopify, storedClientFor } from './input/shopify';
import type { Buyer, ShopifyRead, StoredClient } from './input/shopify';
import { mhOutputFields, readSendSettings, rejectionError, sendToMh } from './mh';
import type { SendResult, SendSettings } from './mh';
import { dteSummary, mhStatus } from './summary';
import { accountSettings, dataOf, documentAccount, parseError, PATHS, PROVIDER, readMhAnswer, request } from './transport';
import type { AccountSettings } from './transport';
import { checkDocument, DTE_TYPES } from './wire/rules';
import type { DteCandidate, Naming, TipoDte } from './wire/rules';
import { dteTotals } from './wire/totals';
import { deepMerge, readCreated, readView, toBody } from './wire/toBody';
import type { CreatedDte, DteDocument, ViewFacts } from './wire/toBody';

/** What a create reads and checks before anything is sent, and what it learns while issuing. */
export interface DtePrepared extends Prepared<IDataObject> {
	tipoDte: TipoDte;
	settings: AccountSettings;
	document: DteDocument;
	/** Additional Fields (JSON), merged into the body last. */
	extra: IDataObject;
	send: SendSettings & { now: boolean };
	proposeCode: boolean;
	/** A Shopify buyer whose stored client is found (or saved) when the DTE is sent. */
	buyer?: { buyer: Buyer; policy: 'find' | 'findOrCreate' };
	/** Facts of this item's issue (kept per item: items may be issued in parallel). */
	trace: {
		account?: AccountSettings;
		code?: string;
		client?: StoredClient;
		/** The view that proved the DTE. */
		view?: ViewFacts;
		/** MH's answer to the send that proved the DTE (so it is not sent again). */
		probe?: SendResult;
		/** Why the create's answer proved nothing (for the output's words when the DTE was found). */
		lost?: string;
	};
}

const english = (tipoDte: TipoDte) => DTE_TYPES[tipoDte].english;

/* ------------------------------------------------------------------------------------------------ */
/* The key                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

/**
 * The codigoGeneracion of a sale: a UUID-v4-shaped, uppercase value (version and variant bits set, as
 * MH's format requires) from a SHA-256 of the External Reference, the DTE type and the issuer account.
 */
export function referenceCode(reference: string, tipoDte: TipoDte, account: Pick<AccountSettings, 'uid' | 'idSucursal' | 'ambiente'>): string {
	const hex = createHash('sha256')
		.update(['factuconect-dte', account.ambiente, account.uid, account.idSucursal, tipoDte, reference].join('\u001f'))
		.digest('hex')
		.slice(0, 32)
		.split('');
	hex[12] = '4';
	hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	const h = hex.join('').toUpperCase();
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The code the create proposes, and whether every attempt for this sale proposes the same one. */
function chooseCode(prepared: DtePrepared, account: AccountSettings): { code?: string; stable: boolean } {
	const fromJson = prepared.extra.codigoGeneracion;
	// The user's keys win: a code in Additional Fields (JSON) is what Factuconect receives.
	if (typeof fromJson === 'string' && fromJson.trim() !== '') return { code: fromJson.trim(), stable: true };
	if (prepared.document.codigoGeneracion) return { code: prepared.document.codigoGeneracion, stable: true };
	if (!prepared.proposeCode) return { stable: false };
	const reference = prepared.document.invoice.externalReference;
	if (reference) return { code: referenceCode(reference, prepared.tipoDte, account), stable: true };
	return { code: randomUUID().toUpperCase(), stable: false };
}

/** Factuconect refusing a second DTE with a codigoGeneracion it has [assumed: 409, or a 400/422 that says so]. */
export function isDuplicateCode(failure: HttpFailure): boolean {
	if (failure.kind !== 'http') return false;
	if (failure.status === 409) return true;
	if (failure.status !== 400 && failure.status !== 422) return false;
	const said = JSON.stringify(failure.body ?? '').toLowerCase();
	return /codigo_?generaci[oó]n/.test(said) && /(ya existe|duplicad|already exists|duplicate)/.test(said);
}

/* ------------------------------------------------------------------------------------------------ */
/* Lookup                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

type ViewLookup = { outcome: 'found'; facts: ViewFacts } | { outcome: 'absent' } | { outcome: 'unknown'; reason: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Factuconect's printable view of the DTE, read without the token (it is public). */
async function viewLookup(ctx: IExecuteFunctions, i: number, prepared: DtePrepared, code: string): Promise<ViewLookup> {
	const account = prepared.trace.account ?? prepared.settings;
	let answer: ApiResponse;
	try {
		answer = await request(
			ctx,
			{ method: 'GET', url: `${account.viewBaseUrl}${PATHS.view}`, qs: { id: code }, headers: { Accept: 'text/html' }, timeoutMs: prepared.send.timeoutMs },
			{ itemIndex: i, what: `open the view of DTE ${code}`, anonymous: true },
		);
	} catch (error) {
		const failure = failureOf(error);
		if (failure?.kind === 'http' && failure.status === 404) return { outcome: 'absent' };
		return { outcome: 'unknown', reason: `opening its view failed (${messageOf(error)})` };
	}
	if (answer.bodyKind !== 'text' || typeof answer.body !== 'string') {
		return { outcome: 'unknown', reason: `its view answered HTTP ${answer.statusCode} without a page` };
	}
	const read = readView(answer.body, code, prepared.tipoDte);
	return 'facts' in read ? { outcome: 'found', facts: read.facts } : { outcome: 'unknown', reason: read.unknown };
}

function proofFrom(prepared: DtePrepared, code: string): DocumentProof {
	const view = prepared.trace.view;
	return {
		authorityId: code,
		number: view?.numeroControl ?? null,
		document: { codigoGeneracion: code, tipoDte: prepared.tipoDte, ...(view ? { numeroControl: view.numeroControl } : {}) },
	};
}

/** The lookup by the proposed code (see the file comment). */
async function lookupByCode(ctx: IExecuteFunctions, i: number, prepared: DtePrepared, code: string | undefined, stable: boolean): Promise<Lookup> {
	if (!code) {
		return { outcome: 'unknown', reason: 'no codigoGeneracion was proposed (Options → Propose codigoGeneracion is off), so Factuconect cannot be asked for this DTE' };
	}
	const view = await viewLookup(ctx, i, prepared, code);
	if (view.outcome === 'found') {
		// A DTE that does not total what this sale totals is another sale's (or this sale changed): never picked.
		const expected = dteTotals(prepared.tipoDte, prepared.document.invoice.lines, prepared.document.adjustments).totalPagar;
		if (view.facts.totalPagar !== undefined && !expected.eq(view.facts.totalPagar)) {
			return {
				outcome: 'unknown',
				reason:
					`Factuconect's DTE ${code} totals ${view.facts.totalPagar.toFixed(2)} USD but this sale totals ${expected.toFixed(2)} USD: ` +
					'its External Reference was used for another sale, or the sale changed since',
			};
		}
		prepared.trace.view = view.facts;
		return { outcome: 'found', proof: proofFrom(prepared, code) };
	}
	// A wrong "absent" costs nothing when the code is the sale's: Factuconect refuses it a second time.
	if (view.outcome === 'absent' && stable) return { outcome: 'absent' };
	if (prepared.send.now) {
		try {
			const sent = await sendToMh(ctx, i, prepared.trace.account ?? prepared.settings, code, { timeoutMs: prepared.send.timeoutMs, probe: true });
			if (!sent) return { outcome: 'absent' };
			prepared.trace.probe = sent;
			return { outcome: 'found', proof: proofFrom(prepared, code) };
		} catch (error) {
			return { outcome: 'unknown', reason: `sending codigoGeneracion ${code} to MH to find out failed too (${messageOf(error)})` };
		}
	}
	return view.outcome === 'absent'
		? { outcome: 'unknown', reason: `Factuconect's view has no DTE ${code} (HTTP 404), which alone does not prove that it was not created` }
		: view;
}

/** How a person checks by hand. */
function howToCheck(prepared: DtePrepared, code: string | undefined): string {
	const noun = english(prepared.tipoDte);
	if (!code) return `Look in Factuconect for a ${noun} created just now with these lines before creating it again.`;
	const account = prepared.trace.account ?? prepared.settings;
	return (
		`Open ${account.viewBaseUrl}${PATHS.view}?id=${code}: if it shows the ${noun} with a numeroControl, Factuconect has it ` +
		`(Send to Hacienda with codigoGeneracion ${code} sends it to MH, or answers 004 if MH already has it); if Factuconect has no such DTE, it was not created.`
	);
}

/* ------------------------------------------------------------------------------------------------ */
/* Hooks                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** The body, with the Shopify buyer's stored client found (or saved) first — a step that creates no DTE. */
async function bodyFor(ctx: IExecuteFunctions, i: number, prepared: DtePrepared, account: AccountSettings, code: string | undefined): Promise<IDataObject> {
	let document = prepared.document;
	if (prepared.buyer) {
		const { buyer, policy } = prepared.buyer;
		const warnings = prepared.shopify?.result.warnings ?? [];
		let client: StoredClient;
		try {
			client = await storedClientFor(ctx, i, account, buyer, policy, warnings);
		} catch (error) {
			// No DTE was asked for: the External Reference is given back.
			throw markDefinite(asNodeError(ctx, error, i));
		}
		prepared.trace.client = client;
		if (client.created) warnings.push(`The buyer (${buyer.name}, ${buyer.idNumber}) was saved as Factuconect client ${client.id}.`);
		const customer = { idType: buyer.idType, idNumber: buyer.idNumber, name: buyer.name, providerId: client.id };
		document = { ...document, invoice: { ...document.invoice, customer } };
	}
	return deepMerge(toBody(document, account, code), prepared.extra);
}

export async function dteHooks(ctx: IExecuteFunctions, i: number, prepared: DtePrepared): Promise<IssueHooks> {
	const account = await documentAccount(ctx, i, prepared.settings);
	prepared.trace.account = account;
	const { code, stable } = chooseCode(prepared, account);
	prepared.trace.code = code;
	const noun = english(prepared.tipoDte);
	const what = `create the ${noun}`;
	return {
		provider: PROVIDER,
		noun,
		key: code ? `codigoGeneracion ${code}` : 'a codigoGeneracion (none was proposed)',
		keyIsUnique: stable && code !== undefined,
		howToCheck: howToCheck(prepared, code),
		send: async () => {
			const body = await bodyFor(ctx, i, prepared, account, code);
			const url = account.baseUrl + PATHS.create[prepared.tipoDte as keyof typeof PATHS.create];
			return await request(ctx, { method: 'POST', url, body, timeoutMs: prepared.send.timeoutMs }, { itemIndex: i, what, parseError: (failure) => parseError(failure, what, 'cause') }).catch(
				(error: unknown) => {
					prepared.trace.lost = messageOf(error);
					throw error;
				},
			);
		},
		prove: (answer) => {
			const created = answer.bodyKind === 'json' ? readCreated(dataOf(answer.body)) : undefined;
			if (!created) prepared.trace.lost = unprovenAnswer(PROVIDER, answer);
			return created ? { authorityId: created.codigoGeneracion, number: created.numeroControl ?? null, document: created } : undefined;
		},
		lookup: async () => await lookupByCode(ctx, i, prepared, code, stable),
		isDuplicate: isDuplicateCode,
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Output                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/**
 * Says what had already happened before a failed step (e.g. "the Factura was created"), keeping the
 * step's own details (fields, hint, HTTP code) as they are, so they are not listed twice.
 */
function explainFailure(ctx: IExecuteFunctions, i: number, failure: unknown, before: string, advice: string): NodeApiError | NodeOperationError {
	const error = asNodeError(ctx, failure, i);
	error.message = `${before}: ${error.message}`;
	error.description = [error.description, advice].filter((part) => part).join('\n\n');
	return error;
}

/** The document's fields as the output shows them: the create's answer, or what the view showed. */
function documentFields(outcome: IssueOutcome, prepared: DtePrepared): IDataObject {
	const view = outcome.how === 'issued' ? undefined : prepared.trace.view;
	const fields: IDataObject = outcome.how === 'issued' ? { ...(outcome.proof.document as CreatedDte) } : { codigoGeneracion: outcome.proof.authorityId };
	if (view) {
		fields.numeroControl = view.numeroControl;
		if (view.fecEmi) fields.fecEmi = view.fecEmi;
		if (view.totalPagar !== undefined) fields.totalPagar = view.totalPagar;
		if (view.estado) fields.estado = view.estado;
	}
	delete fields.mh;
	fields.tipoDte ??= prepared.tipoDte;
	const reference = prepared.document.invoice.externalReference;
	if (reference) fields.externalReference = reference;
	if (prepared.trace.client) fields.idCliente = prepared.trace.client.id;
	if (outcome.alreadyIssued) fields.alreadyIssued = true;
	return fields;
}

function outcomeWarnings(outcome: IssueOutcome, prepared: DtePrepared, fields: IDataObject): string[] {
	const warnings: string[] = [];
	const proposed = prepared.trace.code;
	if (outcome.how === 'issued' && proposed && fields.codigoGeneracion !== proposed) {
		warnings.push(`Factuconect assigned codigoGeneracion ${String(fields.codigoGeneracion)} instead of the proposed ${proposed}`);
	}
	if (outcome.how === 'recovered') {
		// The protocol's note in Factuconect's words: what was lost, and what is not known then.
		const lost = prepared.trace.lost ? ` (${prepared.trace.lost})` : '';
		const unknown = fields.numeroControl ? '' : '; its numeroControl and totals are not known here';
		warnings.push(`Factuconect's answer to the create was lost${lost}; the DTE was found by its codigoGeneracion ${String(fields.codigoGeneracion)} and is returned instead of being created again${unknown}`);
	} else if (outcome.note) {
		warnings.push(outcome.note);
	}
	return warnings;
}

/** Sends to MH after the create when asked, unless MH's answer is already known; then the item. */
export async function dteOutput(ctx: IExecuteFunctions, i: number, outcome: IssueOutcome, prepared: DtePrepared): Promise<IDataObject> {
	const { tipoDte } = prepared;
	const account = prepared.trace.account ?? prepared.settings;
	const code = outcome.proof.authorityId;
	const fields = documentFields(outcome, prepared);
	const view = outcome.how === 'issued' ? undefined : prepared.trace.view;
	const facts = {
		account,
		codigoGeneracion: code,
		tipoDte,
		numeroControl: fields.numeroControl as string | undefined,
		fecEmi: fields.fecEmi as string | undefined,
		total: fields.totalPagar,
		selloRecibido: view?.selloRecibido ?? null,
		warnings: outcomeWarnings(outcome, prepared, fields),
		...(prepared.document.adjustments?.rentaRate !== undefined
			? { withheld: { incomeTax: dteTotals(tipoDte, prepared.document.invoice.lines, prepared.document.adjustments).reteRenta.toNumber() } }
			: {}),
	};

	// An answer that already carries MH's verdict (Factuconect's own "Create + Send", or the probe) is not sent again.
	const created = outcome.how === 'issued' ? (outcome.proof.document as CreatedDte) : undefined;
	const inline = created?.mh ? readMhAnswerOf(created.mh) : undefined;
	let sent: SendResult | undefined = (outcome.how === 'issued' ? undefined : prepared.trace.probe) ?? inline;
	// The view shows MH's stamp (or a void): MH has it, there is nothing to send.
	const settled = view !== undefined && (view.selloRecibido !== undefined || view.estado === 'PROCESADO' || view.estado === 'ANULADO');
	const estado = (fields.estado as string | undefined) ?? (view?.selloRecibido ? 'PROCESADO' : 'PENDIENTE');
	if (!sent && (!prepared.send.now || settled)) {
		if (view && !view.selloRecibido && !view.estado) {
			facts.warnings.push(`MH's state of this DTE is not known here: Send to Hacienda with codigoGeneracion ${code} sends it, or answers 004 if MH already has it`);
		}
		return withSummary(fields, dteSummary({ ...facts, estado }));
	}
	if (!sent) {
		try {
			sent = (await sendToMh(ctx, i, account, code, { timeoutMs: prepared.send.timeoutMs }))!;
		} catch (error) {
			const reference = prepared.document.invoice.externalReference;
			throw explainFailure(
				ctx,
				i,
				error,
				`The ${english(tipoDte)} was created (codigoGeneracion ${code}${fields.numeroControl ? `, numeroControl ${String(fields.numeroControl)}` : ''}) but sending it to MH failed`,
				`Send it with Send to Hacienda and codigoGeneracion ${code}; do not create it again.` +
					(reference ? ` Running this workflow again with External Reference "${reference}" also sends it, without creating another.` : ''),
			);
		}
		if (outcome.how !== 'issued') facts.warnings.push('MH had not received it yet: it was sent now');
	}
	if (mhStatus(sent.answer).status === 'rejected' && prepared.send.onRejection === 'error') throw rejectionError(ctx, i, code, sent);
	return withSummary({ ...fields, ...mhOutputFields(sent) }, dteSummary({ ...facts, mh: sent.answer }));
}

function readMhAnswerOf(mh: unknown): SendResult | undefined {
	const answer = readMhAnswer({ data: { mh } });
	return answer ? { answer, raw: {}, httpStatus: 200, resends: 0 } : undefined;
}

/* ------------------------------------------------------------------------------------------------ */
/* The create operations                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** What the Invoice (JSON) mode reads, with Additional Fields filling what the JSON leaves out. */
function readJsonMode(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte, problems: Problems): DteCandidate {
	const additional = readAdditional(ctx, i);
	const candidate = readJsonInvoice(ctx, i, tipoDte, problems, additional);
	if (additional.notes && candidate.invoice.notes === undefined) candidate.invoice.notes = additional.notes;
	candidate.condicionOperacion ??= additional.condicionOperacion;
	candidate.codigoGeneracion ??= additional.codigoGeneracion;
	// A discount or withholding the JSON leaves out may come from Additional Fields.
	const fromFields = readAdjustments(ctx, i);
	const adjustments = candidate.adjustments!;
	for (const key of Object.keys(fromFields.raw) as Array<keyof typeof fromFields.raw>) {
		const json = adjustments.raw[key];
		if ((json === undefined || json === null || json === '') && fromFields.raw[key] !== undefined) {
			adjustments.raw[key] = fromFields.raw[key];
			adjustments.names[key] = fromFields.names[key];
		}
	}
	return candidate;
}

/**
 * Reads and checks item `i` in its input mode (Fields, Invoice (JSON), Shopify): the typed DTE, the
 * Additional Fields (JSON), the send options — every problem at once, before any request.
 */
export async function prepareDte(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte): Promise<DtePrepared> {
	const problems = new Problems();
	const settings = await accountSettings(ctx, problems);
	let shopify: ShopifyRead | undefined;
	let candidate: DteCandidate;
	let naming: Naming = {};
	if (isShopifyMode(ctx, i)) {
		shopify = readShopify(ctx, i, tipoDte, problems);
		({ candidate, naming } = shopify);
	} else if (ctx.getNodeParameter('inputMode', i, 'fields') === 'json') {
		candidate = readJsonMode(ctx, i, tipoDte, problems);
	} else {
		candidate = readFields(ctx, i, tipoDte);
		naming = fieldNaming(tipoDte);
	}
	const document = checkDocument(candidate, problems, naming);
	const extra = additionalJson(ctx, i, 'additionalFields', problems);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const send = readSendSettings(options, problems);
	problems.throwIfAny(ctx.getNode(), PROVIDER, i, english(tipoDte));
	const checked = document!;
	return {
		body: deepMerge(toBody(checked, settings, checked.codigoGeneracion), extra),
		externalReference: checked.invoice.externalReference,
		...(shopify ? { shopify: shopify.mapping } : {}),
		tipoDte,
		settings,
		document: checked,
		extra,
		send: { ...send, now: ctx.getNodeParameter('sendNow', i, true) as boolean },
		proposeCode: options.proposeCode !== false,
		...(shopify?.buyer ? { buyer: { buyer: shopify.buyer, policy: shopify.policy } } : {}),
		trace: {},
	};
}

/** The spec of a create of `tipoDte`: `export const execute = createOperation(createSpec('01'))`. */
export function createSpec(tipoDte: TipoDte): CreateSpec<DtePrepared> {
	return {
		prepare: async (ctx, i) => await prepareDte(ctx, i, tipoDte),
		hooks: async (ctx, i, prepared) => await dteHooks(ctx, i, prepared),
		referenceKey: (prepared) => `factuconect:${prepared.tipoDte}:${prepared.externalReference ?? ''}`,
		output: async (ctx, i, outcome, prepared) => await dteOutput(ctx, i, outcome, prepared),
	};
}
