/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The n8n server services our nodes reach through n8n-core: binary data (kept inline, n8n's "default"
 * mode) and the deduplication store behind `checkProcessedAndRecord` (in memory here; a database
 * table in n8n).
 */
import { createHash } from 'node:crypto';

import { sleepMs } from '../simulators/framework/server';

import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/**
 * Entries-mode deduplication like n8n's, keyed by workflow (and node for the `node` scope).
 *
 * With `racy` on it behaves like n8n's database-backed store (`deduplication-helper.ts`): it reads the
 * workflow's one row, yields (the database round trip), then writes the whole row back — so two calls in
 * flight at once overwrite each other and a record vanishes, as testers measured in a real n8n.
 */
class MemoryDeduplicator implements IDataDeduplicator {
	private readonly sets = new Map<string, string[]>();

	/** Read, yield, write the whole row (n8n's behaviour) instead of an atomic update. */
	racy = false;

	/** The longest database round trip when racy (ms); a loaded PostgreSQL takes tens of ms. */
	racyMaxMs = 4;

	private async roundTrip(): Promise<void> {
		if (this.racy) await sleepMs(1 + Math.floor(Math.random() * this.racyMaxMs));
	}

	private key(scope: DeduplicationScope, context: ICheckProcessedContextData): string {
		const node = scope === 'node' ? `:${context.node?.id ?? context.node?.name ?? ''}` : '';
		return `${context.workflow.id}${node}`;
	}

	private hash(item: DeduplicationItemTypes): string {
		return createHash('md5').update(String(item)).digest('base64');
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error(`Deduplication mode ${options.mode} is not simulated`);
		const key = this.key(scope, context);
		await this.roundTrip();
		const seen = [...(this.sets.get(key) ?? [])];
		await this.roundTrip();
		const result: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const h = this.hash(item);
			if (seen.includes(h)) result.processed.push(item);
			else {
				seen.push(h);
				result.new.push(item);
			}
		}
		const max = options.maxEntries ?? 10000;
		this.sets.set(key, seen.slice(-max));
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<void> {
		const key = this.key(scope, context);
		const drop = new Set(items.map((i) => this.hash(i)));
		await this.roundTrip();
		const row = [...(this.sets.get(key) ?? [])];
		await this.roundTrip();
		this.sets.set(
			key,
			row.filter((h) => !drop.has(h)),
		);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, context: ICheckProcessedContextData): Promise<void> {
		this.sets.delete(this.key(scope, context));
	}

	async getProcessedDataCount(scope: DeduplicationScope, context: ICheckProcessedContextData): Promise<number> {
		return (this.sets.get(this.key(scope, context)) ?? []).length;
	}

	clear(): void {
		this.sets.clear();
	}

	/** Whether `item` is recorded for the workflow (tests). */
	has(workflowId: string, item: DeduplicationItemTypes): boolean {
		return (this.sets.get(workflowId) ?? []).includes(this.hash(item));
	}
}

export const memoryDeduplicator = new MemoryDeduplicator();

let ready: Promise<void> | undefined;

/** n8n-core's DI container (n8n-core pins its own @n8n/di, so resolve it from there). */
function container(): typeof import('@n8n/di').Container {
	const diPath = require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require(diPath) as typeof import('@n8n/di')).Container;
}

export async function ensureServices(): Promise<void> {
	ready ??= (async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const core = require('n8n-core') as typeof import('n8n-core');
		await container().get(core.BinaryDataService).init();
		try {
			await core.DataDeduplicationService.init(memoryDeduplicator);
		} catch {
			// Already initialised by another harness in this process.
		}
	})();
	await ready;
}

/**
 * Stops what n8n-core started in this process (its SSH client manager keeps a cleanup interval), so a
 * test file can end. n8n calls the same hooks on shutdown.
 */
export async function shutdownServices(): Promise<void> {
	if (!ready) return;
	// Not exported by n8n-core's index; its module path is stable across 1.x.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager') as {
		SSHClientsManager: new (...args: any[]) => { onShutdown(): void }; // eslint-disable-line @typescript-eslint/no-explicit-any
	};
	container().get(SSHClientsManager).onShutdown();
}
