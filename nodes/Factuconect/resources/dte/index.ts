import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';
import * as createCcf from './createCcf';
import * as createCreditNote from './createCreditNote';
import * as createDebitNote from './createDebitNote';
import * as createFactura from './createFactura';
import * as createSujetoExcluido from './createSujetoExcluido';
import * as getLinks from './getLinks';
import * as previewTotals from './previewTotals';
import * as send from './send';
import * as voidDte from './void';

/** "Hacienda" is a proper name (the Ministerio de Hacienda); the sentence-case rule would lower it. */
const SEND_ACTION = 'Send a DTE to Hacienda';

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['dte'] } },
	options: [
		{ name: 'Create CCF', value: 'createCcf', action: 'Create a CCF (03)', description: 'Comprobante de Crédito Fiscal for a taxpayer; lines net of IVA' },
		{ name: 'Create Credit Note', value: 'createCreditNote', action: 'Create a credit note (05)', description: 'Nota de Crédito correcting a CCF or Factura' },
		{ name: 'Create Debit Note', value: 'createDebitNote', action: 'Create a debit note (06)', description: 'Nota de Débito correcting a CCF or Factura' },
		{ name: 'Create Factura', value: 'createFactura', action: 'Create a factura (01)', description: 'Factura for a consumer; prices include IVA' },
		{ name: 'Create Sujeto Excluido', value: 'createSujetoExcluido', action: 'Create a sujeto excluido invoice (14)', description: 'Factura de Sujeto Excluido for a purchase from someone outside IVA' },
		{ name: 'Get Links', value: 'getLinks', action: 'Get the links of a DTE', description: 'View, ticket and MH public check URLs (no request)' },
		{ name: 'Preview Totals', value: 'previewTotals', action: 'Preview the totals of a DTE', description: 'IVA and totals as MH computes them, without creating anything' },
		{ name: 'Send to Hacienda', value: 'send', action: SEND_ACTION, description: 'Sign and send a created DTE to MH by its codigoGeneracion' },
		{ name: 'Void', value: 'void', action: 'Void a DTE', description: 'Invalidate a DTE MH received (types 1, 2, 3, within MH\'s window)' },
	],
	default: 'createFactura',
};

export const description: INodeProperties[] = [
	operationField,
	...createFactura.description,
	...createCcf.description,
	...createSujetoExcluido.description,
	...createCreditNote.description,
	...createDebitNote.description,
	...send.description,
	...voidDte.description,
	...getLinks.description,
	...previewTotals.description,
];

export const operations: Record<string, ItemOperation> = {
	createFactura: createFactura.execute,
	createCcf: createCcf.execute,
	createSujetoExcluido: createSujetoExcluido.execute,
	createCreditNote: createCreditNote.execute,
	createDebitNote: createDebitNote.execute,
	send: send.execute,
	void: voidDte.execute,
	getLinks: getLinks.execute,
	previewTotals: previewTotals.execute,
};
