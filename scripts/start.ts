/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, no-console -- test tooling, not shipped in dist/ */
/**
 * `npm start`: the provider simulators + a real n8n editor with this package installed as a community
 * package, one credential per simulator and the examples/ workflows imported, the owner account set up.
 * `npm start -- --check` (or START_CHECK=1) does the same, verifies it through n8n's REST API, runs the
 * examples that start with a Manual Trigger, prints the result and stops. How it works and how to reset:
 * docs/running-locally.md.
 */
import * as fs from 'fs';
import * as path from 'path';

import { N8nSandbox, type CredentialSeed } from '../test/e2e/runtime/instance';
import { ensureN8nRuntime, defaultCacheRoot } from '../test/e2e/runtime/provision';
import type { RunningSimulator } from '../test/simulators/framework/types';
import { simulators } from '../test/simulators/index';

import { HELP, localCredential, PACKAGE_NAME, readOptions, REPO_ROOT, type StartOptions } from './local-n8n/config';
import { resetSimulatorReferences } from './local-n8n/database';
import { loadExamples, type ExampleWorkflow } from './local-n8n/examples';
import { logTail, portProblem, startN8n, waitUntilUp, type N8nServer } from './local-n8n/n8nProcess';
import { N8nRest, type RunOutcome } from './local-n8n/rest';
import {
	checkModuleResolution,
	encryptionKey,
	installPackage,
	leftoverN8n,
	n8nDir,
	pidFile,
	readState,
	relocateStaticCache,
	writeState,
} from './local-n8n/userFolder';

class Cancelled extends Error {}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const step = (text: string) => console.log(`[npm start ${elapsed()}] ${text}`);
const rel = (p: string) => (path.relative(REPO_ROOT, p).startsWith('..') ? p : path.relative(REPO_ROOT, p) || '.');

interface CheckReport {
	ok: boolean;
	/** The exact n8n release that ran. */
	n8nVersion: string;
	url: string;
	userFolder: string;
	owner: { email: string; loggedIn: boolean; createdNow: boolean };
	package: { nodeTypes: string[]; moduleResolutionProblems: string[] };
	simulators: Array<{ name: string; url: string }>;
	credentials: Array<{ id: string; name: string; type: string; simulator: string; listed: boolean }>;
	examples: Array<{
		source: string;
		id: string;
		name: string;
		listed: boolean;
		imported: 'now' | 'unchanged';
		unknownNodeTypes: string[];
		unmatchedCredentialTypes: string[];
		run?: RunOutcome | { status: 'skipped'; reason: string };
	}>;
	invalidExamples: Array<{ source: string; problem: string }>;
	/** Everything n8n lists, ours or not (re-imports must not add copies). */
	totals: { workflows: number; credentials: number };
	/** The `n8n start` process (gone once the command returned). */
	n8nPid: number | undefined;
	/** What fails --check. */
	problems: string[];
	/** Worth knowing, not a failure (e.g. an example that needs a credential the user has to add). */
	warnings: string[];
	seconds: number;
}

