/**
 * FacEPro Cloud Trigger against the FacEPro simulator over HTTP, each poll run through n8n-core's
 * PollContext by the harness. Documents are issued with explicit issue times (minutes before now) so
 * the order of one poll's emissions (oldest issue first) is known; "someone else" asks DIAN again
 * with the FacEPro node's Refresh DIAN Status, as another workflow would.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FacEProApi } from '../../../credentials/FacEProApi.credentials';
import { FacEPro } from '../../../nodes/FacEPro/FacEPro.node';
import { FacEProTrigger } from '../../../nodes/FacEPro/FacEProTrigger.node';
import { resetPacing } from '../../../nodes/shared/http';
import { STATE_KEY } from '../../../nodes/shared/statusWatch';
import { Harness, PACKAGE_PREFIX } from '../../harness';
import type { PollResult } from '../../harness';
import { bogota, startFacEProSimulator } from '../../simulators/facepro';
import type { FacEProSimulator } from '../../simulators/facepro';
import type { DianOutcome } from '../../simulators/facepro/documents';

import { expectEmailReadsExist, expectRejectionAlert, loadExample, nodeOfType } from '../exampleWorkflow';

import { API, DOC_EXAMPLE_BODY } from './helpers';

const MINUTE = 60_000;
const LIST = `${API}/documentos`;
const CONSULTAR = /\/consultar$/;

/** [tracking_id, previousStatus, status] */
type Emission = [string, string | null, string];

