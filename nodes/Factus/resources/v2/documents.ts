/**
 * The operations every v2 document kind shares, built per kind: Get, Get Many (the v2 filters, a
 * created-at day range, Return All), Download PDF / XML / AttachedDocument XML, Get Email Content, Send
 * Email, Delete Unvalidated (a fresh look first: never a validated document, never Regla 90, a pending one
 * only when asked) and Wait for DIAN Result.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { binaryItem, binaryPropertyField, decodeBase64 } from '../../../shared/binary';
import { localError } from '../../../shared/errors';
import { isIsoDate } from '../../../shared/invoice/model';
import { limitOf, returnAllAndLimit } from '../../../shared/params';
import type { ItemOperation } from '../../../shared/runner';
import { EMAIL_PATTERN } from '../../profile';
import { PROVIDER, request } from '../../transport';
import { documentOutputV2 } from '../../wire/v2/answer';
import type { V2Kind } from '../../wire/v2/profile';
import { titleCase, V2_NOUNS, V2_PATHS } from '../../wire/v2/profile';
import { FACTUS_V2 } from '../../wire/v2/issue';
import { listAll, showV2 } from '../../wire/v2/transport';
import { deleteOperationFor } from '../common/deleteUnvalidated';
import { waitOperationFor } from '../common/wait';

export interface Operation {
	description: INodeProperties[];
	execute: ItemOperation;
}

export type Show = { show: Record<string, Array<string | number | boolean>> };

export const showFor = (resource: string, operation: string): Show => ({ show: { resource: [resource], operation: [operation] } });

const PLACEHOLDERS: Record<V2Kind, string> = {
	bill: 'SETP990000493',
	creditNote: 'NC7',
	debitNote: 'ND3',
	supportDocument: 'SEDS984000129',
	adjustmentNote: 'NA12',
};

export function numberField(resource: string, operation: string, kind: V2Kind): INodeProperties {
	return {
		displayName: `${titleCase(V2_NOUNS[kind])} Number`,
		name: 'number',
		type: 'string',
		default: '',
		required: true,
		placeholder: `e.g. ${PLACEHOLDERS[kind]}`,
		description: `Number of the ${V2_NOUNS[kind]}: prefix and consecutive, as Factus shows it`,
		displayOptions: showFor(resource, operation),
	};
}

const readNumber = (ctx: IExecuteFunctions, i: number) => (ctx.getNodeParameter('number', i) as string).trim();

/* ------------------------------------------------------------------------------------------------ */
/* Get, Get Many                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

export function getOperation(kind: V2Kind): Operation {
	return {
		description: [numberField(kind, 'get', kind)],
		async execute(this: IExecuteFunctions, i: number) {
			const document = await showV2(this, i, kind, readNumber(this, i));
			return { json: documentOutputV2(kind, document), pairedItem: { item: i } };
		},
	};
}

const FILTERS: Record<string, string> = {
	identification: 'identification',
	names: 'names',
	number: 'number',
	prefix: 'prefix',
	referenceCode: 'reference_code',
	status: 'status',
};

export function getManyOperation(kind: V2Kind): Operation {
	const show = showFor(kind, 'getAll');
	const noun = V2_NOUNS[kind];
	const party = kind === 'supportDocument' || kind === 'adjustmentNote' ? 'Seller' : 'Customer';
	return {
		description: [
			...returnAllAndLimit(show),
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: show,
				options: [
					{ displayName: 'Created From', name: 'createdFrom', type: 'string', default: '', placeholder: 'e.g. 2026-01-31', description: `Only ${noun}s created on this day (Colombian time) or later, YYYY-MM-DD` },
					{ displayName: 'Created Until', name: 'createdUntil', type: 'string', default: '', placeholder: 'e.g. 2026-02-28', description: `Only ${noun}s created on this day (Colombian time) or earlier, YYYY-MM-DD` },
					{ displayName: `${party} ID Number`, name: 'identification', type: 'string', default: '', description: `Identification number of the ${party.toLowerCase()}` },
					{ displayName: `${party} Name`, name: 'names', type: 'string', default: '', description: `Part of the name of the ${party.toLowerCase()}` },
					{ displayName: 'Number', name: 'number', type: 'string', default: '', placeholder: `e.g. ${PLACEHOLDERS[kind]}`, description: `Exact number of the ${noun}` },
					{ displayName: 'Prefix', name: 'prefix', type: 'string', default: '', placeholder: 'e.g. SETP', description: 'Numbering range prefix' },
					{ displayName: 'Reference Code', name: 'referenceCode', type: 'string', default: '', description: 'Your reference code (reference_code)' },
					{
						displayName: 'Status',
						name: 'status',
						type: 'options',
						options: [
							{ name: 'Not Validated (Pending or Rejected)', value: '0' },
							{ name: 'Validated by DIAN', value: '1' },
						],
						default: '1',
					},
				],
			},
		],
		async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
			const limit = limitOf(this, i);
			const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
			const qs: IDataObject = {};
			for (const [field, key] of Object.entries(FILTERS)) {
				const value = filters[field];
				if (value !== undefined && value !== null && String(value).trim() !== '') qs[`filter[${key}]`] = String(value).trim();
			}
			const fields: Record<string, string[]> = {};
			for (const [field, key] of [
				['createdFrom', 'start_date'],
				['createdUntil', 'end_date'],
			] as const) {
				const value = String(filters[field] ?? '').trim();
				if (value === '') continue;
				if (!isIsoDate(value)) fields[`filters.${field}`] = [`"${value}" is not a date (use YYYY-MM-DD)`];
				else qs[`filter[created_at][${key}]`] = value;
			}
			if (Object.keys(fields).length) {
				throw localError(this.getNode(), { provider: PROVIDER, message: 'A date filter is not a date (use YYYY-MM-DD); nothing was sent to Factus', fields, code: 'validation' }, i);
			}
			const rows = await listAll(this, V2_PATHS.documents[kind].list, qs, { limit, itemIndex: i });
			return rows.map((row) => ({ json: documentOutputV2(kind, row), pairedItem: { item: i } }));
		},
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Files and e-mail                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

/** GETs a v2 answer carrying a file as base64 in `data[field]`; anything but base64 fails the item. */
export async function fetchFileV2(ctx: IExecuteFunctions, i: number, file: { path: string; field: string; what: string; noun: string; number: string }) {
	const response = await request(ctx, { method: 'GET', path: file.path }, { itemIndex: i, what: file.noun });
	const data = ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
	try {
		return { file: decodeBase64(data[file.field], file.what), data };
	} catch (error) {
		throw localError(ctx.getNode(), { provider: PROVIDER, message: `Factus: ${(error as Error).message} for ${file.noun} ${file.number}` }, i);
	}
}

