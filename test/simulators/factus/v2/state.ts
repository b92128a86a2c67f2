/**
 * The v2 half of the Factus simulator: documents of the five v2 families, numbering, DIAN outcomes (the
 * simulator's `dian` steering, shared with v1), RADIAN, and the create pipeline every `POST …/validate`
 * runs. Routes live in ./routes.ts; this file is what tests reach as `sim.v2`.
 */
import { createHash } from 'node:crypto';

import type { SimResponse } from '../../framework/server';
import type { NumberingRange } from '../catalogs';
import type { DianOutcome, FactusSimulator } from '../index';
import { nitCheckDigit } from '../rules';

import type { V2Document } from './documents';
import { computeV2, KINDS_V2, paymentsSum, renderV2 } from './documents';
import { fixed2, hundredths, MAX_CASH_ROUNDING } from './money';
import type { EventPerson, RadianEvent, ReceivedInvoice } from './radian';
import { buyerEventRefusal, newEvent } from './radian';
import type { FieldErrors, V2Kind } from './rules';
import { CHECKS } from './rules';

type Obj = Record<string, unknown>;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const asObject = (value: unknown): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

export const ok = (data: unknown, message = 'Solicitud exitosa'): SimResponse => ({ status: 200, body: { status: 'OK', message, data } });
export const notFound = (message: string): SimResponse => ({ status: 404, body: { status: 'Not Found', message } });
export const invalid = (errors: FieldErrors): SimResponse => {
	const all = Object.values(errors).flat();
	const more = all.length - 1;
	return { status: 422, body: { message: more > 0 ? `${all[0]} (and ${more} more error${more === 1 ? '' : 's'})` : all[0], errors } };
};
export const validationError = (...problems: string[]): SimResponse => ({
	status: 422,
	body: { status: 'Validation error', message: 'Error de validación', data: { errors: problems } },
});

const REJECTION = 'Regla: FAJ43b, Rechazo: Nombre informado No corresponde al registrado en el RUT con respecto al Nit suminstrado.';
const REGLA_90 = 'Regla: 90, Rechazo: Documento procesado anteriormente.';
const NOTIFICATIONS = [
	'Regla: FAJ44b, Notificación: Nit o Documento de Identificación informado No corresponde al registrado en el RUT con respecto a la razón social o nombre comercial suministrado.',
	'Regla: RUT01, Notificación: La validación del estado del RUT próximamente estará disponible.',
];

/** Ranges v2 adds for its new families (debit notes 23, adjustment notes 25); v1 never lists them. */
function extraRanges(): NumberingRange[] {
	const base = { resolution_number: '18760000001', start_date: '2019-01-19', end_date: '2030-01-19', technical_key: '', is_active: true };
	return [
		{ id: 7, documentCode: '23', prefix: 'ND', from: 1, to: 100000, current: 0, ...base },
		{ id: 10, documentCode: '25', prefix: 'NA', from: 1, to: 100000, current: 0, ...base },
	];
}

export interface BuyerEventOptions {
	person?: Partial<EventPerson>;
	claimConcept?: string;
	/** When the buyer emitted it (default: now); backdate a 032 to make tacit acceptance possible. */
	at?: Date;
}

export class FactusV2 {
	readonly documents: Record<V2Kind, V2Document[]> = { bill: [], creditNote: [], debitNote: [], supportDocument: [], adjustmentNote: [] };

	/** Documents created per kind and reference code (creations, not what is left after deletes). */
	readonly created: Record<V2Kind, Record<string, number>> = { bill: {}, creditNote: {}, debitNote: {}, supportDocument: {}, adjustmentNote: {} };

	readonly deleted: Record<V2Kind, string[]> = { bill: [], creditNote: [], debitNote: [], supportDocument: [], adjustmentNote: [] };

	/** Supplier invoices addressed to us that DIAN knows (by CUFE); uploaded ones are in the reception list. */
	readonly supplierInvoices = new Map<string, ReceivedInvoice>();

	ranges: NumberingRange[] = extraRanges();

	/** The simulator's "now" for RADIAN deadlines. */
	clock: () => Date = () => new Date();

