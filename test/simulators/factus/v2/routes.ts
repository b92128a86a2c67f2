/**
 * The `/v2/...` routes of the Factus simulator. They run behind the same guard as v1 (maintenance 503,
 * bearer token 401, per-user rate limit with X-RateLimit-* headers and 429 + Retry-After), and the
 * framework's fault injection applies to them like to any path.
 */
import type { SimRequest, SimResponse } from '../../framework/server';
import { ACQUIRERS, COMPANY, IDENTIFICATION_DOCUMENTS, nameMatches, rangeJson } from '../catalogs';
import { factusDateTime } from '../index';

import { attachedDocumentV2, emailZipV2, fileNameV2, KINDS_V2, listRowV2, pdfV2, renderV2, xmlV2 } from './documents';
import type { V2Document } from './documents';
import { buyerEventRefusal, checkEventPerson, eventJson, hasCompletedEvents, newEvent, receptionJson, tacitRefusal } from './radian';
import type { EventRefusal } from './radian';
import type { FieldErrors, V2Kind } from './rules';
import type { FactusV2 } from './state';
import { invalid, notFound, ok } from './state';

type Api = (method: string, path: string, handler: (req: SimRequest) => SimResponse | Promise<SimResponse>) => void;
type Obj = Record<string, unknown>;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const asObject = (value: unknown): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const COLOMBIA_OFFSET_MS = -5 * 3600 * 1000;

/** Laravel's paginator as v2 lists render it (numbered links carry `page`, v2/notas-ajuste…/ver-y-filtrar.md). */
function paginate<T>(rows: T[], req: SimRequest, baseUrl: string, render: (row: T) => unknown, defaultPerPage = 10): Obj {
	const requested = Number(req.query['filter[per_page]'] ?? req.query.per_page ?? defaultPerPage);
	const perPage = Math.min(100, Math.max(1, Number.isFinite(requested) ? Math.trunc(requested) : 10));
	const page = Math.max(1, Number(req.query.page ?? 1) || 1);
	const lastPage = Math.max(1, Math.ceil(rows.length / perPage));
	const slice = rows.slice((page - 1) * perPage, page * perPage);
	const link = (p: number) => `${baseUrl}${req.path}?page=${p}`;
	return {
		data: slice.map(render),
		pagination: {
			total: rows.length,
			per_page: perPage,
			current_page: page,
			last_page: lastPage,
			from: slice.length ? (page - 1) * perPage + 1 : null,
			to: slice.length ? (page - 1) * perPage + slice.length : null,
			links: [
				{ url: page > 1 ? link(page - 1) : null, label: '&laquo; Anterior', active: false },
				...Array.from({ length: lastPage }, (_, i) => ({ url: link(i + 1), label: i + 1, active: i + 1 === page, page: i + 1 })),
				{ url: page < lastPage ? link(page + 1) : null, label: 'Siguiente &raquo;', active: false, page: page + 1 },
			],
		},
	};
}

/** `filter[created_at][start_date|end_date]` as a Colombia-time day range; 422 on a malformed date. */
function createdAtRange(req: SimRequest): { from?: number; to?: number } | FieldErrors {
	const errors: FieldErrors = {};
	const day = (key: 'start_date' | 'end_date') => {
		const value = req.query[`filter[created_at][${key}]`];
		if (value === undefined || value === '') return undefined;
		if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
			errors[`filter.created_at.${key}`] = [`El campo filter.created_at.${key} no corresponde con el formato Y-m-d.`];
			return undefined;
		}
		return Date.parse(`${value}T00:00:00Z`) - COLOMBIA_OFFSET_MS;
	};
	const from = day('start_date');
	const end = day('end_date');
	if (Object.keys(errors).length) return errors;
	return { from, to: end === undefined ? undefined : end + 24 * 3600 * 1000 };
}

function list(v2: FactusV2, kind: V2Kind, req: SimRequest): SimResponse {
	const f = (name: string) => (req.query[`filter[${name}]`] === '' ? undefined : req.query[`filter[${name}]`]);
	const range = createdAtRange(req);
	if (!('from' in range) && !('to' in range) && Object.keys(range).length) return invalid(range as FieldErrors);
	const { from, to } = range as { from?: number; to?: number };
	const docs = v2.documents[kind]
		.filter((d) => {
			const p = d.party;
			if (f('identification') !== undefined && text(p.identification) !== f('identification')) return false;
			if (f('names') !== undefined && !nameMatches(`${text(p.names)} ${text(p.company)}`, f('names'))) return false;
			if (f('number') !== undefined && d.number !== f('number')) return false;
			if (f('prefix') !== undefined && d.prefix !== f('prefix')) return false;
			if (f('reference_code') !== undefined && d.referenceCode !== f('reference_code')) return false;
			if (f('status') !== undefined && String(d.validated ? 1 : 0) !== f('status')) return false;
			if (from !== undefined && d.createdAt.getTime() < from) return false;
			if (to !== undefined && d.createdAt.getTime() >= to) return false;
			return true;
		})
		.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
	return ok(paginate(docs, req, v2.sim.url, listRowV2, v2.sim.options.perPage));
}

