/**
 * FacEPro Cloud simulator: every endpoint, state and error of ../shared/providers/facepro.md over real
 * HTTP under `/api/v1` (so the credential's Base URL looks like the real one).
 *
 * - Tenants with Sanctum-looking tokens (`7|…`), revocable (→ 401), with permissions (→ 403 with
 *   `permiso`) and a document quota (→ 429 with consumidos/limite/periodo).
 * - Server-side validation with Spanish per-field messages (→ 422), numbering SETP990000001…, CUFE
 *   (SHA-384, DIAN's formula), totals computed by the server, UBL-like XML.
 * - DIAN outcome per document: `aceptado` by default; tests steer it with `dian.rule` or `dian.queue`;
 *   demos with `[pendiente]`, `[rechazado]` or `[fallido]` in `adquiriente.razon_social`. A pending
 *   document settles after `pendingConsultas` calls to /consultar.
 * - Lists newest first, filtered by estado/desde/hasta (inclusive, Colombian dates).
 * - `seedDocuments(n)` preloads history (10,000 documents in about 0.3 s; ~1 s under jest).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { TokenStore } from '../framework/auth';
import { bearerToken, SimServer } from '../framework/server';
import type { SimRequest, SimResponse } from '../framework/server';
import type { RunningSimulator, SimulatorStartOptions } from '../framework/types';

import type { DianOutcome, Estado, StoredDocument } from './documents';
import { applyOutcome, dianBlock, documentoJson, documentXml, newZipKey } from './documents';
import type { Kind } from './rules';
import { calcularCufe, calcularTotales, digitoVerificacion, validar } from './rules';

export const API_PREFIX = '/api/v1';

export type Permiso = 'permite_facturas' | 'permite_notas_credito' | 'permite_notas_debito';

export interface Tenant {
	id: number;
	uuid: string;
	nit: string;
	dv: string;
	razon_social: string;
	estado: 'activo';
	user: { id: number; name: string; email: string };
	permisos: Record<Permiso, boolean>;
	cuota: { limite: number; consumidos: number; periodo: 'mensual' | 'anual' };
	/** The plain API token (FacEPro shows it once in its portal). */
	token: string;
	/** DIAN technical key of the tenant's numbering resolution (CUFE input). */
	claveTecnica: string;
	consecutivos: Record<Kind, number>;
}

export interface TenantSpec {
	razon_social: string;
	nit: string;
	permisos?: Partial<Record<Permiso, boolean>>;
	cuota?: Partial<Tenant['cuota']>;
}

export interface FacEProSimOptions extends SimulatorStartOptions {
	/** Tenants to create instead of the default three. */
	tenants?: TenantSpec[];
	/** GET /documentos/{id}: the bare DocumentoResource (as the docs' examples read it) or `{ok, data}`. */
	detailShape?: 'bare' | 'wrapped';
	/** GET /documentos: `{ok, data: [...], meta}` or Laravel's paginator `{ok, data: {data: [...], current_page, …}}`. */
	listShape?: 'flat' | 'paginator';
	/** /consultar calls a pending document needs before DIAN answers (default 1). */
	pendingConsultas?: number;
	/** What a pending document turns into (default aceptado). */
	pendingResolvesTo?: 'aceptado' | 'rechazado';
	/** Clock (tests); defaults to the real time. */
	now?: () => Date;
}

export interface DianControl {
	/** Outcomes for the next created documents, in order (after `rule` and name markers). */
	queue: DianOutcome[];
	/** Decides a document's outcome; `undefined` falls through to markers, queue, then aceptado. */
	rule?: (input: { body: Record<string, unknown>; kind: Kind; tenant: Tenant }) => DianOutcome | undefined;
	pendingConsultas: number;
	pendingResolvesTo: 'aceptado' | 'rechazado';
}

export interface SeedOptions {
	tenantId?: number;
	/** First issue date (default: 90 days ago). */
	from?: string;
	/** Last issue date (default: today). */
	to?: string;
	/** Relative weights of the estados (default 80 aceptado, 8 rechazado, 7 pendiente, 5 fallido). */
	estados?: Partial<Record<Estado, number>>;
	/** Share of credit/debit notes (default 0.1). */
	notes?: number;
	/** PRNG seed for reproducible data. */
	seed?: number;
}

