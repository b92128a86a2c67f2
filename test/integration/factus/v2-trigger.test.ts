/**
 * Factus Trigger version 2: watches the v2 lists (debit notes and adjustment notes too) with the same
 * engine as version 1 — a baseline first, then each new document and each DIAN answer once — and a
 * trigger saved at version 1 keeps watching the v1 list.
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { FactusApi } from '../../../credentials/FactusApi.credentials';
import { FactusTrigger } from '../../../nodes/Factus/FactusTrigger.node';
import { resetPacing } from '../../../nodes/shared/http';
import { Harness } from '../../harness';
import type { FactusSimulator } from '../../simulators/factus';
import { startFactusSimulator } from '../../simulators/factus';

const MINUTE = 60_000;

describe('Factus Trigger version 2', () => {
	let sim: FactusSimulator;
	let harness: Harness;
	let credential: string;

	beforeAll(async () => {
		sim = await startFactusSimulator({ rateLimit: { limit: 10_000, windowMs: 60_000 } });
	});
	afterAll(async () => await sim.stop());
	beforeEach(() => {
		resetPacing();
		sim.reset();
		harness = new Harness({ nodes: [new FactusTrigger()], credentials: [new FactusApi()] });
		credential = harness.addCredential('factusApi', { ...sim.credentials().factusApi, advanced: true, rateLimit: 5000, rateLimitWindowSeconds: 60 } as ICredentialDataDecryptedObject, 'Factus account');
	});

	const poll = async (parameters: INodeParameters, typeVersion = 2) => {
		sim.server.clearLog();
		const result = await harness.poll({ type: 'factusTrigger', credential, typeVersion, parameters: { triggerOn: ['newDocument', 'statusChange'], ...parameters } });
		expect(result.error).toBeUndefined();
		return (result.items ?? []).map((item) => [item.json.number, item.json.previousStatus ?? null, item.json.status] as const);
	};

	it('support documents: a baseline, then a new pending one, then DIAN validating it — each once, from /v2/support-documents', async () => {
		sim.v2.seed(1, { kind: 'supportDocument', from: new Date(Date.now() - 60 * MINUTE) });
		expect(await poll({ documentKind: 'supportDocument' })).toEqual([]);
		expect(sim.server.requests({ method: 'GET', path: '/v2/support-documents' }).length).toBeGreaterThan(0);
		const [note] = sim.v2.seed(1, { kind: 'supportDocument', status: () => 'pending', referencePrefix: 'ds-new' });
		expect(await poll({ documentKind: 'supportDocument' })).toEqual([[note.number, null, 'pending']]);
		sim.v2.validatePending(note.number);
		expect(await poll({ documentKind: 'supportDocument' })).toEqual([[note.number, 'pending', 'accepted']]);
		expect(await poll({ documentKind: 'supportDocument' })).toEqual([]);
	});

	it('a trigger saved at version 1 keeps polling the v1 list', async () => {
		await poll({ documentKind: 'bill' }, 1);
		expect(sim.server.log.map((r) => r.path).filter((p) => p.startsWith('/v'))).toEqual(expect.arrayContaining(['/v1/bills']));
		expect(sim.server.log.some((r) => r.path.startsWith('/v2/'))).toBe(false);
		const emitted = await poll({ documentKind: 'bill' });
		expect(emitted).toEqual([]);
		expect(sim.server.log.some((r) => r.path === '/v2/bills')).toBe(true);
	});
});
