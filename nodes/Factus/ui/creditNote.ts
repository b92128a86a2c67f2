/**
 * The credit-note UI (Credit Note → Create and Preview Totals). In Fields mode a credit note corrects a bill given by its
 * number (customization 20): the node finds the bill's internal `bill_id`, and can copy all its lines (a
 * full annulment) or take the lines entered. JSON mode also takes customization 22.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { shopifyRefundOption } from '../../shared/shopify/ui';
import { CORRECTION_CONCEPTS } from '../profile';
import type { Show } from './common';
import {
	createOptionsField,
	EXAMPLE_ITEM,
	inputModeField,
	jsonField,
	numberingRangeField,
	observationField,
	paymentMethodField,
	referenceCodeFields,
} from './common';
import { linesField } from './lines';
import { shopifyCreditNoteFields } from './shopify';

const RESOURCE = 'creditNote';
/** Create and Preview Totals share the document's fields; only a create has a reference code, a range and Options. */
const OPERATIONS = ['create', 'previewTotals'];
const CREATE = ['create'];
const PREVIEW = ['previewTotals'];
const show = (extra: Record<string, string[]> = {}, operations = OPERATIONS): Show => ({ show: { resource: [RESOURCE], operation: operations, ...extra } });

const EXAMPLE: IDataObject = {
	reference_code: 'REFUND-1001',
	bill_number: 'SETP990000493',
	correction_concept_code: 2,
	customization_id: 20,
	payment_method_code: '10',
	items: [EXAMPLE_ITEM],
};

export function creditNoteFields(): INodeProperties[] {
	const fields = show({ inputMode: ['fields'] });
	return [
		inputModeField(show({}, CREATE), 'credit note', shopifyRefundOption),
		// Preview Totals reads no Shopify refund (that needs the bill Factus issued for the order).
		inputModeField(show({}, PREVIEW), 'credit note'),
		jsonField(show({ inputMode: ['json'] }), 'credit note', EXAMPLE),
		...shopifyCreditNoteFields(),
		{
			displayName: 'Bill Number',
			name: 'billNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. SETP990000493',
			description: 'Number of the validated bill this credit note corrects; the node looks up its internal ID (Preview Totals reads the bill only when its lines are copied)',
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
		...referenceCodeFields(show({ inputMode: ['fields'] }, CREATE), show({ inputMode: ['json'] }, CREATE), 'credit note'),
		numberingRangeField(show({}, CREATE), 'getCreditNoteNumberingRanges', 'credit note'),
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
		createOptionsField(show({}, CREATE), 'credit note'),
	];
}

