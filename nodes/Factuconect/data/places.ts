/**
 * MH's catalogs of places as static data, so a department or municipality code is checked before anything
 * is sent (Factuconect's catalog endpoints are [assumed] and may not be at hand; see docs/factuconect.md).
 *
 * - CAT-012 (departamento): the 14 departments, codes 01–14 — [mh], verified (the codes every public list
 *   of MH's catalog agrees on).
 * - CAT-013 (municipio), coded within its department:
 *   - the municipalities before the 2024 reform keep codes 01..n (n per department below) — [mh], verified
 *     against a published copy of MH's CAT-013 (262 municipalities; the counts match the simulator's lists);
 *   - the 44 municipalities of the 2024 reform follow them, n+1.. in the order given here — [assumed]: MH
 *     added them to CAT-013 after the old codes; the order within a department is our reading.
 */

export interface Department {
	code: string;
	name: string;
	/** How many pre-2024 municipality codes the department has (01..legacy). */
	legacy: number;
	/** The 2024 municipalities, coded legacy+1, legacy+2, … */
	reform2024: string[];
}

const D = (code: string, name: string, legacy: number, reform2024: string[]): Department => ({ code, name, legacy, reform2024 });

export const DEPARTMENTS: Department[] = [
	D('01', 'Ahuachapán', 12, ['Ahuachapán Norte', 'Ahuachapán Centro', 'Ahuachapán Sur']),
	D('02', 'Santa Ana', 13, ['Santa Ana Norte', 'Santa Ana Centro', 'Santa Ana Este', 'Santa Ana Oeste']),
	D('03', 'Sonsonate', 16, ['Sonsonate Norte', 'Sonsonate Centro', 'Sonsonate Este', 'Sonsonate Oeste']),
	D('04', 'Chalatenango', 33, ['Chalatenango Norte', 'Chalatenango Centro', 'Chalatenango Sur']),
	D('05', 'La Libertad', 22, ['La Libertad Norte', 'La Libertad Centro', 'La Libertad Oeste', 'La Libertad Este', 'La Libertad Costa', 'La Libertad Sur']),
	D('06', 'San Salvador', 19, ['San Salvador Norte', 'San Salvador Oeste', 'San Salvador Este', 'San Salvador Centro', 'San Salvador Sur']),
	D('07', 'Cuscatlán', 16, ['Cuscatlán Norte', 'Cuscatlán Sur']),
	D('08', 'La Paz', 22, ['La Paz Oeste', 'La Paz Centro', 'La Paz Este']),
	D('09', 'Cabañas', 9, ['Cabañas Este', 'Cabañas Oeste']),
	D('10', 'San Vicente', 13, ['San Vicente Norte', 'San Vicente Sur']),
	D('11', 'Usulután', 23, ['Usulután Norte', 'Usulután Este', 'Usulután Oeste']),
	D('12', 'San Miguel', 20, ['San Miguel Norte', 'San Miguel Centro', 'San Miguel Oeste']),
	D('13', 'Morazán', 26, ['Morazán Norte', 'Morazán Sur']),
	D('14', 'La Unión', 18, ['La Unión Norte', 'La Unión Sur']),
];

export function department(code: string): Department | undefined {
	return DEPARTMENTS.find((d) => d.code === code);
}

/** The highest municipality code of a department (legacy and 2024 codes together). */
export const lastMunicipality = (d: Department): number => d.legacy + d.reform2024.length;

/** Whether `municipality` is a CAT-013 code of `departmentCode`. */
export function isMunicipalityOf(departmentCode: string, municipality: string): boolean {
	const d = department(departmentCode);
	if (!d || !/^\d{2}$/.test(municipality)) return false;
	const n = Number(municipality);
	return n >= 1 && n <= lastMunicipality(d);
}
