/**
 * The person every RADIAN event names (who received the invoice or the goods, who accepts or claims, who
 * records a tacit acceptance): the same fields for every event operation, read into the wire's input.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { IDENTIFICATION_DOCUMENT_TYPES, toOptions } from '../../data';
import type { Show } from '../../ui/common';
import type { PersonInput } from '../../wire/v2/radian';
import { EVENT_PERSON } from '../../wire/v2/radian';

/** Person fields for an event operation; `code` chooses the words of the notice. */
export function personFields(show: Show, code: string): INodeProperties[] {
	const withNit: Show = { show: { ...show.show, personIdType: ['31'] } };
	return [
		{
			displayName: `${EVENT_PERSON[code] ?? 'The person of the event'}: DIAN records this person with the event`,
			name: 'personNotice',
			type: 'notice',
			default: '',
			displayOptions: show,
		},
		{
			displayName: 'Person ID Type',
			name: 'personIdType',
			type: 'options',
			options: toOptions(IDENTIFICATION_DOCUMENT_TYPES),
			default: '13',
			description: 'Identification type of the person (identification_document_code)',
			displayOptions: show,
		},
		{
			displayName: 'Person ID Number',
			name: 'personId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 1098765432',
			description: 'Identification number of the person, without the DV',
			displayOptions: show,
		},
		{
			displayName: 'Person DV',
			name: 'personDv',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 7',
			description: 'DIAN check digit of the NIT',
			displayOptions: withNit,
		},
		{
			displayName: 'Person First Name',
			name: 'personFirstName',
			type: 'string',
			default: '',
			required: true,
			displayOptions: show,
		},
		{
			displayName: 'Person Last Name',
			name: 'personLastName',
			type: 'string',
			default: '',
			required: true,
			displayOptions: show,
		},
		{
			displayName: 'Person Details',
			name: 'personDetails',
			type: 'collection',
			placeholder: 'Add Detail',
			default: {},
			displayOptions: show,
			options: [
				{ displayName: 'Department', name: 'department', type: 'string', default: '', description: 'Area or department of the person in the company (organization_department)' },
				{ displayName: 'Job Title', name: 'jobTitle', type: 'string', default: '', description: 'Position of the person in the company (job_title)' },
			],
		},
	];
}

const textOf = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export function readPerson(ctx: IExecuteFunctions, i: number): PersonInput {
	const idType = textOf(ctx.getNodeParameter('personIdType', i, ''));
	const details = ctx.getNodeParameter('personDetails', i, {}) as IDataObject;
	return {
		idType,
		id: textOf(ctx.getNodeParameter('personId', i, '')),
		dv: idType.trim() === '31' ? textOf(ctx.getNodeParameter('personDv', i, '')) : undefined,
		firstName: textOf(ctx.getNodeParameter('personFirstName', i, '')),
		lastName: textOf(ctx.getNodeParameter('personLastName', i, '')),
		jobTitle: textOf(details.jobTitle),
		department: textOf(details.department),
	};
}
