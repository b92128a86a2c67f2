/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, not shipped in dist/ */
/**
 * Issue 18 in regular mode: the same scenario as queue.e2e.test.ts against ONE n8n process (sqlite), where
 * webhook executions of one workflow run concurrently too. Here every provider, FacEPro included, must
 * issue exactly one document per order: within one process the External Reference store's writes are
 * serialised and same-reference executions wait for each other. Orders per provider: QUEUE_E2E_ORDERS
 * (default 60, issue 18's figure; the queue-mode file runs issue 17's 200).
 */
import { everyExecutionSettledClearly, exactlyOneDocumentPerOrder, factusPacedUnderTheLimit, triggersEmitEachDocumentOnce } from './assertions';
import { runScenario, summarize, type ScenarioResult } from './scenario';

const ORDERS = Number(process.env.QUEUE_E2E_ORDERS || 60);

describe(`regular mode (one n8n process): ${ORDERS} orders per provider, 20 % re-delivered at once, all re-delivered later`, () => {
	let result: ScenarioResult;

	beforeAll(async () => {
		result = await runScenario({ mode: 'regular', orders: ORDERS });
		process.stderr.write(`\n[regular e2e] ${summarize(result)}\n`);
	}, 40 * 60_000);

	it.each(['factus', 'factuconect', 'facepro'] as const)('%s: exactly one document per order, every execution succeeded', (provider) => {
		exactlyOneDocumentPerOrder(result.providers[provider]);
		everyExecutionSettledClearly(result.providers[provider]);
	});

	it('Factus pacing: 429s bounded, no item failed for them', () => {
		factusPacedUnderTheLimit(result);
	});

	it('status triggers emit each new document exactly once', () => {
		triggersEmitEachDocumentOnce(result);
	});
});
