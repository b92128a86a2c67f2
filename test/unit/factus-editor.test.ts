/**
 * Issue 12, "Editor" for the Factus node (API v1): the node panel finds it by the words a user searches
 * for, line fields come in the package's natural order with the withholdings in their own optional
 * collection, and price labels say whether IVA is included.
 */
import type { INode, INodeParameters, INodeProperties, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import codex from '../../nodes/Factus/Factus.node.json';
import { Factus } from '../../nodes/Factus/Factus.node';
import { FactusTrigger } from '../../nodes/Factus/FactusTrigger.node';
import { UNIT_MEASURES } from '../../nodes/Factus/data';
import { UNIT_METHOD, unitOptions } from '../../nodes/Factus/methods/v2';
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

describe('Factus editor (v2 lines and the trigger)', () => {
	const v2 = new Factus().nodeVersions[2].description;
	const trigger = new FactusTrigger();

	function v2LineValues(resource: string): INodeProperties[] {
		const field = v2.properties.find((p) => p.name === 'lines' && p.displayOptions?.show?.resource?.includes(resource) && p.type === 'fixedCollection');
		expect(field).toBeDefined();
		return (field!.options as Array<{ values: INodeProperties[] }>)[0].values;
	}

	/** The subtitle as n8n's expression engine evaluates it for a node's parameters (n8n fills in the defaults of those not set). */
	function subtitle(parameters: INodeParameters): string {
		const nodeTypes = { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) } as unknown as INodeTypes;
		const node: INode = { id: '1', name: 'Factus Trigger', type: 'factusTrigger', typeVersion: 2, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return String(workflow.expression.getSimpleParameterValue(node, String(trigger.description.subtitle), 'internal', {}));
	}

	it.each(['bill', 'creditNote', 'debitNote', 'supportDocument', 'adjustmentNote'])('%s lines: description, quantity, unit price, tax, discount, then Factus codes, then Withholdings', (resource) => {
		const values = v2LineValues(resource);
		expect(values.map((v) => v.displayName)).toEqual([
			'Description',
			'Quantity',
			'Unit Price (Before Tax)',
			'Tax',
			'Discount (%)',
			'Code',
			'Unit Name or ID',
			'Standard Code',
			'Second Tax',
			'Second Tax Rate (%)',
			'Withholdings',
		]);
		const withholdings = values.find((v) => v.name === 'withholdings');
		expect(withholdings).toMatchObject({ type: 'collection', default: {} });
		expect((withholdings!.options as INodeProperties[]).map((o) => o.displayName)).toEqual(['ReteIVA %', 'ReteRenta %']);
	});

	it('the v2 unit price starts empty and is required (a forgotten price is not a price of 0)', () => {
		const price = v2LineValues('bill').find((v) => v.name === 'unitPrice');
		expect(price).toMatchObject({ type: 'string', default: '', required: true });
		expect(price!.placeholder).toMatch(/\d/);
	});

	it('the v2 unit is a dropdown of every DIAN unit, 94 (unidad) first and by default', () => {
		const unit = v2LineValues('bill').find((v) => v.name === 'unit');
		expect(unit).toMatchObject({ type: 'options', default: '94', typeOptions: { loadOptionsMethod: UNIT_METHOD } });
		const options = unitOptions();
		expect(options).toHaveLength(UNIT_MEASURES.length);
		expect(options[0]).toEqual({ name: 'unidad (94)', value: '94' });
		expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(['KGM', 'HUR', 'MTR']));
	});

	it("the panel's one entry for the node and its trigger describes issuing documents, not only the trigger", () => {
		expect(`${v2.name}Trigger`).toBe(trigger.description.name);
		expect(trigger.description.description.startsWith(String(v2.description))).toBe(true);
		expect(trigger.description.description).toMatch(/start workflows when DIAN accepts or rejects/);
	});

	it.each([
		[{ documentKind: 'bill', triggerOn: ['rejected'] }, 'Bills — on: Rejected'],
		[{ documentKind: 'creditNote', triggerOn: ['accepted', 'rejected'] }, 'Credit Notes — on: Accepted, Rejected'],
		[{ documentKind: 'radianEvents', radianEvents: ['031'] }, 'RADIAN Events on Bills — on: Claimed (031)'],
		[{ documentKind: 'receivedInvoice' }, 'Received Invoices — on: New'],
		[{}, 'Bills — on: Accepted, Rejected'],
		[{ documentKind: '', triggerOn: ['accepted'] }, 'Bills — on: Accepted'],
		[{ documentKind: 'somethingElse', triggerOn: 'accepted' }, 'somethingElse — on: Accepted'],
	])('the canvas subtitle of %j reads "%s"', (parameters, shown) => {
		expect(subtitle(parameters)).toBe(shown);
	});
});
