/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The persistent n8n user folder of `npm start` (default `.n8n-local/`, git-ignored): n8n's own data in
 * `<folder>/.n8n` (sqlite database, `config` with the encryption key), our package installed where n8n's
 * Community Nodes installer puts packages, and a small state file of what `npm start` imported.
 */
import { execFileSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { defaultCacheRoot, type N8nRuntime } from '../../test/e2e/runtime/provision';

import { PACKAGE_NAME, REPO_ROOT } from './config';

/** `<userFolder>/.n8n`: n8n's InstanceSettings folder. */
export const n8nDir = (userFolder: string) => path.join(userFolder, '.n8n');

/**
 * The encryption key n8n encrypts credentials with. n8n keeps it in `<userFolder>/.n8n/config` and refuses
 * to start if N8N_ENCRYPTION_KEY disagrees with that file, so the file is the single source: read it, or
 * create it (n8n's own format) on the first start.
 */
export function encryptionKey(userFolder: string): string {
	const file = path.join(n8nDir(userFolder), 'config');
	if (fs.existsSync(file)) {
		const key = (JSON.parse(fs.readFileSync(file, 'utf8')) as { encryptionKey?: string }).encryptionKey;
		if (!key) throw new Error(`${file} has no encryptionKey; delete ${userFolder} to start over`);
		return key;
	}
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const key = randomBytes(24).toString('base64url');
	fs.writeFileSync(file, JSON.stringify({ encryptionKey: key }, null, '\t'), { mode: 0o600 });
	return key;
}

export interface InstalledPackage {
	/** `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-latam-einvoicing` */
	dir: string;
	version: string;
	/** Entry files from package.json's `n8n` block, relative to the package. */
	nodes: string[];
	credentials: string[];
	/** Modules that our code may require and that now resolve to n8n's own copy (name → real path). */
	sharedModules: Record<string, string>;
}

/** Runtime imports community nodes may use (n8n-platform.md); we link whichever of them n8n ships. */
const SHARED_MODULES = ['n8n-workflow', 'zod', 'lodash', 'moment', 'luxon', 'p-limit'];

/**
 * Installs the built package like n8n's Community Nodes installer (1.123: `npm pack`, extract into
 * `<userFolder>/.n8n/nodes/node_modules/<name>`, strip dev/peer/optional dependencies, record it in
 * `nodes/package.json`), as a fresh copy of package.json + dist/ on every start. Node types are then
 * `n8n-nodes-latam-einvoicing.<name>`, exactly what users (and our examples/) get.
 *
 * One difference to a real install must be undone: the user folder lives inside the repository, so Node's
 * module lookup from the copy walks up into the repository's node_modules and would load our
 * devDependency n8n-workflow/zod instead of n8n's (a real install finds nothing on the way up and falls
 * back to n8n's copies through NODE_PATH). Links in `nodes/node_modules` to n8n's copies stop the walk
 * there; n8n only loads folders named `n8n-nodes-*` from that directory, so it ignores the links.
 */
export function installPackage(runtime: N8nRuntime, userFolder: string, distDir: string): InstalledPackage {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		name: string;
		version: string;
		devDependencies?: unknown;
		peerDependencies?: unknown;
		optionalDependencies?: unknown;
		scripts?: unknown;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	if (manifest.name !== PACKAGE_NAME) throw new Error(`package.json name is ${manifest.name}, expected ${PACKAGE_NAME}`);
	const nodes = manifest.n8n?.nodes ?? [];
	const credentials = manifest.n8n?.credentials ?? [];
	// Entries are `dist/...` paths relative to the package root; dist/ is what gets copied.
	const missing = [...nodes, ...credentials].filter((file) => !fs.existsSync(path.join(distDir, path.relative('dist', file))));
	if (!fs.existsSync(distDir) || missing.length > 0) {
		throw new Error(
			`the built package is incomplete (${missing.length ? `missing ${missing.join(', ')}` : `no ${distDir}`}): run \`npm run build\` first`,
		);
	}

	const nodesDir = path.join(n8nDir(userFolder), 'nodes');
	const modulesDir = path.join(nodesDir, 'node_modules');
	const dir = path.join(modulesDir, PACKAGE_NAME);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	// What n8n keeps of a package.json after installing it.
	const { devDependencies, peerDependencies, optionalDependencies, scripts, ...installed } = manifest;
	void [devDependencies, peerDependencies, optionalDependencies, scripts];
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(installed, null, 2));
	fs.cpSync(distDir, path.join(dir, 'dist'), {
		recursive: true,
		filter: (src) => !src.endsWith('.tsbuildinfo'),
	});

	// nodes/package.json as n8n writes it (n8n creates it when missing; keep other packages the user installed).
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	type NodesPackage = { name?: string; private?: boolean; dependencies?: Record<string, string> };
	const nodesPkg: NodesPackage = fs.existsSync(nodesPackageJson)
		? (JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8')) as NodesPackage)
		: { name: 'installed-nodes', private: true };
	nodesPkg.dependencies = { ...(nodesPkg.dependencies ?? {}), [PACKAGE_NAME]: manifest.version };
	fs.writeFileSync(nodesPackageJson, JSON.stringify(nodesPkg, null, 2));

	const sharedModules: Record<string, string> = {};
	for (const name of SHARED_MODULES) {
		const target = n8nModuleDir(runtime, name);
		const link = path.join(modulesDir, name);
		fs.rmSync(link, { recursive: true, force: true });
		if (!target) continue;
		fs.symlinkSync(target, link, 'dir');
		sharedModules[name] = target;
	}
	return { dir, version: manifest.version, nodes, credentials, sharedModules };
}

/** The folder of `name` as n8n's own `require` finds it (from n8n's package folder upwards). */
function n8nModuleDir(runtime: N8nRuntime, name: string): string | undefined {
	let dir = path.resolve(path.dirname(runtime.n8nBin), '..'); // node_modules/n8n
	for (;;) {
		const candidate = path.join(dir, 'node_modules', name);
		if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
		const parent = path.dirname(dir);
		if (parent === dir) return undefined;
		dir = parent;
	}
}

/**
 * Asks the Node that runs n8n where `require('n8n-workflow')` (etc.) from our installed node files goes.
 * Returns the modules that do NOT resolve to n8n's copy (empty = good).
 */
export function checkModuleResolution(runtime: N8nRuntime, pkg: InstalledPackage): string[] {
	const from = path.join(pkg.dir, pkg.nodes[0] ?? pkg.credentials[0] ?? 'package.json');
	const script = `
		const { createRequire } = require('module');
		const fs = require('fs');
		const req = createRequire(${JSON.stringify(from)});
		const out = {};
		for (const name of ${JSON.stringify(Object.keys(pkg.sharedModules))}) {
			try { out[name] = fs.realpathSync(req.resolve(name + '/package.json')); }
			catch { try { out[name] = fs.realpathSync(req.resolve(name)); } catch (e) { out[name] = 'unresolved: ' + e.code; } }
		}
		process.stdout.write(JSON.stringify(out));
	`;
	const resolved = JSON.parse(execFileSync(runtime.nodeBin, ['-e', script], { encoding: 'utf8' })) as Record<string, string>;
	return Object.entries(pkg.sharedModules)
		.filter(([name, dir]) => !resolved[name]?.startsWith(dir + path.sep))
		.map(([name, dir]) => `${name}: ${resolved[name]} (expected inside ${dir})`);
}

/**
 * n8n copies its editor (~530 .js files, 65 MB) into `<userFolder>/.cache/n8n/public` on every start.
 * Inside the repository, `eslint .` (npm run lint) would then parse all of them (minutes). ESLint and jest
 * do not walk into symlinked folders, so for a user folder inside the repository `.cache` becomes a link
 * to a folder in the runtime cache. Returns the link target, or undefined when nothing was needed.
 */
export function relocateStaticCache(userFolder: string, repoRoot: string): string | undefined {
	const relative = path.relative(repoRoot, userFolder);
	if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
	const link = path.join(userFolder, '.cache');
	const target = path.join(
		defaultCacheRoot(),
		'editor-static',
		createHash('sha256').update(path.resolve(userFolder)).digest('hex').slice(0, 12),
	);
	fs.mkdirSync(target, { recursive: true });
	const current = fs.lstatSync(link, { throwIfNoEntry: false });
	if (current?.isSymbolicLink() && fs.readlinkSync(link) === target) return target;
	// A real folder from an older start, or a link elsewhere: n8n regenerates the content on every start.
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(target, link, 'dir');
	return target;
}

/** What `npm start` imported into this folder, to leave unchanged examples (and the user's edits) alone. */
export interface StartState {
	/** example file name → sha256 of the imported workflow JSON and its workflow id. */
	examples: Record<string, { id: string; sha256: string; importedAt: string }>;
}

const stateFile = (userFolder: string) => path.join(userFolder, 'npm-start-state.json');

export function readState(userFolder: string): StartState {
	try {
		const state = JSON.parse(fs.readFileSync(stateFile(userFolder), 'utf8')) as Partial<StartState>;
		return { examples: state.examples ?? {} };
	} catch {
		return { examples: {} };
	}
}

export function writeState(userFolder: string, state: StartState): void {
	fs.writeFileSync(stateFile(userFolder), JSON.stringify(state, null, 2));
}

/** pid of the `n8n start` of a running `npm start` on this folder (lets the next start name a leftover). */
export const pidFile = (userFolder: string) => path.join(userFolder, 'n8n.pid');

/** The pid in the pid file if that process is still alive and looks like n8n, else undefined. */
export function leftoverN8n(userFolder: string): number | undefined {
	try {
		const pid = Number(fs.readFileSync(pidFile(userFolder), 'utf8').trim());
		if (!Number.isInteger(pid) || pid <= 0) return undefined;
		process.kill(pid, 0);
		const cmdline = fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') : 'n8n';
		return cmdline.includes('n8n') ? pid : undefined;
	} catch {
		return undefined;
	}
}
