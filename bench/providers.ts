/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, not shipped in dist/ */
/**
 * The providers as the benchmarks drive them: a fresh simulator, a Harness with the node and its
 * credential (n8n-core's WorkflowExecute), the parameters of a create in Fields mode with three fields
 * mapped from the input item by expressions (as a workflow maps an order), the Preview Totals of the
 * same input, Get Many / Return All, and the simulator's counters.
 */
import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, INodeParameters, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { FacEProApi } from '../credentials/FacEProApi.credentials';
import { FactuconectApi } from '../credentials/FactuconectApi.credentials';
import { FactusApi } from '../credentials/FactusApi.credentials';
import { FacEPro } from '../nodes/FacEPro/FacEPro.node';
import { Factuconect } from '../nodes/Factuconect/Factuconect.node';
import { Factus } from '../nodes/Factus/Factus.node';
import { resetPacing } from '../nodes/shared/http';
import type { RunResult } from '../test/harness';
import { Harness } from '../test/harness';
import type { LoggedRequest, SimServer } from '../test/simulators/framework/server';
import { startFacEProSimulator } from '../test/simulators/facepro';
import { startFactuconectSimulator } from '../test/simulators/factuconect';
import { startFactusSimulator } from '../test/simulators/factus';

export type ProviderKey = 'facepro' | 'factuconect' | 'factus';

export interface SimOptions {
	/** Access-token lifetime in seconds (providers with logins). */
	tokenTtlSeconds?: number;
	/** Rate limit the simulator enforces (Factus); default: high enough never to matter. */
	rateLimit?: { limit: number; windowMs: number };
	/** Ms the simulator waits before answering each request (a slower provider), through a middleware. */
	processingMs?: number;
}

export interface CredentialOptions {
	/** The credential as a user saves it: advanced settings untouched (Factus: its own default rate limit). */
	asSaved?: boolean;
	/** Factus credential's advanced rate-limit settings. */
	rateLimit?: number;
	rateLimitWindowSeconds?: number;
}

/** Logins the simulator saw: password (or user) logins and refresh grants, and 401s for expired tokens. */
export interface Logins {
	password: number;
	refresh: number;
	expired401: number;
}

/** One running simulator with a harness whose credential points at it. */
export interface Bench {
	provider: Provider;
	server: SimServer;
	harness: Harness;
	credential: string;
	/** Runs the node once (one execution) with these parameters over `input`. */
	run(parameters: INodeParameters, input: IDataObject[], options?: RunOptions): Promise<RunResult>;
	/** Documents the simulator holds (created or seeded). */
	documents(): number;
	logins(): Logins;
	/** Factus: 429s answered, peak per fixed window, peak in any sliding window. */
	rate?(): { rejected: number; peakFixed: number; peakSliding: number };
	/** The bearer token a plain client would use before any login answer (FacEPro's static token). */
	staticToken?: string;
	/**
	 * Processing time: every request that hands a document to the tax authority (FacEPro POST /documentos,
	 * Factuconect POST /facturar/sendFteMH, Factus every accepted /v1 request — in a create run only POST
	 * /v1/bills/validate) waits `ms` before it is handled; other requests (logins, catalogs, Factuconect's
	 * create before the send, Factus's 429s) answer at once.
	 */
	setLatency(ms: number): void;
	/**
	 * Documents the simulator holds per item key (`Provider.itemKey`), and each document's identifiers
	 * (tracking id, number, CUFE, codigoGeneracion, reference code…) → its item key.
	 */
	documentKeys(): { perKey: Map<string, number>; byId: Map<string, string> };
	stop(): Promise<void>;
}

function keysOf<T>(documents: Iterable<T>, key: (d: T) => string, ids: (d: T) => unknown[]): ReturnType<Bench['documentKeys']> {
	const perKey = new Map<string, number>();
	const byId = new Map<string, string>();
	for (const document of documents) {
		const k = key(document);
		perKey.set(k, (perKey.get(k) ?? 0) + 1);
		for (const id of ids(document)) if (typeof id === 'string' && id !== '') byId.set(id, k);
	}
	return { perKey, byId };
}

