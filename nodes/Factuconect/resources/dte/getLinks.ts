import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { isIsoDate } from '../../../shared/invoice/model';
import { Problems } from '../../../shared/invoice/problems';
import { dteLinks } from '../../summary';
import { accountSettings, PROVIDER } from '../../transport';
import { codigoGeneracionField, show } from '../../ui/fields';
import { checkCodigoGeneracion } from '../../wire/rules';

const OPERATIONS = ['getLinks'];

/** The printable view, the ticket and MH's public check of a DTE. Builds URLs only: no request. */
export const description: INodeProperties[] = [
	codigoGeneracionField(OPERATIONS, "The DTE whose links to build (by default, the input item's)"),
	{
		displayName: 'Emission Date',
		name: 'fecEmi',
		type: 'string',
		default: '={{ $json.fecEmi }}',
		required: true,
		placeholder: 'e.g. 2026-11-20',
		description: "The DTE's fecEmi (YYYY-MM-DD); MH's public check needs it",
		displayOptions: show(OPERATIONS),
	},
];

export async function execute(this: IExecuteFunctions, i: number) {
	const problems = new Problems();
	const settings = await accountSettings(this, problems);
	const codeProblems: ValidationProblem[] = [];
	const code = checkCodigoGeneracion(this.getNodeParameter('codigoGeneracion', i, ''), 'codigoGeneracion', codeProblems);
	problems.addAll(codeProblems);
	const fecEmi = String(this.getNodeParameter('fecEmi', i, '') ?? '').trim();
	if (!isIsoDate(fecEmi)) problems.add('fecEmi', fecEmi ? `"${fecEmi}" is not a date (YYYY-MM-DD)` : 'is required (YYYY-MM-DD)');
	problems.throwIfAny(this.getNode(), PROVIDER, i, 'request');
	// A missing or malformed code is one of the problems thrown above.
	const dte = code!;
	return {
		json: { codigoGeneracion: dte, fecEmi, ambiente: settings.ambiente, links: dteLinks(settings, dte, fecEmi) },
	};
}