describe('FacEPro Cloud Trigger', () => {
	let sim: FacEProSimulator;
	let harness: Harness;
	let credential: string;

	beforeAll(async () => {
		sim = await startFacEProSimulator();
	});
	afterAll(async () => await sim.stop());

	beforeEach(() => {
		resetPacing();
		sim.reset();
		harness = new Harness({ nodes: [new FacEProTrigger(), new FacEPro()], credentials: [new FacEProApi()] });
		credential = harness.addCredential('facEProApi', sim.credentials(1).facEProApi as never, 'FacEPro Cloud account');
	});

	/** Issues a document through FacEPro's API, dated `minutesAgo` before now (Colombian time), with a DIAN outcome. */
	async function issue(outcome: DianOutcome, minutesAgo: number, tenantId = 1): Promise<IDataObject> {
		const at = bogota(new Date(Date.now() - minutesAgo * MINUTE));
		sim.dian.queue.push(outcome);
		const response = await fetch(`${sim.baseUrl}/documentos`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${sim.tenant(tenantId).token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify({ ...DOC_EXAMPLE_BODY, factura: { fecha: at.fecha, hora: at.hora } }),
		});
		expect(response.status).toBe(201);
		return ((await response.json()) as { data: IDataObject }).data;
	}

	const id = (doc: IDataObject) => doc.tracking_id as string;

	/** Another workflow runs FacEPro → Invoice → Refresh DIAN Status (GET /consultar). */
	async function refreshElsewhere(doc: IDataObject): Promise<string> {
		const run = await harness.execute({
			type: 'facEPro',
			credential,
			parameters: { resource: 'invoice', operation: 'refreshStatus', trackingId: id(doc) },
		});
		expect(run.error).toBeUndefined();
		return run.items[0].json.estado as string;
	}

	const spec = (parameters: INodeParameters = {}) => ({
		type: 'facEProTrigger',
		credential,
		parameters: { triggerOn: ['newDocument', 'statusChange'], refreshPending: false, ...parameters },
	});

	/** One scheduled poll; the simulator's request log then holds only this poll's requests. */
	async function poll(parameters: INodeParameters = {}, mode: 'trigger' | 'manual' = 'trigger'): Promise<PollResult> {
		sim.server.clearLog();
		return await harness.poll(spec(parameters), { mode });
	}

	const emissions = (result: PollResult): Emission[] => {
		expect(result.error).toBeUndefined();
		return (result.items ?? []).map((item) => [
			item.json.tracking_id as string,
			item.json.previousStatus as string | null,
			item.json.status as string,
		]);
	};

	const watchedKeys = (result: PollResult) =>
		Object.keys(((result.staticData['node:Node'] as IDataObject)[STATE_KEY] as { docs: IDataObject }).docs).sort();

	const consultarCalls = () => sim.server.requests({ method: 'GET', path: CONSULTAR }).map((r) => r.path.split('/').at(-2));

	describe('a scripted history', () => {
		/** Runs one history; returns what each poll emitted, and the documents by name. */
		async function history(parameters: INodeParameters) {
			const a = await issue('aceptado', 300);
			const b = await issue({ estado: 'pendiente' }, 240);
			await issue('rechazado', 200);
			const old = await issue({ estado: 'pendiente' }, 3 * 24 * 60);
			const perPoll: Emission[][] = [];
			const step = async (change: () => Promise<unknown>) => {
				await change();
				perPoll.push(emissions(await poll(parameters)));
			};
			const docs: Record<string, IDataObject> = { a, b, old };
			await step(async () => undefined);
			await step(async () => {
				docs.c = await issue({ estado: 'pendiente', then: 'rechazado' }, 120);
				docs.d = await issue('aceptado', 60);
			});
			await step(async () => {
				expect(await refreshElsewhere(b)).toBe('aceptado');
				expect(await refreshElsewhere(docs.c)).toBe('rechazado');
				docs.e = await issue('rechazado', 30);
			});
			await step(async () => undefined);
			// No change (already accepted), and a change outside the window: nothing to report.
			await step(async () => {
				await refreshElsewhere(a);
				expect(await refreshElsewhere(old)).toBe('aceptado');
			});
			// `fallido` (never reached DIAN) counts as rejected.
			await step(async () => (docs.f = await issue('fallido', 10)));
			await step(async () => undefined);
			const ids = Object.fromEntries(Object.entries(docs).map(([name, doc]) => [name, id(doc)]));
			return { perPoll, ids };
		}

		it('emits every change exactly once, oldest issue first, and nothing on the first poll', async () => {
			const { perPoll, ids } = await history({ triggerOn: ['newDocument', 'statusChange'] });
			expect(perPoll).toEqual([
				[],
				[
					[ids.c, null, 'pending'],
					[ids.d, null, 'accepted'],
				],
				[
					[ids.b, 'pending', 'accepted'],
					[ids.c, 'pending', 'rejected'],
					[ids.e, null, 'rejected'],
				],
				[],
				[],
				[[ids.f, null, 'rejected']],
				[],
			]);
		});

		it.each([
			[['accepted', 'rejected'], ['c:null>pending'], ['d:null>accepted', 'b:pending>accepted', 'c:pending>rejected', 'e:null>rejected', 'f:null>rejected']],
			[['pending'], [], ['c:null>pending']],
			[['newDocument'], [], ['c:null>pending', 'd:null>accepted', 'e:null>rejected', 'f:null>rejected']],
			[['statusChange'], [], ['b:pending>accepted', 'c:pending>rejected']],
			[['rejected'], [], ['c:pending>rejected', 'e:null>rejected', 'f:null>rejected']],
		])('with Trigger On %j emits only the matching changes', async (triggerOn, notExpected, expected) => {
			const { perPoll, ids } = await history({ triggerOn });
			const names = Object.fromEntries(Object.entries(ids).map(([name, key]) => [key, name]));
			const seen = perPoll.flat().map(([key, from, to]) => `${names[key]}:${from}>${to}`);
			expect(perPoll[0]).toEqual([]);
			expect(seen).toEqual(expected);
			for (const missing of notExpected) expect(seen).not.toContain(missing);
		});

		it("emits FacEPro's document with previousStatus, status, changedAt and the summary", async () => {
			await poll();
			const rejected = await issue({ estado: 'rechazado', mensaje: 'Documento con errores.', errores: ['Regla: FAK24, Rechazo: NIT inválido'] }, 5);
			const before = Date.now();
			const result = await poll({ triggerOn: ['rejected'] });
			expect(result.items).toHaveLength(1);
			const json = result.items![0].json;
			expect(json).toMatchObject({
				tracking_id: rejected.tracking_id,
				numero_completo: rejected.numero_completo,
				cufe: rejected.cufe,
				estado: 'rechazado',
				fecha_emision: rejected.fecha_emision,
				previousStatus: null,
				status: 'rejected',
				summary: {
					provider: 'FacEPro',
					kind: 'invoice',
					number: rejected.numero_completo,
					authorityId: rejected.cufe,
					status: 'rejected',
					statusMessage: 'Documento con errores. Regla: FAK24, Rechazo: NIT inválido',
					total: 145775,
					currency: 'COP',
				},
			});
			// FacEPro gives no time of the change: the poll's time is used.
			expect(Date.parse(json.changedAt as string)).toBeGreaterThanOrEqual(before - 1000);
		});

		it('asks for the window from its Colombian date, newest first, 100 per page, and watches only the window', async () => {
			const recent = await issue('aceptado', 60);
			const edge = await issue('aceptado', 23 * 60);
			await issue('aceptado', 25 * 60);
			const result = await poll({ lookBackHours: 24 });
			expect(result.items).toBeNull();
			const [list] = sim.server.requests({ method: 'GET', path: LIST });
			expect(list.query).toEqual({ per_page: '100', page: '1', desde: bogota(new Date(Date.now() - 24 * 60 * MINUTE)).fecha });
			expect(watchedKeys(result)).toEqual([id(recent), id(edge)].sort());
		});

		it('reads every page of a busy window and no page past it', async () => {
			// 150 documents issued 6 to 8.5 hours ago (outside a 6-hour window; on the `desde` day or not,
			// depending on the time of day), then 120 in the last two hours.
			for (let i = 150; i >= 1; i--) await issue('aceptado', 6 * 60 + i);
			for (let i = 120; i >= 1; i--) await issue('aceptado', i);
			const baseline = await poll({ lookBackHours: 6 });
			expect(baseline.items).toBeNull();
			expect(watchedKeys(baseline)).toHaveLength(120);
			// Page 2 ends past the window start (or is the last page): no third request.
			expect(sim.server.requests({ path: LIST }).map((r) => r.query.page)).toEqual(['1', '2']);

			const added = await issue('aceptado', 0);
			const next = await poll({ lookBackHours: 6 });
			expect(emissions(next)).toEqual([[id(added), null, 'accepted']]);
			expect(sim.server.count({ path: LIST })).toBe(2);
		});

		it('starts from a new baseline when the credential (company) changes, instead of reporting its documents as new', async () => {
			await issue('aceptado', 30);
			await poll();
			await issue('rechazado', 20, 2);
			credential = harness.addCredential('facEProApi', sim.credentials(2).facEProApi as never, 'Other company');
			expect((await poll({ triggerOn: ['rejected', 'newDocument'] })).items).toBeNull();
			const later = await issue('rechazado', 10, 2);
			expect(emissions(await poll({ triggerOn: ['rejected', 'newDocument'] }))).toEqual([[id(later), null, 'rejected']]);
		});

		it('refuses a Trigger On without events before any request', async () => {
			const result = await poll({ triggerOn: [] });
			expect(result.error?.message).toBe('Choose at least one event in "Trigger On"');
			expect(sim.server.log).toHaveLength(0);
		});
	});

	describe('restart (n8n persists static data only after a poll that emitted)', () => {
		it('emits nothing again after a restart, and later changes once', async () => {
			const pending = await issue({ estado: 'pendiente', then: 'rechazado' }, 90);
			await poll();
			const added = await issue('aceptado', 30);
			expect(emissions(await poll())).toEqual([[id(added), null, 'accepted']]);

			harness.restart();
			expect((await poll()).items).toBeNull();

			await refreshElsewhere(pending);
			expect(emissions(await poll())).toEqual([[id(pending), 'pending', 'rejected']]);
			harness.restart();
			expect((await poll()).items).toBeNull();
			expect(harness.persistedStaticData()).toEqual({ 'node:Node': expect.objectContaining({ [STATE_KEY]: expect.anything() }) });
		});
	});

	describe('a failed poll in the middle', () => {
		/** Baseline with a pending document; then it is accepted elsewhere and a new one is rejected. */
		async function changesWaiting() {
			await issue('aceptado', 200);
			const pending = await issue({ estado: 'pendiente' }, 100);
			const baseline = await poll();
			await refreshElsewhere(pending);
			const rejected = await issue('rechazado', 50);
			return { expected: [[id(pending), 'pending', 'accepted'], [id(rejected), null, 'rejected']] as Emission[], before: baseline.staticData };
		}

		it.each([
			['a 500 on the list (more than the retries)', 'FacEPro had an internal error (HTTP 500); retry later', () =>
				sim.server.inject({ kind: 'status', status: 500, body: { ok: false } }, { path: LIST }, 3)],
			['connection resets', 'The connection to FacEPro was interrupted (ECONNRESET)', () =>
				sim.server.inject({ kind: 'reset' }, { path: LIST }, 3)],
			// Not FacEPro's list (a proxy's page): never read as "no documents".
			['a 200 with an HTML page instead of the list', 'FacEPro answered the document list with an HTML page (HTTP 200)', () =>
				sim.server.inject({ kind: 'okHtml' }, { path: LIST }, 1)],
			// Three 401s: the helper's own attempt, then n8n's path, which sends once more after a 401.
			['a 401 every time the token is sent', 'FacEPro rejected the API token. Check the token in the credential', () =>
				sim.server.inject({ kind: 'status', status: 401, body: { ok: false, error: 'No autenticado' } }, { path: LIST }, 3)],
		])('(%s) emits nothing, changes nothing, reports %j, and the next good poll emits the changes', async (_, message, breakIt) => {
			const { expected, before } = await changesWaiting();
			breakIt();
			const failed = await poll();
			expect(failed.error?.message).toBe(message);
			expect(failed.items).toBeNull();
			expect(failed.staticData).toEqual(before);
			expect(harness.persistedStaticData()).toEqual({});

			expect(emissions(await poll())).toEqual(expected);
			expect((await poll()).items).toBeNull();
		});

		it('reports a revoked token and keeps the state as it was', async () => {
			const { before } = await changesWaiting();
			sim.revokeToken(1);
			const failed = await poll();
			expect(failed.error?.message).toBe('FacEPro rejected the API token. Check the token in the credential');
			expect((failed.error as { description?: string }).description).toMatch(/Tokens API/);
			expect(failed.staticData).toEqual(before);
			expect(JSON.stringify(failed.error)).not.toContain(sim.tenant(1).token);
		});
	});

	describe('Fetch Test Event (manual mode)', () => {
		it('returns the newest document, even one older than the window, and records no baseline', async () => {
			await issue('aceptado', 4 * 24 * 60);
			const newest = await issue('rechazado', 3 * 24 * 60);
			const sample = await poll({ refreshPending: true }, 'manual');
			expect(sample.error).toBeUndefined();
			expect(sample.items).toHaveLength(1);
			expect(sample.items![0].json).toMatchObject({
				tracking_id: newest.tracking_id,
				previousStatus: null,
				status: 'rejected',
				summary: expect.objectContaining({ provider: 'FacEPro', status: 'rejected' }),
			});
			expect(sample.staticData).toEqual({});
			expect(sim.server.requests({ path: LIST }).map((r) => r.query.desde)).toEqual([undefined]);

			// The first scheduled poll is still the baseline.
			await issue('aceptado', 5);
			expect((await poll()).items).toBeNull();
		});

		it('moves no state of an active trigger and asks DIAN nothing: the change it shows is emitted by the next poll', async () => {
			const pending = await issue({ estado: 'pendiente' }, 60);
			const baseline = await poll({ refreshPending: true });
			await refreshElsewhere(pending);
			const sample = await poll({ refreshPending: true }, 'manual');
			expect(sample.items!.map((i) => [i.json.tracking_id, i.json.status])).toEqual([[id(pending), 'accepted']]);
			expect(sample.staticData).toEqual(baseline.staticData);
			expect(consultarCalls()).toEqual([]);
			expect(emissions(await poll({ refreshPending: true }))).toEqual([[id(pending), 'pending', 'accepted']]);
		});

		it('says so when the company has no document yet', async () => {
			const sample = await poll({}, 'manual');
			expect(sample.items).toBeNull();
			expect(sample.error?.message).toBe('FacEPro has no documents to show yet');
		});
	});

	describe('Refresh Pending Documents While Polling', () => {
		it('off: makes no /consultar call, so a pending document stays pending until someone else asks', async () => {
			const pending = await issue({ estado: 'pendiente' }, 60);
			await poll({ refreshPending: false });
			for (let i = 0; i < 3; i++) {
				expect((await poll({ refreshPending: false })).items).toBeNull();
				expect(consultarCalls()).toEqual([]);
			}
			expect(sim.document(id(pending))!.estado).toBe('pendiente');
			await refreshElsewhere(pending);
			expect(emissions(await poll({ refreshPending: false }))).toEqual([[id(pending), 'pending', 'accepted']]);
		});

		it('on: asks DIAN about pending documents of the window, at most N per poll, each reported once', async () => {
			const pending: IDataObject[] = [];
			for (let i = 5; i >= 1; i--) pending.push(await issue({ estado: 'pendiente' }, i * 10));
			const outside = await issue({ estado: 'pendiente' }, 2 * 24 * 60);
			await issue('aceptado', 1);
			const parameters = { triggerOn: ['accepted', 'rejected'], refreshPending: true, refreshPendingPerPoll: 2 };

			// The baseline asks nothing: what DIAN decided before activation is reported by the next poll.
			expect((await poll(parameters)).items).toBeNull();
			expect(consultarCalls()).toEqual([]);

			const reported: string[] = [];
			const calls: number[] = [];
			for (let i = 0; i < 4; i++) {
				const result = await poll(parameters);
				const asked = consultarCalls();
				calls.push(asked.length);
				const emitted = emissions(result);
				// What is emitted is exactly what this poll asked DIAN about (each settles on its first /consultar).
				expect(emitted.map(([key]) => key).sort()).toEqual([...asked].sort());
				for (const [key, from, to] of emitted) {
					expect([from, to]).toEqual(['pending', 'accepted']);
					reported.push(key);
				}
			}
			expect(calls).toEqual([2, 2, 1, 0]);
			expect(reported.sort()).toEqual(pending.map(id).sort());
			expect(sim.document(id(outside))!.consultas).toBe(0);
		});

		it('reports a pending document DIAN rejects, and one that needs several /consultar calls only when it settles', async () => {
			sim.dian.pendingConsultas = 2;
			const slow = await issue({ estado: 'pendiente', consultas: 2, then: 'rechazado' }, 30);
			await poll({ refreshPending: true });
			expect((await poll({ refreshPending: true })).items).toBeNull();
			expect(consultarCalls()).toEqual([id(slow)]);
			expect(emissions(await poll({ refreshPending: true }))).toEqual([[id(slow), 'pending', 'rejected']]);
			expect((await poll({ refreshPending: true })).items).toBeNull();
			expect(consultarCalls()).toEqual([]);
		});

		it('a /consultar that fails does not fail the poll: the other changes are emitted, the failed one later', async () => {
			const first = await issue({ estado: 'pendiente' }, 40);
			const second = await issue({ estado: 'pendiente' }, 20);
			await poll({ refreshPending: true });
			sim.server.inject({ kind: 'status', status: 500, body: { ok: false } }, { path: `${LIST}/${id(first)}/consultar` }, 1);
			expect(emissions(await poll({ refreshPending: true }))).toEqual([[id(second), 'pending', 'accepted']]);
			expect(emissions(await poll({ refreshPending: true }))).toEqual([[id(first), 'pending', 'accepted']]);
		});
	});

	describe('examples/facepro-trigger-rejections.json', () => {
		const example = loadExample('facepro-trigger-rejections.json');

		it('is wired trigger (every 15 minutes) → IF summary.status is rejected → Send Email', () => {
			expectRejectionAlert(example, `${PACKAGE_PREFIX}facEProTrigger`, 'facEProApi', 'FacEPro Cloud account');
		});

		it("polls with the example's parameters, and the e-mail's fields exist on the rejected document it emits", async () => {
			const { pollTimes, ...parameters } = nodeOfType(example, `${PACKAGE_PREFIX}facEProTrigger`).parameters;
			void pollTimes;
			await issue('aceptado', 30);
			expect((await poll(parameters as INodeParameters)).items).toBeNull();
			const accepted = await issue('aceptado', 20);
			const rejected = await issue('rechazado', 10);
			const result = await poll(parameters as INodeParameters);
			expect(emissions(result)).toEqual([
				[id(accepted), null, 'accepted'],
				[id(rejected), null, 'rejected'],
			]);
			// What the IF lets through: only the rejection.
			const toEmail = result.items!.filter((item) => (item.json.summary as IDataObject).status === 'rejected');
			expect(toEmail.map((item) => item.json.tracking_id)).toEqual([id(rejected)]);
			expectEmailReadsExist(example, toEmail[0].json);
		});
	});
});
