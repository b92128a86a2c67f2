/**
 * Two n8n queue-mode workers (issue 17): each is its own process, with its own copy of the node's module
 * state (the per-process locks and store queues), sharing only n8n's database-backed reference store,
 * which races (one row per workflow, read-modify-write without a lock). Shopify re-delivers an order at the
 * same moment and the two deliveries land on different workers. FacEPro does not refuse a second document
 * for the same sale, so only the node can keep it to one.
 */
import type { IDataObject, INodeType } from 'n8n-workflow';
import * as workflowModule from 'n8n-workflow';

import { FacEProApi } from '../../../credentials/FacEProApi.credentials';
import { Harness } from '../../harness';
import { memoryDeduplicator } from '../../harness/services';

import { createFromItem, DOC_EXAMPLE_BODY, useFacEPro } from './helpers';

const WORKFLOW = 'shop-webhook';

/** A second copy of the node's modules, as another worker process would load them (same n8n-workflow). */
function loadInAnotherWorker(): new () => INodeType {
	let type: (new () => INodeType) | undefined;
	jest.isolateModules(() => {
		jest.doMock('n8n-workflow', () => workflowModule);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		type = (require('../../../nodes/FacEPro/FacEPro.node') as { FacEPro: new () => INodeType }).FacEPro;
	});
	return type!;
}

function orderDoc(n: number): IDataObject {
	return {
		...DOC_EXAMPLE_BODY,
		adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: String(8100000 + n), razon_social: `CLIENTE ${n}` },
		lineas: [{ codigo: 'P-1', descripcion: 'Producto', cantidad: 1, precio: 20000 + n, iva_pct: 19 }],
	};
}

describe('FacEPro on two queue-mode workers (racy shared reference store)', () => {
	const t = useFacEPro();
	let second: Harness;
	let secondCredential: string;

	beforeEach(() => {
		memoryDeduplicator.racy = true;
		// A loaded PostgreSQL: each read and each write of the workflow's row takes up to 40 ms.
		memoryDeduplicator.racyMaxMs = 40;
		const Other = loadInAnotherWorker();
		second = new Harness({ nodes: [new Other()], credentials: [new FacEProApi()] });
		secondCredential = second.addCredential('facEProApi', t.sim.credentials(1).facEProApi as IDataObject as never, 'FacEPro Cloud account');
	});
	afterEach(() => {
		memoryDeduplicator.racy = false;
		memoryDeduplicator.racyMaxMs = 4;
	});

	const deliverTo = async (worker: 'A' | 'B', n: number) => {
		const parameters = createFromItem('invoice', { externalReference: '={{ $json.order }}' });
		const input = [{ order: `ORDER-${n}`, doc: orderDoc(n) }];
		const options = { workflowId: WORKFLOW, mode: 'webhook' as never };
		if (worker === 'A') return await t.run(parameters, input, { ...options, continueOnFail: true });
		return await second.execute({ type: 'facEPro', parameters, credential: secondCredential, continueOnFail: true }, input, options);
	};

	it('8 orders, each delivered to both workers at the same moment: 8 documents, and both deliveries return it', async () => {
		const orders = Array.from({ length: 8 }, (_, n) => n);
		const runs = await Promise.all(
			orders.flatMap((n) => (['A', 'B'] as const).map(async (worker) => ({ n, worker, json: (await deliverTo(worker, n)).items[0].json }))),
		);

		const documents = t.sim.documents();
		expect(documents).toHaveLength(orders.length);
		for (const n of orders) {
			const [a, b] = runs.filter((run) => run.n === n).map((run) => run.json);
			expect(a.error).toBeUndefined();
			expect(b.error).toBeUndefined();
			expect(a.tracking_id).toBe(b.tracking_id);
			// One of the two issued it; the other waited for it and says so.
			expect([a, b].filter((json) => json.alreadyIssued === true)).toHaveLength(1);
		}
		expect(new Set(runs.map((run) => run.json.tracking_id)).size).toBe(orders.length);

		// Delivered again later, to either worker: nothing new.
		const later = await Promise.all(orders.map(async (n) => ({ n, json: (await deliverTo(n % 2 ? 'A' : 'B', n)).items[0].json })));
		for (const { n, json } of later) {
			expect(json).toMatchObject({ alreadyIssued: true, tracking_id: runs.find((run) => run.n === n)!.json.tracking_id });
		}
		expect(t.sim.documents()).toHaveLength(orders.length);
	}, 120_000);
});
