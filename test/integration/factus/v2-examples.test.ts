/**
 * The importable version-2 example (examples/factus-v2-bill-wait-pdf.json) runs as written, each Factus
 * node at the version the file saves it with: Create & Validate (API v2, net prices) → Wait for DIAN
 * Result → Download PDF → Download AttachedDocument. The version-1 example (factus-bill-wait-pdf.json)
 * stays version 1 (test/integration/factus/example.test.ts runs it). examples/shopify-factus.json saves its
 * Factus nodes at version 2: run at that version, the pinned order becomes a v2 bill for the order's total.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Dec } from '../../../nodes/shared/decimal';
import { PACKAGE_PREFIX } from '../../harness';
import { chainFrom, loadExample, nodeOfType } from '../exampleWorkflow';
import { useFactus } from './helpers';

const versionOf = (node: object) => (node as { typeVersion?: number }).typeVersion;

describe('examples/factus-v2-bill-wait-pdf.json', () => {
	const s = useFactus();

	it('Manual Trigger → Create & Validate (v2) → Wait for DIAN Result → Download PDF → Download AttachedDocument', async () => {
		const workflow = loadExample('factus-v2-bill-wait-pdf.json');
		const chain = chainFrom(workflow, nodeOfType(workflow, 'n8n-nodes-base.manualTrigger').name);
		expect(chain.map((n) => [n.parameters.operation, versionOf(n)])).toEqual([
			['create', 2],
			['waitForResult', 2],
			['downloadPdf', 2],
			['downloadAttachedDocument', 2],
		]);
		let items: INodeExecutionData[] = [{ json: {} }];
		for (const node of chain) {
			expect(node.credentials?.factusApi?.name).toBe('Factus account');
			const run = await s.harness.execute({ type: 'factus', name: node.name, parameters: node.parameters, credential: s.credential, typeVersion: versionOf(node) }, items);
			expect(run.error).toBeUndefined();
			items = run.items;
		}
		const [bill] = s.sim.v2.documents.bill;
		expect(items[0].binary?.attachedDocument).toMatchObject({ fileName: `${bill.number}-attached-document.xml`, mimeType: 'application/xml' });
		// 2 × 50000.00 + IVA 19 % = 119000.00; 47619.05 − 10 % (4761.91) = 42857.14 + IVA 5 % 2142.86 = 45000.00.
		expect(bill.totals.total).toBe(BigInt(16400000));
		const sent = s.sim.server.requests({ method: 'POST', path: '/v2/bills/validate' })[0].body as IDataObject;
		expect(sent).toMatchObject({ reference_code: 'ORDER-2001', payment_details: [{ payment_form: '1', payment_method_code: '48', amount: '164000.00' }] });
		expect(s.sim.server.log.some((r) => r.path.startsWith('/v1/'))).toBe(false);
	});
});

describe('examples/shopify-factus.json at the version it saves (2)', () => {
	const s = useFactus();

	it('Shopify order → Create & Validate Bill (v2) → Wait for DIAN Result → Download PDF; the order delivered again is the same bill', async () => {
		const workflow = loadExample('shopify-factus.json') as ReturnType<typeof loadExample> & { pinData: Record<string, Array<{ json: IDataObject }>> };
		// The "Already issued?" IF's new-order branch (its second output) leads on to the e-mail.
		const chain = chainFrom(workflow, 'Shopify Trigger', { 'Already issued?': 1 }).filter((n) => n.type.startsWith(PACKAGE_PREFIX));
		expect(chain.map((n) => [n.name, versionOf(n)])).toEqual([
			['Create & Validate Bill', 2],
			['Wait for DIAN Result', 2],
			['Download PDF', 2],
		]);
		const order = workflow.pinData['Shopify Trigger'];
		let items: INodeExecutionData[] = order;
		for (const node of chain) {
			const run = await s.harness.execute({ type: 'factus', name: node.name, parameters: node.parameters, credential: s.credential, typeVersion: versionOf(node) }, items, { mode: 'webhook', workflowId: 'shopify-factus-v2' });
			expect(run.error).toBeUndefined();
			items = run.items;
		}
		const [bill] = s.sim.v2.documents.bill;
		expect(Dec.of(bill.totals.total.toString()).div(100).toFixed(2)).toBe(Dec.of(String(order[0].json.current_total_price)).toFixed(2));
		expect(items[0].binary?.data).toMatchObject({ fileName: `${bill.number}.pdf` });
		const again = await s.harness.execute({ type: 'factus', name: chain[0].name, parameters: chain[0].parameters, credential: s.credential, typeVersion: 2 }, order, { mode: 'webhook', workflowId: 'shopify-factus-v2' });
		expect(again.items[0].json.shopify).toMatchObject({ alreadyIssued: true });
		expect(s.sim.v2.documents.bill).toHaveLength(1);
		expect(s.sim.server.log.some((r) => r.path.startsWith('/v1/bills'))).toBe(false);
	});
});
