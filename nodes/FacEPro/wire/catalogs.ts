/**
 * FacEPro's code lists (DIAN Anexo Técnico 1.9, as published on FacEPro's API page), with the English
 * labels the node shows. The codes are what FacEPro expects on the wire.
 */

export interface CatalogEntry {
	code: string;
	/** Provider/DIAN wording. */
	name: string;
	/** English label for the UI. */
	label: string;
}

export const PERSON_TYPES: CatalogEntry[] = [
	{ code: '1', name: 'Persona Jurídica', label: 'Legal Entity (Persona Jurídica)' },
	{ code: '2', name: 'Persona Natural', label: 'Natural Person (Persona Natural)' },
];

export const ID_TYPES: CatalogEntry[] = [
	{ code: '11', name: 'Registro civil', label: 'Registro Civil (11)' },
	{ code: '12', name: 'Tarjeta de identidad', label: 'Tarjeta De Identidad (12)' },
	{ code: '13', name: 'Cédula de ciudadanía', label: 'Cédula De Ciudadanía (13)' },
	{ code: '21', name: 'Tarjeta de extranjería', label: 'Tarjeta De Extranjería (21)' },
	{ code: '22', name: 'Cédula de extranjería', label: 'Cédula De Extranjería (22)' },
	{ code: '31', name: 'NIT', label: 'NIT (31)' },
	{ code: '41', name: 'Pasaporte', label: 'Pasaporte (41)' },
	{ code: '42', name: 'Documento extranjero', label: 'Documento Extranjero (42)' },
	{ code: '50', name: 'NIT otro país', label: 'NIT De Otro País (50)' },
];

/** tipo_documento of a Colombian NIT: the only one that carries a check digit (DV). */
export const NIT = '31';

/** Identification types that are digits only (NIT without DV, cédula, civil registry, identity card). */
export const NUMERIC_ID_TYPES = new Set(['11', '12', '13', '31']);

export const FISCAL_RESPONSIBILITIES: CatalogEntry[] = [
	{ code: 'O-13', name: 'Gran contribuyente', label: 'O-13 Gran Contribuyente (Large Taxpayer)' },
	{ code: 'O-15', name: 'Autorretenedor', label: 'O-15 Autorretenedor (Self-Withholder)' },
	{ code: 'O-23', name: 'Agente de retención IVA', label: 'O-23 Agente De Retención IVA (IVA Withholding Agent)' },
	{ code: 'O-47', name: 'Régimen simple de tributación', label: 'O-47 Régimen Simple De Tributación' },
	{ code: 'R-99-PN', name: 'No responsable', label: 'R-99-PN No Responsable (Most Individuals)' },
];

export const UNITS: CatalogEntry[] = [
	{ code: '94', name: 'Unidad', label: 'Unit (94)' },
	{ code: 'EA', name: 'Each', label: 'Each (EA)' },
	{ code: 'HUR', name: 'Hora', label: 'Hour (HUR)' },
	{ code: 'KGM', name: 'Kilogramo', label: 'Kilogram (KGM)' },
	{ code: 'LTR', name: 'Litro', label: 'Litre (LTR)' },
	{ code: 'MTR', name: 'Metro', label: 'Metre (MTR)' },
];

export const DEFAULT_UNIT = '94';

/** The IVA rates FacEPro accepts on a line. */
export const IVA_RATES = [0, 5, 19];

export const CREDIT_NOTE_REASONS: CatalogEntry[] = [
	{
		code: '1',
		name: 'Devolución parcial de bienes y/o no aceptación parcial del servicio',
		label: '1 - Partial Return of Goods / Partial Rejection of the Service',
	},
	{ code: '2', name: 'Anulación de factura electrónica', label: '2 - Cancellation of the Electronic Invoice' },
	{ code: '3', name: 'Rebaja o descuento parcial o total', label: '3 - Partial or Total Rebate or Discount' },
	{ code: '4', name: 'Ajuste de precios', label: '4 - Price Adjustment' },
	{ code: '5', name: 'Otros', label: '5 - Other' },
	{
		code: '6',
		name: 'Devolución total de bienes y/o no aceptación total del servicio',
		label: '6 - Total Return of Goods / Total Rejection of the Service',
	},
];

export const DEBIT_NOTE_REASONS: CatalogEntry[] = [
	{ code: '1', name: 'Intereses', label: '1 - Interest' },
	{ code: '2', name: 'Gastos por cobrar', label: '2 - Expenses to Be Charged' },
	{ code: '3', name: 'Cambio del valor', label: '3 - Change of Value' },
	{ code: '4', name: 'Otros', label: '4 - Other' },
];

/** List filter values for `estado`. */
export const STATUSES: CatalogEntry[] = [
	{ code: 'aceptado', name: 'aceptado', label: 'Accepted (Aceptado)' },
	{ code: 'fallido', name: 'fallido', label: 'Failed (Fallido)' },
	{ code: 'pendiente', name: 'pendiente', label: 'Pending (Pendiente)' },
	{ code: 'rechazado', name: 'rechazado', label: 'Rejected (Rechazado)' },
];

export const codes = (catalog: CatalogEntry[]) => catalog.map((e) => e.code);

/** n8n `options` built from a catalog. */
export function catalogOptions(catalog: CatalogEntry[]): Array<{ name: string; value: string; description?: string }> {
	return catalog.map((e) => ({ name: e.label, value: e.code }));
}
