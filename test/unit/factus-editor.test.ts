/**
 * Issue 12, "Editor" for the Factus node (API v1): the node panel finds it by the words a user searches
 * for, line fields come in the package's natural order with the withholdings in their own optional
 * collection, and price labels say whether IVA is included.
 */
import type { INodeProperties } from 'n8n-workflow';

import codex from '../../nodes/Factus/Factus.node.json';
import { municipalityField } from '../../nodes/Factus/ui/common';
import { linesField } from '../../nodes/Factus/ui/lines';

const show = { show: { resource: ['bill'], operation: ['create'] } };

function lineValues(taxed: boolean): INodeProperties[] {
	const field = linesField(show, taxed);
	const options = field.options as Array<{ name: string; values: INodeProperties[] }>;
	return options[0].values;
}

/** The fields a new line shows (saved-workflow fields stay hidden until they hold a value). */
const visible = (values: INodeProperties[]) => values.filter((v) => v.displayOptions === undefined).map((v) => v.displayName);

describe('Factus editor (v1)', () => {
	it('is found in the node panel by invoice, e-invoice, factura, factura electrónica, DIAN and CUFE', () => {
		const aliases = (codex.alias as string[]).map((a) => a.toLowerCase());
		for (const word of ['invoice', 'e-invoice', 'factura', 'factura electrónica', 'dian', 'cufe', 'credit note', 'support document']) {
			expect({ word, found: aliases.includes(word) }).toEqual({ word, found: true });
		}
	});

	it('bill and credit-note lines: description, quantity, unit price, tax, discount, then Factus codes, then Withholdings', () => {
		expect(visible(lineValues(true))).toEqual([
			'Description',
			'Quantity',
			'Unit Price (IVA Included)',
			'Tax',
			'Discount %',
			'Code',
			'Unit Name or ID',
			'Standard Code',
			'Withholdings',
		]);
		const withholdings = lineValues(true).find((v) => v.name === 'withholdings');
		expect(withholdings).toMatchObject({ type: 'collection', default: {} });
		expect((withholdings?.options as INodeProperties[]).map((o) => o.displayName)).toEqual(['ReteICA %', 'ReteIVA %', 'ReteRenta %']);
	});

	it('support-document lines: no tax, a price without IVA, withholdings without ReteIVA', () => {
		expect(visible(lineValues(false))).toEqual(['Description', 'Quantity', 'Unit Price (Without IVA)', 'Discount %', 'Code', 'Unit Name or ID', 'Standard Code', 'Withholdings']);
		const withholdings = lineValues(false).find((v) => v.name === 'withholdings');
		expect((withholdings?.options as INodeProperties[]).map((o) => o.name)).toEqual(['reteIca', 'reteRenta']);
	});

	it("withholdings saved in the old line fields stay shown (and kept) exactly while they hold a value", () => {
		const old = lineValues(true).filter((v) => v.displayOptions !== undefined);
		expect(old.map((v) => v.name)).toEqual(['reteIca', 'reteIva', 'reteRenta']);
		for (const field of old) expect(field.displayOptions).toEqual({ show: { [field.name]: [{ _cnd: { gt: 0 } }] } });
	});

	it("leaves resource-locator IDs to the node's own check (a bare regex makes n8n say only \"The workflow has issues\")", () => {
		const field = municipalityField(show, 'Municipality');
		for (const mode of field.modes ?? []) expect({ mode: mode.name, validation: mode.validation }).toEqual({ mode: mode.name, validation: undefined });
	});
});
