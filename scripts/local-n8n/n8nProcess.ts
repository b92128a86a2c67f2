/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The long-running `n8n start` of `npm start`: port checks, the process in its own process group (so that
 * stopping it also stops anything it spawned), waiting until it answers, stopping it.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';

import { readableLog } from '../../test/e2e/runtime/instance';
import type { N8nRuntime } from '../../test/e2e/runtime/provision';

export { freePort } from '../../test/e2e/runtime/ports';

/** Why `port` cannot be used, or undefined when it is free (something answering, or cannot bind). */
export async function portProblem(port: number, host: string): Promise<string | undefined> {
	const answering = await new Promise<boolean>((resolve) => {
		const socket = net.connect({ port, host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host });
		socket.setTimeout(1000);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(false));
	});
	if (answering) return `something is already listening on ${host}:${port}`;
	return await new Promise<string | undefined>((resolve) => {
		const server = net.createServer();
		server.once('error', (error: NodeJS.ErrnoException) => resolve(`cannot listen on ${host}:${port} (${error.code})`));
		server.listen(port, host, () => server.close(() => resolve(undefined)));
	});
}

export interface N8nServer {
	child: ChildProcess;
	/** Resolves with the exit code (or signal) once the process group leader has exited. */
	exited: Promise<string>;
	/** SIGTERM to the whole group (n8n shuts down gracefully), SIGKILL after `graceMs`. */
	stop(graceMs?: number): Promise<void>;
	kill(): void;
}

/**
 * A long-running n8n process: `n8n start` by default, or another command (`['worker']`, `['webhook']`) for
 * setups with several processes on one database. Give each process its own ports in `env` (N8N_PORT, and
 * N8N_RUNNERS_BROKER_PORT from `N8nSandbox.processEnv()`).
 */
export function startN8n(runtime: N8nRuntime, env: NodeJS.ProcessEnv, cwd: string, logFile: string, command: string[] = ['start']): N8nServer {
	const fd = fs.openSync(logFile, 'w');
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...command], {
		cwd,
		env,
		stdio: ['ignore', fd, fd],
		detached: true, // own process group: Ctrl+C reaches us only, and we stop n8n and its children together
	});
	fs.closeSync(fd);
	let alive = true;
	const exited = new Promise<string>((resolve) => {
		child.once('exit', (code, signal) => {
			alive = false;
			resolve(signal ? `signal ${signal}` : `exit code ${code}`);
		});
		child.once('error', (error) => {
			alive = false;
			resolve(`failed to start: ${error.message}`);
		});
	});
	const signalGroup = (signal: NodeJS.Signals) => {
		if (!alive || child.pid === undefined) return;
		try {
			process.kill(-child.pid, signal);
		} catch {
			child.kill(signal);
		}
	};
	return {
		child,
		exited,
		kill: () => signalGroup('SIGKILL'),
		async stop(graceMs = 20_000) {
			signalGroup('SIGTERM');
			const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
			// Anything n8n started and left behind in its group.
			if (child.pid !== undefined) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// group already empty
				}
			}
		},
	};
}

/**
 * Polls `url` until it answers 2xx (asking only once `ready()` holds, e.g. once n8n's log says it listens);
 * rejects when n8n exits first, on timeout, or when `cancelled()`.
 */
export async function waitUntilUp(
	url: string,
	server: N8nServer,
	timeoutMs: number,
	cancelled: () => boolean,
	ready: () => boolean = () => true,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exit: string | undefined;
	void server.exited.then((e) => (exit = e));
	for (;;) {
		if (exit) throw new Error(`n8n stopped while starting (${exit})`);
		if (cancelled()) throw new Error('cancelled');
		if (ready()) {
			try {
				const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
				if (res.ok) return;
			} catch {
				// not listening yet
			}
		}
		if (Date.now() > deadline) throw new Error(`n8n did not answer ${url} within ${Math.round(timeoutMs / 1000)} s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** Last lines of the n8n log (JSON entries as `level: message`), for error messages. */
export function logTail(logFile: string, lines = 40): string {
	try {
		return readableLog(fs.readFileSync(logFile, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}
