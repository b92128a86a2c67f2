/**
 * Factus against a server that misbehaves the way real ones do, through real n8n executions: every fault
 * class of the shared issue protocol on Bill → Create & Validate (and at least one on each other create
 * kind). For each: no second document per reference_code (counted in the simulator), nothing reported as
 * issued without Factus's proof, nothing stranded (a re-run resolves it), nothing sent to another host,
 * no secret repeated, every request bounded by its deadline.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Fault } from '../../simulators/framework/server';
import { SimServer } from '../../simulators/framework/server';
import { fieldsBill, useFactus } from './helpers';

const CREATE = { method: 'POST', path: '/v1/bills/validate' };
const LIST = { method: 'GET', path: '/v1/bills' };

type Json = IDataObject & { error?: IDataObject & { message: string; description?: string; code?: string } };

describe('Factus under server faults', () => {
	const s = useFactus();
	const other = new SimServer('other-host');

	beforeAll(async () => await other.start());
	afterAll(async () => await other.stop());
	beforeEach(() => other.clearLog());

	/** One execution with Continue On Fail; the item's JSON. */
	const run = async (parameters: INodeParameters): Promise<Json> => {
		const result = await s.harness.execute(s.node(parameters, true));
		expect(result.items).toHaveLength(1);
		return result.items[0].json as Json;
	};
	const bill = (reference: string, extra: INodeParameters = {}) => fieldsBill(reference, { options: { timeout: 1 }, ...extra });
	const bills = (reference: string) => s.sim.created.bill[reference] ?? 0;

	describe('an answer that is not the bill, while the bill was created: found by reference_code, returned once', () => {
		const committed: Array<[string, Fault]> = [
			['a 201 whose JSON is cut in half', { kind: 'okTruncated' }],
			['a 201 cut in chunked framing', { kind: 'okTruncated', framing: 'chunked' }],
			['a connection cut mid-body', { kind: 'cutAfterCommit' }],
			['a connection cut mid-body (chunked)', { kind: 'cutAfterCommit', framing: 'chunked' }],
			['a 500 after the commit', { kind: 'statusAfterCommit', status: 500, body: { message: 'Server Error' } }],
			['a dropped connection after the commit', { kind: 'dropAfterCommit' }],
		];
		it.each(committed)('%s', async (_name, fault) => {
			s.sim.server.inject(fault, CREATE);
			const json = await run(bill('lost-1'));
			expect(json.error).toBeUndefined();
			expect(json.recovery).toMatchObject({ action: 'returnedExisting', reason: expect.stringContaining('Factus has the bill with reference_code "lost-1"') });
			expect(json.summary).toMatchObject({ status: 'accepted', number: expect.stringMatching(/^SETP/), authorityId: expect.stringMatching(/^[0-9a-f]{96}$/) });
			expect((json.summary as IDataObject).warnings).toEqual([expect.stringContaining('the bill was found by reference_code "lost-1"')]);
			expect(bills('lost-1')).toBe(1);
			// Never sent twice after it may have arrived.
			expect(s.sim.server.count(CREATE)).toBe(1);

			// The re-run returns the same bill as already issued.
			const again = await run(bill('lost-1'));
			expect(again.recovery).toMatchObject({ action: 'returnedExisting', alreadyIssued: true });
			expect((again.bill as IDataObject).number).toBe((json.bill as IDataObject).number);
			expect(bills('lost-1')).toBe(1);
		});

		it('a connection cut mid-body whose lookup fails too: the bill may exist, how to check, and the re-run returns it', async () => {
			s.sim.server.inject({ kind: 'cutAfterCommit' }, CREATE);
			s.sim.server.inject({ kind: 'status', status: 500, body: { message: 'Server Error' }, headers: { 'retry-after': '0' } }, LIST, 4);
			const json = await run(bill('cut-1'));
			expect(json.error).toMatchObject({ code: 'unconfirmed', message: expect.stringMatching(/^Factus did not confirm the bill \(/) });
			expect(json.error?.message).toContain('cut');
			expect(json.error?.description).toContain('The bill may exist.');
			expect(json.error?.description).toContain('Get Many with the filter Reference Code "cut-1"');
			expect(json.error?.description).not.toMatch(/nothing was issued|not issued/);
			expect(bills('cut-1')).toBe(1);
			const again = await run(bill('cut-1'));
			expect(again).toMatchObject({ recovery: { alreadyIssued: true }, summary: { status: 'accepted' } });
			expect(bills('cut-1')).toBe(1);
		});
	});

	describe('an answer that is not the bill, and nothing was created: "not issued" after the lookup, the re-run issues it', () => {
		const notCommitted: Array<[string, Fault, RegExp]> = [
			['a 200 HTML page', { kind: 'okHtml' }, /answered HTTP 200 with an HTML page instead of the document/],
			['a 201 HTML page', { kind: 'okHtml', status: 201 }, /answered HTTP 201 with an HTML page/],
			['an empty 200', { kind: 'okEmpty' }, /answered HTTP 200 with an empty body/],
			['a 201 {"ok": false}', { kind: 'okBody', status: 201, body: { ok: false } }, /answered HTTP 201 without the document's identity/],
			['a 500 before the commit', { kind: 'status', status: 500, body: { message: 'Server Error' } }, /internal error \(HTTP 500\)/],
			['a reset before the commit', { kind: 'reset' }, /the connection to Factus was cut/],
		];
		it.each(notCommitted)('%s', async (_name, fault, words) => {
			s.sim.server.inject(fault, CREATE);
			const json = await run(bill('none-1'));
			expect(json.bill).toBeUndefined();
			expect(json.summary).toBeUndefined();
			expect(json.error).toMatchObject({ code: 'not_issued', message: expect.stringMatching(/^Factus did not confirm the bill \(/) });
			expect(json.error?.message).toMatch(words);
			expect(json.error?.description).toContain('Factus had no bill with reference_code "none-1", so it was most likely not issued');
			expect(json.error?.description).toContain('Running the workflow again is safe');
			expect(bills('none-1')).toBe(0);
			// Not stranded: the re-run issues it, once.
			const again = await run(bill('none-1'));
			expect(again).toMatchObject({ summary: { status: 'accepted' } });
			expect(again.recovery).toBeUndefined();
			expect(bills('none-1')).toBe(1);
		});

		it.each([302, 307] as const)('a %i redirect to another host: nothing goes there, not issued', async (status) => {
			s.sim.server.inject({ kind: 'redirect', status, location: `${other.url}/v1/bills/validate` }, CREATE);
			const json = await run(bill('moved-1'));
			expect(json.error).toMatchObject({ code: 'not_issued' });
			expect(json.error?.message).toContain(`answered with a redirect (HTTP ${status})`);
			expect(other.count({})).toBe(0);
			expect(bills('moved-1')).toBe(0);
			expect((await run(bill('moved-1'))).summary).toMatchObject({ status: 'accepted' });
			expect(bills('moved-1')).toBe(1);
		});
	});

	describe('every request is bounded by a deadline', () => {
		it('an answer dripping after the commit ends at the create deadline; the bill is then found', async () => {
			s.sim.server.inject({ kind: 'drip', everyMs: 250, afterCommit: true }, CREATE);
			const json = await run(bill('drip-1'));
			expect(json.recovery).toMatchObject({ reason: expect.stringContaining('the connection failed: ETIMEDOUT (no complete answer in time)') });
			expect(json.summary).toMatchObject({ status: 'accepted' });
			expect(s.sim.server.requests(CREATE)[0].clientClosedEarly).toBe(true);
			expect(bills('drip-1')).toBe(1);
		});

		it('an answer dripping before any commit ends at the deadline; not issued, and the re-run issues it', async () => {
			s.sim.server.inject({ kind: 'drip', everyMs: 250 }, CREATE);
			const json = await run(bill('drip-2'));
			expect(json.error).toMatchObject({ code: 'not_issued', message: 'Factus did not confirm the bill (Factus: Factus did not answer in time)' });
			expect(s.sim.server.requests(CREATE)[0].clientClosedEarly).toBe(true);
			expect(bills('drip-2')).toBe(0);
			expect((await run(bill('drip-2'))).summary).toMatchObject({ status: 'accepted' });
			expect(bills('drip-2')).toBe(1);
		});
	});

	describe('a lookup that cannot tell is never "absent"', () => {
		it('lost answer + a lookup answered with an HTML page: the bill may exist, how to check; the re-run returns it', async () => {
			s.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE);
			s.sim.server.inject({ kind: 'okHtml' }, LIST);
			const json = await run(bill('html-lookup'));
			expect(json.error).toMatchObject({ code: 'unconfirmed' });
			expect(json.error?.description).toContain('Factus answered the lookup with an HTML page instead of its list of bills');
			expect(json.error?.description).toContain('The bill may exist.');
			expect(json.error?.description).toContain('Get Many with the filter Reference Code "html-lookup"');
			expect(json.error?.description).not.toContain('Factus had no bill');
			expect(json.error?.description).not.toMatch(/nothing was issued|not issued/);
			const again = await run(bill('html-lookup'));
			expect(again).toMatchObject({ recovery: { action: 'returnedExisting', alreadyIssued: true }, summary: { status: 'accepted' } });
			expect(bills('html-lookup')).toBe(1);
		});

		it.each<[string, Fault]>([
			['an empty answer', { kind: 'okEmpty' }],
			['{"ok": false}', { kind: 'okBody', body: { ok: false } }],
			['a list of other reference codes', { kind: 'okBody', body: { status: 'OK', data: { data: [{ number: 'SETP1', reference_code: 'someone-else' }], pagination: {} } } }],
		])('lost answer + a lookup answered with %s: unconfirmed', async (_name, fault) => {
			s.sim.server.inject({ kind: 'okHtml' }, CREATE);
			s.sim.server.inject(fault, LIST);
			const json = await run(bill('odd-lookup'));
			expect(json.error).toMatchObject({ code: 'unconfirmed' });
			expect(json.error?.description).toContain('The bill may exist.');
			expect(bills('odd-lookup')).toBe(0);
		});

		it("two alike sales (same customer, same total): a lost answer of the second never returns the first one's bill", async () => {
			const first = await run(bill('alike-1'));
			s.sim.server.inject({ kind: 'status', status: 500, body: { message: 'Server Error' } }, CREATE);
			const second = await run(bill('alike-2'));
			expect(second.error).toMatchObject({ code: 'not_issued' });
			expect(second.bill).toBeUndefined();
			const again = await run(bill('alike-2'));
			expect((again.bill as IDataObject).number).not.toBe((first.bill as IDataObject).number);
			expect([bills('alike-1'), bills('alike-2')]).toEqual([1, 1]);
		});
	});

	describe('no secret repeated', () => {
		const secrets = () => {
			const stored = s.harness.storedCredential(s.credential).data;
			return [stored.accessToken, stored.refreshToken, s.sim.user.password, s.sim.client.clientSecret].map(String).filter((v) => v !== '' && v !== 'undefined');
		};

		it('Factus echoing the Authorization header and the password in a create error: masked in the error and the item', async () => {
			await run(bill('warm-up'));
			s.sim.server.inject({ kind: 'echoSecret', status: 400 }, CREATE);
			s.sim.server.inject({ kind: 'status', status: 422, body: { message: `Contraseña ${s.sim.user.password} no válida`, errors: { token: [`token ${s.sim.client.clientSecret}`] } } }, CREATE);
			const echoed = await s.harness.execute(s.node(bill('echo-1'), true));
			const again = await s.harness.execute(s.node(bill('echo-2'), true));
			const stopped = await s.harness.execute(s.node(bill('echo-3')), undefined);
			for (const result of [echoed, again]) {
				const error = result.items[0].json.error as IDataObject;
				expect(error.message).toContain('***');
				for (const secret of secrets()) expect(result.serialized).not.toContain(secret);
			}
			expect(secrets().length).toBeGreaterThanOrEqual(3);
			expect(stopped.error).toBeUndefined();
			expect([bills('echo-1'), bills('echo-2'), bills('echo-3')]).toEqual([0, 0, 1]);
		});

		it('the token endpoint echoing the password and client secret: masked in the node error and in Test connection', async () => {
			s.sim.server.inject({ kind: 'echoSecret', status: 400, fields: ['password', 'client_secret'] }, { method: 'POST', path: '/oauth/token' });
			const result = await s.harness.execute(s.node(bill('login-echo'), true));
			const error = result.items[0].json.error as IDataObject;
			expect(error.message).toMatch(/^Factus login failed: the token endpoint answered HTTP 400 \(.*\*\*\*.*\)/);
			for (const secret of [s.sim.user.password, s.sim.client.clientSecret]) expect(result.serialized).not.toContain(secret);
			expect(s.sim.server.count(CREATE)).toBe(0);

			s.sim.server.inject({ kind: 'echoSecret', status: 400, fields: ['password', 'client_secret'] }, { method: 'POST', path: '/oauth/token' });
			const tested = await s.harness.testCredential('factusApi', s.sim.credentials().factusApi as never);
			expect(tested.status).toBe('Error');
			expect(tested.message).toContain('***');
			for (const secret of [s.sim.user.password, s.sim.client.clientSecret]) expect(tested.message).not.toContain(secret);
		});
	});

	describe('credit notes and support documents', () => {
		const creditNote = async (reference: string): Promise<INodeParameters> => {
			const issued = await run(fieldsBill(`bill-of-${reference}`));
			return { resource: 'creditNote', operation: 'create', billNumber: String((issued.bill as IDataObject).number), referenceCode: reference, options: { timeout: 1 } };
		};
		const supportDocument = (reference: string) => ({
			resource: 'supportDocument',
			operation: 'create',
			referenceCode: reference,
			idType: 3,
			idNumber: '1109780065',
			customerName: 'Transportes Pérez',
			lines: { line: [{ description: 'Flete', quantity: 1, unitPrice: 350000, withholdings: { reteRenta: 1 } }] },
			options: { timeout: 1 },
		});
		const NOTE = { method: 'POST', path: '/v1/credit-notes/validate' };
		const SUPPORT = { method: 'POST', path: '/v1/support-documents/validate' };

		it('credit note: a cut 201 is recovered by its CUDE; an HTML 200 is not issued and the re-run issues it', async () => {
			s.sim.server.inject({ kind: 'okTruncated' }, NOTE);
			const recovered = await run(await creditNote('cn-cut'));
			expect(recovered).toMatchObject({ recovery: { action: 'returnedExisting' }, summary: { kind: 'creditNote', status: 'accepted', authorityId: expect.stringMatching(/^[0-9a-f]{96}$/) } });
			expect(s.sim.created.creditNote['cn-cut']).toBe(1);

			s.sim.server.inject({ kind: 'okHtml' }, NOTE);
			const parameters = await creditNote('cn-html');
			const lost = await run(parameters);
			expect(lost.error).toMatchObject({ code: 'not_issued', message: expect.stringContaining('did not confirm the credit note') });
			expect(s.sim.created.creditNote['cn-html']).toBeUndefined();
			expect((await run(parameters)).summary).toMatchObject({ kind: 'creditNote', status: 'accepted' });
			expect(s.sim.created.creditNote['cn-html']).toBe(1);
		});

		it('support document: a connection cut mid-body is recovered by its CUDS; a redirect elsewhere sends nothing there', async () => {
			s.sim.options.supportDocumentsEnabled = true;
			s.sim.server.inject({ kind: 'cutAfterCommit' }, SUPPORT);
			const recovered = await run(supportDocument('ds-cut'));
			expect(recovered).toMatchObject({ recovery: { action: 'returnedExisting' }, summary: { kind: 'supportDocument', status: 'accepted', authorityId: expect.any(String) } });
			expect(s.sim.created.supportDocument['ds-cut']).toBe(1);

			s.sim.server.inject({ kind: 'redirect', status: 307, location: `${other.url}/v1/support-documents/validate` }, SUPPORT);
			const moved = await run(supportDocument('ds-moved'));
			expect(moved.error).toMatchObject({ code: 'not_issued' });
			expect(other.count({})).toBe(0);
			expect(s.sim.created.supportDocument['ds-moved']).toBeUndefined();
		});
	});
});