async function main(): Promise<number> {
	if (process.argv.includes('--help')) {
		console.log(HELP);
		return 0;
	}
	const opts = readOptions();

	// Ctrl+C / SIGTERM: stop what runs, in order; a second Ctrl+C kills n8n right away.
	let stopping = false;
	let server: N8nServer | undefined;
	let wakeUp: () => void = () => undefined;
	const stopRequested = new Promise<void>((resolve) => (wakeUp = resolve));
	const onSignal = (signal: NodeJS.Signals) => {
		if (stopping) {
			console.log(`\n${signal} again: killing n8n`);
			server?.kill();
			process.exit(130);
		}
		stopping = true;
		console.log(`\n${signal}: stopping n8n and the simulators…`);
		wakeUp();
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
	const checkpoint = () => {
		if (stopping) throw new Cancelled('stopped');
	};

	const running: RunningSimulator[] = [];
	let sandbox: N8nSandbox | undefined;
	const url = `http://localhost:${opts.n8nPort}`;
	const localUrl = `http://${opts.listenAddress === '0.0.0.0' || opts.listenAddress === '::' ? '127.0.0.1' : opts.listenAddress}:${opts.n8nPort}`;
	try {
		step(
			`n8n ${opts.n8nVersion} editor + provider simulators${opts.check ? ' (check mode)' : ''}. ` +
				`If n8n is not installed yet, the first run installs it (and Node 24) into ${defaultCacheRoot()}: ~5-10 min, 2-3 GB, once per release.`,
		);
		fs.mkdirSync(opts.userFolder, { recursive: true });
		const leftover = leftoverN8n(opts.userFolder);
		if (leftover) {
			throw new Error(
				`an n8n started by an earlier \`npm start\` on ${rel(opts.userFolder)} is still running (pid ${leftover}); stop it with \`kill ${leftover}\``,
			);
		}
		const n8nPortProblem = await portProblem(opts.n8nPort, opts.listenAddress);
		if (n8nPortProblem) throw new Error(`port ${opts.n8nPort} for n8n: ${n8nPortProblem}. Stop that program or choose another port: N8N_PORT=5680 npm start`);

		// 1. n8n runtime
		const runtime = await ensureN8nRuntime({ version: opts.n8nVersion, log: (line) => step(`[n8n runtime] ${line}`) });
		step(`n8n ${runtime.n8nVersion} (${runtime.cacheDir})`);
		checkpoint();

		// 2. Simulators, on fixed ports
		const names = Object.keys(simulators);
		if (names.length === 0) step('no simulators registered in test/simulators/index.ts');
		for (const [index, name] of names.entries()) {
			const port = opts.simPort(name, index);
			try {
				running.push(await simulators[name]({ port }));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
					throw new Error(
						`port ${port} for the ${name} simulator is taken: stop that program, or set SIM_PORT_${name.toUpperCase()}=<port> or SIM_PORT_BASE=<port> (0 = random ports)`,
					);
				}
				throw error;
			}
		}
		step(`simulators: ${running.map((s) => `${s.name} ${s.url}`).join(', ') || 'none'}`);
		checkpoint();

		// 3. User folder: encryption key, the package installed as a community package
		const key = encryptionKey(opts.userFolder);
		const isNewDatabase = !fs.existsSync(path.join(n8nDir(opts.userFolder), 'database.sqlite'));
		const pkg = installPackage(runtime, opts.userFolder, opts.distDir);
		relocateStaticCache(opts.userFolder, REPO_ROOT);
		const resolutionProblems = checkModuleResolution(runtime, pkg);
		step(
			`installed ${PACKAGE_NAME}@${pkg.version} into ${rel(pkg.dir)} (${pkg.nodes.length} node file(s), ${pkg.credentials.length} credential file(s))`,
		);
		for (const problem of resolutionProblems) step(`WARNING: module resolution: ${problem}`);

		sandbox = await N8nSandbox.create(opts.distDir, {
			runtime,
			env: {
				N8N_USER_FOLDER: opts.userFolder,
				N8N_ENCRYPTION_KEY: key,
				N8N_PORT: String(opts.n8nPort),
				N8N_LISTEN_ADDRESS: opts.listenAddress,
				// Plain http on localhost: a "secure" cookie would lock out Safari and http://127.0.0.1.
				N8N_SECURE_COOKIE: 'false',
				// n8n's recommended sqlite mode (WAL + a read pool; the default in n8n 2.x). With the legacy mode
				// (pool 0, the runner's default) an execution's status and data are two separate writes, so the
				// editor (or --check) can read a finished execution whose data is not there yet.
				DB_SQLITE_POOL_SIZE: '2',
			},
		});
		// The sandbox loads a copy of dist as custom extensions (types CUSTOM.*); here the package is
		// installed as a community package instead (types n8n-nodes-latam-einvoicing.*).
		delete sandbox.env.N8N_CUSTOM_EXTENSIONS;

		// 4. Credentials: one per simulator credential type, updated on every start (tokens and ports change)
		const seeds: Array<CredentialSeed & { simulator: RunningSimulator }> = [];
		for (const sim of running) {
			for (const [type, data] of Object.entries(sim.credentials())) {
				const { id, name } = localCredential(type);
				const earlier = seeds.findIndex((s) => s.type === type);
				if (earlier !== -1) {
					step(`WARNING: simulators ${seeds[earlier].simulator.name} and ${sim.name} both provide credential type ${type}; using ${sim.name}'s`);
					seeds.splice(earlier, 1);
				}
				seeds.push({ id, name, type, data: data as CredentialSeed['data'], simulator: sim });
			}
		}
		if (seeds.length > 0) {
			await sandbox.importCredentials(seeds.map((s) => ({ id: s.id, name: s.name, type: s.type, data: s.data })));
			step(`credentials: ${seeds.map((s) => `"${s.name}"`).join(', ')}${isNewDatabase ? ' (new n8n database)' : ''}`);
		}
		checkpoint();

		// 5. Examples: new or changed files only, so edits made in the editor survive a restart
		const credentialMap = Object.fromEntries(seeds.map((s) => [s.type, { id: s.id, name: s.name }]));
		const { examples, problems: invalidExamples } = loadExamples(opts.examplesDir, credentialMap);
		for (const p of invalidExamples) step(`WARNING: skipped ${rel(path.join(opts.examplesDir, p.source))}: ${p.problem}`);
		const state = readState(opts.userFolder);
		if (isNewDatabase) state.examples = {};
		for (const source of Object.keys(state.examples)) {
			if (!examples.some((e) => e.source === source)) delete state.examples[source]; // file removed
		}
		const toImport = examples.filter(
			(e) => opts.reimportExamples || state.examples[e.source]?.sha256 !== e.sha256 || state.examples[e.source]?.id !== e.id,
		);
		const importedNow = new Set<string>();
		if (toImport.length > 0) {
			const failures = await importExamples(sandbox, toImport);
			for (const e of toImport) {
				const failure = failures.get(e.source);
				if (failure) {
					invalidExamples.push({ source: e.source, problem: `n8n did not import it: ${failure}` });
					step(`WARNING: n8n did not import ${rel(path.join(opts.examplesDir, e.source))}: ${failure}`);
					continue;
				}
				importedNow.add(e.source);
				state.examples[e.source] = { id: e.id, sha256: e.sha256, importedAt: new Date().toISOString() };
			}
		}
		writeState(opts.userFolder, state);
		step(
			`examples: ${examples.length} in ${rel(opts.examplesDir)}, ${importedNow.size} imported now, ${examples.length - toImport.length} unchanged`,
		);
		// The simulators start empty: External Reference records of earlier starts point at nothing.
		const reset = resetSimulatorReferences(runtime, opts.userFolder, PACKAGE_NAME, seeds.map((s) => s.id));
		if (reset.length > 0) step(`cleared External Reference records of ${reset.length} workflow(s) that use only simulator credentials`);
		checkpoint();

		// 6. n8n itself
		const logFile = path.join(opts.userFolder, 'n8n.log');
		step(`starting n8n on ${url} (log: ${rel(logFile)})`);
		server = startN8n(runtime, await sandbox.processEnv({ N8N_LOG_FORMAT: 'text' }), opts.userFolder, logFile);
		fs.writeFileSync(pidFile(opts.userFolder), String(server.child.pid ?? ''));
		try {
			await waitUntilUp(`${localUrl}/healthz/readiness`, server, opts.startTimeoutMs, () => stopping);
			// /healthz answers before the REST API is mounted: wait for the editor's first call too.
			await waitUntilUp(`${localUrl}/rest/settings`, server, opts.startTimeoutMs, () => stopping);
		} catch (error) {
			checkpoint();
			throw new Error(`${(error as Error).message}\n--- last lines of ${rel(logFile)} ---\n${logTail(logFile)}`);
		}
		step('n8n is up');

		// 7. Owner account, then log in like the editor does
		const rest = new N8nRest(localUrl);
		let createdNow = false;
		if (!(await rest.ownerSetUp())) {
			await rest.setupOwner(opts.ownerEmail, opts.ownerPassword);
			createdNow = true;
			step(`owner account ${opts.ownerEmail} created`);
		}
		let loggedIn = true;
		try {
			await rest.login(opts.ownerEmail, opts.ownerPassword);
		} catch {
			loggedIn = false;
		}

		// 8. What the editor shows
		const report: CheckReport = {
			ok: false,
			n8nVersion: runtime.n8nVersion,
			url,
			userFolder: opts.userFolder,
			owner: { email: opts.ownerEmail, loggedIn, createdNow },
			package: { nodeTypes: [], moduleResolutionProblems: resolutionProblems },
			simulators: running.map((s) => ({ name: s.name, url: s.url })),
			credentials: [],
			examples: [],
			invalidExamples,
			totals: { workflows: 0, credentials: 0 },
			n8nPid: server.child.pid,
			problems: [],
			warnings: [],
			seconds: 0,
		};
		if (!loggedIn) {
			report.problems.push(
				`cannot log in as ${opts.ownerEmail} with the configured password (changed in the editor?); ` +
					`log in with your own password, or delete ${rel(opts.userFolder)} to start over`,
			);
		} else {
			const nodeTypes = await rest.nodeTypes();
			report.package.nodeTypes = [...nodeTypes].filter((t) => t.startsWith(`${PACKAGE_NAME}.`)).sort();
			if (pkg.nodes.length > 0 && report.package.nodeTypes.length === 0) {
				report.problems.push(`n8n loaded no node of ${PACKAGE_NAME}: see ${rel(logFile)}`);
			}
			const credentials = await rest.credentials();
			report.credentials = seeds.map((s) => ({
				id: s.id,
				name: s.name,
				type: s.type,
				simulator: `${s.simulator.name} ${s.simulator.url}`,
				listed: credentials.some((c) => c.id === s.id && c.name === s.name && c.type === s.type),
			}));
			for (const c of report.credentials) if (!c.listed) report.problems.push(`credential "${c.name}" is not listed by n8n`);
			const workflows = await rest.workflows();
			report.totals = { workflows: workflows.length, credentials: credentials.length };
			for (const e of examples) {
				if (invalidExamples.some((p) => p.source === e.source)) continue;
				report.examples.push({
					source: e.source,
					id: e.id,
					name: e.name,
					listed: workflows.some((w) => w.id === e.id),
					imported: importedNow.has(e.source) ? 'now' : 'unchanged',
					unknownNodeTypes: e.nodeTypes.filter((t) => !nodeTypes.has(t)),
					unmatchedCredentialTypes: e.unmatchedCredentialTypes,
				});
			}
			for (const e of report.examples) {
				if (e.unknownNodeTypes.length) report.problems.push(`example ${e.source} uses node types n8n does not know: ${e.unknownNodeTypes.join(', ')}`);
				if (e.unmatchedCredentialTypes.length) {
					report.warnings.push(
						`example ${e.source} also needs credentials no simulator provides (add them in the editor): ${e.unmatchedCredentialTypes.join(', ')}`,
					);
				}
			}
		}
		checkpoint();

		if (opts.check) {
			for (const e of report.examples) {
				checkpoint();
				const example = examples.find((x) => x.source === e.source) as ExampleWorkflow;
				if (!e.listed) {
					report.problems.push(`example ${e.source} (${e.id}) is not listed by n8n`);
					continue;
				}
				if (!example.manualTrigger) {
					e.run = { status: 'skipped', reason: 'no Manual Trigger' };
					continue;
				}
				if (e.unknownNodeTypes.length > 0) {
					e.run = { status: 'skipped', reason: 'unknown node types' };
					continue;
				}
				step(`running example "${e.name}"…`);
				try {
					e.run = await rest.runWorkflow(e.id, example.manualTrigger);
				} catch (error) {
					e.run = { status: 'error', error: (error as Error).message };
				}
				if (e.run.status !== 'success') report.problems.push(`example ${e.source} ended with status ${e.run.status}: ${e.run.error ?? ''}`);
			}
			// What the examples' e-mail steps delivered to the local mail catcher (if it is registered).
			const caught = (running.find((sim) => sim.name === 'mail') as { mail?: { messages: Array<{ subject: string; attachments: Array<{ fileName: string }> }> } } | undefined)?.mail?.messages;
			if (caught) {
				report.warnings.push(
					`the mail catcher received ${caught.length} e-mail(s)${caught.length ? `: ${caught.map((m) => `"${m.subject}" [${m.attachments.map((a) => a.fileName).join(', ') || 'no attachment'}]`).join('; ')}` : ''}`,
				);
			}
			report.ok = report.problems.length === 0 && invalidExamples.length === 0 && report.owner.loggedIn;
			report.seconds = Math.round((Date.now() - started) / 1000);
			printCheck(report, opts);
			if (opts.checkReport) fs.writeFileSync(opts.checkReport, JSON.stringify(report, null, 2));
			return report.ok ? 0 : 1;
		}

		printBanner(report, running, opts, logFile, isNewDatabase);
		const outcome = await Promise.race([server.exited.then((how) => `n8n stopped by itself (${how})`), stopRequested.then(() => '')]);
		if (outcome) {
			console.error(`\n${outcome}\n--- last lines of ${rel(logFile)} ---\n${logTail(logFile)}`);
			return 1;
		}
		return 0;
	} catch (error) {
		if (error instanceof Cancelled) return 130;
		console.error(`\nnpm start failed: ${(error as Error).message}`);
		return 1;
	} finally {
		if (server) {
			await server.stop();
			fs.rmSync(pidFile(opts.userFolder), { force: true });
		}
		await Promise.all(running.map(async (s) => await s.stop().catch(() => undefined)));
		await sandbox?.dispose();
		if (stopping) console.log('stopped.');
	}
}

