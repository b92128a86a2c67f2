/**
 * The External Reference store: facts about references ("claimed", "document X belongs to reference R")
 * kept in n8n's own deduplication store (`checkProcessedAndRecord`, the machinery behind Remove Duplicates
 * "across executions"). It lives in n8n's database, so it holds across executions, restarts and workers.
 *
 * Why every call goes through one lock per workflow: n8n keeps ONE row per workflow (and scope) and rewrites
 * it whole — read, modify, write, with no database lock. Two executions recording *different* keys at the
 * same moment overwrite each other and one record vanishes. Serialising this process's calls per workflow
 * makes that impossible within one n8n process (regular mode runs webhook executions concurrently too).
 * Across processes (queue mode workers) the race remains: the claim is written again with the facts that
 * follow the create (`remember`), healing a record another process overwrote meanwhile, and nothing that
 * must never happen twice depends on this store alone where the provider offers a handle (see issue.ts).
 *
 * The first write of a workflow's row is an INSERT: two processes writing it at the same moment (two
 * queue-mode workers, the first orders of a new workflow) make one of them fail with the database's
 * unique-key error. Nothing was recorded by that call, and the row exists now, so it is simply made again.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sleep } from './sleep';

const OPTIONS = { mode: 'entries' as const, maxEntries: 100_000 };

/** One queue per workflow: calls run one after another, in arrival order. */
const queues = new Map<string, Promise<unknown>>();

function workflowKey(ctx: IExecuteFunctions): string {
	return String(ctx.getWorkflow().id ?? 'unsaved');
}

async function serialised<T>(ctx: IExecuteFunctions, work: () => Promise<T>): Promise<T> {
	const key = workflowKey(ctx);
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.then(work, work);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	queues.set(key, settled);
	try {
		return await run;
	} finally {
		// Drop the queue when nothing else joined it, so the map stays bounded.
		if (queues.get(key) === settled) queues.delete(key);
	}
}

function assertAvailable(ctx: IExecuteFunctions) {
	if (typeof ctx.helpers.checkProcessedAndRecord !== 'function' || typeof ctx.helpers.removeProcessed !== 'function') {
		throw new NodeOperationError(
			ctx.getNode(),
			'This n8n version has no deduplication store, so "External Reference" cannot be guarded',
			{ description: 'Update n8n (1.60 or newer), or leave External Reference empty.' },
		);
	}
}

/** The database refused the first INSERT of the workflow's row because another process inserted it first. */
export function isFirstInsertRace(error: unknown): boolean {
	const text = error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? '')}` : String(error);
	return /duplicate key value violates unique constraint|UNIQUE constraint failed|SQLITE_CONSTRAINT|ER_DUP_ENTRY|\b23505\b/i.test(text);
}

/** Attempts of one store call that lost the first-INSERT race (the second finds the row and updates it). */
const INSERT_RACE_ATTEMPTS = 3;

async function checkAndRecord(ctx: IExecuteFunctions, keys: string[]) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await ctx.helpers.checkProcessedAndRecord(keys, 'workflow', OPTIONS);
		} catch (error) {
			if (attempt >= INSERT_RACE_ATTEMPTS || !isFirstInsertRace(error)) {
				throw new NodeOperationError(ctx.getNode(), error as Error, {
					description: "n8n's deduplication store (where External References are recorded) could not be written; nothing was sent for this item.",
				});
			}
		}
	}
}

async function record(ctx: IExecuteFunctions, keys: string[]): Promise<string[]> {
	return (await timedRecord(ctx, keys)).fresh;
}

/** Records `keys`; says which were new, and how long the store call took from before its read to after its write. */
async function timedRecord(ctx: IExecuteFunctions, keys: string[]): Promise<{ fresh: string[]; ms: number }> {
	return await serialised(ctx, async () => {
		const started = Date.now();
		const result = await checkAndRecord(ctx, keys);
		return { fresh: result.new.map(String), ms: Date.now() - started };
	});
}

/** Records `key` and says whether this call was the first to do so. */
export async function claim(ctx: IExecuteFunctions, key: string): Promise<boolean> {
	assertAvailable(ctx);
	return (await record(ctx, [key])).includes(key);
}

/**
 * How long a contested claim waits after its write before it looks who holds the key. A rival's write can
 * only land this long after ours if the rival's own store call took longer than this, and a rival whose
 * call took that long does not count itself the holder (see `contest`).
 */
export const CONTEST_WINDOW_MS = 1500;
/** Rounds of `contest` in which unrelated writes may wipe the claim before it gives up holding. */
const CONTEST_ROUNDS = 4;

/**
 * Claims `key` so that, of executions in DIFFERENT n8n processes (queue-mode workers) claiming it at the same
 * moment, at most one holds it — for providers that would not refuse a second document themselves.
 *
 * n8n's store offers no atomic test-and-set: every call reads the workflow's row and writes it back whole.
 * Executions that all read the row before any of them wrote it each see the key as new (the "candidates");
 * but each candidate's write also replaces the row with what it read plus its own keys, so once their
 * writes are done the row holds the bid of exactly one candidate (the last writer). So every candidate
 * writes the key with a bid of its own, waits `CONTEST_WINDOW_MS`, and looks again: the one that finds its
 * bid holds the key; the others do not (they wait for its document). A candidate whose first write took
 * `CONTEST_WINDOW_MS` or longer cannot be sure its write did not land after a rival already looked, so it
 * never counts itself the holder. When a later, unrelated write wiped the key and the bid, the look has
 * just written both again: that is a new round.
 *
 * Says 'held' when this call holds the key, 'rival' when an execution claiming it at the same moment does,
 * 'earlier' when the key was recorded before this call.
 */
export async function contest(ctx: IExecuteFunctions, key: string, bidder: string): Promise<'held' | 'rival' | 'earlier'> {
	assertAvailable(ctx);
	const bid = `${key}#bid:${bidder}`;
	let write = await timedRecord(ctx, [key, bid]);
	if (!write.fresh.includes(key)) return 'earlier';
	for (let round = 0; round < CONTEST_ROUNDS; round++) {
		await sleep(CONTEST_WINDOW_MS);
		const look = await timedRecord(ctx, [key, bid]);
		if (!look.fresh.includes(bid)) return write.ms < CONTEST_WINDOW_MS ? 'held' : 'rival';
		if (!look.fresh.includes(key)) return 'rival';
		write = look;
	}
	return 'rival';
}