export interface RunOptions {
	workflowId?: string;
	/** `manual` (default) or `trigger`: a production execution, whose static data n8n keeps. */
	mode?: 'manual' | 'trigger';
	continueOnFail?: boolean;
}

export interface Provider {
	key: ProviderKey;
	name: string;
	/** A fresh instance of the provider's action node (to read its description). */
	nodeType(): INodeType | IVersionedNodeType;
	/** Starts a fresh simulator and a fresh harness (pacing budgets reset). */
	start(options?: SimOptions, credential?: CredentialOptions): Promise<Bench>;
	/** Create parameters; the input items come from `input(n, prefix)`. */
	create: INodeParameters;
	/** Preview Totals of the same input: local work only (no request). */
	preview: INodeParameters;
	/** Parameters that add an External Reference (`$json.ref`) to `create`, where it is optional. */
	reference?: INodeParameters;
	/** Input items for `n` creates (`ref` unique per item and prefix); `prefix` keeps them unique within a simulator. */
	input(n: number, prefix: string): IDataObject[];
	/** What makes an input item's document recognisable in the simulator (see `Bench.documentKeys`). */
	itemKey(item: IDataObject): string;
	/** How a logged request is named in tables: method and path, document ids collapsed. */
	describeEndpoint(request: LoggedRequest): string;
	getAll?: {
		what: string;
		parameters: INodeParameters;
		/** Largest page the API serves. */
		maxPageSize: number;
		seed(bench: Bench, n: number): void;
		isListRequest(request: LoggedRequest): boolean;
	};
}

const API = '/api/v1';

/** Every request waits `ms` before the simulator handles it (the framework's public middleware hook). */
function slowDown(server: SimServer, ms = 0): void {
	if (ms > 0) server.use(async () => await new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms)));
}

/**
 * A fresh harness with `node` and one credential of `credentialType` holding `data`, and the bench's `run`:
 * one execution of the node (n8n type `type`) with that credential.
 */
function nodeHarness(
	node: INodeType | IVersionedNodeType,
	type: string,
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	credentialName: string,
): Pick<Bench, 'harness' | 'credential' | 'run'> {
	const harness = new Harness({ nodes: [node], credentials: [credentialType] });
	harness.clearDeduplication();
	const credential = harness.addCredential(credentialType.name, data, credentialName);
	return {
		harness,
		credential,
		run: async (parameters, input, options = {}) =>
			await harness.execute({ type, parameters, credential, continueOnFail: options.continueOnFail }, input, {
				workflowId: options.workflowId,
				mode: options.mode,
			}),
	};
}

/** Simulator-specific seeding, keyed by the bench that owns the simulator. */
const seeders = new WeakMap<Bench, (n: number) => void>();

