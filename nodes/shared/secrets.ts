/**
 * Masking of secrets in texts the node repeats from a provider. Providers sometimes echo what they were
 * sent (the Authorization header, the password of a failed login) in their error texts; the node quotes
 * those texts in errors and Continue On Fail items, which end up in execution logs and alerts.
 */

export const MASK = '***';

/** Shorter values are not masked: replacing every "2024" or "abc" would mangle the text around them. */
export const MIN_SECRET_LENGTH = 4;

/** A bearer token in any header-like text, whether or not it was declared. */
const BEARER = /\b(Bearer\s+)[A-Za-z0-9\-._~+/|]+=*/gi;

/** The forms a value takes when a provider repeats it: as sent, JSON-escaped, URL-encoded. */
function variants(secret: string): string[] {
	const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** The values worth masking, longest first (so a secret containing another is masked whole). */
export function secretValues(values: Iterable<unknown>): string[] {
	const out = new Set<string>();
	for (const value of values) {
		if (typeof value !== 'string' && typeof value !== 'number') continue;
		const text = String(value).trim();
		if (text.length < MIN_SECRET_LENGTH) continue;
		for (const form of variants(text)) out.add(form);
	}
	return [...out].sort((a, b) => b.length - a.length);
}

function maskText(text: string, secrets: readonly string[]): string {
	// The declared secrets first: masking a bearer token first could cut one in two (a Sanctum token
	// `7|abc…` stops the pattern at "|") and leave the rest readable.
	let out = text;
	for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
	return out.replace(BEARER, `$1${MASK}`);
}

/**
 * Replaces every occurrence of the secrets (values shorter than 4 characters are ignored) and of any
 * `Bearer <token>` with `***`: in a string, or in every string of an object or array (a copy; Buffers
 * and non-string values are kept as they are). Use it on provider texts a node repeats.
 */
export function maskSecrets<T>(value: T, secrets: Iterable<unknown>): T {
	const list = secretValues(secrets);
	const walk = (v: unknown, depth: number): unknown => {
		if (typeof v === 'string') return maskText(v, list);
		if (!v || typeof v !== 'object' || depth > 20 || Buffer.isBuffer(v) || v instanceof ArrayBuffer) return v;
		if (Array.isArray(v)) return v.map((entry) => walk(entry, depth + 1));
		const copy: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(v as Record<string, unknown>)) copy[key] = walk(inner, depth + 1);
		return copy;
	};
	return walk(value, 0) as T;
}
