/**
 * Invoice operations through n8n-core against the FacEPro simulator: create (fields, FacEPro JSON,
 * neutral JSON), preview totals, get, get many, refresh DIAN status, download XML; and Account.
 */
import type { IDataObject } from 'n8n-workflow';

import { API, createFromItem, createInvoice, DOC_EXAMPLE_BODY, errorOf, useFacEPro } from './helpers';

describe('FacEPro invoices', () => {
	const t = useFacEPro();

	it('creates the documented invoice from the fields: SETP990000001, totals, CUFE and summary', async () => {
		const run = await t.run(createInvoice());
		expect(run.error).toBeUndefined();
		const json = run.items[0].json;
		expect(json).toMatchObject({
			numero_completo: 'SETP990000001',
			tipo_documento: 'factura',
			totales: { subtotal: 122500, iva: 23275, total: 145775 },
			estado: 'aceptado',
			adquirente: { documento: '71234567', razon_social: 'JUAN PEREZ' },
			summary: {
				provider: 'FacEPro',
				kind: 'invoice',
				number: 'SETP990000001',
				authorityId: json.cufe,
				status: 'accepted',
				statusMessage: 'Procesado Correctamente.',
				total: 145775,
				currency: 'COP',
				links: { xml: `${t.sim.baseUrl}/documentos/${String(json.tracking_id)}/xml` },
			},
		});
		expect(json.cufe).toMatch(/^[0-9a-f]{96}$/);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		// What FacEPro received is the documented body, with the unit the fields default to (94) and the issue
		// date and time the node chose (changed on purpose, issue 11: the node sets factura.fecha/hora itself).
		const sent = t.sim.server.requests({ method: 'POST', path: `${API}/documentos` })[0];
		expect(sent.body).toEqual({
			factura: { fecha: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), hora: expect.stringMatching(/^\d{2}:\d{2}:\d{2}-05:00$/) },
			...DOC_EXAMPLE_BODY,
			lineas: DOC_EXAMPLE_BODY.lineas.map((l) => ({ ...l, unidad: '94' })),
		});
		const { fecha, hora } = (sent.body as { factura: { fecha: string; hora: string } }).factura;
		expect(json.fecha_emision).toBe(`${fecha}T${hora}`);
		expect(sent.headers.authorization).toBe(`Bearer ${t.sim.tenant(1).token}`);
	});

	it('creates from a FacEPro body and from the neutral invoice JSON, with the issue date and time given', async () => {
		const neutral = {
			issueDate: '2026-05-09',
			customer: { personType: 'legal', idType: '31', idNumber: '900123456', dv: '8', name: 'ACME SAS', taxResponsibilities: ['O-13'] },
			lines: [{ code: 'X', description: 'Servicio', quantity: 1.5, unitPrice: 1000.5, taxRate: 5, discountAmount: 100 }],
		};
		const run = await t.run(createFromItem(), [
			{ doc: { ...DOC_EXAMPLE_BODY, factura: { fecha: '2026-05-08', hora: '09:15:00' } } },
			{ doc: neutral },
		]);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.numero_completo)).toEqual(['SETP990000001', 'SETP990000002']);
		expect(run.items[0].json.fecha_emision).toBe('2026-05-08T09:15:00-05:00');
		const sent = t.sim.server.requests({ method: 'POST' }).map((r) => r.body as IDataObject);
		expect(sent[1]).toEqual({
			factura: { fecha: '2026-05-09', hora: expect.stringMatching(/^\d{2}:\d{2}:\d{2}-05:00$/) },
			adquiriente: {
				tipo_persona: '1',
				tipo_documento: '31',
				numero_documento: '900123456',
				dv: '8',
				razon_social: 'ACME SAS',
				responsabilidad_fiscal: 'O-13',
			},
			lineas: [{ codigo: 'X', descripcion: 'Servicio', cantidad: 1.5, precio: 1000.5, iva_pct: 5, descuento_valor: 100 }],
		});
		// 1.5 × 1000.50 − 100 = 1400.75; IVA 5 % = 70.04 (half-up) → 1470.79
		expect(run.items[1].json.totales).toEqual({ subtotal: 1400.75, iva: 70.04, total: 1470.79 });
	});

	it('previews the documented totals without any request', async () => {
		const run = await t.run({ ...createInvoice(), operation: 'previewTotals' });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			totales: { subtotal: 122500, iva: 23275, total: 145775 },
			discount: 2500,
			taxByRate: { '19': 23275 },
			currency: 'COP',
			requestBody: DOC_EXAMPLE_BODY,
		});
		expect(t.sim.server.count()).toBe(0);
	});

	it("previews exactly the simulator's totals on varied invoices (to the cent)", async () => {
		const invoices = [
			DOC_EXAMPLE_BODY,
			// 1.5 × 33.33 = 49.995: rounded half-up per line. (Was 3 × 33.335: FacEPro's prices have two decimals,
			// FACEPRO_LIMITS, and every create now checks them — see the next test.)
			{ ...DOC_EXAMPLE_BODY, lineas: [{ codigo: 'a', descripcion: 'a', cantidad: 1.5, precio: 33.33, iva_pct: 19 }] },
			{ ...DOC_EXAMPLE_BODY, lineas: [{ codigo: 'a', descripcion: 'a', cantidad: 0.333, precio: 1000, iva_pct: 5, descuento_valor: 0.5 }] },
			{
				...DOC_EXAMPLE_BODY,
				lineas: [
					{ codigo: 'a', descripcion: 'a', cantidad: 7, precio: 14285.71, iva_pct: 19, descuento_pct: 12.5 },
					{ codigo: 'b', descripcion: 'b', cantidad: 2.25, precio: 19999.99, iva_pct: 0 },
					{ codigo: 'c', descripcion: 'c', cantidad: 1, precio: 0.01, iva_pct: 5 },
				],
			},
			{
				...DOC_EXAMPLE_BODY,
				lineas: Array.from({ length: 200 }, (_, i) => ({
					codigo: `c${i}`,
					descripcion: 'x',
					// Four decimals, as the Quantity field allows (1 + i/3 as a float has 16, beyond FACEPRO_LIMITS).
					cantidad: Number((1 + (i % 4) / 3).toFixed(4)),
					precio: 1234.57 + i,
					iva_pct: [0, 5, 19][i % 3],
					...(i % 5 === 0 ? { descuento_pct: 3.3 } : {}),
				})),
			},
		];
		const input = invoices.map((doc) => ({ doc }));
		const preview = await t.run({ ...createFromItem(), operation: 'previewTotals' }, input);
		expect(t.sim.server.count()).toBe(0);
		const created = await t.run(createFromItem(), input);
		expect(created.error).toBeUndefined();
		expect(preview.items.map((i) => i.json.totales)).toEqual(created.items.map((i) => i.json.totales));
		expect(new Set(created.items.map((i) => JSON.stringify(i.json.totales))).size).toBe(invoices.length);
	});

	it('refuses, in Create and in Preview Totals, what does not fit FacEPro (prices with 3 decimals, a __proto__ key)', async () => {
		const awkward = { ...DOC_EXAMPLE_BODY, lineas: [{ codigo: 'a', descripcion: 'a', cantidad: 3, precio: 33.335, iva_pct: 19 }] };
		for (const operation of ['create', 'previewTotals']) {
			const run = await t.run({ ...createFromItem(), operation }, [{ doc: awkward }]);
			expect(errorOf(run).fields).toEqual({ 'lineas.0.precio': ['33.335 has more than 2 decimals'] });
		}
		// Bug fixed: a top-level __proto__ key crashed JSON mode ("list.includes is not a function").
		// The JSON as typed into Document (JSON): JSON.parse keeps "__proto__" as an own key.
		const typed = (json: string) => ({ resource: 'invoice', operation: 'create', inputMode: 'json', documentJson: json });
		const polluted = `{"__proto__": {"x": 1}, ${JSON.stringify(DOC_EXAMPLE_BODY).slice(1)}`;
		const run = await t.run(typed(polluted));
		expect(errorOf(run).message).toBe('The invoice has 1 problem; nothing was sent to FacEPro');
		const forbidden = '{"__proto__":["is not an accepted field name (it could change how the document is read)"]}';
		expect(JSON.stringify(errorOf(run).fields)).toBe(forbidden);
		const neutral = '{"__proto__": {"x": 1}, "customer": {"idType": "13", "idNumber": "71234567", "name": "X"}, "lines": [{"code": "a", "description": "a", "quantity": 1, "unitPrice": 1, "taxRate": 0}]}';
		expect(JSON.stringify(errorOf(await t.run(typed(neutral))).fields)).toBe(forbidden);
		expect(t.sim.server.count()).toBe(0);
	});

	it('gets a document by tracking ID, and tolerates the `{ok, data}` shape', async () => {
		const created = (await t.run(createInvoice())).items[0].json;
		const run = await t.run({ resource: 'invoice', operation: 'get', trackingId: created.tracking_id as string });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ tracking_id: created.tracking_id, cufe: created.cufe, summary: { status: 'accepted' } });
		expect(run.items[0].json).not.toHaveProperty('ok');
	});

	it('refuses a document number given as tracking ID, without a request', async () => {
		const run = await t.run({ resource: 'invoice', operation: 'get', trackingId: 'SETP990000011' });
		const error = errorOf(run);
		expect(error.message).toBe('Document (trackingId): "SETP990000011" is not a FacEPro tracking ID');
		expect(error.description).toContain('looks like a document number');
		expect(t.sim.server.count()).toBe(0);
	});

	it('refreshes a pending document until DIAN accepts it, without sending it again', async () => {
		t.sim.dian.queue.push({ estado: 'pendiente', consultas: 2 });
		const created = (await t.run(createInvoice())).items[0].json;
		expect(created.summary).toMatchObject({ status: 'pending', statusMessage: expect.stringContaining('Use /consultar') });
		const refresh = { resource: 'invoice', operation: 'refreshStatus', trackingId: created.tracking_id as string };
		const first = await t.run(refresh);
		expect(first.items[0].json).toMatchObject({ estado: 'pendiente', summary: { status: 'pending' }, dian: { is_valid: false, status_code: '98' } });
		const second = await t.run(refresh);
		expect(second.items[0].json).toMatchObject({
			estado: 'aceptado',
			summary: { status: 'accepted', statusMessage: 'Procesado Correctamente.' },
			dian: { is_valid: true, status_code: '00', errors: [] },
		});
		expect(t.sim.server.count({ method: 'POST' })).toBe(1);
		expect(t.sim.server.count({ path: /\/consultar$/ })).toBe(2);
	});

	it('shows why DIAN rejected a document, at create and after a refresh', async () => {
		t.sim.dian.pendingResolvesTo = 'rechazado';
		const run = await t.run(createFromItem(), [
			{ doc: { ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, razon_social: 'JUAN PEREZ [rechazado]' } } },
			{ doc: { ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, razon_social: 'JUAN PEREZ [pendiente]' } } },
			{ doc: { ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, razon_social: 'JUAN PEREZ [fallido]' } } },
		]);
		expect(run.items.map((i) => (i.json.summary as IDataObject).status)).toEqual(['rejected', 'pending', 'rejected']);
		expect((run.items[0].json.summary as IDataObject).statusMessage).toContain('Regla: FAK21');
		expect((run.items[2].json.summary as IDataObject).statusMessage).toContain('No fue posible enviar el documento a la DIAN');
		const refreshed = await t.run({ resource: 'invoice', operation: 'refreshStatus', trackingId: run.items[1].json.tracking_id as string });
		expect(refreshed.items[0].json).toMatchObject({ summary: { status: 'rejected' }, dian: { is_valid: false, status_code: '99' } });
	});

	it('downloads the XML as <numero_completo>.xml, reading the document first for its number', async () => {
		const created = (
			await t.run(createFromItem(), [
				{ doc: { ...DOC_EXAMPLE_BODY, adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, razon_social: 'PEREZ & HIJOS <LTDA>' } } },
			])
		).items[0].json;
		t.sim.server.clearLog();
		const run = await t.run({ resource: 'invoice', operation: 'downloadXml', trackingId: created.tracking_id as string });
		expect(run.error).toBeUndefined();
		const binary = run.items[0].binary!.data;
		expect(binary).toMatchObject({ fileName: 'SETP990000001.xml', mimeType: 'application/xml', fileExtension: 'xml' });
		const xml = Buffer.from(binary.data, 'base64').toString('utf8');
		expect(xml).toContain('<cbc:ID>SETP990000001</cbc:ID>');
		expect(xml).toContain(`>${String(created.cufe)}</cbc:UUID>`);
		expect(xml).toContain('PEREZ &amp; HIJOS &lt;LTDA&gt;');
		expect(wellFormed(xml)).toBe(true);
		expect(run.items[0].json).toMatchObject({ fileName: 'SETP990000001.xml', tracking_id: created.tracking_id });
		expect(t.sim.server.requests().map((r) => r.path)).toEqual([
			`${API}/documentos/${String(created.tracking_id)}`,
			`${API}/documentos/${String(created.tracking_id)}/xml`,
		]);

		// With the number given, one request, into the chosen binary field.
		t.sim.server.clearLog();
		const direct = await t.run({
			resource: 'invoice',
			operation: 'downloadXml',
			trackingId: created.tracking_id as string,
			binaryPropertyName: 'factura',
			downloadOptions: { documentNumber: 'SETP990000001' },
		});
		expect(direct.items[0].binary!.factura.fileName).toBe('SETP990000001.xml');
		expect(t.sim.server.count()).toBe(1);
	});

	it('names the XML file from a Document Number mapped as a number', async () => {
		// Bug fixed: a number from an expression failed with "trim is not a function".
		const created = (await t.run(createInvoice())).items[0].json;
		const run = await t.run(
			{ resource: 'invoice', operation: 'downloadXml', trackingId: created.tracking_id as string, downloadOptions: { documentNumber: '={{ $json.n }}' } },
			[{ n: 990000001 }],
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].binary!.data.fileName).toBe('990000001.xml');
	});

	it('gets many with Return All over 250 documents in 3 pages, newest first', async () => {
		t.sim.seedDocuments(250, { to: '2026-05-31' });
		const run = await t.run({ resource: 'invoice', operation: 'getAll', returnAll: true });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(250);
		const requests = t.sim.server.requests({ path: `${API}/documentos` });
		expect(requests.map((r) => [r.query.page, r.query.per_page])).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
		]);
		const dates = run.items.map((i) => String(i.json.fecha_emision));
		expect([...dates].sort().reverse()).toEqual(dates);
		expect(run.items.every((i) => (i.json.summary as IDataObject).provider === 'FacEPro')).toBe(true);
		expect(new Set(run.items.map((i) => i.json.tracking_id)).size).toBe(250);
	});

	it('gets many with a limit and filters (estado, inclusive desde/hasta)', async () => {
		const seeded = t.sim.seedDocuments(400, { from: '2026-03-01', to: '2026-05-31' });
		const expected = seeded.filter((d) => d.estado === 'rechazado' && d.fecha >= '2026-04-01' && d.fecha <= '2026-04-30');
		expect(expected.length).toBeGreaterThan(3);
		const all = await t.run({
			resource: 'invoice',
			operation: 'getAll',
			returnAll: true,
			filters: { estado: 'rechazado', desde: '2026-04-01T00:00:00', hasta: '2026-04-30T00:00:00' },
		});
		expect(all.items.map((i) => i.json.tracking_id).sort()).toEqual(expected.map((d) => d.tracking_id).sort());
		expect(t.sim.server.requests({ path: `${API}/documentos` })[0].query).toMatchObject({
			estado: 'rechazado',
			desde: '2026-04-01',
			hasta: '2026-04-30',
		});

		t.sim.server.clearLog();
		const limited = await t.run({ resource: 'invoice', operation: 'getAll', returnAll: false, limit: 3, filters: { estado: 'rechazado' } });
		expect(limited.items).toHaveLength(3);
		expect(t.sim.server.count()).toBe(1);
		expect(t.sim.server.requests()[0].query.per_page).toBe('3');
	});

	it('refuses a date range that ends before it starts, without a request', async () => {
		const run = await t.run({ resource: 'invoice', operation: 'getAll', filters: { desde: '2026-05-10', hasta: '2026-05-01' } });
		expect(errorOf(run).fields).toEqual({ hasta: ['is before Issued From (2026-05-10)'] });
		expect(t.sim.server.count()).toBe(0);
	});

	it('reads the account of the token and the health of the API', async () => {
		const me = await t.run({ resource: 'account', operation: 'getMe' });
		expect(me.items[0].json).toMatchObject({ tenant: { nit: '901234567', dv: '7', razon_social: 'MI EMPRESA SAS', estado: 'activo' } });
		// Health needs no token: it answers even once the token is revoked.
		t.sim.revokeToken(1);
		const health = await t.run({ resource: 'account', operation: 'health' });
		expect(health.items[0].json).toMatchObject({ status: 'ok', service: 'FacEPro Cloud', version: 'v1' });
	});
});

