/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Settings of `npm start` (scripts/start.ts): everything a user may change comes from the environment or
 * the command line, read in one place.
 */
import * as path from 'path';

import { requestedN8nVersion } from '../../test/e2e/runtime/provision';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The npm package name: n8n registers our node types as `<PACKAGE_NAME>.<node name>`. */
export const PACKAGE_NAME = 'n8n-nodes-latam-einvoicing';

/**
 * Credential type → the credential n8n shows (and the examples reference by name), with a stable id so that
 * re-importing updates it instead of adding a copy. One entry per provider; a simulator whose credential
 * type is missing here still gets a credential ("<type> account").
 */
export const LOCAL_CREDENTIALS: Record<string, { id: string; name: string }> = {
	facEProApi: { id: 'simFacEProApi', name: 'FacEPro Cloud account' },
	factusApi: { id: 'simFactusApi', name: 'Factus account' },
	factuconectApi: { id: 'simFactuconectApi', name: 'Factuconect account' },
	smtp: { id: 'simSmtp', name: 'SMTP account' },
};

export function localCredential(type: string): { id: string; name: string } {
	return (
		LOCAL_CREDENTIALS[type] ?? {
			id: `sim${type.charAt(0).toUpperCase()}${type.slice(1)}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 36),
			name: `${type} account`,
		}
	);
}

/** Fixed port offsets (from SIM_PORT_BASE) per simulator, so URLs do not move when the registry grows. */
const SIM_PORT_OFFSETS: Record<string, number> = { facepro: 0, factus: 1, factuconect: 2, mail: 3 };

export interface StartOptions {
	/** `--check` / START_CHECK=1: start, verify through the REST API, stop. */
	check: boolean;
	/** `--reimport-examples` / START_REIMPORT_EXAMPLES=1: overwrite every example, even unchanged ones. */
	reimportExamples: boolean;
	/** START_CHECK_REPORT: write the --check result as JSON to this file (tests read it). */
	checkReport: string | undefined;
	/** N8N_PORT (default 5678). */
	n8nPort: number;
	/** N8N_LISTEN_ADDRESS (default 127.0.0.1: the owner password is printed, keep the editor off the LAN). */
	listenAddress: string;
	/** START_USER_FOLDER (default `<repo>/.n8n-local`): n8n keeps its data in `<folder>/.n8n`. */
	userFolder: string;
	/** START_EXAMPLES_DIR (default `<repo>/examples`). */
	examplesDir: string;
	/** START_DIST_DIR (default `<repo>/dist`): the built package. */
	distDir: string;
	/** START_OWNER_EMAIL / START_OWNER_PASSWORD: the local-only owner account. */
	ownerEmail: string;
	ownerPassword: string;
	/** SIM_PORT_BASE (default 4101; 0 = random ports). */
	simPortBase: number;
	/** Per-simulator port: SIM_PORT_<NAME> (e.g. SIM_PORT_FACTUS=4202), else base + fixed offset. */
	simPort(name: string, registryIndex: number): number;
	/** How long to wait for `n8n start` to answer (START_TIMEOUT_SECONDS, default 180). */
	startTimeoutMs: number;
	/**
	 * Which n8n (START_N8N_VERSION, else N8N_E2E_VERSION, else 1.123.81): an exact release or `2.x`, the
	 * newest 2.x that installs here (see test/e2e/runtime/provision.ts).
	 */
	n8nVersion: string;
}

export const DEFAULT_OWNER_EMAIL = 'admin@example.com';
/** n8n wants 8-64 characters with a digit and an uppercase letter. Local-only: the editor listens on 127.0.0.1. */
export const DEFAULT_OWNER_PASSWORD = 'Local-Einvoicing-1';

export function readOptions(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): StartOptions {
	const known = new Set(['--check', '--reimport-examples', '--help']);
	const unknown = argv.filter((a) => !known.has(a));
	if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')} (known: ${[...known].join(', ')})`);
	const flag = (name: string) => ['1', 'true', 'yes'].includes((env[name] ?? '').toLowerCase());
	const port = (name: string, fallback: number, allowZero = false): number => {
		const raw = env[name];
		if (raw === undefined || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < (allowZero ? 0 : 1) || value > 65535) {
			throw new Error(`${name}=${raw} is not a valid port`);
		}
		return value;
	};
	const simPortBase = port('SIM_PORT_BASE', 4101, true);
	const fromRepo = (name: string, fallback: string) => path.resolve(REPO_ROOT, env[name] || fallback);
	const extraOffsetStart = Math.max(...Object.values(SIM_PORT_OFFSETS)) + 1;
	return {
		check: argv.includes('--check') || flag('START_CHECK'),
		reimportExamples: argv.includes('--reimport-examples') || flag('START_REIMPORT_EXAMPLES'),
		checkReport: env.START_CHECK_REPORT ? path.resolve(env.START_CHECK_REPORT) : undefined,
		n8nPort: port('N8N_PORT', 5678),
		listenAddress: env.N8N_LISTEN_ADDRESS || '127.0.0.1',
		userFolder: fromRepo('START_USER_FOLDER', '.n8n-local'),
		examplesDir: fromRepo('START_EXAMPLES_DIR', 'examples'),
		distDir: fromRepo('START_DIST_DIR', 'dist'),
		ownerEmail: env.START_OWNER_EMAIL || DEFAULT_OWNER_EMAIL,
		ownerPassword: env.START_OWNER_PASSWORD || DEFAULT_OWNER_PASSWORD,
		simPortBase,
		simPort(name, registryIndex) {
			const own = port(`SIM_PORT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`, -1, true);
			if (own !== -1) return own;
			if (simPortBase === 0) return 0;
			return simPortBase + (SIM_PORT_OFFSETS[name] ?? extraOffsetStart + registryIndex);
		},
		startTimeoutMs: Number(env.START_TIMEOUT_SECONDS || 180) * 1000,
		n8nVersion: env.START_N8N_VERSION?.trim() || requestedN8nVersion(env),
	};
}

export const HELP = `npm start [-- --check] [-- --reimport-examples]

Starts the provider simulators and an n8n editor (http://localhost:5678) with this package, one
credential per simulator and the examples/ workflows imported. See docs/running-locally.md.

  --check               start everything, verify it through n8n's REST API, run the examples, stop
  --reimport-examples   overwrite every example workflow (default: only new or changed files)

Environment: N8N_PORT, N8N_LISTEN_ADDRESS, SIM_PORT_BASE (0 = random), SIM_PORT_<NAME>,
START_USER_FOLDER, START_EXAMPLES_DIR, START_OWNER_EMAIL, START_OWNER_PASSWORD, START_CHECK=1,
START_CHECK_REPORT=<file.json>, START_TIMEOUT_SECONDS, START_N8N_VERSION (e.g. 2.x; default 1.123.81).
`;
