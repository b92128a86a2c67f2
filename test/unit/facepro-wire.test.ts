/**
 * FacEPro's wire layer without n8n: neutral invoice → FacEPro body, FacEPro's local rules, the
 * totals rule, path wording, error wording and the summary.
 */
import { fieldLabel } from '../../nodes/FacEPro/input/fields';
import { checkFacEProBody, prepareFromJson, prepareFromNeutral } from '../../nodes/FacEPro/input/json';
import { faceproSummary } from '../../nodes/FacEPro/summary';
import { parseError as parseFacEProError, readListPage } from '../../nodes/FacEPro/transport';
import { faceproTotals } from '../../nodes/FacEPro/wire/rules';
import { invoicePath, providerPath, referenceInXml, toBody } from '../../nodes/FacEPro/wire/toBody';
import { DOC_EXAMPLE_BODY as docExample } from '../fixtures/facepro';
import { calcularTotales } from '../simulators/facepro/rules';

const today = '2026-05-10';

const neutralExample = {
	customer: {
		personType: 'natural',
		idType: '13',
		idNumber: '71234567',
		name: 'JUAN PEREZ',
		email: 'juan@correo.com',
		municipality: '05001',
		department: '05',
	},
	lines: [
		{ code: 'PROD-001', description: 'Repuesto motocicleta XYZ', quantity: 2, unitPrice: 50000, taxRate: 19 },
		{ code: 'SERV-010', description: 'Mano de obra instalación', quantity: 1, unitPrice: 25000, taxRate: 19, discountRate: 10 },
	],
	externalReference: 'ORDER-1001',
};

const paths = (result: ReturnType<typeof prepareFromJson>) => (result.ok ? [] : result.problems.map((p) => p.path));

describe('FacEPro body rules', () => {
	it("accepts the provider's documented example and keeps it as sent", () => {
		const result = checkFacEProBody(docExample, 'invoice', { today });
		expect(result).toEqual({ ok: true, body: docExample });
	});

	it('normalises numeric strings, numeric codes and the time offset', () => {
		const result = checkFacEProBody(
			{
				factura: { fecha: '2026-05-09', hora: '14:30:00' },
				adquiriente: { ...docExample.adquiriente, tipo_persona: 2, tipo_documento: 13 },
				lineas: [{ codigo: 'A', descripcion: 'B', cantidad: '1.5', precio: '1000.50', iva_pct: '5', descuento_pct: 0 }],
			},
			'invoice',
			{ today },
		);
		expect(result.ok && result.body).toMatchObject({
			factura: { fecha: '2026-05-09', hora: '14:30:00-05:00' },
			adquiriente: { tipo_persona: '2', tipo_documento: '13' },
			lineas: [{ cantidad: 1.5, precio: 1000.5, iva_pct: 5 }],
		});
		expect(result.ok && result.body.lineas[0]).not.toHaveProperty('descuento_pct');
	});

	it('reports every problem at once, with FacEPro paths', () => {
		const result = checkFacEProBody(
			{
				adquirente: {},
				lineas: [{ codigo: '', descripcion: 'x', cantidad: -1, precio: 10, iva_pct: 7, descuento_pct: 5, descuento_valor: 2 }],
			},
			'invoice',
			{ today },
		);
		expect(result.ok).toBe(false);
		const problems = result.ok ? [] : result.problems;
		expect(problems.map((p) => p.path)).toEqual([
			'adquirente',
			'adquiriente',
			'lineas.0.codigo',
			'lineas.0.cantidad',
			'lineas.0.iva_pct',
			'lineas.0.descuento_valor',
		]);
		expect(problems[0].message).toContain('spells it "adquiriente"');
		expect(problems[4].message).toContain('must be 0, 5 or 19');
	});

	it('checks the DV only for a NIT, against the DIAN algorithm', () => {
		const nit = { ...docExample.adquiriente, tipo_persona: '1', tipo_documento: '31', numero_documento: '900123456' };
		expect(checkFacEProBody({ ...docExample, adquiriente: { ...nit, dv: '8' } }, 'invoice', { today }).ok).toBe(true);
		const wrong = checkFacEProBody({ ...docExample, adquiriente: { ...nit, dv: '3' } }, 'invoice', { today });
		expect(wrong.ok ? [] : wrong.problems).toEqual([
			{ path: 'adquiriente.dv', message: 'does not match the NIT: the check digit of 900123456 is 8, not 3' },
		]);
		const onCedula = checkFacEProBody({ ...docExample, adquiriente: { ...docExample.adquiriente, dv: '8' } }, 'invoice', { today });
		expect(onCedula.ok ? [] : onCedula.problems[0].message).toContain('only used with a NIT');
	});

	it('requires the reference and a reason in range for notes', () => {
		const credit = checkFacEProBody(
			{ ...docExample, factura_referencia: { numero: 'SETP990000011', cufe: 'abc', fecha: '2026-05-11' }, motivo: { codigo: '7' } },
			'creditNote',
			{ today },
		);
		expect(credit.ok ? [] : credit.problems.map((p) => p.path)).toEqual([
			'factura_referencia.cufe',
			'factura_referencia.fecha',
			'motivo.codigo',
			'motivo.descripcion',
		]);
		const debit = checkFacEProBody(
			{ ...docExample, factura_referencia: { numero: 'SETP1', cufe: 'a'.repeat(96), fecha: '2026-05-01' }, motivo: { codigo: '5', descripcion: 'x' } },
			'debitNote',
			{ today },
		);
		expect(debit.ok ? [] : debit.problems).toEqual([
			{ path: 'motivo.codigo', message: expect.stringContaining('must be one of 1, 2, 3, 4 for a debit note') },
		]);
	});
});

