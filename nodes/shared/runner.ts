/**
 * The item loop every programmatic node shares: runs an operation per input item, attaches
 * `pairedItem`, and with Continue On Fail turns a failure into an error item in the same position.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ProviderName } from './errors';
import { errorItem } from './errors';

export type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData | INodeExecutionData[]>;

/** resource → operation → handler. */
export type OperationMap = Record<string, Record<string, ItemOperation>>;

/** Keeps n8n errors as they are (with the item index) and wraps anything else. */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

export interface RunOptions {
	/**
	 * Items in flight at once when the node's Options leave "Parallel Requests" unset (the provider's
	 * default, chosen from its documented limits and measured latency; 1 = one after another).
	 */
	defaultParallel?: number;
}

/** The "Parallel Requests" option (Options collection of every operation), item 0's value for the run. */
export const PARALLEL_OPTION = 'parallelRequests';
export const MAX_PARALLEL = 20;

/**
 * The "Parallel Requests" entry every node puts in the Options collection of its operations; `fallback` is
 * the provider's default (the same number the node passes to `runOperations` as `defaultParallel`).
 */
export function parallelRequestsOption(fallback: number, why: string): INodeProperties {
	return {
		displayName: 'Parallel Requests',
		name: PARALLEL_OPTION,
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PARALLEL, numberPrecision: 0 },
		default: fallback,
		description: `How many items of this run are sent to the provider at the same time (1 = one after another). ${why} More is faster until the provider limits it.`,
	};
}

function parallelism(ctx: IExecuteFunctions, items: number, fallback: number): number {
	let value: unknown;
	try {
		value = (ctx.getNodeParameter('options', 0, {}) as Record<string, unknown>)[PARALLEL_OPTION];
	} catch {
		// Operations without an Options collection run at the provider's default.
	}
	const wanted = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback;
	return Math.max(1, Math.min(MAX_PARALLEL, wanted, Math.max(1, items)));
}

async function runOne(ctx: IExecuteFunctions, operations: OperationMap, i: number): Promise<INodeExecutionData[]> {
	const resource = ctx.getNodeParameter('resource', i) as string;
	const operation = ctx.getNodeParameter('operation', i) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
			itemIndex: i,
		});
	}
	const result = await handler.call(ctx, i);
	return (Array.isArray(result) ? result : [result]).map((item) => ({ ...item, pairedItem: item.pairedItem ?? { item: i } }));
}

/**
 * Runs every item with up to N in flight (the provider's pacing and the issue protocol's holds keep that
 * safe). The output keeps the input's order. With Continue On Fail a failed item becomes an error item in
 * its place; without it, no new item starts after a failure, the items already in flight finish (their
 * documents exist: never abandoned half-way), and the first failing item's error is thrown.
 */
export async function runOperations(
	ctx: IExecuteFunctions,
	provider: ProviderName,
	operations: OperationMap,
	options: RunOptions = {},
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const results: INodeExecutionData[][] = new Array(items.length);
	const continueOnFail = ctx.continueOnFail();
	let next = 0;
	type Failure = { index: number; error: unknown };
	const stop: { failed?: Failure } = {};
	// The earliest failing item wins (a later one may have failed first while an earlier one was in flight).
	const fail = (index: number, error: unknown) => {
		const current = stop.failed as Failure | undefined;
		if (!current || index < current.index) stop.failed = { index, error };
	};

	const worker = async () => {
		while (next < items.length && !stop.failed) {
			const i = next++;
			try {
				results[i] = await runOne(ctx, operations, i);
			} catch (error) {
				if (continueOnFail) results[i] = [errorItem(error, i, provider)];
				else fail(i, error);
			}
		}
	};
	const lanes = parallelism(ctx, items.length, options.defaultParallel ?? 1);
	await Promise.all(Array.from({ length: lanes }, worker));
	if (stop.failed) throw asNodeError(ctx, stop.failed.error, stop.failed.index);
	return [results.flat()];
}
