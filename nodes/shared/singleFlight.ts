/**
 * One login for many callers: when several requests in flight meet an expired token at the same moment,
 * n8n runs the credential's `preAuthentication` once per request. The credential wraps its login in
 * `singleFlight`, keyed by everything the login depends on (URL, user and a hash of the secrets — so a
 * credential test with other secrets never shares another login), and every concurrent caller gets the
 * same token from one request.
 */
import { createHash } from 'node:crypto';

const inFlight = new Map<string, Promise<unknown>>();

/** A key for `singleFlight` from the login's inputs; secrets are hashed, never kept as they are. */
export function loginKey(...parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Runs `work` unless a call with the same key is already running; then waits for that call's result. */
export async function singleFlight<T>(key: string, work: () => Promise<T>): Promise<T> {
	const running = inFlight.get(key) as Promise<T> | undefined;
	if (running) return await running;
	const started = work();
	inFlight.set(key, started);
	try {
		return await started;
	} finally {
		inFlight.delete(key);
	}
}
