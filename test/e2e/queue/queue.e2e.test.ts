/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, not shipped in dist/ */
/**
 * Issue 17 + issue 18 in n8n queue mode: Redis, PostgreSQL, an n8n main and 2 workers (the sandbox of
 * `npm run start:queue`, on free ports), this package installed as a community package, Shopify orders
 * posted to webhook workflows of the three providers (see scenario.ts). Orders per provider:
 * QUEUE_E2E_ORDERS (default 200).
 */
import {
	everyExecutionSettledClearly,
	exactlyOneDocumentPerOrder,
	factusPacedUnderTheLimit,
	triggersEmitEachDocumentOnce,
} from './assertions';
import { runScenario, summarize, type ScenarioResult } from './scenario';

const ORDERS = Number(process.env.QUEUE_E2E_ORDERS || 200);

describe(`queue mode (main + 2 workers, Redis, PostgreSQL): ${ORDERS} orders per provider, 20 % re-delivered at once, all re-delivered later`, () => {
	let result: ScenarioResult;

	beforeAll(async () => {
		result = await runScenario({ mode: 'queue', orders: ORDERS });
		process.stderr.write(`\n[queue e2e] ${summarize(result)}\n`);
	}, 40 * 60_000);

	it('simultaneous copies of an order really ran on different workers', () => {
		const split = Object.values(result.providers).reduce((sum, p) => sum + p.splitAcrossWorkers, 0);
		expect(split).toBeGreaterThan(0);
		expect(result.mainRanExecutions).toBe(false);
	});

	it('Factus: exactly one bill per order (reference_code), every execution succeeded', () => {
		exactlyOneDocumentPerOrder(result.providers.factus);
		everyExecutionSettledClearly(result.providers.factus);
	});

	it('Factuconect: exactly one DTE per order (codigoGeneracion derived from the External Reference), every execution succeeded', () => {
		exactlyOneDocumentPerOrder(result.providers.factuconect);
		everyExecutionSettledClearly(result.providers.factuconect);
	});

	it('FacEPro: exactly one invoice per order (copies on different workers contest the reference; the others wait for its invoice), every execution succeeded', () => {
		exactlyOneDocumentPerOrder(result.providers.facepro);
		everyExecutionSettledClearly(result.providers.facepro);
	});

	it('Factus pacing across 2 workers: 429s bounded, no item failed for them', () => {
		factusPacedUnderTheLimit(result);
	});

	it('status triggers poll on main and emit each new document exactly once (executions run on the workers)', () => {
		triggersEmitEachDocumentOnce(result);
		for (const executions of Object.values(result.triggerExecutions)) {
			expect(executions.filter((e) => e.mode !== 'trigger')).toEqual([]);
			expect(executions.filter((e) => !result.workerOf.has(e.id)).map((e) => e.id)).toEqual([]);
		}
	});

	it('no secret in clear text in Redis or PostgreSQL (credentials stay encrypted by n8n)', () => {
		expect(result.secretsChecked).toBeGreaterThanOrEqual(4);
		expect(result.secretsInStores).toEqual({});
	});
});