describe('neutral invoice → FacEPro', () => {
	it('maps the neutral invoice to the same body as the documented example', () => {
		const result = prepareFromNeutral(neutralExample, 'invoice', { today });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		// The neutral example has no address; everything else is the documented body.
		const expected: Record<string, string> = { ...docExample.adquiriente };
		delete expected.direccion;
		expect(result.document.body.adquiriente).toStrictEqual(expected);
		expect(result.document.body.lineas).toStrictEqual(docExample.lineas);
		expect(result.document.externalReference).toBe('ORDER-1001');
	});

	it('derives the person type from the ID type when absent', () => {
		const invoice = (idType: string) => ({
			kind: 'invoice' as const,
			customer: { idType, idNumber: '900123456', name: 'X' },
			lines: [{ description: 'a', quantity: 1, unitPrice: 1, taxRate: 0 }],
		});
		const body = toBody(invoice('31'));
		expect((body.adquiriente as Record<string, unknown>).tipo_persona).toBe('1');
		expect((toBody(invoice('13')).adquiriente as Record<string, unknown>).tipo_persona).toBe('2');
	});

	it('reports neutral and FacEPro problems once each, in neutral paths', () => {
		const result = prepareFromNeutral(
			{
				...neutralExample,
				currency: 'USD',
				customer: { ...neutralExample.customer, idNumber: undefined, dv: '4' },
				lines: [{ ...neutralExample.lines[0], taxRate: 7, discount: 5 }],
			},
			'invoice',
			{ today },
		);
		expect(result.ok ? [] : result.problems).toEqual([
			{ path: 'lines.0.discount', message: expect.stringContaining('not a field') },
			{ path: 'customer.idNumber', message: 'is required' },
			{ path: 'currency', message: expect.stringContaining('COP') },
			{ path: 'customer.dv', message: expect.stringContaining('only used with a NIT') },
			{ path: 'lines.0.taxRate', message: expect.stringContaining('must be 0, 5 or 19') },
		]);
	});

	it('knows which FacEPro field each invoice field is, both ways, and the field labels', () => {
		// One table (wire/toBody.ts): the invoice → FacEPro direction names FacEPro's path next to each
		// problem; the other direction names the fields of FacEPro's own 422 answers.
		expect(invoicePath('adquiriente.numero_documento')).toBe('customer.idNumber');
		expect(invoicePath('lineas.3.iva_pct')).toBe('lines.3.taxRate');
		expect(invoicePath('factura_referencia.cufe')).toBe('related.authorityId');
		expect(providerPath('customer.idNumber')).toBe('adquiriente.numero_documento');
		expect(providerPath('lines.3.taxRate')).toBe('lineas.3.iva_pct');
		expect(providerPath('related.authorityId')).toBe('factura_referencia.cufe');
		expect(providerPath('customer.taxResponsibilities.0')).toBe('adquiriente.responsabilidad_fiscal');
		expect(fieldLabel('lines.3.taxRate')).toBe('Lines › Line 4 › IVA %');
		expect(fieldLabel(invoicePath('adquiriente.dv')!)).toBe('Customer Details › DV (NIT Check Digit)');
	});

	it('detects the JSON flavour, and refuses a mix', () => {
		expect(prepareFromJson(docExample, 'invoice', { today }).ok).toBe(true);
		expect(prepareFromJson(neutralExample, 'invoice', { today }).ok).toBe(true);
		expect(paths(prepareFromJson({ ...docExample, customer: {} }, 'invoice', { today }))).toEqual(['']);
		expect(paths(prepareFromJson({ foo: 1 }, 'invoice', { today }))).toEqual(['']);
	});
});