	private nextId = 5001;

	private nextReceptionId = 1;

	constructor(readonly sim: FactusSimulator) {}

	reset(): void {
		for (const kind of Object.keys(this.documents) as V2Kind[]) {
			this.documents[kind] = [];
			this.created[kind] = {};
			this.deleted[kind] = [];
		}
		this.supplierInvoices.clear();
		this.ranges = extraRanges();
		this.clock = () => new Date();
		this.nextReceptionId = 1;
	}

	/** Every range v2 sees: the account's (shared with v1) and v2's own. */
	allRanges(): NumberingRange[] {
		return [...this.sim.numberingRanges, ...this.ranges];
	}

	find(kind: V2Kind, reference: string): V2Document | undefined {
		return this.documents[kind].find((d) => d.referenceCode === reference);
	}

	byNumber(kind: V2Kind, number: string): V2Document | undefined {
		return this.documents[kind].find((d) => d.number === number);
	}

	byAuthorityId(trackId: string): V2Document | undefined {
		return Object.values(this.documents)
			.flat()
			.find((d) => d.authorityId !== '' && d.authorityId === trackId);
	}

	/** DIAN answers every pending v2 document now (or only `number`). */
	validatePending(number?: string, outcome: NonNullable<DianOutcome['then']> = 'validated'): number {
		let n = 0;
		for (const doc of Object.values(this.documents).flat()) {
			if (doc.pending && (number === undefined || doc.number === number)) {
				this.settle(doc, outcome);
				n++;
			}
		}
		return n;
	}

	/** Test hook: the buyer of one of our bills emits a RADIAN event (030–033), under the same rules as a reception. */
	buyerEvent(billNumber: string, code: string, options: BuyerEventOptions = {}): RadianEvent {
		const bill = this.byNumber('bill', billNumber);
		if (!bill) throw new Error(`No bill ${billNumber}`);
		if (!bill.validated) throw new Error(`Bill ${billNumber} is not validated by DIAN`);
		const refusal = buyerEventRefusal(bill.events, code, billNumber);
		if (refusal) throw new Error(refusal.message);
		if (code === '031' && !options.claimConcept) throw new Error('A claim (031) needs claimConcept 01–04');
		const person: EventPerson = { identification_document_code: '13', identification: '1098765432', first_name: 'Laura', last_name: 'Gómez', ...options.person };
		const event = newEvent(code, person, options.at ?? this.clock(), options.claimConcept);
		bill.events.push(event);
		return event;
	}

	/** Test hook: DIAN holds a supplier invoice addressed to us (upload it with its CUFE). */
	addSupplierInvoice(partial: Partial<Omit<ReceivedInvoice, 'id' | 'events'>> = {}): ReceivedInvoice {
		const number = partial.number ?? `FE${1000 + this.supplierInvoices.size + 1}`;
		const invoice: ReceivedInvoice = {
			id: 0,
			number,
			cufe: partial.cufe ?? createHash('sha384').update(`supplier|${number}|${this.supplierInvoices.size}`).digest('hex'),
			issueDate: partial.issueDate ?? new Date().toISOString().slice(0, 10),
			issueTime: partial.issueTime ?? '10:00:00',
			paymentDueDate: partial.paymentDueDate ?? null,
			supplier: partial.supplier ?? { identificationTypeCode: '31', nit: '901724254', dv: '1', name: 'FACTUS S.A.S.' },
			paymentForm: partial.paymentForm ?? '2',
			paymentMethod: partial.paymentMethod ?? '47',
			total: partial.total ?? '119000.00',
			events: [],
			uploadedAt: partial.uploadedAt,
		};
		this.supplierInvoices.set(invoice.cufe, invoice);
		return invoice;
	}

	/** Test hook: a supplier invoice already in our reception list. */
	receiveSupplierInvoice(partial: Partial<Omit<ReceivedInvoice, 'id' | 'events'>> = {}): ReceivedInvoice {
		return this.upload(this.addSupplierInvoice(partial));
	}

