import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { validationError } from '../../../shared/errors';
import { isIsoDate } from '../../../shared/invoice/model';
import { checkCodigoGeneracion } from '../../rules';
import { dteLinks } from '../../summary';
import { accountSettings, PROVIDER } from '../../transport';
import { codigoGeneracionField, show } from './fields';

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
	const problems: ValidationProblem[] = [];
	const settings = await accountSettings(this, problems);
	const code = checkCodigoGeneracion(this.getNodeParameter('codigoGeneracion', i, ''), 'codigoGeneracion', problems);
	const fecEmi = String(this.getNodeParameter('fecEmi', i, '') ?? '').trim();
	if (!isIsoDate(fecEmi)) {
		problems.push({ path: 'fecEmi', message: fecEmi ? `"${fecEmi}" is not a date (YYYY-MM-DD)` : 'is required (YYYY-MM-DD)' });
	}
	if (problems.length || !code) throw validationError(this.getNode(), PROVIDER, problems, i, 'request');
	return {
		json: { codigoGeneracion: code, fecEmi, ambiente: settings.ambiente, links: dteLinks(settings, code, fecEmi) },
	};
}
