/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * `npm start -- --check` end to end: the real n8n editor comes up with the built package installed as a
 * community package, one credential per registered simulator and every example workflow, and the examples
 * with a Manual Trigger run successfully against the simulators, also after a restart. Then, with examples written here (a
 * foreign credential id, an invalid file), restarts on the same user folder: references rewritten, invalid
 * files reported, changed examples updated in place (no copies), unchanged ones left alone. Runs in a temporary user folder on free ports, so a developer's
 * running `npm start` (port 5678, .n8n-local/) is not touched.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { freePort } from '../../scripts/local-n8n/n8nProcess';
import { ensureN8nRuntime } from './runtime/provision';
import { simulators } from '../simulators/index';

const REPO = path.resolve(__dirname, '..', '..');

/** Registry key → the credential name the examples reference (scripts/local-n8n/config.ts). */
const CREDENTIAL_NAMES: Record<string, string> = {
	facepro: 'FacEPro Cloud account',
	factus: 'Factus account',
	factuconect: 'Factuconect account',
};

interface Report {
	ok: boolean;
	n8nVersion: string;
	owner: { email: string; loggedIn: boolean; createdNow: boolean };
	package: { nodeTypes: string[]; moduleResolutionProblems: string[] };
	simulators: Array<{ name: string; url: string }>;
	credentials: Array<{ id: string; name: string; type: string; listed: boolean }>;
	examples: Array<{ source: string; id: string; listed: boolean; imported: string; run?: { status: string; error?: string } }>;
	invalidExamples: Array<{ source: string; problem: string }>;
	totals: { workflows: number; credentials: number };
	n8nPid: number;
	problems: string[];
}

