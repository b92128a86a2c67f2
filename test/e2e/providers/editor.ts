/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The n8n editor's server side for a sandbox: `n8n start` on a free local port, an owner account, and the
 * REST calls the editor makes for a credential and a node's parameters — "Test connection"
 * (POST /rest/credentials/test), dropdowns (POST /rest/dynamic-node-parameters/options) and searchable
 * lists (…/resource-locator-results). Routes and bodies as in n8n 1.123.81 (`@n8n/api-types` DTOs:
 * TestCredentialRequestDto, OptionsRequestDto, ResourceLocatorRequestDto).
 */
import { spawn, type ChildProcess } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { IDataObject, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import type { N8nSandbox } from '../runtime/instance';
import { readableLog } from '../runtime/instance';

/** A throwaway owner of a throwaway instance (n8n wants 8+ characters with a digit and an uppercase letter). */
const OWNER = { email: 'e2e-owner@example.com', password: `E2e-${randomUUID()}`, firstName: 'E2E', lastName: 'Owner' };

export interface CredentialRef {
	id: string;
	name: string;
	type: string;
}

async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export class N8nEditor {
	private cookie = '';

	/** The auth cookie is bound to this id, which the editor sends as a header. */
	private readonly browserId = randomUUID();

	private constructor(
		readonly url: string,
		private readonly child: ChildProcess,
		readonly logFile: string,
		private readonly exited: Promise<void>,
	) {}

	/** Starts `n8n start` on the sandbox's user folder, waits until the REST API answers, sets up the owner and logs in. */
	static async start(sandbox: N8nSandbox, timeoutMs = 120_000): Promise<N8nEditor> {
		const port = await freePort();
		const logFile = path.join(sandbox.userFolder, 'n8n-start.log');
		const fd = fs.openSync(logFile, 'w');
		const child = spawn(sandbox.runtime.nodeBin, [sandbox.runtime.n8nBin, 'start'], {
			cwd: sandbox.userFolder,
			env: { ...sandbox.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_SECURE_COOKIE: 'false' },
			stdio: ['ignore', fd, fd],
			detached: true, // own process group: stopping it stops whatever it spawned
		});
		fs.closeSync(fd);
		let exitedWith: string | undefined;
		const exited = new Promise<void>((resolve) => {
			child.once('exit', (code, signal) => {
				exitedWith = signal ?? `exit ${code}`;
				resolve();
			});
			child.once('error', (error) => {
				exitedWith = error.message;
				resolve();
			});
		});
		const editor = new N8nEditor(`http://127.0.0.1:${port}`, child, logFile, exited);
		let failure: unknown;
		try {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				if (exitedWith) throw new Error(`n8n start stopped (${exitedWith})`);
				// Our n8n is listening (not some other program that took the port meanwhile), and its REST API is
				// mounted (/healthz answers earlier; /rest/settings is the editor's first call).
				if (editor.logHas('Editor is now accessible via')) {
					try {
						const res = await fetch(`${editor.url}/rest/settings`, { signal: AbortSignal.timeout(2000) });
						if (res.ok) break;
					} catch {
						// not answering yet
					}
				}
				if (Date.now() > deadline) throw new Error(`n8n start did not answer within ${timeoutMs / 1000} s`);
				await new Promise((r) => setTimeout(r, 300));
			}
			await editor.ok('POST', '/rest/owner/setup', OWNER);
			await editor.ok('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
			return editor;
		} catch (error) {
			failure = error;
		}
		// Never leave n8n running behind a failed start (it would also keep jest from exiting).
		const log = editor.logTail();
		await editor.stop();
		throw new Error(`${(failure as Error).message}\n--- n8n start log (${logFile}) ---\n${log}`);
	}

	/** SIGTERM to n8n's process group (it shuts down gracefully), SIGKILL after 15 s. */
	async stop(): Promise<void> {
		const pid = this.child.pid;
		if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
		const signal = (s: NodeJS.Signals) => {
			try {
				process.kill(-pid, s);
			} catch {
				// group gone
			}
		};
		signal('SIGTERM');
		const timer = setTimeout(() => signal('SIGKILL'), 15_000);
		await this.exited;
		clearTimeout(timer);
		signal('SIGKILL');
	}

	private logHas(text: string): boolean {
		try {
			return fs.readFileSync(this.logFile, 'utf8').includes(text);
		} catch {
			return false;
		}
	}

	logTail(lines = 40): string {
		try {
			return readableLog(fs.readFileSync(this.logFile, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
		} catch {
			return '(no log)';
		}
	}

	async request<T>(method: string, route: string, body?: unknown): Promise<{ status: number; data: T; text: string }> {
		const res = await fetch(`${this.url}${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				accept: 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		const data = (typeof parsed === 'object' && parsed !== null && 'data' in parsed ? (parsed as { data: unknown }).data : parsed) as T;
		return { status: res.status, data, text };
	}

	async ok<T>(method: string, route: string, body?: unknown): Promise<T> {
		const res = await this.request<T>(method, route, body);
		if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${route} answered ${res.status}: ${res.text.slice(0, 800)}`);
		return res.data;
	}

	/** Node and credential types the editor offers. */
	async types(): Promise<{ nodes: string[]; credentials: string[] }> {
		const nodes = await this.ok<Array<{ name: string }>>('GET', '/types/nodes.json');
		const credentials = await this.ok<Array<{ name: string }>>('GET', '/types/credentials.json');
		return { nodes: nodes.map((n) => n.name), credentials: credentials.map((c) => c.name) };
	}

	/** The credential dialog's "Test connection" for a stored credential, with the form's data (edited or not). */
	async testCredential(credential: CredentialRef, data: IDataObject): Promise<{ status: string; message: string }> {
		return await this.ok('POST', '/rest/credentials/test', { credentials: { ...credential, data } });
	}

	/** A dropdown (`loadOptionsMethod`) of a node, as the editor loads it for the node's current parameters. */
	async options(
		node: { type: string; version: number },
		parameter: string,
		methodName: string,
		currentNodeParameters: IDataObject,
		credentials: Record<string, CredentialRef>,
	): Promise<INodePropertyOptions[]> {
		return await this.ok('POST', '/rest/dynamic-node-parameters/options', {
			path: `parameters.${parameter}`,
			methodName,
			nodeTypeAndVersion: { name: node.type, version: node.version },
			currentNodeParameters,
			credentials: credentialsParameter(credentials),
		});
	}

	/** A searchable list (`searchListMethod`) of a resource locator, with the text typed in it. */
	async listSearch(
		node: { type: string; version: number },
		parameter: string,
		methodName: string,
		currentNodeParameters: IDataObject,
		credentials: Record<string, CredentialRef>,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		return await this.ok('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
			path: `parameters.${parameter}`,
			methodName,
			nodeTypeAndVersion: { name: node.type, version: node.version },
			currentNodeParameters,
			credentials: credentialsParameter(credentials),
			...(filter !== undefined ? { filter } : {}),
			...(paginationToken !== undefined ? { paginationToken } : {}),
		});
	}
}

/** `{credentialType: {id, name}}`, what a node's `credentials` hold. */
function credentialsParameter(credentials: Record<string, CredentialRef>): Record<string, { id: string; name: string }> {
	return Object.fromEntries(Object.entries(credentials).map(([type, c]) => [type, { id: c.id, name: c.name }]));
}
