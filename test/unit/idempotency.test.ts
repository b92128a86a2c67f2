/**
 * The External Reference store (nodes/shared/idempotency.ts) against a store shaped like n8n's on
 * PostgreSQL: one row per workflow, created by an INSERT that a second process running at the same moment
 * loses with the database's unique-key error (seen in queue mode with 2 workers on the first orders of a
 * workflow). The call that lost must still record its reference, not fail the order.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { claim, isFirstInsertRace, isKnown, remember } from '../../nodes/shared/idempotency';

/** n8n's deduplication helper on Postgres, in miniature: find the row; none → INSERT (may collide); else UPDATE. */
class RowStore {
	readonly rows = new Map<string, Set<string>>();

	/** The next INSERTs of these workflows find the row created by "another process" first. */
	readonly insertRaces = new Map<string, number>();

	calls = 0;

	async checkProcessedAndRecord(workflowId: string, keys: string[]) {
		this.calls++;
		await Promise.resolve();
		const row = this.rows.get(workflowId);
		if (!row) {
			const races = this.insertRaces.get(workflowId) ?? 0;
			if (races > 0) {
				this.insertRaces.set(workflowId, races - 1);
				// The other process's INSERT won: its row (with its own key) exists now, ours failed.
				this.rows.set(workflowId, new Set(['other-process-key']));
				throw Object.assign(new Error('duplicate key value violates unique constraint "PK_ca04b9d8dc72de268fe07a65773"'), { code: '23505' });
			}
			this.rows.set(workflowId, new Set(keys));
			return { new: keys, processed: [] };
		}
		const result = { new: [] as string[], processed: [] as string[] };
		for (const key of keys) {
			if (row.has(key)) result.processed.push(key);
			else {
				row.add(key);
				result.new.push(key);
			}
		}
		return result;
	}

	async removeProcessed(workflowId: string, keys: string[]) {
		await Promise.resolve();
		for (const key of keys) this.rows.get(workflowId)?.delete(key);
	}
}

function context(store: RowStore, workflowId: string): IExecuteFunctions {
	return {
		getWorkflow: () => ({ id: workflowId, active: true }),
		getNode: () => ({ name: 'Create', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		getMode: () => 'webhook',
		helpers: {
			checkProcessedAndRecord: async (keys: string[]) => await store.checkProcessedAndRecord(workflowId, keys),
			removeProcessed: async (keys: string[]) => await store.removeProcessed(workflowId, keys),
		},
	} as unknown as IExecuteFunctions;
}

describe('External Reference store: the first INSERT of a workflow row raced by another process', () => {
	it('recognises the unique-key refusals of PostgreSQL, SQLite and MySQL, and nothing else', () => {
		expect(isFirstInsertRace(new Error('duplicate key value violates unique constraint "PK_ca04b9d8dc72de268fe07a65773"'))).toBe(true);
		expect(isFirstInsertRace(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context'))).toBe(true);
		expect(isFirstInsertRace(Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' }))).toBe(true);
		expect(isFirstInsertRace(new Error('connection terminated unexpectedly'))).toBe(false);
		expect(isFirstInsertRace(new Error('Deduplication data was originally saved with an incompatible setting'))).toBe(false);
	});

	it('a claim that lost the race is made again: the reference is recorded and counts as new', async () => {
		const store = new RowStore();
		store.insertRaces.set('wf-1', 1);
		await expect(claim(context(store, 'wf-1'), 'factus:bill:shopify-1')).resolves.toBe(true);
		expect([...(store.rows.get('wf-1') ?? [])].sort()).toEqual(['factus:bill:shopify-1', 'other-process-key']);
		// A re-delivery of the same order now finds it.
		await expect(claim(context(store, 'wf-1'), 'factus:bill:shopify-1')).resolves.toBe(false);
	});

	it('facts and lookups retry the same way', async () => {
		const store = new RowStore();
		store.insertRaces.set('wf-2', 1);
		await remember(context(store, 'wf-2'), ['ref-A', 'ref-A#doc']);
		expect(store.rows.get('wf-2')?.has('ref-A#doc')).toBe(true);
		const other = new RowStore();
		other.insertRaces.set('wf-3', 1);
		await expect(isKnown(context(other, 'wf-3'), 'ref-B#unresolved')).resolves.toBe(false);
		expect(other.rows.get('wf-3')?.has('ref-B#unresolved')).toBe(false);
	});

	it('a store that keeps refusing is reported, not retried forever', async () => {
		const store = new RowStore();
		store.insertRaces.set('wf-4', 1);
		const failing = context(store, 'wf-4');
		let calls = 0;
		(failing.helpers as unknown as { checkProcessedAndRecord: () => Promise<never> }).checkProcessedAndRecord = async () => {
			calls++;
			throw new Error('duplicate key value violates unique constraint "PK_x"');
		};
		await expect(claim(failing, 'ref-C')).rejects.toThrow('duplicate key value');
		expect(calls).toBe(3);
	});
});
