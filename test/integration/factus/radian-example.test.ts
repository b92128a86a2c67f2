/**
 * The importable example (examples/factus-radian-received-invoice.json) runs as written: the trigger's
 * item into Acknowledge Receipt, and the warehouse's webhook body through Confirm Goods Received into
 * Accept — the Factus nodes of the workflow, with their own parameters, through the harness.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { chainFrom, loadExample, nodeOfType } from '../exampleWorkflow';

import { useRadian } from './radian-helpers';

const FACTUS = 'n8n-nodes-latam-einvoicing.factus';

describe('examples/factus-radian-received-invoice.json', () => {
	const s = useRadian();

	it('new supplier invoice → acknowledge (030); goods received (032) → accept (033), each once', async () => {
		const workflow = loadExample('factus-radian-received-invoice.json');
		const trigger = nodeOfType(workflow, 'n8n-nodes-latam-einvoicing.factusTrigger');
		expect(trigger.credentials?.factusApi?.name).toBe('Factus account');
		const poll = () => s.harness.poll({ type: 'factusTrigger', typeVersion: 2, credential: s.credential, parameters: trigger.parameters });

		expect((await poll()).items).toBeNull();
		const invoice = s.sim.v2.receiveSupplierInvoice({ number: 'FE-EX-1' });
		const arrived = await poll();
		expect(arrived.items?.map((i) => i.json.number)).toEqual(['FE-EX-1']);

		const runChain = async (start: string, first: INodeExecutionData[]) => {
			let items = first;
			const chain = chainFrom(workflow, start);
			for (const node of chain) {
				expect(node.type).toBe(FACTUS);
				expect(node.credentials?.factusApi?.name).toBe('Factus account');
				const run = await s.harness.execute({ type: 'factus', typeVersion: 2, name: node.name, parameters: node.parameters, credential: s.credential }, items);
				expect(run.error).toBeUndefined();
				items = run.items;
			}
			return { chain, items };
		};

		const top = await runChain(trigger.name, arrived.items!);
		expect(top.chain.map((n) => n.parameters.operation)).toEqual(['acknowledge']);
		expect(top.items[0].json).toMatchObject({ id: invoice.id, event: { code: '030' }, emitted: true });

		const webhook = nodeOfType(workflow, 'n8n-nodes-base.webhook');
		const post = { json: { body: { cufe: invoice.cufe, receivedBy: { id: '80111222', firstName: 'Carlos', lastName: 'Ruiz' } } } };
		const bottom = await runChain(webhook.name, [post]);
		expect(bottom.chain.map((n) => n.parameters.operation)).toEqual(['confirmGoodsReceived', 'accept']);
		expect(bottom.items[0].json).toMatchObject({ id: invoice.id, event: { code: '033' }, radianStatus: 'expresslyAccepted', accepted: true });
		expect(invoice.events.map((e) => [e.code, e.person.first_name])).toEqual([
			['030', 'Laura'],
			['032', 'Carlos'],
			['033', 'Laura'],
		]);

		// The warehouse posts twice: nothing is emitted again.
		const again = await runChain(webhook.name, [post]);
		expect(again.items[0].json).toMatchObject({ alreadyEmitted: true, event: { code: '033' } });
		expect(s.sim.server.count({ method: 'PATCH' })).toBe(3);
	});
});
