import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { validationError } from '../../../shared/errors';
import { isIsoDate } from '../../../shared/invoice/model';
import { withSummary } from '../../../shared/summary';
import { readJsonObject } from '../../json';
import { checkCodigoGeneracion } from '../../rules';
import { dteSummary, mhStatus } from '../../summary';
import { accountSettings, documentAccount, PROVIDER } from '../../transport';
import { DOCUMENT_FIELDS } from './body';
import { readSendSettings } from './create';
import { codigoGeneracionField, sendOptions } from './fields';
import { mhOutputFields, rejectionError, sendToMh } from './mh';

const OPERATIONS = ['send'];

/** MH's reception stamp of a DTE: a repeated send (004) must not overwrite the original one. */
const RECEIPT_FIELDS = ['selloRecibido', 'fhProcesamiento'] as const;

/** Sign & send a created DTE to MH, POST /facturar/sendFteMH, by its codigoGeneracion. */
export const description: INodeProperties[] = [
	codigoGeneracionField(OPERATIONS, "The DTE to send (by default, the input item's: the output of a create)"),
	sendOptions(OPERATIONS),
];

/** The input item's document fields, when the input is that same DTE (e.g. a create's output). */
export function sameDocument(ctx: IExecuteFunctions, i: number, codigoGeneracion: string): IDataObject {
	const input = ctx.getInputData()[i]?.json ?? {};
	if (input.codigoGeneracion !== codigoGeneracion) return { codigoGeneracion };
	const kept: IDataObject = {};
	for (const field of [...DOCUMENT_FIELDS, ...RECEIPT_FIELDS]) if (input[field] !== undefined) kept[field] = input[field];
	return kept;
}

export async function execute(this: IExecuteFunctions, i: number) {
	const problems: ValidationProblem[] = [];
	const settings = await accountSettings(this, problems);
	const code = checkCodigoGeneracion(this.getNodeParameter('codigoGeneracion', i, ''), 'codigoGeneracion', problems);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const extra = readJsonObject(options.additionalJson, 'options.additionalJson', problems);
	const sendSettings = readSendSettings(options, problems);
	const fecEmiOption = String(options.fecEmi ?? '').trim();
	if (fecEmiOption && !isIsoDate(fecEmiOption)) {
		problems.push({ path: 'options.fecEmi', message: `"${fecEmiOption}" is not a date (YYYY-MM-DD)` });
	}
	if (problems.length || !code) throw validationError(this.getNode(), PROVIDER, problems, i, 'send request');

	const account = await documentAccount(this, i, settings);
	const result = (await sendToMh(this, i, account, code, { timeoutMs: sendSettings.timeoutMs, extra }))!;
	if (mhStatus(result.answer).status === 'rejected' && sendSettings.onRejection === 'error') {
		throw rejectionError(this, i, code, result);
	}
	const document = sameDocument(this, i, code);
	const fields: IDataObject = { ...document, ...mhOutputFields(result) };
	if (mhStatus(result.answer).alreadyReceived) {
		for (const field of RECEIPT_FIELDS) if (document[field]) fields[field] = document[field];
	}
	return {
		json: withSummary(
			fields,
			dteSummary({
				account,
				codigoGeneracion: code,
				tipoDte: document.tipoDte as string | undefined,
				numeroControl: document.numeroControl as string | undefined,
				fecEmi: fecEmiOption || (document.fecEmi as string | undefined),
				total: document.totalPagar,
				mh: result.answer,
				selloRecibido: (fields.selloRecibido as string | null | undefined) ?? null,
			}),
		),
	};
}
