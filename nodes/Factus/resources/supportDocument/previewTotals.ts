/**
 * Support Document → Preview Totals: checks the support document exactly like Create does and computes
 * Factus v1's amounts (no tax on its items; withholdings) with the shared money engine, without any
 * request. Its fields are the support document's (ui/supportDocument.ts covers both operations).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItem } from '../../input/read';
import { previewV1 } from '../../wire/v1/preview';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number) {
	const { body } = await readItem(this, i, 'supportDocument', { forPreview: true });
	return { json: { preview: true, ...previewV1('supportDocument', body), currency: 'COP', body }, pairedItem: { item: i } };
}
