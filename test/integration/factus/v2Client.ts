/**
 * A bare HTTP client for the Factus v2 simulator tests: logs in with the password grant and sends JSON,
 * so that these tests exercise the simulator's v2 contract itself (the node's v2 support comes later).
 */
import type { FactusSimOptions, FactusSimulator } from '../../simulators/factus';
import { startFactusSimulator } from '../../simulators/factus';

export interface Answer {
	status: number;
	headers: Headers;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in assertions
	body: any;
}

export class V2Client {
	private token = '';

	constructor(readonly sim: FactusSimulator) {}

	async login(): Promise<void> {
		const form = new URLSearchParams({
			grant_type: 'password',
			client_id: this.sim.client.clientId,
			client_secret: this.sim.client.clientSecret,
			username: this.sim.user.email,
			password: this.sim.user.password,
		});
		const response = await fetch(`${this.sim.url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: form.toString(),
		});
		this.token = ((await response.json()) as { access_token: string }).access_token;
	}

	async call(method: string, path: string, body?: unknown, token = this.token): Promise<Answer> {
		const response = await fetch(`${this.sim.url}${path}`, {
			method,
			headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const raw = await response.text();
		let parsed: unknown = raw;
		try {
			parsed = JSON.parse(raw);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, headers: response.headers, body: parsed };
	}

	get = async (path: string) => await this.call('GET', path);

	post = async (path: string, body: unknown) => await this.call('POST', path, body);
}

/** Simulator started once per file, reset and logged in again before each test. */
export function useV2(options: FactusSimOptions = {}): { sim: FactusSimulator; api: V2Client } {
	const setup = {} as { sim: FactusSimulator; api: V2Client };
	beforeAll(async () => {
		setup.sim = await startFactusSimulator({ rateLimit: { limit: 10_000, windowMs: 60_000 }, ...options });
		setup.api = new V2Client(setup.sim);
	});
	afterAll(async () => await setup.sim?.stop());
	beforeEach(async () => {
		setup.sim.reset();
		await setup.api.login();
	});
	return setup;
}

/** A deep copy of a documented body with some fields replaced. */
export function withChanges(body: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
	return { ...(JSON.parse(JSON.stringify(body)) as Record<string, unknown>), ...changes };
}
