/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Proves the real-n8n runner end to end with a throwaway package generated here (not part of the repo):
 * a credential with a hidden expirable token + preAuthentication, and a node that calls a local HTTP
 * server through httpRequestWithAuthentication and returns a PDF via prepareBinaryData (stored by n8n's
 * filesystem binary-data mode).
 *
 * First run provisions n8n (minutes); later runs reuse the cache.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';

import { endedAs, N8nSandbox, nodeItems, readableLog } from './instance';
import { ensureN8nRuntime } from './provision';

const CREDENTIAL_JS = `'use strict';
class ThrowawayApi {
	constructor() {
		this.name = 'throwawayApi';
		this.displayName = 'Throwaway API';
		this.properties = [
			{ displayName: 'Session Token', name: 'sessionToken', type: 'hidden', typeOptions: { expirable: true }, default: '' },
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Username', name: 'username', type: 'string', default: '' },
			{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		];
		this.authenticate = { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' } } };
		this.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' } };
	}
	async preAuthentication(credentials) {
		const res = await this.helpers.httpRequest({
			method: 'POST', url: credentials.baseUrl + '/login', json: true,
			body: { username: credentials.username, password: credentials.password },
		});
		return { sessionToken: res.token };
	}
}
exports.ThrowawayApi = ThrowawayApi;
`;

// Requires n8n-workflow on purpose: it must resolve to n8n's own copy from the sandbox's extension folder.
const NODE_JS = `'use strict';
const { NodeConnectionTypes } = require('n8n-workflow');
class Throwaway {
	constructor() {
		this.description = {
			displayName: 'Throwaway', name: 'throwaway', group: ['transform'], version: 1, subtitle: 'get invoice',
			description: 'e2e runner self-test', defaults: { name: 'Throwaway' },
			inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'throwawayApi', required: true }],
			properties: [{ displayName: 'Invoice', name: 'invoice', type: 'string', default: '' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		const { baseUrl } = await this.getCredentials('throwawayApi');
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const url = baseUrl + '/invoices/' + this.getNodeParameter('invoice', i);
			const json = await this.helpers.httpRequestWithAuthentication.call(this, 'throwawayApi', { method: 'GET', url, json: true });
			const pdf = await this.helpers.httpRequestWithAuthentication.call(this, 'throwawayApi', { method: 'GET', url: url + '/pdf', encoding: 'arraybuffer' });
			const data = await this.helpers.prepareBinaryData(Buffer.from(pdf), json.number + '.pdf', 'application/pdf');
			out.push({ json, binary: { data }, pairedItem: { item: i } });
		}
		return [out];
	}
}
exports.Throwaway = Throwaway;
`;

const INVOICE = { number: 'FE-1', total: 119, status: 'accepted' };
const PDF = Buffer.from('%PDF-1.4\n% throwaway\n%%EOF\n');

/** Login hands out tok-1, tok-2, …; only the latest token is accepted (expire() forces a 401). */
function startServer() {
	const state = { logins: 0, valid: '', auth: [] as string[] };
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			const send = (status: number, payload: string | Buffer, type = 'application/json') => {
				res.writeHead(status, { 'content-type': type });
				res.end(payload);
			};
			if (req.method === 'POST' && req.url === '/login') {
				const { username, password } = JSON.parse(body || '{}') as { username?: string; password?: string };
				if (username !== 'ana' || password !== 's3cret') return send(401, '{"error":"bad login"}');
				state.valid = `tok-${++state.logins}`;
				return send(200, JSON.stringify({ token: state.valid }));
			}
			state.auth.push(req.headers.authorization ?? '');
			if (!state.valid || req.headers.authorization !== `Bearer ${state.valid}`) return send(401, '{"error":"expired"}');
			if (req.url === '/invoices/FE-1') return send(200, JSON.stringify(INVOICE));
			if (req.url === '/invoices/FE-1/pdf') return send(200, PDF, 'application/pdf');
			return send(404, '{"error":"not found"}');
		});
	});
	return { server, state, expire: () => (state.valid = 'expired-by-test') };
}

