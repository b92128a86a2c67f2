/* eslint-disable @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test tooling, not shipped in dist/ */
/**
 * `npm run start:queue`: n8n in queue mode with this package — Redis (127.0.0.1:6389), PostgreSQL
 * (127.0.0.1:5439), an n8n main with the editor on http://127.0.0.1:5688 and 2 workers — plus the provider
 * simulators, one credential per simulator and, per provider, an active "Shopify order webhook → create"
 * workflow. Ctrl+C (or `npm run stop:queue` from another terminal) stops everything it started.
 * Redis and PostgreSQL come from Debian's packages, installed with apt-get when missing (as root).
 * Settings: QUEUE_N8N_PORT, QUEUE_REDIS_PORT, QUEUE_POSTGRES_PORT, QUEUE_WORKERS, QUEUE_USER_FOLDER
 * (default .n8n-queue/), QUEUE_SIM_PORT_BASE (default 4121), START_N8N_VERSION. See docs/running-at-scale.md.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { RunningSimulator } from '../../test/simulators/framework/types';
import { simulators } from '../../test/simulators/index';
import { REPO_ROOT } from '../local-n8n/config';

import { OWNER, QueueSandbox } from './sandbox';
import { credentialSeeds, ordersWorkflow, PROVIDERS, webhookPath, workflowId } from './workflows';

export const stateFile = (userFolder: string) => path.join(userFolder, 'queue-state.json');

export function queueUserFolder(env: NodeJS.ProcessEnv = process.env): string {
	return path.resolve(REPO_ROOT, env.QUEUE_USER_FOLDER || '.n8n-queue');
}

const num = (name: string, fallback: number) => {
	const raw = process.env[name];
	const value = raw ? Number(raw) : fallback;
	if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name}=${raw} is not valid`);
	return value;
};

async function main(): Promise<number> {
	const started = Date.now();
	const step = (line: string) => console.log(`[start:queue ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
	const userFolder = queueUserFolder();
	fs.mkdirSync(userFolder, { recursive: true });
	if (fs.existsSync(stateFile(userFolder))) {
		const state = JSON.parse(fs.readFileSync(stateFile(userFolder), 'utf8')) as { supervisor?: number };
		try {
			if (state.supervisor) process.kill(state.supervisor, 0);
			throw new Error(`a start:queue on ${userFolder} is still running (pid ${state.supervisor}): npm run stop:queue`);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
			step('a previous start:queue ended without cleaning up: run `npm run stop:queue` if its servers still answer');
		}
	}

	let stopping = false;
	let wake: () => void = () => undefined;
	const stopRequested = new Promise<void>((resolve) => (wake = resolve));
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			if (stopping) return;
			stopping = true;
			console.log(`\n${signal}: stopping n8n, Redis, PostgreSQL and the simulators…`);
			wake();
		});
	}

	const running: RunningSimulator[] = [];
	let sandbox: QueueSandbox | undefined;
	try {
		const base = num('QUEUE_SIM_PORT_BASE', 4121);
		for (const [index, name] of Object.keys(simulators).entries()) running.push(await simulators[name]({ port: base === 0 ? 0 : base + index }));
		step(`simulators: ${running.map((s) => `${s.name} ${s.url}`).join(', ')}`);
		const workers = num('QUEUE_WORKERS', 2);
		sandbox = await QueueSandbox.start({
			mode: 'queue',
			workers,
			userFolder,
			ports: { n8n: num('QUEUE_N8N_PORT', 5688), redis: num('QUEUE_REDIS_PORT', 6389), postgres: num('QUEUE_POSTGRES_PORT', 5439) },
			distDir: path.resolve(REPO_ROOT, process.env.START_DIST_DIR || 'dist'),
			n8nVersion: process.env.START_N8N_VERSION?.trim() || undefined,
			credentials: credentialSeeds(running.map((s) => s.credentials())),
			workflows: PROVIDERS.map(ordersWorkflow),
			activate: PROVIDERS.map((p) => workflowId(p, 'orders')),
			log: step,
		});
		fs.writeFileSync(stateFile(userFolder), JSON.stringify({ supervisor: process.pid, ...sandbox.pids() }, null, 2));
		const line = '─'.repeat(78);
		console.log(
			[
				'',
				line,
				`  n8n queue mode is ready: ${sandbox.url}   (main + ${workers} workers, n8n ${sandbox.runtime.n8nVersion})`,
				line,
				`  Log in:     ${OWNER.email} / ${OWNER.password}  (local-only; reset: npm run stop:queue && rm -rf ${path.relative(REPO_ROOT, userFolder)})`,
				`  Redis:      127.0.0.1:${sandbox.redisPort}    PostgreSQL: 127.0.0.1:${sandbox.postgresPort} (database n8n, user postgres)`,
				'  Webhooks (POST a Shopify order JSON; the answer is the document):',
				...PROVIDERS.map((p) => `    ${p.padEnd(12)} ${sandbox!.webhookUrl(webhookPath(p))}`),
				`  Logs:       ${sandbox.processes.map((p) => path.relative(REPO_ROOT, p.logFile)).join(', ')}`,
				'  Ctrl+C, or `npm run stop:queue` from another terminal, stops everything.',
				line,
			].join('\n'),
		);
		const main = sandbox.processes[0].server;
		const outcome = await Promise.race([main.exited.then((how) => `n8n main stopped by itself (${how})`), stopRequested.then(() => '')]);
		if (outcome) {
			console.error(outcome);
			return 1;
		}
		return 0;
	} catch (error) {
		console.error(`\nstart:queue failed: ${(error as Error).message}`);
		return 1;
	} finally {
		await sandbox?.stop();
		await Promise.all(running.map(async (s) => await s.stop().catch(() => undefined)));
		fs.rmSync(stateFile(userFolder), { force: true });
		if (stopping) console.log('stopped.');
	}
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
