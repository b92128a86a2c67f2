/**
 * The three "Shopify order paid → …" example workflows stay importable and working: they are wired as
 * their READMEs say, every `$('Node')` they reference exists, and their package nodes — fed with the
 * order pinned on the Shopify Trigger, each with the previous node's output, as n8n runs them — issue
 * the document for the order's total against the simulators; the IF "Already issued?" right after the
 * provider node lets a new order through to the e-mail and stops the same order delivered again.
 */
import { executeFilter } from 'n8n-workflow';
import type { FilterValue, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Dec } from '../../../nodes/shared/decimal';
import { PACKAGE_PREFIX } from '../../harness';
import type { RunResult } from '../../harness';
import { useFacEPro } from '../facepro/helpers';
import { startSetup } from '../factuconect/setup';
import { chainFrom, loadExample } from '../exampleWorkflow';
import type { ExampleNode, ExampleWorkflow } from '../exampleWorkflow';
import type { Setup as FactuconectSetup } from '../factuconect/setup';
import { useFactus } from '../factus/helpers';

import { money } from './fixtures';

/** An example whose Shopify Trigger has the order pinned. */
type Workflow = ExampleWorkflow & { pinData: NonNullable<ExampleWorkflow['pinData']> };

const load = (file: string) => loadExample(file) as Workflow;

/** The nodes reached from the Shopify Trigger following each node's first (or `branch`) output. */
const path = (workflow: Workflow, branch: Record<string, number> = {}) => chainFrom(workflow, 'Shopify Trigger', branch);

/** What every example shares: the trigger, pinned order, e-mail credentials and valid node references. */
function checkWiring(workflow: Workflow, credential: string, credentialName: string) {
	const trigger = workflow.nodes.find((n) => n.name === 'Shopify Trigger')!;
	expect(trigger).toMatchObject({ type: 'n8n-nodes-base.shopifyTrigger', parameters: { topic: 'orders/paid' }, credentials: { shopifyAccessTokenApi: { name: 'Shopify account' } } });
	expect(workflow.pinData['Shopify Trigger']).toHaveLength(1);
	for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.emailSend')) {
		expect(node.credentials?.smtp?.name).toBe('SMTP account');
	}
	for (const node of workflow.nodes.filter((n) => n.type.startsWith(PACKAGE_PREFIX))) {
		expect(node.credentials?.[credential]?.name).toBe(credentialName);
	}
	const names = new Set(workflow.nodes.map((n) => n.name));
	const referenced = [...JSON.stringify(workflow.nodes).matchAll(/\$\('([^']+)'\)/g)].map((m) => m[1]);
	expect(referenced.length).toBeGreaterThan(0);
	for (const name of referenced) expect(names).toContain(name);
}

const GATE = 'Already issued?';

/**
 * The IF right after the provider node: a re-delivered order (`shopify.alreadyIssued` true) ends on a no-op,
 * a new one (false) goes on to `next`. Returns what the IF decides for an output item of the provider node:
 * its own condition, with `$json.shopify.alreadyIssued` taken from the item, through n8n's filter (strict types).
 */
function checkAlreadyIssuedGate(workflow: Workflow, provider: string, next: string): (json: IDataObject) => boolean {
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
	expect(workflow.connections[provider].main).toEqual([[expect.objectContaining({ node: GATE, index: 0 })]]);
	const gate = byName.get(GATE)!;
	expect(gate).toMatchObject({ type: 'n8n-nodes-base.if', typeVersion: 2 });
	const filter = gate.parameters.conditions as unknown as FilterValue;
	expect(filter).toMatchObject({ combinator: 'and', options: { typeValidation: 'strict' } });
	expect(filter.conditions).toEqual([
		expect.objectContaining({ leftValue: '={{ $json.shopify.alreadyIssued }}', operator: expect.objectContaining({ type: 'boolean', operation: 'true' }) }),
	]);
	const [issuedBefore, issuedNow] = workflow.connections[GATE].main;
	expect(issuedNow.map((c) => c.node)).toEqual([next]);
	// The true branch reaches nothing that sends: one no-op, connected to nothing.
	expect(issuedBefore.map((c) => byName.get(c.node)?.type)).toEqual(['n8n-nodes-base.noOp']);
	expect(workflow.connections[issuedBefore[0].node]).toBeUndefined();
	return (json) => {
		const alreadyIssued = (json.shopify as IDataObject | undefined)?.alreadyIssued;
		return executeFilter({ ...filter, conditions: filter.conditions.map((c) => ({ ...c, leftValue: alreadyIssued as boolean })) });
	};
}

