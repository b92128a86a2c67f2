/**
 * What proves a Factus document (issue.ts `proveAnswer`) and which refusals mean "a document with this
 * reference code exists" or "nothing was created" (transport.ts), on the answer shapes of factus.md.
 */
import type { IDataObject } from 'n8n-workflow';

import { proveAnswer } from '../../nodes/Factus/issue';
import { isPendingBlock, isReferenceTaken } from '../../nodes/Factus/transport';
import type { ApiResponse, HttpFailure } from '../../nodes/shared/http';

const CUFE = 'a'.repeat(96);
const answer = (body: unknown, bodyKind: ApiResponse['bodyKind'] = 'json'): ApiResponse => ({ statusCode: 201, headers: {}, body, bodyKind, attempts: 1 });
const created = (key: string, document: IDataObject) => answer({ status: 'Created', message: 'ok', data: { company: {}, [key]: document, items: [] } });
const http = (status: number, body: unknown): HttpFailure => ({ kind: 'http', status, body, headers: {}, message: `HTTP ${status}` });

describe('Factus: what proves a document', () => {
	it('a validated bill: its number, this reference code and its CUFE', () => {
		const proof = proveAnswer('bill', 'ORDER-1', created('bill', { number: 'SETP990000493', reference_code: 'ORDER-1', status: 1, cufe: CUFE }));
		expect(proof).toMatchObject({ number: 'SETP990000493', authorityId: CUFE });
		expect((proof?.document as IDataObject).bill).toMatchObject({ number: 'SETP990000493' });
	});

	it('a bill DIAN has not answered: registered and numbered, no CUFE yet (v1 gives none)', () => {
		expect(proveAnswer('bill', 'ORDER-1', created('bill', { number: 'SETP990000494', reference_code: 'ORDER-1', status: 0, cufe: null, errors: [] }))).toMatchObject({
			number: 'SETP990000494',
			authorityId: '',
		});
	});

	it.each<[string, ApiResponse]>([
		['validated without its CUFE', created('bill', { number: 'SETP1', reference_code: 'ORDER-1', status: 1, cufe: null })],
		['no number', created('bill', { number: null, reference_code: 'ORDER-1', status: 0 })],
		["another sale's reference code", created('bill', { number: 'SETP1', reference_code: 'ORDER-2', status: 1, cufe: CUFE })],
		['an unknown status', created('bill', { number: 'SETP1', reference_code: 'ORDER-1', status: 'x', cufe: CUFE })],
		['{"ok": false}', answer({ ok: false })],
		['an HTML page', answer('<!DOCTYPE html><html></html>', 'text')],
		['an empty body', answer('', 'empty')],
		['a truncated JSON', answer('{"status":"Created","data":{"bill":{"number":"SE', 'text')],
		['the document under another kind', created('credit_note', { number: 'NC1', reference_code: 'ORDER-1', status: 1, cude: CUFE })],
	])('not a proof: %s', (_name, given) => {
		expect(proveAnswer('bill', 'ORDER-1', given)).toBeUndefined();
	});

	it("a credit note is proven by its own CUDE, never by the credited bill's CUFE", () => {
		const note = { number: 'NC76', reference_code: 'REFUND-1', status: 1, cufe: CUFE, bill_id: 514 };
		expect(proveAnswer('creditNote', 'REFUND-1', created('credit_note', note))).toBeUndefined();
		expect(proveAnswer('creditNote', 'REFUND-1', created('credit_note', { ...note, cude: 'c'.repeat(96) }))).toMatchObject({ authorityId: 'c'.repeat(96) });
		expect(proveAnswer('supportDocument', 'BUY-1', created('support_document', { number: 'SEDS1', reference_code: 'BUY-1', status: 1, cuds: 'd'.repeat(96) }))).toMatchObject({
			authorityId: 'd'.repeat(96),
		});
	});
});

describe("Factus: refusals of a second document and Factus's block", () => {
	const block = 'Se encontró una factura pendiente por enviar a la DIAN';

	it('the 409 pending block, in both shapes, creates nothing and is not a duplicate', () => {
		expect(isPendingBlock(http(409, { status: 'Conflict', message: block }))).toBe(true);
		expect(isPendingBlock(http(409, { status: 'Conflict', errors: [{ code: 409, message: block, params: [] }] }))).toBe(true);
		expect(isPendingBlock(http(409, { status: 'Conflict', message: 'El código de referencia ya existe' }))).toBe(false);
		expect(isPendingBlock(http(422, { message: block }))).toBe(false);
	});

	it('a 422 on reference_code is a taken reference code; other 422s are not', () => {
		expect(isReferenceTaken(http(422, { message: 'El campo código de referencia ya ha sido registrado.', errors: { reference_code: ['ya ha sido registrado.'] } }))).toBe(true);
		expect(isReferenceTaken(http(422, { message: 'x', errors: { numbering_range_id: ['obligatorio'] } }))).toBe(false);
		expect(isReferenceTaken(http(409, { errors: { reference_code: ['x'] } }))).toBe(false);
	});
});
