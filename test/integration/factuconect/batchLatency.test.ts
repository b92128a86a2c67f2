/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling (an opt-in measurement), not shipped in dist/ */
/**
 * Measurement, not a gate (issue 13): 100 Facturas, Create + Send, with the simulator answering every create
 * and every send in 1.5 s, at the node's default Parallel Requests and at 1. Runs only when asked:
 *   FACTUCONECT_MEASURE=1 npx jest test/integration/factuconect/batchLatency.test.ts        (default and 1, ~6 min)
 *   FACTUCONECT_MEASURE=default npx jest test/integration/factuconect/batchLatency.test.ts  (default only, ~30 s)
 * It prints the times; what it asserts is what must hold at any speed: 100 DTEs, each once, sent once, in
 * the input's order.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_PARALLEL } from '../../../nodes/Factuconect/profile';
import { facturaParameters, spec, startSetup } from './setup';
import type { Setup } from './setup';

const measure = process.env.FACTUCONECT_MEASURE ? describe : describe.skip;
/** FACTUCONECT_MEASURE=default measures the default only (Parallel Requests 1 takes about 5 minutes). */
const withSerial = process.env.FACTUCONECT_MEASURE !== 'default';
const N = 100;
const LATENCY_MS = 1500;

measure('100 Facturas with Create + Send at 1.5 s per call', () => {
	let setup: Setup;
	beforeAll(async () => {
		setup = await startSetup();
	});
	afterAll(async () => await setup.sim.stop());

	const batch = async (parallel: number | undefined) => {
		setup.sim.server.clearFaults().clearLog();
		// Log in first (once, like any later run), so the batch measures documents only.
		await setup.harness.execute(spec(setup.credential, { resource: 'lookup', operation: 'getEnabledTypes' }));
		setup.sim.server.inject({ kind: 'latency', ms: LATENCY_MS }, { method: 'POST', path: '/facturar/*' }, 2 * N);
		const input = Array.from({ length: N }, (_v, k) => ({ order: `m${parallel ?? 'default'}-${k + 1}` }));
		const parameters = facturaParameters({
			lines: { line: [{ description: '={{ "Pedido " + $json.order }}', quantity: 1, unitPrice: 22.6 }] },
			options: parallel === undefined ? {} : { parallelRequests: parallel },
		});
		const started = Date.now();
		const run = await setup.harness.execute(spec(setup.credential, parameters), input);
		const seconds = (Date.now() - started) / 1000;
		expect(run.error).toBeUndefined();
		const codes = run.items.map((item) => String(item.json.codigoGeneracion));
		expect(new Set(codes).size).toBe(N);
		run.items.forEach((item, i) => {
			expect((setup.sim.state.dtes.get(codes[i])?.body.items as IDataObject[])[0].descripcion).toBe(`Pedido ${input[i].order}`);
			expect(setup.sim.state.sendCounts[codes[i]]).toBe(1);
			expect((item.json.summary as IDataObject).status).toBe('accepted');
		});
		return seconds;
	};

	it(`default Parallel Requests (${DEFAULT_PARALLEL}) and 1`, async () => {
		const fast = await batch(undefined);
		const floor = (2 * N * LATENCY_MS) / 1000 / 10;
		process.stdout.write(
			`\nFactuconect, ${N} Facturas, Create + Send, ${LATENCY_MS} ms per call: default (${DEFAULT_PARALLEL} in flight) ${fast.toFixed(1)} s; ` +
				`floor of ${N} DTEs with 10 in flight: ${(floor / 2).toFixed(1)} s as one Create + Send call each (${((2 * fast) / floor).toFixed(2)}×), ` +
				`${floor.toFixed(1)} s as the node's two calls (${(fast / floor).toFixed(2)}×)\n`,
		);
		if (withSerial) {
			const serial = await batch(1);
			process.stdout.write(`Factuconect, Parallel Requests 1: ${serial.toFixed(1)} s\n`);
		}
	}, 900_000);
});
