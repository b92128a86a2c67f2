/**
 * Token bookkeeping and a fixed-window rate limiter shared by the provider simulators.
 */
import { randomBytes } from 'node:crypto';

export interface IssuedToken {
	token: string;
	subject: string;
	/** Epoch ms; `Infinity` for tokens that never expire. */
	expiresAt: number;
	revoked: boolean;
	kind: string;
}

export class TokenStore {
	private readonly tokens = new Map<string, IssuedToken>();

	/** How many tokens were issued per kind (e.g. `access`, `refresh`, `login`). */
	readonly issued: Record<string, number> = {};

	issue(subject: string, ttlSeconds: number, kind = 'access', value?: string): IssuedToken {
		const token: IssuedToken = {
			token: value ?? randomBytes(24).toString('hex'),
			subject,
			expiresAt: Number.isFinite(ttlSeconds) ? Date.now() + ttlSeconds * 1000 : Infinity,
			revoked: false,
			kind,
		};
		this.tokens.set(token.token, token);
		this.issued[kind] = (this.issued[kind] ?? 0) + 1;
		return token;
	}

	/** Returns the live token or why it is not usable. */
	check(value: string | undefined, kind = 'access'): IssuedToken | 'missing' | 'unknown' | 'expired' | 'revoked' {
		if (!value) return 'missing';
		const token = this.tokens.get(value);
		if (!token || token.kind !== kind) return 'unknown';
		if (token.revoked) return 'revoked';
		if (Date.now() >= token.expiresAt) return 'expired';
		return token;
	}

	revoke(value: string): void {
		const token = this.tokens.get(value);
		if (token) token.revoked = true;
	}

	/** Revokes every token of a subject (e.g. "log everybody out"). */
	revokeSubject(subject: string, kind?: string): number {
		let n = 0;
		for (const token of this.tokens.values()) {
			if (token.subject === subject && (!kind || token.kind === kind) && !token.revoked) {
				token.revoked = true;
				n++;
			}
		}
		return n;
	}

	/** Makes every live token of a kind expire now, as if its lifetime had passed. */
	expireAll(kind = 'access'): void {
		for (const token of this.tokens.values()) if (token.kind === kind) token.expiresAt = Date.now() - 1;
	}
}

export interface RateDecision {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Seconds until the window resets (at least 1). */
	resetSeconds: number;
}

/** Fixed-window limiter per key, like Laravel's throttle middleware. */
export class RateLimiter {
	private readonly windows = new Map<string, { start: number; count: number }>();

	/** Requests refused with 429, per key. */
	readonly rejected: Record<string, number> = {};

	/** Highest count of accepted requests seen in any single window, per key. */
	readonly peak: Record<string, number> = {};

	constructor(
		public limit: number,
		public windowMs: number,
	) {}

	hit(key: string): RateDecision {
		const now = Date.now();
		let window = this.windows.get(key);
		if (!window || now - window.start >= this.windowMs) {
			window = { start: now, count: 0 };
			this.windows.set(key, window);
		}
		const resetSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
		if (window.count >= this.limit) {
			this.rejected[key] = (this.rejected[key] ?? 0) + 1;
			return { allowed: false, limit: this.limit, remaining: 0, resetSeconds };
		}
		window.count++;
		this.peak[key] = Math.max(this.peak[key] ?? 0, window.count);
		return { allowed: true, limit: this.limit, remaining: this.limit - window.count, resetSeconds };
	}

	reset(): void {
		this.windows.clear();
		for (const k of Object.keys(this.rejected)) delete this.rejected[k];
		for (const k of Object.keys(this.peak)) delete this.peak[k];
	}
}
