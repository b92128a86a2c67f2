/**
 * Every fault class of a misbehaving server on a DTE create (and on the send to MH and the lookup),
 * each sale with an External Reference, with and without "Send to Hacienda Now": 0 duplicates (DTEs
 * counted in the simulator), 0 items reported as issued without a DTE, 0 stranded items (a re-run
 * resolves each one), nothing sent to another host, no secret repeated, every request bounded.
 */
import type { IDataObject } from 'n8n-workflow';

import { referenceCode } from '../../../nodes/Factuconect/issue';
import type { RunResult } from '../../harness';
import type { Fault } from '../../simulators/framework/server';
import { SimServer } from '../../simulators/framework/server';
import { DEMO_ACCOUNT } from '../../simulators/factuconect';
import { facturaParameters, json, lines, spec, startSetup } from './setup';
import type { Setup } from './setup';

let setup: Setup;
const other = new SimServer('other-host');

beforeAll(async () => {
	setup = await startSetup();
	await other.start();
});

afterAll(async () => {
	await setup.sim.stop();
	await other.stop();
});

beforeEach(() => {
	setup.sim.server.clearFaults().clearLog();
	other.clearLog();
});

const CREATE = { method: 'POST', path: '/facturar/fe' };
const SEND = { method: 'POST', path: '/facturar/sendFteMH' };
const VIEW = { method: 'GET', path: '/viewDte' };

let sales = 0;
/** A sale of its own (its own reference and line), so DTEs are counted per sale. */
const newSale = (label: string) => `fault-${++sales}-${label.replace(/\W+/g, '-')}`;

const deliver = async (sale: string, sendNow: boolean, credential = setup.credential) =>
	await setup.harness.execute(
		spec(
			credential,
			facturaParameters({
				sendNow,
				lines: lines({ description: `Venta ${sale}`, quantity: 2, unitPrice: 11.3 }),
				additionalFields: { externalReference: sale },
				// One second per request: a dripping answer ends at its deadline.
				options: { timeout: 1 },
			}),
		),
		[{}],
		{ mode: 'webhook', workflowId: 'faults' },
	);

const dtesOf = (sale: string) => [...setup.sim.state.dtes.values()].filter((d) => (d.body.items as IDataObject[])[0].descripcion === `Venta ${sale}`);
const codeOf = (run: RunResult) => (run.error as { context?: { providerCode?: string } } | undefined)?.context?.providerCode;

/** The secrets of the credential: its password and the token the simulator saw. */
function secrets(): string[] {
	const tokens = setup.sim.server
		.requests()
		.map((r) => /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1])
		.filter((t): t is string => !!t);
	return [DEMO_ACCOUNT.password, ...new Set(tokens)];
}

/** What every run must satisfy, whatever the fault. */
function invariants(sale: string, runs: RunResult[]) {
	// 0 duplicates.
	expect(dtesOf(sale).length).toBeLessThanOrEqual(1);
	for (const run of runs) {
		// 0 reported as issued without the DTE: an output names a DTE the simulator has.
		if (!run.error) expect(setup.sim.state.dtes.get(String(json(run).codigoGeneracion))).toBe(dtesOf(sale)[0]);
		// No secret repeated.
		for (const secret of secrets()) expect(run.serialized).not.toContain(secret);
	}
	// No credential (nor anything else) sent to another origin.
	expect(other.count()).toBe(0);
}

/** The re-run resolves the sale: exactly one DTE, returned. */
async function rerunResolves(sale: string, sendNow: boolean, runs: RunResult[]) {
	const again = await deliver(sale, sendNow);
	runs.push(again);
	expect(again.error).toBeUndefined();
	expect(dtesOf(sale)).toHaveLength(1);
	expect(json(again).codigoGeneracion).toBe(dtesOf(sale)[0].codigoGeneracion);
	invariants(sale, runs);
	return again;
}

const committed: Array<[string, Fault]> = [
	['a 2xx whose JSON is cut in half', { kind: 'okTruncated' }],
	['a 2xx cut in half, chunked', { kind: 'okTruncated', framing: 'chunked' }],
	['a connection cut mid-body', { kind: 'cutAfterCommit' }],
	['a connection cut mid-body, chunked', { kind: 'cutAfterCommit', framing: 'chunked' }],
	['an answer dripping one byte every 400 ms', { kind: 'drip', everyMs: 400, afterCommit: true }],
	['a 500 after the commit', { kind: 'statusAfterCommit', status: 500 }],
	['a dropped connection after the commit', { kind: 'dropAfterCommit' }],
];

const notCommitted: Array<[string, Fault]> = [
	['a 2xx HTML page', { kind: 'okHtml' }],
	['an empty 2xx', { kind: 'okEmpty' }],
	['a 2xx {ok:false}', { kind: 'okBody', body: { ok: false } }],
	['a 500 before the commit', { kind: 'status', status: 500, body: { msg: 'Error interno' } }],
	['a 502 before the commit', { kind: 'status', status: 502 }],
	['a reset before the commit', { kind: 'reset' }],
	['a dripping answer that never reaches the create', { kind: 'drip', everyMs: 400 }],
];

