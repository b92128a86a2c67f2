import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ValidationProblem } from '../../../shared/errors';
import { localError, validationError } from '../../../shared/errors';
import { Problems } from '../../../shared/invoice/problems';
import { textProblem } from '../../../shared/invoice/fit';
import { readJsonObject } from '../../input/json';
import { accountSettings, dataOf, PATHS, PROVIDER, request } from '../../transport';
import { clientBody } from '../../wire/client';
import type { ClientInput } from '../../wire/client';
import { checkEmail, checkNit, checkNrc, checkPhone } from '../../wire/rules';
import { deepMerge } from '../../wire/toBody';

const show = { show: { resource: ['client'], operation: ['create'] } };

/** Save a receiver (receptor) in Factuconect, POST /receptor/add; catalog fields are dropdowns. */
export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'clientName',
		type: 'string',
		default: '',
		required: true,
		description: 'Legal name or full name of the client (nombre)',
		displayOptions: show,
	},
	{
		displayName: 'NIT',
		name: 'clientNit',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 0614-010499-128-7',
		description: '14 digits, or the 9-digit DUI of a person whose DUI is their NIT; hyphens are fine',
		displayOptions: show,
	},
	{
		displayName: 'Document Type Name or ID',
		name: 'clientDocumentType',
		type: 'options',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		typeOptions: { loadOptionsMethod: 'getDocumentTypes' },
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Economic Activity',
		name: 'clientActivity',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: "The client's economic activity (id_actividad_economica)",
		displayOptions: show,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchEconomicActivities', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 2' },
		],
	},
	{
		displayName: 'Country Name or ID',
		name: 'country',
		type: 'options',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		typeOptions: { loadOptionsMethod: 'getCountries' },
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Department Name or ID',
		name: 'department',
		type: 'options',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		typeOptions: { loadOptionsMethod: 'getDepartments' },
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Municipality Name or ID',
		name: 'municipality',
		type: 'options',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		typeOptions: { loadOptionsMethod: 'getMunicipalities', loadOptionsDependsOn: ['department'] },
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Client Details',
		name: 'clientDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Additional Fields (JSON)',
				name: 'additionalJson',
				type: 'json',
				default: '{}',
				description: 'Merged into the request body last (your keys win). Not validated.',
			},
			{ displayName: 'Address', name: 'address', type: 'string', default: '', description: 'Street address (direccionComplemento)' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: "The client's e-mail (correo)" },
			{ displayName: 'Notes', name: 'notes', type: 'string', default: '', description: 'Your notes about the client (observacionesCustom)' },
			{ displayName: 'NRC', name: 'nrc', type: 'string', default: '', description: 'Registro de contribuyente, 2 to 8 digits' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'e.g. 2222-1111', description: "The client's phone number (telefono)" },
			{ displayName: 'Trade Name', name: 'tradeName', type: 'string', default: '', description: 'Trade name, if different from the legal name (nombreComercial)' },
		],
	},
];

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

/** Text limits of a receptor: MH's where the DTE has the same field, else a sane 1000 (the notes). */
const CLIENT_TEXT_MAX: Record<string, number> = {
	clientName: 250,
	'clientDetails.tradeName': 150,
	'clientDetails.address': 200,
	'clientDetails.email': 100,
	'clientDetails.phone': 30,
	'clientDetails.notes': 1000,
};

/**
 * Text as it may be sent, or a problem: an object or a list from an expression, invisible control
 * characters, broken characters, or more characters than the field takes.
 */
function checkedText(value: unknown, path: string, problems: ValidationProblem[]): string {
	if (value !== null && typeof value === 'object') {
		problems.push({ path, message: `must be text, got ${Array.isArray(value) ? 'a list' : 'an object'}; map a single value` });
		return '';
	}
	const typed = text(value);
	const problem = typed ? textProblem(typed, CLIENT_TEXT_MAX[path] ?? 1000) : undefined;
	if (problem) problems.push({ path, message: problem });
	return typed;
}

function catalogId(value: unknown, path: string, problems: ValidationProblem[]): number | undefined {
	const id = text(value);
	if (id === '') return undefined;
	if (!/^\d+$/.test(id)) {
		problems.push({ path, message: `"${id}" is not a catalog id (a number; pick it from the list)` });
		return undefined;
	}
	return Number(id);
}

export async function execute(this: IExecuteFunctions, i: number) {
	const problems: ValidationProblem[] = [];
	const collected = new Problems();
	const settings = await accountSettings(this, collected);
	const details = this.getNodeParameter('clientDetails', i, {}) as IDataObject;
	const extra = readJsonObject(details.additionalJson, 'clientDetails.additionalJson', collected);
	const rawName = this.getNodeParameter('clientName', i, '');
	const input: ClientInput = { nombre: checkedText(rawName, 'clientName', problems) };
	if (input.nombre === '' && (rawName === null || typeof rawName !== 'object')) problems.push({ path: 'clientName', message: 'is required' });
	for (const key of ['tradeName', 'address', 'email', 'phone', 'notes'] as const) {
		if (details[key] !== undefined) details[key] = checkedText(details[key], `clientDetails.${key}`, problems);
	}
	const nit = text(this.getNodeParameter('clientNit', i, ''));
	if (nit === '') problems.push({ path: 'clientNit', message: 'is required' });
	else input.nit = checkNit(nit, 'clientNit', problems);
	if (text(details.nrc)) input.nrc = checkNrc(text(details.nrc), 'clientDetails.nrc', problems);
	if (text(details.email)) {
		checkEmail(text(details.email), 'clientDetails.email', problems);
		input.correo = text(details.email);
	}
	if (text(details.phone)) {
		checkPhone(text(details.phone), 'clientDetails.phone', problems);
		input.telefono = text(details.phone);
	}
	input.nombreComercial = text(details.tradeName) || undefined;
	input.direccionComplemento = text(details.address) || undefined;
	input.observaciones = text(details.notes) || undefined;
	input.idTipoDocumento = catalogId(this.getNodeParameter('clientDocumentType', i, ''), 'clientDocumentType', problems);
	input.idActividadEconomica = catalogId(
		this.getNodeParameter('clientActivity', i, '', { extractValue: true }),
		'clientActivity',
		problems,
	);
	input.idPais = catalogId(this.getNodeParameter('country', i, ''), 'country', problems);
	input.idDepartamento = catalogId(this.getNodeParameter('department', i, ''), 'department', problems);
	input.idMunicipio = catalogId(this.getNodeParameter('municipality', i, ''), 'municipality', problems);
	if (input.idMunicipio !== undefined && input.idDepartamento === undefined) {
		problems.push({ path: 'municipality', message: 'needs the department too' });
	}
	collected.addAll(problems);
	if (collected.hasAny()) throw validationError(this.getNode(), PROVIDER, collected.forUser(), i, 'client');

	const response = await request(
		this,
		{ method: 'POST', url: settings.baseUrl + PATHS.clientAdd, body: deepMerge(clientBody(input), extra) },
		{ itemIndex: i, what: 'create the client' },
	);
	const data = dataOf(response.body);
	if (!data || typeof data !== 'object' || Array.isArray(data)) {
		throw localError(
			this.getNode(),
			{ provider: PROVIDER, message: "Factuconect's answer to creating the client has no client data", hint: 'Check with Client → Search by NIT/NRC whether it was saved.' },
			i,
		);
	}
	return { json: data as IDataObject };
}
