/**
 * El Salvador's rules, time handling and the request/answer mapping of the Factuconect node, as
 * plain functions.
 */
import type { ValidationProblem } from '../../nodes/shared/errors';
import { Problems } from '../../nodes/shared/invoice/problems';
import { readJsonObject } from '../../nodes/Factuconect/input/json';
import { dteTotals, zeroDocument } from '../../nodes/Factuconect/wire/totals';
import { deepMerge, toBody, voidBody } from '../../nodes/Factuconect/wire/toBody';
import {
	checkCodigoGeneracion,
	checkDui,
	checkIdNumber,
	checkLinesOnly,
	checkNit,
	checkNrc,
	checkNumeroControl,
	duiCheckDigit,
	formatMhStamp,
	parseReceptionStamp,
	svDateTime,
	voidDeadline,
} from '../../nodes/Factuconect/wire/rules';
import { dteLinks, dteSummary } from '../../nodes/Factuconect/summary';
import { readMhAnswer } from '../../nodes/Factuconect/transport';

const collect = <T>(fn: (problems: ValidationProblem[]) => T) => {
	const problems: ValidationProblem[] = [];
	const value = fn(problems);
	return { value, messages: problems.map((p) => `${p.path}: ${p.message}`) };
};

describe('identifiers', () => {
	it('computes the DUI check digit (weights 9..2, modulo 10)', () => {
		expect(duiCheckDigit('00016297')).toBe(5);
		expect(duiCheckDigit('00000000')).toBe(0);
		expect(duiCheckDigit('12345678')).toBe(4);
		expect(collect((p) => checkDui('000162975', 'dui', p)).value).toBe('00016297-5');
		expect(collect((p) => checkDui('00016297-6', 'dui', p)).messages).toEqual(['dui: "00016297-6" is not a valid DUI: its check digit does not match']);
	});

	it('normalises NIT and NRC to digits and accepts a DUI as 9-digit NIT', () => {
		expect(collect((p) => checkNit('0614-010499-128-7', 'nit', p)).value).toBe('06140104991287');
		expect(collect((p) => checkNit('00016297-5', 'nit', p)).value).toBe('000162975');
		expect(collect((p) => checkNit('061401049912877', 'nit', p)).messages).toEqual(['nit: must have 14 digits (or 9 for a DUI used as NIT), got 15']);
		expect(collect((p) => checkNrc('278784-1', 'nrc', p)).value).toBe('2787841');
		expect(collect((p) => checkNrc('123456789', 'nrc', p)).messages).toEqual(['nrc: "123456789" is not an NRC (2 to 8 digits)']);
	});

	it('checks a receiver document by its MH type', () => {
		expect(collect((p) => checkIdNumber('03', 'A1234567', 'n', p)).value).toBe('A1234567');
		expect(collect((p) => checkIdNumber('37', 'x'.repeat(21), 'n', p)).messages).toEqual(['n: must have 1 to 20 characters']);
		expect(collect((p) => checkIdNumber('13', '00016297-5', 'n', p)).value).toBe('00016297-5');
	});

	it('checks codigoGeneracion: uppercase always, version 4 for a new document', () => {
		const v1 = 'C232AB00-9414-11EC-B3C8-9E6BDECED846';
		expect(collect((p) => checkCodigoGeneracion(v1, 'c', p)).value).toBe(v1);
		expect(collect((p) => checkCodigoGeneracion(v1, 'c', p, { newDocument: true })).messages).toEqual([
			'c: must be a version-4 UUID (its 15th character is "4"), e.g. 0F1E2D3C-4B5A-4968-8776-655443322110',
		]);
		expect(collect((p) => checkCodigoGeneracion(v1.toLowerCase(), 'c', p)).messages).toEqual([`c: must be in UPPERCASE, as MH requires: ${v1}`]);
		expect(collect((p) => checkCodigoGeneracion(`${v1}0`, 'c', p)).messages[0]).toContain('is not a codigoGeneracion (36 characters');
		expect(collect((p) => checkCodigoGeneracion('', 'c', p, { required: false })).messages).toEqual([]);
	});

	it('reads the tipoDte inside a numeroControl', () => {
		expect(collect((p) => checkNumeroControl('DTE-03-M001P001-000000000000007', 'n', p)).value).toBe('03');
		expect(collect((p) => checkNumeroControl('DTE-03-M001P01-000000000000007', 'n', p)).messages[0]).toContain('is not a numeroControl');
		expect(collect((p) => checkNumeroControl('DTE-03-m001p001-000000000000007', 'n', p)).messages).toHaveLength(1);
	});
});