describe.each([
	['with Send to Hacienda Now', true],
	['create only', false],
])('a create %s', (_mode, sendNow) => {
	it.each(committed)('%s (committed): returned as recovered, once; the re-run returns it', async (label, fault) => {
		const sale = newSale(label);
		setup.sim.server.inject(fault, CREATE);
		const first = await deliver(sale, sendNow);
		expect(first.error).toBeUndefined();
		expect(dtesOf(sale)).toHaveLength(1);
		const [dte] = dtesOf(sale);
		expect(json(first).summary).toMatchObject({ authorityId: dte.codigoGeneracion, number: dte.numeroControl, status: sendNow ? 'accepted' : 'pending' });
		expect((json(first).summary as { warnings: string[] }).warnings[0]).toContain("Factuconect's answer to the create was lost");
		if (fault.kind === 'drip') {
			expect((json(first).summary as { warnings: string[] }).warnings.join('\n')).toContain('Factuconect did not answer in time');
			expect(setup.sim.server.requests(CREATE)[0].clientClosedEarly).toBe(true);
		}
		const again = await rerunResolves(sale, sendNow, [first]);
		expect(json(again).alreadyIssued).toBe(true);
		expect(setup.sim.server.count(CREATE)).toBe(1);
	});

	it.each(notCommitted)('%s (not committed): never reported as issued; the re-run issues it once', async (label, fault) => {
		const sale = newSale(label);
		setup.sim.server.inject(fault, CREATE);
		const first = await deliver(sale, sendNow);
		expect(codeOf(first)).toBe('not_issued');
		expect(first.error?.message).toMatch(/^Factuconect did not confirm the Factura \(/);
		expect(String((first.error as { description?: string }).description)).toContain('so it was most likely not issued');
		expect(String((first.error as { description?: string }).description)).toContain('Running the workflow again is safe');
		if (fault.kind === 'drip') expect(first.error?.message).toContain('Factuconect did not answer in time');
		expect(dtesOf(sale)).toHaveLength(0);
		const again = await rerunResolves(sale, sendNow, [first]);
		expect(json(again).alreadyIssued).toBeUndefined();
		expect((json(again).summary as { warnings: string[] }).warnings).toContain(
			`An earlier attempt for External Reference "${sale}" left no Factura at Factuconect; it was issued now`,
		);
	});

	it.each([302, 307] as const)('a %i to another host: nothing goes there, nothing is issued, the re-run issues it once', async (status) => {
		const sale = newSale(`redirect ${status}`);
		setup.sim.server.inject({ kind: 'redirect', status, location: `${other.url}/facturar/fe` }, CREATE);
		const first = await deliver(sale, sendNow);
		expect(codeOf(first)).toBe('not_issued');
		expect(first.error?.message).toContain(`answered with a redirect (HTTP ${status}) to ${other.url}/facturar/fe`);
		expect(dtesOf(sale)).toHaveLength(0);
		await rerunResolves(sale, sendNow, [first]);
	});

	it('an error answer that repeats the token: masked, nothing issued, the reference given back', async () => {
		const sale = newSale('echo token');
		setup.sim.server.inject({ kind: 'echoSecret', status: 400 }, CREATE);
		const first = await deliver(sale, sendNow);
		expect(first.error?.message).toBe('Factuconect could not create the Factura (HTTP 400): Request rejected: authorization "Bearer ***" not accepted');
		expect(dtesOf(sale)).toHaveLength(0);
		invariants(sale, [first]);
		const again = await rerunResolves(sale, sendNow, [first]);
		// A definite refusal: the next run is a plain first attempt.
		expect((json(again).summary as { warnings: string[] }).warnings).toEqual([]);
	});

	it('an error answer that repeats the token as plain text: masked', async () => {
		const sale = newSale('echo text');
		setup.sim.server.inject({ kind: 'echoSecret', status: 422, format: 'text' }, CREATE);
		const first = await deliver(sale, sendNow);
		expect(first.error?.message).toContain('authorization "Bearer ***"');
		await rerunResolves(sale, sendNow, [first]);
	});
});

describe('the lookup after a lost answer', () => {
	it('an HTML page instead of the view is "unknown", never "absent": may exist; the re-run finds it', async () => {
		const sale = newSale('view html');
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
		setup.sim.server.inject({ kind: 'okHtml' }, VIEW);
		const first = await deliver(sale, false);
		expect(codeOf(first)).toBe('unconfirmed');
		expect(String((first.error as { description?: string }).description)).toContain('The Factura may exist.');
		expect(String((first.error as { description?: string }).description)).not.toContain('most likely not issued');
		expect(dtesOf(sale)).toHaveLength(1);
		// Nothing was sent to MH behind the user's back.
		expect(setup.sim.server.count(SEND)).toBe(0);
		const again = await rerunResolves(sale, false, [first]);
		expect(json(again).alreadyIssued).toBe(true);
	});

	it('when the view cannot tell and Send to Hacienda Now is on, the send asks: MH answers, the DTE is returned', async () => {
		const sale = newSale('view down send');
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
		setup.sim.server.inject({ kind: 'okHtml' }, VIEW);
		const first = await deliver(sale, true);
		expect(first.error).toBeUndefined();
		expect(json(first).summary).toMatchObject({ status: 'accepted', authorityId: dtesOf(sale)[0].codigoGeneracion });
		// The probe's send is the send: MH received it once.
		expect(setup.sim.state.sendCounts[dtesOf(sale)[0].codigoGeneracion]).toBe(1);
		await rerunResolves(sale, true, [first]);
	});

	it('an HTML page from the send that asks is "unknown" too; the re-run resolves it', async () => {
		const sale = newSale('probe html');
		setup.sim.server.inject({ kind: 'reset' }, CREATE);
		setup.sim.server.inject({ kind: 'okHtml' }, VIEW);
		setup.sim.server.inject({ kind: 'okHtml' }, SEND);
		const first = await deliver(sale, true);
		expect(codeOf(first)).toBe('unconfirmed');
		expect(dtesOf(sale)).toHaveLength(0);
		const again = await rerunResolves(sale, true, [first]);
		expect(json(again).summary).toMatchObject({ status: 'accepted' });
	});

	it('the view is read without the token, and a view redirected to another host is not followed', async () => {
		const sale = newSale('view redirect');
		setup.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
		setup.sim.server.inject({ kind: 'redirect', status: 302, location: `${other.url}/viewDte` }, VIEW);
		const first = await deliver(sale, false);
		expect(codeOf(first)).toBe('unconfirmed');
		expect(setup.sim.server.requests(VIEW).every((r) => r.headers.authorization === undefined)).toBe(true);
		await rerunResolves(sale, false, [first]);
	});
});

describe('faults on the send to MH after the DTE was created', () => {
	// Faults built when the test runs (the other host's address is known then).
	const sendFaults: Array<[string, () => Fault, 'accepted' | 'error']> = [
		['a connection cut mid-body (MH received it)', () => ({ kind: 'cutAfterCommit' }), 'accepted'],
		['an answer dripping past the deadline', () => ({ kind: 'drip', everyMs: 400 }), 'accepted'],
		['a 307 to another host', () => ({ kind: 'redirect', status: 307, location: `${other.url}/facturar/sendFteMH` }), 'accepted'],
		['a 2xx HTML page', () => ({ kind: 'okHtml' }), 'error'],
		['an error that repeats the token', () => ({ kind: 'echoSecret', status: 400 }), 'error'],
	];

	it.each(sendFaults)('%s: one DTE; resent with the same code or resolved by the re-run', async (label, fault, first) => {
		const sale = newSale(`send ${label}`);
		setup.sim.server.inject(fault(), SEND);
		const run = await deliver(sale, true);
		expect(dtesOf(sale)).toHaveLength(1);
		const [dte] = dtesOf(sale);
		if (first === 'accepted') {
			expect(run.error).toBeUndefined();
			expect(json(run).summary).toMatchObject({ status: 'accepted', authorityId: dte.codigoGeneracion });
		} else {
			expect(run.error?.message).toMatch(new RegExp(`^The Factura was created \\(codigoGeneracion ${dte.codigoGeneracion}, numeroControl ${dte.numeroControl}\\) but sending it to MH failed`));
		}
		invariants(sale, [run]);
		const again = await rerunResolves(sale, true, [run]);
		expect(json(again).summary).toMatchObject({ status: 'accepted' });
		expect(dte.estado).toBe('PROCESADO');
	});
});

describe('secrets of the login', () => {
	it('a login error that repeats the password is masked everywhere', async () => {
		const credential = setup.harness.addCredential('factuconectApi', setup.sim.credentials().factuconectApi as never, 'fresh login');
		setup.sim.server.inject({ kind: 'echoSecret', status: 400, fields: ['usuario', 'password'] }, { method: 'POST', path: '/clients/login' });
		const sale = newSale('login echo');
		const run = await deliver(sale, true, credential);
		expect(run.error?.message).toMatch(/^Factuconect login failed/);
		expect(run.serialized).not.toContain(DEMO_ACCOUNT.password);
		expect(run.serialized).toContain('***');
		expect(dtesOf(sale)).toHaveLength(0);
	});
});

describe('the key', () => {
	it('is derived from the External Reference, the DTE type and the issuer account: uppercase UUID v4', () => {
		const account = { uid: DEMO_ACCOUNT.uid, idSucursal: DEMO_ACCOUNT.idSucursal, ambiente: '00' };
		const code = referenceCode('shopify-1001', '01', account);
		expect(code).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
		expect(referenceCode('shopify-1001', '01', account)).toBe(code);
		expect(referenceCode('shopify-1002', '01', account)).not.toBe(code);
		expect(referenceCode('shopify-1001', '03', account)).not.toBe(code);
		expect(referenceCode('shopify-1001', '01', { ...account, ambiente: '01' })).not.toBe(code);
		expect(referenceCode('shopify-1001', '01', { ...account, idSucursal: '13' })).not.toBe(code);
	});
});
