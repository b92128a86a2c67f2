/**
 * The credit-note UI (Credit Note → Create) and its reading. In Fields mode a credit note corrects a
 * bill given by its number (customization 20): the node finds the bill's internal `bill_id`, and can copy
 * all its lines (a full annulment) or take the lines entered. JSON mode also takes customization 22.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { compact } from '../../shared/params';
import { shopifyRefundOption } from '../../shared/shopify/ui';
import type { V1Extras } from '../wire/v1';
import { CORRECTION_CONCEPTS } from '../wire/v1';
import {
	createOptionsField,
	EXAMPLE_ITEM,
	fieldLabeller,
	inputModeField,
	jsonField,
	linesField,
	linesFromFields,
	numberingRangeField,
	observationField,
	optionalString,
	paymentMethodField,
	readJsonInput,
	readReferenceAndRange,
	referenceCodeFields,
	toCheckedBody,
} from './common';
import { shopifyCreditNoteFields } from './shopify';

const RESOURCE = 'creditNote';
const show = (extra: Record<string, string[]> = {}) => ({ show: { resource: [RESOURCE], operation: ['create'], ...extra } });

const EXAMPLE: IDataObject = {
	reference_code: 'REFUND-1001',
	bill_number: 'SETP990000493',
	correction_concept_code: 2,
	customization_id: 20,
	payment_method_code: '10',
	items: [EXAMPLE_ITEM],
};

const LABELS: Record<string, string> = {
	externalReference: 'Reference Code',
	numberingRangeId: 'Numbering Range',
	billNumber: 'Bill Number',
	correctionConceptCode: 'Correction Concept',
	lines: 'Lines',
	notes: 'Additional Fields › Observation',
	'payment.method': 'Additional Fields › Payment Method',
};

export function creditNoteFields(): INodeProperties[] {
	const fields = show({ inputMode: ['fields'] });
	return [
		inputModeField(show(), 'credit note', shopifyRefundOption),
		jsonField(show({ inputMode: ['json'] }), 'credit note', EXAMPLE),
		...shopifyCreditNoteFields(),
		{
			displayName: 'Bill Number',
			name: 'billNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. SETP990000493',
			description: 'Number of the validated bill this credit note corrects; the node looks up its internal ID',
			displayOptions: fields,
		},
		{
			displayName: 'Correction Concept',
			name: 'correctionConcept',
			type: 'options',
			options: CORRECTION_CONCEPTS.map((c) => ({ name: c.label, value: c.code })),
			default: 2,
			description: 'Why the bill is corrected (correction_concept_code)',
			displayOptions: fields,
		},
		...referenceCodeFields(fields, show({ inputMode: ['json'] }), 'credit note'),
		numberingRangeField(show(), 'getCreditNoteNumberingRanges', 'credit note'),
		{
			displayName: 'Lines Source',
			name: 'linesSource',
			type: 'options',
			options: [
				{ name: 'Copy All Lines of the Bill', value: 'bill', description: 'Credit the whole bill (e.g. an annulment)' },
				{ name: 'Enter Lines', value: 'lines', description: 'Credit only what you list below (e.g. a partial return)' },
			],
			default: 'bill',
			displayOptions: fields,
		},
		linesField(show({ inputMode: ['fields'], linesSource: ['lines'] }), true),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: fields,
			options: [
				observationField(),
				paymentMethodField(),
				{
					displayName: 'Send Email to Customer',
					name: 'sendEmail',
					type: 'boolean',
					default: false,
					description: 'Whether Factus e-mails the credit note to the customer once DIAN validates it',
				},
			],
		},
		createOptionsField(show(), 'credit note'),
	];
}

export interface CreditNoteInput {
	/** Checked body; `bill_number` still to be resolved to `bill_id`, `items` still to copy when `copyLines`. */
	body: IDataObject;
	copyLines: boolean;
}

/** Reads item `i`; throws one validation error with every problem found before any request. */
export function readCreditNote(ctx: IExecuteFunctions, i: number): CreditNoteInput {
	const mode = ctx.getNodeParameter('inputMode', i) as string;
	const { referenceCode, numberingRangeId, overrides } = readReferenceAndRange(ctx, i);

	if (mode === 'json') {
		return { body: toCheckedBody(ctx, i, 'creditNote', readJsonInput(ctx, i, 'creditNote'), { requireReference: true, overrides }).body, copyLines: false };
	}

	const copyLines = ctx.getNodeParameter('linesSource', i, 'bill') === 'bill';
	const additional = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const fromFields = copyLines ? { lines: [], extras: [], withholdingLabels: [] } : linesFromFields(ctx.getNodeParameter('lines', i, {}), true);
	const neutral: IDataObject = compact({
		lines: fromFields.lines,
		notes: optionalString(additional.observation),
		payment: compact({ method: optionalString(additional.paymentMethod) }),
		externalReference: referenceCode,
	});
	const extras: V1Extras = {
		referenceCode,
		numberingRangeId,
		correctionConceptCode: ctx.getNodeParameter('correctionConcept', i) as number,
		customizationId: 20,
		billNumber: optionalString(ctx.getNodeParameter('billNumber', i, '')),
		sendEmail: additional.sendEmail === undefined ? undefined : Boolean(additional.sendEmail),
		lines: fromFields.extras,
	};
	const label = fieldLabeller(LABELS, fromFields.withholdingLabels);
	const { body } = toCheckedBody(ctx, i, 'creditNote', { neutral, extras, label }, { requireReference: true, ignoreItems: copyLines });
	return { body, copyLines };
}
