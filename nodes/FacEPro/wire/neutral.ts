/**
 * The neutral Invoice (nodes/shared/invoice.ts) ↔ FacEPro's body. The mapping is tolerant (it copies
 * whatever it finds) so that FacEPro's rules can run on a neutral invoice even when it has other
 * problems, and every problem can be reported at once; `faceproPathToNeutral` words FacEPro paths
 * back in the neutral vocabulary the user typed.
 */
import type { ValidationProblem } from '../../shared/errors';
import {
	customerSchema,
	invoiceLineSchema,
	invoiceSchema,
	relatedDocumentSchema,
} from '../../shared/invoice/model';

import type { DocumentKind } from './body';

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

const PERSON_TYPE_CODES: Record<string, string> = { legal: '1', natural: '2' };

const CUSTOMER_FIELDS: Record<string, string> = {
	tipo_persona: 'personType',
	tipo_documento: 'idType',
	numero_documento: 'idNumber',
	dv: 'dv',
	razon_social: 'name',
	responsabilidad_fiscal: 'taxResponsibilities',
	email: 'email',
	direccion: 'address',
	codigo_municipio: 'municipality',
	codigo_departamento: 'department',
};

const LINE_FIELDS: Record<string, string> = {
	codigo: 'code',
	descripcion: 'description',
	cantidad: 'quantity',
	unidad: 'unit',
	precio: 'unitPrice',
	iva_pct: 'taxRate',
	descuento_pct: 'discountRate',
	descuento_valor: 'discountAmount',
};

const NOTE_FIELDS: Record<string, string> = {
	'factura_referencia.numero': 'related.number',
	'factura_referencia.cufe': 'related.authorityId',
	'factura_referencia.fecha': 'related.issueDate',
	'motivo.codigo': 'related.reasonCode',
	'motivo.descripcion': 'related.reasonText',
	factura_referencia: 'related',
	motivo: 'related',
};

/** `adquiriente.numero_documento` → `customer.idNumber`, `lineas.0.iva_pct` → `lines.0.taxRate`. */
export function faceproPathToNeutral(path: string): string {
	const parts = path.split('.');
	if (parts[0] === 'adquiriente') {
		return parts.length > 1 ? `customer.${CUSTOMER_FIELDS[parts[1]] ?? parts[1]}` : 'customer';
	}
	if (parts[0] === 'lineas') {
		if (parts.length === 1) return 'lines';
		if (parts.length === 2) return `lines.${parts[1]}`;
		return `lines.${parts[1]}.${LINE_FIELDS[parts[2]] ?? parts[2]}`;
	}
	if (path === 'factura.fecha') return 'issueDate';
	// Only the node's fields can set a time; the neutral invoice has none.
	if (path === 'factura.hora') return 'issueTime';
	if (path === 'factura') return 'issueDate';
	return NOTE_FIELDS[path] ?? path;
}

function defined(value: Obj): Obj {
	const out: Obj = {};
	for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== null && v !== '') out[key] = v;
	return out;
}

/** The wire body for a neutral invoice, copying values as found (FacEPro's checker judges them). */
export function neutralToFacEPro(raw: Obj, extras: { hora?: string } = {}): Obj {
	const customer = isObject(raw.customer) ? raw.customer : {};
	const personType = customer.personType;
	const tipoPersona =
		typeof personType === 'string' && PERSON_TYPE_CODES[personType] !== undefined
			? PERSON_TYPE_CODES[personType]
			: personType !== undefined
				? personType
				: // Absent person type: a NIT is usually a company, any other ID a person (see docs/facepro.md).
					customer.idType === '31'
					? '1'
					: '2';
	const responsibilities = customer.taxResponsibilities;
	const adquiriente = defined({
		tipo_persona: tipoPersona,
		tipo_documento: customer.idType,
		numero_documento: customer.idNumber,
		dv: customer.dv,
		razon_social: customer.name,
		responsabilidad_fiscal: Array.isArray(responsibilities)
			? responsibilities[0]
			: (responsibilities ?? 'R-99-PN'),
		email: customer.email,
		direccion: customer.address,
		codigo_municipio: customer.municipality,
		codigo_departamento: customer.department,
	});
	const lineas = Array.isArray(raw.lines)
		? raw.lines.map((line) =>
				isObject(line)
					? defined({
							codigo: line.code,
							descripcion: line.description,
							cantidad: line.quantity,
							unidad: line.unit,
							precio: line.unitPrice,
							iva_pct: line.taxRate,
							descuento_pct: line.discountRate,
							descuento_valor: line.discountAmount,
						})
					: line,
			)
		: raw.lines;
	const body: Obj = { adquiriente, lineas };
	const factura = defined({ fecha: raw.issueDate, hora: extras.hora });
	if (Object.keys(factura).length) body.factura = factura;
	if (isObject(raw.related)) {
		const related = raw.related;
		body.factura_referencia = defined({ numero: related.number, cufe: related.authorityId, fecha: related.issueDate });
		body.motivo = defined({ codigo: related.reasonCode, descripcion: related.reasonText });
	}
	return body;
}

