/**
 * Factuconect simulator (El Salvador DTEs sent to the Ministerio de Hacienda, "MH"), following
 * ../shared/providers/factuconect.md: the documented endpoints, and the [assumed] request/response
 * shapes described there, which the node keeps in one place per resource.
 *
 * Assumed here, and relied on by the node's duplicate protection (docs/factuconect.md, "Never a
 * duplicate"):
 * - a create may propose its `codigoGeneracion` (MH's primary key of a DTE); Factuconect keeps it, and
 *   refuses a create proposing a code it already has with HTTP 409
 *   `{msg: "Ya existe un DTE con el código de generación …", errors: {codigoGeneracion: […]}}` — after
 *   the body's own validation, as a database's unique key would; nothing is created then;
 * - MH answers a second send of a code it already received with codigoMsg 004 ("YA EXISTE UN REGISTRO
 *   CON ESE VALOR"): already received, nothing new;
 * - the public printable view (`/viewDte?id=`, `/ticket?id=`) shows a DTE as MH's printable version
 *   does — codigoGeneracion, numeroControl, emission date, the reception stamp once MH has it, state and
 *   total — and answers 404 for a code it does not have.
 *
 * MH's behaviour is controllable from tests (`control`: next send outcomes, a clock for the void
 * windows, token expiry) and by data for demos: a line description containing `[rechazar]` makes MH
 * reject the DTE, `[observar]` makes MH accept it with observations.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { Dec } from '../../../nodes/shared/decimal';
import { computeTotals, dec } from './totals';
import { TokenStore } from '../framework/auth';
import { bearerToken, SimServer } from '../framework/server';
import type { SimRequest, SimResponse } from '../framework/server';
import type { RunningSimulator, SimulatorStartOptions } from '../framework/types';
import {
	actividadesEconomicas,
	departamentos,
	municipios,
	paises,
	tiposDocumento,
} from './catalogs';
import type { CatalogEntry } from './catalogs';

export interface FactuconectAccount {
	usuario: string;
	password: string;
	/** The issuer's NIT, used by the test-token flow. */
	nit: string;
	uid: string;
	idSucursal: string;
	/** `id_clientes` of the account's rows. */
	idClientes: number;
	/** Enabled `typeFacts` ids (1 Factura, 3 CCF, 5 NC, 6 ND, 14 FSE). */
	enabledTypes: number[];
	/** Establishment and point-of-sale part of numeroControl (8 characters). */
	codEstablePuntoVenta: string;
}

export const DEMO_ACCOUNT: FactuconectAccount = {
	usuario: 'demo@factuconect.test',
	password: 'Demo-Clave-2026!',
	nit: '06140104991287',
	uid: '53',
	idSucursal: '12',
	idClientes: 53,
	enabledTypes: [1, 3, 5, 6, 14],
	codEstablePuntoVenta: 'M001P001',
};

/** A second account, to check that data stays scoped to the token's account. */
export const OTHER_ACCOUNT: FactuconectAccount = {
	usuario: 'otra@factuconect.test',
	password: 'Otra-Clave-2026!',
	nit: '06142803901121',
	uid: '71',
	idSucursal: '3',
	idClientes: 71,
	enabledTypes: [1, 3],
	codEstablePuntoVenta: 'M002P004',
};

export interface Receptor {
	id: number;
	id_clientes: number;
	id_actividad_economica: number | null;
	nit: string | null;
	nrc: string | null;
	nombre: string;
	nombreComercial: string | null;
	id_departamento: number | null;
	id_municipio: number | null;
	direccionComplemento: string | null;
	telefono: string | null;
	correo: string | null;
	id_pais: number | null;
	id_tipo_documento: number | null;
	observacionesCustom: string | null;
	password: string;
	status: string;
	createdAt: string;
	updatedAt: string;
}

export interface MhAnswer {
	version: number;
	ambiente: string;
	versionApp: number;
	estado: 'PROCESADO' | 'RECHAZADO';
	codigoGeneracion: string;
	selloRecibido: string | null;
	fhProcesamiento: string;
	clasificaMsg: string;
	codigoMsg: string;
	descripcionMsg: string;
	observaciones: string[];
}

