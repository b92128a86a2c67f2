/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a measurement script, not shipped in dist/ */
/**
 * Issue 13's Factus figure: 100 bills through the node (harness), the simulator answering each request in
 * 1.5 s and enforcing Factus's 80 requests per minute, Parallel Requests at Factus's default
 * (FACTUS_PARALLEL_REQUESTS) unless a number is given. Floor: 80 creates in the first minute, the other 20
 * when the window has passed, + one answer = 61.5 s.
 *
 *   npx ts-node --transpile-only --prefer-ts-exts test/integration/factus/parallelBatch.measure.ts [parallel]
 */
import { performance } from 'node:perf_hooks';

import type { IDataObject } from 'n8n-workflow';

import { FACTUS_PARALLEL_REQUESTS } from '../../../nodes/Factus/profile';
import { fieldsBill, refs, startSetup } from './helpers';

const BILLS = 100;
const LATENCY_MS = 1500;
const FLOOR_S = 60 + LATENCY_MS / 1000;

async function main(): Promise<void> {
	const parallel = Number(process.argv[2] ?? FACTUS_PARALLEL_REQUESTS);
	const s = await startSetup({ rateLimit: { limit: 80, windowMs: 60_000 } }, { advanced: false, rateLimit: 80, rateLimitWindowSeconds: 60 });
	try {
		s.sim.processingMs = LATENCY_MS;
		const started = performance.now();
		const run = await s.harness.execute(s.node(fieldsBill('={{ $json.ref }}', { options: { parallelRequests: parallel } }), true), refs('measure', BILLS));
		const seconds = (performance.now() - started) / 1000;
		const failed = run.items.filter((item) => item.json.error !== undefined).length;
		const duplicates = Object.values(s.sim.created.bill).filter((n) => n > 1).length;
		const ordered = run.items.every((item, i) => (item.json.bill as IDataObject | undefined)?.reference_code === `measure-${i + 1}`);
		console.log(
			`${BILLS} bills, ${LATENCY_MS} ms per request, 80/min enforced, Parallel Requests ${parallel}: ${seconds.toFixed(1)} s ` +
				`(floor ${FLOOR_S} s → ${(seconds / FLOOR_S).toFixed(2)}×); failed ${failed}, duplicates ${duplicates}, 429s ${s.sim.rateLimited}, ` +
				`peak per window ${s.sim.peakPerWindow}, output order kept: ${ordered}`,
		);
	} finally {
		await s.sim.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
