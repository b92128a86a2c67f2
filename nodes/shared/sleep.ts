/**
 * Abortable sleep. n8n-workflow exports `sleepWithAbort` in the 1.x line, but the n8n-workflow that n8n 2.x
 * loads community nodes against (2.41) does not: calling the missing export there made every request fail
 * before it was sent. This module uses n8n's helper when the running n8n has it and an equivalent otherwise,
 * so the nodes behave the same on both lines.
 */
import * as workflow from 'n8n-workflow';

type AbortableSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The reason an aborted sleep rejects with (the same wording n8n's helper uses). */
const ABORTED = 'Execution was cancelled';

/**
 * Our own abortable sleep, built on n8n's plain `sleep` (present on every line): resolves after `ms`, rejects
 * as soon as `signal` aborts (or at once if it already has). After an abort the underlying timer runs out on
 * its own; nothing waits for it.
 */
export const ownSleepWithAbort: AbortableSleep = (ms, signal) =>
	new Promise<void>((resolve, reject) => {
		if (signal?.aborted) {
			reject(new Error(ABORTED));
			return;
		}
		const onAbort = () => reject(new Error(ABORTED));
		signal?.addEventListener('abort', onAbort, { once: true });
		void workflow.sleep(Math.max(0, ms)).then(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		});
	});

/** n8n's `sleepWithAbort` when the loaded n8n-workflow has it, else ours. */
export function pickSleepWithAbort(candidate: unknown): AbortableSleep {
	return typeof candidate === 'function' ? (candidate as AbortableSleep) : ownSleepWithAbort;
}

const found = (workflow as unknown as Record<string, unknown>)['sleepWithAbort'];

export const sleepWithAbort: AbortableSleep = pickSleepWithAbort(found);

/** Plain sleep (never aborted). */
export const sleep = (ms: number): Promise<void> => workflow.sleep(ms);