/** One import for all; if n8n rejects the batch, one by one to name the culprit. Returns source → error. */
async function importExamples(sandbox: N8nSandbox, examples: ExampleWorkflow[]): Promise<Map<string, string>> {
	const failures = new Map<string, string>();
	try {
		await sandbox.importWorkflows(examples.map((e) => e.workflow));
		return failures;
	} catch {
		for (const e of examples) {
			try {
				await sandbox.importWorkflows([e.workflow]);
			} catch (error) {
				// n8n logs a generic line first and the cause after it (e.g. "SQLITE_CONSTRAINT: FOREIGN KEY…").
				const causes = (error as Error).message
					.split('\n')
					.filter((l) => l.startsWith('error: ') && !l.includes('See log messages'))
					.map((l) => l.slice('error: '.length).trim());
				failures.set(e.source, [...new Set(causes)].join('; ') || (error as Error).message.split('\n')[0]);
			}
		}
		return failures;
	}
}

function printBanner(report: CheckReport, running: RunningSimulator[], opts: StartOptions, logFile: string, isNewDatabase: boolean) {
	const line = '─'.repeat(78);
	const out: string[] = ['', line, `  n8n is ready: ${report.url}`, line];
	out.push(`  Log in:   ${report.owner.email}  /  ${report.owner.loggedIn ? opts.ownerPassword : '(your own password)'}`);
	out.push(`            local-only account${isNewDatabase || report.owner.createdNow ? ', created just now' : ''}; reset everything: rm -rf ${rel(opts.userFolder)}`);
	out.push('');
	// n8n adds a "<name>Tool" variant of every node with usableAsTool; list the nodes a user picks.
	const nodeNames = report.package.nodeTypes.map((t) => t.slice(PACKAGE_NAME.length + 1));
	const shown = nodeNames.filter((n) => !(n.endsWith('Tool') && nodeNames.includes(n.slice(0, -4))));
	out.push(`  Nodes:    ${shown.join(', ') || '(none loaded: see the n8n log)'}  (${PACKAGE_NAME})`);
	out.push(`  Credentials (Overview → Credentials):`);
	for (const c of report.credentials) out.push(`    - ${c.name}  (${c.type}) → ${c.simulator}`);
	if (report.credentials.length === 0) out.push('    (none: no simulator is registered)');
	out.push(`  Example workflows (Overview → Workflows):`);
	for (const e of report.examples) {
		const notes = [
			e.imported === 'now' ? 'imported now' : '',
			e.listed ? '' : 'deleted in the editor: `npm start -- --reimport-examples` brings it back',
		].filter(Boolean);
		out.push(`    - ${e.name}  ${report.url}/workflow/${e.id}${notes.length ? `  (${notes.join('; ')})` : ''}`);
	}
	if (report.examples.length === 0) out.push(`    (none in ${rel(opts.examplesDir)})`);
	for (const bad of report.invalidExamples) out.push(`    ! ${bad.source}: ${bad.problem}`);
	out.push('');
	out.push('  Simulators (in-memory: state and tokens reset on every start):');
	for (const sim of running) {
		out.push(`    ${sim.name}: ${sim.url}`);
		for (const text of sim.describe()) out.push(`      ${text}`);
	}
	if (running.length === 0) out.push('    (none registered in test/simulators/index.ts)');
	if (report.problems.length + report.warnings.length > 0) {
		out.push('');
		out.push('  Notes:');
		for (const p of [...report.problems, ...report.warnings]) out.push(`    ! ${p}`);
	}
	out.push('');
	out.push(`  n8n log: ${rel(logFile)}    Ctrl+C to stop (n8n and the simulators)`);
	out.push(line);
	console.log(out.join('\n'));
}