describe('El Salvador time and void windows', () => {
	it('reads MH stamps as El Salvador time (UTC−6) and ISO date-times with or without a zone', () => {
		const utc = Date.UTC(2026, 10, 20, 16, 15, 30);
		expect(parseReceptionStamp('20/11/2026 10:15:30')).toBe(utc);
		expect(parseReceptionStamp('2026-11-20T10:15:30')).toBe(utc);
		expect(parseReceptionStamp('2026-11-20T16:15:30Z')).toBe(utc);
		expect(parseReceptionStamp('2026-11-20T10:15:30-06:00')).toBe(utc);
		expect(formatMhStamp(utc)).toBe('20/11/2026 10:15:30');
		expect(svDateTime(Date.UTC(2026, 10, 21, 3, 0, 0))).toEqual({ fecha: '2026-11-20', hora: '21:00:00' });
		for (const bad of ['31/02/2026 10:00:00', '20/11/2026 25:00:00', '2026-13-01T00:00:00', 'yesterday', '']) {
			expect(parseReceptionStamp(bad)).toBeUndefined();
		}
	});

	it('gives 01, 11 and 14 three calendar months and 03, 05, 06 one day', () => {
		const received = parseReceptionStamp('30/11/2026 10:00:00')!;
		expect(formatMhStamp(voidDeadline('01', received))).toBe('28/02/2027 10:00:00');
		expect(formatMhStamp(voidDeadline('14', received))).toBe('28/02/2027 10:00:00');
		expect(formatMhStamp(voidDeadline('11', parseReceptionStamp('15/01/2026 08:30:00')!))).toBe('15/04/2026 08:30:00');
		expect(formatMhStamp(voidDeadline('03', received))).toBe('01/12/2026 10:00:00');
		expect(formatMhStamp(voidDeadline('06', received))).toBe('01/12/2026 10:00:00');
	});
});

describe('request bodies (the assumed shapes)', () => {
	const account = { baseUrl: 'http://x', viewBaseUrl: 'https://dte.factuconect.com', ambiente: '01', uid: 'U-1', idSucursal: '4' };
	const line = { description: 'Servicio', quantity: '2', unitPrice: '10.5', taxRate: 13, itemType: 'services' as const, discountAmount: '1', taxExcluded: true, code: 'S-1', unit: '59' };

	it('Factura to a stored client and CCF with the receiver inline', () => {
		expect(
			toBody(
				{ tipoDte: '01', invoice: { kind: 'invoice', customer: { name: 'Factuconect client 4708', providerId: '4708' }, lines: [line], notes: 'Gracias' }, condicionOperacion: '2' },
				account,
				'C',
			),
		).toEqual({
			uid: 'U-1',
			idSucursal: '4',
			ambiente: '01',
			condicionOperacion: 2,
			idCliente: 4708,
			observaciones: 'Gracias',
			codigoGeneracion: 'C',
			items: [{ tipoItem: 2, cantidad: 2, uniMedida: 59, descripcion: 'Servicio', precioUni: 10.5, montoDescu: 1, exento: true, codigo: 'S-1' }],
		});
		const ccf = toBody(
			{
				tipoDte: '03',
				invoice: {
					kind: 'invoice',
					customer: { idType: '36', idNumber: '06140104991287', nrc: '2787841', name: 'ACME', economicActivity: '46302', department: '06', municipality: '14', address: 'Calle 1', email: 'a@b.sv' },
					lines: [{ description: 'x', quantity: 1, unitPrice: 1, taxRate: 13 }],
				},
				activityDescription: 'Venta de alimentos',
				condicionOperacion: '1',
			},
			account,
		);
		expect(ccf.receptor).toEqual({
			nit: '06140104991287',
			nrc: '2787841',
			nombre: 'ACME',
			codActividad: '46302',
			descActividad: 'Venta de alimentos',
			direccion: { departamento: '06', municipio: '14', complemento: 'Calle 1' },
			correo: 'a@b.sv',
		});
		expect(ccf.idCliente).toBeUndefined();
	});

	it('void: the voided code in both documented fields, the replacement as MH names it', () => {
		expect(voidBody(account, { codigoGeneracion: 'A', voidType: 1, replacementCode: 'B', reason: 'Error', fecha: '2026-11-20', hora: '10:00:00' })).toEqual({
			uid: 'U-1',
			idSucursal: '4',
			ambiente: '01',
			codGenerationAnula: 'A',
			codGenerationOriginal: 'A',
			tipoAnulacion: 1,
			motivoAnulacion: 'Error',
			codigoGeneracionR: 'B',
			fecAnula: '2026-11-20',
			horAnula: '10:00:00',
		});
	});

	it('Additional Fields (JSON) merge deeply, user keys win, arrays are replaced', () => {
		expect(deepMerge({ a: 1, r: { n: 'x', d: { m: '01' } }, items: [1, 2] }, { r: { d: { m: '02' }, t: '7' }, items: [3], extra: true })).toEqual({
			a: 1,
			r: { n: 'x', d: { m: '02' }, t: '7' },
			items: [3],
			extra: true,
		});
		const problems = new Problems();
		expect(readJsonObject({ a: 1 }, 'j', problems)).toEqual({ a: 1 });
		expect(readJsonObject('  ', 'j', problems)).toEqual({});
		expect(readJsonObject('"text"', 'j', problems)).toEqual({});
		expect(problems.list).toEqual([{ path: 'j', message: 'must be a JSON object, e.g. {"observaciones": "…"}' }]);
	});
});

