/**
 * "Done means" 3: a 100-item run against a limit of 20 requests per 2-second window finishes with no
 * failed item and stays under the limit by itself; a 429's Retry-After is honoured.
 */
import type { IDataObject } from 'n8n-workflow';

import { fieldsBill, fresh, refs, useFactus } from './helpers';

/** 429s the run may meet before every item still succeeds (the pacer aims under the limit, so normally 0). */
const TOLERATED_429S = 2;

describe('Factus pacing under the rate limit', () => {
	const s = useFactus();

	it('100 bills against 20 requests per 2 s: every item succeeds and the limit is respected', async () => {
		s.sim.setRateLimit(20, 2000);
		fresh(s, { rateLimit: 20, rateLimitWindowSeconds: 2 });
		const started = Date.now();
		const run = await s.harness.execute(s.node(fieldsBill('={{ $json.ref }}')), refs('pace', 100));
		const elapsedMs = Date.now() - started;
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(100);
		expect(run.items.filter((item) => (item.json.summary as IDataObject | undefined)?.status !== 'accepted')).toHaveLength(0);
		expect(s.sim.documents.bill).toHaveLength(100);

		const received429 = s.sim.rateLimited;
		const peak = s.sim.peakPerWindow;
		const sliding = s.sim.slidingPeak(2000);
		// eslint-disable-next-line no-console
		console.log(`100 items in ${elapsedMs} ms at 20 req / 2 s: ${received429} × 429, peak ${peak} per fixed window, ${sliding} in any sliding 2 s`);
		expect(peak).toBeLessThanOrEqual(20);
		expect(received429).toBeLessThanOrEqual(TOLERATED_429S);
		expect(s.sim.server.count({ method: 'POST', path: '/v1/bills/validate' })).toBe(100 + received429);
	}, 40_000);

	it('honours Retry-After on a 429 for a create (not processed, so sent again) and for a read', async () => {
		s.sim.server.inject(
			{ kind: 'status', status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'retry-after': '1', 'x-ratelimit-limit': '80' } },
			{ method: 'POST', path: '/v1/bills/validate' },
		);
		const started = Date.now();
		const run = await s.harness.execute(s.node(fieldsBill('retry-after-1')));
		expect(run.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(s.sim.server.count({ method: 'POST', path: '/v1/bills/validate' })).toBe(2);
		expect(s.sim.created.bill['retry-after-1']).toBe(1);

		s.sim.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, { path: '/v1/company' });
		const read = await s.harness.execute(s.node({ resource: 'lookup', operation: 'company' }));
		expect(read.error).toBeUndefined();
		expect(s.sim.server.count({ path: '/v1/company' })).toBe(2);
	});
});
