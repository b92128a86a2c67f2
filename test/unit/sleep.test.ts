import { ownSleepWithAbort, pickSleepWithAbort, sleepWithAbort } from '../../nodes/shared/sleep';

describe('abortable sleep on every n8n line', () => {
	it('falls back to our own sleep when the loaded n8n-workflow has no sleepWithAbort (n8n 2.41)', () => {
		expect(pickSleepWithAbort(undefined)).toBe(ownSleepWithAbort);
		const theirs = async () => undefined;
		expect(pickSleepWithAbort(theirs)).toBe(theirs);
	});

	it('resolves after the time given', async () => {
		const started = Date.now();
		await ownSleepWithAbort(30);
		expect(Date.now() - started).toBeGreaterThanOrEqual(25);
	});

	it('rejects at once when aborted, and when the signal was already aborted', async () => {
		const alarm = new AbortController();
		const pending = ownSleepWithAbort(1_500, alarm.signal);
		alarm.abort();
		await expect(pending).rejects.toThrow('cancelled');
		await expect(ownSleepWithAbort(1_500, alarm.signal)).rejects.toThrow('cancelled');
	});

	it('the exported sleep is abortable whichever implementation was picked', async () => {
		const alarm = new AbortController();
		const pending = sleepWithAbort(1_500, alarm.signal);
		alarm.abort();
		await expect(pending).rejects.toBeDefined();
	});
});
