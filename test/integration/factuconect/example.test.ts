/**
 * The example workflow (examples/factuconect-factura-send.json) is importable as written: its
 * Factuconect node runs unchanged against the simulator, and the fields its IF and Set nodes read exist.
 */
import { PACKAGE_PREFIX } from '../../harness';
import { loadExample, nodeOfType } from '../exampleWorkflow';
import { json, spec, startSetup } from './setup';
import type { Setup } from './setup';

const workflow = loadExample('factuconect-factura-send.json');
const node = nodeOfType(workflow, `${PACKAGE_PREFIX}factuconect`);

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
});

afterAll(async () => await setup.sim.stop());

describe('example: Factura sent to Hacienda, branch on rejections', () => {
	it('uses the package node type and the "Factuconect account" credential, wired Trigger → Factuconect → IF', () => {
		expect(node.credentials).toEqual({ factuconectApi: { id: '1', name: 'Factuconect account' } });
		expect(node.parameters).toMatchObject({ resource: 'dte', operation: 'createFactura', sendNow: true });
		const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!;
		expect(workflow.connections[trigger.name].main[0][0].node).toBe(node.name);
		const branch = workflow.connections[node.name].main[0][0].node;
		const condition = JSON.stringify(workflow.nodes.find((n) => n.name === branch)!.parameters);
		expect(condition).toContain('$json.summary.status');
		expect(condition).toContain('"rightValue":"rejected"');
	});

	it('runs as written: accepted with links, or rejected with what the alert reads', async () => {
		const accepted = await setup.harness.execute(spec(setup.credential, node.parameters), [{}], { workflowId: 'example' });
		expect(accepted.error).toBeUndefined();
		expect(json(accepted).summary).toMatchObject({ status: 'accepted', total: 26.1 });
		const links = (json(accepted).summary as { links: Record<string, string> }).links;
		expect(Object.keys(links)).toEqual(['view', 'ticket', 'mhCheck']);
		expect(setup.sim.state.dtes.get(json(accepted).codigoGeneracion as string)?.body.observaciones).toBe('Gracias por su compra');

		setup.sim.control.nextSend({ estado: 'RECHAZADO', codigoMsg: '096', descripcionMsg: 'ERROR DE PRUEBA', observaciones: ['UNO', 'DOS'] });
		const rejected = await setup.harness.execute(spec(setup.credential, node.parameters), [{}], { workflowId: 'example' });
		expect(json(rejected)).toMatchObject({ codigoMsg: '096', descripcionMsg: 'ERROR DE PRUEBA', observaciones: ['UNO', 'DOS'] });
		expect(json(rejected).summary).toMatchObject({ status: 'rejected' });
	});
});