async function runCheck(userFolder: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; output: string; report: Report }> {
	const reportFile = path.join(userFolder, `report-${Date.now()}.json`);
	const env: NodeJS.ProcessEnv = {
		...process.env,
		START_USER_FOLDER: userFolder,
		START_DIST_DIR: distDir,
		START_CHECK_REPORT: reportFile,
		N8N_PORT: String(await freePort()),
		SIM_PORT_BASE: '0',
		...extraEnv,
	};
	const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'scripts/start.ts', '--check'], {
		cwd: REPO,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr.on('data', (d: Buffer) => (output += d.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	if (!fs.existsSync(reportFile)) throw new Error(`--check wrote no report (exit ${code}):\n${output}`);
	return { code, output, report: JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report };
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** examples/*.json that parse: what the editor must show. */
function exampleFiles(): string[] {
	const dir = path.join(REPO, 'examples');
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
}

let examplesDir: string;
/** A snapshot of dist/: others may rebuild the shared tree while this file runs (minutes). */
let distDir: string;

describe('npm start --check', () => {
	let userFolder: string;

	beforeAll(() => {
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-e2e-'));
		examplesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-e2e-examples-'));
		distDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-e2e-dist-')), 'dist');
		fs.cpSync(path.join(REPO, 'dist'), distDir, { recursive: true });
	});

	afterAll(() => {
		fs.rmSync(userFolder, { recursive: true, force: true });
		fs.rmSync(examplesDir, { recursive: true, force: true });
		fs.rmSync(path.dirname(distDir), { recursive: true, force: true });
	});

	test('a fresh user folder: editor up, owner set up, package, credentials and examples imported, examples run', async () => {
		const { code, output, report } = await runCheck(userFolder);
		// The whole printed check on failure: it says which part broke.
		if (code !== 0) throw new Error(`--check failed (exit ${code}):\n${output}`);
		expect(report.ok).toBe(true);
		expect(report.problems).toEqual([]);
		// The n8n line this e2e run is about (the global setup pinned N8N_E2E_VERSION to the exact release).
		expect(report.n8nVersion).toBe((await ensureN8nRuntime()).n8nVersion);

		expect(report.owner).toMatchObject({ email: 'admin@example.com', loggedIn: true, createdNow: true });

		// Installed like a Community Nodes package: types n8n-nodes-latam-einvoicing.*, n8n's own n8n-workflow/zod.
		expect(report.package.nodeTypes.length).toBeGreaterThan(0);
		for (const type of report.package.nodeTypes) expect(type).toMatch(/^n8n-nodes-latam-einvoicing\./);
		expect(report.package.moduleResolutionProblems).toEqual([]);

		// One credential per registered simulator, under the names the examples use, listed by n8n.
		const registered = Object.keys(simulators);
		expect(report.simulators.map((s) => s.name).sort()).toEqual([...registered].sort());
		const expectedNames = registered.map((name) => CREDENTIAL_NAMES[name]).filter(Boolean);
		expect(report.credentials.map((c) => c.name).sort()).toEqual(expect.arrayContaining(expectedNames.sort()));
		for (const credential of report.credentials) expect(credential).toMatchObject({ listed: true });

		// Every example imported and listed; those with a Manual Trigger ran successfully.
		expect(report.invalidExamples).toEqual([]);
		const files = exampleFiles();
		expect(report.examples.map((e) => e.source.replace(/#\d+$/, '')).sort()).toEqual(
			expect.arrayContaining(files.sort()),
		);
		for (const example of report.examples) {
			expect(example).toMatchObject({ listed: true, imported: 'now' });
			if (example.run) expect(['success', 'skipped']).toContain(example.run.status);
		}
		expect(report.totals.workflows).toBe(report.examples.length);
		expect(report.totals.credentials).toBe(report.credentials.length);

		// n8n and the simulators are gone once the command returned.
		expect(alive(report.n8nPid)).toBe(false);
	});

	test('a second start on the same folder: owner kept, examples re-imported in place, and they run again', async () => {
		// The simulators start empty again; examples with an External Reference must not trip over records
		// of the first start.
		const { code, output, report } = await runCheck(userFolder, { START_REIMPORT_EXAMPLES: '1' });
		if (code !== 0) throw new Error(`second --check failed (exit ${code}):\n${output}`);
		expect(report.owner).toMatchObject({ loggedIn: true, createdNow: false });
		for (const example of report.examples) {
			expect(example).toMatchObject({ listed: true, imported: 'now' });
			if (example.run) expect(['success', 'skipped']).toContain(example.run.status);
		}
		expect(report.totals.workflows).toBe(report.examples.length);
		expect(report.totals.credentials).toBe(report.credentials.length);
		expect(alive(report.n8nPid)).toBe(false);
	});

	test('examples: credential references rewritten, the example runs, an invalid file is reported and skipped', async () => {
		writeExample('a-who-am-i.json', 'Who am I', 'getMe');
		writeExample('b-health.json', 'Health', 'health');
		fs.writeFileSync(path.join(examplesDir, 'c-broken.json'), '{"name": "broken", ');
		const { code, output, report } = await runCheck(userFolder, { START_EXAMPLES_DIR: examplesDir });
		expect(code).toBe(1); // an invalid example fails --check, the rest still gets imported
		expect(report.invalidExamples).toEqual([{ source: 'c-broken.json', problem: expect.stringMatching(/^not valid JSON/) }]);
		expect(report.owner).toMatchObject({ loggedIn: true, createdNow: false });
		for (const source of ['a-who-am-i.json', 'b-health.json']) {
			const example = report.examples.find((e) => e.source === source);
			if (example?.run?.status !== 'success') throw new Error(`${source} did not run:\n${output}`);
			expect(example).toMatchObject({ listed: true, imported: 'now' });
		}
		expect(report.totals.workflows).toBe(exampleFiles().length + 2);
		expect(alive(report.n8nPid)).toBe(false);
	});

	test('restarting re-imports changed examples in place (same id, no copy) and leaves unchanged ones alone', async () => {
		fs.rmSync(path.join(examplesDir, 'c-broken.json'));
		writeExample('a-who-am-i.json', 'Who am I (changed)', 'getMe');
		const { code, output, report } = await runCheck(userFolder, { START_EXAMPLES_DIR: examplesDir });
		if (code !== 0) throw new Error(`--check failed (exit ${code}):\n${output}`);
		expect(report.examples.map((e) => [e.source, e.imported, e.listed, e.run?.status])).toEqual([
			['a-who-am-i.json', 'now', true, 'success'],
			['b-health.json', 'unchanged', true, 'success'],
		]);
		expect(report.totals.workflows).toBe(exampleFiles().length + 2);
		expect(report.totals.credentials).toBe(report.credentials.length);
		expect(alive(report.n8nPid)).toBe(false);
	});
});

/** A FacEPro account example as a user would export it: its credential id belongs to another instance. */
function writeExample(file: string, name: string, operation: 'getMe' | 'health') {
	const trigger = "When clicking 'Execute workflow'";
	const workflow = {
		id: 'fromAnotherInstance',
		name,
		nodes: [
			{ parameters: {}, name: trigger, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			{
				parameters: { resource: 'account', operation },
				name: 'FacEPro Cloud',
				type: 'n8n-nodes-latam-einvoicing.facEPro',
				typeVersion: 1,
				position: [220, 0],
				credentials: { facEProApi: { id: 'xYz123NotHere', name: 'My FacEPro' } },
			},
		],
		connections: { [trigger]: { main: [[{ node: 'FacEPro Cloud', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	fs.writeFileSync(path.join(examplesDir, file), JSON.stringify(workflow, null, 2));
}
