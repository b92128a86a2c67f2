/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The Factus v2 reference tables the node ships (nodes/Factus/data) against the DIAN tables Factus
 * publishes (../shared/data/factus-v2, copied into test/simulators/factus/data so a fresh clone runs alone):
 * same rows, unique codes, and the lookups a dropdown or resource locator makes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as data from '../../nodes/Factus/data';
import * as sim from '../simulators/factus/v2/catalogs';

const copies = join(__dirname, '../simulators/factus/data');
const shared = join(__dirname, '../../../shared/data/factus-v2');

function table<T>(file: string, key?: string): T[] {
	const parsed = JSON.parse(readFileSync(join(copies, file), 'utf8')) as Record<string, T[]> | T[];
	return key ? (parsed as Record<string, T[]>)[key] : (parsed as T[]);
}

type Row = { code: string; name: string };
type MunicipalityRow = Row & { department: Row };

const municipalities = table<MunicipalityRow>('municipalities.json', 'municipalities');
const units = table<Row>('unit-measures.json', 'unitMeasures');
const countries = table<Row>('countries.json', 'countries');
const currencies = table<Row>('currencies.json');

const codes = (rows: ReadonlyArray<{ code: string }>) => rows.map((r) => r.code);
const unique = (rows: ReadonlyArray<{ code: string }>) => new Set(codes(rows)).size === rows.length;

