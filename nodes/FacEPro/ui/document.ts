/**
 * The document UI shared by Invoice → Create / Preview Totals and the note creates, in the layout every
 * node of this package uses: Input Mode → (the corrected invoice and the reason) → customer identity →
 * Customer Details → Lines → Additional Fields → Options.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { SHOPIFY_REFUND_MODE, shopifyOrderOption, shopifyRefundOption } from '../../shared/shopify/ui';
import type { DocumentKind } from '../profile';
import { catalogOptions, CREDIT_NOTE_REASONS, DEBIT_NOTE_REASONS } from '../profile';

import { customerDetailsField, customerIdentityFields } from './customer';
import { linesField } from './lines';
import { referencedInvoiceFields } from './locators';
import { additionalFields, createOptions, EXTERNAL_REFERENCE } from './options';
import { shopifyDocumentFields } from './shopify';

export interface DocumentFieldsSpec {
	resource: string;
	/** Operations showing the document fields (e.g. create and previewTotals). */
	operations: string[];
	kind: DocumentKind;
	/** Operations that send (get the External Reference guard options). */
	sendingOperations: string[];
}

/** The default of Document (JSON): an empty FacEPro body, with the referenced invoice and reason for a note. */
function jsonTemplate(noteReason?: string): string {
	const body = {
		adquiriente: { tipo_persona: '2', tipo_documento: '13', numero_documento: '', razon_social: '', responsabilidad_fiscal: 'R-99-PN', email: '' },
		lineas: [{ codigo: '', descripcion: '', cantidad: 1, precio: 0, iva_pct: 19 }],
	};
	const note = { factura_referencia: { numero: '', cufe: '', fecha: '' }, motivo: { codigo: noteReason, descripcion: '' } };
	return JSON.stringify(noteReason === undefined ? body : { ...note, ...body }, null, 2);
}

const reasonsOf = (kind: DocumentKind) => (kind === 'creditNote' ? CREDIT_NOTE_REASONS : DEBIT_NOTE_REASONS);

function inputFields(spec: DocumentFieldsSpec, show: (extra?: Record<string, string[]>, operations?: string[]) => IDisplayOptions): INodeProperties[] {
	const shopify = spec.kind === 'invoice' ? [shopifyOrderOption] : spec.kind === 'creditNote' ? [shopifyRefundOption] : [];
	return [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Fields', value: 'fields', description: 'Fill in the customer and the lines below' },
				{ name: 'JSON', value: 'json', description: "A FacEPro body as in FacEPro's API documentation, or this package's invoice JSON" },
				...shopify,
			],
			default: 'fields',
			displayOptions: show(),
		},
		{
			displayName: 'Document (JSON)',
			name: 'documentJson',
			type: 'json',
			default: jsonTemplate(spec.kind === 'invoice' ? undefined : reasonsOf(spec.kind)[0].code),
			required: true,
			description:
				"Either a FacEPro body (adquiriente, lineas, factura, and for notes factura_referencia and motivo) or an invoice in this package's format (customer, lines). It is checked before anything is sent.",
			displayOptions: show({ inputMode: ['json'] }),
		},
		{ ...EXTERNAL_REFERENCE, displayOptions: show({ inputMode: ['json'] }, spec.sendingOperations) },
		...shopifyDocumentFields(spec.kind, spec.operations, spec.sendingOperations),
	];
}

/** The invoice a note corrects (also for a Shopify refund) and the DIAN reason. */
function noteFields(spec: DocumentFieldsSpec, show: (extra?: Record<string, string[]>) => IDisplayOptions): INodeProperties[] {
	const reasons = reasonsOf(spec.kind);
	const firstReason = reasons[0].code;
	// A credit note from a Shopify refund names the invoice it corrects in the same fields.
	const related = spec.kind === 'creditNote' ? show({ inputMode: ['fields', SHOPIFY_REFUND_MODE] }) : show({ inputMode: ['fields'] });
	return [
		...referencedInvoiceFields(related),
		{
			displayName: 'Reason',
			name: 'reasonCode',
			type: 'options',
			options: catalogOptions(reasons),
			default: firstReason,
			required: true,
			description: 'DIAN reason code (motivo) of the note',
			displayOptions: show({ inputMode: ['fields'] }),
		},
		{
			displayName: 'Reason Description',
			name: 'reasonDescription',
			type: 'string',
			default: '',
			required: true,
			placeholder: spec.kind === 'creditNote' ? 'e.g. Devolución del producto' : 'e.g. Intereses por mora',
			description: 'Free text describing the reason (motivo.descripcion)',
			displayOptions: show({ inputMode: ['fields'] }),
		},
	];
}

/** Node properties for entering one FacEPro document. */
export function documentFields(spec: DocumentFieldsSpec): INodeProperties[] {
	const show = (extra: Record<string, string[]> = {}, operations = spec.operations): IDisplayOptions => ({
		show: { resource: [spec.resource], operation: operations, ...extra },
	});
	const fields = show({ inputMode: ['fields'] });
	return [
		...inputFields(spec, show),
		...(spec.kind === 'invoice' ? [] : noteFields(spec, show)),
		...customerIdentityFields(fields),
		customerDetailsField(fields),
		linesField(fields),
		additionalFields(fields),
		...(spec.sendingOperations.length > 0 ? [createOptions(show({}, spec.sendingOperations))] : []),
	];
}
