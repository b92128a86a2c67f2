/**
 * Searchable list for the municipality field: GET /v1/municipalities?name=<what the user typed>, served
 * a hundred at a time.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listAll, PATHS } from '../transport';

const PAGE = 100;

export async function searchMunicipalities(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const name = (filter ?? '').trim();
	const rows = await listAll(this, PATHS.catalogs.municipalities, name ? { name } : {}, { paged: false });
	const start = Number(paginationToken ?? 0) || 0;
	const page = rows.slice(start, start + PAGE);
	return {
		results: page.map((m) => {
			const department = typeof m.department === 'object' && m.department ? String((m.department as { name?: unknown }).name ?? '') : String(m.department ?? '');
			return { name: `${String(m.name)}${department ? ` (${department})` : ''} — ${String(m.code ?? '')}`, value: String(m.id) };
		}),
		paginationToken: start + PAGE < rows.length ? String(start + PAGE) : undefined,
	};
}
