/**
 * What the v2 simulator knows by code: the DIAN tables (./data, copies of ../shared/data/factus-v2) and the
 * small tables of v2/tablas-de-referencia/tablas.md, written here from the page (not imported from the node,
 * so that the node's tables are checked against a second copy).
 */
import countriesFile from '../data/countries.json';
import currenciesFile from '../data/currencies.json';
import municipalitiesFile from '../data/municipalities.json';
import unitMeasuresFile from '../data/unit-measures.json';

export type Table = Record<string, string>;

/** DIVIPOLA code → municipality with its department. */
export const MUNICIPALITIES_V2 = new Map(municipalitiesFile.municipalities.map((m) => [m.code, m]));

/** Unit code → name; a repeated code keeps its first name. */
export const UNITS_V2 = new Map<string, string>();
for (const u of unitMeasuresFile.unitMeasures) if (!UNITS_V2.has(u.code)) UNITS_V2.set(u.code, u.name);

export const COUNTRIES_V2 = new Map(countriesFile.countries.map((c) => [c.code, c.name]));

export const CURRENCIES_V2 = new Map(currenciesFile.map((c) => [c.code, c.name]));

export const DOCUMENT_TYPES: Table = { '01': 'Factura electrónica de Venta', '03': 'Instrumento electrónico de transmisión - tipo 03' };

export const OPERATION_TYPES: Table = {
	'10': 'Estándar',
	'11': 'Mandatos',
	'12': 'Transporte',
	'SS-CUFE': 'Sector Salud - CUFE',
	'SS-Reporte': 'Sector Salud - Reporte',
	'SS-SinAporte': 'Sector Salud - Sin Aporte',
	'SS-Recaudo': 'Sector Salud - Recaudo de cuotas moderadoras o copagos',
};

export const IDENTIFICATION_TYPES: Table = {
	'11': 'Registro civil',
	'12': 'Tarjeta de identidad',
	'13': 'Cédula de ciudadanía',
	'21': 'Tarjeta de extranjería',
	'22': 'Cédula de extranjería',
	'31': 'NIT',
	'41': 'Pasaporte',
	'42': 'Documento de identificación extranjero',
	'47': 'PEP',
	'48': 'PPT (Permiso Protección Temporal)',
	'50': 'NIT otro país',
	'91': 'NUIP',
};

/** Identification types a support-document provider may have. */
export const PROVIDER_IDENTIFICATION_TYPES = ['21', '22', '31', '41', '42', '47', '50'];

export const HEALTH_IDENTIFICATION_TYPES = ['CC', 'CE', 'CD', 'PA', 'SC', 'PE', 'RC', 'TI', 'CN', 'AS', 'MS', 'DE', 'SI', 'PT'];

export const LEGAL_ORGANIZATIONS: Table = { '1': 'Persona Jurídica', '2': 'Persona Natural' };

export const CUSTOMER_TRIBUTES: Table = { '01': 'IVA', ZZ: 'No aplica' };

export const RESPONSIBILITIES = ['O-13', 'O-15', 'O-23', 'O-47', 'R-99-PN'];

export const TAXES: Table = { '01': 'IVA', '04': 'INC', '35': 'ICUI' };

export const WITHHOLDINGS: Table = { '05': 'ReteIVA', '06': 'ReteRenta' };

export const STANDARD_CODES: Table = { '999': 'Estándar de adopción del contribuyente', '001': 'UNSPSC', '020': 'Partida Arancelaria', '010': 'GTIN' };

export const PAYMENT_FORMS: Table = { '1': 'Pago de contado', '2': 'Pago a crédito' };

export const PAYMENT_METHODS: Table = {
	'10': 'Efectivo',
	'42': 'Consignación',
	'20': 'Cheque',
	'47': 'Transferencia',
	'71': 'Bonos',
	'72': 'Vales',
	'1': 'Medio de pago no definido',
	'49': 'Tarjeta Débito',
	'48': 'Tarjeta Crédito',
	ZZZ: 'Otro',
};

/** Only 03 (recargo condicionado) is available; 00–02 are struck through as "disponible próximamente". */
export const ALLOWANCE_CONCEPTS: Table = { '03': 'Recargo condicionado' };

export const CREDIT_CONCEPTS: Table = {
	'1': 'Devolución parcial de los bienes y/o no aceptación parcial del servicio',
	'2': 'Anulación de factura electrónica',
	'3': 'Rebaja o descuento parcial o total',
	'4': 'Ajuste de precio',
	'5': 'Descuento comercial por pronto pago',
	'6': 'Descuento comercial por volumen de ventas',
};

export const CREDIT_CUSTOMIZATIONS: Table = { '20': 'Nota Crédito que referencia una factura electrónica', '22': 'Nota Crédito sin referencia a una factura electrónica' };

export const DEBIT_CONCEPTS: Table = { '1': 'Intereses', '2': 'Gastos por cobrar', '3': 'Cambio del valor', '4': 'Otros' };

export const DEBIT_CUSTOMIZATIONS: Table = { '30': 'Nota Débito que referencia una factura electrónica', '32': 'Nota Débito sin referencia a una factura electrónica' };

export const ADJUSTMENT_CONCEPTS: Table = {
	'1': 'Devolución parcial de los bienes y/o no aceptación parcial del servicio',
	'2': 'Anulación del documento soporte en adquisiciones efectuadas a sujetos no obligados a expedir factura de venta o documento equivalente',
	'3': 'Rebaja o descuento parcial o total',
	'4': 'Ajuste de precio',
	'5': 'Otros',
};

export const HEALTH_COVERAGES = Array.from({ length: 17 }, (_, i) => String(i + 1).padStart(2, '0'));
export const HEALTH_PAYMENT_METHODS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
export const HEALTH_PREPAYMENT_CONCEPTS = ['01', '02', '03', '04', '05'];
export const COLLECTION_CONCEPTS = ['COP', 'CUO', 'PAC'];
export const TRANSPORT_PROPERTIES = ['01', '02', '03'];

export const RADIAN_EVENTS: Table = {
	'030': 'Acuse de recibo de Factura Electrónica de Venta',
	'031': 'Reclamo de la Factura Electrónica de Venta',
	'032': 'Recibo del bien y/o prestación del servicio',
	'033': 'Aceptación expresa',
	'034': 'Aceptación tácita',
};

export const CLAIM_CONCEPTS: Table = {
	'01': 'Documento con inconsistencias',
	'02': 'Mercancía no entregada totalmente',
	'03': 'Mercancía no entregada parcialmente',
	'04': 'Servicio no prestado',
};

/** Code/name object as v2 answers render a coded field. */
export const coded = (table: Table, code: unknown) => {
	const key = String(code ?? '');
	return table[key] === undefined ? null : { code: key, name: table[key] };
};