/**
 * Records facts (e.g. "document X belongs to reference R") in one write, together with the claim they
 * follow from: a claim another process overwrote meanwhile is written again here.
 */
export async function remember(ctx: IExecuteFunctions, keys: string[]): Promise<void> {
	assertAvailable(ctx);
	if (keys.length) await record(ctx, keys);
}

/**
 * `remember`, made to outlast the writes of other processes (queue-mode workers) that crossed ours: looks
 * again after `CONTEST_WINDOW_MS` and writes again what vanished meanwhile, until a look finds them all
 * (at most `CONTEST_ROUNDS` looks). For facts another worker waits to read (the proof that a contested
 * reference's document exists).
 */
export async function rememberDurably(ctx: IExecuteFunctions, keys: string[]): Promise<void> {
	assertAvailable(ctx);
	if (!keys.length) return;
	await record(ctx, keys);
	for (let round = 0; round < CONTEST_ROUNDS; round++) {
		await sleep(CONTEST_WINDOW_MS);
		if ((await record(ctx, keys)).length === 0) return;
	}
}

/** Whether a fact is recorded, without leaving a record behind when it is not. */
export async function isKnown(ctx: IExecuteFunctions, key: string): Promise<boolean> {
	assertAvailable(ctx);
	return await serialised(ctx, async () => {
		const result = await checkAndRecord(ctx, [key]);
		if (result.new.includes(key)) {
			await ctx.helpers.removeProcessed([key], 'workflow', OPTIONS);
			return false;
		}
		return true;
	});
}

/** Gives a key back (after a definite refusal: nothing exists for it). */
export async function release(ctx: IExecuteFunctions, key: string): Promise<void> {
	assertAvailable(ctx);
	await serialised(ctx, async () => await ctx.helpers.removeProcessed([key], 'workflow', OPTIONS));
}

/** n8n keeps the deduplication store for manual runs too, but not workflow static data: messages differ. */
export function isManualRun(ctx: IExecuteFunctions): boolean {
	return ctx.getMode() === 'manual';
}

/* ------------------------------------------------------------------------------------------------ */
/* In-process hold per key                                                                           */
/* ------------------------------------------------------------------------------------------------ */

const held = new Map<string, Promise<void>>();

/**
 * Runs `work` while no other call in this process holds `key` (two items of one batch, or two webhook
 * executions running at once, with the same reference): the second waits for the first's outcome.
 */
export async function holding<T>(key: string, work: () => Promise<T>): Promise<T> {
	while (held.has(key)) await held.get(key);
	let free!: () => void;
	held.set(key, new Promise<void>((resolve) => (free = resolve)));
	try {
		return await work();
	} finally {
		held.delete(key);
		free();
	}
}