	upload(invoice: ReceivedInvoice): ReceivedInvoice {
		invoice.id = this.nextReceptionId++;
		invoice.uploadedAt = new Date();
		return invoice;
	}

	receptions(): ReceivedInvoice[] {
		return [...this.supplierInvoices.values()].filter((r) => r.uploadedAt !== undefined);
	}

	/* -------------------------------------------------------------------------------------------- */

	conflict(message: string): SimResponse {
		if (this.sim.options.conflictShape === 'errors') {
			return { status: 409, body: { status: 'Conflict', errors: [{ code: 409, message, params: [], detail: 'Conflict', api_version: 'v2' }] } };
		}
		return { status: 409, body: { status: 'Conflict', message } };
	}

	createdAnswer(doc: V2Document): SimResponse {
		const message = doc.validated
			? `Documento con el código de referencia ${doc.referenceCode} registrado y validado con éxito`
			: `Documento con el código de referencia ${doc.referenceCode} registrado; pendiente de validación por la DIAN`;
		return { status: 201, body: { status: 'Created', message, data: renderV2(doc, this.sim.url) } };
	}

	/** A pending document takes one more step towards DIAN's answer. */
	mature(doc: V2Document): void {
		if (!doc.pending) return;
		doc.pending.showsLeft--;
		if (doc.pending.showsLeft <= 0) this.settle(doc, doc.pending.then);
	}

	private settle(doc: V2Document, outcome: NonNullable<DianOutcome['then']>): void {
		doc.pending = undefined;
		if (outcome === 'validated' || outcome === 'notification') {
			doc.validated = true;
			doc.validatedAt = new Date();
			doc.errors = outcome === 'notification' ? [...NOTIFICATIONS] : [];
			doc.authorityId = createHash('sha384').update(`v2|${doc.number}|${fixed2(doc.totals.total)}|${doc.createdAt.toISOString()}`).digest('hex');
		} else {
			doc.validated = false;
			doc.errors = [outcome === 'regla90' ? REGLA_90 : REJECTION];
		}
	}

	private pickRange(kind: V2Kind, body: Obj): NumberingRange | SimResponse {
		const rangeDocument = kind === 'bill' && text(body.document) === '03' ? '30' : KINDS_V2[kind].rangeDocument;
		if (text(body.numbering_range_id) !== '') {
			const range = this.allRanges().find((r) => r.id === Number(body.numbering_range_id));
			if (!range) return invalid({ numbering_range_id: ['El campo numbering_range_id seleccionado no es válido.'] });
			const problems: string[] = [];
			if (range.documentCode !== rangeDocument) problems.push(`El rango de numeración ${range.id} no corresponde al tipo de documento.`);
			if (!range.is_active) problems.push(`El rango de numeración ${range.id} no está activo.`);
			if (range.current >= range.to) problems.push(`El rango de numeración ${range.id} no tiene consecutivos disponibles.`);
			return problems.length ? validationError(...problems) : range;
		}
		const candidates = this.allRanges().filter((r) => r.documentCode === rangeDocument && r.is_active);
		if (candidates.length > 1) return invalid({ numbering_range_id: ['El campo numbering_range_id es obligatorio cuando hay más de un rango activo.'] });
		if (candidates.length === 0) return validationError('No hay un rango de numeración activo para este documento.');
		return candidates[0];
	}

	/** The bill (credit/debit note) or support document (adjustment note) a note points at. */
	private parentOf(kind: V2Kind, body: Obj): V2Document | SimResponse | undefined {
		const [field, parentKind]: [string, V2Kind] | [undefined, undefined] =
			kind === 'creditNote' || kind === 'debitNote' ? ['bill_number', 'bill'] : kind === 'adjustmentNote' ? ['support_document_number', 'supportDocument'] : [undefined, undefined];
		if (!field || !parentKind || text(body[field]) === '') return undefined;
		const parent = this.byNumber(parentKind, text(body[field]));
		if (!parent) return invalid({ [field]: [`El campo ${field} seleccionado no es válido.`] });
		if (!parent.validated) return validationError(`${KINDS_V2[parentKind].noun} ${parent.number} no ha sido validada por la DIAN.`);
		return parent;
	}

