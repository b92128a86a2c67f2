/**
 * Bill → Wait for DIAN Result: polls the show endpoint with backoff until DIAN validates or rejects the
 * bill, up to a timeout. Uses n8n's `sleep` (the execution stays alive meanwhile; for waits of many
 * minutes a Wait node + Get is kinder to the instance).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep } from '../../../shared/sleep';

import { localError } from '../../../shared/errors';
import { numberField } from '../common/get';
import { showFor } from '../common/types';
import { dianState, documentOf, documentOutput } from '../../summary';
import { PROVIDER, show } from '../../transport';

const shown = showFor('bill', 'waitForResult');
const MAX_INTERVAL_MS = 60_000;

export const description: INodeProperties[] = [
	numberField('bill', 'waitForResult', 'bill', 'SETP990000493'),
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
				description: 'The node checks the bill at once, then pauses this long before checking again; each later pause is 1.5 times longer (at most 60 s)',
			},
			{
				displayName: 'On Timeout',
				name: 'onTimeout',
				type: 'options',
				options: [
					{ name: 'Fail the Item', value: 'error', description: 'Stop with a message saying the bill is still pending' },
					{ name: 'Return the Pending Bill', value: 'output', description: 'Output the bill with summary.status "pending"' },
				],
				default: 'error',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number) {
	const number = (this.getNodeParameter('number', i) as string).trim();
	const timeoutMs = Math.max(1, this.getNodeParameter('timeout', i) as number) * 1000;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	let interval = Math.max(100, Number(options.interval ?? 5) * 1000);
	const started = Date.now();
	let checks = 0;
	for (;;) {
		const data = await show(this, i, 'bill', number);
		checks++;
		const state = dianState(documentOf('bill', data));
		const waited = { seconds: Math.round((Date.now() - started) / 100) / 10, checks };
		if (state.status !== 'pending') return { json: documentOutput('bill', data, { waited }), pairedItem: { item: i } };
		const left = timeoutMs - (Date.now() - started);
		if (left <= 0) {
			if (options.onTimeout === 'output') return { json: documentOutput('bill', data, { waited, timedOut: true }), pairedItem: { item: i } };
			throw localError(
				this.getNode(),
				{
					provider: PROVIDER,
					message: `Factus: bill ${number} is still waiting for DIAN after ${Math.round(timeoutMs / 1000)} s`,
					hint: 'DIAN can be slow. Do not delete or reissue the bill: run Wait for DIAN Result again later, or resend it with the same reference code so Factus checks it again without a duplicate.',
					code: 'still_pending',
				},
				i,
			);
		}
		await sleep(Math.min(interval, left));
		interval = Math.min(MAX_INTERVAL_MS, Math.round(interval * 1.5));
	}
}
