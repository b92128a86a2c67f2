/**
 * The customer fields (adquiriente) of every FacEPro document: identity first, then Customer Details.
 * Labels use FacEPro's vocabulary (NIT, DV, razón social).
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { catalogOptions, FISCAL_RESPONSIBILITIES, ID_TYPES, PERSON_TYPES } from '../profile';

/** Person Type, ID Type, ID Number, Name. */
export function customerIdentityFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Person Type',
			name: 'personType',
			type: 'options',
			options: catalogOptions(PERSON_TYPES),
			default: '2',
			required: true,
			description: 'Whether the customer is a company (persona jurídica) or an individual (persona natural)',
			displayOptions,
		},
		{
			displayName: 'ID Type',
			name: 'idType',
			type: 'options',
			options: catalogOptions(ID_TYPES),
			default: '13',
			required: true,
			description: 'DIAN identification type of the customer (tipo_documento); NIT needs the DV in Customer Details',
			displayOptions,
		},
		{
			displayName: 'ID Number',
			name: 'idNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 71234567',
			description: 'Cédula or NIT of the customer, digits only; a NIT without its check digit (DV)',
			displayOptions,
		},
		{
			displayName: 'Name',
			name: 'customerName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. JUAN PEREZ',
			description: 'Legal name (razón social) of the company or full name of the person',
			displayOptions,
		},
	];
}

/** Customer Details: DV, fiscal responsibility, e-mail, address, DANE codes. */
export function customerDetailsField(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Customer Details',
		name: 'customerDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions,
		options: [
			{ displayName: 'Address', name: 'address', type: 'string', default: '', placeholder: 'e.g. Calle 50 # 30-20' },
			{
				displayName: 'Department Code',
				name: 'departmentCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. 05',
				description: 'Two-digit DANE department code (05 Antioquia, 11 Bogotá)',
			},
			{
				displayName: 'DV (NIT Check Digit)',
				name: 'dv',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7',
				description: 'Required when ID Type is NIT: the digit after the dash (900123456-8 → 8). It is verified before sending.',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				default: '',
				placeholder: 'name@email.com',
				description: "The customer's e-mail address (adquiriente.email)",
			},
			{
				displayName: 'Fiscal Responsibility',
				name: 'fiscalResponsibility',
				type: 'options',
				options: catalogOptions(FISCAL_RESPONSIBILITIES),
				default: 'R-99-PN',
				description: 'DIAN fiscal responsibility (responsabilidad_fiscal); R-99-PN if not added',
			},
			{
				displayName: 'Municipality Code',
				name: 'municipalityCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. 05001',
				description: 'Five-digit DANE municipality code (05001 Medellín, 11001 Bogotá)',
			},
		],
	};
}
