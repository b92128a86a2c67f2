/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The n8n editor's server side for a sandbox: `n8n start` on a free local port, an owner account, and the
 * REST calls the editor makes for a credential and a node's parameters — "Test connection"
 * (POST /rest/credentials/test), dropdowns (POST /rest/dynamic-node-parameters/options) and searchable
 * lists (…/resource-locator-results). Routes and bodies as in n8n 1.123.81 (`@n8n/api-types` DTOs:
 * TestCredentialRequestDto, OptionsRequestDto, ResourceLocatorRequestDto).
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { freePort, logTail, startN8n, waitUntilUp, type N8nServer } from '../../../scripts/local-n8n/n8nProcess';
import { N8nRest } from '../../../scripts/local-n8n/rest';
import type { N8nSandbox } from '../runtime/instance';

/** A throwaway owner of a throwaway instance (n8n wants 8+ characters with a digit and an uppercase letter). */
const OWNER = { email: 'e2e-owner@example.com', password: `E2e-${randomUUID()}`, firstName: 'E2E', lastName: 'Owner' };

export interface CredentialRef {
	id: string;
	name: string;
	type: string;
}

export class N8nEditor {
	private readonly rest: N8nRest;

	private constructor(
		readonly url: string,
		private readonly server: N8nServer,
		readonly logFile: string,
	) {
		this.rest = new N8nRest(url, 60_000);
	}

	/** Starts `n8n start` on the sandbox's user folder, waits until the REST API answers, sets up the owner and logs in. */
	static async start(sandbox: N8nSandbox, timeoutMs = 120_000): Promise<N8nEditor> {
		const port = await freePort();
		const logFile = path.join(sandbox.userFolder, 'n8n-start.log');
		const server = startN8n(
			sandbox.runtime,
			await sandbox.processEnv({ N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_SECURE_COOKIE: 'false' }),
			sandbox.userFolder,
			logFile,
		);
		const editor = new N8nEditor(`http://127.0.0.1:${port}`, server, logFile);
		let failure: unknown;
		try {
			// Our n8n is listening (not some other program that took the port meanwhile), and its REST API is
			// mounted (/healthz answers earlier; /rest/settings is the editor's first call).
			await waitUntilUp(`${editor.url}/rest/settings`, server, timeoutMs, () => false, () => editor.logHas('Editor is now accessible via'));
			await editor.rest.ok('POST', '/rest/owner/setup', OWNER);
			await editor.rest.login(OWNER.email, OWNER.password);
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
		await this.server.stop(15_000);
	}

	private logHas(text: string): boolean {
		try {
			return fs.readFileSync(this.logFile, 'utf8').includes(text);
		} catch {
			return false;
		}
	}

	logTail(lines = 40): string {
		return logTail(this.logFile, lines);
	}

	/** One node type as the editor receives it (description with its codex: the node panel searches its aliases). */
	async nodeType(name: string): Promise<IDataObject | undefined> {
		const nodes = await this.rest.ok<IDataObject[]>('GET', '/types/nodes.json');
		return nodes.find((n) => n.name === name);
	}

	/** Node and credential types the editor offers. */
	async types(): Promise<{ nodes: string[]; credentials: string[] }> {
		const nodes = await this.rest.ok<Array<{ name: string }>>('GET', '/types/nodes.json');
		const credentials = await this.rest.ok<Array<{ name: string }>>('GET', '/types/credentials.json');
		return { nodes: nodes.map((n) => n.name), credentials: credentials.map((c) => c.name) };
	}

	/** The credential dialog's "Test connection" for a stored credential, with the form's data (edited or not). */
	async testCredential(credential: CredentialRef, data: IDataObject): Promise<{ status: string; message: string }> {
		return await this.rest.ok('POST', '/rest/credentials/test', { credentials: { ...credential, data } });
	}

	/** A dropdown (`loadOptionsMethod`) of a node, as the editor loads it for the node's current parameters. */
	async options(
		node: { type: string; version: number },
		parameter: string,
		methodName: string,
		currentNodeParameters: IDataObject,
		credentials: Record<string, CredentialRef>,
	): Promise<INodePropertyOptions[]> {
		return await this.rest.ok('POST', '/rest/dynamic-node-parameters/options', {
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
		return await this.rest.ok('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
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
