/**
 * Reference data the Factus v1 simulator serves. Municipalities, unit measures and countries come from
 * the DIAN tables copied from ../shared/data/factus-v2 (into ./data, so a fresh clone runs alone); their
 * v1 numeric ids are the position in the file + 1, which reproduces the ids the seeds show
 * (San Gil 980, Fresno 1041, unit "94" unidad 70).
 */
import { createHash } from 'node:crypto';

import countriesFile from './data/countries.json';
import municipalitiesFile from './data/municipalities.json';
import unitMeasuresFile from './data/unit-measures.json';

export interface Municipality {
	id: number;
	code: string;
	name: string;
	department: string;
}

export interface CodeName {
	id: number;
	code: string;
	name: string;
}

export const MUNICIPALITIES: Municipality[] = municipalitiesFile.municipalities.map((m, index) => ({
	id: index + 1,
	code: m.code,
	name: m.name,
	department: m.department.name,
}));

export const UNIT_MEASURES: CodeName[] = unitMeasuresFile.unitMeasures.map((u, index) => ({
	id: index + 1,
	code: u.code,
	name: u.name,
}));

export const COUNTRIES: CodeName[] = countriesFile.countries.map((c, index) => ({ id: index + 1, code: c.code, name: c.name }));

/** Product tributes: ids and codes of the first ones as factus.md lists them; the rest [assumed]. */
export const PRODUCT_TRIBUTES: Array<CodeName & { description: string }> = [
	{ id: 1, code: '01', name: 'IVA', description: 'Impuesto sobre la Ventas' },
	{ id: 2, code: '02', name: 'IC', description: 'Impuesto al Consumo Departamental Nominal' },
	{ id: 3, code: '03', name: 'ICA', description: 'Impuesto de Industria, Comercio y Aviso' },
	{ id: 4, code: '04', name: 'INC', description: 'Impuesto Nacional al Consumo' },
	{ id: 5, code: '05', name: 'ReteIVA', description: 'Retención sobre el IVA' },
	{ id: 6, code: '06', name: 'ReteRenta', description: 'Retención sobre la renta' },
	{ id: 7, code: '07', name: 'ReteICA', description: 'Retención sobre el ICA' },
	{ id: 8, code: '08', name: 'IC Porcentual', description: 'Impuesto al Consumo Departamental Porcentual' },
	{ id: 9, code: '20', name: 'FtoHorticultura', description: 'Cuota de Fomento Hortifrutícula' },
	{ id: 10, code: '21', name: 'Timbre', description: 'Impuesto de Timbre' },
	{ id: 11, code: '22', name: 'INC Bolsas', description: 'Impuesto Nacional al Consumo de Bolsa Plástica' },
	{ id: 12, code: '35', name: 'ICUI', description: 'Impuesto a los productos comestibles ultraprocesados' },
	{ id: 13, code: 'ZZ', name: 'No aplica', description: 'No aplica' },
];

/** Withholding codes a v1 item accepts, with the base they apply to. */
export const WITHHOLDINGS: Record<string, { name: string; base: 'tax' | 'taxable' }> = {
	'05': { name: 'ReteIVA', base: 'tax' },
	'06': { name: 'ReteRenta', base: 'taxable' },
	'07': { name: 'ReteICA', base: 'taxable' },
};

/** Customer tribute ids (factus.md: 18 IVA, 21 no aplica). */
export const CUSTOMER_TRIBUTES: Record<number, CodeName> = {
	18: { id: 18, code: '01', name: 'IVA' },
	21: { id: 21, code: 'ZZ', name: 'No aplica' },
};

export const LEGAL_ORGANIZATIONS: Record<number, CodeName> = {
	1: { id: 1, code: '1', name: 'Persona Jurídica' },
	2: { id: 2, code: '2', name: 'Persona Natural' },
};

export const IDENTIFICATION_DOCUMENTS: Record<number, CodeName> = {
	1: { id: 1, code: '11', name: 'Registro civil' },
	2: { id: 2, code: '12', name: 'Tarjeta de identidad' },
	3: { id: 3, code: '13', name: 'Cédula de ciudadanía' },
	4: { id: 4, code: '21', name: 'Tarjeta de extranjería' },
	5: { id: 5, code: '22', name: 'Cédula de extranjería' },
	6: { id: 6, code: '31', name: 'NIT' },
	7: { id: 7, code: '41', name: 'Pasaporte' },
	8: { id: 8, code: '42', name: 'Documento de identificación extranjero' },
	9: { id: 9, code: '47', name: 'PEP' },
	10: { id: 10, code: '50', name: 'NIT otro país' },
	11: { id: 11, code: '91', name: 'NUIP' },
};

export const STANDARD_CODES: Record<number, CodeName> = {
	1: { id: 1, code: '999', name: 'Estándar de adopción del contribuyente' },
	2: { id: 2, code: '001', name: 'UNSPSC' },
	3: { id: 3, code: '020', name: 'Partida Arancelaria' },
	4: { id: 4, code: '010', name: 'GTIN' },
};

export const PAYMENT_FORMS: Record<string, string> = { '1': 'Pago de contado', '2': 'Pago a crédito' };

