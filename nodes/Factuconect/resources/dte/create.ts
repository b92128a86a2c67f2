/**
 * What every DTE create shares: validate everything locally, guard the External Reference, create
 * (proposing a codigoGeneracion), optionally send to MH right away, and output the document with
 * its summary. Each create operation file adds only its own fields.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { localError, providerApiError, validationError } from '../../../shared/errors';
import { isAmbiguousFailure } from '../../../shared/http';
import type { HttpFailure } from '../../../shared/http';
import { releaseReference, withReference } from '../../../shared/idempotency';
import { asNodeError } from '../../../shared/runner';
import type { ItemOperation } from '../../../shared/runner';
import { withShopify } from '../../../shared/shopify/ui';
import { withSummary } from '../../../shared/summary';
import { additionalJson, deepMerge } from '../../json';
import { DTE_TYPES } from '../../rules';
import type { TipoDte } from '../../rules';
import { dteSummary, mhStatus } from '../../summary';
import {
	accountSettings,
	attempt,
	dataOf,
	documentAccount,
	parseError,
	PATHS,
	PROVIDER,
	readMhAnswer,
} from '../../transport';
import type { AccountSettings } from '../../transport';
import { createBody, readCreated } from './body';
import type { CreatedDte } from './body';
import { readDraft } from './draft';
import { isShopifyMode, readShopifyDraft, storedClientFor } from './shopify';
import type { ShopifyDraft, StoredClient } from './shopify';
import type { DteDraft } from './draft';
import { findIssued, recordIssued } from './ledger';
import { mhOutputFields, rejectionError, sendToMh } from './mh';
import type { SendResult } from './mh';

export interface SendSettings {
	timeoutMs: number;
	onRejection: 'output' | 'error';
}

/** Timeout and rejection handling from an `options` collection. */
export function readSendSettings(options: IDataObject, problems: ValidationProblem[]): SendSettings {
	const seconds = options.timeout === undefined ? 30 : Number(options.timeout);
	if (!Number.isFinite(seconds) || seconds <= 0) problems.push({ path: 'options.timeout', message: 'must be a number of seconds above 0' });
	const onRejection = options.onRejection ?? 'output';
	if (onRejection !== 'output' && onRejection !== 'error') {
		problems.push({ path: 'options.onRejection', message: 'must be "output" or "error"' });
	}
	return { timeoutMs: Math.max(1, seconds) * 1000, onRejection: onRejection === 'error' ? 'error' : 'output' };
}

interface Plan extends SendSettings {
	tipoDte: TipoDte;
	settings: AccountSettings;
	draft: DteDraft;
	extra: IDataObject;
	sendNow: boolean;
	proposeCode: boolean;
}

/** Whether a failed create may still have produced a document (then its reference stays taken). */
interface Progress {
	mayExist: boolean;
}

const english = (tipoDte: TipoDte) => DTE_TYPES[tipoDte].english;

function createFailureWords(failure: HttpFailure, what: string, proposed: string | undefined, probedMissing: boolean) {
	const info = parseError(failure, what, true);
	if (isAmbiguousFailure(failure) && probedMissing) {
		info.hint =
			`Factuconect then said it has no DTE with the codigoGeneracion proposed for it (${proposed ?? ''}), so it was most likely not created. ` +
			'Running it again is safe if your Factuconect account keeps proposed codes (see the docs); otherwise check Factuconect first.';
	} else if (isAmbiguousFailure(failure)) {
		info.hint = proposed
			? `It was proposed with codigoGeneracion ${proposed}. Before creating it again, run Send to Hacienda with that code: ` +
				'if Factuconect has the DTE, MH answers; if Factuconect says it does not exist, it was not created.'
			: 'Check in Factuconect whether the document exists before creating it again.';
	}
	return info;
}

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

