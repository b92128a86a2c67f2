/**
 * Factus simulator: the v1 and v2 APIs of ../shared/providers/factus.md over real HTTP.
 *
 * - `/oauth/token`: password and refresh grants (form-urlencoded, Laravel Passport's `invalid_client` /
 *   `invalid_grant` answers), `expires_in` configurable down to seconds, refresh tokens rotated.
 * - Rate limit per user (fixed window, like Laravel's throttle) with `X-RateLimit-*` headers, 429 +
 *   `Retry-After`; limit and window configurable so tests stay fast.
 * - Envelope `{status, message, data}`, Laravel pagination (`?page=`, 10 per page, newest first).
 * - Every v1 endpoint of the contract's table, catalogs from the DIAN tables (San Gil = 980).
 * - DIAN outcome per document: validated by default; tests steer it with `dian.enqueue(...)` or
 *   `dian.predicate`; demos with `[pendiente]`, `[rechazo]`, `[regla90]` or `[notificacion]` in the
 *   reference code, customer/provider name or observation. A pending document is validated after
 *   `pendingShowsUntilValid` show calls (or a resend with its reference code, or `validatePending()`).
 * - Errors: 409 pending block (two shapes), 422 in all three shapes, "Regla: 90", 402 quota,
 *   403 document not enabled, 503 maintenance; delete only of documents DIAN never validated.
 * - Inspectable counters: logins, refreshes, 401s from expired tokens, 429s, peak requests per window,
 *   documents created per reference code.
 *
 * v2 (./v2, reached by tests as `sim.v2`), behind the same token, rate limit, maintenance and faults:
 * - /v2/bills: POST validate, GET list (filters incl. filter[created_at][start_date|end_date], per_page),
 *   GET :number, :number/download-pdf | download-xml | download-attached-document-xml | email-content,
 *   POST :number/send-email, DELETE destroy/reference/:reference_code; RADIAN: GET :number/radian/events,
 *   POST :number/radian/events/034 (tacit acceptance; the buyer's 030–033 come from `sim.v2.buyerEvent`).
 * - /v2/credit-notes, /v2/debit-notes (by `bill_number`): the same set, DELETE reference/:reference_code;
 *   /v2/support-documents, /v2/adjustment-notes (by `support_document_number`): create, list, show, PDF, XML, delete.
 * - /v2/receptions/bills (list), /v2/receptions/upload ({track_id} = a CUFE `sim.v2.addSupplierInvoice` put
 *   at DIAN), PATCH /v2/receptions/bills/:bill_id/radian/events/:event_type (030–033, DIAN's order).
 * - /v2/numbering-ranges[/:id], /v2/companies, /v2/subscriptions, /v2/dian/acquirer, /v2/documents/:trackId/download-xml.
 * - Net prices, taxes[] per item, withholdings, surcharges, prepayments; Σ payment_details = total +
 *   cash_rounding_amount (±500) or 422 (v2/money.ts). DIAN outcomes steered by the same `dian` as v1.
 */
import { createHash, randomBytes } from 'node:crypto';

import { RateLimiter, TokenStore } from '../framework/auth';
import { bearerToken, SimServer, sleepMs } from '../framework/server';
import type { SimRequest, SimResponse } from '../framework/server';
import type { RunningSimulator, SimulatorFactory, SimulatorStartOptions } from '../framework/types';

import type { NumberingRange } from './catalogs';
import {
	ACQUIRERS,
	BILL_DOCUMENTS,
	COMPANY,
	CORRECTION_CONCEPTS,
	COUNTRIES,
	CUSTOMER_TRIBUTES,
	CUSTOMIZATIONS,
	defaultRanges,
	IDENTIFICATION_DOCUMENTS,
	LEGAL_ORGANIZATIONS,
	MUNICIPALITIES,
	nameMatches,
	PAYMENT_FORMS,
	PAYMENT_METHODS,
	PRODUCT_TRIBUTES,
	rangeJson,
	STANDARD_CODES,
	UNIT_MEASURES,
	WITHHOLDINGS,
} from './catalogs';
import { pdfFor, xmlFor, zipOf } from './files';
import type { ItemAmounts } from './money';
import { money, rate, taxIncludedItem, toBasisPoints, toCents, untaxedItem, withholding } from './money';
import type { FieldErrors } from './rules';
import { checkBill, checkCreditNote, checkSupportDocument, laravelMessage, nitCheckDigit } from './rules';
import { registerV2Routes } from './v2/routes';
import { FactusV2 } from './v2/state';

export type DocumentKind = 'bill' | 'creditNote' | 'supportDocument';

/** Kinds DIAN steering sees: v1's and v2's new families. */
export type DianKind = DocumentKind | 'debitNote' | 'adjustmentNote';

export type DianOutcomeKind = 'validated' | 'notification' | 'pending' | 'rejected' | 'regla90';

export interface DianOutcome {
	kind: DianOutcomeKind;
	/** Pending only: show calls before DIAN answers (default: the simulator's `pendingShowsUntilValid`). */
	showsUntilValid?: number;
	/** Pending only: what DIAN answers in the end (default validated). */
	then?: 'validated' | 'notification' | 'rejected' | 'regla90';
}

type Obj = Record<string, unknown>;

export interface StoredDocument {
	kind: DocumentKind;
	id: number;
	number: string;
	prefix: string;
	referenceCode: string;
	/** Bill `document` code ("01"/"03"), "91" credit note, "05" support document. */
	documentCode: string;
	range: NumberingRange;
	status: 0 | 1;
	errors: string[];
	/** CUFE / CUDE / CUDS. */
	authorityId: string;
	createdAt: Date;
	validatedAt?: Date;
	pending?: { showsLeft: number; then: NonNullable<DianOutcome['then']> };
	body: Obj;
	items: Obj[];
	withholdings: Map<string, bigint>;
	totals: { gross: bigint; discount: bigint; taxable: bigint; tax: bigint; total: bigint };
	person: Obj;
	creditNoteIds: number[];
	billId?: number;
	emails: string[];
}

export interface FactusSimOptions extends SimulatorStartOptions {
	/** Access-token lifetime (`expires_in`), default 600 s. */
	tokenTtlSeconds?: number;
	refreshTtlSeconds?: number;
	/** A refresh grant revokes the refresh token it used and returns a new one (default true). */
	rotateRefreshTokens?: boolean;
	/** Requests per window per user (default 80 per 60 s). */
	rateLimit?: { limit: number; windowMs: number };
	perPage?: number;
	pendingShowsUntilValid?: number;
	client?: { clientId: string; clientSecret: string };
	user?: { email: string; password: string };
	/** Documents left in the subscription (default 5000); creates answer 402 at 0. */
	documentsRemaining?: number;
	/** Support documents enabled for the company (default true; otherwise 403). */
	supportDocumentsEnabled?: boolean;
	/** Shape of the 409 pending block: `{status, message}` or seed 001's `{status, errors:[{code, message}]}`. */
	conflictShape?: 'message' | 'errors';
	/** A document DIAN has not validated blocks new ones of its kind with 409 (default true). */
	blockWhileUnvalidated?: boolean;
}