function withDocument(v2: FactusV2, kind: V2Kind, number: string, validatedOnly: boolean, then: (doc: V2Document) => SimResponse): SimResponse {
	const doc = v2.byNumber(kind, number);
	const info = KINDS_V2[kind];
	if (!doc) return notFound(`${info.noun} con número ${number} no existe`);
	if (validatedOnly && !doc.validated) return v2.conflict(`${info.noun} ${number} no ha sido validada por la DIAN`);
	return then(doc);
}

function sendEmail(v2: FactusV2, kind: V2Kind, req: SimRequest): SimResponse {
	const doc = v2.byNumber(kind, req.params.number);
	if (!doc) return notFound(`${KINDS_V2[kind].noun} con número ${req.params.number} no existe`);
	const email = text(asObject(req.body).email);
	if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return invalid({ email: [email ? 'El campo email debe ser una dirección de correo válida.' : 'El campo email es obligatorio.'] });
	if (!doc.validated) return v2.conflict(`${KINDS_V2[kind].noun} ${doc.number} no ha sido validada por la DIAN`);
	doc.emails.push(email);
	v2.sim.counters.emailsSent++;
	return { status: 200, body: { status: 'OK', message: `Correo enviado con éxito a ${email}`, data: [] } };
}

function destroy(v2: FactusV2, kind: V2Kind, reference: string): SimResponse {
	const doc = v2.find(kind, reference);
	const info = KINDS_V2[kind];
	if (!doc) return notFound(`No se encontró ${info.noun.toLowerCase()} con el código de referencia ${reference}`);
	if (doc.validated) return v2.conflict(`${info.noun} con código de referencia ${reference} ya fue validada por la DIAN y no se puede eliminar`);
	v2.documents[kind] = v2.documents[kind].filter((d) => d !== doc);
	if (doc.parent) doc.parent.notes = doc.parent.notes.filter((n) => n !== doc);
	v2.deleted[kind].push(reference);
	return { status: 200, body: { status: 'OK', message: `Documento con código de referencia ${reference} eliminado con éxito` } };
}

const refused = (r: EventRefusal): SimResponse =>
	r.status === 422 ? invalid({ [r.field ?? 'event_type']: [r.message] }) : { status: 409, body: { status: 'Conflict', message: r.message } };

/** POST /v2/bills/:number/radian/events/:event_type — the issuer's tacit acceptance (034) only. */
function issuerEvent(v2: FactusV2, req: SimRequest): SimResponse {
	const bill = v2.byNumber('bill', req.params.number);
	if (!bill) return notFound(`La factura con número ${req.params.number} no existe`);
	const code = req.params.event_type;
	if (code !== '034') {
		return invalid({ event_type: [`El emisor solo puede emitir la aceptación tácita (034); el evento ${code} lo emite el adquiriente.`] });
	}
	if (!bill.validated) return v2.conflict(`La factura ${bill.number} no ha sido validada por la DIAN`);
	const checked = checkEventPerson(asObject(req.body), code);
	if (!checked.person) return invalid(checked.errors);
	const isCredit = (Array.isArray(bill.body.payment_details) ? (bill.body.payment_details as Obj[]) : []).some((p) => text(p.payment_form) === '2');
	const refusal = tacitRefusal(bill.events, isCredit, bill.number, v2.clock());
	if (refusal) return refused(refusal);
	const event = newEvent(code, checked.person, v2.clock());
	bill.events.push(event);
	return { status: 201, body: { status: 'Created', message: 'Evento 034 (Aceptación tácita) emitido con éxito', data: eventJson(event) } };
}

