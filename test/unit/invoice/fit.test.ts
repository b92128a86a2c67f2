/**
 * The profile-driven limits (fit.ts), table-driven: each case breaks one limit and must be reported on
 * its own field; the provider profiles' limits are what the shared checks read.
 */
import { FACEPRO_LIMITS } from '../../../nodes/FacEPro/profile';
import { FACTUCONECT_LIMITS } from '../../../nodes/Factuconect/profile';
import { FACTUS_V1_LIMITS } from '../../../nodes/Factus/profile';
import { DEFAULT_LIMITS, fitInvoice, fitLimits, forbiddenKeys, textProblem } from '../../../nodes/shared/invoice/fit';
import type { FitLimits } from '../../../nodes/shared/invoice/fit';
import type { Invoice } from '../../../nodes/shared/invoice/model';
import { Problems } from '../../../nodes/shared/invoice/problems';

const base = (): Invoice => ({
	kind: 'invoice',
	customer: { idType: '13', idNumber: '71234567', name: 'JUAN PEREZ' },
	lines: [{ description: 'Repuesto', quantity: '2', unitPrice: '50000', taxRate: '19' }],
	notes: 'Pedido web',
});

const problemsOf = (invoice: Invoice, limits: FitLimits = DEFAULT_LIMITS) => fitInvoice(invoice, limits, new Problems()).list.map((p) => `${p.path}: ${p.message}`);

type Case = [string, (i: Invoice) => void, FitLimits, string];

const CASES: Case[] = [
	['notes over Factus v1 observation limit', (i) => (i.notes = 'x'.repeat(251)), FACTUS_V1_LIMITS, 'notes: has 251 characters; at most 250 are accepted'],
	['an MH item description over 1000', (i) => (i.lines[0].description = 'é'.repeat(1001)), FACTUCONECT_LIMITS, 'lines.0.description: has 1001 characters; at most 1000 are accepted'],
	['an MH receiver name over 250', (i) => (i.customer.name = 'N'.repeat(251)), FACTUCONECT_LIMITS, 'customer.name: has 251 characters; at most 250 are accepted'],
	['a fractional quantity where whole ones are required', (i) => (i.lines[0].quantity = '1.5'), FACTUS_V1_LIMITS, 'lines.0.quantity: 1.5 is not a whole number'],
	['a price with 3 decimals for a 2-decimal provider', (i) => (i.lines[0].unitPrice = '10.125'), FACEPRO_LIMITS, 'lines.0.unitPrice: 10.125 has more than 2 decimals'],
	['9 decimals for MH (8 allowed)', (i) => (i.lines[0].unitPrice = '0.123456789'), FACTUCONECT_LIMITS, 'lines.0.unitPrice: 0.123456789 has more than 8 decimals'],
	['1e20 as a price', (i) => (i.lines[0].unitPrice = 1e20), DEFAULT_LIMITS, 'lines.0.unitPrice: 100000000000000000000 is beyond 2^53: a number this large cannot be exact; the largest amount accepted is 9999999999999.99'],
	['2^53 + 2 as a price', (i) => (i.lines[0].unitPrice = 2 ** 53 + 2), DEFAULT_LIMITS, 'lines.0.unitPrice: 9007199254740994 is beyond 2^53: a number this large cannot be exact; the largest amount accepted is 9999999999999.99'],
	['a price above the largest amount, as text', (i) => (i.lines[0].unitPrice = '10000000000000'), DEFAULT_LIMITS, 'lines.0.unitPrice: 10000000000000 is too large; the largest amount accepted is 9999999999999.99'],
	['a line amount above the largest amount', (i) => Object.assign(i.lines[0], { quantity: '1000', unitPrice: '99999999999' }), DEFAULT_LIMITS, 'lines.0.unitPrice: quantity × unit price is 99999999999000; the largest line amount accepted is 9999999999999.99'],
	['a discount amount with too many decimals', (i) => (i.lines[0].discountAmount = '1.001'), FACEPRO_LIMITS, 'lines.0.discountAmount: 1.001 has more than 2 decimals'],
	['201 lines for a 200-line provider', (i) => (i.lines = Array.from({ length: 201 }, () => ({ ...i.lines[0] }))), FACEPRO_LIMITS, 'lines: has 201 lines; at most 200 are accepted (split the document)'],
	['no lines', (i) => (i.lines = []), FACTUS_V1_LIMITS, 'lines: needs at least 1 line'],
	['a control character in a description', (i) => (i.lines[0].description = 'Repuesto\u0007'), DEFAULT_LIMITS, 'lines.0.description: contains an invisible control character (U+0007 at position 9); remove it'],
	['a C1 control character in the name', (i) => (i.customer.name = 'JUAN\u0085PEREZ'), DEFAULT_LIMITS, 'customer.name: contains an invisible control character (U+0085 at position 5); remove it'],
	['a lone high surrogate in the notes', (i) => (i.notes = 'Pedido \ud83d'), DEFAULT_LIMITS, 'notes: contains a broken character (an unpaired UTF-16 surrogate at position 8)'],
	['a lone low surrogate in a code', (i) => (i.lines[0].code = '\udc00ABC'), DEFAULT_LIMITS, 'lines.0.code: contains a broken character (an unpaired UTF-16 surrogate at position 1)'],
	['a reason text over the default text limit', (i) => (i.related = { reasonText: 'r'.repeat(1001) }), DEFAULT_LIMITS, 'related.reasonText: has 1001 characters; at most 1000 are accepted'],
	[
		'a __proto__ key',
		// JSON.parse keeps "__proto__" as an own key, as a workflow's JSON input would.
		(i) => (i.customer = JSON.parse('{"idType": "13", "idNumber": "71234567", "name": "JUAN PEREZ", "__proto__": {"polluted": true}}') as Invoice['customer']),
		DEFAULT_LIMITS,
		'customer.__proto__: is not an accepted field name (it could change how the document is read)',
	],
	['a constructor key in a line', (i) => Object.assign(i.lines[0], { constructor: 'x' }), DEFAULT_LIMITS, 'lines.0.constructor: is not an accepted field name (it could change how the document is read)'],
];

