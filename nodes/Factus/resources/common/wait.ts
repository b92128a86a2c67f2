/**
 * Wait for DIAN Result, for any document kind of either API version: polls the show endpoint with backoff
 * until DIAN validates or rejects the document, up to a timeout. Uses n8n's `sleep` (the execution stays
 * alive meanwhile; for waits of many minutes a Wait node + Get is kinder to the instance).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { localError } from '../../../shared/errors';
import { sleep } from '../../../shared/sleep';
import type { FactusDialect } from '../../playbook';
import { titleCase } from '../../profile';
import { PROVIDER } from '../../transport';
import type { Operation } from './types';

/**
 * The operation for `kind`: `numberField` (the document number, with its displayOptions), the timeout and the
 * options shown under `shown`; `render` gives the version's output of a show answer.
 */
export function waitOperationFor<K extends string>(
	d: FactusDialect<K>,
	kind: K,
	numberField: INodeProperties,
	shown: INodeProperties['displayOptions'],
	render: (data: IDataObject, extra: IDataObject) => IDataObject,
): Operation {
	const noun = d.nouns[kind];
	return {
		description: [
			numberField,
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 120,
				description: 'How long to wait for DIAN before giving up',
				displayOptions: shown,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: shown,
				options: [
					{
						displayName: 'First Pause (Seconds)',
						name: 'interval',
						type: 'number',
						typeOptions: { minValue: 0.1, numberPrecision: 1 },
						default: 5,
						description: `The node checks the ${noun} at once, then pauses this long before checking again; each later pause is 1.5 times longer (at most 60 s)`,
					},
					{
						displayName: 'On Timeout',
						name: 'onTimeout',
						type: 'options',
						options: [
							{ name: 'Fail the Item', value: 'error', description: `Stop with a message saying the ${noun} is still pending` },
							{ name: `Return the Pending ${titleCase(noun)}`, value: 'output', description: `Output the ${noun} with summary.status "pending"` },
						],
						default: 'error',
					},
				],
			},
		],
		async execute(this: IExecuteFunctions, i: number) {
			const number = (this.getNodeParameter('number', i) as string).trim();
			const timeoutMs = Math.max(1, this.getNodeParameter('timeout', i) as number) * 1000;
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const intervalMs = Math.max(100, Number(options.interval ?? 5) * 1000);
			return await waitForDian(d, this, i, kind, number, { timeoutMs, intervalMs, onTimeout: options.onTimeout }, render);
		},
	};
}

/** The longest pause between two looks of Wait for DIAN Result. */
const MAX_WAIT_INTERVAL_MS = 60_000;

/**
 * Wait for DIAN Result: looks at the document at once, then after pauses growing 1.5 times (at most 60 s)
 * until DIAN validates or rejects it, up to `timeoutMs`; then fails the item, or returns the pending document
 * when `onTimeout` is "output". `render` gives the version's output shape of the show answer.
 */
async function waitForDian<K extends string>(
	d: FactusDialect<K>,
	ctx: IExecuteFunctions,
	i: number,
	kind: K,
	number: string,
	settings: { timeoutMs: number; intervalMs: number; onTimeout: unknown },
	render: (data: IDataObject, extra: IDataObject) => IDataObject,
) {
	const noun = d.nouns[kind];
	const { timeoutMs } = settings;
	let interval = settings.intervalMs;
	const started = Date.now();
	let checks = 0;
	for (;;) {
		const data = await d.show(ctx, i, kind, number);
		checks++;
		const state = d.dianState(d.documentOf(kind, data));
		const waited = { seconds: Math.round((Date.now() - started) / 100) / 10, checks };
		if (state.status !== 'pending') return { json: render(data, { waited }), pairedItem: { item: i } };
		const left = timeoutMs - (Date.now() - started);
		if (left <= 0) {
			if (settings.onTimeout === 'output') return { json: render(data, { waited, timedOut: true }), pairedItem: { item: i } };
			throw localError(
				ctx.getNode(),
				{
					provider: PROVIDER,
					message: `Factus: ${noun} ${number} is still waiting for DIAN after ${Math.round(timeoutMs / 1000)} s`,
					hint: `DIAN can be slow. Do not delete or reissue the ${noun}: run Wait for DIAN Result again later, or resend it with the same reference code so Factus checks it again without a duplicate.`,
					code: 'still_pending',
				},
				i,
			);
		}
		await sleep(Math.min(interval, left));
		interval = Math.min(MAX_WAIT_INTERVAL_MS, Math.round(interval * 1.5));
	}
}
