/**
 * Credit Note → Preview Totals: checks the credit note exactly like Create does (same readers, checks and
 * fit limits) and computes Factus v1's amounts with the shared money engine, without creating anything.
 * With "Copy All Lines of the Bill" it reads the bill (one GET) to know its lines; with lines entered it
 * sends no request at all. Its fields are the credit note's (ui/creditNote.ts covers both operations).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItem, resolveCreditedBill } from '../../input/read';
import { previewV1 } from '../../wire/v1/preview';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number) {
	const read = await readItem(this, i, 'creditNote', { forPreview: true });
	const json: IDataObject = {};
	if (read.copyLines) {
		const bill = await resolveCreditedBill(this, i, read, { forPreview: true });
		if (bill) json.creditedBill = { id: bill.id, number: bill.number, cufe: bill.cufe ?? null };
	}
	return { json: { preview: true, ...previewV1('creditNote', read.body), currency: 'COP', ...json, body: read.body }, pairedItem: { item: i } };
}
