/**
 * Searchable lists for the editor: FacEPro's documents, newest first, for the Document field of Get,
 * Refresh DIAN Status and Download XML (any kind), and for the invoice a note corrects (invoices only).
 * FacEPro's list has no text search, so what the user types filters the pages read here (number,
 * customer name or ID); each answer reads up to a few pages and says where to go on.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { kindOf, KIND_WORDS } from '../profile';
import { isLastListPage, listPage, PATHS, request } from '../transport';

const PER_PAGE = 100;
/** Pages one answer reads at most while a filter finds too little. */
const PAGES_PER_ANSWER = 5;
/** Enough to fill the editor's list. */
const ENOUGH = 50;

/** Lower case without accents, so "perez" finds "PÉREZ". */
const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function item(document: IDataObject): INodeListSearchItems {
	const customer = (document.adquirente ?? {}) as IDataObject;
	const total = ((document.totales ?? {}) as IDataObject).total;
	const date = typeof document.fecha_emision === 'string' ? document.fecha_emision.slice(0, 10) : '';
	const parts = [
		String(document.numero_completo ?? document.tracking_id),
		`${String(customer.razon_social ?? '')} (${String(customer.documento ?? '')})`,
		total !== undefined ? `${String(total)} COP` : '',
		date,
		String(document.estado ?? ''),
	];
	return { name: parts.filter((p) => p !== '' && p !== ' ()').join(' · '), value: String(document.tracking_id) };
}

async function search(ctx: ILoadOptionsFunctions, filter: string | undefined, token: string | undefined, invoicesOnly: boolean): Promise<INodeListSearchResult> {
	const wanted = fold((filter ?? '').trim());
	const results: INodeListSearchItems[] = [];
	let page = Math.max(1, Number(token ?? 1) || 1);
	for (let read = 0; read < PAGES_PER_ANSWER && results.length < ENOUGH; read++, page++) {
		const response = await request(ctx, { method: 'GET', path: PATHS.documents, qs: { per_page: PER_PAGE, page } });
		const result = listPage(ctx, response, page);
		for (const document of result.documents) {
			if (typeof document.tracking_id !== 'string') continue;
			if (invoicesOnly && kindOf(document.tipo_documento) !== 'invoice') continue;
			const found = item(document);
			if (wanted === '' || fold(`${found.name} ${KIND_WORDS[kindOf(document.tipo_documento)]}`).includes(wanted)) results.push(found);
		}
		if (isLastListPage(result, PER_PAGE)) return { results };
	}
	return { results, paginationToken: String(page) };
}

export async function searchDocuments(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, filter, paginationToken, false);
}

export async function searchInvoices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, filter, paginationToken, true);
}