/** FacEPro's documented invoice (customer name, ID number and first line's quantity from the item). */
const facepro: Provider = {
	key: 'facepro',
	name: 'FacEPro',
	nodeType: () => new FacEPro(),
	async start(options = {}) {
		resetPacing();
		const sim = await startFacEProSimulator({
			tenants: [{ razon_social: 'MI EMPRESA SAS', nit: '901234567', cuota: { limite: 10_000_000, periodo: 'mensual' } }],
		});
		slowDown(sim.server, options.processingMs);
		const bench: Bench = {
			provider: facepro,
			server: sim.server,
			...nodeHarness(new FacEPro(), 'facEPro', new FacEProApi(), sim.credentials(1).facEProApi as ICredentialDataDecryptedObject, 'FacEPro'),
			documents: () => sim.documents(1).length,
			logins: () => ({ password: 0, refresh: 0, expired401: 0 }),
			staticToken: sim.tenant(1).token,
			setLatency: (ms) => sim.server.setLatency(ms, { method: 'POST', path: `${API}/documentos` }),
			documentKeys: () =>
				keysOf(
					sim.documents(1),
					(d) => d.adquirente.documento,
					(d) => [d.tracking_id, d.numero_completo, d.cufe],
				),
			stop: async () => await sim.stop(),
		};
		seeders.set(bench, (n) => sim.seedDocuments(n));
		return bench;
	},
	create: {
		resource: 'invoice',
		operation: 'create',
		inputMode: 'fields',
		personType: '2',
		idType: '13',
		idNumber: '={{ $json.id }}',
		customerName: '={{ $json.name }}',
		customerDetails: { email: 'juan@correo.com', address: 'Calle 50 # 30-20', municipalityCode: '05001', departmentCode: '05' },
		lines: {
			line: [
				{ code: 'PROD-001', description: 'Repuesto motocicleta XYZ', quantity: '={{ $json.qty }}', unitPrice: 50000, ivaPct: 19 },
				{ code: 'SERV-010', description: 'Mano de obra instalación', quantity: 1, unitPrice: 25000, ivaPct: 19, discountPct: 10 },
			],
		},
	},
	get preview() {
		return { ...this.create, operation: 'previewTotals' };
	},
	reference: { additionalFields: { externalReference: '={{ $json.ref }}' } },
	input: (n, prefix) =>
		Array.from({ length: n }, (_, i) => ({
			ref: `${prefix}-${i + 1}`,
			id: String(10_000_000 + i),
			name: `CLIENTE ${prefix} ${i + 1}`,
			qty: 1 + (i % 5),
		})),
	itemKey: (item) => String(item.id),
	describeEndpoint: (r) => `${r.method} ${r.path.replace(API, '').replace(/\/[0-9a-f-]{36}/, '/{id}')}`,
	getAll: {
		what: 'invoices (GET /documentos)',
		parameters: { resource: 'invoice', operation: 'getAll', returnAll: true },
		maxPageSize: 100,
		seed: (bench, n) => seeders.get(bench)?.(n),
		isListRequest: (r) => r.method === 'GET' && r.path === `${API}/documentos`,
	},
};


/** Factuconect Factura (01) to a final consumer, sent to MH (the default "Send to Hacienda Now"). */
const factuconect: Provider = {
	key: 'factuconect',
	name: 'Factuconect',
	nodeType: () => new Factuconect(),
	async start(options = {}) {
		resetPacing();
		const sim = await startFactuconectSimulator({ tokenTtlSeconds: options.tokenTtlSeconds });
		slowDown(sim.server, options.processingMs);
		const bench: Bench = {
			provider: factuconect,
			server: sim.server,
			...nodeHarness(
				new Factuconect(),
				'factuconect',
				new FactuconectApi(),
				sim.credentials().factuconectApi as ICredentialDataDecryptedObject,
				'Factuconect',
			),
			documents: () => sim.state.dtes.size,
			logins: () => ({
				password: sim.server.count({ method: 'POST', path: '/clients/login' }),
				refresh: 0,
				expired401: sim.server.requests().filter((r) => r.status === 401).length,
			}),
			setLatency: (ms) => sim.server.setLatency(ms, { method: 'POST', path: '/facturar/sendFteMH' }),
			documentKeys: () =>
				keysOf(
					sim.state.dtes.values(),
					(d) => String(((d.body.items as IDataObject[] | undefined)?.[0] ?? {}).descripcion),
					(d) => [d.codigoGeneracion, d.numeroControl],
				),
			stop: async () => await sim.stop(),
		};
		seeders.set(bench, (n) => sim.control.seedClients(n));
		return bench;
	},
	create: {
		resource: 'dte',
		operation: 'createFactura',
		lines: { line: [{ description: '={{ $json.desc }}', quantity: '={{ $json.qty }}', unitPrice: 11.3 }] },
	},
	preview: {
		resource: 'dte',
		operation: 'previewTotals',
		previewType: '01',
		lines: { line: [{ description: '={{ $json.desc }}', quantity: '={{ $json.qty }}', unitPrice: 11.3 }] },
	},
	reference: { additionalFields: { externalReference: '={{ $json.ref }}' } },
	input: (n, prefix) =>
		Array.from({ length: n }, (_, i) => ({ ref: `${prefix}-${i + 1}`, desc: `Café molido 400 g (${prefix} ${i + 1})`, qty: 1 + (i % 5) })),
	itemKey: (item) => String(item.desc),
	describeEndpoint: (r) => `${r.method} ${r.path}`,
	getAll: {
		what: 'clients (GET /receptor/showAll)',
		parameters: { resource: 'client', operation: 'getAll', returnAll: true },
		maxPageSize: 100,
		seed: (bench, n) => seeders.get(bench)?.(n),
		isListRequest: (r) => r.method === 'GET' && r.path === '/receptor/showAll',
	},
};