describe('FacEPro totals', () => {
	it("reproduces the provider's example: 122500 / 23275 / 145775", () => {
		const { totals, lines } = faceproTotals(docExample.lineas);
		expect([totals.subtotal.toNumber(), totals.tax.toNumber(), totals.total.toNumber()]).toEqual([122500, 23275, 145775]);
		expect(lines[1]).toMatchObject({ gross: 25000, discount: 2500, taxable: 22500, iva: 4275, total: 26775 });
	});

	it('rounds half-up per line and agrees with the simulator on awkward amounts', () => {
		const cases = [
			[{ codigo: 'a', descripcion: 'a', cantidad: 3, precio: 33.335, iva_pct: 19 }],
			[{ codigo: 'a', descripcion: 'a', cantidad: 0.333, precio: 1000, iva_pct: 5, descuento_valor: 0.5 }],
			[{ codigo: 'a', descripcion: 'a', cantidad: 7, precio: 14285.71, iva_pct: 19, descuento_pct: 12.5 }],
			Array.from({ length: 200 }, (_, i) => ({ codigo: `c${i}`, descripcion: 'x', cantidad: 1 + (i % 3) / 4, precio: 999.99 + i, iva_pct: [0, 5, 19][i % 3] })),
		];
		for (const lineas of cases) {
			const local = faceproTotals(lineas).totals;
			const server = calcularTotales(lineas);
			expect([local.subtotal.toNumber(), local.tax.toNumber(), local.total.toNumber()]).toEqual([server.subtotal, server.iva, server.total]);
		}
	});
});

describe('FacEPro error wording', () => {
	const http = (status: number, body: unknown) => ({ kind: 'http' as const, status, body, headers: {}, message: '' });

	it('explains a quota 429 and a 403 permission in plain words', () => {
		const quota = parseFacEProError(
			http(429, { ok: false, error: 'Cuota excedida para el periodo.', codigo: 'quota_excedida', consumidos: 100, limite: 100, periodo: 'mensual' }),
		);
		expect(quota.message).toBe(
			'FacEPro quota exhausted: 100 of 100 documents used this month (mensual). Retrying will not help: ask FacEPro for more quota or wait for the next period.',
		);
		const permission = parseFacEProError(http(403, { ok: false, codigo: 'permiso_no_concedido', permiso: 'permite_notas_debito' }));
		expect(permission.message).toBe('FacEPro does not allow your company to issue debit notes (missing permission permite_notas_debito)');
	});

	it('says "could not connect" when the request never reached FacEPro', () => {
		const network = (code: string) => ({ kind: 'network' as const, code, headers: {}, message: code });
		expect(parseFacEProError(network('ECONNREFUSED'), { baseUrl: 'http://x/api/v1' }).message).toBe(
			'Could not connect to FacEPro at http://x/api/v1 (connection refused)',
		);
		expect(parseFacEProError(network('EHOSTUNREACH')).message).toBe('Could not connect to FacEPro (host unreachable)');
		expect(parseFacEProError(network('ECONNRESET')).message).toBe('The connection to FacEPro was interrupted (ECONNRESET)');
	});

	it('tells a FacEPro 404 from a wrong base URL', () => {
		expect(parseFacEProError(http(404, { ok: false, error: 'x' }), { subject: 'document with tracking ID abc' }).message).toBe(
			'FacEPro found no document with tracking ID abc for this company',
		);
		expect(parseFacEProError(http(404, '<html>Not Found</html>')).hint).toContain('should end in /api/v1');
	});

	it('keeps 422 field messages under their paths, rewritten for the input', () => {
		const info = parseFacEProError(
			http(422, { ok: false, error: 'Datos invalidos', errors: { 'lineas.0.iva_pct': ['El IVA % debe ser 0, 5 o 19.'] } }),
			{ fieldPath: (path) => invoicePath(path) ?? path },
		);
		expect(info.message).toBe('FacEPro rejected the data: Datos invalidos');
		expect(info.fields).toEqual({ 'lines.0.taxRate': ['El IVA % debe ser 0, 5 o 19.'] });
	});
});