/** PATCH /v2/receptions/bills/:bill_id/radian/events/:event_type — our events on a supplier invoice. */
function receptionEvent(v2: FactusV2, req: SimRequest): SimResponse {
	const invoice = v2.receptions().find((r) => String(r.id) === req.params.bill_id);
	if (!invoice) return notFound(`No se encontró la factura recibida con ID ${req.params.bill_id}`);
	const code = req.params.event_type;
	const refusal = buyerEventRefusal(invoice.events, code, invoice.number);
	if (refusal?.status === 422) return refused(refusal);
	const checked = checkEventPerson(asObject(req.body), code);
	if (!checked.person) return invalid(checked.errors);
	if (refusal) return refused(refusal);
	const event = newEvent(code, checked.person, v2.clock(), checked.claim);
	invoice.events.push(event);
	return ok(eventJson(event), `Evento ${code} emitido con éxito`);
}

function receptionList(v2: FactusV2, req: SimRequest): SimResponse {
	const f = (name: string) => (req.query[`filter[${name}]`] === '' ? undefined : req.query[`filter[${name}]`]);
	const rows = v2
		.receptions()
		.filter((r) => {
			if (f('id') !== undefined && String(r.id) !== f('id')) return false;
			if (f('number') !== undefined && r.number !== f('number')) return false;
			if (f('issue_date') !== undefined && r.issueDate !== f('issue_date')) return false;
			if (f('cufe') !== undefined && r.cufe !== f('cufe')) return false;
			if (f('company_nit') !== undefined && r.supplier.nit !== f('company_nit')) return false;
			if (f('company_name') !== undefined && !nameMatches(r.supplier.name, f('company_name'))) return false;
			if (f('completed_events') !== undefined && String(hasCompletedEvents(r.events) ? 1 : 0) !== f('completed_events')) return false;
			return true;
		})
		.sort((a, b) => b.id - a.id);
	return ok(paginate(rows, req, v2.sim.url, receptionJson));
}

function upload(v2: FactusV2, req: SimRequest): SimResponse {
	const trackId = text(asObject(req.body).track_id).trim();
	if (!trackId) return invalid({ track_id: ['El campo track_id es obligatorio.'] });
	const invoice = v2.supplierInvoices.get(trackId);
	if (!invoice) return notFound(`La DIAN no tiene una factura electrónica con el CUFE ${trackId} dirigida a la empresa`);
	if (invoice.uploadedAt) return v2.conflict(`La factura ${invoice.number} ya fue cargada`);
	v2.upload(invoice);
	return { status: 201, body: { status: 'Created', message: `Factura ${invoice.number} cargada con éxito`, data: receptionJson(invoice) } };
}