/** A Factus bill in Fields mode: reference code, customer name and quantity from the item. */
const factus: Provider = (() => {
	const provider: Provider = {
		key: 'factus',
		name: 'Factus',
		nodeType: () => new Factus(),
		async start(options = {}, credentialOptions = {}) {
			resetPacing();
			const sim = await startFactusSimulator({
				rateLimit: options.rateLimit ?? { limit: 1_000_000, windowMs: 60_000 },
				tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
				documentsRemaining: 10_000_000,
			});
			slowDown(sim.server, options.processingMs);
			const credentialData = (
				credentialOptions.asSaved
					? { ...sim.credentials().factusApi }
					: {
							...sim.credentials().factusApi,
							advanced: true,
							rateLimit: credentialOptions.rateLimit ?? 1_000_000,
							rateLimitWindowSeconds: credentialOptions.rateLimitWindowSeconds ?? 60,
						}
			) as ICredentialDataDecryptedObject;
			const bench: Bench = {
				provider,
				server: sim.server,
				...nodeHarness(new Factus(), 'factus', new FactusApi(), credentialData, 'Factus'),
				documents: () => sim.documents.bill.length,
				logins: () => ({
					password: sim.counters.passwordLogins,
					refresh: sim.counters.refreshes,
					expired401: sim.counters.expiredTokenRejections,
				}),
				rate: () => ({ rejected: sim.rateLimited, peakFixed: sim.peakPerWindow, peakSliding: sim.slidingPeak(sim.limiter.windowMs) }),
				// After the token and rate-limit checks (a 429 answers at once), like Factus's own processing.
				setLatency: (ms) => {
					sim.processingMs = ms;
				},
				documentKeys: () =>
					keysOf(
						sim.documents.bill,
						(d) => d.referenceCode,
						(d) => [d.number, d.referenceCode, d.authorityId],
					),
				stop: async () => await sim.stop(),
			};
			seeders.set(bench, (n) => sim.seedDocuments(n, { kind: 'bill', spacingMs: 1000 }));
			return bench;
		},
		create: {
			resource: 'bill',
			operation: 'create',
			inputMode: 'fields',
			referenceCode: '={{ $json.ref }}',
			idType: 3,
			idNumber: '123456789',
			customerName: '={{ $json.name }}',
			municipality: { __rl: true, mode: 'list', value: '980' },
			customerDetails: { email: 'alan.turing@example.com' },
			lines: { line: [{ code: 'SKU-1', description: 'Camiseta', quantity: '={{ $json.qty }}', unitPrice: 59500, tax: 'IVA_19' }] },
		},
		get preview() {
			return { ...this.create, operation: 'previewTotals' };
		},
		input: (n, prefix) => Array.from({ length: n }, (_, i) => ({ ref: `${prefix}-${i + 1}`, name: `Cliente ${prefix} ${i + 1}`, qty: 1 + (i % 5) })),
		itemKey: (item) => String(item.ref),
		describeEndpoint: (r) => `${r.method} ${r.path.replace(/\/(show|download-pdf|download-xml)\/[^/]+$/, '/$1/{number}')}`,
		getAll: {
			what: 'bills (GET /v1/bills)',
			parameters: { resource: 'bill', operation: 'getAll', returnAll: true },
			maxPageSize: 100,
			seed: (bench, n) => seeders.get(bench)?.(n),
			isListRequest: (r) => r.method === 'GET' && r.path === '/v1/bills',
		},
	};
	return provider;
})();

/** The providers to measure; `BENCH_PROVIDERS=facepro,factus` narrows the list. */
export function providers(): Provider[] {
	const all = [facepro, factuconect, factus];
	const only = process.env.BENCH_PROVIDERS?.split(',')
		.map((s) => s.trim().toLowerCase())
		.filter(Boolean);
	return only?.length ? all.filter((p) => only.includes(p.key)) : all;
}
