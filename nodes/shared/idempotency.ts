/**
 * The external-reference guard for providers without a server-side duplicate check: n8n's own
 * deduplication store (`checkProcessedAndRecord`, the machinery behind Remove Duplicates "across
 * executions") records a reference before the create is sent. It lives in n8n's database, so it holds
 * across executions, manual runs and restarts, and it is scoped to the workflow.
 *
 * Within one n8n process, concurrent claims of the same reference are also serialised, so two items
 * (or two webhook deliveries running at once) cannot both pass the check.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const MAX_ENTRIES = 100_000;
const OPTIONS = { mode: 'entries' as const, maxEntries: MAX_ENTRIES };

const inFlight = new Map<string, Promise<void>>();

function assertAvailable(ctx: IExecuteFunctions) {
	if (typeof ctx.helpers.checkProcessedAndRecord !== 'function') {
		throw new NodeOperationError(
			ctx.getNode(),
			'This n8n version has no deduplication store, so "External Reference" cannot be guarded',
			{ description: 'Update n8n (1.60 or newer), or leave External Reference empty.' },
		);
	}
}

/**
 * Runs `work` holding the reference: `claimed` is true when this execution is the first to use it.
 * Keys are namespaced per provider (e.g. `facepro:invoice:ORDER-1001`).
 */
export async function withReference<T>(
	ctx: IExecuteFunctions,
	key: string,
	work: (claimed: boolean) => Promise<T>,
): Promise<T> {
	assertAvailable(ctx);
	while (inFlight.has(key)) await inFlight.get(key);
	let release!: () => void;
	inFlight.set(key, new Promise<void>((resolve) => (release = resolve)));
	try {
		const result = await ctx.helpers.checkProcessedAndRecord([key], 'workflow', OPTIONS);
		return await work(result.new.includes(key));
	} finally {
		inFlight.delete(key);
		release();
	}
}

/** Gives a reference back after a create that certainly did not happen (so a fixed retry can run). */
export async function releaseReference(ctx: IExecuteFunctions, key: string): Promise<void> {
	assertAvailable(ctx);
	await ctx.helpers.removeProcessed([key], 'workflow', OPTIONS);
}
