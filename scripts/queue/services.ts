/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Redis and PostgreSQL for the queue-mode sandbox, from Debian's packages: installed with apt-get when
 * missing (root only; CI runs as root), then run as plain processes on their own ports and in their own
 * data folders, so they never touch a system Redis/PostgreSQL (6379/5432) nor `npm start`.
 *
 * PostgreSQL refuses to run as root: as root, its data folder belongs to the `postgres` user the Debian
 * package creates and every server command runs through `runuser -u postgres`.
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/* ------------------------------------------------------------------------------------------------ */
/* Debian packages                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

export interface Binaries {
	redisServer: string;
	/** Folder of initdb, postgres, pg_ctl (…/postgresql/<major>/bin). */
	pgBin: string;
}

function findBinaries(): Partial<Binaries> {
	const redis = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
	let pgBin: string | undefined;
	const root = '/usr/lib/postgresql';
	if (fs.existsSync(root)) {
		const majors = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
		pgBin = majors.map((v) => path.join(root, v, 'bin')).find((dir) => fs.existsSync(path.join(dir, 'initdb')));
	}
	return { redisServer: redis, pgBin };
}

/**
 * The Redis and PostgreSQL binaries; installs the Debian packages `redis-server` and `postgresql` when
 * missing. The packages' own services are kept from starting during the install (a temporary
 * /usr/sbin/policy-rc.d, removed right after, only when none exists), so no extra server is left running.
 */
export function ensureBinaries(log: (line: string) => void): Binaries {
	let found = findBinaries();
	const missing = [!found.redisServer && 'redis-server', !found.pgBin && 'postgresql'].filter(Boolean) as string[];
	if (missing.length > 0) {
		if (!isRoot()) {
			throw new Error(`missing Debian package(s): ${missing.join(', ')}. Install them: sudo apt-get install -y ${missing.join(' ')}`);
		}
		log(`installing ${missing.join(', ')} with apt-get (once; ~1 min)`);
		const policy = '/usr/sbin/policy-rc.d';
		const ownPolicy = !fs.existsSync(policy);
		if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
		try {
			const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
			execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
			execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
		} finally {
			if (ownPolicy) fs.rmSync(policy, { force: true });
		}
		found = findBinaries();
	}
	if (!found.redisServer || !found.pgBin) throw new Error('redis-server or PostgreSQL not found after installing them');
	return found as Binaries;
}

/* ------------------------------------------------------------------------------------------------ */
/* Processes                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

export interface Service {
	name: string;
	port: number;
	/** pid of the server process itself. */
	pid: number;
	stop(): Promise<void>;
}

