/**
 * Sending a DTE to MH (sign & send, /facturar/sendFteMH) under MH's rules:
 * - the result is MH's `estado`, not the HTTP status: a rejection (often HTTP 400) is an answer;
 * - "004 — already exists" means MH already has this codigoGeneracion: received, not a failure;
 * - no blind resend: after a timeout or a lost answer the same codigoGeneracion is sent again (safe,
 *   MH answers 004 if it got the first one), at most twice.
 * The same call, as a probe, tells whether Factuconect has a DTE at all (its 404 "does not exist").
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ProviderErrorInfo } from '../shared/errors';
import { providerApiError } from '../shared/errors';
import type { ApiResponse, HttpFailure } from '../shared/http';
import { failureOf, isAmbiguousFailure } from '../shared/http';
import type { Problems } from '../shared/invoice/problems';

import { mhStatus } from './summary';
import { isMhAnswer, observationFields, parseError, PATHS, PROVIDER, readMhAnswer, request } from './transport';
import type { AccountSettings, MhAnswer } from './transport';
import { deepMerge, sendBody } from './wire/toBody';

/** MH's manual: resend at most twice after no answer. */
export const MAX_RESENDS = 2;

export interface SendSettings {
	timeoutMs: number;
	onRejection: 'output' | 'error';
}

/** Timeout and rejection handling from an `options` collection. */
export function readSendSettings(options: IDataObject, problems: Problems): SendSettings {
	const seconds = options.timeout === undefined ? 30 : Number(options.timeout);
	if (!Number.isFinite(seconds) || seconds <= 0) problems.add('options.timeout', 'must be a number of seconds above 0');
	const onRejection = options.onRejection ?? 'output';
	if (onRejection !== 'output' && onRejection !== 'error') problems.add('options.onRejection', 'must be "output" or "error"');
	return { timeoutMs: Math.max(1, seconds) * 1000, onRejection: onRejection === 'error' ? 'error' : 'output' };
}

export interface SendResult {
	answer: MhAnswer;
	/** Factuconect's whole answer. */
	raw: IDataObject;
	httpStatus: number;
	/** Sends after the first one (0 when the first answer arrived). */
	resends: number;
}

export interface SendOptions {
	timeoutMs: number;
	extra?: IDataObject;
	/** Only finding out: Factuconect's "no such DTE" (a JSON 404) gives undefined instead of an error. */
	probe?: boolean;
}

function sendFailure(failure: HttpFailure, code: string, sends: number): ProviderErrorInfo {
	const info = parseError(failure, `send DTE ${code} to MH`, 'change');
	if (isAmbiguousFailure(failure)) {
		info.hint =
			`Sent ${sends} time${sends === 1 ? '' : 's'} without an answer. The DTE may have reached MH: do not resend it now. ` +
			'Later, run Send to Hacienda again with this codigoGeneracion — if MH has it, it answers 004 and this node reports it as received. ' +
			"If MH stays unreachable, MH's contingency procedure applies.";
	}
	return info;
}

/** Factuconect's own "there is no DTE with this code": a JSON 404 (an HTML 404 is a proxy's, not an answer). */
const isNoSuchDte = (failure: HttpFailure) => failure.status === 404 && failure.bodyKind === 'json';

export async function sendToMh(
	ctx: IExecuteFunctions,
	itemIndex: number,
	account: AccountSettings,
	codigoGeneracion: string,
	options: SendOptions,
): Promise<SendResult | undefined> {
	const spec = {
		method: 'POST' as const,
		url: account.baseUrl + PATHS.send,
		body: deepMerge(sendBody(account, codigoGeneracion), options.extra ?? {}),
		timeoutMs: options.timeoutMs,
	};
	let sends = 0;
	let response: ApiResponse<IDataObject> | undefined;
	while (!response) {
		sends++;
		let lost: unknown;
		response = await request<IDataObject>(ctx, spec, {
			itemIndex,
			what: `send DTE ${codigoGeneracion} to MH`,
			acceptAsAnswer: (failure) => isMhAnswer(failure) || (options.probe === true && isNoSuchDte(failure)),
			parseError: (failure) => sendFailure(failure, codigoGeneracion, sends),
		}).catch((error: unknown) => {
			lost = error;
			return undefined;
		});
		if (response) break;
		// Same codigoGeneracion again: MH answers 004 if the lost send reached it.
		const failure = failureOf(lost);
		if (!failure || !isAmbiguousFailure(failure) || sends > MAX_RESENDS) throw lost;
	}
	const answer = readMhAnswer(response.body);
	if (!answer) {
		if (options.probe && response.statusCode === 404) return undefined;
		throw providerApiError(
			ctx.getNode(),
			{
				provider: PROVIDER,
				message: `Factuconect's answer to sending DTE ${codigoGeneracion} has no MH estado`,
				hint: 'The DTE may or may not have been received; run Send to Hacienda again later (MH answers 004 if it has it).',
				httpCode: response.statusCode,
			},
			itemIndex,
		);
	}
	return { answer, raw: (response.body ?? {}) as IDataObject, httpStatus: response.statusCode, resends: sends - 1 };
}

/** MH's rejection as an error (for "On MH Rejection: Fail the Item"). */
export function rejectionError(ctx: IExecuteFunctions, itemIndex: number, codigoGeneracion: string, result: SendResult) {
	const { answer } = result;
	return providerApiError(
		ctx.getNode(),
		{
			provider: PROVIDER,
			message: `MH rejected DTE ${codigoGeneracion} (${answer.codigoMsg ?? 'no code'}): ${answer.descripcionMsg ?? answer.estado}`,
			fields: observationFields(answer),
			hint: 'Correct the document and send it again: a rejected DTE can be re-sent with the same codigoGeneracion.',
			httpCode: result.httpStatus,
			code: answer.codigoMsg,
		},
		itemIndex,
	);
}

/** MH's answer fields as they go into the output item (next to the document's own fields). */
export function mhOutputFields(result: SendResult): IDataObject {
	const { alreadyReceived } = mhStatus(result.answer);
	const fields: IDataObject = { ...result.answer };
	if (alreadyReceived) fields.alreadyReceived = true;
	if (result.resends > 0) fields.resends = result.resends;
	const msg = (result.raw as { msg?: unknown }).msg;
	if (typeof msg === 'string') fields.msg = msg;
	return fields;
}
