/**
 * Download PDF / XML: v1 answers JSON with the file as base64 (`pdf_base_64_encoded`,
 * `xml_base_64_encoded`); the node returns it as binary data named `<number>.pdf|.xml`.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { binaryItem, binaryPropertyField, decodeBase64 } from '../../../shared/binary';
import { localError } from '../../../shared/errors';
import type { Kind } from '../../profile';
import { NOUNS } from '../../profile';
import { PATHS, PROVIDER, request } from '../../transport';
import { numberField } from './get';
import type { Operation } from './types';
import { showFor } from './types';

/**
 * GETs a v1 answer that carries a file as base64 in `data[field]` (downloads, the e-mail ZIP): the decoded
 * file and the answer's `data`. Anything but base64 there fails the item rather than passing as a file.
 */
export async function fetchFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	file: { path: string; field: string; what: string; noun: string; number: string },
): Promise<{ file: Buffer; data: IDataObject }> {
	const response = await request(ctx, { method: 'GET', path: file.path }, { itemIndex, what: file.noun });
	const data = ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
	try {
		return { file: decodeBase64(data[file.field], file.what), data };
	} catch (error) {
		throw localError(ctx.getNode(), { provider: PROVIDER, message: `Factus: ${(error as Error).message} for ${file.noun} ${file.number}` }, itemIndex);
	}
}

export function downloadOperation(resource: string, operation: string, kind: Kind, type: 'pdf' | 'xml', placeholder: string): Operation {
	return {
		description: [numberField(resource, operation, kind, placeholder), binaryPropertyField(showFor(resource, operation))],
		async execute(this: IExecuteFunctions, i: number) {
			const number = (this.getNodeParameter('number', i) as string).trim();
			const path = type === 'pdf' ? PATHS.documents[kind].pdf(number) : PATHS.documents[kind].xml(number);
			const { file, data } = await fetchFile(this, i, { path, field: `${type}_base_64_encoded`, what: type.toUpperCase(), noun: NOUNS[kind], number });
			return await binaryItem(this, i, {
				data: file,
				kind: type,
				documentNumber: number,
				json: { number, factusFileName: data.file_name ?? null },
			});
		},
	};
}
