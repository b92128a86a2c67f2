/**
 * Delete Unvalidated: deletes by reference code a document DIAN never validated, after checking its state
 * (recovery.ts); a validated one and a "Regla 90" one are refused without a request to delete.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { NOUNS } from '../documents';
import { deleteUnvalidated } from '../recovery';
import type { V1Kind } from '../wire/v1';
import type { Operation } from './types';
import { showFor } from './types';

export function deleteOperation(resource: string, kind: V1Kind): Operation {
	const show = showFor(resource, 'deleteUnvalidated');
	const noun = NOUNS[kind];
	return {
		description: [
			{
				displayName: 'Reference Code',
				name: 'referenceCode',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. ORDER-1001',
				description: `Reference code of the ${noun} to delete. Only a ${noun} DIAN has not validated can be deleted.`,
				displayOptions: show,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: show,
				options: [
					{
						displayName: 'Delete Even If DIAN Has Not Answered',
						name: 'allowPending',
						type: 'boolean',
						default: false,
						description: `Whether to delete a ${noun} that is still waiting for DIAN. DIAN may still validate it, so by default only rejected ones are deleted.`,
					},
				],
			},
		],
		async execute(this: IExecuteFunctions, i: number) {
			const reference = (this.getNodeParameter('referenceCode', i) as string).trim();
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const json = await deleteUnvalidated(this, i, kind, reference, { allowPending: options.allowPending === true });
			return { json, pairedItem: { item: i } };
		},
	};
}