async function issue(ctx: IExecuteFunctions, i: number, plan: Plan, progress: Progress): Promise<INodeExecutionData> {
	const { tipoDte, draft } = plan;
	const account = await documentAccount(ctx, i, plan.settings);
	const code = draft.codigoGeneracion ?? (plan.proposeCode ? randomUUID().toUpperCase() : undefined);
	const body = deepMerge(createBody({ ...draft, codigoGeneracion: code }, account), plan.extra);
	const proposed = typeof body.codigoGeneracion === 'string' ? body.codigoGeneracion : undefined;
	const what = `create the ${english(tipoDte)}`;

	// A create whose answer was lost is found by sending its proposed code: MH's answer (or 004) proves it exists.
	let recoveredSend: SendResult | undefined;
	let probedMissing = false;
	const created = await attempt<IDataObject>(
		ctx,
		{ method: 'POST', url: account.baseUrl + PATHS.create[tipoDte as keyof typeof PATHS.create], body, timeoutMs: plan.timeoutMs },
		{
			itemIndex: i,
			what,
			parseError: (failure) => createFailureWords(failure, what, proposed, probedMissing),
			recover:
				plan.sendNow && proposed
					? async () => {
							try {
								recoveredSend = await sendToMh(ctx, i, account, proposed, { timeoutMs: plan.timeoutMs, probe: true });
							} catch (error) {
								// Otherwise the error would speak only of a send, not of the create whose outcome is unknown.
								throw explainFailure(
									ctx,
									i,
									error,
									`Factuconect's answer to ${what} was lost, and looking for it by its codigoGeneracion ${proposed} failed too`,
									`The ${english(tipoDte)} may have been created: do not create it again. ` +
										`Later, run Send to Hacienda with codigoGeneracion ${proposed}: if Factuconect has the DTE, MH answers; ` +
										'if Factuconect says it does not exist, it was not created.',
								);
							}
							probedMissing = recoveredSend === undefined;
							return recoveredSend ? { statusCode: 200, headers: {}, body: {}, attempts: 1 } : undefined;
						}
					: undefined,
		},
	);
	if (!created.ok) {
		progress.mayExist = !created.failure || isAmbiguousFailure(created.failure);
		throw created.error;
	}
	progress.mayExist = true;

	const warnings: string[] = [];
	let document: CreatedDte;
	if (recoveredSend) {
		document = { codigoGeneracion: proposed!, tipoDte };
		warnings.push("Factuconect's answer to the create was lost; the DTE was found by its codigoGeneracion, so numeroControl and totals are not known here");
	} else {
		const read = readCreated(dataOf(created.response.body));
		if (!read) {
			throw providerApiError(
				ctx.getNode(),
				{
					provider: PROVIDER,
					message: `Factuconect's answer to ${what} has no codigoGeneracion`,
					hint: 'The document may have been created: check Factuconect before creating it again.',
					httpCode: created.response.statusCode,
				},
				i,
			);
		}
		document = read;
		if (proposed && read.codigoGeneracion !== proposed) {
			warnings.push(`Factuconect assigned codigoGeneracion ${read.codigoGeneracion} instead of the proposed ${proposed}`);
		}
	}
	const codigo = document.codigoGeneracion;
	const fields: IDataObject = { ...document, tipoDte: document.tipoDte ?? tipoDte };
	delete fields.mh;
	if (draft.externalReference) fields.externalReference = draft.externalReference;
	const remember = (estado: string | null, sello: string | null) => {
		if (!draft.externalReference) return;
		recordIssued(ctx, `${tipoDte}:${draft.externalReference}`, {
			codigoGeneracion: codigo,
			numeroControl: document.numeroControl ?? null,
			tipoDte,
			fecEmi: document.fecEmi ?? null,
			estado,
			selloRecibido: sello,
			totalPagar: document.totalPagar === undefined ? null : Number(document.totalPagar),
		});
	};
	const facts = {
		account,
		codigoGeneracion: codigo,
		tipoDte,
		numeroControl: document.numeroControl,
		fecEmi: document.fecEmi,
		total: document.totalPagar,
		warnings,
	};

	// An answer that already carries MH's verdict (Factuconect's own "Create + Send") is not sent again.
	const inlineMh = readMhAnswer({ data: { mh: document.mh } });
	let sent: SendResult | undefined = recoveredSend ?? (inlineMh ? { answer: inlineMh, raw: {}, httpStatus: 200, resends: 0 } : undefined);
	if (!plan.sendNow && !sent) {
		remember(document.estado ?? 'PENDIENTE', null);
		return { json: withSummary(fields, dteSummary({ ...facts, estado: document.estado ?? 'PENDIENTE' })) };
	}
	if (!sent) {
		remember('PENDIENTE', null);
		try {
			sent = (await sendToMh(ctx, i, account, codigo, { timeoutMs: plan.timeoutMs }))!;
		} catch (error) {
			throw explainFailure(
				ctx,
				i,
				error,
				`The ${english(tipoDte)} was created (codigoGeneracion ${codigo}${document.numeroControl ? `, numeroControl ${document.numeroControl}` : ''}) but sending it to MH failed`,
				`Send it with Send to Hacienda and codigoGeneracion ${codigo}; do not create it again.`,
			);
		}
	}
	remember(sent.answer.estado, sent.answer.selloRecibido ?? null);
	if (mhStatus(sent.answer).status === 'rejected' && plan.onRejection === 'error') throw rejectionError(ctx, i, codigo, sent);
	return { json: withSummary({ ...fields, ...mhOutputFields(sent) }, dteSummary({ ...facts, mh: sent.answer })) };
}

