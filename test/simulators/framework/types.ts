import type { SimServer } from './server';

/** What every provider simulator returns when started. */
export interface RunningSimulator {
	/** Short provider key: `facepro`, `factus`, `factuconect`. */
	name: string;
	url: string;
	server: SimServer;
	/** Lines printed by `npm run simulators`: base URL, ready-to-use credentials, tokens. */
	describe(): string[];
	/** Credential data (n8n credential `data`) that works against this simulator, keyed by credential type. */
	credentials(): Record<string, Record<string, unknown>>;
	stop(): Promise<void>;
}

export interface SimulatorStartOptions {
	/** Fixed port (0 = random). */
	port?: number;
}

export type SimulatorFactory = (options?: SimulatorStartOptions) => Promise<RunningSimulator>;
