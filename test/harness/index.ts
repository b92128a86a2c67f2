/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Runs our nodes the way n8n runs them: a real `Workflow` executed by n8n-core's `WorkflowExecute`
 * (a start node feeding the input items into the node under test), real execution contexts with their
 * helpers (httpRequestWithAuthentication, prepareBinaryData, checkProcessedAndRecord), credentials
 * resolved, authenticated and pre-authenticated as n8n does, and polling triggers run through n8n-core's
 * `PollContext` with workflow static data kept like an active workflow keeps it.
 *
 * Everything the n8n server would keep in its database (credentials, deduplication records, persisted
 * static data) lives in the Harness instance, so a test can run several "executions" against it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialTestRequest,
	IDataObject,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	ITaskData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	ExecutionError,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createDeferredPromise, createEmptyRunExecutionData, createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials';
import type { StoredCredential } from './credentials';
import { ensureServices, memoryDeduplicator } from './services';

// n8n-core reads its instance folder at import time; keep it away from the user's ~/.n8n.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'latam-einvoicing-harness-'));
process.env.N8N_ENCRYPTION_KEY ??= 'harness-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');

export const PACKAGE_PREFIX = 'n8n-nodes-latam-einvoicing.';
const START_NODE = 'harness.start';

/** Emits the items it was given: stands in for a Manual Trigger with pinned data. */
class StartNode implements INodeType {
	description = {
		displayName: 'Start',
		name: START_NODE,
		group: ['trigger'],
		version: 1,
		description: 'Harness start',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getNodeParameter('items', 0) as unknown as INodeExecutionData[];
		return [items];
	}
}

