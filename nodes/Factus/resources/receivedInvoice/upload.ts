/**
 * Received Invoice → Upload: puts a supplier's invoice that DIAN knows into Factus's reception, by its CUFE
 * (POST /v2/receptions/upload {track_id}, v2/recepcion-de-documentos/cargar-factura.md), so its RADIAN
 * events can be emitted. Duplicate-safe through the shared issue protocol with the CUFE as the key: an
 * invoice already uploaded (Factus's 409) or an answer lost after the request is looked up by CUFE and
 * returned, with `alreadyUploaded` / `recovered`; it is never uploaded twice.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { Problems } from '../../../shared/invoice/problems';
import type { IssueHooks, Lookup } from '../../../shared/issue';
import { issueDocument } from '../../../shared/issue';
import { showFor } from '../../ui/common';
import { PROVIDER, request } from '../../transport';
import { cufeProblem, RADIAN_PATHS } from '../../wire/v2/radian';
import { receivedInvoice } from '../radian/read';
import { receivedInvoiceOutput } from './output';

const show = showFor('receivedInvoice', 'upload');

export const description: INodeProperties[] = [
	{
		displayName: 'CUFE',
		name: 'cufe',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 8bb0e6a6…(96 characters)',
		description: "CUFE of the supplier's electronic invoice (track_id): 96 hexadecimal characters, printed on the invoice and in its QR code",
		displayOptions: show,
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const cufe = String(this.getNodeParameter('cufe', i, '') ?? '').trim();
	const problems = new Problems();
	const problem = cufeProblem(cufe);
	if (problem) problems.add('cufe', problem, { label: 'CUFE', providerPath: 'track_id' });
	problems.throwIfAny(this.getNode(), PROVIDER, i, 'upload');

	const lookup = async (): Promise<Lookup> => {
		const read = await receivedInvoice(this, i, { cufe });
		if ('unreadable' in read) return { outcome: 'unknown', reason: read.unreadable };
		if ('missing' in read) return { outcome: 'absent' };
		return { outcome: 'found', proof: { authorityId: cufe, number: String(read.invoice.number ?? '') || null, document: read.invoice } };
	};
	const hooks: IssueHooks = {
		provider: PROVIDER,
		noun: 'received invoice',
		key: `CUFE ${cufe}`,
		send: async () => await request(this, { method: 'POST', path: RADIAN_PATHS.upload, body: { track_id: cufe } }, { itemIndex: i, what: 'received invoice', mutating: true }),
		prove(answer) {
			if (answer.bodyKind !== undefined && answer.bodyKind !== 'json') return undefined;
			const data = (answer.body as IDataObject | undefined)?.data as IDataObject | undefined;
			if (!data || typeof data !== 'object' || data.id === undefined || data.id === null) return undefined;
			if (String(data.cufe ?? '').toLowerCase() !== cufe.toLowerCase()) return undefined;
			return { authorityId: cufe, number: String(data.number ?? '') || null, document: data };
		},
		lookup,
		// Factus keeps one reception per CUFE and answers 409 to a second upload.
		keyIsUnique: true,
		isDuplicate: (failure) => failure.kind === 'http' && failure.status === 409,
		howToCheck: `Look for CUFE ${cufe} with Received Invoice → Get Many (filter CUFE), or in Factus's reception.`,
	};
	const outcome = await issueDocument(this, i, hooks);
	return {
		json: {
			...receivedInvoiceOutput(outcome.proof.document),
			uploaded: !outcome.alreadyIssued,
			alreadyUploaded: outcome.alreadyIssued,
			recovered: outcome.how === 'recovered',
			note: outcome.note ?? null,
		},
		pairedItem: { item: i },
	};
}
