/**
 * Searchable lists: economic activities (a few hundred, so filtered as the user types) and stored
 * clients (by NIT/NRC through the provider's search, or by name across the 0-based pages).
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { accountSettings, fetchCatalog, listPage, searchClients } from '../transport';
import { SEARCH_MIN_LENGTH } from '../wire/client';

/** Lower case without accents, so "credito" finds "Crédito". */
const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

async function searchActivities(ctx: ILoadOptionsFunctions, filter: string | undefined, value: 'id' | 'codigo') {
	const wanted = fold(filter ?? '').trim();
	const entries = await fetchCatalog(ctx, 'economicActivities');
	const results = entries
		.filter((e) => wanted === '' || fold(`${e.codigo} ${e.nombre}`).includes(wanted))
		.map((e) => ({ name: `${e.codigo} — ${e.nombre}`, value: value === 'id' ? String(e.id) : e.codigo }));
	return { results };
}

const clientName = (c: IDataObject) =>
	`${String(c.nombre ?? 'Client')}${c.nit ? ` — NIT ${String(c.nit)}` : ''}${c.nrc ? ` — NRC ${String(c.nrc)}` : ''}`;

export const listSearch = {
	async searchEconomicActivities(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await searchActivities(this, filter, 'id');
	},

	async searchEconomicActivityCodes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await searchActivities(this, filter, 'codigo');
	},

	async searchClients(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const settings = await accountSettings(this);
		const text = (filter ?? '').trim();
		const digits = text.replace(/-/g, '');
		if (/^\d+$/.test(digits) && digits.length >= SEARCH_MIN_LENGTH) {
			const found = await searchClients(this, settings, digits);
			return { results: found.map((c) => ({ name: clientName(c), value: String(c.id) })) };
		}
		const page = Number(paginationToken ?? 0) || 0;
		const { clients, more } = await listPage(this, settings, page);
		const wanted = fold(text);
		const results = clients
			.filter((c) => wanted === '' || fold(clientName(c)).includes(wanted))
			.map((c) => ({ name: clientName(c), value: String(c.id) }));
		return { results, paginationToken: more ? String(page + 1) : undefined };
	},
};
