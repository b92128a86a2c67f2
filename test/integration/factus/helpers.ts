/**
 * Shared set-up for the Factus integration tests: the simulator, a Harness with the Factus node and
 * credential, and the seed examples as node parameters.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { FactusApi } from '../../../credentials/FactusApi.credentials';
import { Factus } from '../../../nodes/Factus/Factus.node';
import { resetPacing } from '../../../nodes/shared/http';
import type { NodeSpec } from '../../harness';
import { Harness } from '../../harness';
import type { FactusSimOptions, FactusSimulator } from '../../simulators/factus';
import { startFactusSimulator } from '../../simulators/factus';

export interface Setup {
	sim: FactusSimulator;
	harness: Harness;
	credential: string;
	node: (parameters: INodeParameters, continueOnFail?: boolean) => NodeSpec;
}

/** A simulator plus a harness whose credential paces at `rate` (default: generous, so unrelated tests never wait). */
export async function startSetup(
	options: FactusSimOptions = {},
	credential: Partial<ICredentialDataDecryptedObject> = {},
): Promise<Setup> {
	const sim = await startFactusSimulator({ rateLimit: { limit: 10_000, windowMs: 60_000 }, ...options });
	const setup = { sim } as Setup;
	fresh(setup, credential);
	return setup;
}

/**
 * Registers the usual hooks of a test file — simulator started once, reset and a fresh harness before each
 * test, stopped at the end — and returns the set-up they fill in.
 */
export function useFactus(options: FactusSimOptions = {}): Setup {
	const setup = {} as Setup;
	beforeAll(async () => {
		Object.assign(setup, await startSetup(options));
	});
	afterAll(async () => await setup.sim?.stop());
	beforeEach(() => {
		setup.sim.reset();
		fresh(setup);
	});
	return setup;
}

/** New harness and credential (no stored token), pacing reset. */
export function fresh(setup: Setup, credential: Partial<ICredentialDataDecryptedObject> = {}): void {
	resetPacing();
	setup.harness = new Harness({ nodes: [new Factus()], credentials: [new FactusApi()] });
	setup.credential = setup.harness.addCredential(
		'factusApi',
		{ ...setup.sim.credentials().factusApi, advanced: true, rateLimit: 5000, rateLimitWindowSeconds: 60, ...credential } as ICredentialDataDecryptedObject,
		'Factus account',
	);
	setup.node = (parameters, continueOnFail = false) => ({ type: 'factus', parameters, credential: setup.credential, continueOnFail });
}

/** Seed 001's first request as a v1 body (withholding rates as in its response: 15 % ReteIVA, 7 % ReteRenta). */
export function seed001Body(reference: string, document: '01' | '03' = '01'): IDataObject {
	return {
		document,
		numbering_range_id: document === '03' ? 67 : 4,
		reference_code: reference,
		observation: '',
		payment_form: '1',
		payment_method_code: '10',
		...(document === '03'
			? { related_documents: [{ code: 'Factura de talonario o de papel', issue_date: '2025-01-08', number: 'FTP990000014' }] }
			: {}),
		customer: {
			identification: '123456789',
			dv: '3',
			company: '',
			trade_name: '',
			names: 'Alan Turing',
			address: 'calle 1 # 2-68',
			phone: '1234567890',
			legal_organization_id: '2',
			tribute_id: '21',
			identification_document_id: 3,
			municipality_id: '980',
		},
		items: [
			{
				code_reference: '12345',
				name: 'producto de prueba',
				quantity: 1,
				discount_rate: 20,
				price: 50000,
				tax_rate: '19.00',
				unit_measure_id: 70,
				standard_code_id: 1,
				is_excluded: 0,
				tribute_id: 1,
				withholding_taxes: [
					{ code: '06', withholding_tax_rate: '7.00' },
					{ code: '05', withholding_tax_rate: '15.00' },
				],
			},
			{
				code_reference: '54321',
				name: 'producto de prueba 2',
				quantity: 1,
				discount_rate: 0,
				price: 50000,
				tax_rate: '5.00',
				unit_measure_id: 70,
				standard_code_id: 1,
				is_excluded: 0,
				tribute_id: 1,
				withholding_taxes: [],
			},
		],
	};
}

/** Seed 003's body (its backend adds reference_code and numbering_range_id). */
export function seed003Body(reference: string): IDataObject {
	return {
		reference_code: reference,
		observation: 'Venta de equipos de cómputo',
		payment_method_code: 10,
		customer: {
			company: 'SRM-TRG S.A.S',
			trade_name: 'SRM-TRG',
			names: 'Santiago Rivera Marin',
			address: 'Cll. 22 #45C-45',
			email: 'santiago@example.com',
			phone: '3103362199',
			tribute_id: 21,
			municipality_id: 1041,
			identification: '1109780065',
			identification_document_id: 3,
			legal_organization_id: 2,
		},
		items: [
			{
				name: 'Laptop HP',
				quantity: 1,
				discount_rate: 11,
				price: 1500000,
				tax_rate: '19.00',
				unit_measure_id: 70,
				standard_code_id: 1,
				is_excluded: 0,
				tribute_id: 1,
				withholding_taxes: [{ code: '06', withholding_tax_rate: '7.00' }],
			},
		],
	};
}

/** Bill → Create & Validate in JSON mode. */
export function jsonBill(body: IDataObject, extra: INodeParameters = {}): INodeParameters {
	return { resource: 'bill', operation: 'create', inputMode: 'json', documentJson: JSON.stringify(body), ...extra };
}

/** A small valid bill in Fields mode, as a no-code user fills it in. */
export function fieldsBill(reference: string, extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'bill',
		operation: 'create',
		inputMode: 'fields',
		referenceCode: reference,
		idType: 3,
		idNumber: '123456789',
		customerName: 'Alan Turing',
		municipality: { __rl: true, mode: 'list', value: '980' },
		customerDetails: { email: 'alan.turing@example.com' },
		lines: { line: [{ code: 'SKU-1', description: 'Camiseta', quantity: 2, unitPrice: 59500, tax: 'IVA_19' }] },
		...extra,
	};
}

/** Items per input, one per bill: `{ref}` for expressions. */
export const refs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ ref: `${prefix}-${i + 1}` }));