describe('FacEPro list and detail shapes', () => {
	const t = useFacEPro({ listShape: 'paginator', detailShape: 'wrapped' });

	it("pages through Laravel's paginator shape and unwraps `{ok, data}` details", async () => {
		t.sim.seedDocuments(130);
		const run = await t.run({ resource: 'invoice', operation: 'getAll', returnAll: true });
		expect(run.items).toHaveLength(130);
		expect(t.sim.server.count({ path: `${API}/documentos` })).toBe(2);
		const get = await t.run({ resource: 'invoice', operation: 'get', trackingId: run.items[5].json.tracking_id as string });
		expect(get.items[0].json).toMatchObject({ tracking_id: run.items[5].json.tracking_id, summary: { kind: expect.any(String) } });
		expect(get.items[0].json).not.toHaveProperty('data');
	});
});

/** Tags open and close in order (enough to catch unescaped text or broken nesting). */
function wellFormed(xml: string): boolean {
	const stack: string[] = [];
	const body = xml.replace(/^<\?xml[^>]*\?>/, '');
	if (/&(?!amp;|lt;|gt;|quot;|apos;)/.test(body)) return false;
	for (const match of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>/g)) {
		const [, closing, name, , selfClosing] = match;
		if (selfClosing) continue;
		if (closing) {
			if (stack.pop() !== name) return false;
		} else stack.push(name);
	}
	return stack.length === 0;
}
