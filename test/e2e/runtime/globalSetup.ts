/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, not shipped in dist/ */
/**
 * Runs once before the e2e files: resolves the n8n version asked for (`N8N_E2E_VERSION`: an exact release
 * or an alias such as `2.x`), provisions it if needed (outside any test's timeout), pins the exact release
 * for the test files (they read it back through `ensureN8nRuntime()`) and says which n8n the run is about.
 */
import { ensureN8nRuntime, NODE_VERSION, requestedN8nVersion } from './provision';

export default async function globalSetup(): Promise<void> {
	const requested = requestedN8nVersion();
	const runtime = await ensureN8nRuntime({ version: requested });
	process.env.N8N_E2E_VERSION = runtime.n8nVersion;
	const runners = runtime.major >= 2 ? 'on (n8n 2.x default)' : 'off (n8n 1.x default)';
	process.stderr.write(
		`\n[e2e] n8n ${runtime.n8nVersion}${requested !== runtime.n8nVersion ? ` (asked for ${requested})` : ''} on Node ${NODE_VERSION}; ` +
			`binary data mode filesystem; task runners ${runners}; runtime ${runtime.cacheDir}\n`,
	);
}
