/**
 * The resources of the Factus node's version 2 (API v2), one per document kind, each assembled from the
 * shared per-kind operations (documents.ts) and its create (create.ts), plus Lookup (lookup.ts).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import type { V2Kind } from '../../wire/v2/profile';
import { titleCase, V2_EMAILABLE, V2_NOUNS } from '../../wire/v2/profile';
import type { Operation } from './documents';
import { createOperations } from './create';
import {
	deleteOperation,
	downloadOperation,
	emailContentOperation,
	getManyOperation,
	getOperation,
	sendEmailOperation,
	waitOperation,
} from './documents';

export interface Resource {
	option: INodePropertyOptions;
	description: INodeProperties[];
	operations: Record<string, ItemOperation>;
}

const RESOURCE_OPTIONS: Record<V2Kind, INodePropertyOptions> = {
	bill: { name: 'Bill', value: 'bill', description: 'Electronic sales invoice (factura electrónica)' },
	creditNote: { name: 'Credit Note', value: 'creditNote', description: 'Corrects or annuls a validated bill (nota crédito)' },
	debitNote: { name: 'Debit Note', value: 'debitNote', description: 'Adds interest, charges or a higher value to a validated bill (nota débito)' },
	supportDocument: { name: 'Support Document', value: 'supportDocument', description: 'Documento soporte for purchases from sellers who do not invoice' },
	adjustmentNote: { name: 'Adjustment Note', value: 'adjustmentNote', description: 'Corrects a validated support document (nota de ajuste)' },
};

/** One document kind: its operations in the editor's order and what each does. */
export function kindResource(kind: V2Kind): Resource {
	const noun = V2_NOUNS[kind];
	const a = /^[aeiou]/.test(noun) ? 'an' : 'a';
	const create = createOperations(kind);
	const entries: Array<[INodePropertyOptions, Operation]> = [
		[
			{ name: kind === 'bill' ? 'Create & Validate' : 'Create', value: 'create', action: `Create ${kind === 'bill' ? 'and validate ' : ''}${a} ${noun}`, description: `Issue ${a} ${noun} and send it to DIAN` },
			create.create,
		],
		[{ name: 'Delete Unvalidated', value: 'deleteUnvalidated', action: `Delete an unvalidated ${noun}`, description: `Delete ${a} ${noun} DIAN rejected (never a validated one)` }, deleteOperation(kind)],
		[{ name: 'Download PDF', value: 'downloadPdf', action: `Download the PDF of ${a} ${noun}` }, downloadOperation(kind, 'downloadPdf')],
		[{ name: 'Download XML', value: 'downloadXml', action: `Download the XML of ${a} ${noun}` }, downloadOperation(kind, 'downloadXml')],
		[{ name: 'Get', value: 'get', action: `Get ${a} ${noun}` }, getOperation(kind)],
		[{ name: 'Get Many', value: 'getAll', action: `Get many ${noun}s` }, getManyOperation(kind)],
		[{ name: 'Preview Totals', value: 'previewTotals', action: `Preview the totals of ${a} ${noun}`, description: `Check ${a} ${noun} and compute its totals without sending it` }, create.previewTotals],
		[{ name: 'Wait for DIAN Result', value: 'waitForResult', action: `Wait for the DIAN result of ${a} ${noun}`, description: `Check until DIAN validates or rejects the ${noun}` }, waitOperation(kind)],
	];
	if (V2_EMAILABLE[kind]) {
		entries.push(
			[{ name: 'Download AttachedDocument XML', value: 'downloadAttachedDocument', action: `Download the AttachedDocument of ${a} ${noun}`, description: 'The XML DIAN expects to be sent to the buyer' }, downloadOperation(kind, 'downloadAttachedDocument')],
			[{ name: 'Get Email Content', value: 'getEmailContent', action: `Get the email content of ${a} ${noun}`, description: 'Subject and attached-document ZIP' }, emailContentOperation(kind)],
			[{ name: 'Send Email', value: 'sendEmail', action: `Send ${a} ${noun} by email` }, sendEmailOperation(kind)],
		);
	}
	entries.sort(([x], [y]) => x.name.localeCompare(y.name));
	return {
		option: RESOURCE_OPTIONS[kind],
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [kind] } },
				options: entries.map(([option]) => option),
				default: 'create',
			},
			...entries.flatMap(([, operation]) => operation.description),
		],
		operations: Object.fromEntries(entries.map(([option, operation]) => [String(option.value), operation.execute])),
	};
}

export const resourceTitle = (kind: V2Kind) => titleCase(V2_NOUNS[kind]);
