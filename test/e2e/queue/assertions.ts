/**
 * What the queue-mode and regular-mode runs of the scenario must show (scenario.ts measures it). Shared so
 * that both modes are held to the same rules.
 */
import type { ExecutionDetail } from '../../../scripts/queue/sandbox';
import type { ProviderOutcome, ScenarioResult } from './scenario';

/** A failure message a user can act on: says what happened, not n8n's generic words. */
export function unclear(e: ExecutionDetail): string | undefined {
	const text = (e.error ?? '').trim();
	if (text.length < 20) return `execution ${e.id}: "${text}"`;
	if (/^(Error in workflow|Unknown error|undefined|\[object Object\])/i.test(text)) return `execution ${e.id}: "${text}"`;
	// Webhook executions are production runs: a message about manual runs would be false here.
	if (e.mode !== 'manual' && /manual (test )?runs?/i.test(text)) return `execution ${e.id} (${e.mode}): "${text}"`;
	return undefined;
}

export function everyExecutionSettledClearly(p: ProviderOutcome): void {
	// Every answered delivery ran; an unanswered one (re-delivered, like Shopify does) may have run too.
	expect(p.executions.length).toBeGreaterThanOrEqual(p.accepted);
	expect(p.executions.length).toBeLessThanOrEqual(p.deliveries);
	expect(p.executions.filter((e) => !['success', 'error'].includes(e.status)).map((e) => `${e.id}: ${e.status}`)).toEqual([]);
	expect(p.executions.filter((e) => e.status === 'error').map(unclear).filter(Boolean)).toEqual([]);
}

export function exactlyOneDocumentPerOrder(p: ProviderOutcome): void {
	expect({ provider: p.provider, duplicates: p.duplicates, missing: p.missing }).toEqual({ provider: p.provider, duplicates: 0, missing: [] });
	expect(p.executions.filter((e) => e.status !== 'success').map((e) => `${e.id}: ${e.error}`)).toEqual([]);
}

export function factusPacedUnderTheLimit(result: ScenarioResult): void {
	const factus = result.providers.factus;
	expect(factus.executions.filter((e) => /429|rate limit|too many/i.test(e.error ?? '')).map((e) => e.error)).toEqual([]);
	// Bounded: at most one request in ten refused (each is waited out and sent again, nothing fails for it).
	expect(result.factus.rateLimited).toBeLessThanOrEqual(Math.ceil((result.factus.accepted + result.factus.rateLimited) / 10));
}

export function triggersEmitEachDocumentOnce(result: ScenarioResult): void {
	for (const [provider, emitted] of Object.entries(result.triggerEmissions)) {
		const keys = result.documentKeys[provider];
		expect(keys.length).toBeGreaterThan(0);
		const wrong = keys.filter((k) => emitted.get(k) !== 1).map((k) => `${k}: ${emitted.get(k) ?? 0}`);
		const foreign = [...emitted.keys()].filter((k) => !keys.includes(k));
		expect({ provider, wrong, foreign }).toEqual({ provider, wrong: [], foreign: [] });
		// A poll that threw is recorded by n8n as a failed execution and the next poll reports what it missed
		// (checked above): it must say why, like any other failure.
		expect((result.triggerFailures[provider] ?? []).map(unclear).filter(Boolean)).toEqual([]);
	}
}
