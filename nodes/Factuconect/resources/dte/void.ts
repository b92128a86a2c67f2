import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { localError, providerApiError, validationError } from '../../../shared/errors';
import { isAmbiguousFailure } from '../../../shared/http';
import { Problems } from '../../../shared/invoice/problems';
import { withSummary } from '../../../shared/summary';
import { readJsonObject } from '../../input/json';
import {
	checkCodigoGeneracion,
	checkNumeroControl,
	describeWindow,
	DTE_TYPES,
	formatMhStamp,
	isTipoDte,
	parseReceptionStamp,
	svDateTime,
	VOIDABLE_TYPES,
	voidDeadline,
} from '../../wire/rules';
import type { TipoDte } from '../../wire/rules';
import { dteSummary, sameDocument } from '../../summary';
import { accountSettings, documentAccount, isMhAnswer, observationFields, parseError, PATHS, PROVIDER, readMhAnswer, request } from '../../transport';
import { codigoGeneracionField, show } from '../../ui/fields';
import { deepMerge, voidBody } from '../../wire/toBody';

const OPERATIONS = ['void'];

/**
 * Invalidate (void) a DTE MH received, POST /facturar/anulacionDte. MH's rules are checked first:
 * type 1 needs the replacement DTE, type 3 a reason, and MH accepts a void only within a window after
 * the reception stamp (01, 11, 14: three months; 03, 05, 06: one day).
 */