export type FileOperation = 'downloadPdf' | 'downloadXml' | 'downloadAttachedDocument';

const FILES: Record<FileOperation, { type: 'pdf' | 'xml'; what: string; suffix: string; path: (kind: V2Kind, n: string) => string }> = {
	downloadPdf: { type: 'pdf', what: 'PDF', suffix: '', path: (k, n) => V2_PATHS.documents[k].pdf(n) },
	downloadXml: { type: 'xml', what: 'XML', suffix: '', path: (k, n) => V2_PATHS.documents[k].xml(n) },
	downloadAttachedDocument: { type: 'xml', what: 'AttachedDocument XML', suffix: '-attached-document', path: (k, n) => V2_PATHS.documents[k].attachedDocument(n) },
};

export function downloadOperation(kind: V2Kind, operation: FileOperation): Operation {
	const file = FILES[operation];
	return {
		description: [numberField(kind, operation, kind), binaryPropertyField(showFor(kind, operation))],
		async execute(this: IExecuteFunctions, i: number) {
			const number = readNumber(this, i);
			const { file: data, data: answer } = await fetchFileV2(this, i, { path: file.path(kind, number), field: `${file.type}_base_64_encoded`, what: file.what, noun: V2_NOUNS[kind], number });
			return await binaryItem(this, i, { data, kind: file.type, documentNumber: `${number}${file.suffix}`, json: { number, factusFileName: answer.file_name ?? null } });
		},
	};
}

export function emailContentOperation(kind: V2Kind): Operation {
	return {
		description: [numberField(kind, 'getEmailContent', kind), binaryPropertyField(showFor(kind, 'getEmailContent'))],
		async execute(this: IExecuteFunctions, i: number) {
			const number = readNumber(this, i);
			const { file, data } = await fetchFileV2(this, i, { path: V2_PATHS.documents[kind].emailContent(number), field: 'attached_document', what: 'attached document (ZIP)', noun: V2_NOUNS[kind], number });
			return await binaryItem(this, i, { data: file, kind: 'zip', documentNumber: number, json: { number, subject: data.subject ?? null } });
		},
	};
}

export function sendEmailOperation(kind: V2Kind): Operation {
	const show = showFor(kind, 'sendEmail');
	const noun = V2_NOUNS[kind];
	return {
		description: [
			numberField(kind, 'sendEmail', kind),
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', required: true, description: `Where Factus sends the ${noun} (PDF and AttachedDocument)`, displayOptions: show },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: show,
				options: [
					{
						displayName: 'Attach PDF From Binary Field',
						name: 'pdfBinaryProperty',
						type: 'string',
						default: '',
						placeholder: 'e.g. data',
						description: "Name of an input binary field holding a PDF to send instead of Factus's own",
					},
				],
			},
		],
		async execute(this: IExecuteFunctions, i: number) {
			const number = readNumber(this, i);
			const email = (this.getNodeParameter('email', i) as string).trim();
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			if (!EMAIL_PATTERN.test(email)) {
				throw localError(this.getNode(), { provider: PROVIDER, message: `"${email}" is not a valid e-mail address; nothing was sent to Factus`, fields: { email: ['is not a valid e-mail address'] } }, i);
			}
			const body: IDataObject = { email };
			const property = typeof options.pdfBinaryProperty === 'string' ? options.pdfBinaryProperty.trim() : '';
			if (property !== '') {
				this.helpers.assertBinaryData(i, property);
				body.pdf_base_64_encoded = (await this.helpers.getBinaryDataBuffer(i, property)).toString('base64');
			}
			const response = await request(this, { method: 'POST', path: V2_PATHS.documents[kind].sendEmail(number), body }, { itemIndex: i, what: noun });
			const answer = (response.body ?? {}) as IDataObject;
			return { json: { sent: true, number, email, message: answer.message ?? null }, pairedItem: { item: i } };
		},
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Delete Unvalidated                                                                                */
/* ------------------------------------------------------------------------------------------------ */

/** Delete Unvalidated (the recovery playbook's, shared with v1: ../common/deleteUnvalidated.ts). */
export const deleteOperation = (kind: V2Kind): Operation => deleteOperationFor(FACTUS_V2, kind, showFor(kind, 'deleteUnvalidated'));

/* ------------------------------------------------------------------------------------------------ */
/* Wait for DIAN Result                                                                              */
/* ------------------------------------------------------------------------------------------------ */

/** Wait for DIAN Result (shared with v1: ../common/wait.ts). */
export const waitOperation = (kind: V2Kind): Operation =>
	waitOperationFor(FACTUS_V2, kind, numberField(kind, 'waitForResult', kind), showFor(kind, 'waitForResult'), (data, extra) => documentOutputV2(kind, data, extra));