export const PAYMENT_METHODS: Record<string, string> = {
	'1': 'Medio de pago no definido',
	'10': 'Efectivo',
	'20': 'Cheque',
	'42': 'Consignación',
	'47': 'Transferencia',
	'48': 'Tarjeta Crédito',
	'49': 'Tarjeta Débito',
	'71': 'Bonos',
	'72': 'Vales',
	ZZZ: 'Otro',
};

export const BILL_DOCUMENTS: Record<string, string> = {
	'01': 'Factura electrónica de Venta',
	'03': 'Instrumento electrónico de transmisión - tipo 03',
};

/** Correction concepts of v1 credit notes (factus.md). */
export const CORRECTION_CONCEPTS: Record<number, string> = {
	1: 'Devolución parcial de los bienes y/o no aceptación parcial del servicio',
	2: 'Anulación de factura electrónica',
	3: 'Rebaja o descuento parcial o total',
	4: 'Ajuste de precio',
	5: 'Otros',
};

export const CUSTOMIZATIONS: Record<number, string> = {
	20: 'Nota Crédito que referencia una factura electrónica',
	22: 'Nota Crédito sin referencia a facturas',
};

/**
 * Numbering-range document codes as `filter[document]` takes them [assumed]: 21 sales invoice,
 * 22 credit note, 24 support document, 30 paper invoice (the range document 03 uses).
 */
export const RANGE_DOCUMENTS: Record<string, string> = {
	'21': 'Factura de Venta',
	'22': 'Nota Crédito',
	'23': 'Nota Débito',
	'24': 'Documento Soporte',
	'25': 'Nota de Ajuste Documento Soporte',
	'30': 'Factura de talonario o de papel',
};

export interface NumberingRange {
	id: number;
	documentCode: string;
	prefix: string;
	from: number;
	to: number;
	/** Last number used. */
	current: number;
	resolution_number: string;
	start_date: string;
	end_date: string;
	technical_key: string;
	is_active: boolean;
}

/** A stable, obviously fake DIAN technical key for a range. */
const rangeKey = (prefix: string) => createHash('sha1').update(`factus-simulator-${prefix}`).digest('hex');

/** Ranges of the sandbox company: one active range per document kind, plus an expired one. */
export function defaultRanges(): NumberingRange[] {
	const base = { resolution_number: '18760000001', start_date: '2019-01-19', end_date: '2030-01-19' };
	return [
		{ id: 4, documentCode: '21', prefix: 'SETP', from: 990000000, to: 995000000, current: 990000492, ...base, technical_key: rangeKey('SETP'), is_active: true },
		{ id: 8, documentCode: '21', prefix: 'SETT', from: 1, to: 5000000, current: 0, ...base, technical_key: rangeKey('SETT'), is_active: false },
		{ id: 9, documentCode: '21', prefix: 'FV', from: 1, to: 1000, current: 1000, resolution_number: '18764000009', start_date: '2020-01-01', end_date: '2021-01-01', technical_key: '', is_active: false },
		{ id: 67, documentCode: '30', prefix: 'FTP', from: 990000000, to: 995000000, current: 990000013, ...base, technical_key: '', is_active: true },
		{ id: 5, documentCode: '22', prefix: 'NC', from: 1, to: 100000, current: 0, ...base, technical_key: '', is_active: true },
		{ id: 6, documentCode: '24', prefix: 'DS', from: 1, to: 100000, current: 0, ...base, technical_key: '', is_active: true },
	];
}

export function rangeJson(range: NumberingRange): Record<string, unknown> {
	return {
		id: range.id,
		document: RANGE_DOCUMENTS[range.documentCode] ?? range.documentCode,
		document_code: range.documentCode,
		prefix: range.prefix,
		from: range.from,
		to: range.to,
		current: range.current,
		resolution_number: range.resolution_number,
		start_date: range.start_date,
		end_date: range.end_date,
		technical_key: range.technical_key,
		is_expired: range.end_date < new Date().toISOString().slice(0, 10),
		is_active: range.is_active ? 1 : 0,
	};
}

/** The sandbox company (seed 001). */
export const COMPANY = {
	url_logo: 'https://api-sandbox.factus.com.co/storage/images/logos/halltec.png',
	nit: '900825759',
	dv: '7',
	company: 'HALLTEC S.A.S.',
	name: 'HALLTEC S.A.S.',
	graphic_representation_name: 'HALLTEC S.A.S.',
	registration_code: '3FJ3253427',
	economic_activity: '6311',
	phone: '3165584659',
	direction: 'cra 10 # 9 - 04',
	email: 'facturacion@halltec.example',
	municipality: 'San Gil',
};

/** People the DIAN acquirer lookup knows (v1 identification_document_id + number). */
export const ACQUIRERS: Record<string, { name: string; email: string }> = {
	'6:900825759': { name: 'HALLTEC S.A.S.', email: 'facturacion@halltec.example' },
	'6:901724254': { name: 'FACTUS S.A.S.', email: 'contacto@factus.example' },
	'3:123456789': { name: 'Alan Turing', email: 'alan.turing@example.com' },
	'3:1109780065': { name: 'Santiago Rivera Marin', email: 'santiago@example.com' },
};

/** Accent- and case-insensitive "contains" used by the catalog `name` filters. */
export function nameMatches(name: string, filter: string | undefined): boolean {
	if (!filter) return true;
	const fold = (s: string) =>
		s
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase();
	return fold(name).includes(fold(filter.trim()));
}