describe('fitInvoice', () => {
	it('accepts a plain invoice under every profile', () => {
		for (const limits of [DEFAULT_LIMITS, FACTUS_V1_LIMITS, FACEPRO_LIMITS, FACTUCONECT_LIMITS]) expect(problemsOf(base(), limits)).toEqual([]);
	});

	it.each(CASES)('%s', (_, change, limits, expected) => {
		const invoice = base();
		change(invoice);
		expect(problemsOf(invoice, limits)).toEqual([expected]);
	});

	it('reports every problem at once, each on its field', () => {
		const invoice = base();
		invoice.notes = 'x\u0000';
		invoice.lines.push({ description: 'y'.repeat(1001), quantity: '0.5', unitPrice: '1.001', taxRate: '19' });
		expect(problemsOf(invoice, FACTUS_V1_LIMITS)).toEqual([
			'notes: contains an invisible control character (U+0000 at position 2); remove it',
			'lines.1.description: has 1001 characters; at most 1000 are accepted',
			'lines.1.quantity: 0.5 is not a whole number',
			'lines.1.unitPrice: 1.001 has more than 2 decimals',
		]);
	});

	it('counts characters, not UTF-16 units (an emoji is one character)', () => {
		expect(textProblem('🙂'.repeat(250), 250)).toBeUndefined();
		expect(textProblem('tab\tand\nnew line', 100)).toBeUndefined();
	});

	it('a profile overrides only what it documents', () => {
		const limits = fitLimits({ text: { notes: 10 } });
		expect(limits.text).toEqual({ notes: 10 });
		expect(limits.anyText).toBe(DEFAULT_LIMITS.anyText);
		expect(forbiddenKeys({ a: { prototype: 1 } })).toEqual(['a.prototype']);
	});
});