/** Runs the package nodes of `nodes` in order, each fed with the previous output (the trigger's pinned order first). */
async function runChain(workflow: Workflow, nodes: ExampleNode[], run: (node: ExampleNode, input: INodeExecutionData[]) => Promise<RunResult>) {
	let input: INodeExecutionData[] = workflow.pinData['Shopify Trigger'];
	const outputs: INodeExecutionData[][] = [];
	for (const node of nodes.filter((n) => n.type.startsWith(PACKAGE_PREFIX))) {
		const result = await run(node, input);
		expect(result.error).toBeUndefined();
		outputs.push(result.items);
		input = result.items;
	}
	return outputs;
}

const orderTotal = (workflow: Workflow) => money(String(workflow.pinData['Shopify Trigger'][0].json.current_total_price));

describe('examples/shopify-factus.json', () => {
	const workflow = load('shopify-factus.json');
	const s = useFactus();

	it('Shopify Trigger → Create & Validate Bill → Already issued? → Wait for DIAN Result → Download PDF → Send Email (the PDF attached)', async () => {
		checkWiring(workflow, 'factusApi', 'Factus account');
		const nodes = path(workflow, { [GATE]: 1 });
		expect(nodes.map((n) => n.name)).toEqual(['Create & Validate Bill', GATE, 'Wait for DIAN Result', 'Download PDF', 'Send Email']);
		expect(path(workflow).map((n) => n.name)).toEqual(['Create & Validate Bill', GATE, 'Already issued: nothing to send']);
		const issuedBefore = checkAlreadyIssuedGate(workflow, 'Create & Validate Bill', 'Wait for DIAN Result');
		expect(nodes[0].parameters).toMatchObject({ inputMode: 'shopifyOrder', shopifyOrder: '={{ $json }}' });
		expect(nodes[4].parameters.options).toMatchObject({ attachments: nodes[3].parameters.binaryPropertyName });

		const run = async (node: ExampleNode, input: INodeExecutionData[]) =>
			await s.harness.execute({ ...s.node(node.parameters), name: node.name }, input, { mode: 'webhook', workflowId: 'shopify-factus' });
		const outputs = await runChain(workflow, nodes, run);
		const [bill] = s.sim.documents.bill;
		expect(money(bill.totals.total)).toBe(orderTotal(workflow));
		expect(issuedBefore(outputs[0][0].json)).toBe(false);
		expect(outputs[1][0].json.summary).toMatchObject({ status: 'accepted', number: bill.number });
		expect(outputs[2][0].binary?.data).toMatchObject({ fileName: `${bill.number}.pdf`, mimeType: 'application/pdf' });

		// Shopify delivers the order again: the bill already issued comes back, and the IF stops before the e-mail.
		const again = await run(nodes[0], workflow.pinData['Shopify Trigger']);
		expect(again.items[0].json.shopify).toMatchObject({ alreadyIssued: true });
		expect(issuedBefore(again.items[0].json)).toBe(true);
		expect(s.sim.documents.bill).toHaveLength(1);
	});
});