	/** POST /v2/<family>/validate. */
	create(kind: V2Kind, rawBody: unknown): SimResponse {
		const info = KINDS_V2[kind];
		const body = asObject(rawBody);
		const errors = CHECKS[kind](body);
		if (Object.keys(errors).length) return invalid(errors);
		if ((kind === 'supportDocument' || kind === 'adjustmentNote') && this.sim.options.supportDocumentsEnabled === false) {
			return { status: 403, body: { status: 'Forbidden', message: 'La empresa no tiene habilitada la creación de este documento' } };
		}
		const subscription = this.sim.subscription;
		if (subscription.used >= subscription.total) {
			return { status: 402, body: { status: 'Payment Required', message: 'No tienes documentos disponibles en tu plan. Adquiere un paquete adicional para seguir emitiendo.' } };
		}
		const reference = text(body.reference_code);
		const existing = this.find(kind, reference);
		if (existing) {
			if (existing.validated) return invalid({ reference_code: ['El campo reference_code ya ha sido registrado.'] });
			if (existing.pending) {
				// manejo-errores.md: resending what DIAN has not answered makes Factus re-check it, no duplicate.
				this.sim.counters.rechecks++;
				this.mature(existing);
				return this.createdAnswer(existing);
			}
			return this.conflict(`Se encontró una ${info.label} pendiente por enviar a la DIAN`);
		}
		if ((this.sim.options.blockWhileUnvalidated ?? true) && this.documents[kind].some((d) => !d.validated)) {
			return this.conflict(`Se encontró una ${info.label} pendiente por enviar a la DIAN`);
		}
		const range = this.pickRange(kind, body);
		if ('status' in range && 'body' in range) return range as SimResponse;
		const parent = this.parentOf(kind, body);
		if (parent && !('id' in parent)) return parent;

		const computed = computeV2(body);
		const amountErrors = this.amountProblems(body, computed);
		if (Object.keys(amountErrors).length) return invalid(amountErrors);
		if (parent && kind === 'creditNote') {
			const credited = parent.notes.filter((n) => n.kind === 'creditNote' && n.validated).reduce((sum, n) => sum + n.totals.total, BigInt(0));
			if (credited + computed.totals.total > parent.totals.total) {
				return validationError(`El valor de la nota crédito (${fixed2(computed.totals.total)}) supera el saldo de la factura ${parent.number} (${fixed2(parent.totals.total - credited)}).`);
			}
		}

		const party = { ...asObject(body[info.partyKey] ?? parent?.party) };
		let outcome = this.sim.dian.next(body, kind);
		if (text(party.identification_document_code) === '31') {
			const dv = String(nitCheckDigit(text(party.identification)));
			// The API computes a missing DV; a wrong one is DIAN's rejection.
			if (text(party.dv) === '') party.dv = dv;
			else if (text(party.dv) !== dv) outcome = { kind: 'rejected' };
		}
		const doc = this.store(kind, body, party, range as NumberingRange, computed, parent as V2Document | undefined);
		subscription.used++;
		if (outcome.kind === 'pending') {
			doc.pending = { showsLeft: outcome.showsUntilValid ?? this.sim.options.pendingShowsUntilValid ?? 2, then: outcome.then ?? 'validated' };
			return this.createdAnswer(doc);
		}
		this.settle(doc, outcome.kind);
		if (!doc.validated) {
			const rule = doc.errors[0];
			const code = /Regla:\s*([^,]+),/.exec(rule)?.[1] ?? 'DIAN';
			return {
				status: 422,
				body: { status: 'Validation error', message: 'Documento con errores en campos mandatorios.', data: { message: 'Documento con errores en campos mandatorios.', errors: { [code]: rule } } },
			};
		}
		return this.createdAnswer(doc);
	}

