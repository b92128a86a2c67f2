/**
 * examples/facepro-invoice-and-xml.json stays importable and working: its FacEPro nodes run, in
 * order, against the simulator (each fed with the previous node's output, as n8n would).
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { PACKAGE_PREFIX } from '../../harness';
import { loadExample } from '../exampleWorkflow';

import { useFacEPro } from './helpers';

const workflow = loadExample('facepro-invoice-and-xml.json');

describe('FacEPro example workflow', () => {
	const t = useFacEPro();

	it('is wired Manual Trigger → Create Invoice → Download XML with the package node type and the named credential', () => {
		const facepro = workflow.nodes.filter((n) => n.type === `${PACKAGE_PREFIX}facEPro`);
		expect(facepro.map((n) => n.name)).toEqual(['Create Invoice', 'Download XML']);
		for (const node of facepro) expect(node.credentials?.facEProApi?.name).toBe('FacEPro Cloud account');
		const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!;
		expect(workflow.connections[trigger.name].main[0][0].node).toBe('Create Invoice');
		expect(workflow.connections['Create Invoice'].main[0][0].node).toBe('Download XML');
	});

	it('issues the invoice and downloads SETP990000001.xml', async () => {
		let input: INodeExecutionData[] = [{ json: {} }];
		const outputs: INodeExecutionData[][] = [];
		for (const name of ['Create Invoice', 'Download XML']) {
			const node = workflow.nodes.find((n) => n.name === name)!;
			const run = await t.run(node.parameters, input);
			expect(run.error).toBeUndefined();
			outputs.push(run.items);
			input = run.items.map((item) => ({ json: item.json }));
		}
		expect(outputs[0][0].json).toMatchObject({ totales: { total: 145775 }, externalReference: 'ORDER-1001' });
		expect(outputs[1][0].binary?.data).toMatchObject({ fileName: 'SETP990000001.xml', mimeType: 'application/xml' });
		// The number came from the first node: one request for the file, none for the document.
		expect(t.sim.server.count({ path: /\/xml$/ })).toBe(1);
		expect(t.sim.server.count({ method: 'GET', path: /\/documentos\/[^/]+$/ })).toBe(0);
	});
});
