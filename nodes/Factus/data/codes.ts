/**
 * The small code tables Factus API v2 refers to by code (../shared/providers/factus-docs/v2/tablas-de-referencia/
 * tablas.md, unless a row says otherwise). v2 has no catalog endpoints: a v2 body sends these codes as strings.
 * Names are Factus's own, without the trailing period of the page.
 */

export interface CodeName {
	readonly code: string;
	readonly name: string;
}

const rows = (...pairs: Array<readonly [string, string]>): readonly CodeName[] => pairs.map(([code, name]) => ({ code, name }));

/** `document` of a bill. */
export const BILL_DOCUMENT_TYPES = rows(['01', 'Factura electrónica de venta'], ['03', 'Instrumento electrónico de transmisión - tipo 03']);

/** `operation_type` of a bill (default 10). */
export const OPERATION_TYPES = rows(
	['10', 'Estándar'],
	['11', 'Mandatos'],
	['12', 'Transporte'],
	['SS-CUFE', 'Sector Salud - CUFE'],
	['SS-Reporte', 'Sector Salud - Reporte'],
	['SS-SinAporte', 'Sector Salud - Sin Aporte'],
	['SS-Recaudo', 'Sector Salud - Recaudo de cuotas moderadoras o copagos'],
);

/** `correction_concept_code` of a credit note. */
export const CREDIT_NOTE_CORRECTION_CONCEPTS = rows(
	['1', 'Devolución parcial de los bienes y/o no aceptación parcial del servicio'],
	['2', 'Anulación de factura electrónica'],
	['3', 'Rebaja o descuento parcial o total'],
	['4', 'Ajuste de precio'],
	['5', 'Descuento comercial por pronto pago'],
	['6', 'Descuento comercial por volumen de ventas'],
);

/** `customization_id` of a credit note (default 20). */
export const CREDIT_NOTE_OPERATION_TYPES = rows(
	['20', 'Nota Crédito que referencia una factura electrónica'],
	['22', 'Nota Crédito sin referencia a una factura electrónica'],
);

/** `correction_concept_code` of a debit note. */
export const DEBIT_NOTE_CORRECTION_CONCEPTS = rows(['1', 'Intereses'], ['2', 'Gastos por cobrar'], ['3', 'Cambio del valor'], ['4', 'Otros']);

/** `customization_id` of a debit note (default 30). */
export const DEBIT_NOTE_OPERATION_TYPES = rows(
	['30', 'Nota Débito que referencia una factura electrónica'],
	['32', 'Nota Débito sin referencia a una factura electrónica'],
);

/** `correction_concept_code` of a support-document adjustment note. */
export const ADJUSTMENT_NOTE_CORRECTION_CONCEPTS = rows(
	['1', 'Devolución parcial de los bienes y/o no aceptación parcial del servicio'],
	['2', 'Anulación del documento soporte en adquisiciones efectuadas a sujetos no obligados a expedir factura de venta o documento equivalente'],
	['3', 'Rebaja o descuento parcial o total'],
	['4', 'Ajuste de precio'],
	['5', 'Otros'],
);

/** `items.*.standard_code`. */
export const STANDARD_CODES = rows(['999', 'Estándar de adopción del contribuyente'], ['001', 'UNSPSC'], ['020', 'Partida Arancelaria'], ['010', 'GTIN']);

/** `claim_concept_code` of a RADIAN claim (event 031). */
export const CLAIM_CONCEPTS = rows(
	['01', 'Documento con inconsistencias'],
	['02', 'Mercancía no entregada totalmente'],
	['03', 'Mercancía no entregada parcialmente'],
	['04', 'Servicio no prestado'],
);

/** RADIAN events. 034 (tacit acceptance) is the issuer's; 030–033 are the buyer's. */
export const RADIAN_EVENTS = rows(
	['030', 'Acuse de recibo de Factura Electrónica de Venta'],
	['031', 'Reclamo de la Factura Electrónica de Venta'],
	['032', 'Recibo del bien y/o prestación del servicio'],
	['033', 'Aceptación expresa'],
	['034', 'Aceptación tácita'],
);