	/** What only the amounts can tell: discounts above the value, payments that do not add up to the total. */
	private amountProblems(body: Obj, computed: ReturnType<typeof computeV2>): FieldErrors {
		const errors: FieldErrors = {};
		computed.items.forEach((item, i) => {
			if (item.discount > item.gross) (errors[`items.${i}.discount_amount`] ??= []).push(`El descuento del ítem ${i + 1} (${fixed2(item.discount)}) supera su valor (${fixed2(item.gross)}).`);
		});
		const rounding = hundredths(body.cash_rounding_amount ?? 0) ?? BigInt(0);
		const paid = paymentsSum(body);
		const expected = computed.totals.total + rounding;
		if (rounding > MAX_CASH_ROUNDING || rounding < -MAX_CASH_ROUNDING) return errors;
		if (paid !== expected) {
			errors.payment_details = [
				`La suma de los medios de pago (${fixed2(paid)}) debe ser igual al total del documento (${fixed2(computed.totals.total)}) más el redondeo (${fixed2(rounding)}): ${fixed2(expected)}.`,
			];
		}
		return errors;
	}

	private store(kind: V2Kind, body: Obj, party: Obj, range: NumberingRange, computed: ReturnType<typeof computeV2>, parent?: V2Document, createdAt = new Date()): V2Document {
		range.current = Math.max(range.current + 1, range.from);
		const doc: V2Document = {
			kind,
			id: this.nextId++,
			number: `${range.prefix}${range.current}`,
			prefix: range.prefix,
			referenceCode: text(body.reference_code),
			range,
			validated: false,
			errors: [],
			authorityId: '',
			createdAt,
			body,
			party,
			items: computed.items,
			totals: computed.totals,
			parent,
			notes: [],
			emails: [],
			events: [],
		};
		parent?.notes.push(doc);
		this.documents[kind].push(doc);
		this.created[kind][doc.referenceCode] = (this.created[kind][doc.referenceCode] ?? 0) + 1;
		return doc;
	}

	/**
	 * Preloads `n` validated (or pending/rejected) standard bills — or other kinds — without HTTP, for list,
	 * pagination and date-filter tests; they take numbers of the active range but not the subscription.
	 */
	seed(n: number, options: { kind?: V2Kind; from?: Date; spacingMs?: number; status?: (i: number) => 'validated' | 'pending' | 'rejected'; referencePrefix?: string } = {}): V2Document[] {
		const kind = options.kind ?? 'bill';
		if (kind !== 'bill' && kind !== 'supportDocument') throw new Error('seed makes bills and support documents (notes need a parent)');
		const spacing = options.spacingMs ?? 60_000;
		const from = options.from?.getTime() ?? Date.now() - n * spacing;
		const range = this.allRanges().find((r) => r.documentCode === KINDS_V2[kind].rangeDocument && r.is_active)!;
		const out: V2Document[] = [];
		for (let i = 0; i < n; i++) {
			const body = seedBody(kind, `${options.referencePrefix ?? 'seed-v2-'}${i + 1}`);
			const doc = this.store(kind, body, asObject(body[KINDS_V2[kind].partyKey]), range, computeV2(body), undefined, new Date(from + i * spacing));
			const status = options.status?.(i) ?? 'validated';
			if (status === 'pending') doc.pending = { showsLeft: this.sim.options.pendingShowsUntilValid ?? 2, then: 'validated' };
			else this.settle(doc, status);
			out.push(doc);
		}
		return out;
	}
}

function seedBody(kind: V2Kind, reference: string): Obj {
	const item = { code_reference: 'SEED', name: 'Producto sembrado', quantity: '1.00', price: '100000.00', unit_measure_code: '94', standard_code: '999', taxes: [{ code: '01', rate: '19.00' }] };
	const payment_details = [{ payment_form: '1', payment_method_code: '10', amount: '119000.00' }];
	if (kind === 'supportDocument') {
		return { reference_code: reference, payment_details, provider: { identification_document_code: '31', identification: '2343543', dv: '7', names: 'Pepito Perez', address: 'calle 4', country_code: 'CO' }, items: [item] };
	}
	return {
		reference_code: reference,
		payment_details,
		customer: { identification_document_code: '13', identification: '123456789', names: 'Alan Turing', legal_organization_code: '2', municipality_code: '68679' },
		items: [item],
	};
}
