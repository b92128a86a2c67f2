/**
 * "Done means" 5 (errors half): each error shape of factus.md's table reaches the user in the provider's
 * own words, with the field paths, as an n8n error and as a Continue On Fail item.
 */
import type { IDataObject } from 'n8n-workflow';

import { fieldsBill, jsonBill, seed001Body, useFactus } from './helpers';

describe('Factus errors reach the user in the provider’s words', () => {
	const s = useFactus();

	beforeEach(() => {
		s.sim.options.conflictShape = 'message';
		s.sim.options.supportDocumentsEnabled = true;
	});

	const errorOf = async (parameters: IDataObject) => {
		const run = await s.harness.execute(s.node(parameters as never, true));
		expect(run.items).toHaveLength(1);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		return run.items[0].json.error as IDataObject;
	};

	it('422 Laravel shape {message, errors:{field:[…]}}: message as Factus wrote it, every field path kept', async () => {
		const body = seed001Body('laravel-1');
		(body.customer as IDataObject).municipality_id = 99999;
		((body.items as IDataObject[])[1] as IDataObject).unit_measure_id = 99999;
		const error = await errorOf(jsonBill(body));
		expect(error).toMatchObject({
			message: 'Factus: El campo customer.municipality_id seleccionado no es válido. (and 1 more error)',
			httpCode: 422,
			provider: 'Factus',
			fields: {
				'customer.municipality_id': ['El campo customer.municipality_id seleccionado no es válido.'],
				'items.1.unit_measure_id': ['El campo items.1.unit_measure_id seleccionado no es válido.'],
			},
		});
		expect(error.description).toContain('items.1.unit_measure_id: El campo items.1.unit_measure_id seleccionado no es válido.');
	});

	it('422 Laravel shape: the numbering range Factus requires when two ranges are active', async () => {
		s.sim.numberingRanges.find((r) => r.id === 8)!.is_active = true;
		const error = await errorOf(fieldsBill('two-ranges'));
		expect(error).toMatchObject({
			message: 'Factus: El campo id rango de numeración es obligatorio.',
			fields: { numbering_range_id: ['El campo id rango de numeración es obligatorio.'] },
		});
	});

	it('422 DIAN shape {status, message, data:{errors:{rule: text}}}: the rule and its words', async () => {
		const error = await errorOf(fieldsBill('dian-1', { customerName: 'X [rechazo]' }));
		expect(error.message).toContain('Regla: FAJ43b, Rechazo: Nombre informado No corresponde');
		expect(error.fields).toEqual({ FAJ43b: ['Regla: FAJ43b, Rechazo: Nombre informado No corresponde al registrado en el RUT con respecto al Nit suminstrado.'] });
	});

	it('422 array shape {data:{errors:["…"]}}: the specific sentence, not the generic headline', async () => {
		const error = await errorOf(fieldsBill('array-1', { numberingRangeId: 9 }));
		expect(error).toMatchObject({
			message: 'Factus: El rango de numeración 9 no está activo. (and 1 more)',
			fields: { _: ['El rango de numeración 9 no está activo.', 'El rango de numeración 9 no tiene consecutivos disponibles.'] },
			httpCode: 422,
		});
	});

	it('409 in both shapes ({status, message} and seed 001’s errors:[{code, message}])', async () => {
		await s.harness.execute(s.node(fieldsBill('blocker', { customerName: 'Y [rechazo]' }), true));
		const plain = await errorOf(fieldsBill('blocked-1'));
		expect(plain).toMatchObject({ message: 'Factus: Se encontró una factura pendiente por enviar a la DIAN', httpCode: 409, code: 'pending_block' });

		s.sim.options.conflictShape = 'errors';
		const variant = await errorOf(fieldsBill('blocked-2'));
		expect(variant).toMatchObject({ message: 'Factus: Se encontró una factura pendiente por enviar a la DIAN', httpCode: 409, code: 'pending_block' });
		expect(variant.description).toContain('Get Many (Status: Not Validated)');
	});

	it('403 forbidden (document type not enabled for the company)', async () => {
		s.sim.options.supportDocumentsEnabled = false;
		const error = await errorOf({
			resource: 'supportDocument',
			operation: 'create',
			referenceCode: 'ds-403',
			idNumber: '123456789',
			customerName: 'Proveedor',
			lines: { line: [{ description: 'Servicio', quantity: 1, unitPrice: 100000 }] },
		});
		expect(error).toMatchObject({ message: 'Factus: La empresa no tiene habilitada la creación de este documento', httpCode: 403, code: 'forbidden' });
		expect(s.sim.server.count({ method: 'POST', path: '/v1/support-documents/validate' })).toBe(1);
	});

	it('402 subscription exhausted: not retried, explained', async () => {
		s.sim.subscription.used = s.sim.subscription.total;
		const error = await errorOf(fieldsBill('quota-1'));
		expect(error.message).toBe('Factus: No tienes documentos disponibles en tu plan. Adquiere un paquete adicional para seguir emitiendo.');
		expect(error).toMatchObject({ httpCode: 402, code: 'quota' });
		expect(s.sim.server.count({ method: 'POST', path: '/v1/bills/validate' })).toBe(1);
	});

	it('404 unknown number', async () => {
		const error = await errorOf({ resource: 'bill', operation: 'get', number: 'SETP1' });
		expect(error).toMatchObject({ message: 'Factus: La factura con número SETP1 no existe', httpCode: 404, code: 'not_found' });
	});

	it('429 that does not go away: reported with the limit after the retries', async () => {
		s.sim.server.inject({ kind: 'status', status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'retry-after': '0', 'x-ratelimit-limit': '80' } }, { path: '/v1/company' }, 4);
		const error = await errorOf({ resource: 'lookup', operation: 'company' });
		expect(error).toMatchObject({ message: 'Factus: rate limit reached (80 requests per window); retry after 0 s', httpCode: 429 });
		expect(s.sim.server.count({ path: '/v1/company' })).toBe(4);
	});

	it('500 on a read: retried, then reported', async () => {
		s.sim.server.inject({ kind: 'status', status: 500, body: { message: 'Server Error' }, headers: { 'retry-after': '0' } }, { path: '/v1/subscriptions/current' }, 4);
		const error = await errorOf({ resource: 'lookup', operation: 'subscription' });
		expect(error).toMatchObject({ message: 'Factus: internal error (HTTP 500): Server Error', httpCode: 500 });
		expect(s.sim.server.count({ path: '/v1/subscriptions/current' })).toBe(4);
	});

	it('503 maintenance: a create is retried (Factus did not process it); lasting maintenance is reported in Factus’s words', async () => {
		s.sim.server.inject(
			{ kind: 'status', status: 503, body: { status: 'Service Unavailable', message: 'Estamos realizando labores de mantenimiento.' }, headers: { 'retry-after': '0' } },
			{ method: 'POST', path: '/v1/bills/validate' },
		);
		const run = await s.harness.execute(s.node(fieldsBill('maint-1')));
		expect(run.error).toBeUndefined();
		expect(s.sim.created.bill['maint-1']).toBe(1);

		s.sim.setMaintenance(true, 0);
		const error = await errorOf({ resource: 'lookup', operation: 'company' });
		expect(error).toMatchObject({
			message: 'Factus: Estamos realizando labores de mantenimiento. Intenta de nuevo en unos minutos.',
			httpCode: 503,
			code: 'maintenance',
		});
	});

	it('422 on send e-mail (Laravel shape from another endpoint)', async () => {
		const created = await s.harness.execute(s.node(fieldsBill('mail-1')));
		const number = (created.items[0].json.bill as IDataObject).number as string;
		s.sim.server.inject(
			{ kind: 'status', status: 422, body: { message: 'El campo correo electrónico no es válido.', errors: { email: ['El campo correo electrónico no es válido.'] } } },
			{ method: 'POST' },
		);
		const error = await errorOf({ resource: 'bill', operation: 'sendEmail', number, email: 'ok@example.com' });
		expect(error).toMatchObject({ message: 'Factus: El campo correo electrónico no es válido.', fields: { email: ['El campo correo electrónico no es válido.'] } });
	});

	it('Send Email with a PDF field the item does not have: n8n\'s plain message, nothing sent', async () => {
		const created = await s.harness.execute(s.node(fieldsBill('mail-2')));
		const number = (created.items[0].json.bill as IDataObject).number as string;
		const error = await errorOf({ resource: 'bill', operation: 'sendEmail', number, email: 'ok@example.com', options: { pdfBinaryProperty: 'pdf' } });
		expect(error.message).toBe("This operation expects the node's input data to contain a binary file 'pdf', but none was found [item 0]");
		expect(s.sim.server.count({ method: 'POST', path: `/v1/bills/send-email/${number}` })).toBe(0);
	});

	it('without Continue On Fail the node stops with the same message and the fields in the description', async () => {
		const body = seed001Body('stop-1');
		(body.customer as IDataObject).municipality_id = 99999;
		const run = await s.harness.execute(s.node(jsonBill(body)));
		expect(run.error?.message).toBe('Factus: El campo customer.municipality_id seleccionado no es válido.');
		expect((run.error as unknown as { description: string }).description).toContain('customer.municipality_id: El campo customer.municipality_id seleccionado no es válido.');
	});
});