export interface SimDte {
	codigoGeneracion: string;
	numeroControl: string;
	tipoDte: string;
	fecEmi: string;
	horEmi: string;
	ambiente: string;
	account: string;
	body: Record<string, unknown>;
	totals: Record<string, number>;
	estado: 'PENDIENTE' | 'PROCESADO' | 'RECHAZADO' | 'ANULADO';
	selloRecibido: string | null;
	fhProcesamiento: string | null;
	/** Simulator time (ms) of MH's reception stamp. */
	receivedAt: number | null;
	answers: MhAnswer[];
	invalidation?: Record<string, unknown>;
}

export type SendOutcome =
	| { estado: 'PROCESADO'; codigoMsg?: '001' | '002'; observaciones?: string[] }
	| { estado: 'RECHAZADO'; codigoMsg: string; descripcionMsg: string; observaciones?: string[] };

export interface FactuconectSimulatorOptions extends SimulatorStartOptions {
	/** Token lifetime (default one hour). */
	tokenTtlSeconds?: number;
	/** Page size of /receptor/showAll when the query gives none (default 100, as in the provider's example). */
	pageSize?: number;
}

export interface FactuconectSimulator extends RunningSimulator {
	state: {
		accounts: FactuconectAccount[];
		receptores: Receptor[];
		dtes: Map<string, SimDte>;
		/** sendFteMH calls per codigoGeneracion. */
		sendCounts: Record<string, number>;
		tokens: TokenStore;
	};
	control: {
		/** Simulator time in ms (MH stamps and void windows use it). */
		now(): number;
		/** Fixes the clock (a Date or epoch ms); `undefined` goes back to the real clock. */
		setNow(at: Date | number | undefined): void;
		advance(ms: number): void;
		/** Outcomes for the next sends (first in, first out); afterwards data decides. */
		nextSend(...outcomes: SendOutcome[]): void;
		expireTokens(): void;
		/** Every live token expires after `n` more authenticated requests. */
		expireTokensAfter(n: number): void;
		/** Adds `n` receptors to an account (default the demo account). */
		seedClients(n: number, account?: FactuconectAccount): Receptor[];
	};
}

const SV_OFFSET_MS = 6 * 3600 * 1000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function svParts(ms: number) {
	const d = new Date(ms - SV_OFFSET_MS);
	return {
		y: d.getUTCFullYear(),
		mo: d.getUTCMonth() + 1,
		d: d.getUTCDate(),
		h: d.getUTCHours(),
		mi: d.getUTCMinutes(),
		s: d.getUTCSeconds(),
	};
}

