/**
 * Pacing: a request budget per key (provider + base URL + user) shared by every execution in this n8n
 * process, so bulk runs — sequential or with many requests in flight — stay under the provider's rate
 * limit by themselves. Besides its own sliding window, the pacer follows what the provider says about
 * the budget (`X-RateLimit-Remaining`, `X-RateLimit-Reset`, `Retry-After`), which also counts traffic
 * this process cannot see: another n8n worker, or another app using the same user.
 */
import { sleepWithAbort } from './sleep';

export interface PacingRule {
	/** Identifies the shared budget, e.g. provider + base URL + user. */
	key: string;
	limit: number;
	windowMs: number;
}

/** What `take()` hands out; give it back to `observe()` with the answer. */
export interface PaceTicket {
	readonly seq: number;
}

/** How long the others wait for the first request's answer before going anyway (a lost answer). */
const PROBE_PATIENCE_MS = 10_000;

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
	const value = headers?.[name];
	return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Seconds or HTTP date → milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string>): number | undefined {
	const value = header(headers, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** `X-RateLimit-Reset` as an epoch ms: providers send seconds to wait, or a Unix timestamp (s or ms). */
export function rateLimitResetAt(headers: Record<string, string>, now = Date.now()): number | undefined {
	const value = Number(header(headers, 'x-ratelimit-reset'));
	if (!Number.isFinite(value) || value < 0) return undefined;
	if (value > 1e12) return value;
	if (value > 1e9) return value * 1000;
	return now + value * 1000;
}

/** `X-RateLimit-Remaining` as a number, when the answer has it. */
export function rateLimitRemaining(headers: Record<string, string>): number | undefined {
	const value = header(headers, 'x-ratelimit-remaining');
	const remaining = value === undefined ? NaN : Number(value);
	return Number.isFinite(remaining) ? Math.max(0, Math.floor(remaining)) : undefined;
}

/**
 * One budget. Callers are served in order; `take()` may be called by many requests at once.
 *
 * - Local sliding window: at most `limit` requests per `windowMs` leave this process.
 * - The provider's word: an answer's `X-RateLimit-Remaining`, minus the requests sent after it whose
 *   answers are not in yet, is what may still be sent until the reset (`X-RateLimit-Reset`, or one
 *   window from the answer when the provider gives no reset: a fixed window has surely restarted by then).
 *   At 0, everyone on the key waits for the reset.
 * - A 429 pauses everyone on the key for `Retry-After`.
 * - While the provider's budget is unknown (first use, after a reset or a pause) and the provider is
 *   known to report it, one request goes first and the others follow once its answer says how many may.
 *   A provider that sends no rate-limit headers is paced by the local window alone.
 */
export class Pacer {
	private readonly sent: number[] = [];

	private pausedUntil = 0;

	private queue: Promise<unknown> = Promise.resolve();

	private seq = 0;

	/** Tickets handed out whose answer has not been observed yet. */
	private readonly outstanding = new Set<number>();

	/** What the provider said may still be sent, valid until `resetAt`. */
	private budget?: { remaining: number; resetAt: number };

	/** Whether the provider's answers carry `X-RateLimit-Remaining` (unknown until one answer is seen). */
	private reportsBudget?: boolean;

	/** The request sent alone to learn the budget. */
	private probe?: { seq: number; at: number };

	private readonly sleepers = new Set<AbortController>();

	constructor(
		private limit: number,
		private windowMs: number,
	) {}

	update(limit: number, windowMs: number) {
		this.limit = Math.max(1, limit);
		this.windowMs = Math.max(1, windowMs);
	}

	/** Waits for a free slot; calls are served in order. */
	async take(): Promise<PaceTicket> {
		const turn = this.queue.then(async () => await this.waitForSlot());
		this.queue = turn.catch(() => undefined);
		return await turn;
	}

	/**
	 * Reads an answer's rate-limit headers (status and headers are absent when the request failed without
	 * an answer). Every ticket must be observed once, answer or not.
	 */
	observe(ticket: PaceTicket, status?: number, headers?: Record<string, string>): void {
		this.outstanding.delete(ticket.seq);
		if (this.probe?.seq === ticket.seq) this.probe = undefined;
		const now = Date.now();
		const remaining = headers ? rateLimitRemaining(headers) : undefined;
		if (remaining !== undefined) {
			this.reportsBudget = true;
			// Requests sent after this one may or may not be counted in its figure: assume they are not.
			const sentSince = [...this.outstanding].filter((seq) => seq > ticket.seq).length;
			const estimate = remaining - sentSince;
			const resetAt = rateLimitResetAt(headers!, now) ?? now + this.windowMs;
			this.budget =
				this.budget && this.budget.resetAt > now
					? { remaining: Math.min(this.budget.remaining, estimate), resetAt: this.budget.resetAt }
					: { remaining: estimate, resetAt };
		} else if (status !== undefined && status >= 200 && status < 300 && this.reportsBudget === undefined) {
			// Judged on a success: error answers (a 401 before the limiter, a proxy's 502) often lack the headers.
			this.reportsBudget = false;
		}
		if (status === 429) {
			const resetAt = rateLimitResetAt(headers ?? {}, now);
			const wait = retryAfterMs(headers ?? {}) ?? (resetAt === undefined ? undefined : resetAt - now);
			if (wait !== undefined) this.pause(wait);
		}
		this.wake();
	}

	/** The provider said "not before": everyone using this budget waits. */
	pause(ms: number) {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
		this.budget = { remaining: 0, resetAt: this.pausedUntil };
		this.wake();
	}

	private async waitForSlot(): Promise<PaceTicket> {
		for (;;) {
			const now = Date.now();
			while (this.sent.length && now - this.sent[0] >= this.windowMs) this.sent.shift();
			if (this.budget && now >= this.budget.resetAt) this.budget = undefined;
			if (this.probe && now - this.probe.at >= PROBE_PATIENCE_MS) this.probe = undefined;
			let wait = Math.max(
				this.pausedUntil - now,
				this.sent.length >= this.limit ? this.sent[0] + this.windowMs - now : 0,
				this.budget && this.budget.remaining <= 0 ? this.budget.resetAt - now : 0,
			);
			const learning = !this.budget && this.reportsBudget !== false;
			if (wait <= 0 && learning && this.probe) wait = this.probe.at + PROBE_PATIENCE_MS - now;
			if (wait <= 0) {
				const ticket = { seq: ++this.seq };
				this.sent.push(now);
				this.outstanding.add(ticket.seq);
				if (this.budget) this.budget.remaining--;
				else if (learning) this.probe = { seq: ticket.seq, at: now };
				return ticket;
			}
			await this.nap(wait + 5);
		}
	}

	/** Sleeps, or less when an answer or a pause changes the picture. */
	private async nap(ms: number): Promise<void> {
		const alarm = new AbortController();
		this.sleepers.add(alarm);
		try {
			await sleepWithAbort(ms, alarm.signal);
		} catch {
			// Woken early on purpose: the loop looks again.
		} finally {
			this.sleepers.delete(alarm);
		}
	}

	private wake(): void {
		for (const alarm of this.sleepers) alarm.abort();
	}
}

const pacers = new Map<string, Pacer>();

/** The process-wide budget for a key, created on first use. */
export function pacerFor(rule: PacingRule): Pacer {
	let pacer = pacers.get(rule.key);
	if (!pacer) {
		pacer = new Pacer(rule.limit, rule.windowMs);
		pacers.set(rule.key, pacer);
	} else {
		pacer.update(rule.limit, rule.windowMs);
	}
	return pacer;
}

/** Resets pacing budgets (tests). */
export function resetPacing(): void {
	pacers.clear();
}
