/**
 * Download PDF / XML: v1 answers JSON with the file as base64 (`pdf_base_64_encoded`,
 * `xml_base_64_encoded`); the node returns it as binary data named `<number>.pdf|.xml`.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { binaryItem, binaryPropertyField, decodeBase64 } from '../../shared/binary';
import { localError } from '../../shared/errors';
import { NOUNS } from '../documents';
import { factusRequest, PROVIDER, V1_PATHS } from '../transport';
import type { V1Kind } from '../wire/v1';
import { numberField } from './get';
import type { Operation } from './types';
import { showFor } from './types';

export function downloadOperation(resource: string, operation: string, kind: V1Kind, type: 'pdf' | 'xml', placeholder: string): Operation {
	return {
		description: [numberField(resource, operation, kind, placeholder), binaryPropertyField(showFor(resource, operation))],
		async execute(this: IExecuteFunctions, i: number) {
			const number = (this.getNodeParameter('number', i) as string).trim();
			const path = type === 'pdf' ? V1_PATHS[kind].pdf(number) : V1_PATHS[kind].xml(number);
			const response = await factusRequest(this, { method: 'GET', path }, { itemIndex: i, what: NOUNS[kind] });
			const data = ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
			let file: Buffer;
			try {
				file = decodeBase64(data[`${type}_base_64_encoded`], type.toUpperCase());
			} catch (error) {
				throw localError(this.getNode(), { provider: PROVIDER, message: `Factus: ${(error as Error).message} for ${NOUNS[kind]} ${number}` }, i);
			}
			return await binaryItem(this, i, {
				data: file,
				kind: type,
				documentNumber: number,
				json: { number, factusFileName: data.file_name ?? null },
			});
		},
	};
}
