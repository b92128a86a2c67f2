/**
 * Factus error parsing (transport.ts) and status classification (summary.ts) on the shapes of
 * factus.md and the seeds, without HTTP.
 */
import type { HttpFailure } from '../../nodes/shared/http';
import { dianState, factusSummary } from '../../nodes/Factus/summary';
import { isFinalFailure, pacingFor, parseError } from '../../nodes/Factus/transport';

const http = (status: number, body: unknown, headers: Record<string, string> = {}): HttpFailure => ({
	kind: 'http',
	status,
	body,
	headers,
	message: `HTTP ${status}`,
});

describe('Factus parseError', () => {
	it('reads seed 001’s Laravel 422 with every field', () => {
		const info = parseError(
			http(422, {
				message: 'El campo código de referencia es obligatorio. (and 2 more errors)',
				errors: {
					reference_code: ['El campo código de referencia es obligatorio.'],
					numbering_range_id: ['El campo id rango de numeración es obligatorio.'],
					'items.0.quantity': ['El campo items.0.quantity es obligatorio.'],
				},
			}),
		);
		expect(info.message).toBe('Factus: El campo código de referencia es obligatorio. (and 2 more errors)');
		expect(Object.keys(info.fields ?? {})).toEqual(['reference_code', 'numbering_range_id', 'items.0.quantity']);
		expect(info).toMatchObject({ httpCode: 422, code: 'validation' });
	});

	it('reads the DIAN-rule 422 and the array 422', () => {
		const dian = parseError(
			http(422, {
				status: 'Validation error',
				message: 'Documento con errores en campos mandatorios.',
				data: { message: 'Documento con errores en campos mandatorios.', errors: { FAK24: 'Regla: FAK24, Rechazo: No está informado el DV del NIT' } },
			}),
			{ what: 'bill' },
		);
		expect(dian).toMatchObject({ message: 'Factus: DIAN rejected the bill: Regla: FAK24, Rechazo: No está informado el DV del NIT', code: 'dian_rejected', fields: { FAK24: [expect.any(String)] } });
		const array = parseError(http(422, { status: 'Validation error', message: 'Error de validación', data: { errors: ['Uno.', 'Dos.'] } }));
		expect(array).toMatchObject({ message: 'Factus: Uno. (and 1 more)', fields: { _: ['Uno.', 'Dos.'] } });
	});

	it('recognises "Regla: 90" whatever the shape', () => {
		const info = parseError(http(422, { data: { errors: ['Regla: 90, Rechazo: Documento procesado anteriormente.'] } }), { what: 'bill' });
		expect(info.code).toBe('regla90');
		expect(info.message).toContain('reconcile it manually');
	});

	it('reads both 409 shapes and explains the pending block', () => {
		const plain = parseError(http(409, { status: 'Conflict', message: 'Se encontró una factura pendiente por enviar a la DIAN' }));
		const seed = parseError(
			http(409, { status: 'Conflict', errors: [{ code: 409, message: 'Se encontró una factura pendiente por enviar a la DIAN', params: [], detail: 'Conflict', api_version: 'v1' }] }),
		);
		for (const info of [plain, seed]) {
			expect(info).toMatchObject({ message: 'Factus: Se encontró una factura pendiente por enviar a la DIAN', code: 'pending_block', hint: expect.stringContaining('Wait for DIAN Result') });
		}
	});

	it('words 401, 402, 403, 404, 429, 500, 503, HTML bodies and network failures', () => {
		expect(parseError(http(401, { message: 'Unauthenticated.' })).message).toBe('Factus: the access token was refused even after logging in again (Unauthenticated.)');
		expect(parseError(http(402, {})).message).toBe('Factus: the subscription has no documents left');
		expect(parseError(http(403, { status: 'Forbidden', message: 'La empresa no tiene habilitada la creación de este documento' })).message).toBe(
			'Factus: La empresa no tiene habilitada la creación de este documento',
		);
		expect(parseError(http(404, { message: 'No encontrado' })).code).toBe('not_found');
		expect(parseError(http(429, { message: 'Too Many Attempts.' }, { 'retry-after': '12', 'x-ratelimit-limit': '80' })).message).toBe(
			'Factus: rate limit reached (80 requests per window); retry after 12 s',
		);
		expect(parseError(http(500, '<html><body><h1>Server Error</h1></body></html>')).message).toBe('Factus: internal error (HTTP 500): Server Error');
		expect(parseError(http(503, { message: 'Mantenimiento' })).code).toBe('maintenance');
		expect(parseError({ kind: 'network', code: 'ECONNREFUSED', headers: {}, message: 'x' }, { base: 'https://api-sandbox.factus.com.co' }).message).toBe(
			'Factus: could not connect to Factus at https://api-sandbox.factus.com.co',
		);
		expect(parseError({ kind: 'network', code: 'EUNKNOWN', headers: {}, message: 'Factus login failed: Factus refused …' }).code).toBe('login_failed');
	});

	it('does not retry what cannot get better', () => {
		expect(isFinalFailure(http(402, {}))).toBe(true);
		expect(isFinalFailure(http(403, {}))).toBe(true);
		expect(isFinalFailure({ kind: 'network', code: 'EUNKNOWN', headers: {}, message: 'Factus login failed: wrong password' })).toBe(true);
		expect(isFinalFailure(http(503, {}))).toBe(false);
		expect(isFinalFailure({ kind: 'network', code: 'ECONNRESET', headers: {}, message: 'socket hang up' })).toBe(false);
	});
});

describe('Factus status and summary', () => {
	it('status 1 → accepted; 0 with "Rechazo" → rejected; other 0 → pending; "Notificación" → warnings', () => {
		expect(dianState({ status: 1, errors: [] }).status).toBe('accepted');
		expect(dianState({ status: 0, errors: ['Regla: FAJ43b, Rechazo: Nombre'] }).status).toBe('rejected');
		expect(dianState({ status: 0, errors: [] }).status).toBe('pending');
		expect(dianState({ status: 0, errors: { '90': 'Regla: 90, Rechazo: Documento procesado anteriormente.' } })).toMatchObject({ status: 'rejected', regla90: true });
		const summary = factusSummary('bill', {
			bill: {
				number: 'FTP990000014',
				status: 1,
				cufe: 'abc',
				total: '90000.00',
				created_at: '09-01-2025 12:07:25 PM',
				qr: 'https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=abc',
				errors: ['Regla: FAK45, Notificación: No informado el literal “195”'],
			},
		});
		expect(summary).toMatchObject({
			provider: 'Factus',
			kind: 'invoice',
			number: 'FTP990000014',
			authorityId: 'abc',
			status: 'accepted',
			total: 90000,
			currency: 'COP',
			issueDate: '2025-01-09',
			warnings: ['Regla: FAK45, Notificación: No informado el literal “195”'],
		});
	});
});

describe('Factus pacing rule', () => {
	it('aims a little under the credential’s limit, per API and user', () => {
		expect(pacingFor({ rateLimit: 80, rateLimitWindowSeconds: 60, username: 'Ana@x.co' }, 'https://api.factus.com.co')).toEqual({
			key: 'factus|https://api.factus.com.co|ana@x.co',
			limit: 76,
			windowMs: 61_000,
		});
		expect(pacingFor({ rateLimit: 20, rateLimitWindowSeconds: 2 }, 'http://x')).toMatchObject({ limit: 19, windowMs: 2050 });
		expect(pacingFor({}, 'http://x')).toMatchObject({ limit: 76, windowMs: 61_000 });
	});
});
