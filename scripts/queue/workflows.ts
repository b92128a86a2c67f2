/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The workflows of the queue-mode sandbox: per provider, Webhook (a Shopify "order paid" delivery) →
 * the provider's create in Input Mode "Shopify Order", with the node parameters of the matching
 * examples/shopify-<provider>.json (so the sandbox runs what users import); and the status triggers
 * (Factus Trigger, FacEPro Trigger) polling for new documents. Also the Shopify orders to post.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import type { CredentialSeed, WorkflowSeed } from '../../test/e2e/runtime/instance';
import { localCredential, PACKAGE_NAME, REPO_ROOT } from '../local-n8n/config';

export type Provider = 'factus' | 'factuconect' | 'facepro';

export const PROVIDERS: Provider[] = ['factus', 'factuconect', 'facepro'];

const CREDENTIAL_TYPE: Record<Provider, string> = { factus: 'factusApi', factuconect: 'factuconectApi', facepro: 'facEProApi' };

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
}

interface Example {
	nodes: ExampleNode[];
	pinData?: Record<string, Array<{ json: Record<string, unknown> }>>;
}

function example(provider: Provider): Example {
	return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', `shopify-${provider}.json`), 'utf8')) as Example;
}

/** The example's create node (its parameters, the order read from the webhook's body). */
function createNode(provider: Provider): ExampleNode {
	const node = example(provider).nodes.find((n) => n.type.startsWith(`${PACKAGE_NAME}.`) && n.parameters.inputMode === 'shopifyOrder');
	if (!node) throw new Error(`examples/shopify-${provider}.json has no create node in Input Mode "Shopify Order"`);
	return node;
}

/** The version of the provider's create node in its example (Factus: 1 = API v1, 2 = API v2). */
export const createVersion = (provider: Provider): number => createNode(provider).typeVersion;

/** The Shopify order pinned in the provider's example: the template of every order posted. */
export function templateOrder(provider: Provider): Record<string, unknown> {
	const pinned = Object.values(example(provider).pinData ?? {})[0]?.[0]?.json;
	if (!pinned) throw new Error(`examples/shopify-${provider}.json pins no order`);
	return pinned;
}

export const webhookPath = (provider: Provider) => `queue-${provider}-order`;

export const CREATE_NODE = 'Create';

/** Workflow ids: digits inside (n8n's CLI wants one), at most 16 characters. */
export const workflowId = (provider: Provider, kind: 'orders' | 'trigger') => `q${kind === 'orders' ? 1 : 2}${provider}`.slice(0, 16);

function credentialRef(provider: Provider) {
	const type = CREDENTIAL_TYPE[provider];
	const { id, name } = localCredential(type);
	return { [type]: { id, name } };
}

/** Webhook → create: the execution answers with the create's output once the run has ended (or 500). */
export function ordersWorkflow(provider: Provider): WorkflowSeed {
	const create = createNode(provider);
	return {
		id: workflowId(provider, 'orders'),
		name: `Queue sandbox: Shopify order → ${provider}`,
		nodes: [
			{
				id: 'webhook',
				name: 'Shopify Order Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath(provider), responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
			},
			{
				id: 'create',
				name: CREATE_NODE,
				type: create.type,
				typeVersion: create.typeVersion,
				position: [240, 0],
				parameters: { ...create.parameters, shopifyOrder: '={{ $json.body }}' },
				credentials: credentialRef(provider),
			},
		],
		connections: { 'Shopify Order Webhook': { main: [[{ node: CREATE_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export const TRIGGER_NODE = 'Status Trigger';

/** Providers with a status trigger. */
export const TRIGGER_PROVIDERS: Provider[] = ['factus', 'facepro'];

/**
 * The provider's status trigger, on "New Document", polling at the given seconds of every minute (n8n
 * allows no `*` in the seconds field: at most once a second, written out).
 */
export function triggerWorkflow(provider: Provider, seconds: number[] = [0, 20, 40]): WorkflowSeed {
	const pollTimes = { item: [{ mode: 'custom', cronExpression: `${seconds.join(',')} * * * * *` }] };
	const parameters: Record<string, unknown> =
		provider === 'factus'
			? { pollTimes, documentKind: 'bill', triggerOn: ['newDocument'], lookBackHours: 2 }
			: { pollTimes, triggerOn: ['newDocument'], lookBackHours: 2, refreshPending: false };
	return {
		id: workflowId(provider, 'trigger'),
		name: `Queue sandbox: ${provider} new documents`,
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NODE,
				type: `${PACKAGE_NAME}.${provider === 'factus' ? 'factusTrigger' : 'facEProTrigger'}`,
				// The Factus Trigger watches the API its version names: the one the example's create node issues on.
				typeVersion: provider === 'factus' ? createVersion('factus') : 1,
				position: [0, 0],
				parameters,
				credentials: credentialRef(provider),
			},
			{ id: 'noop', name: 'Seen', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
		connections: { [TRIGGER_NODE]: { main: [[{ node: 'Seen', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** One credential per simulator credential type, named as `npm start` names them. */
export function credentialSeeds(simCredentials: Array<Record<string, Record<string, unknown>>>): CredentialSeed[] {
	const seeds: CredentialSeed[] = [];
	for (const creds of simCredentials) {
		for (const [type, data] of Object.entries(creds)) {
			const { id, name } = localCredential(type);
			seeds.push({ id, name, type, data: data as CredentialSeed['data'] });
		}
	}
	return seeds;
}

/** The marker each order carries in its line titles: how a document is traced back to its order. */
export const orderMarker = (provider: Provider, n: number) => `QORDER-${provider}-${n}-`;

/**
 * Order `n` (1-based) of a run: the provider's pinned order with its own ids, name and line titles
 * (amounts unchanged, so every order passes the provider's rules exactly like the example).
 */
export function shopifyOrder(provider: Provider, n: number, runTag: string): Record<string, unknown> {
	const order = JSON.parse(JSON.stringify(templateOrder(provider))) as Record<string, unknown> & { line_items?: Array<Record<string, unknown>> };
	const base = 7_100_000_000_000 + Number(runTag) * 10_000;
	order.id = base + n;
	order.admin_graphql_api_id = `gid://shopify/Order/${base + n}`;
	order.name = `#Q${n}`;
	order.order_number = 50_000 + n;
	order.number = 49_000 + n;
	if (provider === 'facepro') {
		// One customer per order (a 9-digit NIT, its check digit computed by the node): FacEPro's lookup key is
		// the issue second with customer, kind and total, so identical orders of one customer would also share
		// the node's one-create-per-second hold (docs/facepro.md). Other customers: as many as there are orders.
		order.note_attributes = [{ name: 'NIT', value: String(900_000_000 + n) }];
	}
	for (const line of order.line_items ?? []) {
		line.title = `${orderMarker(provider, n)}${String(line.title ?? 'item')}`;
		if (typeof line.name === 'string') line.name = `${orderMarker(provider, n)}${line.name}`;
	}
	return order;
}