/**
 * A Shopify order's DTE: the buyer becomes a stored client first when the document names its receiver
 * by idCliente (only once the reference is held, so a repeat saves nothing), then the usual create.
 */
async function issueForShopify(ctx: IExecuteFunctions, i: number, plan: Plan, progress: Progress, shopify: ShopifyDraft): Promise<INodeExecutionData> {
	let client: StoredClient | undefined;
	if (shopify.buyer) {
		client = await storedClientFor(ctx, i, await documentAccount(ctx, i, plan.settings), shopify.buyer, shopify.policy, shopify.mapping.result.warnings);
		const { buyer } = shopify;
		plan.draft = { ...plan.draft, customer: { idType: buyer.idType, idNumber: buyer.idNumber, name: buyer.name, providerId: client.id } };
		if (client.created) shopify.mapping.result.warnings.push(`The buyer (${buyer.name}, ${buyer.idNumber}) was saved as Factuconect client ${client.id}.`);
	}
	const item = await issue(ctx, i, plan, progress);
	const json = withShopify(item.json, shopify.mapping, { alreadyIssued: false });
	if (client) json.idCliente = client.id;
	return { ...item, json };
}

/** The item returned when the External Reference was already used: the earlier document if recorded. */
function alreadyIssued(ctx: IExecuteFunctions, i: number, tipoDte: TipoDte, settings: AccountSettings, reference: string): INodeExecutionData {
	const entry = findIssued(ctx, `${tipoDte}:${reference}`);
	if (!entry) {
		throw localError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `External Reference "${reference}" was already used for a ${english(tipoDte)} in this workflow; nothing was created again`,
				hint:
					'The earlier document is not recorded here (manual test runs keep no workflow data). Find it in Factuconect, ' +
					'or use another External Reference if this really is a different sale.',
			},
			i,
		);
	}
	const json: IDataObject = { ...(entry as unknown as IDataObject), alreadyIssued: true, externalReference: reference };
	return {
		json: withSummary(
			json,
			dteSummary({
				account: settings,
				codigoGeneracion: entry.codigoGeneracion,
				tipoDte,
				numeroControl: entry.numeroControl,
				fecEmi: entry.fecEmi,
				total: entry.totalPagar,
				estado: entry.estado,
				selloRecibido: entry.selloRecibido,
				warnings: [
					`Already issued for External Reference "${reference}" by an earlier execution; nothing was created again`,
					// A repeat never sends: say so when the earlier run left the DTE unsent.
					...(entry.estado === 'PENDIENTE'
						? [`MH has not received it yet (it was not sent, or its send failed): send it with Send to Hacienda and codigoGeneracion ${entry.codigoGeneracion}`]
						: []),
				],
			}),
		),
	};
}

export function createExecute(tipoDte: TipoDte): ItemOperation {
	return async function (this: IExecuteFunctions, i: number) {
		const problems: ValidationProblem[] = [];
		const settings = await accountSettings(this, problems);
		const shopify = isShopifyMode(this, i) ? readShopifyDraft(this, i, tipoDte, problems) : undefined;
		const draft = shopify?.draft ?? readDraft(this, i, tipoDte, problems);
		const extra = additionalJson(this, i, 'additionalFields', problems);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const sendSettings = readSendSettings(options, problems);
		if (problems.length) throw validationError(this.getNode(), PROVIDER, problems, i, english(tipoDte));

		const plan: Plan = {
			...sendSettings,
			tipoDte,
			settings,
			draft,
			extra,
			sendNow: this.getNodeParameter('sendNow', i, true) as boolean,
			proposeCode: options.proposeCode !== false,
		};
		const progress: Progress = { mayExist: false };
		const reference = draft.externalReference;
		if (!reference) return await issue(this, i, plan, progress);

		const key = `factuconect:${tipoDte}:${reference}`;
		return await withReference(this, key, async (claimed) => {
			if (!claimed) {
				const earlier = alreadyIssued(this, i, tipoDte, settings, reference);
				return shopify ? { ...earlier, json: withShopify(earlier.json, shopify.mapping, { alreadyIssued: true }) } : earlier;
			}
			const outcome = await (shopify ? issueForShopify(this, i, plan, progress, shopify) : issue(this, i, plan, progress)).then(
				(item) => ({ item }),
				(error: unknown) => ({ error }),
			);
			if ('item' in outcome) return outcome.item;
			// Certainly not created: give the reference back so a corrected run can use it.
			if (!progress.mayExist) await releaseReference(this, key);
			throw asNodeError(this, outcome.error, i);
		});
	};
}