describe('Factus v2 reference data', () => {
	it.each(['municipalities.json', 'unit-measures.json', 'countries.json', 'currencies.json'])(
		"the test copy of %s is the shared DIAN table (when ../shared is there)",
		(file) => {
			if (!existsSync(join(shared, file))) return;
			expect(JSON.parse(readFileSync(join(copies, file), 'utf8'))).toEqual(JSON.parse(readFileSync(join(shared, file), 'utf8')));
		},
	);

	it('has every municipality with its DIVIPOLA code, name and department, in order', () => {
		expect(data.MUNICIPALITIES).toHaveLength(1122);
		expect(data.MUNICIPALITIES.map((m) => ({ code: m.code, name: m.name, department: { ...m.department } }))).toEqual(municipalities);
		expect(unique(data.MUNICIPALITIES)).toBe(true);
		expect(data.DEPARTMENTS).toHaveLength(new Set(municipalities.map((m) => m.department.code)).size);
	});

	it('finds San Gil by code, by name and by name plus department', () => {
		const sanGil = { code: '68679', name: 'San Gil', department: { code: '68', name: 'Santander' } };
		expect(data.municipalityByCode('68679')).toEqual(sanGil);
		expect(data.searchMunicipalities('san gil')).toEqual([sanGil]);
		expect(data.searchMunicipalities('gil SANTANDER')).toEqual([sanGil]);
		expect(data.searchMunicipalities('68679')).toEqual([sanGil]);
		expect(data.searchMunicipalities('bogota').map((m) => m.code)).toContain('11001');
		expect(data.municipalityByCode('99999')).toBeUndefined();
	});

	it('has every unit measure once: the source repeats four codes and the first (UN/ECE) meaning is kept', () => {
		const firstByCode = new Map<string, Row>();
		for (const u of units) if (!firstByCode.has(u.code)) firstByCode.set(u.code, u);
		expect(units).toHaveLength(1093);
		expect(data.UNIT_MEASURES).toHaveLength(firstByCode.size);
		expect(data.UNIT_MEASURES.map((u) => ({ ...u }))).toEqual([...firstByCode.values()]);
		expect(unique(data.UNIT_MEASURES)).toBe(true);
		const repeated = units.filter((u, i) => units.findIndex((v) => v.code === u.code) !== i).map((u) => u.code);
		expect(repeated.sort()).toEqual(['MGM', 'ONZ', 'PD', 'SO']);
		expect(data.unitByCode('MGM')?.name).toBe('miligramo');
		expect(data.unitByCode('94')).toEqual({ code: '94', name: 'unidad' });
		expect(data.unitByCode('KGM')?.name).toBe('kilogramo');
		expect(data.searchUnits('kilogramo')[0]).toEqual({ code: 'KGM', name: 'kilogramo' });
	});

	it('has every country and currency, codes unique', () => {
		expect(data.COUNTRIES.map((c) => ({ ...c }))).toEqual(countries);
		expect(data.COUNTRIES).toHaveLength(249);
		expect(unique(data.COUNTRIES)).toBe(true);
		expect(data.countryByCode('co')).toEqual({ code: 'CO', name: 'Colombia' });
		expect(data.CURRENCIES.map((c) => ({ ...c }))).toEqual(currencies);
		expect(data.CURRENCIES).toHaveLength(178);
		expect(unique(data.CURRENCIES)).toBe(true);
		expect(data.currencyByCode('USD')?.name).toBe('Dólar estadounidense');
		expect(data.currencyByCode('COP')).toBeUndefined();
		expect(data.searchCurrencies('euro').map((c) => c.code)).toContain('EUR');
	});

	it('has the small tables v2 refers to by code, each code once', () => {
		const small = Object.entries(data).filter(
			(entry): entry is [string, ReadonlyArray<{ code: string; name: string }>] =>
				Array.isArray(entry[1]) && entry[1].length > 0 && typeof (entry[1][0] as { code?: unknown }).code === 'string',
		);
		expect(small.length).toBeGreaterThanOrEqual(25);
		for (const [name, rows] of small) {
			expect({ name, unique: unique(rows) }).toEqual({ name, unique: true });
			for (const row of rows) expect(row.name.trim()).not.toBe('');
		}
		expect(codes(data.TAXES)).toEqual(['01', '04', '35']);
		expect(data.findCode(data.TAXES, '04')?.name).toBe('INC');
		expect(codes(data.WITHHOLDING_TAXES)).toEqual(['05', '06']);
		expect(codes(data.RADIAN_EVENTS)).toEqual(['030', '031', '032', '033', '034']);
		expect(codes(data.CLAIM_CONCEPTS)).toEqual(['01', '02', '03', '04']);
		expect(codes(data.CREDIT_NOTE_CORRECTION_CONCEPTS)).toEqual(['1', '2', '3', '4', '5', '6']);
		expect(codes(data.DEBIT_NOTE_CORRECTION_CONCEPTS)).toEqual(['1', '2', '3', '4']);
		expect(codes(data.DEBIT_NOTE_OPERATION_TYPES)).toEqual(['30', '32']);
		expect(codes(data.SUPPORT_DOCUMENT_IDENTIFICATION_TYPES)).toEqual(['21', '22', '31', '41', '42', '47', '50']);
		expect(data.findCode(data.IDENTIFICATION_DOCUMENT_TYPES, 31)?.name).toBe('NIT');
		expect(codes(data.FISCAL_RESPONSIBILITIES)).toContain('O-13');
	});

	it('builds dropdown options and list-search results without a request', () => {
		expect(data.toOptions(data.PAYMENT_FORMS)).toEqual([
			{ name: 'Pago de contado (1)', value: '1' },
			{ name: 'Pago a crédito (2)', value: '2' },
		]);
		expect(data.toListSearch(data.searchMunicipalities('san gil'))).toEqual({ results: [{ name: 'San Gil (Santander) – 68679', value: '68679' }] });
		expect(data.searchMunicipalities('', 5)).toHaveLength(5);
		expect(data.searchMunicipalities('zzzz nowhere')).toEqual([]);
	});
});

