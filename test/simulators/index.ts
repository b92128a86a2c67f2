/**
 * The registry of provider simulators. `npm run simulators` and `npm start` start every entry.
 * Each provider adds its own line.
 */
import type { SimulatorFactory } from './framework/types';
import { startFacEProSimulator } from './facepro';
import { startFactuconectSimulator } from './factuconect';
import { factusSimulator } from './factus';
import { startMailSimulator } from './mail';

export const simulators: Record<string, SimulatorFactory> = {
	facepro: startFacEProSimulator,
	factuconect: startFactuconectSimulator,
	factus: factusSimulator,
	// Not a provider: catches the e-mails example workflows send ("SMTP account").
	mail: startMailSimulator,
};