describe('answers and summary', () => {
	const account = { viewBaseUrl: 'https://dte.factuconect.com', ambiente: '00' };

	it('finds MH\'s answer wherever Factuconect puts it', () => {
		const mh = { estado: 'PROCESADO', codigoMsg: '001', observaciones: [] };
		expect(readMhAnswer({ data: { mh } })?.estado).toBe('PROCESADO');
		expect(readMhAnswer({ data: mh })?.codigoMsg).toBe('001');
		expect(readMhAnswer({ ...mh, observaciones: 'UNA' })?.observaciones).toEqual(['UNA']);
		expect(readMhAnswer({ data: { estado: 'PENDIENTE' } })).toBeUndefined();
	});

	it('maps MH estado to the summary status (004 = already received)', () => {
		const base = { account, codigoGeneracion: 'X', tipoDte: '03' };
		const answer = (estado: string, codigoMsg: string) => ({ estado, codigoMsg, descripcionMsg: 'd', observaciones: ['o'] });
		expect(dteSummary({ ...base, mh: answer('PROCESADO', '002') })).toMatchObject({ status: 'accepted', warnings: ['o'], kind: 'ccf' });
		expect(dteSummary({ ...base, mh: answer('RECHAZADO', '004') })).toMatchObject({ status: 'accepted', estado: 'PROCESADO' });
		expect(dteSummary({ ...base, mh: answer('RECHAZADO', '099') })).toMatchObject({ status: 'rejected', estado: 'RECHAZADO', statusMessage: 'd', warnings: [] });
		expect(dteSummary({ ...base, estado: 'PENDIENTE' })).toMatchObject({ status: 'pending', estado: 'PENDIENTE' });
		expect(dteSummary({ ...base, voided: true })).toMatchObject({ status: 'voided', estado: 'ANULADO' });
	});

	it('builds the MH check link only with an emission date', () => {
		expect(dteLinks(account, 'ABC', '2026-11-20')).toEqual({
			view: 'https://dte.factuconect.com/viewDte?id=ABC',
			ticket: 'https://dte.factuconect.com/ticket?id=ABC',
			mhCheck: 'https://admin.factura.gob.sv/consultaPublica?ambiente=00&codGen=ABC&fechaEmi=2026-11-20',
		});
		expect(Object.keys(dteLinks(account, 'ABC'))).toEqual(['view', 'ticket']);
	});
});

