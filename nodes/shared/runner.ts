/**
 * The item loop every programmatic node shares: runs an operation per input item, attaches
 * `pairedItem`, and with Continue On Fail turns a failure into an error item in the same position.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
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

export async function runOperations(
	ctx: IExecuteFunctions,
	provider: ProviderName,
	operations: OperationMap,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const resource = ctx.getNodeParameter('resource', i) as string;
			const operation = ctx.getNodeParameter('operation', i) as string;
			const handler = operations[resource]?.[operation];
			if (!handler) {
				throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
					itemIndex: i,
				});
			}
			const result = await handler.call(ctx, i);
			for (const item of Array.isArray(result) ? result : [result]) {
				out.push({ ...item, pairedItem: item.pairedItem ?? { item: i } });
			}
		} catch (error) {
			if (ctx.continueOnFail()) {
				out.push(errorItem(error, i, provider));
				continue;
			}
			throw asNodeError(ctx, error, i);
		}
	}
	return [out];
}
