/**
 * Editor dropdowns: numbering ranges per document kind (active ones, with an "Automatic" choice) and
 * measurement units.
 */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { Kind } from '../profile';
import { RANGE_DOCUMENTS } from '../profile';
import { listAll, PATHS } from '../transport';

const AUTOMATIC: INodePropertyOptions = {
	name: 'Automatic (the Only Active Range)',
	value: '',
	description: 'Factus picks the range when the company has a single active one for this document',
};

function documentName(range: IDataObject): string {
	const document = range.document;
	if (typeof document === 'string') return document;
	if (document && typeof document === 'object') return String((document as IDataObject).name ?? '');
	return '';
}

async function ranges(ctx: ILoadOptionsFunctions, kind: Kind): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [];
	const seen = new Set<unknown>();
	for (const document of RANGE_DOCUMENTS[kind]) {
		const rows = await listAll(ctx, PATHS.catalogs.numberingRanges, { 'filter[document]': document, 'filter[is_active]': 1 });
		for (const range of rows) {
			if (seen.has(range.id) || (range.is_active !== undefined && !Number(range.is_active) && range.is_active !== true)) continue;
			seen.add(range.id);
			const resolution = range.resolution_number ? `, resolution ${String(range.resolution_number)}` : '';
			options.push({
				name: `${String(range.prefix ?? '')} — ${documentName(range)} (${String(range.from ?? '')}–${String(range.to ?? '')}${resolution})`,
				value: Number(range.id),
				description: `ID ${String(range.id)}${range.end_date ? `, valid until ${String(range.end_date)}` : ''}`,
			});
		}
	}
	return [AUTOMATIC, ...options];
}

export async function getBillNumberingRanges(this: ILoadOptionsFunctions) {
	return await ranges(this, 'bill');
}

export async function getCreditNoteNumberingRanges(this: ILoadOptionsFunctions) {
	return await ranges(this, 'creditNote');
}

export async function getSupportDocumentNumberingRanges(this: ILoadOptionsFunctions) {
	return await ranges(this, 'supportDocument');
}

export async function getMeasurementUnits(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await listAll(this, PATHS.catalogs.measurementUnits, {}, { paged: false });
	return rows
		.map((unit) => ({ name: `${String(unit.name)} (${String(unit.code)})`, value: Number(unit.id) }))
		.sort((a, b) => a.name.localeCompare(b.name, 'es'));
}
