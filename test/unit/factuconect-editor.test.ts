/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * What a user sees of the Factuconect node in the editor (issue 12, Editor): found by "invoice" and its
 * Spanish words, the operation's name on the canvas, line fields in the package's order, price labels
 * that say whether IVA is included, amounts not padded to 8 decimals, MH's units as a dropdown, an icon of
 * its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { Factuconect } from '../../nodes/Factuconect/Factuconect.node';
import { UNITS } from '../../nodes/Factuconect/data/units';

const node = new Factuconect();
const properties = node.description.properties;
const root = join(__dirname, '..', '..');

/** Renders the subtitle expression for a resource and operation, as n8n would. */
function subtitle(resource: string, operation: string): string {
	const expression = String(node.description.subtitle);
	const match = /^=\{\{ \((\{.*\})\)\[/.exec(expression);
	if (!match) throw new Error(`not an operation subtitle: ${expression}`);
	return (JSON.parse(match[1]) as Record<string, string>)[`${resource}:${operation}`] ?? operation;
}

/** The line entries of a create's Lines collection. */
function lineFields(operation: string): INodeProperties[] {
	const lines = properties.find((p) => p.name === 'lines' && (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation));
	if (!lines || lines.type !== 'fixedCollection') throw new Error(`no lines for ${operation}`);
	const [line] = (lines.options ?? []) as Array<{ values: INodeProperties[] }>;
	return line.values;
}

describe('Factuconect in the editor', () => {
	it('is found by invoice words in English and Spanish', () => {
		const codex = JSON.parse(readFileSync(join(root, 'nodes/Factuconect/Factuconect.node.json'), 'utf8')) as { alias: string[] };
		const aliases = codex.alias.map((a) => a.toLowerCase());
		for (const word of ['invoice', 'e-invoice', 'factura', 'factura electrónica', 'dte', 'hacienda', 'ccf']) expect(aliases).toContain(word);
	});

	it("shows the operation's name on the canvas, with Hacienda capitalised", () => {
		expect(subtitle('dte', 'send')).toBe('Send a DTE to Hacienda');
		expect(subtitle('dte', 'createFactura')).toBe('Create a factura (01)');
		expect(subtitle('client', 'getAll')).not.toBe('getAll');
		const words = JSON.stringify(properties);
		expect(words).not.toMatch(/\bhacienda\b/);
	});

	it('orders line fields description, quantity, unit price, tax, discount, then MH fields', () => {
		expect(lineFields('createCcf').map((f) => f.name)).toEqual(['description', 'quantity', 'unitPrice', 'exempt', 'discount', 'itemType', 'unit', 'code']);
		expect(lineFields('createSujetoExcluido').map((f) => f.name)).toEqual(['description', 'quantity', 'unitPrice', 'discount', 'itemType', 'unit', 'code']);
	});

	it('says on every price whether IVA is included', () => {
		const price = (operation: string) => lineFields(operation).find((f) => f.name === 'unitPrice')?.displayName;
		expect(price('createFactura')).toBe('Unit Price (IVA Included)');
		expect(price('createCcf')).toBe('Unit Price (Without IVA)');
		expect(price('createCreditNote')).toBe('Unit Price (Without IVA)');
		expect(price('createSujetoExcluido')).toBe('Unit Price (No IVA)');
		expect(price('previewTotals')).toMatch(/IVA/);
	});

	it('does not pad amounts to 8 decimals, and offers MH units as a dropdown (59 first)', () => {
		for (const field of lineFields('createFactura').filter((f) => f.type === 'number')) {
			expect(field.typeOptions?.numberPrecision).toBeUndefined();
		}
		const unit = lineFields('createFactura').find((f) => f.name === 'unit');
		expect(unit?.type).toBe('options');
		expect(unit?.default).toBe(59);
		const values = (unit?.options as Array<{ name: string; value: number }>).map((o) => o.value);
		expect(values[0]).toBe(59);
		expect(new Set(values)).toEqual(new Set(UNITS.map(([code]) => code)));
	});

	it('has its own icon, light and dark, unlike FacEPro', () => {
		const read = (path: string) => readFileSync(join(root, path), 'utf8');
		const light = read('nodes/Factuconect/factuconect.svg');
		const dark = read('nodes/Factuconect/factuconect.dark.svg');
		expect(light).not.toBe(dark);
		const colours = (svg: string) => new Set((svg.match(/#[0-9a-fA-F]{6}/g) ?? []).map((c) => c.toUpperCase()).filter((c) => c !== '#FFFFFF'));
		const facepro = colours(read('nodes/FacEPro/facepro.svg'));
		// No shared colour (but white): teal and yellow here, orange on FacEPro's.
		expect([...colours(light)].filter((c) => facepro.has(c))).toEqual([]);
		expect(light).toMatch(/^<svg[^>]*>\s*<circle/);
	});
});
