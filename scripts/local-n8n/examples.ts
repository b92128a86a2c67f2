/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Turns `examples/*.json` into workflows `n8n import:workflow` accepts: a stable id per file (re-importing
 * updates instead of duplicating), credential references pointed at the simulator credentials by type.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import type { WorkflowSeed } from '../../test/e2e/runtime/instance';

export interface ExampleWorkflow {
	/** File name (plus `#<index>` for a file holding an array of workflows). */
	source: string;
	id: string;
	name: string;
	/** What gets imported. */
	workflow: WorkflowSeed & Record<string, unknown>;
	/** sha256 of `workflow`: unchanged examples are not re-imported (keeps the user's edits). */
	sha256: string;
	nodeTypes: string[];
	/** Credential types the workflow uses that no running simulator provides. */
	unmatchedCredentialTypes: string[];
	/** Name of the first Manual Trigger node (else of a trigger with pinned data): the example can be run from the REST API. */
	manualTrigger: string | undefined;
}

export interface ExampleProblem {
	source: string;
	problem: string;
}

interface RawNode {
	name?: unknown;
	type?: unknown;
	credentials?: Record<string, unknown>;
}

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/** `ex` + 14 hex characters of the file name's hash: stable, unique per file, alphanumeric like n8n's ids. */
export function exampleId(source: string): string {
	return `ex${createHash('sha256').update(source).digest('hex').slice(0, 14)}`;
}

/**
 * Reads every `*.json` in `dir` (sorted). Invalid files are reported in `problems` and skipped.
 * @param credentials credential type → the imported credential `{id, name}`
 */
export function loadExamples(
	dir: string,
	credentials: Record<string, { id: string; name: string }>,
): { examples: ExampleWorkflow[]; problems: ExampleProblem[] } {
	const examples: ExampleWorkflow[] = [];
	const problems: ExampleProblem[] = [];
	if (!fs.existsSync(dir)) return { examples, problems };
	const files = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort();
	for (const file of files) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		} catch (error) {
			problems.push({ source: file, problem: `not valid JSON: ${(error as Error).message}` });
			continue;
		}
		const list = Array.isArray(parsed) ? parsed : [parsed];
		list.forEach((raw, index) => {
			const source = Array.isArray(parsed) ? `${file}#${index}` : file;
			const result = toExample(source, raw, credentials);
			if ('problem' in result) problems.push(result);
			else examples.push(result);
		});
	}
	return { examples, problems };
}

function toExample(
	source: string,
	raw: unknown,
	credentials: Record<string, { id: string; name: string }>,
): ExampleWorkflow | ExampleProblem {
	if (typeof raw !== 'object' || raw === null) return { source, problem: 'not a workflow object' };
	const input = raw as Record<string, unknown>;
	if (!Array.isArray(input.nodes) || input.nodes.length === 0) return { source, problem: 'no "nodes" array' };
	if (typeof input.connections !== 'object' || input.connections === null || Array.isArray(input.connections)) {
		return { source, problem: 'no "connections" object' };
	}
	const nodes = JSON.parse(JSON.stringify(input.nodes)) as RawNode[];
	const pinned = new Set(Object.keys((input.pinData as Record<string, unknown> | undefined) ?? {}));
	const bad = nodes.findIndex((n) => typeof n !== 'object' || n === null || typeof n.type !== 'string' || typeof n.name !== 'string');
	if (bad !== -1) return { source, problem: `node #${bad} has no "name"/"type"` };

	const unmatched = new Set<string>();
	for (const node of nodes) {
		if (!node.credentials || typeof node.credentials !== 'object') continue;
		for (const type of Object.keys(node.credentials)) {
			const local = credentials[type];
			if (local) node.credentials[type] = { id: local.id, name: local.name };
			else unmatched.add(type);
		}
	}
	const id = exampleId(source);
	const name = typeof input.name === 'string' && input.name.trim() ? input.name : source.replace(/\.json(#\d+)?$/, '');
	// Fields that belong to the instance the example was exported from; import sets its own.
	const { id: _id, versionId, activeVersionId, shared, homeProject, createdAt, updatedAt, ...rest } = input;
	void [_id, versionId, activeVersionId, shared, homeProject, createdAt, updatedAt];
	const workflow = {
		...rest,
		id,
		name,
		nodes,
		connections: input.connections as Record<string, unknown>,
		settings: (input.settings as WorkflowSeed['settings']) ?? { executionOrder: 'v1' },
		active: false,
	};
	return {
		source,
		id,
		name,
		workflow,
		sha256: createHash('sha256').update(JSON.stringify(workflow)).digest('hex'),
		nodeTypes: [...new Set(nodes.map((n) => n.type as string))],
		unmatchedCredentialTypes: [...unmatched],
		manualTrigger: (nodes.find((n) => n.type === MANUAL_TRIGGER)?.name ??
			// A trigger with pinned data (e.g. a Shopify order) runs like a Manual Trigger in the editor.
			nodes.find((n) => typeof n.name === 'string' && pinned.has(n.name))?.name) as string | undefined,
	};
}
