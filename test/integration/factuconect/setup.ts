/**
 * Shared set-up for the Factuconect integration tests: one simulator and one Harness per test file,
 * a credential named like the example workflow's, and small builders for node parameters.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FactuconectApi } from '../../../credentials/FactuconectApi.credentials';
import { Factuconect } from '../../../nodes/Factuconect/Factuconect.node';
import { resetPacing } from '../../../nodes/shared/http';
import { Harness } from '../../harness';
import type { NodeSpec, RunResult } from '../../harness';
import { startFactuconectSimulator } from '../../simulators/factuconect';
import type { FactuconectSimulator, FactuconectSimulatorOptions } from '../../simulators/factuconect';

export interface Setup {
	sim: FactuconectSimulator;
	harness: Harness;
	/** Credential id of "Factuconect account" (login flow, ambiente 00, uid/idSucursal from login). */
	credential: string;
}

export async function startSetup(options: FactuconectSimulatorOptions = {}): Promise<Setup> {
	resetPacing();
	const sim = await startFactuconectSimulator(options);
	const harness = new Harness({ nodes: [new Factuconect()], credentials: [new FactuconectApi()] });
	const credential = harness.addCredential('factuconectApi', sim.credentials().factuconectApi as IDataObject as never, 'Factuconect account');
	return { sim, harness, credential };
}

export function spec(credential: string, parameters: IDataObject, options: { continueOnFail?: boolean } = {}): NodeSpec {
	return { type: 'factuconect', credential, parameters: parameters as NodeSpec['parameters'], continueOnFail: options.continueOnFail };
}

export interface LineInput {
	description?: string;
	quantity?: number | string;
	unitPrice?: number | string;
	discount?: number | string;
	exempt?: boolean;
	itemType?: string;
}

export const lines = (...entries: LineInput[]) => ({ line: entries.map((l) => ({ description: 'Item', quantity: 1, unitPrice: 10, ...l })) });

/** Parameters of a Create CCF to the simulator's standard taxpayer. */
export function ccfParameters(extra: IDataObject = {}): IDataObject {
	return {
		resource: 'dte',
		operation: 'createCcf',
		receiverNit: '0614-010499-128-7',
		receiverNrc: '278784-1',
		receiverName: 'Distribuidora Cuscatlán, S.A. de C.V.',
		economicActivity: { __rl: true, mode: 'code', value: '46302' },
		lines: lines({ description: 'Saco de café 46 kg', quantity: 2, unitPrice: 150 }),
		...extra,
	};
}

export function facturaParameters(extra: IDataObject = {}): IDataObject {
	return {
		resource: 'dte',
		operation: 'createFactura',
		lines: lines({ description: 'Café molido 400 g', quantity: 2, unitPrice: 11.3 }),
		...extra,
	};
}

export function sujetoExcluidoParameters(extra: IDataObject = {}): IDataObject {
	return {
		resource: 'dte',
		operation: 'createSujetoExcluido',
		subjectIdType: '13',
		subjectIdNumber: '00016297-5',
		receiverName: 'María Elena Pérez',
		lines: lines({ description: 'Compra de café pergamino', quantity: 10, unitPrice: 4.5 }),
		...extra,
	};
}

/** A stored client (receptor) in the demo account; returns its id. */
export async function createClient(setup: Setup, name = 'Ferretería El Progreso'): Promise<string> {
	const run = await setup.harness.execute(
		spec(setup.credential, { resource: 'client', operation: 'create', clientName: name, clientNit: '06140104991287', clientDocumentType: '1' }),
	);
	if (run.error) throw new Error(run.error.message);
	return String(run.items[0].json.id);
}

export const json = (run: RunResult, index = 0) => run.items[index].json as IDataObject & { summary: IDataObject };

export const asInput = (run: RunResult): INodeExecutionData[] => run.items.map((item) => ({ json: item.json }));

/** The problems listed under a validation error, as "path: message" lines. */
export const describedProblems = (run: RunResult) => String((run.error as { description?: string } | undefined)?.description ?? '');
