/**
 * The document pickers: the tracking ID that Get, Refresh DIAN Status and Download XML take, and the
 * invoice a credit or debit note corrects. Both offer "From List" (FacEPro's recent documents, searchable
 * by number, customer or ID) and "By Tracking ID" (a UUID, typically from an expression). A document
 * number pasted by mistake gets a clear message instead of a 404.
 */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { localError } from '../../shared/errors';
import { PROVIDER } from '../transport';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function documentLocator(name: string, displayName: string, searchListMethod: string, description: string, displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By Tracking ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
				// No `validation` regex here: n8n would refuse the run ("The workflow has issues") without naming
				// the field; readTrackingId checks the value and says which field and why.
			},
		],
	};
}

export function trackingIdField(resource: string, operation: string): INodeProperties {
	return documentLocator(
		'trackingId',
		'Document',
		'searchDocuments',
		'The invoice or note: pick it from FacEPro\'s recent documents, or give its tracking_id (a UUID: the tracking_id field of the Create or Get Many output)',
		{ show: { resource: [resource], operation: [operation] } },
	);
}

/** How a note names the invoice it corrects: typed (number, CUFE, date) or picked from FacEPro. */
export function referencedInvoiceFields(displayOptions: IDisplayOptions): INodeProperties[] {
	const show = (referenceBy: string): IDisplayOptions => ({ ...displayOptions, show: { ...displayOptions.show, referenceBy: [referenceBy] } });
	return [
		{
			displayName: 'Corrected Invoice',
			name: 'referenceBy',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Enter Number, CUFE and Date', value: 'fields', description: 'Type or map the invoice number, CUFE and issue date' },
				{ name: 'Pick From FacEPro', value: 'document', description: 'Choose one of your FacEPro invoices; the node reads its number, CUFE and date' },
			],
			default: 'fields',
			displayOptions,
		},
		documentLocator('referencedInvoice', 'Invoice', 'searchInvoices', 'The invoice this note corrects', show('document')),
		{
			displayName: 'Invoice Number',
			name: 'referencedNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. SETP990000011',
			description: 'Full number (numero_completo) of the invoice this note corrects',
			displayOptions: show('fields'),
		},
		{
			displayName: 'Invoice CUFE',
			name: 'referencedCufe',
			type: 'string',
			default: '',
			required: true,
			description: 'The 96-character CUFE of the invoice this note corrects (the cufe field of the invoice)',
			displayOptions: show('fields'),
		},
		{
			displayName: 'Invoice Issue Date',
			name: 'referencedDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Issue date of the invoice this note corrects',
			displayOptions: show('fields'),
		},
	];
}

/** The label of each document picker, as the user sees it. */
const LOCATOR_LABELS: Record<string, string> = { trackingId: 'Document', referencedInvoice: 'Invoice' };

/** A tracking ID parameter (resource locator or, in workflows saved before it was one, plain text). */
export function readTrackingId(ctx: IExecuteFunctions, i: number, name = 'trackingId'): string {
	const raw = ctx.getNodeParameter(name, i, '', { extractValue: true }) as unknown;
	const given = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	const label = `${LOCATOR_LABELS[name] ?? name} (${name})`;
	const isText = given === undefined || given === null || typeof given === 'string' || typeof given === 'number';
	const value = isText ? String(given ?? '').trim() : '';
	if (isText && UUID.test(value)) return value.toLowerCase();
	const looksLikeNumber = /^[A-Za-z]{0,4}\d+$/.test(value);
	const what = Array.isArray(given) ? 'a list' : 'an object';
	throw localError(
		ctx.getNode(),
		{
			provider: PROVIDER,
			message: !isText
				? `${label} is ${what}, not a FacEPro tracking ID`
				: value === ''
					? `${label} is empty`
					: `${label}: "${value.length > 60 ? `${value.slice(0, 60)}…` : value}" is not a FacEPro tracking ID`,
			fields: { [label]: ['must be the tracking_id UUID FacEPro returned, e.g. 550e8400-e29b-41d4-a716-446655440000'] },
			hint: looksLikeNumber
				? 'This looks like a document number (numero_completo). FacEPro looks documents up by tracking_id: use the tracking_id field of the Create or Get Many output.'
				: 'Use the tracking_id field of the Create or Get Many output. Nothing was sent to FacEPro.',
		},
		i,
	);
}
