/**
 * The status-watch engine (nodes/shared/statusWatch.ts) driven through n8n-core's real PollContext by
 * the harness, with a test-only trigger reading a fake provider over real HTTP. Each test scripts a
 * document history and asserts the exact emissions: none missed, none repeated, none on the first poll.
 * Time is the trigger's `nowMs` parameter, so hours and days pass instantly.
 */
import type { IDataObject } from 'n8n-workflow';

import { Harness } from '../harness';
import type { PollResult } from '../harness';
import { ProbeApi } from '../fixtures/probe/probe';
import { FakeProvider } from '../fixtures/watch/fakeProvider';
import type { FakeDocument } from '../fixtures/watch/fakeProvider';
import { WatchTestTrigger } from '../fixtures/watch/watchTrigger';
import { resetPacing } from '../../nodes/shared/http';
import { STATE_KEY } from '../../nodes/shared/statusWatch';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);

/** [document id, previousStatus, status] */
type Emission = [string, string | null, string];

interface StoredState {
	v: number;
	scope: string;
	from: number;
	n: number;
	docs: Record<string, [number, number]>;
}

describe('status-watch engine (through n8n-core PollContext)', () => {
	const fake = new FakeProvider({ dateFilter: true });
	let harness: Harness;
	let credential: string;
	let clock: number;

	beforeAll(async () => {
		await fake.start();
	});

	afterAll(async () => await fake.stop());

	beforeEach(() => {
		resetPacing();
		fake.clear();
		fake.server.clearFaults().clearLog();
		harness = new Harness({ nodes: [new WatchTestTrigger()], credentials: [new ProbeApi()] });
		credential = harness.addCredential('probeApi', fake.credential());
		clock = T0;
	});

	const spec = (parameters: IDataObject = {}) => ({
		type: 'watchTestTrigger',
		credential,
		parameters: {
			triggerOn: ['newDocument', 'statusChange'],
			lookBackHours: 24,
			refreshPending: false,
			nowMs: clock,
			...parameters,
		},
	});

	const poll = async (parameters: IDataObject = {}, mode: 'trigger' | 'manual' = 'trigger') =>
		await harness.poll(spec(parameters), { mode });

	const emissions = (result: PollResult): Emission[] => {
		expect(result.error).toBeUndefined();
		return (result.items ?? []).map((item) => [
			item.json.id as string,
			item.json.previousStatus as string | null,
			item.json.status as string,
		]);
	};

	const stateOf = (result: PollResult) => result.staticData['node:Node'] as unknown as { [STATE_KEY]: StoredState };
	const entries = (result: PollResult) => stateOf(result)[STATE_KEY].docs;

	describe('a scripted history', () => {
		/** Runs one history and returns what each poll emitted. */
		async function history(parameters: IDataObject) {
			const a = fake.add(T0 - 5 * HOUR, 'aceptado');
			const b = fake.add(T0 - 4 * HOUR, 'pendiente');
			const perPoll: Emission[][] = [];
			const step = async (change: () => void) => {
				clock += HOUR;
				change();
				perPoll.push(emissions(await poll(parameters)));
			};
			const baseline = await poll(parameters);
			perPoll.push(emissions(baseline));
			let c: FakeDocument | undefined;
			let d: FakeDocument | undefined;
			await step(() => (c = fake.add(T0 + 30 * MINUTE, 'pendiente')));
			await step(() => {
				fake.setStatus(b.id, 'aceptado');
				d = fake.add(T0 + 90 * MINUTE, 'rechazado');
			});
			await step(() => undefined);
			await step(() => fake.setStatus(c!.id, 'rechazado'));
			await step(() => fake.setStatus(a.id, 'anulado'));
			await step(() => undefined);
			return { perPoll, ids: { a: a.id, b: b.id, c: c!.id, d: d!.id } };
		}

		it('emits every change exactly once, oldest first, and nothing on the first poll', async () => {
			const { perPoll, ids } = await history({ triggerOn: ['newDocument', 'statusChange'] });
			expect(perPoll).toEqual([
				[],
				[[ids.c, null, 'pending']],
				[
					[ids.b, 'pending', 'accepted'],
					[ids.d, null, 'rejected'],
				],
				[],
				[[ids.c, 'pending', 'rejected']],
				[[ids.a, 'accepted', 'voided']],
				[],
			]);
		});

		it.each([
			[['accepted', 'rejected'], ['b:pending>accepted', 'd:null>rejected', 'c:pending>rejected']],
			[['pending'], ['c:null>pending']],
			[['newDocument'], ['c:null>pending', 'd:null>rejected']],
			[['statusChange'], ['b:pending>accepted', 'c:pending>rejected', 'a:accepted>voided']],
			[['voided'], ['a:accepted>voided']],
			[['rejected'], ['d:null>rejected', 'c:pending>rejected']],
		])('with Trigger On %j emits only %j', async (triggerOn, expected) => {
			const { perPoll, ids } = await history({ triggerOn });
			const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
			expect(perPoll[0]).toEqual([]);
			expect(perPoll.flat().map(([id, from, to]) => `${names[id]}:${from}>${to}`)).toEqual(expected);
		});

		it('emits the provider document with previousStatus, status, changedAt and the summary', async () => {
			const doc = fake.add(T0 - HOUR, 'pendiente');
			await poll();
			clock += 10 * MINUTE;
			fake.setStatus(doc.id, 'aceptado');
			const result = await poll();
			expect(result.items).toHaveLength(1);
			expect(result.items![0].json).toEqual({
				id: doc.id,
				number: doc.number,
				kind: 'bill',
				issued_at: doc.issued_at,
				total: doc.total,
				// The provider's own status field stays, renamed, next to the normalised one.
				providerStatus: 'aceptado',
				previousStatus: 'pending',
				status: 'accepted',
				changedAt: new Date(clock).toISOString(),
				summary: expect.objectContaining({ provider: 'FacEPro', number: doc.number, status: 'accepted', total: doc.total }),
			});
		});

		it('orders one poll’s changes by when they happened, then by issue time', async () => {
			const old = fake.add(T0 - 3 * HOUR, 'pendiente');
			const mid = fake.add(T0 - 2 * HOUR, 'pendiente');
			const young = fake.add(T0 - HOUR, 'pendiente');
			await poll();
			clock += HOUR;
			// `young` changed first according to the provider; the other two carry no change time.
			fake.setStatus(young.id, 'aceptado', T0 + 5 * MINUTE);
			fake.setStatus(mid.id, 'rechazado');
			fake.setStatus(old.id, 'aceptado');
			const result = await poll();
			expect(emissions(result).map(([id]) => id)).toEqual([young.id, old.id, mid.id]);
			expect(result.items![0].json.changedAt).toBe(new Date(T0 + 5 * MINUTE).toISOString());
		});
	});

	describe('first activation', () => {
		it('records every document of the window as a baseline and emits nothing', async () => {
			const docs = [
				fake.add(T0 - 20 * HOUR, 'aceptado'),
				fake.add(T0 - 10 * HOUR, 'rechazado'),
				fake.add(T0 - HOUR, 'pendiente'),
			];
			fake.add(T0 - 30 * HOUR, 'aceptado');
			const result = await poll({ triggerOn: ['newDocument', 'statusChange', 'accepted', 'rejected', 'pending'] });
			expect(result.error).toBeUndefined();
			expect(result.items).toBeNull();
			expect(Object.keys(entries(result)).sort()).toEqual(docs.map((d) => d.id).sort());
			// The next poll, with nothing changed, still emits nothing.
			clock += HOUR;
			expect((await poll()).items).toBeNull();
		});

		it('starts from a baseline again when the watched kind changes, instead of reporting its documents as new', async () => {
			fake.add(T0 - HOUR, 'aceptado', { kind: 'bill' });
			const note = fake.add(T0 - 2 * HOUR, 'pendiente', { kind: 'creditNote' });
			await poll({ kind: 'bill' });
			clock += HOUR;
			expect((await poll({ kind: 'creditNote' })).items).toBeNull();
			clock += HOUR;
			fake.setStatus(note.id, 'aceptado');
			expect(emissions(await poll({ kind: 'creditNote' }))).toEqual([[note.id, 'pending', 'accepted']]);
		});

		it('refuses a Trigger On without events and a look-back window out of range', async () => {
			expect((await poll({ triggerOn: [] })).error?.message).toBe('Choose at least one event in "Trigger On"');
			expect((await poll({ lookBackHours: 0.5 })).error?.message).toBe('The look-back window must be between 1 and 744 hours');
			expect((await poll({ lookBackHours: 745 })).error?.message).toBe('The look-back window must be between 1 and 744 hours');
			expect(fake.listRequests()).toBe(0);
		});
	});

	describe('a failed poll', () => {
		/** Baseline with one pending document that is then accepted; returns the document and the state before failing. */
		async function pendingThenAccepted() {
			fake.add(T0 - 3 * HOUR, 'aceptado');
			const doc = fake.add(T0 - 2 * HOUR, 'pendiente');
			fake.add(T0 - HOUR, 'aceptado');
			const baseline = await poll({ perPage: 1 });
			clock += HOUR;
			fake.setStatus(doc.id, 'aceptado');
			return { doc, before: baseline.staticData };
		}

		it.each([
			['a 500 on the list', () => fake.server.inject({ kind: 'status', status: 500 }, { path: '/documents' }, 2)],
			['a connection reset', () => fake.server.inject({ kind: 'reset' }, { path: '/documents' }, 2)],
			['a 503 on the second page only', () => fake.failListPage(2, 2, 503)],
		])('(%s) emits nothing, changes nothing, and the next good poll emits the change', async (_, breakIt) => {
			const { doc, before } = await pendingThenAccepted();
			breakIt();
			const failed = await poll({ perPage: 1 });
			expect(failed.error).toBeDefined();
			expect(failed.error!.message).toMatch(/^Fake provider failed: /);
			expect(failed.items).toBeNull();
			expect(failed.staticData).toEqual(before);

			clock += HOUR;
			expect(emissions(await poll({ perPage: 1 }))).toEqual([[doc.id, 'pending', 'accepted']]);
			clock += HOUR;
			expect((await poll({ perPage: 1 })).items).toBeNull();
		});

		it('fails on a 401 that renewing the token cannot fix, and recovers once the login works again', async () => {
			const { doc, before } = await pendingThenAccepted();
			fake.tokens.expireAll();
			fake.loginBroken = true;
			const failed = await poll({ perPage: 1 });
			expect(failed.error).toBeDefined();
			expect(failed.items).toBeNull();
			expect(failed.staticData).toEqual(before);

			fake.loginBroken = false;
			clock += HOUR;
			expect(emissions(await poll({ perPage: 1 }))).toEqual([[doc.id, 'pending', 'accepted']]);
		});
	});

	describe('restart (n8n persists static data only when a poll emitted)', () => {
		it('emits nothing again after a restart following an emission', async () => {
			const doc = fake.add(T0 - HOUR, 'pendiente');
			await poll();
			clock += HOUR;
			const added = fake.add(T0 + 30 * MINUTE, 'aceptado');
			expect(emissions(await poll())).toEqual([[added.id, null, 'accepted']]);
			harness.restart();
			clock += HOUR;
			const afterRestart = await poll();
			expect(afterRestart.items).toBeNull();
			// Later changes are still reported, once.
			clock += HOUR;
			fake.setStatus(doc.id, 'rechazado');
			expect(emissions(await poll())).toEqual([[doc.id, 'pending', 'rejected']]);
			harness.restart();
			clock += HOUR;
			expect((await poll()).items).toBeNull();
		});

		it('compares with the last emitting poll after a restart: a document first seen in between counts as new', async () => {
			const parameters = { triggerOn: ['accepted', 'rejected'] };
			fake.add(T0 - HOUR, 'aceptado');
			await poll(parameters);
			clock += HOUR;
			const first = fake.add(T0 + 10 * MINUTE, 'aceptado');
			expect(emissions(await poll(parameters))).toEqual([[first.id, null, 'accepted']]);
			// Seen only in memory: pending is not among the events, so nothing is emitted nor persisted.
			clock += HOUR;
			const late = fake.add(T0 + 70 * MINUTE, 'pendiente');
			expect((await poll(parameters)).items).toBeNull();
			harness.restart();
			clock += HOUR;
			fake.setStatus(late.id, 'aceptado');
			// Reported once; its previous status is unknown to the persisted state.
			expect(emissions(await poll(parameters))).toEqual([[late.id, null, 'accepted']]);
			clock += HOUR;
			expect((await poll(parameters)).items).toBeNull();
		});

		it('re-records the baseline when nothing was ever emitted, so changes around the restart are not reported (documented)', async () => {
			const doc = fake.add(T0 - HOUR, 'pendiente');
			await poll();
			expect(harness.persistedStaticData()).toEqual({});
			harness.restart();
			clock += HOUR;
			fake.setStatus(doc.id, 'aceptado');
			expect((await poll()).items).toBeNull();
			// From then on it watches normally.
			clock += HOUR;
			fake.setStatus(doc.id, 'anulado');
			expect(emissions(await poll())).toEqual([[doc.id, 'accepted', 'voided']]);
		});
	});

	describe('manual mode ("Fetch Test Event")', () => {
		it('returns the newest document, even one older than the window, and records no baseline', async () => {
			fake.add(T0 - 60 * HOUR, 'aceptado');
			const newest = fake.add(T0 - 50 * HOUR, 'rechazado');
			const result = await poll({}, 'manual');
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items![0].json).toMatchObject({
				id: newest.id,
				previousStatus: null,
				status: 'rejected',
				changedAt: new Date(clock).toISOString(),
				summary: expect.objectContaining({ status: 'rejected' }),
			});
			expect(result.staticData).toEqual({});
			expect(fake.server.requests({ path: '/documents' }).map((r) => r.query.since)).toEqual([undefined]);

			// The first real poll is still the baseline.
			const recent = fake.add(T0 - HOUR, 'pendiente');
			expect((await poll()).items).toBeNull();
			clock += HOUR;
			fake.setStatus(recent.id, 'aceptado');
			expect(emissions(await poll())).toEqual([[recent.id, 'pending', 'accepted']]);
		});

		it('moves no state of an active trigger: the change it shows is still emitted by the next poll', async () => {
			const doc = fake.add(T0 - HOUR, 'pendiente');
			const baseline = await poll({ refreshPending: true });
			clock += HOUR;
			fake.setStatus(doc.id, 'aceptado');
			const sample = await poll({ refreshPending: true }, 'manual');
			expect(sample.items!.map((i) => i.json.id)).toEqual([doc.id]);
			expect(sample.staticData).toEqual(baseline.staticData);
			expect(fake.refreshRequests()).toBe(0);
			expect(emissions(await poll({ refreshPending: true }))).toEqual([[doc.id, 'pending', 'accepted']]);
		});

		it('explains that there is nothing to show when the provider has no documents', async () => {
			const result = await poll({}, 'manual');
			expect(result.items).toBeNull();
			expect(result.error?.message).toBe('FacEPro has no documents to show yet');
			expect((result.error as { description?: string }).description).toMatch(/Issue a document/);
		});
	});

	describe('window and state bounds', () => {
		it('keeps only documents of the window in the state as time passes, without emitting', async () => {
			for (let h = 240; h >= 1; h--) fake.add(T0 - h * HOUR + 30 * MINUTE, 'aceptado');
			for (let step = 0; step <= 4; step++) {
				const result = await poll({ lookBackHours: 24 });
				expect(result.error).toBeUndefined();
				expect(result.items).toBeNull();
				const since = clock - 24 * HOUR;
				const inWindow = [...fake.docs.values()].filter((d) => Date.parse(d.issued_at) >= since).map((d) => d.id);
				expect(Object.keys(entries(result)).sort()).toEqual(inWindow.sort());
				expect(stateOf(result)[STATE_KEY].from).toBe(Math.floor(since / 1000));
				clock += 12 * HOUR;
			}
		});

		it('does not report as new the documents a longer look-back window brings in, but watches them from then on', async () => {
			const older = fake.add(T0 - 40 * HOUR, 'pendiente');
			fake.add(T0 - HOUR, 'aceptado');
			await poll({ lookBackHours: 24 });
			clock += HOUR;
			const widened = await poll({ lookBackHours: 72 });
			expect(widened.items).toBeNull();
			expect(entries(widened)[older.id]).toBeDefined();
			clock += HOUR;
			fake.setStatus(older.id, 'aceptado');
			expect(emissions(await poll({ lookBackHours: 72 }))).toEqual([[older.id, 'pending', 'accepted']]);
		});

		it('does not report again a document that left the window and came back (clock moved back)', async () => {
			const edge = fake.add(T0 - 23 * HOUR, 'aceptado');
			fake.add(T0 - HOUR, 'aceptado');
			await poll();
			clock = T0 + 2 * HOUR;
			const moved = await poll();
			expect(moved.items).toBeNull();
			expect(entries(moved)[edge.id]).toBeUndefined();
			clock = T0 + 30 * MINUTE;
			const back = await poll();
			expect(back.items).toBeNull();
			expect(entries(back)[edge.id]).toBeDefined();
		});

		it('does not report a change that happens after a document left the window (documented limitation)', async () => {
			const doc = fake.add(T0 - 20 * HOUR, 'pendiente');
			await poll();
			clock += 6 * HOUR;
			fake.setStatus(doc.id, 'aceptado');
			expect((await poll()).items).toBeNull();
		});

		it('treats a document issued exactly at the window start as inside, and drops it once the window moves on', async () => {
			const edge = fake.add(T0 - 24 * HOUR, 'pendiente');
			const baseline = await poll();
			expect(entries(baseline)[edge.id]).toBeDefined();
			clock += 1000;
			fake.setStatus(edge.id, 'aceptado');
			const next = await poll();
			expect(next.items).toBeNull();
			expect(entries(next)[edge.id]).toBeUndefined();
		});

		it('reports once a document stamped slightly ahead of our clock (provider clock ahead)', async () => {
			fake.add(T0 - HOUR, 'aceptado');
			await poll();
			clock += HOUR;
			const ahead = fake.add(clock + 5 * MINUTE, 'aceptado');
			expect(emissions(await poll())).toEqual([[ahead.id, null, 'accepted']]);
			clock += MINUTE;
			expect((await poll()).items).toBeNull();
		});

		it('reports a document that shows up in the list after a poll although it is dated before it', async () => {
			fake.add(T0 - HOUR, 'aceptado');
			await poll();
			clock += HOUR;
			const late = fake.add(T0 - 10 * MINUTE, 'rechazado');
			expect(emissions(await poll())).toEqual([[late.id, null, 'rejected']]);
		});

		it('does not report a document as new when it reappears after missing from one listing', async () => {
			const doc = fake.add(T0 - 2 * HOUR, 'aceptado');
			fake.add(T0 - HOUR, 'aceptado');
			await poll();
			fake.remove(doc.id);
			clock += HOUR;
			const without = await poll();
			expect(without.items).toBeNull();
			expect(entries(without)[doc.id]).toBeDefined();
			fake.restore(doc);
			clock += HOUR;
			expect((await poll()).items).toBeNull();
		});

		it('does not report as new a document that a deletion lets into a capped read', async () => {
			for (let m = 100; m >= 1; m--) fake.add(T0 - m * MINUTE, 'aceptado');
			const newest = [...fake.docs.values()].reverse();
			await poll({ maxDocuments: 10, perPage: 5 });
			fake.remove(newest[0].id);
			clock += MINUTE;
			const next = await poll({ maxDocuments: 10, perPage: 5 });
			expect(next.error).toBeUndefined();
			expect(next.items).toBeNull();
			expect(entries(next)[newest[10].id]).toBeDefined();
		});

		it('caps the documents read and kept; only the newest are watched and none of the rest is reported as new', async () => {
			// 288 documents in the window, one every 5 minutes; the trigger keeps 50.
			for (let m = 24 * 60 - 5; m >= 0; m -= 5) fake.add(T0 - m * MINUTE - MINUTE, 'aceptado');
			const baseline = await poll({ maxDocuments: 50, perPage: 20 });
			expect(baseline.items).toBeNull();
			expect(Object.keys(entries(baseline))).toHaveLength(50);
			expect(fake.listRequests()).toBe(3);

			clock += 5 * MINUTE;
			const added = fake.add(clock - MINUTE, 'pendiente');
			const newest = [...fake.docs.values()].sort((a, b) => b.issued_at.localeCompare(a.issued_at));
			fake.setStatus(newest[10].id, 'rechazado');
			const next = await poll({ maxDocuments: 50, perPage: 20 });
			expect(emissions(next)).toEqual([
				[newest[10].id, 'accepted', 'rejected'],
				[added.id, null, 'pending'],
			]);
			expect(Object.keys(entries(next))).toHaveLength(50);

			// A document among the newest disappears (deleted): the one it lets into the newest 50 is
			// not new, and it is watched from then on.
			const outside = newest[50];
			expect(entries(next)[outside.id]).toBeUndefined();
			fake.remove(newest[3].id);
			clock += 5 * MINUTE;
			const shifted = await poll({ maxDocuments: 50, perPage: 20 });
			expect(shifted.items).toBeNull();
			expect(Object.keys(entries(shifted))).toHaveLength(50);
			expect(entries(shifted)[outside.id]).toBeDefined();
			clock += 5 * MINUTE;
			fake.setStatus(outside.id, 'anulado');
			expect(emissions(await poll({ maxDocuments: 50, perPage: 20 }))).toEqual([[outside.id, 'accepted', 'voided']]);
		});
	});

	describe('overlapping polls (n8n starts the next poll on schedule while the previous one still reads)', () => {
		it('skips a poll that starts while the previous one of the same trigger runs: each change is emitted once', async () => {
			expect(emissions(await poll())).toEqual([]);
			clock += HOUR;
			const added = fake.add(T0 + 30 * MINUTE, 'pendiente');
			const [first, second] = await Promise.all([poll(), poll()]);
			expect([...emissions(first), ...emissions(second)]).toEqual([[added.id, null, 'pending']]);
			// The skipped poll changed nothing: the next one finds nothing new.
			clock += HOUR;
			expect(emissions(await poll())).toEqual([]);
		});

		it('polls of two different triggers still run side by side', async () => {
			await poll();
			await harness.poll(spec(), { workflowId: 'other-workflow' });
			clock += HOUR;
			const added = fake.add(T0 + 30 * MINUTE, 'aceptado');
			const [mine, theirs] = await Promise.all([poll(), harness.poll(spec(), { workflowId: 'other-workflow' })]);
			expect(emissions(mine)).toEqual([[added.id, null, 'accepted']]);
			expect(emissions(theirs)).toEqual([[added.id, null, 'accepted']]);
		});
	});

	describe('requests per poll', () => {
		/** One document per hour for `total` hours, the newest 30 minutes old. */
		const seedHourly = (total: number) => {
			for (let h = total - 1; h >= 0; h--) fake.add(T0 - h * HOUR - 30 * MINUTE, 'aceptado');
		};

		it.each([[100], [2000]])(
			'depend on the window, not on the %i documents, when the list has no date filter (stops past the window)',
			async (total) => {
				const pagesOnly = new FakeProvider({ dateFilter: false });
				await pagesOnly.start();
				try {
					const id = harness.addCredential('probeApi', pagesOnly.credential());
					for (let h = total - 1; h >= 0; h--) pagesOnly.add(T0 - h * HOUR - 30 * MINUTE, 'aceptado');
					const parameters = { triggerOn: ['statusChange'], lookBackHours: 24, perPage: 10, nowMs: clock, refreshPending: false };
					await harness.poll({ type: 'watchTestTrigger', credential: id, parameters });
					// 24 documents inside: pages of 10, the third reaches past the window.
					expect(pagesOnly.listRequests()).toBe(3);
					pagesOnly.server.clearLog();
					clock += HOUR;
					const changed = [...pagesOnly.docs.values()].at(-3)!;
					pagesOnly.setStatus(changed.id, 'rechazado');
					const next = await harness.poll({ type: 'watchTestTrigger', credential: id, parameters: { ...parameters, nowMs: clock } });
					expect(emissions(next)).toEqual([[changed.id, 'accepted', 'rejected']]);
					expect(pagesOnly.listRequests()).toBe(3);
				} finally {
					await pagesOnly.stop();
				}
			},
		);

		it('read every page of a source that declares its list unordered, and refuse a window it cannot read whole', async () => {
			const pagesOnly = new FakeProvider({ dateFilter: false });
			await pagesOnly.start();
			try {
				const id = harness.addCredential('probeApi', pagesOnly.credential());
				for (let h = 99; h >= 0; h--) pagesOnly.add(T0 - h * HOUR - 30 * MINUTE, 'aceptado');
				const parameters = { triggerOn: ['statusChange'], perPage: 10, nowMs: clock, refreshPending: false, unordered: true };
				const all = await harness.poll({ type: 'watchTestTrigger', credential: id, parameters });
				expect(all.error).toBeUndefined();
				expect(pagesOnly.listRequests()).toBe(10);
				expect(Object.keys(entries(all))).toHaveLength(24);

				const capped = await harness.poll({ type: 'watchTestTrigger', credential: id, parameters: { ...parameters, maxDocuments: 20 } });
				expect(capped.error?.message).toBe('The look-back window holds more than 20 documents');
				expect(capped.staticData).toEqual(all.staticData);
			} finally {
				await pagesOnly.stop();
			}
		});

		it('read on past a back-dated document in a list sorted by creation, up to the real edge of the window', async () => {
			const byCreation = new FakeProvider({ dateFilter: false, sortBy: 'created' });
			await byCreation.start();
			try {
				const id = harness.addCredential('probeApi', byCreation.credential());
				for (let h = 29; h >= 0; h--) byCreation.add(T0 - h * HOUR - 30 * MINUTE, 'aceptado');
				// Created last, dated two days back: first on page 1.
				byCreation.add(T0 - 48 * HOUR, 'aceptado');
				const oldestInWindow = [...byCreation.docs.values()][6];
				const parameters = { triggerOn: ['statusChange'], perPage: 10, nowMs: clock, refreshPending: false };
				const baseline = await harness.poll({ type: 'watchTestTrigger', credential: id, parameters });
				expect(byCreation.listRequests()).toBe(3);
				expect(Object.keys(entries(baseline))).toHaveLength(24);

				clock += 10 * MINUTE;
				byCreation.setStatus(oldestInWindow.id, 'rechazado');
				const next = await harness.poll({ type: 'watchTestTrigger', credential: id, parameters: { ...parameters, nowMs: clock } });
				expect(emissions(next)).toEqual([[oldestInWindow.id, 'accepted', 'rejected']]);
			} finally {
				await byCreation.stop();
			}
		});

		it('pass the window start on to a list that filters by date, and stop at its last page', async () => {
			seedHourly(2000);
			await poll({ perPage: 10 });
			const requests = fake.server.requests({ path: '/documents' });
			expect(requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
			expect(new Set(requests.map((r) => r.query.since))).toEqual(new Set([new Date(T0 - 24 * HOUR).toISOString()]));
			fake.server.clearLog();
			await poll({ perPage: 100 });
			expect(fake.listRequests()).toBe(1);
		});
	});

	describe('refreshing pending documents (FacEPro /consultar)', () => {
		it('asks again about pending documents and reports what the authority decided', async () => {
			const doc = fake.add(T0 - HOUR, 'pendiente', { onRefresh: 'aceptado' });
			fake.add(T0 - 2 * HOUR, 'aceptado');
			const parameters = { triggerOn: ['accepted', 'rejected'], refreshPending: true };
			expect((await poll(parameters)).items).toBeNull();
			// No refresh on the baseline: the decision is reported by the next poll rather than absorbed.
			expect(fake.refreshRequests()).toBe(0);
			clock += HOUR;
			expect(emissions(await poll(parameters))).toEqual([[doc.id, 'pending', 'accepted']]);
			expect(fake.refreshRequests()).toBe(1);
			clock += HOUR;
			expect((await poll(parameters)).items).toBeNull();
			expect(fake.refreshRequests()).toBe(1);
		});

		it('leaves pending documents alone when the option is off', async () => {
			fake.add(T0 - HOUR, 'pendiente', { onRefresh: 'aceptado' });
			await poll({ refreshPending: false });
			clock += HOUR;
			expect((await poll({ refreshPending: false })).items).toBeNull();
			expect(fake.refreshRequests()).toBe(0);
		});

		it('refreshes at most the configured number per poll, taking turns so every pending document gets asked', async () => {
			// The three oldest never resolve: without turns they would take every slot.
			const stuck = [3, 4, 5].map((h) => fake.add(T0 - h * HOUR, 'pendiente'));
			const resolving = [2, 1].map((h) => fake.add(T0 - h * HOUR, 'pendiente', { onRefresh: 'aceptado' }));
			const parameters = { triggerOn: ['accepted'], refreshPending: true, refreshPendingPerPoll: 2 };
			await poll(parameters);
			const emitted: Emission[] = [];
			for (let i = 0; i < 3; i++) {
				fake.server.clearLog();
				clock += HOUR;
				emitted.push(...emissions(await poll(parameters)));
				expect(fake.refreshRequests()).toBeLessThanOrEqual(2);
			}
			expect(emitted.map(([id]) => id).sort()).toEqual(resolving.map((d) => d.id).sort());
			expect(emitted.every(([, from, to]) => from === 'pending' && to === 'accepted')).toBe(true);
			expect(stuck.every((d) => fake.docs.get(d.id)!.status === 'pendiente')).toBe(true);
		});

		it('keeps polling when one refresh fails: other changes are reported and the document is asked again later', async () => {
			const pending = fake.add(T0 - 2 * HOUR, 'pendiente', { onRefresh: 'rechazado' });
			const other = fake.add(T0 - HOUR, 'pendiente');
			const parameters = { triggerOn: ['accepted', 'rejected'], refreshPending: true };
			await poll(parameters);
			clock += HOUR;
			fake.setStatus(other.id, 'aceptado');
			fake.server.inject({ kind: 'status', status: 500 }, { path: `/documents/${pending.id}/refresh` }, 2);
			expect(emissions(await poll(parameters))).toEqual([[other.id, 'pending', 'accepted']]);
			clock += HOUR;
			expect(emissions(await poll(parameters))).toEqual([[pending.id, 'pending', 'rejected']]);
		});
	});
});
