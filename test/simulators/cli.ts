/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- test tooling, not shipped in dist/ */
/**
 * `npm run simulators`: starts every provider simulator on 127.0.0.1 and prints how to reach it.
 * Ports: random, or `--port-base N` (N, N+1, … in registry order) for stable URLs.
 */
import { simulators } from './index';
import type { RunningSimulator } from './framework/types';

async function main() {
	const baseArg = process.argv.indexOf('--port-base');
	const portBase = baseArg > -1 ? Number(process.argv[baseArg + 1]) : 0;
	const running: RunningSimulator[] = [];
	let offset = 0;
	for (const [name, start] of Object.entries(simulators)) {
		const sim = await start({ port: portBase ? portBase + offset : 0 });
		offset++;
		running.push(sim);
		console.log(`\n${name} simulator: ${sim.url}`);
		for (const line of sim.describe()) console.log(`  ${line}`);
	}
	console.log('\nSimulators running. Press Ctrl+C to stop.');
	const stop = async () => {
		await Promise.all(running.map(async (s) => await s.stop()));
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
