/**
 * The receiver's RADIAN events on a received invoice (PATCH /v2/receptions/bills/:bill_id/radian/events/
 * :event_type, v2/recepcion-de-documentos/emitir-evento.md), built per event by `eventOperation`: the
 * invoice (by Factus ID or CUFE), the person, and for a claim its reason. Checked locally before anything
 * is sent (person, claim reason, DIAN's order); emitted at most once per invoice (../radian/emit.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { localError } from '../../../shared/errors';
import { Problems } from '../../../shared/invoice/problems';
import { CLAIM_CONCEPTS, toOptions } from '../../data';
import { showFor } from '../../ui/common';
import { PROVIDER, request } from '../../transport';
import { cufeProblem, EVENT, eventBody, RADIAN_PATHS, receiverDecision } from '../../wire/v2/radian';
import type { Operation } from '../common/types';
import { emitEvent } from '../radian/emit';
import { personFields, readPerson } from '../radian/person';
import { receivedInvoice } from '../radian/read';
import { receivedInvoiceOutput } from './output';

function invoiceFields(operation: string): INodeProperties[] {
	const show = showFor('receivedInvoice', operation);
	return [
		{
			displayName: 'Find Invoice By',
			name: 'invoiceBy',
			type: 'options',
			options: [
				{ name: 'Factus ID', value: 'id', description: 'The ID of the received invoice in Factus (from Get Many, Upload or the trigger)' },
				{ name: 'CUFE', value: 'cufe', description: 'The CUFE of the invoice (96 hexadecimal characters)' },
			],
			default: 'id',
			displayOptions: show,
		},
		{
			displayName: 'Received Invoice ID',
			name: 'invoiceId',
			type: 'string',
			default: '={{ $json.id }}',
			required: true,
			description: "Factus's ID of the received invoice (bill_id)",
			displayOptions: { show: { ...show.show, invoiceBy: ['id'] } },
		},
		{
			displayName: 'CUFE',
			name: 'invoiceCufe',
			type: 'string',
			default: '={{ $json.cufe }}',
			required: true,
			description: 'CUFE of the received invoice',
			displayOptions: { show: { ...show.show, invoiceBy: ['cufe'] } },
		},
	];
}

function claimField(operation: string): INodeProperties {
	return {
		displayName: 'Claim Reason',
		name: 'claimConcept',
		type: 'options',
		options: toOptions(CLAIM_CONCEPTS),
		default: '01',
		description: 'Why you claim (claim_concept_code)',
		displayOptions: showFor('receivedInvoice', operation),
	};
}

const textOf = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

export function eventOperation(operation: string, code: string): Operation {
	const show = showFor('receivedInvoice', operation);
	return {
		description: [...invoiceFields(operation), ...(code === EVENT.claim ? [claimField(operation)] : []), ...personFields(show, code)],
		async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
			const by = textOf(this.getNodeParameter('invoiceBy', i, 'id')) === 'cufe' ? 'cufe' : 'id';
			const value = textOf(this.getNodeParameter(by === 'id' ? 'invoiceId' : 'invoiceCufe', i, ''));
			const problems = new Problems();
			if (by === 'id' && !/^\d+$/.test(value)) {
				problems.add('invoiceId', value ? `must be Factus's numeric ID of the received invoice, got "${value}"` : 'is required', { label: 'Received Invoice ID', providerPath: 'bill_id' });
			}
			if (by === 'cufe' && cufeProblem(value)) problems.add('invoiceCufe', cufeProblem(value) as string, { label: 'CUFE', providerPath: 'filter[cufe]' });
			const claimConcept = code === EVENT.claim ? textOf(this.getNodeParameter('claimConcept', i, '')) : undefined;
			const body = eventBody(code, readPerson(this, i), problems, claimConcept);
			problems.throwIfAny(this.getNode(), PROVIDER, i, 'event');

			const notFound = (reason: string) =>
				localError(
					this.getNode(),
					{
						provider: PROVIDER,
						message: `${reason}; nothing was sent`,
						hint: 'Only invoices in your Factus reception can get RADIAN events: upload it first (Received Invoice → Upload, with its CUFE).',
						code: 'not_found',
						fields: { [by === 'id' ? 'Received Invoice ID (bill_id)' : 'CUFE (filter[cufe])']: [reason] },
					},
					i,
				);
			let id = value;
			let invoice: IDataObject | undefined;
			if (by === 'cufe') {
				const found = await receivedInvoice(this, i, { cufe: value });
				if ('missing' in found) throw notFound(found.missing);
				if ('unreadable' in found) throw localError(this.getNode(), { provider: PROVIDER, message: `The received invoice with CUFE ${value} could not be read (${found.unreadable}); nothing was sent` }, i);
				id = String(found.invoice.id);
			}
			const what = `received invoice ID ${id}`;
			const outcome = await emitEvent(this, i, {
				what,
				key: `reception:${id}`,
				code,
				readEvents: async () => {
					const read = await receivedInvoice(this, i, { id });
					if ('missing' in read) throw notFound(read.missing);
					if ('unreadable' in read) return read;
					invoice = read.invoice;
					return { events: read.events };
				},
				decide: (events) => receiverDecision(events, code, `${what}${invoice?.number ? ` (${String(invoice.number)})` : ''}`),
				send: async () => await request(this, { method: 'PATCH', path: RADIAN_PATHS.receptionEvent(id, code), body }, { itemIndex: i, what: 'RADIAN event', mutating: true }),
				howToCheck: `Look at the events of ${what} with Received Invoice → Get Many (filter ID ${id}), or in Factus's reception.`,
			});
			const { events, ...rest } = outcome;
			return { json: { ...receivedInvoiceOutput(invoice ?? { id: Number(id) }, events), ...rest }, pairedItem: { item: i } };
		},
	};
}