describe('FacEPro list pages and summary', () => {
	it('reads `data` as the array or as a Laravel paginator', () => {
		expect(readListPage({ ok: true, data: [{ a: 1 }], meta: { current_page: 2, last_page: 3 } }, 2)).toEqual({
			documents: [{ a: 1 }],
			currentPage: 2,
			lastPage: 3,
		});
		expect(readListPage({ ok: true, data: { data: [{ a: 1 }], current_page: '1', last_page: 1 } }, 1)).toEqual({
			documents: [{ a: 1 }],
			currentPage: 1,
			lastPage: 1,
		});
	});

	it('maps estados and keeps the DIAN reason of a rejection', () => {
		const base = { tipo_documento: 'nota_credito', numero_completo: 'NC1', cufe: 'f'.repeat(96), totales: { total: '1190.00' } };
		expect(faceproSummary({ ...base, estado: 'aceptado', estado_dian_mensaje: 'Procesado Correctamente.' })).toMatchObject({
			kind: 'creditNote',
			status: 'accepted',
			total: 1190,
			currency: 'COP',
			statusMessage: 'Procesado Correctamente.',
		});
		expect(
			faceproSummary({ ...base, estado: 'rechazado', estado_dian_mensaje: 'Documento con errores.', ultimo_error: 'Regla: FAK21' }),
		).toMatchObject({ status: 'rejected', statusMessage: 'Documento con errores. Regla: FAK21' });
		expect(faceproSummary({ ...base, estado: 'fallido' }).status).toBe('rejected');
		expect(faceproSummary({ ...base, estado: 'pendiente' }).status).toBe('pending');
		expect(faceproSummary({ ...base, estado: 'raro' }).warnings[0]).toContain('unknown estado');
	});
});

describe('the External Reference in the signed XML (opt-in)', () => {
	const xml = (...descriptions: string[]) =>
		`<?xml version="1.0"?><Invoice xmlns:cbc="x">${descriptions.map((d) => `<cac:InvoiceLine><cac:Item><cbc:Description>${d}</cbc:Description></cac:Item></cac:InvoiceLine>`).join('')}</Invoice>`;

	it('finds this reference, another one, none, or cannot read the document', () => {
		expect(referenceInXml(xml('Repuesto (Ref: ORDER-1)', 'Mano de obra'), 'ORDER-1')).toBe('ours');
		expect(referenceInXml(xml('Repuesto (Ref: ORDER-2)'), 'ORDER-1')).toBe('other');
		expect(referenceInXml(xml('Repuesto', 'Mano de obra'), 'ORDER-1')).toBe('none');
		// A proxy's page, or XML that is not this document's, proves nothing either way.
		expect(referenceInXml('<html><body>Login</body></html>', 'ORDER-1')).toBe('unreadable');
		expect(referenceInXml('<!DOCTYPE html><html><body>Login</body></html>', 'ORDER-1')).toBe('unreadable');
		expect(referenceInXml(xml('Repuesto'), 'ORDER-1', 'SETP990000007')).toBe('unreadable');
		expect(referenceInXml(`${xml('Repuesto')}<cbc:ID>SETP990000007</cbc:ID>`, 'ORDER-1', 'SETP990000007')).toBe('none');
		expect(referenceInXml('{"ok":false}', 'ORDER-1')).toBe('unreadable');
		expect(referenceInXml('', 'ORDER-1')).toBe('unreadable');
	});

	it('reads escaped text, numeric entities and CDATA as the reference was written', () => {
		expect(referenceInXml(xml('Kit &amp; cable (Ref: A&amp;B &lt;1&gt;)'), 'A&B <1>')).toBe('ours');
		expect(referenceInXml(xml('Kit (Ref: ORDER&#x2D;1)'), 'ORDER-1')).toBe('ours');
		expect(referenceInXml(xml('<![CDATA[Kit & cable (Ref: A&B)]]>'), 'A&B')).toBe('ours');
		// Only the tag at the end counts: "Ref" inside a description is the user's text.
		expect(referenceInXml(xml('Ref: ORDER-1 manual'), 'ORDER-1')).toBe('none');
	});
});
