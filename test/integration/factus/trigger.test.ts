/**
 * Factus Trigger against the Factus simulator over HTTP, each poll run through n8n-core's PollContext by
 * the harness. History is written with the simulator's own controls (`seedDocuments` with a creation
 * time, `validatePending` for DIAN's late answer) and, where it matters, through the Factus node itself.
 * Documents get distinct creation times, so the order of one poll's emissions (oldest first) is known.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { FactusApi } from '../../../credentials/FactusApi.credentials';
import { Factus } from '../../../nodes/Factus/Factus.node';
import { FactusTrigger } from '../../../nodes/Factus/FactusTrigger.node';
import { factusInstant } from '../../../nodes/Factus/summary';
import { resetPacing } from '../../../nodes/shared/http';
import { STATE_KEY } from '../../../nodes/shared/statusWatch';
import { Harness, PACKAGE_PREFIX } from '../../harness';
import type { PollResult } from '../../harness';
import { factusDateTime, startFactusSimulator } from '../../simulators/factus';
import type { DocumentKind, FactusSimulator } from '../../simulators/factus';

import { expectEmailReadsExist, expectRejectionAlert, loadExample, nodeOfType } from '../exampleWorkflow';

import { fieldsBill } from './helpers';

const MINUTE = 60_000;
const PATHS: Record<DocumentKind, string> = { bill: '/v1/bills', creditNote: '/v1/credit-notes', supportDocument: '/v1/support-documents' };

/** [number, previousStatus, status] */
type Emission = [string, string | null, string];

describe('Factus v1 created_at (the time the trigger measures its window on)', () => {
	it.each([
		['09-01-2025 01:56:13 PM', Date.UTC(2025, 0, 9, 18, 56, 13)],
		['09-01-2025 12:05:00 AM', Date.UTC(2025, 0, 9, 5, 5, 0)],
		['09-01-2025 12:05:00 PM', Date.UTC(2025, 0, 9, 17, 5, 0)],
		['31-12-2025 11:30:00 PM', Date.UTC(2026, 0, 1, 4, 30, 0)],
		['2026-05-10T09:15:00-05:00', Date.UTC(2026, 4, 10, 14, 15, 0)],
		['2026-05-10 09:15:00', Date.UTC(2026, 4, 10, 14, 15, 0)],
		['2026-05-10T14:15:00Z', Date.UTC(2026, 4, 10, 14, 15, 0)],
	])('reads %s as Colombian time', (text, expected) => {
		expect(factusInstant(text)).toBe(expected);
	});

	it('reads back every time the simulator writes, to the second', () => {
		for (let t = Date.UTC(2025, 11, 31, 0, 0, 7); t < Date.UTC(2026, 0, 2); t += 37 * MINUTE) {
			expect(factusInstant(factusDateTime(new Date(t)))).toBe(t);
		}
	});

	it('gives undefined for what is not a time', () => {
		for (const value of [undefined, null, 5, '', 'yesterday', '2026-13-45T99:00']) expect(factusInstant(value)).toBeUndefined();
	});
});

