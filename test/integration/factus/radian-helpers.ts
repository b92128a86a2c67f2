/**
 * Shared set-up for the RADIAN integration tests (Factus v2): the simulator, a harness with the Factus
 * node and trigger at version 2, node specs for the RADIAN operations, and a v2 bill issued straight through the
 * simulator's API (the buyer's events come from the simulator's `buyerEvent` hook).
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { FactusApi } from '../../../credentials/FactusApi.credentials';
import { Factus } from '../../../nodes/Factus/Factus.node';
import { FactusTrigger } from '../../../nodes/Factus/FactusTrigger.node';
import { resetPacing } from '../../../nodes/shared/http';
import { FACTUS_V2_EXAMPLES } from '../../fixtures/factus-v2-examples';
import type { NodeSpec, PollResult, RunResult } from '../../harness';
import { Harness } from '../../harness';
import type { FactusSimOptions, FactusSimulator } from '../../simulators/factus';
import { startFactusSimulator } from '../../simulators/factus';

import { V2Client, withChanges } from './v2Client';

export const TYPE_VERSION = 2;

/** The person every event example names. */
export const PERSON: INodeParameters = { personIdType: '13', personId: '1098765432', personFirstName: 'Laura', personLastName: 'Gómez' };

export interface RadianSetup {
	sim: FactusSimulator;
	harness: Harness;
	credential: string;
	api: V2Client;
	node(parameters: INodeParameters, continueOnFail?: boolean): NodeSpec;
	/** One execution of the Factus node with these parameters (workflow `radian-wf` unless told). */
	run(parameters: INodeParameters, input?: IDataObject[], options?: { continueOnFail?: boolean; workflowId?: string }): Promise<RunResult>;
	poll(parameters: INodeParameters, mode?: 'trigger' | 'manual'): Promise<PollResult>;
	/** A validated v2 bill (credit or cash) issued through the simulator's API; its number. */
	issueBill(reference: string, credit?: boolean): Promise<string>;
}

export function useRadian(options: FactusSimOptions = {}): RadianSetup {
	const s = {} as RadianSetup;
	beforeAll(async () => {
		s.sim = await startFactusSimulator({ rateLimit: { limit: 10_000, windowMs: 60_000 }, ...options });
		s.api = new V2Client(s.sim);
	});
	afterAll(async () => await s.sim?.stop());
	beforeEach(async () => {
		resetPacing();
		s.sim.reset();
		await s.api.login();
		s.harness = new Harness({ nodes: [new Factus(), new FactusTrigger()], credentials: [new FactusApi()] });
		s.credential = s.harness.addCredential(
			'factusApi',
			{ ...s.sim.credentials().factusApi, advanced: true, rateLimit: 5000, rateLimitWindowSeconds: 60 } as ICredentialDataDecryptedObject,
			'Factus account',
		);
		s.node = (parameters, continueOnFail = false) => ({ type: 'factus', typeVersion: TYPE_VERSION, parameters, credential: s.credential, continueOnFail });
		s.run = async (parameters, input = [{}], opts = {}) =>
			await s.harness.execute(s.node(parameters, opts.continueOnFail), input, { workflowId: opts.workflowId ?? 'radian-wf' });
		s.poll = async (parameters, mode = 'trigger') => {
			s.sim.server.clearLog();
			return await s.harness.poll({ type: 'factusTrigger', typeVersion: TYPE_VERSION, credential: s.credential, parameters }, { mode });
		};
		s.issueBill = async (reference, credit = false) => {
			const body = withChanges(FACTUS_V2_EXAMPLES[credit ? 'credito' : 'estandar'].body, { reference_code: reference, numbering_range_id: 4 });
			const answer = await s.api.post('/v2/bills/validate', body);
			if (answer.status !== 201) throw new Error(`bill not issued: ${JSON.stringify(answer.body)}`);
			return (answer.body.data as { number: string }).number;
		};
	});
	return s;
}

/** The error of a failed run (Continue On Fail off), with its description. */
export function failure(result: RunResult): { message: string; description: string } {
	expect(result.error).toBeDefined();
	const error = result.error as unknown as { message: string; description?: string };
	return { message: error.message, description: error.description ?? '' };
}

export const DAY = 24 * 3600 * 1000;