export function alive(pid: number | undefined): boolean {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, logFile?: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) {
			const tail = logFile && fs.existsSync(logFile) ? `\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}` : '';
			throw new Error(`${what} did not come up within ${timeoutMs / 1000} s${tail}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Sends `signal` to `pid` and waits until it is gone (SIGKILL after `graceMs`). */
export async function stopPid(pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
	if (!alive(pid)) return;
	process.kill(pid!, signal);
	const deadline = Date.now() + graceMs;
	while (alive(pid)) {
		if (Date.now() > deadline) {
			process.kill(pid!, 'SIGKILL');
			break;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	// A zombie child of this process counts as alive until reaped; give the event loop a turn.
	await new Promise((r) => setTimeout(r, 50));
}

/** One RESP command to Redis over a plain socket (no client library): the reply's first line. */
export async function redisCommand(port: number, ...args: string[]): Promise<string> {
	return await new Promise((resolve, reject) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		let reply = '';
		socket.setTimeout(60_000);
		socket.once('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
		socket.on('data', (d: Buffer) => {
			reply += d.toString();
			if (reply.includes('\r\n')) {
				socket.end();
				resolve(reply.split('\r\n')[0]);
			}
		});
		socket.once('timeout', () => {
			socket.destroy();
			reject(new Error(`redis ${args[0]}: no answer`));
		});
		socket.once('error', reject);
	});
}

/**
 * A Redis on `port` keeping its files in `dir`: no periodic snapshots, no append-only file, and string
 * compression off so that a `SAVE` writes what Redis holds as it is (the secret scan reads that file).
 */
export async function startRedis(bin: Binaries, dir: string, port: number): Promise<Service> {
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const child = spawn(
		bin.redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--rdbcompression', 'no', '--logfile', logFile, '--daemonize', 'no'],
		{ stdio: 'ignore', detached: true },
	);
	child.unref();
	const pid = child.pid!;
	await waitFor(
		`redis-server on port ${port}`,
		20_000,
		async () => {
			if (!alive(pid)) throw new Error(`redis-server exited at start (port ${port} taken?): see ${logFile}`);
			return (await redisCommand(port, 'PING').catch(() => '')) === '+PONG';
		},
		logFile,
	);
	return { name: 'redis', port, pid, stop: async () => await stopPid(pid) };
}

/** Runs a PostgreSQL command as the right user (as root: `postgres`). */
function asPg(cmd: string, args: string[]): { cmd: string; args: string[] } {
	return isRoot() ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };
}

/**
 * A PostgreSQL cluster in `dir` (created on first use, trust authentication on 127.0.0.1 only) listening
 * on `port`, with database `database` created when missing. Durability settings are off: this is a
 * throwaway sandbox, and fsync would dominate on a shared CI machine.
 */
export async function startPostgres(bin: Binaries, dir: string, port: number, database: string): Promise<Service> {
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'run');
	fs.mkdirSync(socketDir, { recursive: true });
	if (isRoot()) {
		execFileSync('chown', ['-R', 'postgres:postgres', dir]);
		if (spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir]).status !== 0) {
			throw new Error(`the postgres user cannot reach ${dir}: every folder above it must be searchable by others (chmod o+x)`);
		}
	}
	if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
		const init = asPg(path.join(bin.pgBin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
		const res = spawnSync(init.cmd, init.args, { encoding: 'utf8' });
		if (res.status !== 0) throw new Error(`initdb failed: ${res.stderr || res.stdout}`);
	}
	const logFile = path.join(dir, 'postgres.log');
	if (isRoot() && !fs.existsSync(logFile)) {
		fs.writeFileSync(logFile, '');
		execFileSync('chown', ['postgres:postgres', logFile]);
	}
	const fd = fs.openSync(logFile, 'a');
	const run = asPg(path.join(bin.pgBin, 'postgres'), [
		'-D', dataDir, '-p', String(port), '-k', socketDir,
		'-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
		'-c', 'max_connections=100',
	]);
	const child = spawn(run.cmd, run.args, { stdio: ['ignore', fd, fd], detached: true });
	fs.closeSync(fd);
	child.unref();
	const pidFile = path.join(dataDir, 'postmaster.pid');
	let pid = 0;
	await waitFor(
		`PostgreSQL on port ${port}`,
		30_000,
		async () => {
			if (!alive(child.pid)) throw new Error(`PostgreSQL exited at start (port ${port} taken?):\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n')}`);
			if (!fs.existsSync(pidFile)) return false;
			pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
			const ready = spawnSync(path.join(bin.pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { encoding: 'utf8' });
			return ready.status === 0;
		},
		logFile,
	);
	const exists = psql(bin, port, 'postgres', `SELECT 1 FROM pg_database WHERE datname = '${database}'`).trim() === '1';
	if (!exists) psql(bin, port, 'postgres', `CREATE DATABASE "${database}"`);
	// SIGINT = PostgreSQL's "fast shutdown": ends sessions, writes a checkpoint, exits.
	return { name: 'postgres', port, pid, stop: async () => await stopPid(pid, 'SIGINT') };
}

/** One SQL statement through psql (tuples only, unaligned); throws with psql's error. */
export function psql(bin: Binaries, port: number, database: string, sql: string): string {
	const psqlBin = fs.existsSync(path.join(bin.pgBin, 'psql')) ? path.join(bin.pgBin, 'psql') : 'psql';
	const res = spawnSync(psqlBin, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
		encoding: 'utf8',
		maxBuffer: 512 * 1024 * 1024,
	});
	if (res.status !== 0) throw new Error(`psql: ${res.stderr || res.stdout}`);
	return res.stdout;
}

/** Everything the database holds, as text (pg_dump, data only): what the secret scan reads. */
export function pgDump(bin: Binaries, port: number, database: string): string {
	const res = spawnSync(path.join(bin.pgBin, 'pg_dump'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '--data-only', database], {
		encoding: 'utf8',
		maxBuffer: 1024 * 1024 * 1024,
	});
	if (res.status !== 0) throw new Error(`pg_dump: ${res.stderr}`);
	return res.stdout;
}

/** What Redis holds right now, as Redis writes it (SAVE into `<dir>/dump.rdb`, uncompressed strings). */
export async function redisSnapshot(dir: string, port: number): Promise<Buffer> {
	const reply = await redisCommand(port, 'SAVE');
	if (reply !== '+OK') throw new Error(`redis SAVE answered ${reply}`);
	return fs.readFileSync(path.join(dir, 'dump.rdb'));
}
