/**
 * The Lines as a user fills them: the fields in reading order, price labels that say IVA is not included,
 * one discount chosen by Discount Type, and no document worth 0 by accident (a price left empty, a line
 * discounted to 0): FacEPro has no free-sample line, so such a line is refused and nothing is sent.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { FacEPro } from '../../../nodes/FacEPro/FacEPro.node';
import { API, createFromItem, createInvoice, DOC_EXAMPLE_BODY, DOC_EXAMPLE_FIELDS, errorOf, useFacEPro } from './helpers';

const fieldsWith = (line: IDataObject): INodeParameters =>
	createInvoice({ ...DOC_EXAMPLE_FIELDS, lines: { line: [{ description: 'Producto', quantity: 1, ivaPct: 19, code: 'A', ...line }] } });

function lineValues(): INodeProperties[] {
	const lines = new FacEPro().description.properties.find((p) => p.name === 'lines' && p.displayOptions?.show?.resource?.includes('invoice'));
	const values = (lines?.options?.[0] as { values: INodeProperties[] } | undefined)?.values;
	expect(values).toBeDefined();
	return values!;
}

describe('FacEPro lines in the editor', () => {
	it('shows the line fields in reading order: description, quantity, unit price, tax, discount, then FacEPro\'s code and unit', () => {
		expect(lineValues().map((p) => p.displayName)).toEqual([
			'Description',
			'Quantity',
			'Unit Price (Without IVA)',
			'IVA %',
			'Discount Type',
			'Discount %',
			'Discount Amount (Without IVA)',
			'Code',
			'Unit',
		]);
	});

	it('asks for the unit price (no 0 default) and shows one discount field, by Discount Type', () => {
		const values = lineValues();
		const price = values.find((p) => p.name === 'unitPrice')!;
		expect(price.required).toBe(true);
		expect(price.default).toBe('');
		const shownFor = (name: string) => values.find((p) => p.name === name)?.displayOptions?.show?.discountType;
		expect(shownFor('discountPct')).toEqual(['percent']);
		expect(shownFor('discountAmount')).toEqual(['amount']);
		expect(values.find((p) => p.name === 'discountType')?.default).toBe('none');
	});
});

describe('FacEPro lines: no document worth 0 by accident', () => {
	const t = useFacEPro();

	const refused = async (parameters: INodeParameters, input: IDataObject[] = [{}]) => {
		const run = await t.run(parameters, input);
		expect(t.sim.server.requests({ path: `${API}/documentos` })).toHaveLength(0);
		return errorOf(run);
	};

	it('a unit price left empty is required, and 0 is refused: FacEPro has no free-sample line', async () => {
		// Left empty in the editor, n8n itself marks the field and does not run; empty from an expression, the node says so.
		await expect(t.run(fieldsWith({ unitPrice: '' }))).rejects.toThrow('The workflow has issues');
		const empty = await refused(fieldsWith({ unitPrice: '={{ $json.price }}' }), [{ price: '' }]);
		expect(empty.fields['Lines › Line 1 › Unit Price (Without IVA) (lineas.0.precio)']).toEqual(['is required']);
		const zero = await refused(fieldsWith({ unitPrice: '0' }));
		expect(zero.fields['Lines › Line 1 › Unit Price (Without IVA) (lineas.0.precio)']?.[0]).toMatch(/^is 0, so the line is worth 0 .*FacEPro has no free-sample line/);
	});

	it('a price that rounds to 0 and a discount that leaves nothing are refused on the field that does it', async () => {
		const tiny = await refused(fieldsWith({ unitPrice: '0.001', quantity: 1 }));
		expect(Object.keys(tiny.fields)).toEqual(['Lines › Line 1 › Unit Price (Without IVA) (lineas.0.precio)']);
		const full = await refused(fieldsWith({ unitPrice: '1000', discountType: 'percent', discountPct: 100 }));
		expect(full.fields['Lines › Line 1 › Discount % (lineas.0.descuento_pct)']?.[0]).toMatch(/^leaves the line worth 0/);
		const amount = await refused(fieldsWith({ unitPrice: '1000', quantity: 2, discountType: 'amount', discountAmount: 2000 }));
		expect(amount.fields['Lines › Line 1 › Discount Amount (Without IVA) (lineas.0.descuento_valor)']?.[0]).toMatch(/^leaves the line worth 0/);
	});

	it('JSON mode refuses a line worth 0 the same way, under FacEPro\'s path', async () => {
		const doc = { ...DOC_EXAMPLE_BODY, lineas: [DOC_EXAMPLE_BODY.lineas[0], { ...DOC_EXAMPLE_BODY.lineas[1], precio: 0 }] };
		const error = await refused(createFromItem(), [{ doc }]);
		expect(error.fields['lineas.1.precio']?.[0]).toMatch(/^is 0, so the line is worth 0/);
		const neutral = { customer: { idType: '13', idNumber: '71234567', name: 'X' }, lines: [{ code: 'a', description: 'a', quantity: 3, unitPrice: 10, taxRate: 0, discountAmount: 30 }] };
		const byDiscount = await refused(createFromItem(), [{ doc: neutral }]);
		expect(byDiscount.fields['lines.0.discountAmount']?.[0]).toMatch(/^leaves the line worth 0/);
	});

	it('Preview Totals refuses a line worth 0 too (it would show a document nobody can issue)', async () => {
		const run = await t.run({ ...fieldsWith({ unitPrice: '0' }), operation: 'previewTotals' });
		expect(errorOf(run).fields['Lines › Line 1 › Unit Price (Without IVA) (lineas.0.precio)']).toBeDefined();
		expect(t.sim.server.requests()).toHaveLength(0);
	});
});

describe('FacEPro lines: one discount', () => {
	const t = useFacEPro();

	const sentLines = () => (t.sim.server.requests({ path: `${API}/documentos` })[0].body as { lineas: IDataObject[] }).lineas;

	it('Discount Type Percent sends descuento_pct; Amount sends descuento_valor; None sends neither', async () => {
		for (const [line, expected] of [
			[{ unitPrice: '1000', discountType: 'percent', discountPct: 10 }, { descuento_pct: 10 }],
			[{ unitPrice: '1000', discountType: 'amount', discountAmount: 150 }, { descuento_valor: 150 }],
			[{ unitPrice: '1000', discountType: 'none' }, {}],
		] as Array<[IDataObject, IDataObject]>) {
			t.sim.server.clearLog();
			const run = await t.run(fieldsWith(line));
			expect(run.error).toBeUndefined();
			const sent = sentLines()[0];
			expect({ descuento_pct: sent.descuento_pct, descuento_valor: sent.descuento_valor }).toEqual({ descuento_pct: undefined, descuento_valor: undefined, ...expected });
			expect(sent.precio).toBe(1000);
		}
	});

	it('a discount typed before choosing None is not sent (n8n drops what the Discount Type hides)', async () => {
		const run = await t.run(fieldsWith({ unitPrice: '1000', discountType: 'none', discountPct: 10 }));
		expect(run.error).toBeUndefined();
		expect(sentLines()[0]).not.toHaveProperty('descuento_pct');
		expect(run.items[0].json).toMatchObject({ totales: { subtotal: 1000, iva: 190, total: 1190 } });
	});

	it('a unit price from an expression (a number or text with a decimal point) is sent as the number', async () => {
		const run = await t.run(fieldsWith({ unitPrice: '={{ $json.price }}' }), [{ price: 1234.5 }, { price: ' 99.90 ' }]);
		expect(run.error).toBeUndefined();
		const bodies = t.sim.server.requests({ path: `${API}/documentos` }).map((r) => (r.body as { lineas: IDataObject[] }).lineas[0].precio);
		expect(bodies).toEqual([1234.5, 99.9]);
	});
});
