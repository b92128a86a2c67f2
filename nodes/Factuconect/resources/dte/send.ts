import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { isIsoDate } from '../../../shared/invoice/model';
import { Problems } from '../../../shared/invoice/problems';
import { withSummary } from '../../../shared/summary';
import { readJsonObject } from '../../input/json';
import { mhOutputFields, readSendSettings, rejectionError, sendToMh } from '../../mh';
import { dteSummary, mhStatus, RECEIPT_FIELDS, sameDocument } from '../../summary';
import { accountSettings, documentAccount, PROVIDER } from '../../transport';
import { codigoGeneracionField } from '../../ui/fields';
import { sendOptions } from '../../ui/options';
import { checkCodigoGeneracion } from '../../wire/rules';

const OPERATIONS = ['send'];

/** Sign & send a created DTE to MH, POST /facturar/sendFteMH, by its codigoGeneracion. */
export const description: INodeProperties[] = [
	codigoGeneracionField(OPERATIONS, "The DTE to send (by default, the input item's: the output of a create)"),
	sendOptions(OPERATIONS),
];

export async function execute(this: IExecuteFunctions, i: number) {
	const problems = new Problems();
	const settings = await accountSettings(this, problems);
	const codeProblems: ValidationProblem[] = [];
	const code = checkCodigoGeneracion(this.getNodeParameter('codigoGeneracion', i, ''), 'codigoGeneracion', codeProblems);
	problems.addAll(codeProblems);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const extra = readJsonObject(options.additionalJson, 'options.additionalJson', problems);
	const sendSettings = readSendSettings(options, problems);
	const fecEmiOption = String(options.fecEmi ?? '').trim();
	if (fecEmiOption && !isIsoDate(fecEmiOption)) problems.add('options.fecEmi', `"${fecEmiOption}" is not a date (YYYY-MM-DD)`);
	problems.throwIfAny(this.getNode(), PROVIDER, i, 'send request');
	// A missing or malformed code is one of the problems thrown above.
	const dte = code!;

	const account = await documentAccount(this, i, settings);
	const result = (await sendToMh(this, i, account, dte, { timeoutMs: sendSettings.timeoutMs, extra }))!;
	if (mhStatus(result.answer).status === 'rejected' && sendSettings.onRejection === 'error') {
		throw rejectionError(this, i, dte, result);
	}
	const document = sameDocument(this, i, dte);
	const fields: IDataObject = { ...document, ...mhOutputFields(result) };
	if (mhStatus(result.answer).alreadyReceived) {
		for (const field of RECEIPT_FIELDS) if (document[field]) fields[field] = document[field];
	}
	return {
		json: withSummary(
			fields,
			dteSummary({
				account,
				codigoGeneracion: dte,
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