const DEFAULT_TENANTS: TenantSpec[] = [
	{ razon_social: 'MI EMPRESA SAS', nit: '901234567', cuota: { limite: 100000, periodo: 'mensual' } },
	{
		razon_social: 'SOLO FACTURAS SAS',
		nit: '900123456',
		permisos: { permite_notas_credito: false, permite_notas_debito: false },
	},
	{ razon_social: 'CUOTA AGOTADA SAS', nit: '860002964', cuota: { limite: 100, consumidos: 100, periodo: 'mensual' } },
];

const BOGOTA_OFFSET_MS = 5 * 3600 * 1000;

/** Colombian date and time (UTC−5, no daylight saving) of an instant. */
export function bogota(date: Date): { fecha: string; hora: string; iso: string } {
	const shifted = new Date(date.getTime() - BOGOTA_OFFSET_MS).toISOString();
	const fecha = shifted.slice(0, 10);
	const hora = shifted.slice(11, 19);
	return { fecha, hora, iso: `${fecha}T${hora}-05:00` };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function sanctumToken(id: number): string {
	const bytes = randomBytes(40);
	let text = '';
	for (const b of bytes) text += ALNUM[b % ALNUM.length];
	return `${id}|${text}`;
}

/** Small deterministic PRNG (mulberry32) for seeded data. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const KIND_BY_PATH: Record<string, { kind: Kind; permiso: Permiso }> = {
	documentos: { kind: 'factura', permiso: 'permite_facturas' },
	'notas-credito': { kind: 'nota_credito', permiso: 'permite_notas_credito' },
	'notas-debito': { kind: 'nota_debito', permiso: 'permite_notas_debito' },
};

const PREFIJOS: Record<Kind, { prefijo: string; desde: number }> = {
	factura: { prefijo: 'SETP', desde: 990000001 },
	nota_credito: { prefijo: 'NC', desde: 1 },
	nota_debito: { prefijo: 'ND', desde: 1 },
};

const ESTADOS: Estado[] = ['aceptado', 'rechazado', 'pendiente', 'fallido'];

const fail = (status: number, body: Record<string, unknown>): SimResponse => ({ status, body: { ok: false, ...body } });

export class FacEProSimulator implements RunningSimulator {
	readonly name = 'facepro';

	readonly server = new SimServer('facepro');

	readonly tenants: Tenant[] = [];

	readonly dian: DianControl;

	private readonly tokens = new TokenStore();

	private readonly docs: StoredDocument[] = [];

	private readonly byId = new Map<string, StoredDocument>();

	/** Per tenant, documents sorted newest first (rebuilt after inserts). */
	private readonly sorted = new Map<number, StoredDocument[]>();

	private readonly tenantOf = new WeakMap<SimRequest, Tenant>();

	private seq = 0;

	private readonly now: () => Date;

	constructor(private readonly options: FacEProSimOptions = {}) {
		this.now = options.now ?? (() => new Date());
		this.dian = {
			queue: [],
			pendingConsultas: options.pendingConsultas ?? 1,
			pendingResolvesTo: options.pendingResolvesTo ?? 'aceptado',
		};
		for (const spec of options.tenants ?? DEFAULT_TENANTS) this.addTenant(spec);
		this.routes();
	}

	get url(): string {
		return this.server.url;
	}

	/** What the credential's Base URL must be. */
	get baseUrl(): string {
		return `${this.server.url}${API_PREFIX}`;
	}

	async start(port = 0): Promise<this> {
		await this.server.start(port);
		return this;
	}

	async stop(): Promise<void> {
		await this.server.stop();
	}

	/* ------------------------------------------------------------------------------------------ */
	/* Test controls                                                                              */
	/* ------------------------------------------------------------------------------------------ */

	addTenant(spec: TenantSpec): Tenant {
		const id = this.tenants.length + 1;
		const token = sanctumToken(id);
		const tenant: Tenant = {
			id,
			uuid: randomUUID(),
			nit: spec.nit,
			dv: digitoVerificacion(spec.nit),
			razon_social: spec.razon_social,
			estado: 'activo',
			user: { id: 100 + id, name: 'Luis Alberto', email: `facturacion${id}@empresa.com.co` },
			permisos: {
				permite_facturas: true,
				permite_notas_credito: true,
				permite_notas_debito: true,
				...(spec.permisos ?? {}),
			},
			cuota: { limite: 1000, consumidos: 0, periodo: 'mensual', ...(spec.cuota ?? {}) },
			token,
			claveTecnica: createHash('sha1').update(`clave-tecnica-${spec.nit}`).digest('hex'),
			consecutivos: { factura: 0, nota_credito: 0, nota_debito: 0 },
		};
		this.tokens.issue(String(id), Infinity, 'access', token);
		this.tenants.push(tenant);
		return tenant;
	}

	tenant(id = 1): Tenant {
		const tenant = this.tenants.find((t) => t.id === id);
		if (!tenant) throw new Error(`No tenant ${id}`);
		return tenant;
	}

	/** Revokes a tenant's token (FacEPro portal → Tokens API → revoke). */
	revokeToken(tenantId = 1): void {
		this.tokens.revoke(this.tenant(tenantId).token);
	}

	/** Documents of a tenant (or all), in creation order. */
	documents(tenantId?: number): StoredDocument[] {
		return tenantId === undefined ? [...this.docs] : this.docs.filter((d) => d.tenantId === tenantId);
	}

	document(trackingId: string): StoredDocument | undefined {
		return this.byId.get(trackingId);
	}

	/** Forgets documents, numbering, quota use and steering (tenants and tokens stay). */
	reset(): void {
		this.docs.length = 0;
		this.byId.clear();
		this.sorted.clear();
		this.dian.queue = [];
		this.dian.rule = undefined;
		this.dian.pendingConsultas = this.options.pendingConsultas ?? 1;
		this.dian.pendingResolvesTo = this.options.pendingResolvesTo ?? 'aceptado';
		const specs = this.options.tenants ?? DEFAULT_TENANTS;
		this.tenants.forEach((t, i) => {
			t.consecutivos = { factura: 0, nota_credito: 0, nota_debito: 0 };
			t.cuota = { limite: 1000, consumidos: 0, periodo: 'mensual', ...(specs[i]?.cuota ?? {}) };
			t.permisos = { permite_facturas: true, permite_notas_credito: true, permite_notas_debito: true, ...(specs[i]?.permisos ?? {}) };
			this.tokens.issue(String(t.id), Infinity, 'access', t.token);
		});
		this.server.clearFaults().clearLog();
	}

	/** Preloads `n` documents of history, spread over a date range, oldest first. */
	seedDocuments(n: number, options: SeedOptions = {}): StoredDocument[] {
		const tenant = this.tenant(options.tenantId ?? 1);
		const random = prng(options.seed ?? 42);
		const today = bogota(this.now()).fecha;
		const to = options.to ?? today;
		const from = options.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86400000).toISOString().slice(0, 10);
		const start = Date.parse(`${from}T00:00:00Z`);
		const days = Math.max(1, Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86400000) + 1);
		const weights = { aceptado: 80, rechazado: 8, pendiente: 7, fallido: 5, ...(options.estados ?? {}) };
		const weightSum = ESTADOS.reduce((s, e) => s + weights[e], 0);
		const pick = (): Estado => {
			let r = random() * weightSum;
			for (const e of ESTADOS) {
				r -= weights[e];
				if (r < 0) return e;
			}
			return 'aceptado';
		};
		const customers = [
			{ tipo_persona: '2', tipo_documento: '13', numero_documento: '71234567', razon_social: 'JUAN PEREZ' },
			{ tipo_persona: '2', tipo_documento: '13', numero_documento: '1020304050', razon_social: 'MARIA GOMEZ' },
			{ tipo_persona: '1', tipo_documento: '31', numero_documento: '800197268', dv: '4', razon_social: 'DISTRIBUIDORA ANDINA SAS' },
			{ tipo_persona: '2', tipo_documento: '13', numero_documento: '222222222222', razon_social: 'CONSUMIDOR FINAL' },
		];
		const created: StoredDocument[] = [];
		const notes = options.notes ?? 0.1;
		for (let i = 0; i < n; i++) {
			const dayOffset = Math.floor((i * days) / n);
			const fecha = new Date(start + dayOffset * 86400000).toISOString().slice(0, 10);
			const seconds = 8 * 3600 + Math.floor(((i * 7919) % n) / n * 10 * 3600);
			const hora = new Date(seconds * 1000).toISOString().slice(11, 19);
			const roll = random();
			const kind: Kind = roll < notes / 2 ? 'nota_credito' : roll < notes ? 'nota_debito' : 'factura';
			const body: Record<string, unknown> = {
				factura: { fecha, hora: `${hora}-05:00` },
				adquiriente: { ...customers[Math.floor(random() * customers.length)], responsabilidad_fiscal: 'R-99-PN' },
				lineas: [
					{ codigo: `P-${1 + Math.floor(random() * 50)}`, descripcion: 'Producto', cantidad: 1 + Math.floor(random() * 4), precio: 1000 * (5 + Math.floor(random() * 200)), iva_pct: 19 },
					...(random() < 0.4 ? [{ codigo: 'S-1', descripcion: 'Servicio', cantidad: 1, precio: 25000, iva_pct: 0 }] : []),
				],
			};
			const doc = this.issue(tenant, kind, body, { outcome: pick(), createdAt: `${fecha}T${hora}-05:00`, consume: false });
			created.push(doc);
		}
		return created;
	}

	describe(): string[] {
		const lines = [`Base URL (credential "Base URL"): ${this.baseUrl}`];
		for (const t of this.tenants) {
			const limits: string[] = [];
			if (!t.permisos.permite_notas_credito) limits.push('no credit notes');
			if (!t.permisos.permite_notas_debito) limits.push('no debit notes');
			if (t.cuota.consumidos >= t.cuota.limite) limits.push('quota exhausted → 429');
			lines.push(
				`Tenant ${t.id} ${t.razon_social} (NIT ${t.nit}-${t.dv}): API token ${t.token}${limits.length ? ` — ${limits.join(', ')}` : ''}`,
			);
		}
		lines.push('DIAN outcome by data: put [pendiente], [rechazado] or [fallido] in adquiriente.razon_social');
		lines.push(`A pending document settles after ${this.dian.pendingConsultas} call(s) to /consultar`);
		return lines;
	}

	credentials(tenantId = 1): Record<string, Record<string, unknown>> {
		return { facEProApi: { apiToken: this.tenant(tenantId).token, baseUrl: this.baseUrl } };
	}

	/* ------------------------------------------------------------------------------------------ */
	/* Documents                                                                                  */
	/* ------------------------------------------------------------------------------------------ */

	private decideOutcome(body: Record<string, unknown>, kind: Kind, tenant: Tenant): DianOutcome {
		const ruled = this.dian.rule?.({ body, kind, tenant });
		if (ruled) return ruled;
		const name = String((body.adquiriente as Record<string, unknown>)?.razon_social ?? '').toLowerCase();
		if (name.includes('[rechazado]')) return 'rechazado';
		if (name.includes('[pendiente]')) return 'pendiente';
		if (name.includes('[fallido]')) return 'fallido';
		return this.dian.queue.shift() ?? 'aceptado';
	}

	private issue(
		tenant: Tenant,
		kind: Kind,
		body: Record<string, unknown>,
		options: { outcome?: DianOutcome; createdAt?: string; consume?: boolean } = {},
	): StoredDocument {
		const now = bogota(this.now());
		const factura = (body.factura ?? {}) as Record<string, unknown>;
		const fecha = typeof factura.fecha === 'string' && factura.fecha ? factura.fecha : now.fecha;
		const hora = (typeof factura.hora === 'string' && factura.hora ? factura.hora : now.hora).slice(0, 8);
		const numbering = PREFIJOS[kind];
		const consecutivo = numbering.desde + tenant.consecutivos[kind]++;
		const numero = `${numbering.prefijo}${consecutivo}`;
		const adquiriente = body.adquiriente as Record<string, unknown>;
		const lineas = body.lineas as Array<Record<string, unknown>>;
		const totales = calcularTotales(lineas);
		const documento = String(adquiriente.numero_documento).trim();
		const doc: StoredDocument = {
			seq: ++this.seq,
			tenantId: tenant.id,
			tracking_id: randomUUID(),
			kind,
			prefijo: numbering.prefijo,
			consecutivo,
			numero_completo: numero,
			fecha,
			hora: `${hora}-05:00`,
			fecha_emision: `${fecha}T${hora}-05:00`,
			created_at: options.createdAt ?? now.iso,
			adquirente: { documento, razon_social: String(adquiriente.razon_social).trim() },
			totales,
			cufe: calcularCufe({
				numero,
				fecha,
				hora: `${hora}-05:00`,
				totales,
				nitEmisor: tenant.nit,
				documentoAdquiriente: documento,
				claveTecnica: tenant.claveTecnica,
				ambiente: '2',
			}),
			zip_key: newZipKey(),
			estado: 'aceptado',
			estado_dian_codigo: null,
			estado_dian_mensaje: '',
			ultimo_error: null,
			dian_errores: [],
			consultas: 0,
			request: body,
		};
		applyOutcome(doc, options.outcome ?? this.decideOutcome(body, kind, tenant), {
			consultas: this.dian.pendingConsultas,
			then: this.dian.pendingResolvesTo,
		});
		if (options.consume !== false) tenant.cuota.consumidos++;
		this.docs.push(doc);
		this.byId.set(doc.tracking_id, doc);
		this.sorted.delete(tenant.id);
		return doc;
	}

	private newestFirst(tenantId: number): StoredDocument[] {
		let list = this.sorted.get(tenantId);
		if (!list) {
			list = this.docs
				.filter((d) => d.tenantId === tenantId)
				.sort((a, b) => (a.fecha_emision === b.fecha_emision ? b.seq - a.seq : a.fecha_emision < b.fecha_emision ? 1 : -1));
			this.sorted.set(tenantId, list);
		}
		return list;
	}

	/* ------------------------------------------------------------------------------------------ */
	/* HTTP                                                                                       */
	/* ------------------------------------------------------------------------------------------ */

	private base(req: SimRequest): string {
		const proto = (req.headers['x-forwarded-proto'] as string | undefined) ?? 'http';
		return `${proto}://${req.headers.host ?? '127.0.0.1'}${API_PREFIX}`;
	}

	private owned(req: SimRequest): StoredDocument | undefined {
		const doc = this.byId.get(req.params.id);
		return doc && doc.tenantId === this.tenantOf.get(req)?.id ? doc : undefined;
	}

	private routes(): void {
		const p = (path: string) => `${API_PREFIX}${path}`;
		const notFound = fail(404, { error: 'Documento no encontrado.', codigo: 'documento_no_encontrado' });

		this.server.use((req) => {
			if (!req.path.startsWith(`${API_PREFIX}/`) || req.path === p('/health')) return undefined;
			const check = this.tokens.check(bearerToken(req));
			if (typeof check === 'string') {
				return fail(401, { error: 'No autenticado: token inválido, revocado o ausente.', codigo: 'no_autenticado' });
			}
			this.tenantOf.set(req, this.tenant(Number(check.subject)));
			return undefined;
		});

		this.server.route('GET', p('/health'), () => ({
			status: 200,
			body: { status: 'ok', service: 'FacEPro Cloud', version: 'v1', time: bogota(this.now()).iso },
		}));

		this.server.route('GET', p('/me'), (req) => {
			const t = this.tenantOf.get(req)!;
			return {
				status: 200,
				body: {
					user: t.user,
					tenant: { id: t.id, uuid: t.uuid, nit: t.nit, dv: t.dv, razon_social: t.razon_social, estado: t.estado },
				},
			};
		});

		for (const [segment, { kind, permiso }] of Object.entries(KIND_BY_PATH)) {
			this.server.route('POST', p(`/${segment}`), (req) => {
				const tenant = this.tenantOf.get(req)!;
				if (!tenant.permisos[permiso]) {
					return fail(403, {
						error: 'Tu empresa no tiene permitido emitir este tipo de documento.',
						codigo: 'permiso_no_concedido',
						permiso,
					});
				}
				if (tenant.cuota.consumidos >= tenant.cuota.limite) {
					return fail(429, {
						error: 'Cuota excedida para el periodo.',
						codigo: 'quota_excedida',
						consumidos: tenant.cuota.consumidos,
						limite: tenant.cuota.limite,
						periodo: tenant.cuota.periodo,
					});
				}
				const errors = validar(req.body, kind);
				if (Object.keys(errors).length > 0) return fail(422, { error: 'Datos invalidos', errors });
				const doc = this.issue(tenant, kind, req.body as Record<string, unknown>);
				return { status: 201, body: { ok: true, data: documentoJson(doc, this.base(req)) } };
			});
		}

		this.server.route('GET', p('/documentos'), (req) => {
			const tenant = this.tenantOf.get(req)!;
			const q = req.query;
			const errors: Record<string, string[]> = {};
			if (q.estado !== undefined && !ESTADOS.includes(q.estado as Estado)) {
				errors.estado = ['El estado seleccionado no es válido.'];
			}
			for (const key of ['desde', 'hasta']) {
				if (q[key] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(q[key])) errors[key] = [`El campo ${key} debe ser una fecha YYYY-MM-DD.`];
			}
			if (q.per_page !== undefined && !/^\d+$/.test(q.per_page)) errors.per_page = ['El campo per_page debe ser un entero.'];
			if (q.page !== undefined && !/^\d+$/.test(q.page)) errors.page = ['El campo page debe ser un entero.'];
			if (Object.keys(errors).length) return fail(422, { error: 'Datos invalidos', errors });

			// per_page above the maximum is clamped, as Laravel APIs commonly do.
			const perPage = Math.min(100, Math.max(1, Number(q.per_page ?? 20)));
			const page = Math.max(1, Number(q.page ?? 1));
			const matching = this.newestFirst(tenant.id).filter(
				(d) =>
					(q.estado === undefined || d.estado === q.estado) &&
					(q.desde === undefined || d.fecha >= q.desde) &&
					(q.hasta === undefined || d.fecha <= q.hasta),
			);
			const lastPage = Math.max(1, Math.ceil(matching.length / perPage));
			const base = this.base(req);
			const data = matching.slice((page - 1) * perPage, page * perPage).map((d) => documentoJson(d, base));
			const meta = { current_page: page, per_page: perPage, total: matching.length, last_page: lastPage };
			return {
				status: 200,
				body: this.options.listShape === 'paginator' ? { ok: true, data: { ...meta, data } } : { ok: true, data, meta },
			};
		});

		this.server.route('GET', p('/documentos/:id'), (req) => {
			const doc = this.owned(req);
			if (!doc) return notFound;
			const json = documentoJson(doc, this.base(req));
			return { status: 200, body: this.options.detailShape === 'wrapped' ? { ok: true, data: json } : json };
		});

		this.server.route('GET', p('/documentos/:id/consultar'), (req) => {
			const doc = this.owned(req);
			if (!doc) return notFound;
			doc.consultas++;
			if (doc.estado === 'pendiente' && doc.pendiente) {
				doc.pendiente.restantes--;
				if (doc.pendiente.restantes <= 0) {
					applyOutcome(doc, doc.pendiente.then, { consultas: 0, then: doc.pendiente.then });
				}
			}
			return { status: 200, body: { ok: true, documento: documentoJson(doc, this.base(req)), dian: dianBlock(doc) } };
		});

		this.server.route('GET', p('/documentos/:id/xml'), (req) => {
			const doc = this.owned(req);
			if (!doc) return notFound;
			const tenant = this.tenant(doc.tenantId);
			return {
				status: 200,
				body: documentXml(doc, tenant),
				headers: { 'content-type': 'application/xml; charset=utf-8' },
			};
		});
	}
}

/** `SimulatorFactory` for the registry: a started FacEPro simulator. */
export async function startFacEProSimulator(options: FacEProSimOptions = {}): Promise<FacEProSimulator> {
	const sim = new FacEProSimulator(options);
	await sim.start(options.port ?? 0);
	return sim;
}
