/**
 * Shared pieces of the Factus node version 2 tests: running the node at version 2 and a Fields-mode bill.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Setup } from './helpers';

export type Json = IDataObject;

/** Runs the node at version 2; `fail: true` keeps going on error (the error is the item). */
export function v2Runner(s: Setup) {
	const execute = async (parameters: INodeParameters, input?: IDataObject[], fail = false) => await s.harness.execute({ ...s.node(parameters, fail), typeVersion: 2 }, input);
	return {
		async run(parameters: INodeParameters, input?: IDataObject[]) {
			const result = await execute(parameters, input);
			expect(result.error).toBeUndefined();
			return result.items;
		},
		/** The error of the first item (Continue On Fail). */
		async fails(parameters: INodeParameters): Promise<IDataObject> {
			const result = await execute(parameters, undefined, true);
			const error = result.items[0].json.error as IDataObject | undefined;
			expect(error).toBeDefined();
			return error!;
		},
	};
}

/** A Fields-mode v2 bill: one shirt at 50000.00 net + IVA 19 %, one payment of the total. */
export function fieldsBillV2(reference: string, extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'bill',
		operation: 'create',
		inputMode: 'fields',
		referenceCode: reference,
		customerType: 'identified',
		idType: '13',
		idNumber: '123456789',
		customerName: 'Alan Turing',
		personType: '2',
		municipality: { __rl: true, mode: 'list', value: '68679' },
		customerDetails: { email: 'alan.turing@example.com' },
		lines: { line: [{ code: 'SKU-1', description: 'Camiseta', quantity: 2, unitPrice: '50000', tax: '01_19' }] },
		paymentMode: 'single',
		paymentForm: '1',
		paymentMethod: '47',
		...extra,
	};
}
