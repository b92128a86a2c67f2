/**
 * The importable example (examples/factus-bill-wait-pdf.json) runs as written: each Factus node of the
 * workflow, in connection order, through the harness against the simulator.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { chainFrom, loadExample, nodeOfType } from '../exampleWorkflow';

import { useFactus } from './helpers';

describe('examples/factus-bill-wait-pdf.json', () => {
	const s = useFactus();

	it('Manual Trigger → Create & Validate → Wait for DIAN Result → Download PDF', async () => {
		const workflow = loadExample('factus-bill-wait-pdf.json');
		const chain = chainFrom(workflow, nodeOfType(workflow, 'n8n-nodes-base.manualTrigger').name);
		expect(chain.map((n) => n.parameters.operation)).toEqual(['create', 'waitForResult', 'downloadPdf']);

		let items: INodeExecutionData[] = [{ json: {} }];
		for (const node of chain) {
			expect(node.type).toBe('n8n-nodes-latam-einvoicing.factus');
			expect(node.credentials?.factusApi?.name).toBe('Factus account');
			const run = await s.harness.execute({ type: 'factus', name: node.name, parameters: node.parameters, credential: s.credential }, items);
			expect(run.error).toBeUndefined();
			items = run.items;
		}
		const number = s.sim.documents.bill[0].number;
		expect(items[0].binary?.data).toMatchObject({ fileName: `${number}.pdf`, mimeType: 'application/pdf' });
		expect(s.sim.documents.bill[0].totals.total).toBe(BigInt(16400000));
		expect((s.sim.server.requests({ method: 'POST', path: '/v1/bills/validate' })[0].body as IDataObject).reference_code).toBe('ORDER-1001');
	});
});
