/**
 * Factus API v2 reference data as data: v2 has no municipality, unit or tribute endpoints, so the node
 * looks codes up here, without a request. Small pure helpers serve searchable dropdowns and resource
 * locators (`listSearch` methods return `{ results }`, `loadOptions` methods return options).
 */
import type { CodeName } from './codes';
import { COUNTRY_ROWS } from './countryRows';
import { CURRENCY_ROWS } from './currencyRows';
import { MUNICIPALITY_ROWS } from './municipalityRows';
import { UNIT_MEASURE_ROWS } from './unitMeasureRows';

export * from './codes';

export interface Department {
	readonly code: string;
	readonly name: string;
}

export interface Municipality {
	/** DIVIPOLA code, what `*.municipality_code` takes (San Gil "68679"). */
	readonly code: string;
	readonly name: string;
	readonly department: Department;
}

const pairs = (list: ReadonlyArray<readonly [string, string]>): readonly CodeName[] => list.map(([code, name]) => ({ code, name }));

export const MUNICIPALITIES: readonly Municipality[] = MUNICIPALITY_ROWS.flatMap(([departmentCode, departmentName, packed]) => {
	const department = { code: departmentCode, name: departmentName };
	return packed.split('|').map((entry) => {
		const [suffix, name] = entry.split(':');
		return { code: `${departmentCode}${suffix}`, name, department };
	});
});

export const DEPARTMENTS: readonly Department[] = MUNICIPALITY_ROWS.map(([code, name]) => ({ code, name }));

/** `items.*.unit_measure_code` (94 = unidad). */
export const UNIT_MEASURES = pairs(UNIT_MEASURE_ROWS);

/** `customer.country_code` / `provider.country_code` (ISO alpha-2, CO = Colombia). */
export const COUNTRIES = pairs(COUNTRY_ROWS);

/** `currency.type` (ISO 4217, a foreign currency). */
export const CURRENCIES = pairs(CURRENCY_ROWS);

/** Case- and accent-insensitive form used by every search here ("Bogotá" ~ "bogota"). */
export function fold(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.trim();
}

/** Exact code first ("Pi" and "PI" may both exist), then case-insensitive ("co" → CO). */
function byCode<T extends { code: string }>(table: readonly T[]): (code: string | number | undefined | null) => T | undefined {
	let exact: Map<string, T> | undefined;
	let folded: Map<string, T> | undefined;
	return (code) => {
		if (code === undefined || code === null) return undefined;
		exact ??= new Map(table.map((row) => [row.code, row]));
		folded ??= new Map([...table].reverse().map((row) => [row.code.toUpperCase(), row]));
		const wanted = String(code).trim();
		return exact.get(wanted) ?? folded.get(wanted.toUpperCase());
	};
}

/**
 * Rows whose code starts with the filter or whose name (plus `extra`, e.g. the department) contains all its
 * words in any order; best first: code matches, then names equal to the filter, then names starting with
 * it, then the rest in table order. At most `limit` rows; an empty filter gives the first `limit` rows.
 */
export function searchTable<T extends CodeName>(table: readonly T[], filter?: string, limit = 100, extra?: (row: T) => string): T[] {
	const needle = fold(filter ?? '').replace(/\s+/g, ' ');
	if (needle === '') return table.slice(0, limit);
	const words = needle.split(' ');
	const ranked: Array<{ row: T; rank: number; at: number }> = [];
	table.forEach((row, at) => {
		const name = fold(row.name);
		let rank: number | undefined;
		if (fold(row.code).startsWith(needle)) rank = 0;
		else if (name === needle) rank = 1;
		else if (name.startsWith(needle)) rank = 2;
		else if (words.every((w) => `${name} ${fold(extra?.(row) ?? '')}`.includes(w))) rank = 3;
		if (rank !== undefined) ranked.push({ row, rank, at });
	});
	return ranked
		.sort((x, y) => x.rank - y.rank || x.at - y.at)
		.slice(0, limit)
		.map((r) => r.row);
}

export const municipalityByCode = byCode(MUNICIPALITIES);
export const unitByCode = byCode(UNIT_MEASURES);
export const countryByCode = byCode(COUNTRIES);
export const currencyByCode = byCode(CURRENCIES);

/** Municipalities by DIVIPOLA code prefix, name or department name ("san gil", "gil santander", "68679"). */
export function searchMunicipalities(filter?: string, limit = 100): Municipality[] {
	return searchTable(MUNICIPALITIES, filter, limit, (m) => m.department.name);
}

export function searchUnits(filter?: string, limit = 100): CodeName[] {
	return searchTable(UNIT_MEASURES, filter, limit);
}

export function searchCountries(filter?: string, limit = 100): CodeName[] {
	return searchTable(COUNTRIES, filter, limit);
}

export function searchCurrencies(filter?: string, limit = 100): CodeName[] {
	return searchTable(CURRENCIES, filter, limit);
}

/** The row of a small code table, e.g. `findCode(TAXES, '04')?.name` → "INC". */
export function findCode<T extends CodeName>(table: readonly T[], code: string | number | undefined | null): T | undefined {
	if (code === undefined || code === null) return undefined;
	const wanted = String(code).trim();
	return table.find((row) => row.code === wanted);
}

/** Dropdown options (`loadOptions` / static `options`): "Name (code)" → code. */
export function toOptions(table: readonly CodeName[]): Array<{ name: string; value: string }> {
	return table.map((row) => ({ name: `${row.name} (${row.code})`, value: row.code }));
}

/** A resource locator's list search: the shape of n8n's `INodeListSearchResult`. */
export function toListSearch(rows: ReadonlyArray<CodeName & { department?: Department }>): { results: Array<{ name: string; value: string }> } {
	return {
		results: rows.map((row) => ({
			name: row.department ? `${row.name} (${row.department.name}) – ${row.code}` : `${row.name} (${row.code})`,
			value: row.code,
		})),
	};
}