describe('examples/shopify-facepro.json', () => {
	const workflow = load('shopify-facepro.json');
	const s = useFacEPro();

	it('Shopify Trigger → Create Invoice → Already issued? → Download XML → Send Email (the XML attached)', async () => {
		checkWiring(workflow, 'facEProApi', 'FacEPro Cloud account');
		const nodes = path(workflow, { [GATE]: 1 });
		expect(nodes.map((n) => n.name)).toEqual(['Create Invoice', GATE, 'Download XML', 'Send Email']);
		expect(path(workflow).map((n) => n.name)).toEqual(['Create Invoice', GATE, 'Already issued: nothing to send']);
		const issuedBefore = checkAlreadyIssuedGate(workflow, 'Create Invoice', 'Download XML');
		expect(nodes[3].parameters.options).toMatchObject({ attachments: nodes[2].parameters.binaryPropertyName });

		const run = async (node: ExampleNode, input: INodeExecutionData[]) =>
			await s.run(node.parameters, input.map((i) => i.json), { mode: 'trigger', workflowId: 'shopify-facepro' });
		const outputs = await runChain(workflow, nodes, run);
		const [invoice] = s.sim.documents();
		expect(money(invoice.totales.total)).toBe(orderTotal(workflow));
		expect(outputs[0][0].json).toMatchObject({ externalReference: `shopify-${workflow.pinData['Shopify Trigger'][0].json.id}`, shopify: { check: { ok: true } } });
		expect(issuedBefore(outputs[0][0].json)).toBe(false);
		expect(outputs[1][0].binary?.data).toMatchObject({ fileName: `${invoice.numero_completo}.xml`, mimeType: 'application/xml' });

		// Shopify delivers the order again: the invoice already issued comes back, and the IF stops before the e-mail.
		const again = await run(nodes[0], workflow.pinData['Shopify Trigger']);
		expect(again.items[0].json.shopify).toMatchObject({ alreadyIssued: true });
		expect(issuedBefore(again.items[0].json)).toBe(true);
		expect(s.sim.documents()).toHaveLength(1);
	});
});

describe('examples/shopify-factuconect.json', () => {
	const workflow = load('shopify-factuconect.json');
	let s: FactuconectSetup;
	beforeAll(async () => {
		s = await startSetup();
	});
	afterAll(async () => await s.sim.stop());

	it('Shopify Trigger → Create Factura (Send to Hacienda Now) → Already issued? → Rejected by MH? → alert the accountant, or e-mail the customer', async () => {
		checkWiring(workflow, 'factuconectApi', 'Factuconect account');
		const accepted = path(workflow, { [GATE]: 1, 'Rejected by MH?': 1 });
		expect(accepted.map((n) => n.name)).toEqual(['Create Factura and send to Hacienda', GATE, 'Rejected by MH?', 'Send Email']);
		expect(path(workflow, { [GATE]: 1 }).map((n) => n.name)).toEqual(['Create Factura and send to Hacienda', GATE, 'Rejected by MH?', 'Alert the accountant']);
		expect(path(workflow).map((n) => n.name)).toEqual(['Create Factura and send to Hacienda', GATE, 'Already issued: nothing to send']);
		const issuedBefore = checkAlreadyIssuedGate(workflow, 'Create Factura and send to Hacienda', 'Rejected by MH?');
		expect(accepted[0].parameters).toMatchObject({ inputMode: 'shopifyOrder', sendNow: true });
		expect(JSON.stringify(accepted[2].parameters)).toContain('$json.summary.status');

		const run = async (node: ExampleNode, input: INodeExecutionData[]) =>
			await s.harness.execute({ type: 'factuconect', credential: s.credential, parameters: node.parameters }, input, { mode: 'webhook', workflowId: 'shopify-factuconect' });
		const [created] = await runChain(workflow, accepted, run);
		const [dte] = [...s.sim.state.dtes.values()];
		expect(Dec.of(dte.totals.totalPagar).toFixed(2)).toBe(orderTotal(workflow));
		expect(created[0].json.summary).toMatchObject({ status: 'accepted', authorityId: dte.codigoGeneracion });
		expect((created[0].json.summary as IDataObject).links).toHaveProperty('view');
		expect(issuedBefore(created[0].json)).toBe(false);

		// Shopify delivers the order again: the DTE already issued comes back, and the IF stops before any e-mail.
		const again = await run(accepted[0], workflow.pinData['Shopify Trigger']);
		expect(again.items[0].json).toMatchObject({ codigoGeneracion: dte.codigoGeneracion, shopify: { alreadyIssued: true } });
		expect(issuedBefore(again.items[0].json)).toBe(true);
		expect(s.sim.state.dtes.size).toBe(1);
	});
});
