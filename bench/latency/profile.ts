/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Where the CPU goes: a V8 sampling profile of a run (node:inspector, in-process), its self time grouped
 * by where the code lives (this package's folders, each npm package, Node.js internals, garbage
 * collection), and the busiest functions of this package's own code.
 */
import { Session } from 'node:inspector';
import { relative, sep } from 'node:path';

const ROOT = relative('/', `${__dirname}/../..`);

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/**
 * Shares of the samples (the sampler ticks on wall time, so on a busy machine a sample may land on code the
 * OS had paused: shares, scaled to the run's measured CPU, are the honest reading).
 */
export interface Profiled {
	/** Share of the samples per place (category), largest first. */
	byPlace: Array<{ place: string; share: number }>;
	/** The busiest functions anywhere, and this package's own, with their place. */
	topFunctions: Array<{ name: string; place: string; share: number }>;
	ownFunctions: Array<{ name: string; share: number }>;
	/** Process CPU (user + system) of the profiled run, ms. */
	cpuMs: number;
}

async function post<T>(session: Session, method: string, params?: object): Promise<T> {
	return await new Promise<T>((resolve, reject) =>
		session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
	);
}

/** Where a frame's code lives. */
export function placeOf(url: string, functionName: string): string {
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(program)') return 'V8 (program: compiling, runtime)';
	if (functionName === '(idle)') return '(idle)';
	if (functionName === '(root)') return 'V8 (program: compiling, runtime)';
	if (url === '') return 'V8 built-ins and native code (JSON, RegExp, Promise, …)';
	if (url.startsWith('node:')) return 'Node.js internals (http, streams, fetch, timers)';
	const path = url.replace(/^file:\/\//, '');
	const inRuntime = path.includes(`${sep}.cache${sep}n8n-nodes-latam-einvoicing${sep}`) ? 'installed n8n: ' : '';
	const modules = path.lastIndexOf(`node_modules${sep}`);
	if (modules >= 0) {
		const rest = path.slice(modules + 'node_modules/'.length).split(sep);
		const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
		return `${inRuntime}${name}`;
	}
	const inRepo = relative(`/${ROOT}`, path);
	if (!inRepo.startsWith('..')) {
		const parts = inRepo.split(sep);
		return parts[0] === 'nodes' || parts[0] === 'test' ? `${parts[0]}/${parts[1]} (this repository)` : `${parts[0]} (this repository)`;
	}
	return 'other';
}

/** Runs `fn` under the sampling profiler and groups the samples' self time. */
export async function profile(fn: () => Promise<unknown>): Promise<Profiled> {
	const session = new Session();
	session.connect();
	try {
		await post(session, 'Profiler.enable');
		await post(session, 'Profiler.setSamplingInterval', { interval: 250 });
		await post(session, 'Profiler.start');
		const cpuBefore = process.cpuUsage();
		await fn();
		const used = process.cpuUsage(cpuBefore);
		const { profile: cpu } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
		const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
		const places = new Map<string, number>();
		const functions = new Map<string, { place: string; samples: number }>();
		let total = 0;
		for (const id of cpu.samples) {
			const node = byId.get(id);
			if (!node) continue;
			const place = placeOf(node.callFrame.url, node.callFrame.functionName);
			if (place === '(idle)') continue;
			total++;
			places.set(place, (places.get(place) ?? 0) + 1);
			const url = node.callFrame.url.replace(/^file:\/\//, '');
			const where = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : relative(`/${ROOT}`, url);
			const name = `${node.callFrame.functionName || '(anonymous)'}${url ? ` (${where}:${node.callFrame.lineNumber + 1})` : ''}`;
			const entry = functions.get(name) ?? { place, samples: 0 };
			entry.samples++;
			functions.set(name, entry);
		}
		const share = (samples: number) => (total ? samples / total : 0);
		const ranked = [...functions.entries()].sort((a, b) => b[1].samples - a[1].samples);
		return {
			byPlace: [...places.entries()].sort((a, b) => b[1] - a[1]).map(([place, samples]) => ({ place, share: share(samples) })),
			topFunctions: ranked.slice(0, 12).map(([name, f]) => ({ name, place: f.place, share: share(f.samples) })),
			ownFunctions: ranked
				.filter(([, f]) => f.place.startsWith('nodes/'))
				.slice(0, 10)
				.map(([name, f]) => ({ name, share: share(f.samples) })),
			cpuMs: (used.user + used.system) / 1000,
		};
	} finally {
		await post(session, 'Profiler.disable').catch(() => undefined);
		session.disconnect();
	}
}
