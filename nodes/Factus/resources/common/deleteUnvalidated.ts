/**
 * Delete Unvalidated: deletes by reference code a document DIAN never validated, after checking its state
 * afresh; a validated one and a "Regla 90" one are refused without a request to delete, and one DIAN has
 * not answered only with the explicit option (factus.md's recovery playbook, steps 2–4).
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { localError } from '../../../shared/errors';
import type { Kind } from '../../profile';
import { followUp, NOUNS } from '../../profile';
import { dianState, documentOf } from '../../summary';
import { PATHS, PROVIDER, REGLA_90_HINT, request, rowsByReference, show } from '../../transport';
import type { Operation } from './types';
import { showFor } from './types';

/** Only what DIAN has not validated, never Regla 90, and a pending one only when asked. */
export async function deleteUnvalidated(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: Kind,
	reference: string,
	options: { allowPending: boolean },
): Promise<IDataObject> {
	const noun = NOUNS[kind];
	const refuse = (message: string, hint: string | undefined, code: string) => localError(ctx.getNode(), { provider: PROVIDER, message, hint, code }, itemIndex);
	const found = await rowsByReference(ctx, itemIndex, kind, reference);
	if ('unreadable' in found) throw refuse(`Factus could not tell which ${noun} has reference_code "${reference}": ${found.unreadable}; nothing was deleted`, 'Run again later.', 'unreadable');
	const row = found.rows[0];
	if (found.rows.length !== 1 || typeof row.number !== 'string') {
		throw localError(ctx.getNode(), { provider: PROVIDER, message: `Factus has no ${noun} with reference_code "${reference}"`, code: 'not_found', httpCode: 404 }, itemIndex);
	}
	const document = documentOf(kind, await show(ctx, itemIndex, kind, row.number));
	const state = dianState(document);
	if (state.status === 'accepted') {
		throw refuse(
			`The ${noun} ${row.number} is validated by DIAN and is never deleted`,
			kind === 'bill' ? 'To cancel a validated bill, issue a credit note (Credit Note → Create, concept 2 annulment).' : 'A validated document stays; correct it with a note.',
			'validated',
		);
	}
	if (state.regla90) throw refuse(`Factus: DIAN already has the ${noun} ${row.number} (Regla 90); it was not deleted`, REGLA_90_HINT, 'regla90');
	if (state.status === 'pending' && !options.allowPending) {
		throw refuse(
			`The ${noun} ${row.number} is still waiting for DIAN; it was not deleted`,
			`DIAN may still validate it. Wait for its answer (${followUp(kind)}), or resend it with the same reference code so Factus checks it again. Turn on "Delete Even If DIAN Has Not Answered" only if you are sure.`,
			'pending',
		);
	}
	const response = await request(ctx, { method: 'DELETE', path: PATHS.documents[kind].destroy(reference) }, { itemIndex, what: noun });
	const body = (response.body ?? {}) as JsonObject;
	return {
		deleted: true,
		number: row.number,
		reference_code: reference,
		previousStatus: state.status,
		message: typeof body.message === 'string' ? body.message : `Deleted ${noun} ${row.number}`,
	};
}

export function deleteOperation(resource: string, kind: Kind): Operation {
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
