/**
 * The one problems collector: every problem with the field the user sees and the provider's path next to
 * it, zod issues in plain words, and one error with all of them before anything is sent.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invoiceSchema } from '../../../nodes/shared/invoice/model';
import { Problems } from '../../../nodes/shared/invoice/problems';

const node: INode = { id: '1', name: 'Factus', type: 'n8n-nodes-latam-einvoicing.factus', typeVersion: 1, position: [0, 0], parameters: {} };

describe('Problems', () => {
	it('keeps the neutral path, the UI label and the provider path of each problem, once', () => {
		const problems = new Problems()
			.add('lines.0.unitPrice', 'has more than 2 decimals', { label: 'Lines › Unit Price', providerPath: 'items.0.price' })
			.add('lines.0.unitPrice', 'has more than 2 decimals', { label: 'Lines › Unit Price', providerPath: 'items.0.price' })
			.add('notes', 'has 300 characters; at most 250 are accepted', { providerPath: 'observation' });
		expect(problems.count).toBe(2);
		expect(problems.list[0]).toEqual({ path: 'lines.0.unitPrice', message: 'has more than 2 decimals', label: 'Lines › Unit Price', providerPath: 'items.0.price' });
		expect(problems.forUser()).toEqual([
			{ path: 'Lines › Unit Price (items.0.price)', message: 'has more than 2 decimals' },
			{ path: 'notes (observation)', message: 'has 300 characters; at most 250 are accepted' },
		]);
	});

	it('reads zod issues in plain words, with the prefix and an optional label', () => {
		const parsed = invoiceSchema.safeParse({ customer: { idType: '13', name: 'A' }, lines: [{ description: 'x', quantity: 'abc', unitPrice: 1, taxRate: 19 }] });
		expect(parsed.success).toBe(false);
		if (parsed.success) return;
		const problems = new Problems().fromZod(parsed.error, 'invoice', (path) => (path === 'invoice.customer.idNumber' ? 'Customer › ID Number' : undefined));
		expect(problems.list).toEqual(
			expect.arrayContaining([
				{ path: 'invoice.customer.idNumber', message: 'is required', label: 'Customer › ID Number' },
				{ path: 'invoice.lines.0.quantity', message: '"abc" is not a number' },
			]),
		);
	});

	it('throws every problem in one error, saying nothing was sent; nothing without problems', () => {
		const empty = new Problems();
		expect(() => empty.throwIfAny(node, 'Factus', 0, 'bill')).not.toThrow();
		const problems = new Problems().addAll([
			{ path: 'customer.dv', message: 'is required for a NIT' },
			{ path: 'lines.0.quantity', message: 'must be at least 1' },
		]);
		let thrown: unknown;
		try {
			problems.throwIfAny(node, 'Factus', 3, 'bill');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(NodeOperationError);
		const error = thrown as NodeOperationError;
		expect(error.message).toBe('The bill has 2 problems; nothing was sent to Factus');
		expect(error.description).toContain('customer.dv: is required for a NIT');
		expect(error.description).toContain('lines.0.quantity: must be at least 1');
		expect(error.context.itemIndex).toBe(3);
	});
});