export interface SeedOptions {
	kind?: DocumentKind;
	/** Status of each seeded document by index (default: all validated). */
	status?: (index: number) => 'validated' | 'pending' | 'rejected';
	referencePrefix?: string;
	/** Creation time of the oldest one (default: n minutes ago); one per `spacingMs` after that. */
	from?: Date;
	spacingMs?: number;
	customerName?: (index: number) => string;
	total?: number;
}

const COLOMBIA_OFFSET_MS = -5 * 3600 * 1000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "09-01-2025 01:56:16 PM" in Colombia time, as v1 writes dates. */
export function factusDateTime(date: Date): string {
	const d = new Date(date.getTime() + COLOMBIA_OFFSET_MS);
	const h = d.getUTCHours();
	const h12 = h % 12 === 0 ? 12 : h % 12;
	return `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ${pad(h12)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const dmy = (iso: string) => iso.split('-').reverse().join('-');

const asObject = (value: unknown): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** Steers what DIAN answers for the next documents. */
export class DianControl {
	private readonly queue: DianOutcome[] = [];

	/** Consulted when the queue is empty; return undefined to fall back to the data markers. */
	predicate?: (body: Obj, kind: DianKind) => DianOutcomeKind | DianOutcome | undefined;

	enqueue(...outcomes: Array<DianOutcomeKind | DianOutcome>): this {
		for (const o of outcomes) this.queue.push(typeof o === 'string' ? { kind: o } : o);
		return this;
	}

	clear(): void {
		this.queue.length = 0;
		this.predicate = undefined;
	}

	next(body: Obj, kind: DianKind): DianOutcome {
		const queued = this.queue.shift();
		if (queued) return queued;
		const decided = this.predicate?.(body, kind);
		if (decided) return typeof decided === 'string' ? { kind: decided } : decided;
		const person = asObject(body.customer ?? body.provider);
		const haystack = [body.reference_code, body.observation, person.names, person.company, person.trade_name]
			.map(text)
			.join(' ')
			.toLowerCase();
		if (haystack.includes('[regla90]')) return { kind: 'regla90' };
		if (haystack.includes('[rechazo]')) return { kind: 'rejected' };
		if (haystack.includes('[pendiente]')) return { kind: 'pending' };
		if (haystack.includes('[notificacion]')) return { kind: 'notification' };
		return { kind: 'validated' };
	}
}

const REJECTION = 'Regla: FAJ43b, Rechazo: Nombre informado No corresponde al registrado en el RUT con respecto al Nit suminstrado.';
const REGLA_90 = 'Regla: 90, Rechazo: Documento procesado anteriormente.';
const NOTIFICATIONS = [
	'Regla: FAK45, Notificación: No informado el literal “195”',
	'Regla: FAK46, Notificación: No informado el literal “CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)',
];

interface KindSpec {
	label: string;
	/** Key of the document object in show/create responses. */
	key: string;
	authorityKey: string;
	check: (body: Obj) => FieldErrors;
	taxed: boolean;
	personKey: 'customer' | 'provider';
	fileLetters: string;
	noun: string;
}

const KINDS: Record<DocumentKind, KindSpec> = {
	bill: { label: 'factura', key: 'bill', authorityKey: 'cufe', check: checkBill, taxed: true, personKey: 'customer', fileLetters: 'fv', noun: 'La factura' },
	creditNote: {
		label: 'nota crédito',
		key: 'credit_note',
		authorityKey: 'cude',
		check: checkCreditNote,
		taxed: true,
		personKey: 'customer',
		fileLetters: 'nc',
		noun: 'La nota crédito',
	},
	supportDocument: {
		label: 'documento soporte',
		key: 'support_document',
		authorityKey: 'cuds',
		check: checkSupportDocument,
		taxed: false,
		personKey: 'provider',
		fileLetters: 'ds',
		noun: 'El documento soporte',
	},
};

export class FactusSimulator implements RunningSimulator {
	readonly name = 'factus';

	readonly server = new SimServer('factus');

	readonly tokens = new TokenStore();

	readonly limiter: RateLimiter;

	readonly dian = new DianControl();

	/** The v2 API's documents, RADIAN state and test hooks. */
	readonly v2: FactusV2 = new FactusV2(this);

	numberingRanges: NumberingRange[] = defaultRanges();

	readonly documents: Record<DocumentKind, StoredDocument[]> = { bill: [], creditNote: [], supportDocument: [] };

	/** Documents created per kind and reference code (creations, not what is left after deletes). */
	readonly created: Record<DocumentKind, Record<string, number>> = { bill: {}, creditNote: {}, supportDocument: {} };

	/** Reference codes deleted, per kind, in order. */
	readonly deleted: Record<DocumentKind, string[]> = { bill: [], creditNote: [], supportDocument: [] };

	readonly counters = {
		passwordLogins: 0,
		refreshes: 0,
		failedLogins: 0,
		/** 401 answers to API calls whose token had expired. */
		expiredTokenRejections: 0,
		unauthorized: 0,
		rechecks: 0,
		emailsSent: 0,
	};

	readonly subscription: { total: number; used: number };

	tokenTtlSeconds: number;

	maintenance: { retryAfterSeconds: number } | undefined;

	/**
	 * Processing time of every accepted /v1 request, in ms. (The framework's latency fault, armed N times,
	 * delays one request N times over; this delays each request once.)
	 */
	processingMs = 0;

	private nextId = 821;

	private readonly acceptedAt = new Map<string, number[]>();

	constructor(readonly options: FactusSimOptions = {}) {
		const rateLimit = options.rateLimit ?? { limit: 80, windowMs: 60_000 };
		this.limiter = new RateLimiter(rateLimit.limit, rateLimit.windowMs);
		this.tokenTtlSeconds = options.tokenTtlSeconds ?? 600;
		this.subscription = { total: options.documentsRemaining ?? 5000, used: 0 };
		this.routes();
	}

	get url(): string {
		return this.server.url;
	}

	get client() {
		return this.options.client ?? { clientId: '9b6f3a1e-7c2d-4e5f-8a9b-0c1d2e3f4a5b', clientSecret: 'sim-client-secret-factus' };
	}

	get user() {
		return this.options.user ?? { email: 'sandbox@factus.com.co', password: 'sandbox-password' };
	}

	async start(port = 0): Promise<this> {
		await this.server.start(port);
		return this;
	}

	async stop(): Promise<void> {
		await this.server.stop();
	}

	describe(): string[] {
		const { limit, windowMs } = this.limiter;
		return [
			`API base URL (credential environment "Custom URL"): ${this.url}`,
			`Client ID: ${this.client.clientId}   Client Secret: ${this.client.clientSecret}`,
			`Username: ${this.user.email}   Password: ${this.user.password}`,
			`Token lifetime ${this.tokenTtlSeconds} s; rate limit ${limit} requests per ${windowMs / 1000} s per user`,
			'DIAN outcome by data: put [pendiente], [rechazo], [regla90] or [notificacion] in reference_code or the customer name',
			'API v2 under /v2/... on the same server (docs/factus-v2-notes.md)',
			`Numbering ranges: ${this.numberingRanges.filter((r) => r.is_active).map((r) => `${r.id} ${r.prefix} (${r.documentCode})`).join(', ')}`,
		];
	}

	credentials(): Record<string, Record<string, unknown>> {
		return {
			factusApi: {
				environment: 'custom',
				baseUrl: this.url,
				clientId: this.client.clientId,
				clientSecret: this.client.clientSecret,
				username: this.user.email,
				password: this.user.password,
			},
		};
	}

	/* ---------------------------------------------------------------------------------------------- */
	/* Test API                                                                                        */
	/* ---------------------------------------------------------------------------------------------- */

	/** Forgets documents, counters, tokens' use and faults; keeps the configuration. */
	reset(): void {
		for (const kind of Object.keys(this.documents) as DocumentKind[]) {
			this.documents[kind] = [];
			this.created[kind] = {};
			this.deleted[kind] = [];
		}
		for (const key of Object.keys(this.counters) as Array<keyof typeof this.counters>) this.counters[key] = 0;
		this.tokens.expireAll('access');
		this.limiter.reset();
		this.acceptedAt.clear();
		this.dian.clear();
		this.numberingRanges = defaultRanges();
		this.subscription.used = 0;
		this.maintenance = undefined;
		this.processingMs = 0;
		this.server.clearFaults().clearLog();
		this.v2.reset();
	}

	setRateLimit(limit: number, windowMs: number): void {
		this.limiter.limit = limit;
		this.limiter.windowMs = windowMs;
		this.limiter.reset();
		this.acceptedAt.clear();
	}

	setMaintenance(on: boolean, retryAfterSeconds = 1): void {
		this.maintenance = on ? { retryAfterSeconds } : undefined;
	}

	/** Every 429 answered. */
	get rateLimited(): number {
		return Object.values(this.limiter.rejected).reduce((a, b) => a + b, 0);
	}

	/** Highest number of accepted requests in one of the limiter's (fixed) windows. */
	get peakPerWindow(): number {
		return Math.max(0, ...Object.values(this.limiter.peak));
	}

	/** Highest number of accepted requests in any sliding interval of `windowMs` (stricter than the fixed window). */
	slidingPeak(windowMs = this.limiter.windowMs): number {
		let peak = 0;
		for (const times of this.acceptedAt.values()) {
			let start = 0;
			for (let end = 0; end < times.length; end++) {
				while (times[end] - times[start] >= windowMs) start++;
				peak = Math.max(peak, end - start + 1);
			}
		}
		return peak;
	}

	find(kind: DocumentKind, reference: string): StoredDocument | undefined {
		return this.documents[kind].find((d) => d.referenceCode === reference);
	}

	byNumber(kind: DocumentKind, number: string): StoredDocument | undefined {
		return this.documents[kind].find((d) => d.number === number);
	}

	/** DIAN answers every pending document now (or only `number`). */
	validatePending(number?: string, outcome: NonNullable<DianOutcome['then']> = 'validated'): number {
		let n = 0;
		for (const docs of Object.values(this.documents)) {
			for (const doc of docs) {
				if (doc.pending && (number === undefined || doc.number === number)) {
					this.settle(doc, outcome);
					n++;
				}
			}
		}
		return n;
	}

	/**
	 * Preloads `n` documents without HTTP (thousands per second): for list, pagination and trigger
	 * tests. They consume numbers of the active range but not the subscription.
	 */
	seedDocuments(n: number, options: SeedOptions = {}): StoredDocument[] {
		const kind = options.kind ?? 'bill';
		const spacing = options.spacingMs ?? 60_000;
		const from = options.from?.getTime() ?? Date.now() - n * spacing;
		const range = this.activeRanges(kind === 'bill' ? '21' : kind === 'creditNote' ? '22' : '24')[0];
		const price = options.total ?? 119000;
		const template = this.templateBody(kind, price);
		const computed = this.compute(kind, template);
		const out: StoredDocument[] = [];
		for (let i = 0; i < n; i++) {
			const reference = `${options.referencePrefix ?? 'seed-'}${i + 1}`;
			const body: Obj = { ...template, reference_code: reference };
			const person = { ...asObject(template[KINDS[kind].personKey]) };
			if (options.customerName) person.names = options.customerName(i);
			body[KINDS[kind].personKey] = person;
			const doc = this.store(kind, body, range, computed, new Date(from + i * spacing));
			const status = options.status?.(i) ?? 'validated';
			if (status === 'validated') this.settle(doc, 'validated');
			else if (status === 'rejected') this.settle(doc, 'rejected');
			else doc.pending = { showsLeft: this.options.pendingShowsUntilValid ?? 2, then: 'validated' };
			out.push(doc);
		}
		return out;
	}

	/* ---------------------------------------------------------------------------------------------- */
	/* HTTP                                                                                            */
	/* ---------------------------------------------------------------------------------------------- */

	private routes(): void {
		const s = this.server;
		s.route('POST', '/oauth/token', (req) => this.token(req));

		const api = (method: string, path: string, handler: (req: SimRequest) => SimResponse | Promise<SimResponse>) =>
			s.route(method, path, async (req) => await this.guard(req, handler));

		api('GET', '/v1/bills', (req) => this.list('bill', req));
		api('POST', '/v1/bills/validate', (req) => this.create('bill', req));
		api('GET', '/v1/bills/show/:number', (req) => this.show('bill', req.params.number));
		api('GET', '/v1/bills/download-pdf/:number', (req) => this.download('bill', req.params.number, 'pdf'));
		api('GET', '/v1/bills/download-xml/:number', (req) => this.download('bill', req.params.number, 'xml'));
		api('GET', '/v1/bills/:number/email-content', (req) => this.emailContent(req.params.number));
		api('POST', '/v1/bills/send-email/:number', (req) => this.sendEmail(req));
		api('DELETE', '/v1/bills/destroy/reference/:reference', (req) => this.destroy('bill', req.params.reference));

		api('GET', '/v1/credit-notes', (req) => this.list('creditNote', req));
		api('POST', '/v1/credit-notes/validate', (req) => this.create('creditNote', req));
		api('GET', '/v1/credit-notes/download-pdf/:number', (req) => this.download('creditNote', req.params.number, 'pdf'));
		api('GET', '/v1/credit-notes/download-xml/:number', (req) => this.download('creditNote', req.params.number, 'xml'));
		api('DELETE', '/v1/credit-notes/reference/:reference', (req) => this.destroy('creditNote', req.params.reference));
		api('GET', '/v1/credit-notes/:number', (req) => this.show('creditNote', req.params.number));

		api('GET', '/v1/support-documents', (req) => this.list('supportDocument', req));
		api('POST', '/v1/support-documents/validate', (req) => this.create('supportDocument', req));
		api('GET', '/v1/support-documents/show/:number', (req) => this.show('supportDocument', req.params.number));
		api('GET', '/v1/support-documents/download-pdf/:number', (req) => this.download('supportDocument', req.params.number, 'pdf'));
		api('GET', '/v1/support-documents/download-xml/:number', (req) => this.download('supportDocument', req.params.number, 'xml'));
		api('DELETE', '/v1/support-documents/reference/:reference', (req) => this.destroy('supportDocument', req.params.reference));

		api('GET', '/v1/numbering-ranges', (req) => this.ranges(req));
		api('GET', '/v1/numbering-ranges/:id', (req) => {
			const range = this.numberingRanges.find((r) => String(r.id) === req.params.id);
			return range ? ok(rangeJson(range)) : notFound(`No se encontró el rango de numeración ${req.params.id}`);
		});
		api('GET', '/v1/municipalities', (req) => ok(MUNICIPALITIES.filter((m) => nameMatches(m.name, req.query.name))));
		api('GET', '/v1/countries', (req) => ok(COUNTRIES.filter((c) => nameMatches(c.name, req.query.name))));
		api('GET', '/v1/tributes/products', (req) => ok(PRODUCT_TRIBUTES.filter((t) => nameMatches(t.name, req.query.name))));
		api('GET', '/v1/measurement-units', (req) => ok(UNIT_MEASURES.filter((u) => nameMatches(u.name, req.query.name))));
		api('GET', '/v1/dian/acquirer', (req) => this.acquirer(req));
		api('GET', '/v1/company', () => ok(COMPANY));
		registerV2Routes(this.v2, api);
		api('GET', '/v1/subscriptions/current', () =>
			ok({
				plan: 'Plan Empresarial (simulador)',
				documents: {
					total: this.subscription.total,
					used: this.subscription.used,
					remaining: Math.max(0, this.subscription.total - this.subscription.used),
				},
				start_date: '01-01-2025',
				end_date: '31-12-2030',
				is_active: true,
			}),
		);
	}

	/** Maintenance, bearer token and rate limit in front of every /v1 route. */
	private async guard(req: SimRequest, handler: (req: SimRequest) => SimResponse | Promise<SimResponse>): Promise<SimResponse> {
		if (this.maintenance) return this.maintenanceAnswer();
		const check = this.tokens.check(bearerToken(req));
		if (typeof check === 'string') {
			this.counters.unauthorized++;
			if (check === 'expired') this.counters.expiredTokenRejections++;
			return { status: 401, body: { message: 'Unauthenticated.' } };
		}
		const decision = this.limiter.hit(check.subject);
		const headers: Record<string, string> = {
			'x-ratelimit-limit': String(decision.limit),
			'x-ratelimit-remaining': String(decision.remaining),
		};
		if (!decision.allowed) {
			return {
				status: 429,
				body: { message: 'Too Many Attempts.' },
				headers: {
					...headers,
					'retry-after': String(decision.resetSeconds),
					'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + decision.resetSeconds),
				},
			};
		}
		const times = this.acceptedAt.get(check.subject) ?? [];
		times.push(Date.now());
		this.acceptedAt.set(check.subject, times);
		if (this.processingMs > 0) await sleepMs(this.processingMs);
		const response = await handler(req);
		return { ...response, headers: { ...headers, ...(response.headers ?? {}) } };
	}

	private maintenanceAnswer(): SimResponse {
		return {
			status: 503,
			body: { status: 'Service Unavailable', message: 'Estamos realizando labores de mantenimiento. Intenta de nuevo en unos minutos.' },
			headers: { 'retry-after': String(this.maintenance?.retryAfterSeconds ?? 1) },
		};
	}

	private token(req: SimRequest): SimResponse {
		if (this.maintenance) return this.maintenanceAnswer();
		const body = asObject(req.body);
		const grant = text(body.grant_type);
		if (grant !== 'password' && grant !== 'refresh_token') {
			this.counters.failedLogins++;
			return {
				status: 400,
				body: {
					error: 'unsupported_grant_type',
					error_description: 'The authorization grant type is not supported by the authorization server.',
					message: 'The authorization grant type is not supported by the authorization server.',
				},
			};
		}
		if (text(body.client_id) !== this.client.clientId || text(body.client_secret) !== this.client.clientSecret) {
			this.counters.failedLogins++;
			return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed', message: 'Client authentication failed' } };
		}
		let subject: string;
		if (grant === 'password') {
			if (text(body.username) !== this.user.email || text(body.password) !== this.user.password) {
				this.counters.failedLogins++;
				return {
					status: 400,
					body: {
						error: 'invalid_grant',
						error_description: 'The user credentials were incorrect.',
						hint: '',
						message: 'The user credentials were incorrect.',
					},
				};
			}
			subject = this.user.email;
			this.counters.passwordLogins++;
		} else {
			const refresh = this.tokens.check(text(body.refresh_token), 'refresh');
			if (typeof refresh === 'string') {
				this.counters.failedLogins++;
				return {
					status: 400,
					body: {
						error: 'invalid_grant',
						error_description: 'The refresh token is invalid.',
						hint: 'Token has been revoked',
						message: 'The refresh token is invalid.',
					},
				};
			}
			subject = refresh.subject;
			if (this.options.rotateRefreshTokens ?? true) this.tokens.revoke(refresh.token);
			this.counters.refreshes++;
		}
		const access = this.tokens.issue(subject, this.tokenTtlSeconds, 'access');
		const refresh = this.tokens.issue(subject, this.options.refreshTtlSeconds ?? 30 * 24 * 3600, 'refresh');
		return {
			status: 200,
			body: { token_type: 'Bearer', expires_in: this.tokenTtlSeconds, access_token: access.token, refresh_token: refresh.token },
		};
	}

	/* ---------------------------------------------------------------------------------------------- */
	/* Documents                                                                                       */
	/* ---------------------------------------------------------------------------------------------- */

	private activeRanges(documentCode: string): NumberingRange[] {
		return this.numberingRanges.filter((r) => r.documentCode === documentCode && r.is_active);
	}

	private rangeDocumentFor(kind: DocumentKind, body: Obj): string {
		if (kind === 'creditNote') return '22';
		if (kind === 'supportDocument') return '24';
		return text(body.document) === '03' ? '30' : '21';
	}

	private compute(kind: DocumentKind, body: Obj): { items: Obj[]; withholdings: Map<string, bigint>; totals: StoredDocument['totals'] } {
		const taxed = KINDS[kind].taxed;
		const totals = { gross: BigInt(0), discount: BigInt(0), taxable: BigInt(0), tax: BigInt(0), total: BigInt(0) };
		const withholdings = new Map<string, bigint>();
		const items = (body.items as Obj[]).map((item) => {
			const price = toCents(item.price) ?? BigInt(0);
			const quantity = Number(item.quantity);
			const discountBp = toBasisPoints(item.discount_rate ?? 0) ?? BigInt(0);
			const excluded = String(item.is_excluded) === '1';
			const rateBp = taxed && !excluded ? (toBasisPoints(item.tax_rate) ?? BigInt(0)) : BigInt(0);
			const amounts: ItemAmounts = taxed ? taxIncludedItem(price, quantity, discountBp, rateBp) : untaxedItem(price, quantity, discountBp);
			totals.gross += amounts.taxable;
			totals.discount += amounts.discount;
			totals.taxable += amounts.taxable;
			totals.tax += amounts.tax;
			totals.total += amounts.total;
			const itemWithholdings = ((item.withholding_taxes as Obj[] | undefined) ?? []).map((w) => {
				const code = text(w.code);
				const info = WITHHOLDINGS[code];
				const wRate = toBasisPoints(w.withholding_tax_rate) ?? BigInt(0);
				const value = withholding(info.base === 'tax' ? amounts.tax : amounts.taxable, wRate);
				withholdings.set(code, (withholdings.get(code) ?? BigInt(0)) + value);
				return { tribute_code: code, name: info.name, value: money(value), rates: [{ code, name: info.name, rate: rate(wRate) }] };
			});
			itemWithholdings.sort((a, b) => a.tribute_code.localeCompare(b.tribute_code));
			const unit = UNIT_MEASURES.find((u) => u.id === Number(item.unit_measure_id));
			const tribute = PRODUCT_TRIBUTES.find((t) => t.id === Number(item.tribute_id));
			return {
				code_reference: text(item.code_reference) || randomBytes(3).toString('hex').slice(0, 5).toUpperCase(),
				name: text(item.name),
				quantity,
				discount_rate: rate(discountBp),
				discount: money(amounts.discount),
				gross_value: money(amounts.taxable),
				...(taxed ? { tax_rate: rate(rateBp), taxable_amount: money(amounts.taxable), tax_amount: money(amounts.tax) } : {}),
				price: money(price),
				...(taxed ? { is_excluded: excluded ? 1 : 0 } : {}),
				unit_measure: unit ? { id: unit.id, code: unit.code, name: unit.name } : null,
				standard_code: STANDARD_CODES[Number(item.standard_code_id)] ?? null,
				...(taxed ? { tribute: tribute ? { id: tribute.id, code: tribute.code, name: tribute.name } : null } : {}),
				total: Number(money(amounts.total)),
				withholding_taxes: itemWithholdings,
			};
		});
		return { items, withholdings, totals };
	}

	private store(kind: DocumentKind, body: Obj, range: NumberingRange, computed: ReturnType<FactusSimulator['compute']>, createdAt = new Date()): StoredDocument {
		range.current = Math.max(range.current + 1, range.from);
		const number = `${range.prefix}${range.current}`;
		const doc: StoredDocument = {
			kind,
			id: this.nextId++,
			number,
			prefix: range.prefix,
			referenceCode: text(body.reference_code),
			documentCode: kind === 'bill' ? text(body.document) || '01' : kind === 'creditNote' ? '91' : '05',
			range,
			status: 0,
			errors: [],
			authorityId: '',
			createdAt,
			body,
			items: computed.items,
			withholdings: computed.withholdings,
			totals: computed.totals,
			person: asObject(body[KINDS[kind].personKey]),
			creditNoteIds: [],
			emails: [],
		};
		if (kind === 'creditNote' && body.bill_id !== undefined) doc.billId = Number(body.bill_id);
		this.documents[kind].push(doc);
		this.created[kind][doc.referenceCode] = (this.created[kind][doc.referenceCode] ?? 0) + 1;
		return doc;
	}

	private settle(doc: StoredDocument, outcome: NonNullable<DianOutcome['then']>): void {
		doc.pending = undefined;
		if (outcome === 'validated' || outcome === 'notification') {
			doc.status = 1;
			doc.validatedAt = new Date();
			doc.errors = outcome === 'notification' ? [...NOTIFICATIONS] : [];
			doc.authorityId = createHash('sha384').update(`${doc.number}|${money(doc.totals.total)}|${doc.createdAt.toISOString()}`).digest('hex');
		} else {
			doc.status = 0;
			doc.errors = [outcome === 'regla90' ? REGLA_90 : REJECTION];
		}
	}

	/** A pending document takes one more step towards DIAN's answer. */
	private mature(doc: StoredDocument): void {
		if (!doc.pending) return;
		doc.pending.showsLeft--;
		if (doc.pending.showsLeft <= 0) this.settle(doc, doc.pending.then);
	}

	private conflict(message: string): SimResponse {
		if (this.options.conflictShape === 'errors') {
			return { status: 409, body: { status: 'Conflict', errors: [{ code: 409, message, params: [], detail: 'Conflict', api_version: 'v1' }] } };
		}
		return { status: 409, body: { status: 'Conflict', message } };
	}

	private create(kind: DocumentKind, req: SimRequest): SimResponse {
		const spec = KINDS[kind];
		const body = asObject(req.body);
		const invalid = spec.check(body);
		if (Object.keys(invalid).length > 0) return { status: 422, body: { message: laravelMessage(invalid), errors: invalid } };
		if (kind === 'supportDocument' && this.options.supportDocumentsEnabled === false) {
			return { status: 403, body: { status: 'Forbidden', message: 'La empresa no tiene habilitada la creación de este documento' } };
		}
		if (this.subscription.used >= this.subscription.total) {
			return {
				status: 402,
				body: { status: 'Payment Required', message: 'No tienes documentos disponibles en tu plan. Adquiere un paquete adicional para seguir emitiendo.' },
			};
		}

		const reference = text(body.reference_code);
		const existing = this.find(kind, reference);
		if (existing) {
			if (existing.status === 1) {
				const message = 'El campo código de referencia ya ha sido registrado.';
				return { status: 422, body: { message, errors: { reference_code: [message] } } };
			}
			if (existing.pending) {
				// factus.md: resending a document DIAN has not answered makes Factus re-check it, no duplicate.
				this.counters.rechecks++;
				this.mature(existing);
				return this.createdAnswer(existing);
			}
			return this.conflict(`Se encontró una ${spec.label} pendiente por enviar a la DIAN`);
		}
		if ((this.options.blockWhileUnvalidated ?? true) && this.documents[kind].some((d) => d.status === 0)) {
			return this.conflict(`Se encontró una ${spec.label} pendiente por enviar a la DIAN`);
		}

		const rangeDocument = this.rangeDocumentFor(kind, body);
		let range: NumberingRange | undefined;
		if (body.numbering_range_id !== undefined && body.numbering_range_id !== null && body.numbering_range_id !== '') {
			range = this.numberingRanges.find((r) => r.id === Number(body.numbering_range_id));
			if (!range) {
				const message = 'El campo id rango de numeración seleccionado no es válido.';
				return { status: 422, body: { message, errors: { numbering_range_id: [message] } } };
			}
			const problems: string[] = [];
			if (range.documentCode !== rangeDocument) problems.push(`El rango de numeración ${range.id} no corresponde al tipo de documento.`);
			if (!range.is_active) problems.push(`El rango de numeración ${range.id} no está activo.`);
			if (range.current >= range.to) problems.push(`El rango de numeración ${range.id} no tiene consecutivos disponibles.`);
			if (problems.length) return { status: 422, body: { status: 'Validation error', message: 'Error de validación', data: { errors: problems } } };
		} else {
			const candidates = this.activeRanges(rangeDocument);
			if (candidates.length > 1) {
				const message = 'El campo id rango de numeración es obligatorio.';
				return { status: 422, body: { message, errors: { numbering_range_id: [message] } } };
			}
			if (candidates.length === 0) {
				return { status: 422, body: { status: 'Validation error', message: 'Error de validación', data: { errors: ['No hay un rango de numeración activo para este documento.'] } } };
			}
			range = candidates[0];
		}

		let bill: StoredDocument | undefined;
		if (kind === 'creditNote' && body.bill_id !== undefined && body.bill_id !== null && body.bill_id !== '') {
			bill = this.documents.bill.find((d) => d.id === Number(body.bill_id));
			if (!bill) {
				const message = 'El campo id de la factura seleccionado no es válido.';
				return { status: 422, body: { message, errors: { bill_id: [message] } } };
			}
			if (bill.status !== 1) {
				return { status: 422, body: { status: 'Validation error', message: 'Error de validación', data: { errors: [`La factura ${bill.number} no ha sido validada por la DIAN.`] } } };
			}
			if (!body.customer) body.customer = bill.person;
		}

		const computed = this.compute(kind, body);
		if (bill) {
			const credited = bill.creditNoteIds
				.map((id) => this.documents.creditNote.find((d) => d.id === id))
				.reduce((sum, note) => sum + (note && note.status === 1 ? note.totals.total : BigInt(0)), BigInt(0));
			if (credited + computed.totals.total > bill.totals.total) {
				return {
					status: 422,
					body: {
						status: 'Validation error',
						message: 'Error de validación',
						data: { errors: [`El valor de la nota crédito (${money(computed.totals.total)}) supera el saldo de la factura ${bill.number} (${money(bill.totals.total - credited)}).`] },
					},
				};
			}
		}

		let outcome = this.dian.next(body, kind);
		const person = asObject(body[spec.personKey]);
		if (String(person.identification_document_id) === '6' && text(person.dv) !== String(nitCheckDigit(text(person.identification)))) {
			outcome = { kind: 'rejected' };
		}
		const doc = this.store(kind, body, range, computed);
		if (bill) bill.creditNoteIds.push(doc.id);
		this.subscription.used++;

		if (outcome.kind === 'pending') {
			doc.pending = { showsLeft: outcome.showsUntilValid ?? this.options.pendingShowsUntilValid ?? 2, then: outcome.then ?? 'validated' };
			return this.createdAnswer(doc);
		}
		this.settle(doc, outcome.kind);
		if (doc.status === 0) {
			const rule = doc.errors[0];
			const code = /Regla:\s*([^,]+),/.exec(rule)?.[1] ?? 'DIAN';
			return {
				status: 422,
				body: {
					status: 'Validation error',
					message: 'Documento con errores en campos mandatorios.',
					data: { message: 'Documento con errores en campos mandatorios.', errors: { [code]: rule } },
				},
			};
		}
		return this.createdAnswer(doc);
	}

	private createdAnswer(doc: StoredDocument): SimResponse {
		const message =
			doc.status === 1
				? `Documento con el código de referencia ${doc.referenceCode} registrado y validado con éxito`
				: `Documento con el código de referencia ${doc.referenceCode} registrado; pendiente de validación por la DIAN`;
		return { status: 201, body: { status: 'Created', message, data: this.render(doc) } };
	}

	private render(doc: StoredDocument): Obj {
		const spec = KINDS[doc.kind];
		const p = doc.person;
		const municipality = MUNICIPALITIES.find((m) => m.id === Number(p.municipality_id));
		const person: Obj = {
			identification: text(p.identification),
			dv: String(p.identification_document_id) === '6' ? text(p.dv) : null,
			graphic_representation_name: text(p.company) || text(p.names),
			trade_name: text(p.trade_name),
			company: text(p.company),
			names: text(p.names),
			address: text(p.address),
			email: text(p.email),
			phone: text(p.phone),
			...(doc.kind === 'supportDocument'
				? {
						identification_document: IDENTIFICATION_DOCUMENTS[Number(p.identification_document_id)] ?? null,
						is_resident: p.is_resident === undefined ? 1 : Number(p.is_resident),
						country_code: text(p.country_code) || 'CO',
					}
				: {
						legal_organization: LEGAL_ORGANIZATIONS[Number(p.legal_organization_id)] ?? null,
						tribute: CUSTOMER_TRIBUTES[Number(p.tribute_id)] ?? null,
					}),
			municipality: municipality ? { id: municipality.id, code: municipality.code, name: municipality.name } : null,
		};
		const withholdings = [...doc.withholdings.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([code, value]) => ({ tribute_code: code, name: WITHHOLDINGS[code].name, value: money(value) }));
		const qrHost = 'https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=';
		const body = doc.body;
		const paymentForm = text(body.payment_form) || '1';
		const paymentMethod = text(body.payment_method_code) || '10';
		const main: Obj = {
			id: doc.id,
			document: { code: doc.documentCode, name: BILL_DOCUMENTS[doc.documentCode] ?? spec.label },
			number: doc.number,
			reference_code: doc.referenceCode,
			status: doc.status,
			send_email: body.send_email ? 1 : 0,
			qr: doc.authorityId ? `${qrHost}${doc.authorityId}` : null,
			[spec.authorityKey]: doc.authorityId || null,
			validated: doc.validatedAt ? factusDateTime(doc.validatedAt) : null,
			discount_rate: '0.00',
			discount: '0.00',
			gross_value: money(doc.totals.gross),
			taxable_amount: money(doc.totals.taxable),
			tax_amount: money(doc.totals.tax),
			total: money(doc.totals.total),
			observation: text(body.observation) || null,
			errors: doc.errors,
			created_at: factusDateTime(doc.createdAt),
			payment_due_date: text(body.payment_due_date) ? dmy(text(body.payment_due_date)) : null,
			qr_image: 'data:image/png;base64, ',
			has_claim: 0,
			is_negotiable_instrument: 0,
			payment_form: { code: paymentForm, name: PAYMENT_FORMS[paymentForm] },
			payment_method: { code: paymentMethod, name: PAYMENT_METHODS[paymentMethod] },
			public_url: `${this.url}/public/${spec.fileLetters}/${doc.id}`,
		};
		if (doc.kind === 'creditNote') {
			const bill = this.documents.bill.find((b) => b.id === doc.billId);
			main.correction_concept = { code: text(body.correction_concept_code), name: CORRECTION_CONCEPTS[Number(body.correction_concept_code)] };
			main.customization = { code: text(body.customization_id), name: CUSTOMIZATIONS[Number(body.customization_id)] };
			main.bill = bill ? { id: bill.id, number: bill.number, cufe: bill.authorityId } : null;
		}
		const range = doc.range;
		const months = (Number(range.end_date.slice(0, 4)) - Number(range.start_date.slice(0, 4))) * 12;
		return {
			company: COMPANY,
			[spec.personKey]: person,
			numbering_range: {
				prefix: range.prefix,
				from: range.from,
				to: range.to,
				resolution_number: range.resolution_number,
				start_date: dmy(range.start_date),
				end_date: dmy(range.end_date),
				months,
			},
			billing_period: body.billing_period ? [body.billing_period] : [],
			[spec.key]: main,
			related_documents: ((body.related_documents as Obj[] | undefined) ?? []).map((r, i) => ({
				id: i + 1,
				code: text(r.code),
				number: text(r.number),
				issue_date: dmy(text(r.issue_date)),
			})),
			items: doc.items,
			withholding_taxes: withholdings,
			credit_notes:
				doc.kind === 'bill'
					? doc.creditNoteIds
							.map((id) => this.documents.creditNote.find((d) => d.id === id))
							.filter((d): d is StoredDocument => d !== undefined)
							.map((d) => ({ id: d.id, number: d.number, reference_code: d.referenceCode, status: d.status, total: money(d.totals.total) }))
					: [],
			debit_notes: [],
		};
	}

	private listRow(doc: StoredDocument): Obj {
		const p = doc.person;
		const paymentForm = text(doc.body.payment_form) || '1';
		return {
			id: doc.id,
			document: { code: doc.documentCode, name: BILL_DOCUMENTS[doc.documentCode] ?? KINDS[doc.kind].label },
			number: doc.number,
			api_client_name: 'Factus simulator',
			reference_code: doc.referenceCode,
			identification: text(p.identification),
			graphic_representation_name: text(p.company) || text(p.names),
			company: text(p.company),
			trade_name: text(p.trade_name),
			names: text(p.names),
			email: text(p.email),
			total: money(doc.totals.total),
			status: doc.status,
			errors: doc.errors,
			send_email: doc.body.send_email ? 1 : 0,
			has_claim: 0,
			is_negotiable_instrument: 0,
			payment_form: { code: paymentForm, name: PAYMENT_FORMS[paymentForm] },
			created_at: factusDateTime(doc.createdAt),
			credit_notes: [],
			debit_notes: [],
		};
	}

	private list(kind: DocumentKind, req: SimRequest): SimResponse {
		const q = req.query;
		const f = (name: string) => {
			const value = q[`filter[${name}]`];
			return value === undefined || value === '' ? undefined : value;
		};
		const docs = this.documents[kind]
			.filter((d) => {
				const p = d.person;
				if (f('identification') !== undefined && text(p.identification) !== f('identification')) return false;
				if (f('names') !== undefined && !nameMatches(`${text(p.names)} ${text(p.company)}`, f('names'))) return false;
				if (f('number') !== undefined && d.number !== f('number')) return false;
				if (f('prefix') !== undefined && d.prefix !== f('prefix')) return false;
				if (f('reference_code') !== undefined && d.referenceCode !== f('reference_code')) return false;
				if (f('status') !== undefined && String(d.status) !== f('status')) return false;
				return true;
			})
			.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
		return ok(this.paginate(docs, req, (d) => this.listRow(d)));
	}

	/** Laravel's paginator; only the rows of the page are rendered (lists may hold thousands of seeded documents). */
	private paginate<T>(rows: T[], req: SimRequest, render: (row: T) => unknown = (row) => row): Obj {
		const requested = Number(req.query['filter[per_page]'] ?? req.query.per_page ?? this.options.perPage ?? 10);
		const perPage = Math.min(100, Math.max(1, Number.isFinite(requested) ? requested : 10));
		const page = Math.max(1, Number(req.query.page ?? 1) || 1);
		const lastPage = Math.max(1, Math.ceil(rows.length / perPage));
		const slice = rows.slice((page - 1) * perPage, page * perPage);
		const path = `${this.url}${req.path}`;
		const link = (p: number) => `${path}?page=${p}`;
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
					...Array.from({ length: lastPage }, (_, i) => ({ url: link(i + 1), label: String(i + 1), active: i + 1 === page })),
					{ url: page < lastPage ? link(page + 1) : null, label: 'Siguiente &raquo;', active: false },
				],
			},
		};
	}

	private show(kind: DocumentKind, number: string): SimResponse {
		const doc = this.byNumber(kind, number);
		if (!doc) return notFound(`${KINDS[kind].noun} con número ${number} no existe`);
		this.mature(doc);
		return ok(this.render(doc));
	}

	private fileName(doc: StoredDocument): string {
		const year = String(doc.createdAt.getUTCFullYear()).slice(2);
		return `${KINDS[doc.kind].fileLetters}0${COMPANY.nit}000${year}${String(doc.id).padStart(8, '0')}`;
	}

	private pdf(doc: StoredDocument): Buffer {
		return pdfFor(`${COMPANY.company} - ${doc.number}`, [
			`Referencia: ${doc.referenceCode}`,
			`Total: ${money(doc.totals.total)} COP`,
			`${KINDS[doc.kind].authorityKey.toUpperCase()}: ${doc.authorityId}`,
		]);
	}

	private xml(doc: StoredDocument): Buffer {
		return xmlFor(doc.kind === 'creditNote' ? 'CreditNote' : 'Invoice', {
			ID: doc.number,
			UUID: doc.authorityId,
			IssueDate: doc.createdAt.toISOString().slice(0, 10),
			PayableAmount: money(doc.totals.total),
		});
	}

	private download(kind: DocumentKind, number: string, type: 'pdf' | 'xml'): SimResponse {
		const doc = this.byNumber(kind, number);
		if (!doc) return notFound(`${KINDS[kind].noun} con número ${number} no existe`);
		if (doc.status !== 1) return this.conflict(`${KINDS[kind].noun} ${number} no ha sido validada por la DIAN`);
		const data = type === 'pdf' ? this.pdf(doc) : this.xml(doc);
		return ok({ file_name: this.fileName(doc), [`${type}_base_64_encoded`]: data.toString('base64') });
	}

	private emailContent(number: string): SimResponse {
		const doc = this.byNumber('bill', number);
		if (!doc) return notFound(`La factura con número ${number} no existe`);
		if (doc.status !== 1) return this.conflict(`La factura ${number} no ha sido validada por la DIAN`);
		const name = this.fileName(doc);
		const zip = zipOf([
			{ name: `${name}.pdf`, data: this.pdf(doc) },
			{ name: `ad${name.slice(2)}.xml`, data: this.xml(doc) },
		]);
		return ok({
			subject: `${COMPANY.nit};${COMPANY.company};${doc.number};01;${COMPANY.company}`,
			attached_document: zip.toString('base64'),
		});
	}

	private sendEmail(req: SimRequest): SimResponse {
		const doc = this.byNumber('bill', req.params.number);
		if (!doc) return notFound(`La factura con número ${req.params.number} no existe`);
		const body = asObject(req.body);
		const email = text(body.email);
		if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
			const message = email ? 'El campo correo electrónico debe ser una dirección de correo válida.' : 'El campo correo electrónico es obligatorio.';
			return { status: 422, body: { message, errors: { email: [message] } } };
		}
		if (doc.status !== 1) return this.conflict(`La factura ${doc.number} no ha sido validada por la DIAN`);
		doc.emails.push(email);
		this.counters.emailsSent++;
		return { status: 200, body: { status: 'OK', message: `Correo enviado con éxito a ${email}`, data: [] } };
	}

	private destroy(kind: DocumentKind, reference: string): SimResponse {
		const doc = this.find(kind, reference);
		if (!doc) return notFound(`No se encontró ${KINDS[kind].label === 'factura' ? 'la factura' : `el documento`} con el código de referencia ${reference}`);
		if (doc.status === 1) {
			return this.conflict(`${KINDS[kind].noun} con código de referencia ${reference} ya fue validada por la DIAN y no se puede eliminar`);
		}
		this.documents[kind] = this.documents[kind].filter((d) => d !== doc);
		this.deleted[kind].push(reference);
		return { status: 200, body: { status: 'OK', message: `Documento con código de referencia ${reference} eliminado con éxito` } };
	}

	private ranges(req: SimRequest): SimResponse {
		const q = req.query;
		const rows = this.numberingRanges.filter((r) => {
			const json = rangeJson(r);
			if (q['filter[id]'] && String(r.id) !== q['filter[id]']) return false;
			if (q['filter[document]'] && r.documentCode !== q['filter[document]'] && json.document !== q['filter[document]']) return false;
			if (q['filter[resolution_number]'] && r.resolution_number !== q['filter[resolution_number]']) return false;
			if (q['filter[technical_key]'] && r.technical_key !== q['filter[technical_key]']) return false;
			if (q['filter[is_active]'] !== undefined && q['filter[is_active]'] !== '' && String(json.is_active) !== q['filter[is_active]']) return false;
			return true;
		});
		return ok(this.paginate(rows.map(rangeJson), req));
	}

	private acquirer(req: SimRequest): SimResponse {
		const type = req.query.identification_document_id;
		const number = req.query.identification_number;
		const errors: FieldErrors = {};
		if (!type) errors.identification_document_id = ['El campo identification document id es obligatorio.'];
		else if (!IDENTIFICATION_DOCUMENTS[Number(type)]) errors.identification_document_id = ['El campo identification document id seleccionado no es válido.'];
		if (!number) errors.identification_number = ['El campo identification number es obligatorio.'];
		if (Object.keys(errors).length) return { status: 422, body: { message: laravelMessage(errors), errors } };
		const found = ACQUIRERS[`${type}:${number}`];
		return found ? ok(found) : notFound('No se encontró información del adquiriente en la DIAN');
	}

	/** A body that passes the rules, used by `seedDocuments`. */
	private templateBody(kind: DocumentKind, total: number): Obj {
		const item = {
			code_reference: 'SEED',
			name: 'Producto sembrado',
			quantity: 1,
			discount_rate: 0,
			price: total,
			tax_rate: '19.00',
			unit_measure_id: 70,
			standard_code_id: 1,
			is_excluded: 0,
			tribute_id: 1,
			withholding_taxes: [],
		};
		const person = {
			identification_document_id: 3,
			identification: '123456789',
			names: 'Alan Turing',
			address: 'calle 1 # 2-68',
			email: 'alan.turing@example.com',
			phone: '1234567890',
			legal_organization_id: 2,
			tribute_id: 21,
			municipality_id: 980,
		};
		if (kind === 'supportDocument') return { payment_method_code: '10', provider: person, items: [{ ...item, tax_rate: undefined }] };
		if (kind === 'creditNote') return { correction_concept_code: 2, customization_id: 22, payment_method_code: '10', customer: person, items: [item] };
		return { document: '01', payment_form: '1', payment_method_code: '10', customer: person, items: [item] };
	}
}

function ok(data: unknown): SimResponse {
	return { status: 200, body: { status: 'OK', message: 'Solicitud exitosa', data } };
}

function notFound(message: string): SimResponse {
	return { status: 404, body: { status: 'Not Found', message } };
}

export async function startFactusSimulator(options: FactusSimOptions = {}): Promise<FactusSimulator> {
	const simulator = new FactusSimulator(options);
	await simulator.start(options.port ?? 0);
	return simulator;
}

/** Registry entry (test/simulators/index.ts). */
export const factusSimulator: SimulatorFactory = startFactusSimulator;
