/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The workflows under examples/ as the tests read them: loaded from disk as the user imports them, their
 * nodes by type or name, and the chain of nodes n8n runs from a trigger.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

export interface ExampleNode {
	name: string;
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, { id?: string; name: string }>;
}

export interface ExampleWorkflow {
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string; index?: number }>> }>;
	pinData?: Record<string, Array<{ json: IDataObject }>>;
}

/** `examples/<file>` as it is imported into n8n. */
export const loadExample = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '../../examples', file), 'utf8')) as ExampleWorkflow;

/** The (first) node of this type. */
export function nodeOfType(workflow: ExampleWorkflow, type: string): ExampleNode {
	const node = workflow.nodes.find((n) => n.type === type);
	if (!node) throw new Error(`the example has no ${type} node`);
	return node;
}

/** The names of the nodes `from`'s first output connects to. */
export const nextNames = (workflow: ExampleWorkflow, from: string) => workflow.connections[from].main[0].map((c) => c.node);

/** The nodes reached from `start`, following each node's first output (or the one `branch` names). */
export function chainFrom(workflow: ExampleWorkflow, start: string, branch: Record<string, number> = {}): ExampleNode[] {
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
	const nodes: ExampleNode[] = [];
	let current = start;
	while (workflow.connections[current]) {
		current = workflow.connections[current].main[branch[current] ?? 0][0].node;
		nodes.push(byName.get(current)!);
	}
	return nodes;
}

/**
 * The "every 15 minutes → alert on rejection" examples: the trigger (with the named credential) polls every
 * 15 minutes into an IF on `summary.status` equal to "rejected", whose true branch sends the e-mail.
 */
export function expectRejectionAlert(workflow: ExampleWorkflow, triggerType: string, credentialType: string, credentialName: string): void {
	const trigger = nodeOfType(workflow, triggerType);
	expect(trigger.parameters.pollTimes).toEqual({ item: [{ mode: 'everyX', value: 15, unit: 'minutes' }] });
	expect(trigger.credentials?.[credentialType]?.name).toBe(credentialName);
	const check = nodeOfType(workflow, 'n8n-nodes-base.if');
	expect(nextNames(workflow, trigger.name)).toEqual([check.name]);
	const conditions = (check.parameters.conditions as { conditions: IDataObject[] }).conditions;
	expect(conditions).toEqual([
		expect.objectContaining({ leftValue: '={{ $json.summary.status }}', rightValue: 'rejected', operator: { type: 'string', operation: 'equals' } }),
	]);
	const email = nodeOfType(workflow, 'n8n-nodes-base.emailSend');
	expect(nextNames(workflow, check.name)).toEqual([email.name]);
	expect(email.credentials?.smtp?.name).toBe('SMTP account');
}

/** Every `$json.…` the example's e-mail subject and text read exists on `json` (more than five of them). */
export function expectEmailReadsExist(workflow: ExampleWorkflow, json: IDataObject): void {
	const email = nodeOfType(workflow, 'n8n-nodes-base.emailSend').parameters;
	const paths = [...`${String(email.subject)} ${String(email.text)}`.matchAll(/\$json\.([\w.]+)/g)].map((m) => m[1]);
	expect(paths.length).toBeGreaterThan(5);
	for (const path of paths) {
		const value = path.split('.').reduce<unknown>((obj, key) => (obj as IDataObject | undefined)?.[key], json);
		expect([path, value]).not.toEqual([path, undefined]);
	}
}
