/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test tooling, not shipped in dist/ */
/**
 * What `npm publish` would upload, checked before anyone publishes (`npm run check:package`, part of
 * .ci/run; run `npm run build` first): `npm pack --dry-run --json` must list the compiled package
 * (`dist/`), README.md, LICENSE and package.json and nothing else — no tests, simulators, fixtures,
 * scripts, benchmarks, examples, TypeScript sources or build caches — and package.json must meet n8n's
 * rules for community packages (no runtime dependencies, MIT, the keyword, the `n8n` block's files).
 * Exit code 1 with every problem listed; the tarball's contents and sizes are printed either way.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..');

interface PackEntry {
	path: string;
	size: number;
}

interface PackResult {
	name: string;
	version: string;
	size: number;
	unpackedSize: number;
	files: PackEntry[];
}

interface Manifest {
	name: string;
	license?: string;
	keywords?: string[];
	repository?: { url?: string } | string;
	dependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	bundleDependencies?: unknown;
	bundledDependencies?: unknown;
	peerDependencies?: Record<string, string>;
	n8n?: { n8nNodesApiVersion?: number; strict?: boolean; nodes?: string[]; credentials?: string[] };
}

/** Files outside dist/ that belong in the tarball (npm adds package.json, README and LICENSE itself). */
const TOP_LEVEL = new Set(['package.json', 'README.md', 'LICENSE']);
/** What `n8n-node build` writes for nodes and credentials: compiled code, its maps and types, metadata and icons. */
const DIST_FILE = /\.(js|js\.map|d\.ts|json|svg|png)$/;
/** Anything test tooling: never shipped, wherever it sits. */
const TOOLING = /(^|\/)(test|tests|__tests__|simulators?|fixtures|harness|scripts|bench|examples|coverage)(\/|$)|\.(test|spec|e2e)\.|\.tsbuildinfo$/;

export function checkPack(pack: PackResult, manifest: Manifest): string[] {
	const problems: string[] = [];
	const files = pack.files.map((f) => f.path);
	for (const file of files) {
		if (TOOLING.test(file)) problems.push(`${file}: test or build tooling in the tarball`);
		else if (file.startsWith('dist/')) {
			if (!DIST_FILE.test(file)) problems.push(`${file}: not a compiled node/credential file (allowed in dist/: .js, .js.map, .d.ts, .json, .svg, .png)`);
		} else if (!TOP_LEVEL.has(file)) problems.push(`${file}: outside dist/ (only ${[...TOP_LEVEL].join(', ')} may be)`);
	}
	for (const required of TOP_LEVEL) if (!files.includes(required)) problems.push(`${required} missing from the tarball`);

	const entries = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (!manifest.n8n?.nodes?.length) problems.push('package.json: n8n.nodes lists no node');
	if (!manifest.n8n?.credentials?.length) problems.push('package.json: n8n.credentials lists no credential');
	if (manifest.n8n?.n8nNodesApiVersion !== 1) problems.push('package.json: n8n.n8nNodesApiVersion must be 1');
	if (manifest.n8n?.strict !== true) problems.push('package.json: n8n.strict must be true (n8n-node lint with the community rules)');
	for (const entry of entries) if (!files.includes(entry)) problems.push(`${entry} (package.json n8n block) missing from the tarball: run npm run build`);

	for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies'] as const) {
		const value = manifest[field];
		if (value && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0)) {
			problems.push(`package.json: ${field} must be empty (n8n verifies only packages without runtime dependencies)`);
		}
	}
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(manifest.name)) problems.push(`package.json: name ${manifest.name} must start with n8n-nodes- (or @scope/n8n-nodes-)`);
	if (manifest.license !== 'MIT') problems.push(`package.json: license is ${manifest.license ?? 'missing'}, n8n verifies MIT packages only`);
	if (!manifest.keywords?.includes('n8n-community-node-package')) problems.push('package.json: keywords must include n8n-community-node-package');
	const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
	if (!repository) problems.push('package.json: repository.url missing (provenance and verification compare it with the GitHub repository)');
	if (manifest.peerDependencies && Object.keys(manifest.peerDependencies).some((name) => name !== 'n8n-workflow')) {
		problems.push('package.json: peerDependencies other than n8n-workflow');
	}
	return problems;
}

function main(): number {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	const [pack] = JSON.parse(out) as PackResult[];
	const byTop = new Map<string, number>();
	for (const file of pack.files) {
		const parts = file.path.split('/');
		const top = parts[0] !== 'dist' ? file.path : parts.slice(0, parts[1] === 'nodes' ? 3 : 2).join('/');
		byTop.set(top, (byTop.get(top) ?? 0) + 1);
	}
	console.log(`npm pack --dry-run: ${pack.name}@${pack.version}, ${pack.files.length} files, ${Math.round(pack.size / 1024)} kB packed, ${Math.round(pack.unpackedSize / 1024)} kB unpacked`);
	for (const [top, count] of [...byTop.entries()].sort()) console.log(`  ${top}${count > 1 ? ` (${count} files)` : ''}`);
	const problems = checkPack(pack, manifest);
	if (problems.length > 0) {
		console.error(`\nThe package is not ready to publish (${problems.length} problem${problems.length > 1 ? 's' : ''}):`);
		for (const problem of problems) console.error(`  - ${problem}`);
		return 1;
	}
	console.log('package contents OK: dist/, README.md, LICENSE, package.json only; no runtime dependencies');
	return 0;
}

if (require.main === module) process.exit(main());
