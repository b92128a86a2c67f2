/**
 * Issue 14, "saved workflows behave exactly as today": the Factus node's version 1 sends the same v1
 * request bodies as before version 2 existed — byte for byte (key order, number vs string, every value).
 * The expected bodies were captured from main before the node had versions (the same inputs, the same
 * simulator); any drift in the v1 readers, checks or mappers fails here.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fieldsBill, seed001Body, useFactus } from './helpers';

/** [path, the exact JSON text of the body], in the order the four creates send them. */
const PINNED: Array<[string, string]> = [
	["/v1/bills/validate",
		"{\"reference_code\":\"pin-bill-1\",\"observation\":\"Pedido 1001\",\"payment_method_code\":\"10\",\"document\":\"01\",\"payment_form\":\"1\",\"send_email\":false,\"customer\":{\"identification_document_id\":3,\"identification\":\"123456789\",\"company\":\"\",\"trade_name\":\"\",\"names\":\"Alan Turing\",\"legal_organization_id\":2,\"tribute_id\":21,\"email\":\"alan.turing@example.com\",\"municipality_id\":980},\"items\":[{\"code_reference\":\"SKU-1\",\"name\":\"Camiseta\",\"quantity\":2,\"discount_rate\":0,\"price\":59500,\"unit_measure_id\":70,\"standard_code_id\":1,\"withholding_taxes\":[],\"tax_rate\":\"19.00\",\"is_excluded\":0,\"tribute_id\":1}]}"],
	["/v1/bills/validate",
		"{\"document\":\"01\",\"numbering_range_id\":4,\"reference_code\":\"pin-json-1\",\"observation\":\"\",\"payment_form\":\"1\",\"payment_method_code\":\"10\",\"customer\":{\"identification\":\"123456789\",\"dv\":\"3\",\"company\":\"\",\"trade_name\":\"\",\"names\":\"Alan Turing\",\"address\":\"calle 1 # 2-68\",\"phone\":\"1234567890\",\"legal_organization_id\":\"2\",\"tribute_id\":\"21\",\"identification_document_id\":3,\"municipality_id\":\"980\"},\"items\":[{\"code_reference\":\"12345\",\"name\":\"producto de prueba\",\"quantity\":1,\"discount_rate\":20,\"price\":50000,\"tax_rate\":\"19.00\",\"unit_measure_id\":70,\"standard_code_id\":1,\"is_excluded\":0,\"tribute_id\":1,\"withholding_taxes\":[{\"code\":\"06\",\"withholding_tax_rate\":\"7.00\"},{\"code\":\"05\",\"withholding_tax_rate\":\"15.00\"}]},{\"code_reference\":\"54321\",\"name\":\"producto de prueba 2\",\"quantity\":1,\"discount_rate\":0,\"price\":50000,\"tax_rate\":\"5.00\",\"unit_measure_id\":70,\"standard_code_id\":1,\"is_excluded\":0,\"tribute_id\":1,\"withholding_taxes\":[]}]}"],
	["/v1/credit-notes/validate",
		"{\"reference_code\":\"pin-cn-1\",\"payment_method_code\":\"10\",\"correction_concept_code\":1,\"customization_id\":20,\"items\":[{\"name\":\"Camiseta devuelta\",\"quantity\":1,\"discount_rate\":0,\"price\":59500,\"unit_measure_id\":70,\"standard_code_id\":1,\"withholding_taxes\":[],\"tax_rate\":\"19.00\",\"is_excluded\":0,\"tribute_id\":1}],\"bill_id\":821,\"customer\":{\"identification_document_id\":3,\"identification\":\"123456789\",\"company\":\"\",\"trade_name\":\"\",\"names\":\"Alan Turing\",\"legal_organization_id\":2,\"tribute_id\":21,\"email\":\"alan.turing@example.com\",\"municipality_id\":980}}"],
	["/v1/support-documents/validate",
		"{\"reference_code\":\"pin-ds-1\",\"payment_method_code\":\"10\",\"provider\":{\"identification_document_id\":3,\"identification\":\"1109780065\",\"names\":\"Transportes Pérez\",\"is_resident\":1,\"country_code\":\"CO\",\"municipality_id\":1041},\"items\":[{\"name\":\"Flete Bogotá - San Gil\",\"quantity\":1,\"discount_rate\":0,\"price\":350000,\"unit_measure_id\":70,\"standard_code_id\":1,\"withholding_taxes\":[{\"code\":\"06\",\"withholding_tax_rate\":\"1.00\"}]}]}"],
];

describe('Factus node version 1: request bodies unchanged by version 2', () => {
	const s = useFactus();

	const run = async (parameters: INodeParameters, typeVersion?: number) => {
		const result = await s.harness.execute({ ...s.node(parameters), ...(typeVersion ? { typeVersion } : {}) });
		expect(result.error).toBeUndefined();
		return result.items;
	};

	it('a bill (Fields), a bill (v1 JSON), a credit note with lines and a support document send the pinned bodies', async () => {
		const [bill] = await run(fieldsBill('pin-bill-1', { paymentMethod: '47', additionalFields: { observation: 'Pedido 1001', sendEmail: false } }), 1);
		const billNumber = (bill.json.bill as IDataObject).number as string;
		await run({ resource: 'bill', operation: 'create', inputMode: 'json', referenceCode: '', documentJson: JSON.stringify(seed001Body('pin-json-1')) }, 1);
		await run(
			{
				resource: 'creditNote',
				operation: 'create',
				billNumber,
				correctionConcept: 1,
				referenceCode: 'pin-cn-1',
				linesSource: 'lines',
				lines: { line: [{ description: 'Camiseta devuelta', quantity: 1, unitPrice: 59500, tax: 'IVA_19' }] },
			},
			1,
		);
		await run(
			{
				resource: 'supportDocument',
				operation: 'create',
				referenceCode: 'pin-ds-1',
				idType: 3,
				idNumber: '1109780065',
				customerName: 'Transportes Pérez',
				municipality: { __rl: true, mode: 'id', value: '1041' },
				lines: { line: [{ description: 'Flete Bogotá - San Gil', quantity: 1, unitPrice: 350000, reteRenta: 1 }] },
			},
			1,
		);
		const sent = s.sim.server.log.filter((r) => r.method === 'POST' && r.path !== '/oauth/token').map((r) => [r.path, JSON.stringify(r.body)]);
		expect(sent).toEqual(PINNED);
		// Version 1 never reaches the v2 API.
		expect(s.sim.server.log.filter((r) => r.path.startsWith('/v2/'))).toEqual([]);
	});

	it('a workflow saved before versions existed (no typeVersion: the harness saves 1) runs version 1', async () => {
		const [bill] = await run(fieldsBill('pin-bill-2'));
		expect(bill.json.bill).toMatchObject({ reference_code: 'pin-bill-2' });
		expect(s.sim.server.count({ method: 'POST', path: '/v1/bills/validate' })).toBe(1);
	});
});