function workflow(id: string, invoice: string) {
	return {
		id,
		name: `runner self-test ${id}`,
		nodes: [
			{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'n2',
				name: 'Throwaway',
				type: 'CUSTOM.throwaway',
				typeVersion: 1,
				position: [220, 0],
				parameters: { invoice },
				credentials: { throwawayApi: { id: 'cred1', name: 'Throwaway account' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Throwaway', type: 'main', index: 0 }]] } },
	};
}

/**
 * Manual Trigger → Code node → Edit Fields reading the Code node's output twice: `$json` (the input item)
 * and `$('Code').first()` (a node reference, resolved by n8n's expression engine from the run data).
 */
function codeWorkflow(id: string) {
	return {
		id,
		name: `runner self-test ${id}`,
		nodes: [
			{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'n2', name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: 'return [{ json: { total: 119 } }];' } },
			{
				id: 'n3',
				name: 'After',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [440, 0],
				parameters: {
					mode: 'manual',
					includeOtherFields: true,
					options: {},
					assignments: {
						assignments: [
							{ id: 'a1', name: 'viaJson', value: '={{ $json.total }}', type: 'number' },
							{ id: 'a2', name: 'viaNodeReference', value: "={{ $('Code').first().json.total }}", type: 'number' },
						],
					},
				},
			},
		],
		connections: { Start: { main: [[{ node: 'Code', type: 'main', index: 0 }]] }, Code: { main: [[{ node: 'After', type: 'main', index: 0 }]] } },
	};
}

const timings: Record<string, number> = {};
const report = (line: string) => process.stderr.write(`[runtime.e2e] ${line}\n`);

describe('real n8n runtime runner', () => {
	const { server, state, expire } = startServer();
	let pkgDir = '';
	let sandbox: N8nSandbox;

	beforeAll(async () => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

		pkgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'throwaway-n8n-pkg-'));
		fs.mkdirSync(path.join(pkgDir, 'credentials'));
		fs.mkdirSync(path.join(pkgDir, 'nodes', 'Throwaway'), { recursive: true });
		fs.writeFileSync(path.join(pkgDir, 'credentials', 'ThrowawayApi.credentials.js'), CREDENTIAL_JS);
		fs.writeFileSync(path.join(pkgDir, 'nodes', 'Throwaway', 'Throwaway.node.js'), NODE_JS);

		let t = Date.now();
		const runtime = await ensureN8nRuntime();
		timings.ensureRuntime = Date.now() - t;
		sandbox = await N8nSandbox.create(pkgDir, { runtime });
		t = Date.now();
		await sandbox.importCredentials([
			{ id: 'cred1', name: 'Throwaway account', type: 'throwawayApi', data: { baseUrl, username: 'ana', password: 's3cret' } },
		]);
		timings.importCredentials = Date.now() - t; // includes the DB migrations of a fresh instance
		t = Date.now();
		await sandbox.importWorkflows([workflow('wfInvoice1', 'FE-1'), workflow('wfMissing2', 'NOPE'), codeWorkflow('wfCode3')]);
		timings.importWorkflows = Date.now() - t;
	});

	afterAll(async () => {
		await sandbox?.dispose();
		if (pkgDir) fs.rmSync(pkgDir, { recursive: true, force: true });
		await new Promise((resolve) => server.close(resolve));
		report(`timings (ms): ${JSON.stringify(timings)}`);
	});

	it('runs the workflow: server JSON and the binary reach the output', async () => {
		const res = await sandbox.execute('wfInvoice1');
		timings.execute = res.durationMs;
		if (!res.ok) throw new Error(`run failed (exit ${res.exitCode}):\n${res.stderr}\n${res.stdout}`);

		const [item] = nodeItems(res.data, 'Throwaway');
		expect(item.json).toEqual(INVOICE);
		expect(item.binary?.data).toMatchObject({ fileName: 'FE-1.pdf', mimeType: 'application/pdf', fileExtension: 'pdf' });
		// Filesystem binary mode: the run holds a reference, the file n8n stored holds the server's bytes.
		expect(item.binary!.data.id).toMatch(/^filesystem-v2:workflows\/wfInvoice1\/executions\/\d+\/binary_data\//);
		expect(sandbox.storedBinary(item.binary!.data)).toEqual(PDF);
		expect(nodeItems(res.data, 'Start')).toHaveLength(1); // per-node run data, not just the last node
		expect(state.logins).toBe(1);
		expect(state.auth).toEqual(['Bearer tok-1', 'Bearer tok-1']);
	});

	it('persists the token saved by preAuthentication in the stored credential', async () => {
		const t = Date.now();
		const data = await sandbox.exportCredential('cred1');
		timings.exportCredential = Date.now() - t;
		expect(data).toMatchObject({ sessionToken: 'tok-1', username: 'ana', password: 's3cret' });
	});

	it('reuses the stored token in the next execution (no second login)', async () => {
		const res = await sandbox.execute('wfInvoice1');
		expect(res.ok).toBe(true);
		expect(state.logins).toBe(1);
	});

	it('logs in again after a 401 and stores the new token', async () => {
		expire();
		const res = await sandbox.execute('wfInvoice1');
		expect(res.ok).toBe(true);
		expect(state.logins).toBe(2);
		expect(await sandbox.exportCredential('cred1')).toMatchObject({ sessionToken: 'tok-2' });
	});

	it('reports a failed run (n8n 1.x: exit code 1; 2.x: exit code 1, or a crash after printing the run) with the error inside the run data', async () => {
		const res = await sandbox.execute('wfMissing2');
		expect(res.ok).toBe(false);
		if (sandbox.runtime.major === 1) expect(res.exitCode).toBe(1);
		else expect(endedAs(res)).toMatch(/^(exit code 1|crashed with SIG[A-Z]+ after printing the run)$/);
		expect(res.data?.data.resultData.lastNodeExecuted).toBe('Throwaway');
		expect(res.data?.data.resultData.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
	});

	it('task runners as each n8n line defaults them: off in 1.x, on in 2.x (own broker port per process)', async () => {
		const res = await sandbox.execute('wfCode3');
		expect(res.ok).toBe(true);
		const [after] = nodeItems(res.data, 'After');
		const log = readableLog(res.stdout);
		if (sandbox.runtime.major === 1) {
			expect(log).not.toContain('Task Broker ready');
			// Without runners, n8n 1.123 evaluates a reference to a Code node's output to null in later nodes
			// (the reason test/e2e/providers build several items with Edit Fields + Split Out instead).
			expect(after.json).toEqual({ total: 119, viaJson: 119, viaNodeReference: null });
		} else {
			// The broker listens on the port the sandbox gave this process, not on n8n's fixed 5679.
			expect(res.brokerPort).not.toBe(5679);
			expect(log).toContain(`n8n Task Broker ready on 127.0.0.1, port ${res.brokerPort}`);
			expect(log).toMatch(/Registered runner "JS Task Runner"/);
			expect(after.json).toEqual({ total: 119, viaJson: 119, viaNodeReference: 119 });
		}
	});

	it('execute-batch runs several workflows in one n8n process', async () => {
		const res = await sandbox.executeBatch(['wfInvoice1', 'wfMissing2']);
		timings.executeBatch2 = res.durationMs;
		// exit code 1, or SIGSEGV while exiting (see executeBatch): results come from the summary file
		expect(res.ok).toBe(false);
		expect(res.results.wfInvoice1.status).toBe('success');
		expect(nodeItems(res.results.wfInvoice1.data, 'Throwaway')[0].json).toEqual(INVOICE);
		expect(res.results.wfMissing2).toMatchObject({ status: 'error', data: undefined });
		expect(res.results.wfMissing2.error).toMatch(/on node Throwaway$/);
	});
});
