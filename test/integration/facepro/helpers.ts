/**
 * Shared setup for the FacEPro integration tests: a simulator, a harness with the node and its
 * credential, and builders for the node's parameters.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FacEProApi } from '../../../credentials/FacEProApi.credentials';
import { FacEPro } from '../../../nodes/FacEPro/FacEPro.node';
import { resetPacing } from '../../../nodes/shared/http';
import type { NodeSpec, RunResult } from '../../harness';
import { DOC_EXAMPLE_BODY } from '../../fixtures/facepro';
import { Harness } from '../../harness';
import type { FacEProSimOptions, FacEProSimulator } from '../../simulators/facepro';
import { startFacEProSimulator } from '../../simulators/facepro';

export const API = '/api/v1';

export interface Setup {
	sim: FacEProSimulator;
	harness: Harness;
	/** Credential id for tenant 1 (all permissions). */
	credential: string;
	/** Credential id for a tenant. */
	credentialFor(tenantId: number): string;
	run(parameters: INodeParameters, input?: IDataObject[], options?: { continueOnFail?: boolean; credential?: string; workflowId?: string; mode?: 'manual' | 'trigger' }): Promise<RunResult>;
}

/** Starts a simulator for the file and gives each test a fresh harness (fresh deduplication store). */
export function useFacEPro(options: FacEProSimOptions = {}): Setup {
	const setup = {} as Setup;
	beforeAll(async () => {
		setup.sim = await startFacEProSimulator(options);
	});
	afterAll(async () => {
		await setup.sim.stop();
	});
	beforeEach(() => {
		resetPacing();
		setup.sim.reset();
		const harness = new Harness({ nodes: [new FacEPro()], credentials: [new FacEProApi()] });
		harness.clearDeduplication();
		setup.harness = harness;
		const ids = new Map<number, string>();
		setup.credentialFor = (tenantId: number) => {
			if (!ids.has(tenantId)) {
				ids.set(tenantId, harness.addCredential('facEProApi', setup.sim.credentials(tenantId).facEProApi as IDataObject as never, 'FacEPro Cloud account'));
			}
			return ids.get(tenantId)!;
		};
		setup.credential = setup.credentialFor(1);
		setup.run = async (parameters, input = [{}], runOptions = {}) => {
			const spec: NodeSpec = {
				type: 'facEPro',
				parameters,
				credential: runOptions.credential ?? setup.credential,
				continueOnFail: runOptions.continueOnFail,
			};
			return await harness.execute(spec, input, { workflowId: runOptions.workflowId, mode: runOptions.mode });
		};
	});
	return setup;
}

/** The invoice of FacEPro's documentation (subtotal 122500, iva 23275, total 145775), as node fields. */
export const DOC_EXAMPLE_FIELDS: INodeParameters = {
	personType: '2',
	idType: '13',
	idNumber: '71234567',
	customerName: 'JUAN PEREZ',
	customerDetails: {
		email: 'juan@correo.com',
		address: 'Calle 50 # 30-20',
		municipalityCode: '05001',
		departmentCode: '05',
	},
	lines: {
		line: [
			{ code: 'PROD-001', description: 'Repuesto motocicleta XYZ', quantity: 2, unitPrice: 50000, ivaPct: 19 },
			{ code: 'SERV-010', description: 'Mano de obra instalación', quantity: 1, unitPrice: 25000, ivaPct: 19, discountType: 'percent', discountPct: 10 },
		],
	},
};

/** The same invoice as FacEPro's documented request body (shared with the unit tests). */
export { DOC_EXAMPLE_BODY };

export const createInvoice = (fields: INodeParameters = DOC_EXAMPLE_FIELDS): INodeParameters => ({
	resource: 'invoice',
	operation: 'create',
	inputMode: 'fields',
	...fields,
});

/** JSON mode; the document comes from the input item (`$json.doc`), like a workflow would pass it. */
export const createFromItem = (resource = 'invoice', extra: INodeParameters = {}): INodeParameters => ({
	resource,
	operation: 'create',
	inputMode: 'json',
	documentJson: '={{ $json.doc }}',
	...extra,
});

/** The run's error as the user sees it: message, description and field paths. */
export function errorOf(run: RunResult): { message: string; description: string; fields: Record<string, string[]> } {
	const error = run.error as unknown as { message: string; description?: string; context?: { fields?: Record<string, string[]> } };
	expect(error).toBeDefined();
	return { message: error.message, description: error.description ?? '', fields: error.context?.fields ?? {} };
}

/** A credit note body referencing a document the simulator issued. */
export function creditNoteBody(invoice: IDataObject, motivo = { codigo: '2', descripcion: 'Anulación por error en valor unitario' }) {
	return {
		factura_referencia: {
			numero: invoice.numero_completo,
			cufe: invoice.cufe,
			fecha: String(invoice.fecha_emision).slice(0, 10),
		},
		motivo,
		...DOC_EXAMPLE_BODY,
	};
}
