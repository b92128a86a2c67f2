/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, not shipped in dist/ */
/**
 * The bits of n8n 1.123's internal REST API (`/rest/...`, what the editor itself calls) that `npm start`
 * needs: owner setup, login, listing, running a workflow. Routes checked against n8n 1.123.81's
 * dist/controllers (owner.controller.js: POST /owner/setup {email, firstName, lastName, password},
 * skipAuth; auth.controller.js: POST /login {emailOrLdapLoginId, password}; workflows.controller.js:
 * POST /workflows/:id/run). Responses are `{data: ...}`.
 */
import { randomUUID } from 'crypto';

export class N8nRest {
	private cookie: string | undefined;
	/** The auth cookie is bound to a browser id (a header the editor sends); keep one per client. */
	private readonly browserId = randomUUID();

	/** `timeoutMs`: how long one request may take (no limit when not given). */
	constructor(
		readonly baseUrl: string,
		private readonly timeoutMs?: number,
	) {}

	async request<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; data: T; text: string }> {
		const res = await fetch(`${this.baseUrl}${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				accept: 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: this.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.timeoutMs),
		});
		const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON (HTML, "n8n is starting up")
		}
		const data = (typeof parsed === 'object' && parsed !== null && 'data' in parsed ? (parsed as { data: unknown }).data : parsed) as T;
		return { status: res.status, data, text };
	}

	async ok<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const res = await this.request<T>(method, route, body);
		if (res.status < 200 || res.status >= 300) {
			throw new Error(`${method} ${route} answered ${res.status}: ${res.text.slice(0, 800)}`);
		}
		return res.data;
	}

	/** The editor's own check: does the first visit show the "Set up owner account" page? */
	async ownerSetUp(): Promise<boolean> {
		const settings = await this.ok<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/rest/settings');
		return settings.userManagement?.showSetupOnFirstLoad !== true;
	}

	async setupOwner(email: string, password: string): Promise<void> {
		await this.ok('POST', '/rest/owner/setup', { email, firstName: 'Local', lastName: 'Owner', password });
	}

	async login(email: string, password: string): Promise<{ email: string }> {
		return await this.ok('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	async credentials(): Promise<Array<{ id: string; name: string; type: string }>> {
		return await this.ok('GET', '/rest/credentials');
	}

	async workflows(): Promise<Array<{ id: string; name: string }>> {
		const data = await this.ok<Array<{ id: string; name: string }> | { data: Array<{ id: string; name: string }> }>(
			'GET',
			'/rest/workflows',
		);
		return Array.isArray(data) ? data : data.data;
	}

	/** Node type names n8n loaded (the editor's `/types/nodes.json`, behind the login). */
	async nodeTypes(): Promise<Set<string>> {
		const types = await this.ok<Array<{ name: string }>>('GET', '/types/nodes.json');
		return new Set(types.map((t) => t.name));
	}

	/**
	 * Runs a saved workflow like the editor's "Execute workflow" button, from its Manual Trigger, and waits
	 * for the execution to finish (manual executions are saved, so their outcome can be read back).
	 */
	async runWorkflow(id: string, triggerName: string, timeoutMs = 120_000): Promise<RunOutcome> {
		const workflowData = await this.ok<Record<string, unknown>>('GET', `/rest/workflows/${id}`);
		const started = await this.ok<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/rest/workflows/${id}/run`, {
			workflowData,
			triggerToStartFrom: { name: triggerName },
		});
		if (!started.executionId) return { status: 'not started', error: JSON.stringify(started) };
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.ok<{ status: string; finished?: boolean; data?: string }>(
				'GET',
				`/rest/executions/${started.executionId}`,
			);
			const run = typeof execution.data === 'string' ? (unflatten(execution.data) as RunData | unknown[]) : undefined;
			// Finished, with its data written (older sqlite setups write status and data separately).
			if (!['new', 'running', 'waiting'].includes(execution.status) && run && !Array.isArray(run)) {
				const error = run.resultData?.error;
				return {
					executionId: started.executionId,
					status: execution.status,
					lastNode: run.resultData?.lastNodeExecuted,
					error: error ? [error.message, error.description].filter(Boolean).join(' — ') : undefined,
				};
			}
			if (Date.now() > deadline) return { executionId: started.executionId, status: `still ${execution.status} after ${timeoutMs / 1000}s` };
			await new Promise((r) => setTimeout(r, 500));
		}
	}
}

export interface RunOutcome {
	executionId?: string;
	/** n8n's execution status: success, error, crashed, canceled… */
	status: string;
	lastNode?: string;
	error?: string;
}

interface RunData {
	resultData?: { error?: { message?: string; description?: string }; lastNodeExecuted?: string };
}

/**
 * n8n stores execution data with `flatted` (circular-safe JSON): an array whose first entry is the root and
 * where every string inside an object/array entry is the index of another entry.
 */
export function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const done = new Map<number, unknown>();
	const resolve = (index: number): unknown => {
		if (done.has(index)) return done.get(index);
		const raw = table[index];
		if (typeof raw !== 'object' || raw === null) {
			done.set(index, raw);
			return raw;
		}
		const out: Record<string, unknown> | unknown[] = Array.isArray(raw) ? [] : {};
		done.set(index, out);
		for (const [key, value] of Object.entries(raw)) {
			(out as Record<string, unknown>)[key] = typeof value === 'string' ? resolve(Number(value)) : value;
		}
		return out;
	};
	return resolve(0);
}