describe('Factus v2 code tables: the node\'s copy and the simulator\'s agree', () => {
	const pairs: Array<[string, ReadonlyArray<{ code: string }>, Record<string, string> | string[]]> = [
		['document types', data.BILL_DOCUMENT_TYPES, sim.DOCUMENT_TYPES],
		['operation types', data.OPERATION_TYPES, sim.OPERATION_TYPES],
		['identification types', data.IDENTIFICATION_DOCUMENT_TYPES, sim.IDENTIFICATION_TYPES],
		['provider identification types', data.SUPPORT_DOCUMENT_IDENTIFICATION_TYPES, sim.PROVIDER_IDENTIFICATION_TYPES],
		['health identification types', data.HEALTH_IDENTIFICATION_TYPES, sim.HEALTH_IDENTIFICATION_TYPES],
		['legal organizations', data.LEGAL_ORGANIZATIONS, sim.LEGAL_ORGANIZATIONS],
		['customer tributes', data.CUSTOMER_TRIBUTES, sim.CUSTOMER_TRIBUTES],
		['responsibilities', data.FISCAL_RESPONSIBILITIES, sim.RESPONSIBILITIES],
		['taxes', data.TAXES, sim.TAXES],
		['withholdings', data.WITHHOLDING_TAXES, sim.WITHHOLDINGS],
		['standard codes', data.STANDARD_CODES, sim.STANDARD_CODES],
		['payment forms', data.PAYMENT_FORMS, sim.PAYMENT_FORMS],
		['payment methods', data.PAYMENT_METHODS, sim.PAYMENT_METHODS],
		['allowance concepts', data.ALLOWANCE_CHARGE_CONCEPTS, sim.ALLOWANCE_CONCEPTS],
		['credit concepts', data.CREDIT_NOTE_CORRECTION_CONCEPTS, sim.CREDIT_CONCEPTS],
		['credit customizations', data.CREDIT_NOTE_OPERATION_TYPES, sim.CREDIT_CUSTOMIZATIONS],
		['debit concepts', data.DEBIT_NOTE_CORRECTION_CONCEPTS, sim.DEBIT_CONCEPTS],
		['debit customizations', data.DEBIT_NOTE_OPERATION_TYPES, sim.DEBIT_CUSTOMIZATIONS],
		['adjustment concepts', data.ADJUSTMENT_NOTE_CORRECTION_CONCEPTS, sim.ADJUSTMENT_CONCEPTS],
		['health coverages', data.HEALTH_COVERAGES, sim.HEALTH_COVERAGES],
		['health payment methods', data.HEALTH_PAYMENT_METHODS, sim.HEALTH_PAYMENT_METHODS],
		['health prepayment concepts', data.HEALTH_PREPAYMENT_CONCEPTS, sim.HEALTH_PREPAYMENT_CONCEPTS],
		['collection concepts', data.HEALTH_COLLECTION_CONCEPTS, sim.COLLECTION_CONCEPTS],
		['transport properties', data.TRANSPORT_PROPERTIES, sim.TRANSPORT_PROPERTIES],
		['RADIAN events', data.RADIAN_EVENTS, sim.RADIAN_EVENTS],
		['claim concepts', data.CLAIM_CONCEPTS, sim.CLAIM_CONCEPTS],
	];

	it.each(pairs)('%s', (_name, node, simulator) => {
		const simulatorCodes = Array.isArray(simulator) ? simulator : Object.keys(simulator);
		expect(codes(node).sort()).toEqual([...simulatorCodes].sort());
	});

	it('the simulator knows every municipality, unit, country and currency code the node offers', () => {
		expect(data.MUNICIPALITIES.every((m) => sim.MUNICIPALITIES_V2.has(m.code))).toBe(true);
		expect(data.UNIT_MEASURES.every((u) => sim.UNITS_V2.get(u.code) === u.name)).toBe(true);
		expect(data.COUNTRIES.every((c) => sim.COUNTRIES_V2.get(c.code) === c.name)).toBe(true);
		expect(data.CURRENCIES.every((c) => sim.CURRENCIES_V2.get(c.code) === c.name)).toBe(true);
	});
});