const KIND_NAMES: Record<DocumentKind, string> = { invoice: 'an invoice', creditNote: 'a credit note', debitNote: 'a debit note' };
const KIND_RESOURCES: Record<string, string> = {
	invoice: 'Invoice',
	creditNote: 'Credit Note',
	debitNote: 'Debit Note',
	supportDocument: 'none (FacEPro issues no support documents)',
};

/** Neutral fields FacEPro's API cannot carry; sending without them would issue a different document. */
export function neutralOnlyProblems(raw: Obj, kind: DocumentKind): ValidationProblem[] {
	const problems: ValidationProblem[] = [];
	if (typeof raw.kind === 'string' && raw.kind !== kind) {
		problems.push({
			path: 'kind',
			message: `is "${raw.kind}" but this operation issues ${KIND_NAMES[kind]}; use the ${KIND_RESOURCES[raw.kind] ?? 'matching'} resource`,
		});
	}
	if (typeof raw.currency === 'string' && raw.currency.toUpperCase() !== 'COP') {
		problems.push({ path: 'currency', message: 'FacEPro issues documents in Colombian pesos (COP) only' });
	}
	if (raw.pricesIncludeTax === true) {
		problems.push({
			path: 'pricesIncludeTax',
			message: 'FacEPro takes unit prices without IVA; send prices without IVA and set pricesIncludeTax to false',
		});
	}
	if (isObject(raw.payment) && (raw.payment.form === 'credit' || raw.payment.dueDate !== undefined)) {
		problems.push({
			path: 'payment',
			message: "FacEPro's API has no payment terms, so a credit sale or due date cannot be sent; remove payment",
		});
	}
	const customer = isObject(raw.customer) ? raw.customer : {};
	if (Array.isArray(customer.taxResponsibilities) && customer.taxResponsibilities.length > 1) {
		problems.push({
			path: 'customer.taxResponsibilities',
			message: 'FacEPro accepts one fiscal responsibility per customer; keep the one DIAN should see',
		});
	}
	if (Array.isArray(raw.lines)) {
		raw.lines.forEach((line, index) => {
			if (!isObject(line)) return;
			if (line.pricesIncludeTax === true) {
				problems.push({ path: `lines.${index}.pricesIncludeTax`, message: 'FacEPro takes unit prices without IVA' });
			}
			if (line.taxExcluded === true) {
				problems.push({
					path: `lines.${index}.taxExcluded`,
					message: 'FacEPro cannot mark a line as excluded from IVA; use taxRate 0 instead',
				});
			}
			if (Array.isArray(line.withholdings) && line.withholdings.length > 0) {
				problems.push({
					path: `lines.${index}.withholdings`,
					message: "FacEPro's API has no withholdings (retenciones); remove them",
				});
			}
		});
	}
	return problems;
}

/** Neutral fields FacEPro has nowhere to put: dropped, and said so in the output's warnings. */
export function ignoredNeutralFields(raw: Obj): string[] {
	const ignored: string[] = [];
	if (typeof raw.notes === 'string' && raw.notes.trim() !== '') ignored.push('notes');
	const customer = isObject(raw.customer) ? raw.customer : {};
	for (const key of ['tradeName', 'phone', 'country', 'taxScheme', 'nrc', 'economicActivity', 'providerId']) {
		if (customer[key] !== undefined && customer[key] !== '') ignored.push(`customer.${key}`);
	}
	if (Array.isArray(raw.lines) && raw.lines.some((l) => isObject(l) && l.itemType !== undefined)) ignored.push('lines.itemType');
	return ignored.map((field) => `${field} was not sent: FacEPro's API has no field for it`);
}

/** Keys the neutral schema does not know (zod would drop them silently; a typo could drop a discount). */
export function unknownNeutralKeys(raw: Obj): ValidationProblem[] {
	const problems: ValidationProblem[] = [];
	const check = (value: unknown, allowed: string[], prefix: string) => {
		if (!isObject(value)) return;
		for (const key of Object.keys(value)) {
			if (!allowed.includes(key)) {
				problems.push({ path: prefix ? `${prefix}.${key}` : key, message: 'is not a field of the invoice JSON (check the spelling)' });
			}
		}
	};
	check(raw, Object.keys(invoiceSchema.shape), '');
	check(raw.customer, Object.keys(customerSchema.shape), 'customer');
	check(raw.related, Object.keys(relatedDocumentSchema.shape), 'related');
	if (Array.isArray(raw.lines)) {
		raw.lines.forEach((line, index) => check(line, Object.keys(invoiceLineSchema.shape), `lines.${index}`));
	}
	return problems;
}