/** `identification_document_code` of a customer, a mandate or a RADIAN event's person. */
export const IDENTIFICATION_DOCUMENT_TYPES = rows(
	['11', 'Registro civil'],
	['12', 'Tarjeta de identidad'],
	['13', 'Cédula de ciudadanía'],
	['21', 'Tarjeta de extranjería'],
	['22', 'Cédula de extranjería'],
	['31', 'NIT'],
	['41', 'Pasaporte'],
	['42', 'Documento de identificación extranjero'],
	['47', 'PEP'],
	['48', 'PPT (Permiso Protección Temporal)'],
	['50', 'NIT otro país'],
	['91', 'NUIP'],
);

/** The subset a support-document or adjustment-note `provider` may use. */
export const SUPPORT_DOCUMENT_IDENTIFICATION_TYPES = IDENTIFICATION_DOCUMENT_TYPES.filter((t) => ['21', '22', '31', '41', '42', '47', '50'].includes(t.code));

/** `customer.tribute_code` (default ZZ). */
export const CUSTOMER_TRIBUTES = rows(['01', 'IVA'], ['ZZ', 'No aplica']);

/** A tax or withholding: its short name (what answers show as `tribute.name`) and Factus's description. */
export interface Tribute extends CodeName {
	readonly description: string;
}

/** `items.*.taxes.*.code`: the taxes v2 accepts on an item. */
export const TAXES: readonly Tribute[] = [
	{ code: '01', name: 'IVA', description: 'Impuesto sobre la Ventas' },
	{ code: '04', name: 'INC', description: 'Impuesto Nacional al Consumo' },
	{
		code: '35',
		name: 'ICUI',
		description: 'Impuesto a los productos comestibles ultraprocesados industrialmente y/o con alto contenido de azúcares añadidos, sodio o grasas saturadas',
	},
];

/**
 * `items.*.withholding_taxes.*.code`. ReteIVA is a rate of the item's IVA, ReteRenta a rate of the item's
 * value before tax (the v2 adjustment-note answer: ReteRenta 3.50 % of 100000.00 = 3500.00).
 */
export const WITHHOLDING_TAXES: ReadonlyArray<Tribute & { readonly base: 'iva' | 'net' }> = [
	{ code: '05', name: 'ReteIVA', description: 'Retención sobre el IVA', base: 'iva' },
	{ code: '06', name: 'ReteRenta', description: 'Retención sobre renta', base: 'net' },
];

/** `customer.legal_organization_code`. */
export const LEGAL_ORGANIZATIONS = rows(['1', 'Persona Jurídica'], ['2', 'Persona Natural']);

/** `payment_details.*.payment_method_code`. */
export const PAYMENT_METHODS = rows(
	['10', 'Efectivo'],
	['42', 'Consignación'],
	['20', 'Cheque'],
	['47', 'Transferencia'],
	['71', 'Bonos'],
	['72', 'Vales'],
	['1', 'Medio de pago no definido'],
	['49', 'Tarjeta Débito'],
	['48', 'Tarjeta Crédito'],
	['ZZZ', 'Otro'],
);

/** `payment_details.*.payment_form`: 2 (credit) needs a `due_date`. */
export const PAYMENT_FORMS = rows(['1', 'Pago de contado'], ['2', 'Pago a crédito']);

/** `filter[document]` of the numbering ranges. */
export const NUMBERING_RANGE_DOCUMENTS = rows(
	['21', 'Factura de Venta'],
	['22', 'Nota Crédito'],
	['23', 'Nota Débito'],
	['24', 'Documento Soporte'],
	['25', 'Nota de Ajuste Documento Soporte'],
	['30', 'Factura de talonario y de papel'],
);

/** `allowance_charges.*.concept_type`: v2 only takes 03 today (00, 01 and 02 are "disponible próximamente"). */
export const ALLOWANCE_CHARGE_CONCEPTS = rows(['03', 'Recargo condicionado']);

/** `customer.responsibilities[]` (default R-99-PN); letter O, not zero (v2-findings #26). */
export const FISCAL_RESPONSIBILITIES = rows(
	['O-13', 'Gran contribuyente'],
	['O-15', 'Autorretenedor'],
	['O-23', 'Agente de retención de IVA'],
	['O-47', 'Régimen simple de tributación'],
	['R-99-PN', 'No responsable'],
);

