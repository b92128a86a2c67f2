/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, not shipped in dist/ */
/**
 * Pre-provisions the real n8n used by the end-to-end tests (CI cache warm-up, or to see which release an
 * alias resolves to here):
 *   npm run n8n:provision                 # $N8N_E2E_VERSION, else the default (1.123.81)
 *   npm run n8n:provision -- 2.x          # the newest n8n 2.x that installs here
 *   npm run n8n:provision -- 2.40.7       # an exact release
 * Prints the runtime (exact version, paths) as JSON on stdout; progress goes to stderr.
 */
import { ensureN8nRuntime } from '../test/e2e/runtime/provision';

const [version, ...rest] = process.argv.slice(2);
if (rest.length > 0 || version?.startsWith('-')) {
	process.stderr.write('usage: provision-n8n.ts [<exact version> | 1.x | 2.x]\n');
	process.exit(2);
}

ensureN8nRuntime({ version }).then(
	(runtime) => process.stdout.write(`${JSON.stringify(runtime, null, 2)}\n`),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
