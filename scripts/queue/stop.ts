/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test tooling, not shipped in dist/ */
/**
 * `npm run stop:queue`: stops what `npm run start:queue` started on the same user folder. Asks the
 * start:queue process to stop (it stops n8n, the workers, Redis, PostgreSQL and the simulators in order);
 * if that process is gone, stops the servers it recorded one by one.
 */
import * as fs from 'fs';

import { alive, stopPid } from './services';
import { queueUserFolder, stateFile } from './start';

async function main(): Promise<number> {
	const file = stateFile(queueUserFolder());
	if (!fs.existsSync(file)) {
		console.log('stop:queue: nothing recorded as running (no start:queue on this folder)');
		return 0;
	}
	const state = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>;
	if (alive(state.supervisor)) {
		console.log(`stop:queue: asking start:queue (pid ${state.supervisor}) to stop everything…`);
		await stopPid(state.supervisor, 'SIGTERM', 90_000);
	}
	// Whatever is left (start:queue was killed): n8n process groups first, then Redis and PostgreSQL.
	for (const [name, pid] of Object.entries(state)) {
		if (name === 'supervisor' || !alive(pid)) continue;
		console.log(`stop:queue: stopping ${name} (pid ${pid})`);
		if (name.startsWith('n8n-')) {
			try {
				process.kill(-pid, 'SIGTERM');
			} catch {
				// not a group leader any more
			}
		}
		await stopPid(pid, name === 'postgres' ? 'SIGINT' : 'SIGTERM', 20_000);
	}
	fs.rmSync(file, { force: true });
	console.log('stop:queue: stopped.');
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