const stamp = (ms: number) => {
	const p = svParts(ms);
	return `${pad(p.d)}/${pad(p.mo)}/${p.y} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
};

/** MH's void windows: 01, 11, 14 three months after reception; the rest one day. */
function voidDeadline(tipoDte: string, receivedAt: number): number {
	if (!['01', '11', '14'].includes(tipoDte)) return receivedAt + 24 * 3600 * 1000;
	const p = svParts(receivedAt);
	const months = p.mo - 1 + 3;
	const y = p.y + Math.floor(months / 12);
	const mo = months % 12;
	const last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
	return Date.UTC(y, mo, Math.min(p.d, last), p.h, p.mi, p.s) + SV_OFFSET_MS;
}

const CODIGO = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

const TYPE_BY_PATH: Record<string, string> = {
	'/facturar/fe': '01',
	'/facturar/ccf-exe': '03',
	'/facturar/fsex': '14',
	'/facturar/nc': '05',
	'/facturar/nd': '06',
};

const TYPE_NAMES: Record<number, string> = {
	1: 'Factura',
	3: 'Comprobante de crédito fiscal',
	5: 'Nota de crédito',
	6: 'Nota de débito',
	14: 'Factura de sujeto excluido',
};

const ok = (body: unknown, status = 200): SimResponse => ({ status, body });
const fail = (status: number, msg: string, errors?: Record<string, string[]>): SimResponse => ({
	status,
	body: { msg, ...(errors ? { errors } : {}) },
});

export async function startFactuconectSimulator(options: FactuconectSimulatorOptions = {}): Promise<FactuconectSimulator> {
	const server = new SimServer('factuconect');
	const tokens = new TokenStore();
	const ttl = options.tokenTtlSeconds ?? 3600;
	const defaultPageSize = options.pageSize ?? 100;
	const accounts = [DEMO_ACCOUNT, OTHER_ACCOUNT];
	const receptores: Receptor[] = [];
	const dtes = new Map<string, SimDte>();
	const sendCounts: Record<string, number> = {};
	const sequences: Record<string, number> = {};
	const queuedOutcomes: SendOutcome[] = [];
	let fixedNow: number | undefined;
	let expireAfter: number | undefined;
	let nextReceptorId = 4700;

	const now = () => fixedNow ?? Date.now();
	const byKey = (key: string) => accounts.find((a) => a.usuario === key)!;

	const session = (req: SimRequest): FactuconectAccount => byKey((req as SimRequest & { account: string }).account);

	const newReceptor = (account: FactuconectAccount, fields: Partial<Receptor>): Receptor => {
		const at = new Date(now()).toISOString();
		const receptor: Receptor = {
			id: nextReceptorId++,
			id_clientes: account.idClientes,
			id_actividad_economica: null,
			nit: null,
			nrc: null,
			nombre: '',
			nombreComercial: null,
			id_departamento: null,
			id_municipio: null,
			direccionComplemento: null,
			telefono: null,
			correo: null,
			id_pais: null,
			id_tipo_documento: null,
			observacionesCustom: null,
			password: '',
			status: 'ACTIVO',
			createdAt: at,
			updatedAt: at,
			...fields,
		};
		receptores.push(receptor);
		return receptor;
	};

	const answer = (dte: SimDte, outcome: SendOutcome): MhAnswer => {
		const processed = outcome.estado === 'PROCESADO';
		const codigoMsg = processed ? (outcome.codigoMsg ?? '001') : outcome.codigoMsg;
		return {
			version: 2,
			ambiente: dte.ambiente,
			versionApp: 2,
			estado: outcome.estado,
			codigoGeneracion: dte.codigoGeneracion,
			selloRecibido: processed ? `${svParts(now()).y}${randomBytes(18).toString('hex').toUpperCase()}` : null,
			fhProcesamiento: stamp(now()),
			clasificaMsg: processed ? '10' : '20',
			codigoMsg,
			descripcionMsg: processed
				? codigoMsg === '002'
					? 'RECIBIDO CON OBSERVACIONES'
					: 'RECIBIDO'
				: (outcome as { descripcionMsg: string }).descripcionMsg,
			observaciones: outcome.observaciones ?? [],
		};
	};

	/** What MH does with a DTE it is sent: 004 for one it already has, else the queued or data-driven outcome. */
	const sendToMh = (dte: SimDte): SimResponse => {
		sendCounts[dte.codigoGeneracion] = (sendCounts[dte.codigoGeneracion] ?? 0) + 1;
		if (dte.estado === 'PROCESADO' || dte.estado === 'ANULADO') {
			const mh = answer(dte, {
				estado: 'RECHAZADO',
				codigoMsg: '004',
				descripcionMsg: 'YA EXISTE UN REGISTRO CON ESE VALOR',
				observaciones: [`[identificacion.codigoGeneracion] ${dte.codigoGeneracion}`],
			});
			dte.answers.push(mh);
			return ok({ msg: 'Respuesta de Hacienda', data: mh }, 400);
		}
		const descriptions = ((dte.body.items as Array<{ descripcion?: string }>) ?? []).map((i) => String(i.descripcion ?? ''));
		const outcome: SendOutcome =
			queuedOutcomes.shift() ??
			(descriptions.some((d) => d.includes('[rechazar]'))
				? {
						estado: 'RECHAZADO',
						codigoMsg: '096',
						descripcionMsg: 'DOCUMENTO NO CUMPLE LAS VALIDACIONES DE HACIENDA',
						observaciones: [
							'[cuerpoDocumento.descripcion] EL ITEM FUE MARCADO PARA RECHAZO',
							'[receptor.correo] CORREO DEL RECEPTOR NO VERIFICADO',
						],
					}
				: descriptions.some((d) => d.includes('[observar]'))
					? { estado: 'PROCESADO', codigoMsg: '002', observaciones: ['[receptor.telefono] TELEFONO CON FORMATO NO ESTANDAR'] }
					: { estado: 'PROCESADO' });
		const mh = answer(dte, outcome);
		dte.answers.push(mh);
		if (mh.estado === 'PROCESADO') {
			dte.estado = 'PROCESADO';
			dte.selloRecibido = mh.selloRecibido;
			dte.fhProcesamiento = mh.fhProcesamiento;
			dte.receivedAt = now();
			return ok({ msg: 'Documento enviado a Hacienda', data: mh });
		}
		dte.estado = 'RECHAZADO';
		return ok({ msg: 'Documento rechazado por Hacienda', data: mh }, 400);
	};

	/** uid, idSucursal and ambiente of a document call: they must be the token's account's. */
	const checkConfig = (req: SimRequest): SimResponse | undefined => {
		const account = session(req);
		const body = (req.body ?? {}) as Record<string, unknown>;
		if (String(body.uid ?? '') !== account.uid || String(body.idSucursal ?? '') !== account.idSucursal) {
			return fail(403, 'uid o idSucursal no corresponden al token');
		}
		if (body.ambiente !== '00' && body.ambiente !== '01') {
			return fail(400, 'Ambiente inválido', { ambiente: ['Debe ser "00" o "01"'] });
		}
		return undefined;
	};

	const ownDte = (req: SimRequest, code: unknown): SimDte | undefined => {
		const dte = typeof code === 'string' ? dtes.get(code) : undefined;
		return dte && dte.account === session(req).usuario ? dte : undefined;
	};

	const validateItems = (tipoDte: string, items: unknown, errors: Record<string, string[]>) => {
		const add = (path: string, message: string) => (errors[path] ??= []).push(message);
		if (!Array.isArray(items) || items.length === 0) {
			add('items', 'Debe incluir al menos un ítem');
			return;
		}
		items.forEach((raw, index) => {
			const item = (raw ?? {}) as Record<string, unknown>;
			const cantidad = dec(item.cantidad);
			const precio = dec(item.precioUni);
			const descu = item.montoDescu === undefined ? Dec.zero : dec(item.montoDescu);
			if (!cantidad || cantidad.cmp(0) <= 0) add(`items.${index}.cantidad`, 'Debe ser mayor que 0');
			if (!precio || precio.isNegative()) add(`items.${index}.precioUni`, 'No puede ser negativo');
			if (!descu || descu.isNegative()) add(`items.${index}.montoDescu`, 'No puede ser negativo');
			else if (cantidad && precio && descu.cmp(cantidad.mul(precio)) > 0) add(`items.${index}.montoDescu`, 'Supera el monto del ítem');
			if (typeof item.descripcion !== 'string' || item.descripcion.trim() === '') add(`items.${index}.descripcion`, 'Es requerida');
			if (![1, 2, 3, 4].includes(Number(item.tipoItem))) add(`items.${index}.tipoItem`, 'Debe ser 1, 2, 3 o 4');
			if (tipoDte === '14' && item.exento !== undefined) add(`items.${index}.exento`, 'No aplica a sujeto excluido');
		});
	};

	const createDte = (req: SimRequest): SimResponse => {
		const tipoDte = TYPE_BY_PATH[req.path];
		const account = session(req);
		const denied = checkConfig(req);
		if (denied) return denied;
		if (!account.enabledTypes.includes(Number(tipoDte))) {
			return fail(403, `El tipo de documento ${tipoDte} no está habilitado para este cliente`);
		}
		const body = req.body as Record<string, unknown>;
		const errors: Record<string, string[]> = {};
		const add = (path: string, message: string) => (errors[path] ??= []).push(message);
		validateItems(tipoDte, body.items, errors);
		if (![1, 2, 3].includes(Number(body.condicionOperacion ?? 1))) add('condicionOperacion', 'Debe ser 1, 2 o 3');

		if (tipoDte === '01' || tipoDte === '05' || tipoDte === '06') {
			if (body.idCliente !== undefined && body.idCliente !== null) {
				const receptor = receptores.find((r) => r.id === Number(body.idCliente) && r.id_clientes === account.idClientes);
				if (!receptor) add('idCliente', `No existe el cliente ${String(body.idCliente)}`);
			} else if (tipoDte !== '01') {
				add('idCliente', 'Es requerido');
			}
		}
		if (tipoDte === '03' || tipoDte === '14') {
			const receptor = (body.receptor ?? {}) as Record<string, unknown>;
			if (typeof receptor.nombre !== 'string' || receptor.nombre.trim() === '') add('receptor.nombre', 'Es requerido');
			if (tipoDte === '03') {
				if (!/^(\d{14}|\d{9})$/.test(String(receptor.nit ?? ''))) add('receptor.nit', 'Debe tener 14 o 9 dígitos');
				if (!/^\d{1,8}$/.test(String(receptor.nrc ?? ''))) add('receptor.nrc', 'Debe tener de 1 a 8 dígitos');
				if (!/^\d{2,6}$/.test(String(receptor.codActividad ?? ''))) add('receptor.codActividad', 'Es requerido');
			} else {
				if (!['36', '13', '37', '03', '02'].includes(String(receptor.tipoDocumento ?? ''))) add('receptor.tipoDocumento', 'Tipo de documento inválido');
				if (typeof receptor.numDocumento !== 'string' || receptor.numDocumento === '') add('receptor.numDocumento', 'Es requerido');
			}
		}
		if (tipoDte === '05' || tipoDte === '06') {
			const related = (body.documentoRelacionado ?? {}) as Record<string, unknown>;
			const original = ownDte(req, related.codigoGeneracion);
			if (!original) add('documentoRelacionado.codigoGeneracion', 'No existe el documento relacionado');
			else {
				if (original.tipoDte !== related.tipoDte || !['01', '03'].includes(original.tipoDte)) {
					add('documentoRelacionado.tipoDte', `El documento relacionado es de tipo ${original.tipoDte}`);
				}
				if (original.fecEmi !== related.fechaEmision) add('documentoRelacionado.fechaEmision', `Debe ser ${original.fecEmi}`);
				if (original.estado !== 'PROCESADO') add('documentoRelacionado.codigoGeneracion', 'El documento relacionado no ha sido recibido por Hacienda o está anulado');
			}
		}
		let codigoGeneracion = randomUUID().toUpperCase();
		if (body.codigoGeneracion !== undefined) {
			if (typeof body.codigoGeneracion !== 'string' || !CODIGO.test(body.codigoGeneracion)) add('codigoGeneracion', 'Formato inválido');
			else codigoGeneracion = body.codigoGeneracion;
		}
		if (Object.keys(errors).length) return fail(400, 'Error de validación', errors);
		// The code is the DTE's key [assumed]: a second DTE with it is refused, whoever proposes it.
		if (dtes.has(codigoGeneracion)) {
			return fail(409, `Ya existe un DTE con el código de generación ${codigoGeneracion}`, {
				codigoGeneracion: ['Ya existe un documento con ese código de generación'],
			});
		}

		const at = svParts(now());
		const seqKey = `${account.usuario}:${tipoDte}:${at.y}`;
		sequences[seqKey] = (sequences[seqKey] ?? 0) + 1;
		const dte: SimDte = {
			codigoGeneracion,
			numeroControl: `DTE-${tipoDte}-${account.codEstablePuntoVenta}-${pad(sequences[seqKey], 15)}`,
			tipoDte,
			fecEmi: `${at.y}-${pad(at.mo)}-${pad(at.d)}`,
			horEmi: `${pad(at.h)}:${pad(at.mi)}:${pad(at.s)}`,
			ambiente: String(body.ambiente),
			account: account.usuario,
			body,
			totals: computeTotals(tipoDte, body.items as Array<Record<string, unknown>>, body as Record<string, unknown>),
			estado: 'PENDIENTE',
			selloRecibido: null,
			fhProcesamiento: null,
			receivedAt: null,
			answers: [],
		};
		dtes.set(codigoGeneracion, dte);
		const data: Record<string, unknown> = {
			codigoGeneracion,
			numeroControl: dte.numeroControl,
			tipoDte,
			fecEmi: dte.fecEmi,
			horEmi: dte.horEmi,
			...dte.totals,
			estado: dte.estado,
		};
		// The page's "Create + Send" [assumed here as a flag]: the MH answer comes back as data.mh.
		if (body.send === true) data.mh = (sendToMh(dte).body as { data: MhAnswer }).data;
		return ok({ msg: 'DTE generado correctamente', data });
	};

	/* -------------------------------------------------------------------------------------------- */
	/* Routes                                                                                        */
	/* -------------------------------------------------------------------------------------------- */

	const issue = (account: FactuconectAccount) => ({
		msg: 'Autenticación exitosa',
		token: tokens.issue(account.usuario, ttl).token,
		uid: account.uid,
		idSucursal: account.idSucursal,
	});

	const PUBLIC = new Set(['/clients/login', '/clients/testToken', '/viewDte', '/ticket']);

	server
		.route('POST', '/clients/login', (req) => {
			const body = (req.body ?? {}) as Record<string, unknown>;
			if (!body.usuario || !body.password) return fail(400, 'usuario y password son requeridos');
			const account = accounts.find((a) => a.usuario === body.usuario && a.password === body.password);
			if (!account) return fail(401, 'Usuario o contraseña incorrectos');
			return ok(issue(account));
		})
		.route('POST', '/clients/testToken', (req) => {
			const nit = String(((req.body ?? {}) as Record<string, unknown>).nit ?? '').replace(/-/g, '');
			const account = accounts.find((a) => a.nit === nit);
			if (!account) return fail(404, `No hay un cliente de prueba con el NIT ${nit}`);
			return ok(issue(account));
		})
		.use((req) => {
			if (PUBLIC.has(req.path)) return undefined;
			const check = tokens.check(bearerToken(req));
			if (typeof check === 'string') {
				return fail(401, check === 'expired' ? 'Token expirado' : 'Token inválido o ausente');
			}
			(req as SimRequest & { account: string }).account = check.subject;
			if (expireAfter !== undefined && --expireAfter <= 0) {
				expireAfter = undefined;
				tokens.expireAll();
			}
			return undefined;
		});

	const catalog = (entries: CatalogEntry[]) => () => ok({ msg: 'Catálogo', data: entries });
	server
		.route('GET', '/catalogos/paises', catalog(paises))
		.route('GET', '/catalogos/departamentos', catalog(departamentos))
		.route('GET', '/catalogos/tiposDocumento', catalog(tiposDocumento))
		.route('GET', '/catalogos/actividadesEconomicas', catalog(actividadesEconomicas))
		.route('GET', '/catalogos/municipios', (req) => {
			const id = Number(req.query.id_departamento);
			if (!departamentos.some((d) => d.id === id)) return fail(400, 'id_departamento es requerido y debe existir');
			return ok({ msg: 'Catálogo', data: municipios.filter((m) => m.id_departamento === id) });
		});

	server
		.route('POST', '/receptor/add', (req) => {
			const body = (req.body ?? {}) as Record<string, unknown>;
			const errors: Record<string, string[]> = {};
			const add = (path: string, message: string) => (errors[path] ??= []).push(message);
			if (typeof body.nombre !== 'string' || body.nombre.trim() === '') add('nombre', 'Es requerido');
			if (body.nit !== undefined && !/^(\d{14}|\d{9})$/.test(String(body.nit))) add('nit', 'Debe tener 14 o 9 dígitos');
			if (body.nrc !== undefined && !/^\d{1,8}$/.test(String(body.nrc))) add('nrc', 'Debe tener de 1 a 8 dígitos');
			const known = (field: string, list: CatalogEntry[]) => {
				if (body[field] !== undefined && !list.some((e) => e.id === Number(body[field]))) add(field, 'No existe en el catálogo');
			};
			known('id_pais', paises);
			known('id_departamento', departamentos);
			known('id_tipo_documento', tiposDocumento);
			known('id_actividad_economica', actividadesEconomicas);
			if (body.id_municipio !== undefined) {
				const municipio = municipios.find((m) => m.id === Number(body.id_municipio));
				if (!municipio) add('id_municipio', 'No existe en el catálogo');
				else if (body.id_departamento !== undefined && municipio.id_departamento !== Number(body.id_departamento)) {
					add('id_municipio', 'No pertenece al departamento');
				}
			}
			if (Object.keys(errors).length) return fail(400, 'Error de validación', errors);
			const pick = (key: string) => (body[key] === undefined ? null : body[key]);
			const receptor = newReceptor(session(req), {
				nombre: String(body.nombre),
				nit: pick('nit') as string | null,
				nrc: pick('nrc') as string | null,
				nombreComercial: pick('nombreComercial') as string | null,
				id_actividad_economica: pick('id_actividad_economica') as number | null,
				id_departamento: pick('id_departamento') as number | null,
				id_municipio: pick('id_municipio') as number | null,
				direccionComplemento: pick('direccionComplemento') as string | null,
				telefono: pick('telefono') as string | null,
				correo: pick('correo') as string | null,
				id_pais: pick('id_pais') as number | null,
				id_tipo_documento: pick('id_tipo_documento') as number | null,
				observacionesCustom: pick('observacionesCustom') as string | null,
			});
			return ok({ msg: 'Cliente creado correctamente', data: receptor });
		})
		.route('GET', '/receptor/showAll', (req) => {
			const account = session(req);
			const own = receptores.filter((r) => r.id_clientes === account.idClientes);
			const page = Math.max(0, Number(req.query.page ?? 0) || 0);
			const pageSize = Math.min(100, Math.max(1, Number(req.query.pageSize ?? defaultPageSize) || defaultPageSize));
			return ok({
				data: own.slice(page * pageSize, page * pageSize + pageSize),
				pagination: { total: own.length, currentPage: page, pageSize, totalPages: Math.ceil(own.length / pageSize) },
			});
		})
		.route('GET', '/receptor/searchByNitNrc', (req) => {
			const q = String(req.query.q ?? '').replace(/-/g, '').trim();
			if (q.length < 2) return fail(400, 'La búsqueda requiere al menos 2 caracteres');
			const account = session(req);
			const data = receptores.filter(
				(r) => r.id_clientes === account.idClientes && ((r.nit ?? '').includes(q) || (r.nrc ?? '').includes(q)),
			);
			return ok({ msg: 'Resultados', data });
		})
		.route('GET', '/facturar/typeFacts', (req) => {
			const account = session(req);
			return ok({
				msg: 'Type facts',
				data: account.enabledTypes.map((id, index) => ({
					id: 113 + index,
					id_clientes: account.idClientes,
					id_typeFacts: id,
					createdAt: '2025-10-14T23:39:25.000Z',
					updatedAt: '2025-10-14T23:39:25.000Z',
					typeFacts: { id, name: TYPE_NAMES[id] },
				})),
			});
		});

	for (const path of Object.keys(TYPE_BY_PATH)) server.route('POST', path, createDte);

	server.route('POST', '/facturar/sendFteMH', (req) => {
		const denied = checkConfig(req);
		if (denied) return denied;
		const body = req.body as Record<string, unknown>;
		if (typeof body.codigoGeneracion !== 'string' || !CODIGO.test(body.codigoGeneracion)) {
			return fail(400, 'codigoGeneracion inválido', { codigoGeneracion: ['Formato inválido'] });
		}
		const dte = ownDte(req, body.codigoGeneracion);
		if (!dte) return fail(404, `No existe un DTE con código de generación ${body.codigoGeneracion}`);
		if (dte.ambiente !== body.ambiente) return fail(400, `El DTE fue generado en ambiente ${dte.ambiente}`);
		return sendToMh(dte);
	});

	server.route('POST', '/facturar/anulacionDte', (req) => {
		const denied = checkConfig(req);
		if (denied) return denied;
		const body = req.body as Record<string, unknown>;
		const code = body.codGenerationAnula;
		if (typeof code !== 'string' || !CODIGO.test(code)) {
			return fail(400, 'codGenerationAnula inválido', { codGenerationAnula: ['Formato inválido'] });
		}
		if (body.codGenerationOriginal !== code) {
			return fail(400, 'codGenerationOriginal debe ser el código del documento original', {
				codGenerationOriginal: ['No coincide con codGenerationAnula'],
			});
		}
		const dte = ownDte(req, code);
		if (!dte) return fail(404, `No existe un DTE con código de generación ${code}`);
		if (dte.ambiente !== body.ambiente) return fail(400, `El DTE fue generado en ambiente ${dte.ambiente}`);
		const tipo = Number(body.tipoAnulacion);
		if (![1, 2, 3].includes(tipo)) return fail(400, 'tipoAnulacion debe ser 1, 2 o 3', { tipoAnulacion: ['Valor inválido'] });
		if (typeof body.fecAnula !== 'string' || typeof body.horAnula !== 'string') {
			return fail(400, 'fecAnula y horAnula son requeridos');
		}
		const reject = (codigoMsg: string, descripcionMsg: string, observaciones: string[] = []) => {
			const mh = answer(dte, { estado: 'RECHAZADO', codigoMsg, descripcionMsg, observaciones });
			return ok({ msg: 'Invalidación rechazada por Hacienda', data: { ...mh, codGenerationAnula: code } }, 400);
		};
		if (dte.estado === 'ANULADO') return reject('005', 'EL DOCUMENTO YA FUE INVALIDADO');
		if (dte.estado !== 'PROCESADO' || dte.receivedAt === null) {
			return fail(400, 'El DTE no ha sido recibido por Hacienda; no se puede invalidar');
		}
		if (tipo === 1) {
			const replacement = body.codigoGeneracionR;
			if (typeof replacement !== 'string' || replacement === code) {
				return reject('020', 'TIPO DE INVALIDACION 1 REQUIERE EL DOCUMENTO QUE REEMPLAZA', ['[documento.codigoGeneracionR] REQUERIDO Y DISTINTO DEL DOCUMENTO ANULADO']);
			}
			const other = ownDte(req, replacement);
			if (!other || other.estado !== 'PROCESADO') {
				return reject('021', 'EL DOCUMENTO DE REEMPLAZO NO HA SIDO RECIBIDO POR HACIENDA', [`[documento.codigoGeneracionR] ${replacement}`]);
			}
		}
		if (tipo === 3 && (typeof body.motivoAnulacion !== 'string' || body.motivoAnulacion.trim() === '')) {
			return reject('022', 'TIPO DE INVALIDACION 3 REQUIERE EL MOTIVO', ['[motivo.motivoAnulacion] REQUERIDO']);
		}
		if (now() > voidDeadline(dte.tipoDte, dte.receivedAt)) {
			return reject('010', 'EL PLAZO PARA INVALIDAR EL DOCUMENTO HA EXPIRADO', [`[documento.fecEmi] ${dte.fecEmi}`]);
		}
		const mh = answer({ ...dte, codigoGeneracion: randomUUID().toUpperCase() }, { estado: 'PROCESADO' });
		dte.estado = 'ANULADO';
		dte.invalidation = { ...mh, tipoAnulacion: tipo, motivoAnulacion: body.motivoAnulacion, codigoGeneracionR: body.codigoGeneracionR };
		return ok({ msg: 'Documento invalidado', data: { ...mh, codGenerationAnula: code } });
	});

	const view = (kind: string) => (req: SimRequest): SimResponse => {
		const dte = dtes.get(String(req.query.id ?? ''));
		if (!dte) return { status: 404, body: '<html><body>Documento no encontrado</body></html>', headers: { 'content-type': 'text/html' } };
		// Like MH's printable version: the codes, the emission date, the reception stamp once received.
		const html =
			`<html><body><h1>${kind} ${dte.numeroControl}</h1>` +
			`<p>Código de generación: ${dte.codigoGeneracion}</p><p>Número de control: ${dte.numeroControl}</p>` +
			`<p>Fecha de emisión: ${dte.fecEmi}</p><p>Sello de recepción: ${dte.selloRecibido ?? 'pendiente'}</p>` +
			`<p>Estado: ${dte.estado}</p><p>Total a pagar: $${dte.totals.totalPagar.toFixed(2)}</p></body></html>`;
		return { status: 200, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
	};
	server.route('GET', '/viewDte', view('DTE')).route('GET', '/ticket', view('Ticket'));

	const url = await server.start(options.port ?? 0);

	return {
		name: 'factuconect',
		url,
		server,
		state: { accounts, receptores, dtes, sendCounts, tokens },
		control: {
			now,
			setNow: (at) => {
				fixedNow = at === undefined ? undefined : typeof at === 'number' ? at : at.getTime();
			},
			advance: (ms) => {
				fixedNow = now() + ms;
			},
			nextSend: (...outcomes) => {
				queuedOutcomes.push(...outcomes);
			},
			expireTokens: () => tokens.expireAll(),
			expireTokensAfter: (n) => {
				expireAfter = n;
			},
			seedClients: (n, account = DEMO_ACCOUNT) =>
				Array.from({ length: n }, (_, i) =>
					newReceptor(account, {
						nombre: `Cliente ${i + 1}`,
						nit: `0614${pad(10000000 + i, 10)}`,
						nrc: String(100000 + i),
						id_tipo_documento: 1,
						id_actividad_economica: 21,
						id_departamento: 6,
						id_municipio: municipios.find((m) => m.id_departamento === 6 && m.nombre === 'San Salvador')!.id,
					}),
				),
		},
		describe: () => [
			`Base URL (credential "Base URL" and "Document View URL"): ${url}`,
			`Login: user ${DEMO_ACCOUNT.usuario} / password ${DEMO_ACCOUNT.password} (uid ${DEMO_ACCOUNT.uid}, idSucursal ${DEMO_ACCOUNT.idSucursal})`,
			`Test token by NIT: ${DEMO_ACCOUNT.nit}`,
			'Enabled DTE types: 01 Factura, 03 CCF, 05 NC, 06 ND, 14 Sujeto Excluido',
			'MH: a line description containing [rechazar] is rejected, [observar] is accepted with observations',
			'A create proposing a codigoGeneracion that already exists is refused with HTTP 409 (nothing created)',
		],
		credentials: () => ({
			factuconectApi: {
				baseUrl: url,
				viewBaseUrl: url,
				authMode: 'login',
				user: DEMO_ACCOUNT.usuario,
				password: DEMO_ACCOUNT.password,
				ambiente: '00',
				uid: '',
				idSucursal: '',
			},
		}),
		stop: async () => await server.stop(),
	};
}
