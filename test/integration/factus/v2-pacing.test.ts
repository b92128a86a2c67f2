/**
 * Factus node version 2 under Factus's rate limit: v2 requests go through the same pacing as v1 (the
 * credential's limit, adapted to Factus's X-RateLimit-Remaining / X-RateLimit-Reset / Retry-After headers),
 * so a run of many bills stays under the limit by itself, and a 429 on a create (not processed) is sent
 * again once, never making a second bill.
 */
import type { IDataObject } from 'n8n-workflow';

import { fresh, refs, useFactus } from './helpers';
import { fieldsBillV2 } from './v2-helpers';

describe('Factus version 2: pacing', () => {
	const s = useFactus();

	it('40 v2 bills against 15 requests per second, several in flight by default: in order, every item issued once, the limit respected', async () => {
		s.sim.setRateLimit(15, 1000);
		fresh(s, { rateLimit: 15, rateLimitWindowSeconds: 1 });
		const run = await s.harness.execute({ ...s.node(fieldsBillV2('={{ $json.ref }}')), typeVersion: 2 }, refs('pace-v2', 40));
		expect(run.error).toBeUndefined();
		// Several in flight by default (Parallel Requests 6): the output keeps the input's order and pairing.
		expect(run.items.map((item) => item.json.reference_code)).toEqual(refs('pace-v2', 40).map((r) => r.ref));
		expect(run.items.map((item) => item.pairedItem)).toEqual(refs('pace-v2', 40).map((_, i) => ({ item: i })));
		expect(run.items.filter((item) => (item.json.summary as IDataObject | undefined)?.status !== 'accepted')).toHaveLength(0);
		expect(s.sim.v2.documents.bill).toHaveLength(40);
		expect(Object.values(s.sim.v2.created.bill).every((n) => n === 1)).toBe(true);
		expect(s.sim.peakPerWindow).toBeLessThanOrEqual(15);
		expect(s.sim.rateLimited).toBeLessThanOrEqual(2);
	});

	it("a 429 on a v2 create (Factus did not process it) is sent again after Retry-After: one bill", async () => {
		s.sim.server.inject({ kind: 'status', status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'retry-after': '1' } }, { method: 'POST', path: '/v2/bills/validate' });
		const run = await s.harness.execute({ ...s.node(fieldsBillV2('v2-429')), typeVersion: 2 });
		expect(run.error).toBeUndefined();
		expect(s.sim.server.count({ method: 'POST', path: '/v2/bills/validate' })).toBe(2);
		expect(s.sim.v2.created.bill['v2-429']).toBe(1);
	});
});
