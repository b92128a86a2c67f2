/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The release gate (`npm run check:package`: what npm would publish) and the choice of the n8n release the
 * e2e suites run on (`N8N_E2E_VERSION`, the `2.x` alias and its fallback), without npm or n8n.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { checkPack } from '../../scripts/check-package';
import {
	DEFAULT_N8N_VERSION,
	ensureN8nRuntime,
	N8N_VERSION_ALIASES,
	NODE_VERSION,
	requestedN8nVersion,
	runtimeDir,
	runtimePaths,
	unresolvable,
	versionCandidates,
} from '../e2e/runtime/provision';

const manifest = {
	name: 'n8n-nodes-latam-einvoicing',
	license: 'MIT',
	keywords: ['n8n-community-node-package'],
	repository: { url: 'https://github.com/latam-einvoicing/n8n-nodes-latam-einvoicing.git' },
	peerDependencies: { 'n8n-workflow': '*' },
	n8n: { n8nNodesApiVersion: 1, strict: true, nodes: ['dist/nodes/Factus/Factus.node.js'], credentials: ['dist/credentials/FactusApi.credentials.js'] },
};

const pack = (...extra: string[]) => ({
	name: manifest.name,
	version: '0.1.0',
	size: 1,
	unpackedSize: 1,
	files: [
		'package.json',
		'README.md',
		'LICENSE',
		'dist/package.json',
		'dist/nodes/Factus/Factus.node.js',
		'dist/nodes/Factus/Factus.node.js.map',
		'dist/nodes/Factus/Factus.node.d.ts',
		'dist/nodes/Factus/Factus.node.json',
		'dist/nodes/Factus/factus.svg',
		'dist/credentials/FactusApi.credentials.js',
		...extra,
	].map((p) => ({ path: p, size: 1 })),
});

describe('npm run check:package', () => {
	it('accepts a tarball of dist/, README, LICENSE and package.json with a community-package manifest', () => {
		expect(checkPack(pack(), manifest)).toEqual([]);
	});

	it('names every test, simulator, script, source or build-cache file that would be published', () => {
		const problems = checkPack(
			pack('test/simulators/factus/index.js', 'dist/test/fixtures/orders.json', 'scripts/start.ts', 'dist/tsconfig.tsbuildinfo', 'dist/nodes/Factus/Factus.node.ts', 'CHANGELOG.md'),
			manifest,
		);
		expect(problems).toEqual([
			'test/simulators/factus/index.js: test or build tooling in the tarball',
			'dist/test/fixtures/orders.json: test or build tooling in the tarball',
			'scripts/start.ts: test or build tooling in the tarball',
			'dist/tsconfig.tsbuildinfo: test or build tooling in the tarball',
			expect.stringMatching(/^dist\/nodes\/Factus\/Factus\.node\.ts: not a compiled node\/credential file/),
			'CHANGELOG.md: outside dist/ (only package.json, README.md, LICENSE may be)',
		]);
	});

	it('refuses runtime dependencies, another licence, a missing keyword, LICENSE or declared node file', () => {
		const bad = { ...manifest, license: 'ISC', keywords: ['n8n'], dependencies: { axios: '1.0.0' } };
		const withoutLicense = pack();
		withoutLicense.files = withoutLicense.files.filter((f) => f.path !== 'LICENSE' && f.path !== 'dist/nodes/Factus/Factus.node.js');
		expect(checkPack(withoutLicense, bad)).toEqual([
			'LICENSE missing from the tarball',
			'dist/nodes/Factus/Factus.node.js (package.json n8n block) missing from the tarball: run npm run build',
			'package.json: dependencies must be empty (n8n verifies only packages without runtime dependencies)',
			'package.json: license is ISC, n8n verifies MIT packages only',
			'package.json: keywords must include n8n-community-node-package',
		]);
	});
});

describe('which n8n the e2e suites run on', () => {
	it('N8N_E2E_VERSION picks the release; unset means 1.123.81', () => {
		expect(requestedN8nVersion({})).toBe(DEFAULT_N8N_VERSION);
		expect(DEFAULT_N8N_VERSION).toBe('1.123.81');
		expect(requestedN8nVersion({ N8N_E2E_VERSION: ' 2.x ' })).toBe('2.x');
	});

	it('"2.x" tries the newest 2.x releases first and falls back to 2.40.7; an exact release is itself; anything else is refused', () => {
		const candidates = versionCandidates('2.x');
		expect(candidates[0]).toBe('2.41.3');
		expect(candidates.at(-1)).toBe('2.40.7');
		expect(candidates.every((v) => v.startsWith('2.'))).toBe(true);
		expect(versionCandidates('2.40.7')).toEqual(['2.40.7']);
		expect(() => versionCandidates('latest')).toThrow(/neither an exact release .* nor one of 1\.x, 2\.x/);
		expect(N8N_VERSION_ALIASES['1.x']).toEqual([DEFAULT_N8N_VERSION]);
	});

	it('falls back only when npm says a pinned release is missing from the registry, not on a network failure', () => {
		const npmFailure = (tail: string) => new Error(`npm install --ignore-scripts failed in /x (exit 1):\n${tail}`);
		expect(
			unresolvable(npmFailure('npm error code ETARGET\nnpm error notarget No matching version found for @n8n/agents@0.26.2.\nnpm error notarget In most cases…')),
		).toBe('no @n8n/agents@0.26.2 in the registry');
		expect(unresolvable(npmFailure("npm error code E404\nnpm error 404 Not Found - GET https://registry.example/@n8n%2fx - Not found\nnpm error 404  '@n8n/x@1.0.0' is not in this registry."))).toBe(
			'no @n8n/x@1.0.0 in the registry',
		);
		expect(unresolvable(npmFailure('npm error code ECONNRESET\nnpm error network aborted'))).toBeUndefined();
		expect(unresolvable(npmFailure('npm error code EINTEGRITY'))).toBeUndefined();
	});

	describe('with a cache where the newest 2.x did not install and the next one is provisioned', () => {
		let cacheRoot: string;
		const lines: string[] = [];

		beforeAll(() => {
			cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-cache-unit-'));
			const [newest, next] = versionCandidates('2.x');
			fs.writeFileSync(
				`${runtimeDir(cacheRoot, newest)}.uninstallable.json`,
				JSON.stringify({ n8nVersion: newest, checkedAt: new Date().toISOString(), reason: 'no @n8n/agents@0.26.2 in the registry' }),
			);
			const rt = runtimePaths(runtimeDir(cacheRoot, next), next);
			for (const bin of [rt.nodeBin, rt.n8nBin]) {
				fs.mkdirSync(path.dirname(bin), { recursive: true });
				fs.writeFileSync(bin, '');
			}
			fs.writeFileSync(path.join(rt.cacheDir, '.provisioned.json'), JSON.stringify({ n8nVersion: next, nodeVersion: NODE_VERSION }));
		});

		afterAll(() => fs.rmSync(cacheRoot, { recursive: true, force: true }));

		it('uses the provisioned fallback without installing anything, and says which release and why', async () => {
			const runtime = await ensureN8nRuntime({ version: '2.x', cacheRoot, log: (line) => lines.push(line) });
			expect(runtime).toMatchObject({ n8nVersion: '2.41.1', major: 2, cacheDir: runtimeDir(cacheRoot, '2.41.1') });
			expect(lines).toEqual([expect.stringMatching(/^n8n 2\.x → 2\.41\.1; skipped 2\.41\.3 \(does not install here, checked .*: no @n8n\/agents@0\.26\.2 in the registry\)$/)]);
		});
	});
});
