/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * How long the FacEPro node takes for a batch of invoices when FacEPro answers every request after a
 * fixed latency (issue 13's measure), through the harness (n8n-core's real WorkflowExecute): wall time,
 * documents issued, duplicates, failed items and whether the output kept the input's order. The floor is
 * what 10 requests in flight cannot beat: ceil(N / 10) × latency.
 *
 *   npx ts-node --transpile-only --prefer-ts-exts test/integration/facepro/measure-latency.ts [N=100] [latencyMs=1500] [parallel=default]
 */
import { performance } from 'node:perf_hooks';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { FacEProApi } from '../../../credentials/FacEProApi.credentials';
import { FacEPro } from '../../../nodes/FacEPro/FacEPro.node';
import { FACEPRO_PARALLEL_REQUESTS } from '../../../nodes/FacEPro/profile';
import { DOC_EXAMPLE_BODY } from '../../fixtures/facepro';
import { Harness } from '../../harness';
import { startFacEProSimulator } from '../../simulators/facepro';

async function main(): Promise<void> {
	const [n = 100, latencyMs = 1500, parallelArg] = process.argv.slice(2).map(Number);
	const parallel = Number.isFinite(parallelArg) ? parallelArg : undefined;
	const sim = await startFacEProSimulator({});
	try {
		const harness = new Harness({ nodes: [new FacEPro()], credentials: [new FacEProApi()] });
		const credential = harness.addCredential('facEProApi', sim.credentials(1).facEProApi as ICredentialDataDecryptedObject);
		sim.server.inject({ kind: 'latency', ms: latencyMs }, {}, n * 10);
		const input = Array.from({ length: n }, (_, i) => ({
			order: `BENCH-${i}`,
			doc: {
				...DOC_EXAMPLE_BODY,
				adquiriente: { ...DOC_EXAMPLE_BODY.adquiriente, numero_documento: String(9000000 + i), razon_social: `CLIENTE ${i}` },
			},
		}));
		const parameters = {
			resource: 'invoice',
			operation: 'create',
			inputMode: 'json',
			documentJson: '={{ $json.doc }}',
			externalReference: '={{ $json.order }}',
			...(parallel === undefined ? {} : { options: { parallelRequests: parallel } }),
		};
		const started = performance.now();
		const run = await harness.execute({ type: 'facEPro', parameters, credential, continueOnFail: true }, input);
		const seconds = (performance.now() - started) / 1000;
		const documents = sim.documents();
		const customers = documents.map((d) => (d.adquirente as IDataObject).documento);
		const failed = run.items.filter((i) => i.json.error !== undefined).length;
		const inOrder = run.items.every((item, i) => (item.json.adquirente as IDataObject | undefined)?.documento === String(9000000 + i));
		const floor = Math.ceil(n / 10) * (latencyMs / 1000);
		console.log(
			JSON.stringify(
				{
					invoices: n,
					latencyMs,
					parallelRequests: parallel ?? `default (${FACEPRO_PARALLEL_REQUESTS})`,
					seconds: Number(seconds.toFixed(2)),
					floorWith10InFlight: floor,
					ratioToFloor: Number((seconds / floor).toFixed(2)),
					documents: documents.length,
					duplicates: customers.length - new Set(customers).size,
					failedItems: failed,
					outputInInputOrder: inOrder,
					requests: sim.server.requests().length,
				},
				null,
				2,
			),
		);
	} finally {
		await sim.stop();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
