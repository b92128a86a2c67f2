/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * How the e2e runner judges an `n8n execute` process (test/e2e/runtime/instance.ts), against a stand-in for
 * the n8n CLI that prints a run and/or crashes the way n8n 2.x's CLI can (SIGSEGV while exiting): the
 * result comes from what was printed, a crash after the result keeps it, and only a crash before any
 * result starts the workflow again — a printed run is never repeated.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { endedAs, N8nSandbox } from '../e2e/runtime/instance';
import type { N8nRuntime } from '../e2e/runtime/provision';

/**
 * Fake `n8n`: step N of FAKE_N8N_PLAN (comma-separated) decides what process N does: `ok` / `fail` print a
 * run (without / with an error) as n8n's JSON log line and exit 0 / 1; `ok-crash` / `fail-crash` print it,
 * then die from SIGSEGV; `crash` dies before printing anything. Each call is appended to `calls.log`.
 */
const FAKE_N8N = `
const fs = require('fs');
const calls = fs.existsSync('calls.log') ? fs.readFileSync('calls.log', 'utf8').split('\\n').filter(Boolean) : [];
fs.appendFileSync('calls.log', process.argv.slice(2).join(' ') + '\\n');
const step = process.env.FAKE_N8N_PLAN.split(',')[calls.length] || 'ok';
const run = (error) => ({ data: { resultData: { runData: { Start: [{ data: { main: [[{ json: { step } }]] } }] }, ...(error ? { error: { message: 'boom' } } : {}) } } });
const print = (error) => process.stdout.write(JSON.stringify({ level: 'info', message: JSON.stringify(run(error)) }) + '\\n');
if (step === 'crash') process.kill(process.pid, 'SIGSEGV');
else {
	print(step.startsWith('fail'));
	if (step.endsWith('-crash')) process.kill(process.pid, 'SIGSEGV');
	else process.exitCode = step === 'fail' ? 1 : 0;
}
`;

describe('n8n execute, judged by what n8n printed', () => {
	let dir: string;
	let runtime: N8nRuntime;

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-n8n-'));
		fs.mkdirSync(path.join(dir, 'dist'));
		fs.writeFileSync(path.join(dir, 'n8n.js'), FAKE_N8N);
		runtime = { n8nVersion: '2.40.7', major: 2, nodeBin: process.execPath, n8nBin: path.join(dir, 'n8n.js'), cacheDir: dir };
	});

	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	async function execute(plan: string) {
		const sandbox = await N8nSandbox.create(path.join(dir, 'dist'), { runtime, env: { FAKE_N8N_PLAN: plan }, timeoutMs: 20_000 });
		try {
			const res = await sandbox.execute('wf1');
			const calls = fs.readFileSync(path.join(sandbox.userFolder, 'calls.log'), 'utf8').trim().split('\n');
			return { res, calls };
		} finally {
			await sandbox.dispose();
		}
	}

	it('a clean exit with a successful run is ok', async () => {
		const { res, calls } = await execute('ok');
		expect(res).toMatchObject({ ok: true, exitCode: 0, signal: null, crashedAfterResult: false, attempts: 1 });
		expect(endedAs(res)).toBe('exit code 0');
		expect(calls).toEqual(['execute --id=wf1 --rawOutput']);
	});

	it('a crash after printing a successful run keeps the run (ok), and the workflow is not run again', async () => {
		const { res, calls } = await execute('ok-crash');
		expect(res).toMatchObject({ ok: true, signal: 'SIGSEGV', crashedAfterResult: true, attempts: 1 });
		expect(res.data?.data.resultData.runData.Start[0].data?.main[0]?.[0].json).toEqual({ step: 'ok-crash' });
		expect(endedAs(res)).toBe('crashed with SIGSEGV after printing the run');
		expect(calls).toHaveLength(1);
	});

	it('a crash after printing a failed run is a failed run with its error, not retried', async () => {
		const { res, calls } = await execute('fail-crash');
		expect(res).toMatchObject({ ok: false, crashedAfterResult: true, attempts: 1 });
		expect(res.data?.data.resultData.error).toMatchObject({ message: 'boom' });
		expect(calls).toHaveLength(1);
	});

	it('a crash before any result starts the workflow again (at most twice more)', async () => {
		const once = await execute('crash,ok');
		expect(once.res).toMatchObject({ ok: true, exitCode: 0, attempts: 2 });
		expect(once.calls).toHaveLength(2);

		const always = await execute('crash,crash,crash,ok');
		expect(always.res).toMatchObject({ ok: false, data: undefined, signal: 'SIGSEGV', crashedAfterResult: false, attempts: 3 });
		expect(endedAs(always.res)).toBe('crashed with SIGSEGV before printing a run');
		expect(always.calls).toHaveLength(3);
	});

	it('a failed run with exit code 1 is reported as it is, not retried', async () => {
		const { res, calls } = await execute('fail');
		expect(res).toMatchObject({ ok: false, exitCode: 1, crashedAfterResult: false, attempts: 1 });
		expect(endedAs(res)).toBe('exit code 1');
		expect(calls).toHaveLength(1);
	});
});
