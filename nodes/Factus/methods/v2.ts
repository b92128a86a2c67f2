/**
 * Editor methods of the node's version 2: the reference tables as searchable resource locators with no
 * request (v2 has no municipality, unit or country endpoints), and the numbering ranges per document kind
 * (an API read: GET /v2/numbering-ranges, active ones, with an "Automatic" choice).
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { searchCountries, searchCurrencies, searchMunicipalities, searchUnits, toListSearch, UNIT_MEASURES } from '../data';
import type { V2Kind } from '../wire/v2/profile';
import { V2_PATHS, V2_RANGE_DOCUMENTS } from '../wire/v2/profile';
import { listAll } from '../wire/v2/transport';

const AUTOMATIC: INodePropertyOptions = {
	name: 'Automatic (the Only Active Range)',
	value: '',
	description: 'Factus picks the range when the company has a single active one for this document',
};

async function ranges(ctx: ILoadOptionsFunctions, kind: V2Kind): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [];
	const seen = new Set<unknown>();
	for (const document of V2_RANGE_DOCUMENTS[kind]) {
		const rows = await listAll(ctx, V2_PATHS.catalogs.numberingRanges, { 'filter[document]': document, 'filter[is_active]': 1 });
		for (const range of rows as IDataObject[]) {
			if (seen.has(range.id) || (range.is_active !== undefined && !Number(range.is_active) && range.is_active !== true)) continue;
			seen.add(range.id);
			const name = typeof range.document === 'string' ? range.document : String((range.document as IDataObject | undefined)?.name ?? '');
			const resolution = range.resolution_number ? `, resolution ${String(range.resolution_number)}` : '';
			options.push({
				name: `${String(range.prefix ?? '')} — ${name} (${String(range.from ?? '')}–${String(range.to ?? '')}${resolution})`,
				value: Number(range.id),
				description: `ID ${String(range.id)}${range.end_date ? `, valid until ${String(range.end_date)}` : ''}`,
			});
		}
	}
	return [AUTOMATIC, ...options];
}

const SEARCH_LIMIT = 100;

/** Every DIAN unit of measure as a dropdown (no request): 94 unidad first, then by name. */
export function unitOptions(): INodePropertyOptions[] {
	const first = UNIT_MEASURES.filter((u) => u.code === '94');
	const rest = UNIT_MEASURES.filter((u) => u.code !== '94').sort((a, b) => a.name.localeCompare(b.name, 'es'));
	return [...first, ...rest].map((u) => ({ name: `${u.name} (${u.code})`, value: u.code }));
}

/** The loadOptions method of a line's Unit of Measure dropdown. */
export const UNIT_METHOD = 'getV2Units';

export const methodsV2 = {
	loadOptions: {
		async getV2BillRanges(this: ILoadOptionsFunctions) {
			return await ranges(this, 'bill');
		},
		async getV2CreditNoteRanges(this: ILoadOptionsFunctions) {
			return await ranges(this, 'creditNote');
		},
		async getV2DebitNoteRanges(this: ILoadOptionsFunctions) {
			return await ranges(this, 'debitNote');
		},
		async getV2SupportDocumentRanges(this: ILoadOptionsFunctions) {
			return await ranges(this, 'supportDocument');
		},
		async getV2AdjustmentNoteRanges(this: ILoadOptionsFunctions) {
			return await ranges(this, 'adjustmentNote');
		},
		async getV2Units(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			return unitOptions();
		},
	},
	listSearch: {
		async searchV2Municipalities(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
			return toListSearch(searchMunicipalities(filter, SEARCH_LIMIT));
		},
		async searchV2Units(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
			return toListSearch(searchUnits(filter, SEARCH_LIMIT));
		},
		async searchV2Countries(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
			return toListSearch(searchCountries(filter, SEARCH_LIMIT));
		},
		async searchV2Currencies(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
			return toListSearch(searchCurrencies(filter, SEARCH_LIMIT));
		},
	},
};

/** The loadOptions method of each kind's numbering-range dropdown. */
export const RANGE_METHODS: Record<V2Kind, string> = {
	bill: 'getV2BillRanges',
	creditNote: 'getV2CreditNoteRanges',
	debitNote: 'getV2DebitNoteRanges',
	supportDocument: 'getV2SupportDocumentRanges',
	adjustmentNote: 'getV2AdjustmentNoteRanges',
};