class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	add(name: string, type: INodeType | IVersionedNodeType) {
		this.types.set(name, type);
	}

	getByName(name: string) {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown node type "${name}"`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface NodeSpec {
	/**
	 * The node type's `description.name` (e.g. `facEPro`), or the full type name of a node given to the
	 * Harness as `externalNodes` (e.g. `n8n-nodes-base.httpRequest`).
	 */
	type: string;
	parameters: INodeParameters;
	/** Credential id from `addCredential`; the credential type is taken from the stored credential. */
	credential?: string;
	continueOnFail?: boolean;
	name?: string;
	typeVersion?: number;
}

export interface RunResult {
	/** Items of the node's first output. */
	items: INodeExecutionData[];
	/** Every output of the node. */
	outputs: INodeExecutionData[][];
	/** Set when the node failed (and Continue On Fail was off). */
	error?: ExecutionError;
	run: IRun;
	/** Output items and error, serialised — for "no secret appears anywhere" assertions. */
	serialized: string;
}

export interface PollResult {
	/** `null` when the poll had nothing to emit. */
	items: INodeExecutionData[] | null;
	error?: Error;
	/** The node's static data after the poll, as the active workflow holds it in memory. */
	staticData: IDataObject;
}

interface WorkflowState {
	/** What the running (active) workflow holds in memory between polls. */
	live: IDataObject;
	/** What n8n wrote to its database: only when a poll emitted items (n8n saves static data then). */
	persisted: IDataObject;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

export class Harness {
	readonly credentials: HarnessCredentialsHelper;

	private readonly nodeTypes = new HarnessNodeTypes();

	private readonly credentialTypes = new Map<string, ICredentialType>();

	private readonly workflows = new Map<string, WorkflowState>();

	private nextId = 1;

	/**
	 * `nodes`: this package's nodes; `externalNodes`: other node types by full type name (e.g. n8n's own
	 * HTTP Request node loaded from an installed n8n, `n8n-nodes-base.httpRequest`).
	 */
	constructor(options: {
		nodes: Array<INodeType | IVersionedNodeType>;
		credentials: ICredentialType[];
		externalNodes?: Record<string, INodeType | IVersionedNodeType>;
	}) {
		for (const node of options.nodes) {
			const description = 'nodeVersions' in node ? node.description : node.description;
			this.nodeTypes.add(PACKAGE_PREFIX + description.name, node);
		}
		for (const [name, node] of Object.entries(options.externalNodes ?? {})) this.nodeTypes.add(name, node);
		this.nodeTypes.add(START_NODE, new StartNode());
		for (const credential of options.credentials) this.credentialTypes.set(credential.name, credential);
		this.credentials = new HarnessCredentialsHelper(this.credentialTypes);
	}

	/** Stores a credential like n8n's credential store; returns its id. */
	addCredential(type: string, data: ICredentialDataDecryptedObject, name?: string): string {
		const id = String(this.nextId++);
		this.credentials.store.set(id, { id, name: name ?? `${type} ${id}`, type, data: { ...data } });
		return id;
	}

	/** The credential as stored now (e.g. with the token preAuthentication saved). */
	storedCredential(id: string): StoredCredential {
		const stored = this.credentials.store.get(id);
		if (!stored) throw new Error(`No credential ${id}`);
		return stored;
	}

	/** Forgets the deduplication records (as if n8n's database were wiped). */
	clearDeduplication(): void {
		memoryDeduplicator.clear();
	}

	private buildNode(spec: NodeSpec): INode {
		const node: INode = {
			id: spec.name ?? spec.type,
			name: spec.name ?? 'Node',
			type: spec.type.includes('.') ? spec.type : PACKAGE_PREFIX + spec.type,
			typeVersion: spec.typeVersion ?? 1,
			position: [200, 0],
			parameters: spec.parameters,
			continueOnFail: spec.continueOnFail,
			onError: spec.continueOnFail ? 'continueRegularOutput' : undefined,
		};
		if (spec.credential) {
			const stored = this.storedCredential(spec.credential);
			node.credentials = { [stored.type]: { id: stored.id, name: stored.name } as INodeCredentialsDetails };
		}
		// Fill defaults exactly as the editor would save them.
		const type = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		node.parameters = NodeHelpers.getNodeParameters(
			type.description.properties,
			node.parameters,
			true,
			false,
			node,
			type.description,
		) as INodeParameters;
		return node;
	}

	private additionalData(hooks?: unknown): IWorkflowExecuteAdditionalData {
		return {
			credentialsHelper: this.credentials,
			hooks,
			executeWorkflow: async () => {
				throw new Error('Sub-workflows are not available in the harness');
			},
			getRunExecutionData: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678/',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			variables: {},
			logAiEvent: () => undefined,
			startRunnerTask: async () => {
				throw new Error('Task runners are not available in the harness');
			},
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	private workflowState(workflowId: string): WorkflowState {
		let state = this.workflows.get(workflowId);
		if (!state) {
			state = { live: {}, persisted: {} };
			this.workflows.set(workflowId, state);
		}
		return state;
	}

	/**
	 * Runs one execution: Start (emitting `input`) → the node under test.
	 * `workflowId` scopes deduplication records and static data like a saved workflow would.
	 */
	async execute(
		spec: NodeSpec,
		input: Array<IDataObject | INodeExecutionData> = [{}],
		options: { workflowId?: string; mode?: WorkflowExecuteMode } = {},
	): Promise<RunResult> {
		return await this.executeChain([spec], input, options);
	}

	/**
	 * Runs one execution of a chain: Start (emitting `input`) → specs[0] → specs[1] → …; the result is the
	 * last node's (or the first node that failed). Each spec needs its own `name` when there are several.
	 */
	async executeChain(
		specs: NodeSpec[],
		input: Array<IDataObject | INodeExecutionData> = [{}],
		options: { workflowId?: string; mode?: WorkflowExecuteMode } = {},
	): Promise<RunResult> {
		await ensureServices();
		const workflowId = options.workflowId ?? 'harness-workflow';
		const chain = specs.map((spec) => this.buildNode(spec));
		if (new Set(chain.map((n) => n.name)).size !== chain.length) throw new Error('Every node of a chain needs its own name');
		chain.forEach((n, i) => (n.position = [200 * (i + 1), 0]));
		const items: INodeExecutionData[] = input.map((entry) =>
			'json' in entry && typeof entry.json === 'object'
				? (entry as INodeExecutionData)
				: { json: entry as IDataObject },
		);
		const start: INode = {
			id: 'start',
			name: 'Start',
			type: START_NODE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: items as unknown as INodeParameters[] },
		};
		const state = this.workflowState(workflowId);
		const workflow = new Workflow({
			id: workflowId,
			name: 'Harness workflow',
			nodes: [start, ...chain],
			connections: Object.fromEntries(
				[start, ...chain].slice(0, -1).map((from, i) => [from.name, { main: [[{ node: chain[i].name, type: 'main' as const, index: 0 }]] }]),
			),
			active: false,
			nodeTypes: this.nodeTypes,
			staticData: clone(state.persisted),
			settings: { executionOrder: 'v1' },
		});

		const mode = options.mode ?? 'manual';
		const hooks = new core.ExecutionLifecycleHooks(mode, `exec-${this.nextId++}`, {
			id: workflowId,
			name: 'Harness workflow',
			active: false,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: [start, ...chain],
			connections: {},
			settings: {},
		} as never);
		const done = createDeferredPromise<IRun>();
		hooks.addHandler('workflowExecuteAfter', (run, newStaticData) => {
			// n8n saves changed static data after non-manual executions.
			if (mode !== 'manual' && newStaticData) state.persisted = clone(newStaticData);
			done.resolve(run);
		});

		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }],
			},
		});
		const workflowExecute = new core.WorkflowExecute(this.additionalData(hooks), mode, runExecutionData);
		await workflowExecute.processRunExecutionData(workflow);
		const run = await done.promise;

		const ran = chain.filter((n) => run.data.resultData.runData[n.name]?.[0]);
		const failed = ran.find((n) => run.data.resultData.runData[n.name][0].error);
		const node = failed ?? ran[ran.length - 1] ?? chain[chain.length - 1];
		const task: ITaskData | undefined = run.data.resultData.runData[node.name]?.[0];
		const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
		const error = (task?.error ?? run.data.resultData.error) as ExecutionError | undefined;
		const result: RunResult = {
			items: outputs[0] ?? [],
			outputs,
			error,
			run,
			serialized: '',
		};
		result.serialized = JSON.stringify({
			items: result.outputs,
			error: error
				? {
						message: error.message,
						description: (error as { description?: string }).description,
						context: (error as { context?: unknown }).context,
						stack: error.stack,
					}
				: undefined,
		});
		return result;
	}

	/**
	 * One poll of a polling trigger. `mode: 'trigger'` is an active workflow's scheduled poll;
	 * `mode: 'manual'` is the editor's "Fetch Test Event". Static data lives on like in an active
	 * workflow; `restart()` reloads what n8n would have persisted.
	 */
	async poll(spec: NodeSpec, options: { workflowId?: string; mode?: 'trigger' | 'manual' } = {}): Promise<PollResult> {
		await ensureServices();
		const workflowId = options.workflowId ?? 'harness-poll-workflow';
		const mode = options.mode ?? 'trigger';
		const state = this.workflowState(workflowId);
		const node = this.buildNode(spec);
		const workflow = new Workflow({
			id: workflowId,
			name: 'Harness poll workflow',
			nodes: [node],
			connections: {},
			active: mode !== 'manual',
			nodeTypes: this.nodeTypes,
			staticData: clone(state.live),
		});
		const context = new core.PollContext(workflow, node, this.additionalData(), mode, mode === 'manual' ? 'manual' : 'activate');
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		try {
			const output = await nodeType.poll!.call(context);
			const staticData = clone(workflow.staticData);
			if (mode !== 'manual') {
				// In memory the active workflow keeps whatever the poll left; n8n writes it to the
				// database only when the poll emitted items.
				state.live = staticData;
				if (output !== null) state.persisted = clone(staticData);
			}
			return { items: output === null ? null : output[0], staticData };
		} catch (error) {
			if (mode !== 'manual') state.live = clone(workflow.staticData);
			return { items: null, error: error as Error, staticData: clone(workflow.staticData) };
		}
	}

	/** n8n restarted: the active workflow reloads the static data n8n had persisted. */
	restart(workflowId = 'harness-poll-workflow'): void {
		const state = this.workflowState(workflowId);
		state.live = clone(state.persisted);
	}

	/** Static data as n8n would have persisted it. */
	persistedStaticData(workflowId = 'harness-poll-workflow'): IDataObject {
		return clone(this.workflowState(workflowId).persisted);
	}

	/** Calls a `methods.loadOptions` / `methods.listSearch` function like the editor does. */
	async loadOptions(
		spec: NodeSpec,
		method: string,
		options: { kind?: 'loadOptions' | 'listSearch'; filter?: string; paginationToken?: string; path?: string } = {},
	): Promise<INodePropertyOptions[] | INodeListSearchResult> {
		await ensureServices();
		const node = this.buildNode(spec);
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
		});
		const additionalData = this.additionalData();
		// The editor sends the node's current parameters with every dropdown request.
		additionalData.currentNodeParameters = node.parameters;
		const context = new core.LoadOptionsContext(workflow, node, additionalData, options.path ?? 'parameters');
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const kind = options.kind ?? 'loadOptions';
		const fn = nodeType.methods?.[kind]?.[method] as
			| ((this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<unknown>)
			| undefined;
		if (!fn) throw new Error(`${node.type} has no ${kind} method "${method}"`);
		return (await fn.call(context, options.filter, options.paginationToken)) as
			| INodePropertyOptions[]
			| INodeListSearchResult;
	}

	/**
	 * The editor's "Test connection": runs the credential's `test` request through n8n-core's
	 * RoutingNode with preAuthentication forced, and words the result as n8n's CredentialsTester does.
	 */
	async testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
		await ensureServices();
		const credentialType = this.credentialTypes.get(type);
		const test = credentialType?.test as ICredentialTestRequest | undefined;
		if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };
		const id = this.addCredential(type, data, 'credential under test');
		const decrypted = await this.credentials.getDecrypted(
			this.additionalData(),
			{ id, name: 'credential under test' },
			type,
			'internal',
		);
		const testNodeType: INodeType = {
			description: {
				displayName: 'No Operation',
				name: 'n8n-nodes-base.noOp',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: {},
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: type, required: true }],
				properties: [
					{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' },
				],
			} as unknown as INodeType['description'],
		};
		const types = new HarnessNodeTypes();
		types.add('n8n-nodes-base.noOp', testNodeType);
		// `temp: ''` on a noOp node is how n8n tells preAuthentication that this is a credential test.
		const node: INode = {
			id: 'temp',
			name: 'Temp-Node',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [0, 0],
			parameters: { temp: '' },
			credentials: { [type]: { id, name: 'credential under test' } },
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: types });
		const context = new core.ExecuteContext(
			workflow,
			node,
			this.additionalData(),
			'internal',
			createEmptyRunExecutionData(),
			0,
			[],
			{ main: [[{ json: {} }]] },
			{ node, data: {}, source: null },
			[],
		);
		const routingNode = new core.RoutingNode(context, testNodeType, { id, name: 'test', type, data: decrypted });
		let response: INodeExecutionData[][] | null | undefined;
		try {
			response = await routingNode.runNode();
		} catch (error) {
			const e = error as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
			if (e.cause?.response) {
				const { status, statusText } = e.cause.response;
				for (const rule of test.rules ?? []) {
					if (rule.type === 'responseCode' && rule.properties.value === status) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
				if (status < 199 || status > 299) {
					return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
				}
			} else if (e.cause?.code) {
				return { status: 'Error', message: e.cause.code };
			}
			return { status: 'Error', message: String(e.message) };
		} finally {
			this.credentials.store.delete(id);
		}
		// As n8n's CredentialsTester (1.x and 2.x): `responseSuccessBody` rules judge the first item of a
		// successful answer, in order, with strict equality (`value: undefined` matches an absent key).
		for (const rule of test.rules ?? []) {
			if (rule.type !== 'responseSuccessBody') continue;
			const json = response?.[0]?.[0]?.json as unknown;
			if (getPath(json, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}
}

/** lodash `get` on a dotted path (what n8n's tester uses for `responseSuccessBody` keys). */
function getPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (current === null || current === undefined) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