function documentXml(v2: FactusV2, trackId: string): SimResponse {
	const doc = v2.byAuthorityId(trackId);
	if (doc) return ok({ file_name: fileNameV2(doc), xml_base_64_encoded: xmlV2(doc).toString('base64') });
	const received = v2.supplierInvoices.get(trackId);
	if (received?.uploadedAt) {
		const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Invoice><ID>${received.number}</ID><UUID>${received.cufe}</UUID><PayableAmount>${received.total}</PayableAmount></Invoice>\n`;
		return ok({ file_name: `fv${received.supplier.nit}${received.number}`, xml_base_64_encoded: Buffer.from(xml).toString('base64') });
	}
	return notFound(`No se encontró un documento con el identificador ${trackId}`);
}

function acquirer(req: SimRequest): SimResponse {
	const code = text(req.query.identification_document_code);
	const number = text(req.query.identification_number);
	const errors: FieldErrors = {};
	const v1Id = Object.values(IDENTIFICATION_DOCUMENTS).find((d) => d.code === code)?.id;
	if (!code) errors.identification_document_code = ['El campo identification_document_code es obligatorio.'];
	else if (v1Id === undefined) errors.identification_document_code = ['El campo identification_document_code seleccionado no es válido.'];
	if (!number) errors.identification_number = ['El campo identification_number es obligatorio.'];
	if (Object.keys(errors).length) return invalid(errors);
	const found = ACQUIRERS[`${v1Id}:${number}`];
	return found ? ok(found) : notFound('No se encontró información del adquiriente en la DIAN');
}

function ranges(v2: FactusV2, req: SimRequest): SimResponse {
	const q = req.query;
	const rows = v2.allRanges().filter((r) => {
		if (q['filter[id]'] && String(r.id) !== q['filter[id]']) return false;
		if (q['filter[document]'] && r.documentCode !== q['filter[document]']) return false;
		if (q['filter[resolution_number]'] && r.resolution_number !== q['filter[resolution_number]']) return false;
		if (q['filter[technical_key]'] && r.technical_key !== q['filter[technical_key]']) return false;
		if (q['filter[is_active]'] !== undefined && q['filter[is_active]'] !== '' && String(r.is_active ? 1 : 0) !== q['filter[is_active]']) return false;
		return true;
	});
	return ok(paginate(rows, req, v2.sim.url, (r) => ({ ...rangeJson(r), current: r.current + 1, is_expired: rangeJson(r).is_expired ? 1 : 0 })));
}

/** Registers every v2 route on the simulator (`api` wraps each in the v1 guard). */
export function registerV2Routes(v2: FactusV2, api: Api): void {
	const families: V2Kind[] = ['bill', 'creditNote', 'debitNote', 'supportDocument', 'adjustmentNote'];
	for (const kind of families) {
		const base = `/v2/${KINDS_V2[kind].path}`;
		const emailable = kind === 'bill' || kind === 'creditNote' || kind === 'debitNote';
		api('GET', base, (req) => list(v2, kind, req));
		api('POST', `${base}/validate`, (req) => v2.create(kind, req.body));
		api('GET', `${base}/:number`, (req) =>
			withDocument(v2, kind, req.params.number, false, (doc) => {
				v2.mature(doc);
				return ok(renderV2(doc, v2.sim.url));
			}),
		);
		api('GET', `${base}/:number/download-pdf`, (req) =>
			withDocument(v2, kind, req.params.number, true, (doc) => ok({ file_name: fileNameV2(doc), pdf_base_64_encoded: pdfV2(doc).toString('base64') })),
		);
		api('GET', `${base}/:number/download-xml`, (req) =>
			withDocument(v2, kind, req.params.number, true, (doc) => ok({ file_name: fileNameV2(doc), xml_base_64_encoded: xmlV2(doc).toString('base64') })),
		);
		api('DELETE', kind === 'bill' ? `${base}/destroy/reference/:reference` : `${base}/reference/:reference`, (req) => destroy(v2, kind, req.params.reference));
		if (!emailable) continue;
		api('GET', `${base}/:number/download-attached-document-xml`, (req) =>
			withDocument(v2, kind, req.params.number, true, (doc) => ok({ file_name: `ad${fileNameV2(doc).slice(2)}`, xml_base_64_encoded: attachedDocumentV2(doc).toString('base64') })),
		);
		api('GET', `${base}/:number/email-content`, (req) =>
			withDocument(v2, kind, req.params.number, true, (doc) =>
				ok({ subject: `${COMPANY.nit};${COMPANY.company};${doc.number};${kind === 'bill' ? '01' : kind === 'creditNote' ? '91' : '92'};${COMPANY.company}`, attached_document: emailZipV2(doc).toString('base64') }),
			),
		);
		api('POST', `${base}/:number/send-email`, (req) => sendEmail(v2, kind, req));
	}
	api('GET', '/v2/bills/:number/radian/events', (req) =>
		withDocument(v2, 'bill', req.params.number, false, (doc) => ok(doc.events.map(eventJson))),
	);
	api('POST', '/v2/bills/:number/radian/events/:event_type', (req) => issuerEvent(v2, req));
	api('GET', '/v2/receptions/bills', (req) => receptionList(v2, req));
	api('POST', '/v2/receptions/upload', (req) => upload(v2, req));
	api('PATCH', '/v2/receptions/bills/:bill_id/radian/events/:event_type', (req) => receptionEvent(v2, req));
	api('GET', '/v2/documents/:trackId/download-xml', (req) => documentXml(v2, req.params.trackId));
	api('GET', '/v2/numbering-ranges', (req) => ranges(v2, req));
	api('GET', '/v2/numbering-ranges/:id', (req) => {
		const range = v2.allRanges().find((r) => String(r.id) === req.params.id);
		if (!range) return notFound(`No se encontró el rango de numeración ${req.params.id}`);
		const json = rangeJson(range);
		return ok({ ...json, document: range.documentCode, document_name: json.document, current: range.current + 1, is_expired: json.is_expired ? 1 : 0 });
	});
	api('GET', '/v2/dian/acquirer', (req) => acquirer(req));
	api('GET', '/v2/companies', () => ok({ ...COMPANY, municipality: { code: '68679', name: 'San Gil' } }));
	api('GET', '/v2/subscriptions', () => {
		const { total, used } = v2.sim.subscription;
		return ok([
			{
				document_group: { name: 'Facturación electrónica (simulador)', document_types: ['01', '91', '92', '05', '95'] },
				quota: { total, consumed: used, available: Math.max(0, total - used) },
				activated_at: factusDateTime(new Date(Date.UTC(2025, 0, 1, 5))),
				expires_at: factusDateTime(new Date(Date.UTC(2030, 11, 31, 5))),
				is_active: true,
				is_unlimited: false,
			},
		]);
	});
}
