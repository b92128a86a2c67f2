/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, not shipped in dist/ */
/**
 * Pre-provisions the real n8n used by the end-to-end tests (CI cache warm-up):
 *   npx ts-node --transpile-only scripts/provision-n8n.ts
 * Prints the runtime paths as JSON on stdout; progress goes to stderr.
 */
import { ensureN8nRuntime } from '../test/e2e/runtime/provision';

ensureN8nRuntime().then(
	(runtime) => process.stdout.write(`${JSON.stringify(runtime, null, 2)}\n`),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
