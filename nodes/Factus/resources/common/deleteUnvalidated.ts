/**
 * Delete Unvalidated: deletes by reference code a document DIAN never validated, after checking its state
 * afresh; a validated one and a "Regla 90" one are refused without a request to delete, and one DIAN has
 * not answered only with the explicit option (factus.md's recovery playbook, steps 2–4).
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions } from 'n8n-workflow';

import { FACTUS_V1 } from '../../issue';
import type { FactusDialect } from '../../playbook';
import { deleteUnvalidated } from '../../playbook';
import type { Kind } from '../../profile';
import type { Operation } from './types';
import { showFor } from './types';

/** The Delete Unvalidated operation of `kind` in either API version (`show`: its displayOptions). */
export function deleteOperationFor<K extends string>(d: FactusDialect<K>, kind: K, show: IDisplayOptions): Operation {
	const noun = d.nouns[kind];
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
			const json = await deleteUnvalidated(d, this, i, kind, reference, { allowPending: options.allowPending === true });
			return { json, pairedItem: { item: i } };
		},
	};
}

/** Delete Unvalidated of a v1 resource. */
export const deleteOperation = (resource: string, kind: Kind): Operation => deleteOperationFor(FACTUS_V1, kind, showFor(resource, 'deleteUnvalidated'));
