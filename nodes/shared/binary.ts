/**
 * Downloads become n8n binary data the way users expect: a binary property (default `data`) named
 * `<document number>.<ext>` with the right MIME type, ready for e-mail or storage nodes.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

export const MIME_TYPES = {
	pdf: 'application/pdf',
	xml: 'application/xml',
	zip: 'application/zip',
} as const;

export type FileKind = keyof typeof MIME_TYPES;

/** The "Put Output File in Field" parameter shared by every download operation. */
export function binaryPropertyField(displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The name of the output binary field to put the file in',
		displayOptions,
	};
}

/** A safe file name: the document number with characters file systems dislike replaced. */
export function fileNameFor(documentNumber: string, kind: FileKind): string {
	const base = documentNumber.trim().replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'document';
	const ext = `.${kind}`;
	return base.toLowerCase().endsWith(ext) ? base : `${base}${ext}`;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

/** Decodes base64 from a provider, refusing text that is not base64 (so a bad file never passes as good). */
export function decodeBase64(value: unknown, what: string): Buffer {
	if (typeof value !== 'string' || value.trim() === '' || !BASE64.test(value.replace(/\s+/g, ''))) {
		throw new Error(`The provider did not return the ${what} as base64 data`);
	}
	return Buffer.from(value, 'base64');
}

export async function binaryItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: { data: Buffer; kind: FileKind; documentNumber: string; json?: IDataObject; mimeType?: string },
): Promise<INodeExecutionData> {
	const property = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const fileName = fileNameFor(options.documentNumber, options.kind);
	const binary = await ctx.helpers.prepareBinaryData(
		options.data,
		fileName,
		options.mimeType ?? MIME_TYPES[options.kind],
	);
	return {
		json: { fileName, mimeType: binary.mimeType, fileSize: options.data.length, ...(options.json ?? {}) },
		binary: { [property]: binary },
		pairedItem: { item: itemIndex },
	};
}
