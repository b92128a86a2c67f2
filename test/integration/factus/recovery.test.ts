/**
 * The recovery playbook (factus.md) as the node applies it. "Done means" 4: with the simulator dropping
 * the answer after committing a bill, running the same items again creates no second bill.
 */
import type { IDataObject } from 'n8n-workflow';

import { fieldsBill, fresh, refs, useFactus } from './helpers';

const CREATE = { method: 'POST', path: '/v1/bills/validate' };

describe('Factus recovery playbook', () => {
	const s = useFactus();

	const json = (run: { items: Array<{ json: IDataObject }> }, i = 0) => run.items[i].json;

	it('answer dropped after the bill was committed: the bill is found by reference_code, and a re-run issues nothing new', async () => {
		const items = refs('drop', 5);
		s.sim.server.inject({ kind: 'dropAfterCommit' }, CREATE, 5);
		const first = await s.harness.execute(s.node(fieldsBill('={{ $json.ref }}')), items);
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(5);
		for (const item of first.items) {
			expect(item.json.recovery).toMatchObject({ action: 'returnedExisting', reason: expect.stringContaining('the connection failed') });
			expect(item.json.summary).toMatchObject({ status: 'accepted' });
		}

		const second = await s.harness.execute(s.node(fieldsBill('={{ $json.ref }}')), items);
		expect(second.error).toBeUndefined();
		for (const item of second.items) {
			expect(item.json.recovery).toMatchObject({ action: 'returnedExisting', reason: expect.stringContaining('already has a bill') });
		}
		// Bills per reference_code, as created by the simulator: exactly one each.
		const perReference = s.sim.created.bill;
		// eslint-disable-next-line no-console
		console.log(`bills per reference_code after drop + re-run: ${JSON.stringify(perReference)}`);
		expect(perReference).toEqual(Object.fromEntries(items.map((i) => [i.ref, 1])));
		expect(s.sim.documents.bill).toHaveLength(5);
		expect(second.items.map((i) => (i.json.bill as IDataObject).number)).toEqual(first.items.map((i) => (i.json.bill as IDataObject).number));
		// Never resent after the ambiguous failure: one POST per item per run.
		expect(s.sim.server.count(CREATE)).toBe(10);
	});

	it('a 500 after commit is recovered the same way; a reset before commit says nothing was issued', async () => {
		s.sim.server.inject({ kind: 'statusAfterCommit', status: 500, body: { message: 'Server Error' } }, CREATE);
		const recovered = await s.harness.execute(s.node(fieldsBill('after-500')));
		expect(recovered.error).toBeUndefined();
		expect(json(recovered).recovery).toMatchObject({ action: 'returnedExisting' });

		s.sim.server.inject({ kind: 'reset' }, CREATE);
		const lost = await s.harness.execute(s.node(fieldsBill('reset-before-commit'), true));
		const error = json(lost).error as IDataObject;
		// The shared protocol's words: unconfirmed, checked, most likely not issued — never "nothing was issued".
		expect(error.message).toBe('Factus did not confirm the bill (Factus: the connection to Factus was cut before an answer arrived)');
		expect(error.code).toBe('not_issued');
		expect(error.description).toContain('Checked right after the failure, Factus had no bill with reference_code "reset-before-commit", so it was most likely not issued.');
		expect(s.sim.created.bill['reset-before-commit']).toBeUndefined();

		const again = await s.harness.execute(s.node(fieldsBill('reset-before-commit')));
		expect(again.error).toBeUndefined();
		expect(s.sim.created.bill['reset-before-commit']).toBe(1);
	});

	it('a duplicate reference code refused with a 409 instead of a 422: the existing bill is returned as already issued', async () => {
		const first = await s.harness.execute(s.node(fieldsBill('dup-409')));
		expect(first.error).toBeUndefined();
		s.sim.server.inject({ kind: 'status', status: 409, body: { status: 'Conflict', message: 'El código de referencia ya existe' } }, CREATE);
		const again = await s.harness.execute(s.node(fieldsBill('dup-409')));
		expect(again.error).toBeUndefined();
		expect(json(again).recovery).toEqual({
			action: 'returnedExisting',
			reason: 'Factus already has a bill with reference_code "dup-409"; it is returned instead of issuing another one',
			alreadyIssued: true,
		});
		expect((json(again).bill as IDataObject).number).toBe((json(first).bill as IDataObject).number);
		expect(s.sim.created.bill['dup-409']).toBe(1);
	});

	it('DIAN rejection → error with the rule; the next bill gets the 409 explained; opt-in deletes the rejected one and resends', async () => {
		const rejected = await s.harness.execute(s.node(fieldsBill('bad-1', { customerName: 'Cliente [rechazo]' }), true));
		const rejection = json(rejected).error as IDataObject;
		expect(rejection.message).toBe(
			'Factus: DIAN rejected the bill: Regla: FAJ43b, Rechazo: Nombre informado No corresponde al registrado en el RUT con respecto al Nit suminstrado.',
		);
		expect(rejection.fields).toEqual({ FAJ43b: [expect.stringContaining('Rechazo')] });
		expect(rejection).toMatchObject({ httpCode: 422, code: 'dian_rejected' });

		const blocked = await s.harness.execute(s.node(fieldsBill('good-1'), true));
		const conflict = json(blocked).error as IDataObject;
		expect(conflict.message).toBe('Factus: Se encontró una factura pendiente por enviar a la DIAN');
		expect(conflict).toMatchObject({ httpCode: 409, code: 'pending_block' });
		expect(conflict.description).toContain('Delete Rejected Document and Resend');
		expect(s.sim.deleted.bill).toEqual([]);

		const resent = await s.harness.execute(s.node(fieldsBill('good-1', { options: { deleteRejectedAndResend: true } })));
		expect(resent.error).toBeUndefined();
		expect(json(resent).summary).toMatchObject({ status: 'accepted' });
		expect(json(resent).recovery).toMatchObject({
			action: 'deletedRejectedAndResent',
			deletedRejected: [{ reference_code: 'bad-1', rejection: expect.stringContaining('Rechazo') }],
		});
		expect(s.sim.deleted.bill).toEqual(['bad-1']);
		expect(s.sim.documents.bill.map((d) => d.referenceCode)).toEqual(['good-1']);
	});

	it('the same reference code, fixed and resent with the option: the earlier rejected attempt is deleted, then issued once', async () => {
		await s.harness.execute(s.node(fieldsBill('order-77', { customerName: 'Typo [rechazo]' }), true));
		const fixed = await s.harness.execute(s.node(fieldsBill('order-77', { options: { deleteRejectedAndResend: true } })));
		expect(fixed.error).toBeUndefined();
		expect(json(fixed).summary).toMatchObject({ status: 'accepted' });
		expect(s.sim.deleted.bill).toEqual(['order-77']);
		expect(s.sim.documents.bill).toHaveLength(1);

		// Without the option the earlier rejection is reported, nothing is deleted.
		s.sim.reset();
		fresh(s);
		await s.harness.execute(s.node(fieldsBill('order-78', { customerName: 'Typo [rechazo]' }), true));
		const plain = await s.harness.execute(s.node(fieldsBill('order-78'), true));
		expect((json(plain).error as IDataObject).message).toContain('DIAN rejected the bill SETP990000493 sent earlier with this reference_code');
		expect(s.sim.deleted.bill).toEqual([]);
	});

	it('"Regla 90" is never deleted nor resent and is reported for reconciliation', async () => {
		const run = await s.harness.execute(s.node(fieldsBill('dup-90', { customerName: 'Cliente [regla90]' }), true));
		const error = json(run).error as IDataObject;
		expect(error.message).toBe(
			'Factus: DIAN already has this bill (Regla: 90, Rechazo: Documento procesado anteriormente.) — reconcile it manually; it was not deleted and will not be resent',
		);
		expect(error).toMatchObject({ code: 'regla90', fields: { '90': [expect.stringContaining('Documento procesado anteriormente')] } });
		expect(error.description).toContain('Reconcile it manually');

		const next = await s.harness.execute(s.node(fieldsBill('after-90', { options: { deleteRejectedAndResend: true } }), true));
		const blocked = json(next).error as IDataObject;
		expect(blocked.message).toContain('the block could not be cleared automatically');
		expect(blocked.description).toContain('DIAN already has (Regla 90), not deleted: SETP990000493');

		const deleteIt = await s.harness.execute(s.node({ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: 'dup-90' }, true));
		expect((json(deleteIt).error as IDataObject).message).toBe('Factus: DIAN already has the bill SETP990000493 (Regla 90); it was not deleted');

		expect(s.sim.server.count({ method: 'DELETE' })).toBe(0);
		expect(s.sim.created.bill['dup-90']).toBe(1);
		expect(s.sim.server.count(CREATE)).toBe(2);
	});

	it('a bill DIAN has not answered is returned as pending, never deleted; resending its reference makes Factus re-check it', async () => {
		s.sim.dian.enqueue({ kind: 'pending', showsUntilValid: 5 });
		const pending = await s.harness.execute(s.node(fieldsBill('slow-1')));
		expect(pending.error).toBeUndefined();
		expect(json(pending).summary).toMatchObject({ status: 'pending', statusMessage: 'DIAN has not answered yet' });

		const blocked = await s.harness.execute(s.node(fieldsBill('other-1', { options: { deleteRejectedAndResend: true } }), true));
		expect((json(blocked).error as IDataObject).description).toContain('Still waiting for DIAN, not deleted: SETP990000493');

		const deleteIt = await s.harness.execute(s.node({ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: 'slow-1' }, true));
		expect((json(deleteIt).error as IDataObject).message).toBe('The bill SETP990000493 is still waiting for DIAN; it was not deleted');

		const resend = await s.harness.execute(s.node(fieldsBill('slow-1')));
		expect(resend.error).toBeUndefined();
		expect(s.sim.counters.rechecks).toBe(1);
		expect(s.sim.created.bill['slow-1']).toBe(1);
		expect(s.sim.server.count({ method: 'DELETE' })).toBe(0);
	});

	it('a validated bill is never deleted (refused before any DELETE)', async () => {
		await s.harness.execute(s.node(fieldsBill('keep-1')));
		const run = await s.harness.execute(s.node({ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: 'keep-1', options: { allowPending: true } }, true));
		const error = json(run).error as IDataObject;
		expect(error.message).toBe('The bill SETP990000493 is validated by DIAN and is never deleted');
		expect(error.description).toContain('issue a credit note');
		expect(s.sim.server.count({ method: 'DELETE' })).toBe(0);
	});

	it('deletes a rejected bill on request (Delete Unvalidated)', async () => {
		await s.harness.execute(s.node(fieldsBill('reject-me', { customerName: 'X [rechazo]' }), true));
		const run = await s.harness.execute(s.node({ resource: 'bill', operation: 'deleteUnvalidated', referenceCode: 'reject-me' }));
		expect(run.error).toBeUndefined();
		expect(json(run)).toMatchObject({ deleted: true, reference_code: 'reject-me', previousStatus: 'rejected' });
		expect(s.sim.deleted.bill).toEqual(['reject-me']);
	});
});
