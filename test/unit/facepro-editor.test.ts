/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * What the n8n editor shows of FacEPro before anything runs: the node panel finds it by what users type
 * ("invoice", "factura electrónica", "DIAN", "CUFE"…), the merged panel entry describes the node (n8n shows
 * the trigger's description there), the canvas subtitle names the operation, Parallel Requests has
 * FacEPro's default, and the icon cannot be mistaken for Factuconect's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { FacEPro } from '../../nodes/FacEPro/FacEPro.node';
import { FacEProTrigger } from '../../nodes/FacEPro/FacEProTrigger.node';
import { FACEPRO_PARALLEL_REQUESTS } from '../../nodes/FacEPro/profile';

const root = join(__dirname, '..', '..');
const codex = (file: string) => JSON.parse(readFileSync(join(root, 'nodes', 'FacEPro', file), 'utf8')) as { alias: string[] };
const node = new FacEPro().description;
const trigger = new FacEProTrigger().description;

/** The subtitle as n8n evaluates it: the map embedded in the expression, looked up with resource:operation. */
function subtitle(parameters: Record<string, string>): unknown {
	const match = /^=\{\{ \((\{.*\})\)\[\(\$parameter\["resource"\] \|\| ""\) \+ ":" \+ \$parameter\["operation"\]\] \|\| \$parameter\["operation"\] \}\}$/.exec(
		String(node.subtitle),
	);
	expect(match).not.toBeNull();
	return (JSON.parse(match![1]) as Record<string, string>)[`${parameters.resource}:${parameters.operation}`] ?? parameters.operation;
}

describe('FacEPro in the editor', () => {
	it.each(['invoice', 'e-invoice', 'factura', 'factura electrónica', 'DIAN', 'CUFE', 'credit note'])(
		'the node panel finds the node (and its trigger) by "%s"',
		(term) => {
			const matches = (aliases: string[]) => aliases.some((a) => a.toLowerCase() === term.toLowerCase());
			expect(matches(codex('FacEPro.node.json').alias)).toBe(true);
			if (term !== 'credit note') expect(matches(codex('FacEProTrigger.node.json').alias)).toBe(true);
		},
	);

	it("the panel's one entry for the node and its trigger describes issuing documents, not only the trigger", () => {
		// n8n merges an action node with its "…Trigger" and shows the trigger's description above the actions.
		expect(`${node.name}Trigger`).toBe(trigger.name);
		expect(trigger.description.startsWith(node.description)).toBe(true);
		expect(trigger.description).toMatch(/start workflows when DIAN accepts or rejects/);
	});

	it.each([
		['invoice', 'create', 'Create an invoice'],
		['invoice', 'refreshStatus', 'Refresh the DIAN status of an invoice'],
		['invoice', 'previewTotals', 'Preview the totals of an invoice'],
		['creditNote', 'create', 'Create a credit note'],
		['account', 'getMe', 'Get the account of the token'],
	])('the canvas subtitle of %s › %s reads "%s"', (resource, operation, shown) => {
		expect(subtitle({ resource, operation })).toBe(shown);
	});

	it('Parallel Requests is in the Options of every create, defaulting to FacEPro\'s number', () => {
		const options = node.properties.filter((p) => p.name === 'options');
		const creates = options.filter((p) => p.displayOptions?.show?.operation?.includes('create'));
		expect(creates.length).toBeGreaterThan(0);
		for (const collection of creates) {
			const parallel = (collection.options as INodeProperties[]).find((o) => o.name === 'parallelRequests');
			expect(parallel).toMatchObject({ displayName: 'Parallel Requests', default: FACEPRO_PARALLEL_REQUESTS });
		}
		expect(FACEPRO_PARALLEL_REQUESTS).toBe(10);
	});

	it("the icons (light and dark) are FacEPro's own: a different shape and colour from Factuconect's", () => {
		for (const [mine, theirs] of [
			['FacEPro/facepro.svg', 'Factuconect/factuconect.svg'],
			['FacEPro/facepro.dark.svg', 'Factuconect/factuconect.dark.svg'],
		]) {
			const svg = readFileSync(join(root, 'nodes', mine), 'utf8');
			const other = readFileSync(join(root, 'nodes', theirs), 'utf8');
			// The background (the first, largest shape) is an orange disc here and a different colour there.
			const background = (text: string) => /fill="(#[0-9A-Fa-f]{6})"/.exec(text)?.[1].toLowerCase();
			expect(svg).toMatch(/^<svg[^>]*>\s*<circle cx="30" cy="30" r="28" fill="#/);
			expect(background(svg)).toBeDefined();
			expect(background(svg)).not.toBe(background(other));
			// A cloud (three discs), no document outline.
			expect(svg.match(/<circle /g)).toHaveLength(4);
		}
		expect(node.icon).toEqual({ light: 'file:facepro.svg', dark: 'file:facepro.dark.svg' });
	});

	it("the trigger offers only statuses FacEPro documents reach (no Voided: FacEPro annuls by credit note)", () => {
		const trigger = new FacEProTrigger().description;
		const triggerOn = trigger.properties.find((p) => p.name === 'triggerOn');
		const values = (triggerOn?.options ?? []).map((o) => ('value' in o ? o.value : undefined));
		expect(values).toEqual(expect.arrayContaining(['accepted', 'rejected', 'pending', 'newDocument', 'statusChange']));
		expect(values).not.toContain('voided');
	});
});