describe('Factus Trigger', () => {
	let sim: FactusSimulator;
	let harness: Harness;
	let credential: string;
	let seeded = 0;

	beforeAll(async () => {
		// A generous limit, so only the pacing test meets it.
		sim = await startFactusSimulator({ rateLimit: { limit: 10_000, windowMs: 60_000 } });
	});
	afterAll(async () => await sim.stop());

	const useCredential = (extra: Partial<ICredentialDataDecryptedObject> = {}) => {
		credential = harness.addCredential(
			'factusApi',
			{ ...sim.credentials().factusApi, advanced: true, rateLimit: 5000, rateLimitWindowSeconds: 60, ...extra } as ICredentialDataDecryptedObject,
			'Factus account',
		);
	};

	beforeEach(() => {
		resetPacing();
		sim.reset();
		harness = new Harness({ nodes: [new FactusTrigger(), new Factus()], credentials: [new FactusApi()] });
		useCredential();
	});

	/** A document created `minutesAgo` before now, in the state DIAN left it; returns its number. */
	function add(status: 'validated' | 'pending' | 'rejected', minutesAgo: number, kind: DocumentKind = 'bill'): string {
		const [doc] = sim.seedDocuments(1, {
			kind,
			from: new Date(Date.now() - minutesAgo * MINUTE),
			status: () => status,
			referencePrefix: `trigger-${++seeded}-`,
		});
		return doc.number;
	}

	const spec = (parameters: INodeParameters = {}) => ({
		type: 'factusTrigger',
		credential,
		parameters: { documentKind: 'bill', triggerOn: ['newDocument', 'statusChange'], ...parameters },
	});

	/** One scheduled poll; the simulator's request log then holds only this poll's requests. */
	async function poll(parameters: INodeParameters = {}, mode: 'trigger' | 'manual' = 'trigger'): Promise<PollResult> {
		sim.server.clearLog();
		return await harness.poll(spec(parameters), { mode });
	}

	const emissions = (result: PollResult): Emission[] => {
		expect(result.error).toBeUndefined();
		return (result.items ?? []).map((item) => [item.json.number as string, item.json.previousStatus as string | null, item.json.status as string]);
	};

	const watchedKeys = (result: PollResult) =>
		Object.keys(((result.staticData['node:Node'] as IDataObject)[STATE_KEY] as { docs: IDataObject }).docs).sort();

	const listPages = (kind: DocumentKind = 'bill') => sim.server.requests({ method: 'GET', path: PATHS[kind] }).map((r) => r.query.page);

	describe('a scripted history', () => {
		async function history(parameters: INodeParameters) {
			const n: Record<string, string> = {};
			n.a = add('validated', 300);
			n.b = add('pending', 240);
			add('rejected', 200);
			n.old = add('pending', 3 * 24 * 60);
			const perPoll: Emission[][] = [];
			const step = async (change: () => void) => {
				change();
				perPoll.push(emissions(await poll(parameters)));
			};
			await step(() => undefined);
			await step(() => {
				n.c = add('pending', 120);
				n.d = add('validated', 60);
			});
			await step(() => {
				// DIAN answers late: one accepted, one rejected; and a new bill it rejected right away.
				expect(sim.validatePending(n.b)).toBe(1);
				expect(sim.validatePending(n.c, 'rejected')).toBe(1);
				n.e = add('rejected', 30);
			});
			await step(() => undefined);
			// A change outside the window, and documents of another kind: nothing for a bills trigger.
			await step(() => {
				sim.validatePending(n.old);
				add('rejected', 10, 'creditNote');
				add('validated', 10, 'supportDocument');
			});
			await step(() => (n.f = add('validated', 5)));
			await step(() => undefined);
			return { perPoll, n };
		}

		it('emits every change exactly once, oldest first, and nothing on the first poll', async () => {
			const { perPoll, n } = await history({ triggerOn: ['newDocument', 'statusChange'] });
			expect(perPoll).toEqual([
				[],
				[
					[n.c, null, 'pending'],
					[n.d, null, 'accepted'],
				],
				[
					[n.b, 'pending', 'accepted'],
					[n.c, 'pending', 'rejected'],
					[n.e, null, 'rejected'],
				],
				[],
				[],
				[[n.f, null, 'accepted']],
				[],
			]);
		});

		it.each([
			[['accepted', 'rejected'], ['d:null>accepted', 'b:pending>accepted', 'c:pending>rejected', 'e:null>rejected', 'f:null>accepted']],
			[['pending'], ['c:null>pending']],
			[['newDocument'], ['c:null>pending', 'd:null>accepted', 'e:null>rejected', 'f:null>accepted']],
			[['statusChange'], ['b:pending>accepted', 'c:pending>rejected']],
			[['rejected'], ['c:pending>rejected', 'e:null>rejected']],
			[['voided'], []],
		])('with Trigger On %j emits only %j', async (triggerOn, expected) => {
			const { perPoll, n } = await history({ triggerOn });
			const names = Object.fromEntries(Object.entries(n).map(([name, number]) => [number, name]));
			expect(perPoll[0]).toEqual([]);
			expect(perPoll.flat().map(([number, from, to]) => `${names[number]}:${from}>${to}`)).toEqual(expected);
		});

		it("emits Factus's list row with previousStatus, status, changedAt, providerStatus and the summary", async () => {
			await poll();
			const number = add('rejected', 2);
			const before = Date.now();
			const result = await poll({ triggerOn: ['rejected'] });
			expect(result.items).toHaveLength(1);
			const json = result.items![0].json;
			const stored = sim.byNumber('bill', number)!;
			expect(json).toMatchObject({
				number,
				reference_code: stored.referenceCode,
				names: 'Alan Turing',
				errors: stored.errors,
				// Factus's own `status` (0 = not validated) is kept next to the normalised one.
				providerStatus: 0,
				previousStatus: null,
				status: 'rejected',
				summary: {
					provider: 'Factus',
					kind: 'invoice',
					number,
					status: 'rejected',
					statusMessage: stored.errors.join(' | '),
					total: Number(json.total),
					currency: 'COP',
				},
			});
			expect(json.created_at).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2} [AP]M$/);
			expect(Date.parse(json.changedAt as string)).toBeGreaterThanOrEqual(before - 1000);
		});

		it('asks for 100 per page (per_page and filter[per_page]) newest first, and stops after the page that reaches past the window', async () => {
			// 150 bills 6 to 8.5 hours ago, then 120 in the last two hours: a 6-hour window ends on page 2 of 3.
			sim.seedDocuments(150, { from: new Date(Date.now() - (6 * 60 + 150) * MINUTE), referencePrefix: 'older-' });
			sim.seedDocuments(120, { from: new Date(Date.now() - 120 * MINUTE), referencePrefix: 'recent-' });
			const baseline = await poll({ lookBackHours: 6 });
			expect(baseline.items).toBeNull();
			expect(watchedKeys(baseline)).toHaveLength(120);
			const [first] = sim.server.requests({ method: 'GET', path: PATHS.bill });
			expect(first.query).toEqual({ page: '1', per_page: '100', 'filter[per_page]': '100' });
			expect(listPages()).toEqual(['1', '2']);

			const added = add('validated', 0);
			expect(emissions(await poll({ lookBackHours: 6 }))).toEqual([[added, null, 'accepted']]);
			expect(listPages()).toEqual(['1', '2']);
		});

		it('a bill created through the Factus node and rejected by DIAN is reported once', async () => {
			await poll({ triggerOn: ['rejected'] });
			const created = await harness.execute({ type: 'factus', credential, parameters: fieldsBill('order-1001-[rechazo]') });
			expect(created.error?.message).toMatch(/DIAN rejected the bill/);
			const number = sim.find('bill', 'order-1001-[rechazo]')!.number;
			expect(emissions(await poll({ triggerOn: ['rejected'] }))).toEqual([[number, null, 'rejected']]);
			expect((await poll({ triggerOn: ['rejected'] })).items).toBeNull();
		});

		it('refuses a Trigger On without events before any request (not even a login)', async () => {
			const result = await poll({ triggerOn: [] });
			expect(result.error?.message).toBe('Choose at least one event in "Trigger On"');
			expect(sim.server.log).toHaveLength(0);
		});
	});

	describe('document kinds', () => {
		it.each([['creditNote'], ['supportDocument']] as Array<[DocumentKind]>)('watches only %s, through its own list', async (kind) => {
			add('validated', 50, kind);
			const pending = add('pending', 40, kind);
			await poll({ documentKind: kind });
			expect(listPages(kind)).toEqual(['1']);
			expect(sim.server.requests({ method: 'GET', path: /^\/v1\// }).map((r) => r.path)).toEqual([PATHS[kind]]);

			const other: DocumentKind = kind === 'creditNote' ? 'supportDocument' : 'creditNote';
			add('rejected', 20, 'bill');
			add('rejected', 20, other);
			const fresh = add('rejected', 10, kind);
			sim.validatePending(pending);
			expect(emissions(await poll({ documentKind: kind }))).toEqual([
				[pending, 'pending', 'accepted'],
				[fresh, null, 'rejected'],
			]);
		});

		it('starts from a new baseline when the kind changes, instead of reporting the other kind as new', async () => {
			add('validated', 30, 'bill');
			add('rejected', 20, 'creditNote');
			await poll({ documentKind: 'bill' });
			expect((await poll({ documentKind: 'creditNote' })).items).toBeNull();
			const note = add('rejected', 10, 'creditNote');
			expect(emissions(await poll({ documentKind: 'creditNote' }))).toEqual([[note, null, 'rejected']]);
		});
	});

	describe('restart (n8n persists static data only after a poll that emitted)', () => {
		it('emits nothing again after a restart, and later changes once', async () => {
			const pending = add('pending', 90);
			await poll();
			const added = add('validated', 30);
			expect(emissions(await poll())).toEqual([[added, null, 'accepted']]);
			harness.restart();
			expect((await poll()).items).toBeNull();

			sim.validatePending(pending, 'rejected');
			expect(emissions(await poll())).toEqual([[pending, 'pending', 'rejected']]);
			harness.restart();
			expect((await poll()).items).toBeNull();
		});
	});

	describe('a failed poll in the middle', () => {
		async function changesWaiting() {
			add('validated', 200);
			const pending = add('pending', 100);
			const baseline = await poll();
			sim.validatePending(pending);
			const rejected = add('rejected', 50);
			return {
				expected: [
					[pending, 'pending', 'accepted'],
					[rejected, null, 'rejected'],
				] as Emission[],
				before: baseline.staticData,
			};
		}

		it.each([
			// Four answers: the shared helper's attempts for a read.
			['a 500 on the list', /^Factus: internal error \(HTTP 500\)/, () => sim.server.inject({ kind: 'status', status: 500, body: { message: 'Server Error' } }, { path: PATHS.bill }, 4)],
			['connection resets', /^Factus: the connection to Factus was cut/, () => sim.server.inject({ kind: 'reset' }, { path: PATHS.bill }, 4)],
			[
				'an expired token whose renewal fails (the password was changed)',
				/^Factus login failed: Factus refused the username \(e-mail\) or password/,
				() => {
					sim.tokens.expireAll('access');
					const stored = harness.storedCredential(credential);
					stored.data = { ...stored.data, password: 'changed-in-factus' };
				},
			],
		])('(%s) emits nothing, changes nothing, reports the error, and the next good poll emits the changes', async (_, message, breakIt) => {
			const { expected, before } = await changesWaiting();
			const password = harness.storedCredential(credential).data.password;
			breakIt();
			const failed = await poll();
			expect(failed.error?.message).toMatch(message);
			expect(failed.items).toBeNull();
			expect(failed.staticData).toEqual(before);
			expect(harness.persistedStaticData()).toEqual({});

			// The user fixes the credential (no-op for the other cases).
			const stored = harness.storedCredential(credential);
			stored.data = { ...stored.data, password };
			expect(emissions(await poll())).toEqual(expected);
			expect((await poll()).items).toBeNull();
		});
	});

	describe('Fetch Test Event (manual mode)', () => {
		it('returns the newest document of the kind, even one older than the window, and records no baseline', async () => {
			add('validated', 4 * 24 * 60);
			const newest = add('rejected', 3 * 24 * 60);
			add('validated', 60, 'creditNote');
			const sample = await poll({}, 'manual');
			expect(sample.error).toBeUndefined();
			expect(sample.items).toHaveLength(1);
			expect(sample.items![0].json).toMatchObject({
				number: newest,
				previousStatus: null,
				status: 'rejected',
				summary: expect.objectContaining({ provider: 'Factus', kind: 'invoice', status: 'rejected' }),
			});
			expect(sample.staticData).toEqual({});
			expect(listPages()).toEqual(['1']);
			add('validated', 5);
			expect((await poll()).items).toBeNull();
		});

		it('moves no state of an active trigger: the change it shows is emitted by the next poll', async () => {
			const pending = add('pending', 60);
			const baseline = await poll();
			sim.validatePending(pending);
			const sample = await poll({}, 'manual');
			expect(sample.items!.map((i) => [i.json.number, i.json.status])).toEqual([[pending, 'accepted']]);
			expect(sample.staticData).toEqual(baseline.staticData);
			expect(emissions(await poll())).toEqual([[pending, 'pending', 'accepted']]);
		});

		it('says so when there is no document of the kind yet', async () => {
			add('validated', 5, 'bill');
			const sample = await poll({ documentKind: 'supportDocument' }, 'manual');
			expect(sample.items).toBeNull();
			expect(sample.error?.message).toBe('Factus has no documents to show yet');
		});
	});

	describe('rate limit', () => {
		it("paces a poll's pages under the credential's limit instead of meeting 429s", async () => {
			sim.setRateLimit(4, 1000);
			resetPacing();
			useCredential({ rateLimit: 4, rateLimitWindowSeconds: 1 });
			sim.seedDocuments(450, { from: new Date(Date.now() - 450 * MINUTE), referencePrefix: 'busy-' });
			const baseline = await poll({ lookBackHours: 12 });
			expect(baseline.error).toBeUndefined();
			expect(watchedKeys(baseline)).toHaveLength(450);
			expect(listPages()).toEqual(['1', '2', '3', '4', '5']);
			expect(sim.rateLimited).toBe(0);
			expect(sim.slidingPeak(1000)).toBeLessThanOrEqual(4);
		});
	});

	describe('examples/factus-trigger-rejections.json', () => {
		const example = loadExample('factus-trigger-rejections.json');

		it('is wired trigger (every 15 minutes) → IF summary.status is rejected → Send Email', () => {
			expectRejectionAlert(example, `${PACKAGE_PREFIX}factusTrigger`, 'factusApi', 'Factus account');
		});

		it("polls with the example's parameters, and the e-mail's fields exist on the rejected bill it emits", async () => {
			const { pollTimes, ...parameters } = nodeOfType(example, `${PACKAGE_PREFIX}factusTrigger`).parameters;
			void pollTimes;
			add('validated', 30);
			expect((await poll(parameters as INodeParameters)).items).toBeNull();
			const accepted = add('validated', 20);
			const rejected = add('rejected', 10);
			const result = await poll(parameters as INodeParameters);
			expect(emissions(result)).toEqual([
				[accepted, null, 'accepted'],
				[rejected, null, 'rejected'],
			]);
			const toEmail = result.items!.filter((item) => (item.json.summary as IDataObject).status === 'rejected');
			expect(toEmail.map((item) => item.json.number)).toEqual([rejected]);
			expectEmailReadsExist(example, toEmail[0].json);
		});
	});
});
