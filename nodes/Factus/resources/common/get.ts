/**
 * Get one document by number (v1 show endpoint), with the summary.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { Kind } from '../../profile';
import { NOUNS, titleCase } from '../../profile';
import { documentOutput } from '../../summary';
import { show } from '../../transport';
import type { Operation } from './types';
import { showFor } from './types';

export function numberField(resource: string, operation: string, kind: Kind, placeholder: string) {
	return {
		displayName: `${titleCase(NOUNS[kind])} Number`,
		name: 'number',
		type: 'string' as const,
		default: '',
		required: true,
		placeholder: `e.g. ${placeholder}`,
		description: `Number of the ${NOUNS[kind]}: prefix and consecutive, as Factus shows it`,
		displayOptions: showFor(resource, operation),
	};
}

export function getOperation(resource: string, kind: Kind, placeholder: string): Operation {
	return {
		description: [numberField(resource, 'get', kind, placeholder)],
		async execute(this: IExecuteFunctions, i: number) {
			const number = (this.getNodeParameter('number', i) as string).trim();
			const data = await show(this, i, kind, number);
			return { json: documentOutput(kind, data), pairedItem: { item: i } };
		},
	};
}