function printCheck(report: CheckReport, opts: StartOptions) {
	const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');
	const out = ['', `npm start --check: ${report.ok ? 'OK' : 'FAILED'} (${report.seconds}s)`];
	out.push(`  ${mark(true)} editor up at ${report.url} (user folder ${rel(opts.userFolder)})`);
	out.push(`  ${mark(report.owner.loggedIn)} logged in as ${report.owner.email}${report.owner.createdNow ? ' (owner created now)' : ''}`);
	out.push(
		`  ${mark(report.package.nodeTypes.length > 0 && report.package.moduleResolutionProblems.length === 0)} package loaded: ${report.package.nodeTypes.join(', ') || '(no node types)'}; n8n-workflow/zod resolve to n8n's copies${report.package.moduleResolutionProblems.length ? ` — NO: ${report.package.moduleResolutionProblems.join('; ')}` : ''}`,
	);
	for (const s of report.simulators) out.push(`  ${mark(true)} simulator ${s.name} at ${s.url}`);
	for (const c of report.credentials) out.push(`  ${mark(c.listed)} credential "${c.name}" (${c.type}, id ${c.id}) listed by GET /rest/credentials`);
	for (const e of report.examples) {
		const run = e.run ? ('reason' in e.run ? `run skipped (${e.run.reason})` : `run: ${e.run.status}${e.run.error ? ` — ${e.run.error}` : ''}`) : 'not run';
		const ok = e.listed && (!e.run || e.run.status === 'success' || e.run.status === 'skipped') && !e.unknownNodeTypes.length;
		out.push(`  ${mark(ok)} example ${e.source} → "${e.name}" (id ${e.id}) listed by GET /rest/workflows; ${run}`);
	}
	if (report.examples.length === 0) out.push(`  (no examples in ${rel(opts.examplesDir)})`);
	for (const bad of report.invalidExamples) out.push(`  FAIL example ${bad.source}: ${bad.problem}`);
	for (const p of report.problems) out.push(`  ! ${p}`);
	for (const w of report.warnings) out.push(`  (note) ${w}`);
	console.log(out.join('\n'));
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
