/**
 * Sending a DTE to MH (sign & send, /facturar/sendFteMH) under MH's rules:
 * - the result is MH's `estado`, not the HTTP status: a rejection (often HTTP 400) is an answer;
 * - "004 — already exists" means MH already has this codigoGeneracion: received, not a failure;
 * - no blind resend: after a timeout or a lost answer the same codigoGeneracion is sent again (safe,
 *   MH answers 004 if it got the first one), at most twice.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ProviderErrorInfo } from '../../../shared/errors';
import { providerApiError } from '../../../shared/errors';
import { isAmbiguousFailure } from '../../../shared/http';
import type { ApiResponse, HttpFailure } from '../../../shared/http';
import { deepMerge } from '../../json';
import { mhStatus } from '../../summary';
import { attempt, isMhAnswer, observationFields, parseError, PATHS, PROVIDER, readMhAnswer } from '../../transport';
import type { AccountSettings, MhAnswer } from '../../transport';
import { sendBody } from './body';

/** MH's manual: resend at most twice after no answer. */
export const MAX_RESENDS = 2;

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
	/**
	 * Only finding out: when Factuconect says it has no such DTE, return undefined instead of failing
	 * (used after a create whose answer was lost).
	 */
	probe?: boolean;
}

function sendFailure(failure: HttpFailure, code: string, sends: number): ProviderErrorInfo {
	const info = parseError(failure, `send DTE ${code} to MH`, true);
	if (isAmbiguousFailure(failure)) {
		info.hint =
			`Sent ${sends} time${sends === 1 ? '' : 's'} without an answer. The DTE may have reached MH: do not resend it now. ` +
			'Later, run Send to Hacienda again with this codigoGeneracion — if MH has it, it answers 004 and this node reports it as received. ' +
			"If MH stays unreachable, MH's contingency procedure applies.";
	}
	return info;
}

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
	let sends = 1;
	const base = {
		itemIndex,
		what: `send DTE ${codigoGeneracion} to MH`,
		acceptAsAnswer: (failure: HttpFailure) => isMhAnswer(failure) || (options.probe === true && failure.status === 404),
		parseError: (failure: HttpFailure) => sendFailure(failure, codigoGeneracion, sends),
	};
	const result = await attempt<IDataObject>(ctx, spec, {
		...base,
		recover: async () => {
			// Same codigoGeneracion again: MH answers 004 if the lost send reached it.
			for (let n = 0; n < MAX_RESENDS; n++) {
				sends++;
				const again = await attempt<IDataObject>(ctx, spec, base);
				if (again.ok) return again.response as ApiResponse;
				if (!again.failure || !isAmbiguousFailure(again.failure)) throw again.error;
			}
			return undefined;
		},
	});
	if (!result.ok) throw result.error;
	const { response } = result;
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

