/**
 * Credit Note → Create: finds the bill's internal `bill_id` from its number (v1 credit notes reference
 * the bill by id), optionally copies the bill's lines, then POST /v1/credit-notes/validate under the
 * recovery playbook.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { localError, validationError } from '../../../shared/errors';
import { compact } from '../../../shared/params';
import { SHOPIFY_REFUND_MODE, withShopify } from '../../../shared/shopify/ui';
import { showDocument } from '../../documents';
import { readCreateOptions } from '../../input/common';
import { creditNoteFields, readCreditNote } from '../../input/creditNote';
import { readShopifyCreditNote } from '../../input/shopify';
import { createDocument } from '../../recovery';
import { dianState, documentOf, documentOutput } from '../../summary';
import { PROVIDER } from '../../transport';
import { checkV1, rateText } from '../../wire/v1';

export const description = creditNoteFields();

const ref = (value: unknown) => (value && typeof value === 'object' ? (value as IDataObject) : {});

/** A bill's items as shown by Factus → credit-note items (same v1 item shape). */
function itemsFromBill(items: unknown): IDataObject[] {
	return (Array.isArray(items) ? (items as IDataObject[]) : []).map((item) => {
		const withholdings = (Array.isArray(item.withholding_taxes) ? (item.withholding_taxes as IDataObject[]) : []).map((w) => {
			const rate = ref((w.rates as IDataObject[] | undefined)?.[0]);
			return { code: String(w.tribute_code ?? rate.code ?? w.code), withholding_tax_rate: rateText(rate.rate ?? w.withholding_tax_rate) as string };
		});
		return compact({
			code_reference: item.code_reference as string | undefined,
			name: item.name as string,
			quantity: Number(item.quantity),
			discount_rate: Number(item.discount_rate ?? 0),
			price: Number(item.price),
			tax_rate: rateText(item.tax_rate) as string,
			unit_measure_id: (ref(item.unit_measure).id as number | undefined) ?? 70,
			standard_code_id: (ref(item.standard_code).id as number | undefined) ?? 1,
			is_excluded: Number(item.is_excluded ?? 0),
			tribute_id: (ref(item.tribute).id as number | undefined) ?? 1,
			withholding_taxes: withholdings,
		}) as IDataObject;
	});
}

export async function execute(this: IExecuteFunctions, i: number) {
	const shopify = this.getNodeParameter('inputMode', i) === SHOPIFY_REFUND_MODE ? await readShopifyCreditNote(this, i) : undefined;
	const { body, copyLines } = shopify ? { body: shopify.body, copyLines: false } : readCreditNote(this, i);
	const billNumber = typeof body.bill_number === 'string' ? body.bill_number.trim() : '';
	let bill: IDataObject | undefined;
	if (billNumber !== '') {
		const billData = await showDocument(this, i, 'bill', billNumber);
		bill = documentOf('bill', billData);
		const state = dianState(bill);
		if (bill.id === undefined || bill.id === null) {
			throw localError(this.getNode(), { provider: PROVIDER, message: `Factus did not return the internal ID of bill ${billNumber}` }, i);
		}
		if (state.status !== 'accepted') {
			throw localError(
				this.getNode(),
				{
					provider: PROVIDER,
					message: `Bill ${billNumber} is not validated by DIAN (${state.status}); a credit note can only correct a validated bill`,
					hint: state.status === 'pending' ? 'Wait for DIAN Result on the bill first.' : 'A rejected bill is deleted (Delete Unvalidated), not credited.',
					code: 'bill_not_validated',
				},
				i,
			);
		}
		body.bill_id = Number(bill.id);
		if (copyLines) body.items = itemsFromBill(billData.items);
	}
	delete body.bill_number;
	if (copyLines) {
		const problems = checkV1('creditNote', body);
		if (problems.length) throw validationError(this.getNode(), PROVIDER, problems, i, 'credit note');
	}
	const result = await createDocument(this, i, 'creditNote', body, readCreateOptions(this, i));
	const extra: IDataObject = {};
	if (bill) extra.creditedBill = { id: bill.id, number: bill.number, cufe: bill.cufe ?? null };
	if (result.recovery) extra.recovery = result.recovery;
	const json = documentOutput('creditNote', result.data, extra);
	return {
		json: shopify ? withShopify(json, shopify.mapping, { alreadyIssued: result.recovery?.alreadyIssued === true }) : json,
		pairedItem: { item: i },
	};
}