/** `items.*.scheme_id` of Mandatos, Transporte and SS-Recaudo bills. */
export const SCHEME_IDS = rows(['0', 'Ingreso propio'], ['1', 'Ingreso recibido para terceros']);

/** `items.*.additional_properties.*.code` of a Transporte bill (tipos-de-factura/transporte.md); 03 needs quantity and unit. */
export const TRANSPORT_PROPERTIES = rows(['01', 'Consecutivo RNDC'], ['02', 'Consecutivo interno empresa'], ['03', 'Valor del flete']);

/** `health.coverage_code` (sector salud). */
export const HEALTH_COVERAGES = rows(
	['01', 'Plan de beneficios en salud financiado con UPC'],
	['02', 'Presupuesto máximo'],
	['03', 'Prima EPS / EOC, no asegurados SOAT'],
	['04', 'Cobertura Póliza SOAT'],
	['05', 'Cobertura ARL'],
	['06', 'Cobertura ADRES'],
	['07', 'Cobertura Salud Pública'],
	['08', 'Cobertura entidad territorial, recursos de oferta'],
	['09', 'Urgencias población migrante'],
	['10', 'Plan complementario en salud'],
	['11', 'Plan medicina prepagada'],
	['12', 'Otras pólizas en salud'],
	['13', 'Cobertura Régimen Especial o Excepción'],
	['14', 'Cobertura Fondo Nacional de Salud de las Personas Privadas de la Libertad'],
	['15', 'Particular'],
	['16', 'Plan de beneficios en salud financiado con UPC régimen contributivo'],
	['17', 'Plan de beneficios en salud financiado con UPC régimen subsidiado'],
);

/** `beneficiary.identification_document_code` of health bills: a catalog of its own (v2-findings #18). */
export const HEALTH_IDENTIFICATION_TYPES = rows(
	['CC', 'Cédula de ciudadanía'],
	['CE', 'Cédula de extranjería'],
	['CD', 'Carné diplomático'],
	['PA', 'Pasaporte'],
	['SC', 'Salvoconducto'],
	['PE', 'Permiso especial de permanencia'],
	['RC', 'Registro civil de nacimiento'],
	['TI', 'Tarjeta de identidad'],
	['CN', 'Certificado de nacido vivo'],
	['AS', 'Adulto sin identificar'],
	['MS', 'Menor sin identificar'],
	['DE', 'Documento extranjero'],
	['SI', 'Sin identificación'],
	['PT', 'Permiso por protección temporal'],
);

/** `health.payment_method_code`. */
export const HEALTH_PAYMENT_METHODS = rows(
	['01', 'Paquete / Canasta / Conjunto Integral en Salud'],
	['02', 'Grupos Relacionados por Diagnóstico'],
	['03', 'Integral por grupo de riesgo'],
	['04', 'Pago por contacto por especialidad'],
	['05', 'Pago por escenario de atención'],
	['06', 'Pago por tipo de servicio'],
	['07', 'Pago global prospectivo por episodio'],
	['08', 'Pago global prospectivo por grupo de riesgo'],
	['09', 'Pago global prospectivo por especialidad'],
	['10', 'Pago global prospectivo por nivel de complejidad'],
	['11', 'Capitación'],
	['12', 'Por servicio'],
);

/** `prepayment_details.*.concept_code` of SS-CUFE and SS-Reporte bills. */
export const HEALTH_PREPAYMENT_CONCEPTS = rows(
	['01', 'Copago'],
	['02', 'Cuota moderadora'],
	['03', 'Pagos compartidos en planes voluntarios de salud'],
	['04', 'Anticipo'],
	['05', 'No aplica'],
);

/** `items.*.collection_concept_code` of SS-Recaudo bills (tipos-de-factura/ss-recaudo.md). */
export const HEALTH_COLLECTION_CONCEPTS = rows(['COP', 'Copago'], ['CUO', 'Cuota Moderadora'], ['PAC', 'Pagos compartidos en planes voluntarios de salud']);