export const description: INodeProperties[] = [
	codigoGeneracionField(OPERATIONS, "The DTE to void (by default, the input item's: the output of a create or send)", 'codigoGeneracion to Void'),
	{
		displayName: 'Document Type',
		name: 'voidDocumentType',
		type: 'options',
		options: [
			{ name: 'Auto-Detect From Input Item', value: 'auto', description: "The input item's tipoDte, or the type inside its numeroControl" },
			{ name: 'CCF (03)', value: '03' },
			{ name: 'Factura (01)', value: '01' },
			{ name: 'Factura De Exportación (11)', value: '11' },
			{ name: 'Nota De Crédito (05)', value: '05' },
			{ name: 'Nota De Débito (06)', value: '06' },
			{ name: 'Sujeto Excluido (14)', value: '14' },
		],
		default: 'auto',
		description: 'Type of the DTE being voided; it decides the window MH allows',
		displayOptions: show(OPERATIONS),
	},
	{
		displayName: 'Void Type',
		name: 'voidType',
		type: 'options',
		options: [
			{ name: '1 — Error in the Document (Replaced by Another DTE)', value: '1' },
			{ name: '2 — Operation Rescinded', value: '2' },
			{ name: '3 — Other Reason', value: '3' },
		],
		default: '2',
		description: 'Why the DTE is voided, as MH classifies it (tipoAnulacion): type 1 needs the replacement DTE, type 3 a reason',
		displayOptions: show(OPERATIONS),
	},
	{
		displayName: 'Replacement codigoGeneracion',
		name: 'replacementCode',
		type: 'string',
		default: '',
		required: true,
		description: 'The corrected DTE, already issued and received by MH, that replaces the voided one',
		displayOptions: show(OPERATIONS, { voidType: ['1'] }),
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Why the DTE is voided (motivoAnulacion). Required for type 3; at most 250 characters.',
		displayOptions: show(OPERATIONS),
	},
	{
		displayName: 'Reception Date/Time',
		name: 'receptionStamp',
		type: 'string',
		default: '={{ $json.fhProcesamiento }}',
		placeholder: 'e.g. 20/11/2026 10:15:00',
		description:
			"When MH received the DTE: the send's fhProcesamiento (dd/MM/yyyy HH:mm:ss, El Salvador time) or an ISO date-time. Needed to check the void window.",
		displayOptions: show(OPERATIONS),
	},
	{
		displayName: 'Options',
		name: 'voidOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(OPERATIONS),
		options: [
			{
				displayName: 'Additional Fields (JSON)',
				name: 'additionalJson',
				type: 'json',
				default: '{}',
				description:
					'Merged into the request body last (your keys win), e.g. the responsible person fields MH\'s invalidation has. Not validated.',
			},
			{
				displayName: 'Check Void Window',
				name: 'checkWindow',
				type: 'boolean',
				default: true,
				description:
					'Whether to refuse, without sending, a void outside the window MH allows. Turn off only if MH confirmed a longer window for this document.',
			},
			{
				displayName: 'numeroControl',
				name: 'numeroControl',
				type: 'string',
				default: '',
				placeholder: 'e.g. DTE-03-M001P001-000000000000001',
				description: "The voided DTE's numeroControl, when the input item does not carry it",
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number) {
	const problems: ValidationProblem[] = [];
	const collected = new Problems();
	const settings = await accountSettings(this, collected);
	const code = checkCodigoGeneracion(this.getNodeParameter('codigoGeneracion', i, ''), 'codigoGeneracion', problems);
	const options = this.getNodeParameter('voidOptions', i, {}) as IDataObject;
	const extra = readJsonObject(options.additionalJson, 'voidOptions.additionalJson', collected);
	const checkWindow = options.checkWindow !== false;
	const document = code ? sameDocument(this, i, code) : {};

	const voidType = Number(this.getNodeParameter('voidType', i, '2'));
	if (voidType !== 1 && voidType !== 2 && voidType !== 3) {
		problems.push({ path: 'voidType', message: `"${voidType}" is not an MH void type (1, 2 or 3)` });
	}
	let replacementCode: string | undefined;
	if (voidType === 1) {
		const raw = String(this.getNodeParameter('replacementCode', i, '') ?? '').trim();
		if (raw === '') {
			problems.push({ path: 'replacementCode', message: 'is required for void type 1: issue the corrected DTE first and give its codigoGeneracion' });
		} else {
			replacementCode = checkCodigoGeneracion(raw, 'replacementCode', problems);
			if (replacementCode && replacementCode === code) {
				problems.push({ path: 'replacementCode', message: 'must be a different DTE than the one being voided' });
			}
		}
	}
	const reason = String(this.getNodeParameter('reason', i, '') ?? '').trim();
	if (voidType === 3 && reason === '') problems.push({ path: 'reason', message: 'is required for void type 3 (other reason)' });
	if (reason.length > 250) problems.push({ path: 'reason', message: 'must have at most 250 characters' });

	const numeroControlRaw = String(options.numeroControl ?? '').trim() || (document.numeroControl as string | undefined);
	// Checked once: its type is both the auto-detected type and a cross-check of the chosen one.
	const inNumber = numeroControlRaw ? checkNumeroControl(numeroControlRaw, 'voidOptions.numeroControl', problems) : undefined;
	const chosen = this.getNodeParameter('voidDocumentType', i, 'auto') as string;
	let type: string | undefined = chosen;
	if (chosen === 'auto') {
		type = typeof document.tipoDte === 'string' && document.tipoDte ? document.tipoDte : inNumber;
		if (!numeroControlRaw && type === undefined) {
			problems.push({
				path: 'voidDocumentType',
				message: 'could not be read from the input item (it has no tipoDte or numeroControl for this DTE): choose it',
			});
		}
	}
	if (type !== undefined && !isTipoDte(type, VOIDABLE_TYPES)) {
		problems.push({ path: 'voidDocumentType', message: `"${type}" is not a DTE type this node can void (01, 03, 05, 06, 11, 14)` });
	}
	if (inNumber && type && inNumber !== type) {
		problems.push({ path: 'voidDocumentType', message: `is ${type} but numeroControl ${numeroControlRaw} is of type ${inNumber}` });
	}

	const stampText = String(this.getNodeParameter('receptionStamp', i, '') ?? '').trim();
	const received = parseReceptionStamp(stampText);
	if (stampText === '' && checkWindow) {
		problems.push({
			path: 'receptionStamp',
			message: "is required to check the void window: map the send's fhProcesamiento (or turn off Check Void Window)",
		});
	} else if (stampText !== '' && received === undefined) {
		problems.push({ path: 'receptionStamp', message: `"${stampText}" is not a date-time (dd/MM/yyyy HH:mm:ss or ISO 8601)` });
	}
	collected.addAll(problems);
	if (collected.hasAny() || !code || !isTipoDte(type, VOIDABLE_TYPES)) {
		throw validationError(this.getNode(), PROVIDER, collected.forUser(), i, 'void request');
	}
	const tipoDte: TipoDte = type;

	const now = Date.now();
	if (checkWindow && received !== undefined && now > voidDeadline(tipoDte, received)) {
		throw localError(
			this.getNode(),
			{
				provider: PROVIDER,
				message:
					`DTE ${code} can no longer be voided: MH accepts voiding a ${DTE_TYPES[tipoDte].english} (${tipoDte}) up to ` +
					`${describeWindow(tipoDte)} after its reception (${formatMhStamp(received)}); that ended ${formatMhStamp(voidDeadline(tipoDte, received))}, El Salvador time. Nothing was sent.`,
				hint:
					'MH would reject it. Correct the operation with a Credit Note (05) or Debit Note (06) where MH allows it. ' +
					'Turn off "Check Void Window" only if MH confirmed a longer window for this document.',
			},
			i,
		);
	}

	const account = await documentAccount(this, i, settings);
	const at = svDateTime(now);
	const body = voidBody(account, {
		codigoGeneracion: code,
		voidType: voidType as 1 | 2 | 3,
		replacementCode,
		reason: reason || undefined,
		numeroControl: numeroControlRaw,
		fecha: at.fecha,
		hora: at.hora,
	});
	const response = await request<IDataObject>(
		this,
		{ method: 'POST', url: account.baseUrl + PATHS.void, body: deepMerge(body, extra) },
		{
			itemIndex: i,
			what: `void DTE ${code}`,
			acceptAsAnswer: isMhAnswer,
			parseError: (failure) => {
				const info = parseError(failure, `void DTE ${code}`, 'change');
				if (isAmbiguousFailure(failure)) {
					info.hint = 'Running the void again is safe: if this one went through, MH answers that the DTE was already voided.';
				}
				return info;
			},
		},
	);
	const mh = readMhAnswer(response.body);
	if (!mh || mh.estado !== 'PROCESADO') {
		throw providerApiError(
			this.getNode(),
			{
				provider: PROVIDER,
				message: mh
					? `MH refused to void DTE ${code} (${mh.codigoMsg ?? 'no code'}): ${mh.descripcionMsg ?? mh.estado}`
					: `Factuconect's answer to voiding DTE ${code} has no MH estado`,
				fields: mh ? observationFields(mh) : {},
				// A repeated void is refused too ("already voided"): that DTE is voided, not valid.
				hint: mh
					? 'The DTE stays valid. (If MH says it was already voided, an earlier void went through.)'
					: 'Check in Factuconect whether the DTE was voided before trying again.',
				httpCode: response.statusCode,
				code: mh?.codigoMsg,
			},
			i,
		);
	}
	const summary = dteSummary({
		account,
		codigoGeneracion: code,
		tipoDte,
		numeroControl: numeroControlRaw,
		fecEmi: document.fecEmi as string | undefined,
		total: document.totalPagar,
		voided: true,
	});
	summary.statusMessage = `Voided (type ${voidType}); MH: ${mh.descripcionMsg ?? mh.estado}`;
	return {
		json: withSummary(
			{ ...document, codigoGeneracion: code, tipoDte, voided: true, voidType, invalidation: { ...mh } },
			summary,
		),
	};
}