describe('IVA 13 %', () => {
	it('a Factura price contains IVA; a CCF adds it on the summary; a Sujeto Excluido has none', () => {
		const one = [{ quantity: 1, unitPrice: 113 }];
		const factura = dteTotals('01', one);
		expect([factura.totalGravada.toFixed(2), factura.totalIva.toFixed(2), factura.totalPagar.toFixed(2)]).toEqual(['113.00', '13.00', '113.00']);
		const ccf = dteTotals('03', one);
		expect([ccf.totalGravada.toFixed(2), ccf.totalIva.toFixed(2), ccf.totalPagar.toFixed(2)]).toEqual(['113.00', '14.69', '127.69']);
		const excluded = dteTotals('14', one);
		expect([excluded.totalIva.toFixed(2), excluded.totalPagar.toFixed(2)]).toEqual(['0.00', '113.00']);
	});

	it('keeps 8 decimals per item and rounds the summary half-up to 2', () => {
		const totals = dteTotals('01', [
			{ quantity: 3, unitPrice: '0.33333333' },
			{ quantity: 1, unitPrice: '0.005' },
		]);
		expect(totals.lines.map((l) => l.amount.toString())).toEqual(['0.99999999', '0.005']);
		expect(totals.totalPagar.toFixed(2)).toBe('1.00');
		// 0.99999999 × 13 ÷ 113 = 0.115044246…
		expect(totals.lines[0].iva.toString()).toBe('0.11504425');
	});
});

describe('lines and documents worth 0 (no free-of-charge line in MH)', () => {
	const messages = (problems: Problems) => problems.list.map((p) => `${p.path}: ${p.message}`);

	it('Preview Totals lines: a 0 price, a price that is not a number and a missing one are refused; a 0.01 price is not', () => {
		const problems = new Problems();
		const lines = checkLinesOnly(
			'03',
			[
				{ description: 'a', quantity: 1, unitPrice: '0', taxRate: 13 },
				{ description: 'b', quantity: 1, unitPrice: '1,5', taxRate: 13 },
				{ description: 'c', quantity: 1, taxRate: 13 },
				{ description: 'd', quantity: 1, unitPrice: '0.01', taxRate: 13 },
			],
			problems,
		);
		expect(lines).toBeUndefined();
		const found = messages(problems);
		expect(found.filter((m) => m.startsWith('lines.0.unitPrice: is 0, so the line is worth 0'))).toHaveLength(1);
		expect(found).toContain('lines.1.unitPrice: "1,5" is not a number: write the price with digits and a decimal point, e.g. 11.30');
		expect(found).toContain('lines.2.unitPrice: is required: the price of one unit, e.g. 11.30');
		expect(found.some((m) => m.startsWith('lines.3.'))).toBe(false);
	});

	it("a source's own free line (Shopify) passes when allowed", () => {
		const problems = new Problems();
		const lines = checkLinesOnly('01', [{ description: 'gift', quantity: 1, unitPrice: '0.00', taxRate: 13 }], problems, { zeroValueAllowed: true });
		expect(messages(problems)).toEqual([]);
		expect(lines).toHaveLength(1);
	});

	it('zeroDocument: a discount of all the taxed sales with nothing exempt leaves the document worth 0', () => {
		const taxed = [{ description: 'a', quantity: 2, unitPrice: '150', taxRate: 13 }];
		expect(zeroDocument('03', taxed, { discountAmount: '300.00' }, undefined)).toMatchObject({ path: 'descuGravada', providerPath: 'descuGravada' });
		expect(zeroDocument('01', taxed, { discountRate: '100' }, undefined)).toMatchObject({ path: 'porcentajeDescuento' });
		expect(zeroDocument('03', taxed, { discountAmount: '299.99' }, undefined)).toBeUndefined();
		expect(zeroDocument('03', [...taxed, { description: 'b', quantity: 1, unitPrice: '5', taxRate: 13, taxExcluded: true }], { discountAmount: '300.00' }, undefined)).toBeUndefined();
		expect(zeroDocument('03', taxed, {}, undefined)).toBeUndefined();
	});
});
