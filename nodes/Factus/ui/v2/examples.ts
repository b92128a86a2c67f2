/**
 * The default JSON of each v2 create: a small body in the shape of Factus's v2 pages (net prices, taxes per
 * item, payment_details adding up to the total), so JSON mode starts from something that passes the checks.
 */
import type { V2Kind } from '../../wire/v2/profile';

const item = (price: string) => ({
	code_reference: 'PROD-001',
	name: 'Producto de prueba',
	quantity: '1.00',
	discount_rate: '0.00',
	price,
	unit_measure_code: '94',
	standard_code: '999',
	taxes: [{ code: '01', rate: '19.00' }],
});

const customer = {
	identification_document_code: '13',
	identification: '123456789',
	names: 'Alan Turing',
	address: 'calle 1 # 1-1',
	email: 'alan.turing@example.com',
	legal_organization_code: '2',
	tribute_code: 'ZZ',
	municipality_code: '68679',
};

const payment = (amount: string) => [{ payment_form: '1', payment_method_code: '10', amount }];

export const FACTUS_V2_EXAMPLE_BODIES: Record<V2Kind, object> = {
	bill: { reference_code: 'ORDER-1001', payment_details: payment('11900.00'), customer, items: [item('10000.00')] },
	creditNote: { reference_code: 'CN-1001', correction_concept_code: '2', bill_number: 'SETP990000493', payment_details: payment('11900.00'), items: [item('10000.00')] },
	debitNote: { reference_code: 'DN-1001', correction_concept_code: '1', bill_number: 'SETP990000493', payment_details: payment('1190.00'), items: [item('1000.00')] },
	supportDocument: {
		reference_code: 'DS-1001',
		payment_details: payment('100000.00'),
		provider: { identification_document_code: '31', identification: '2343543', names: 'Pepito Perez', address: 'calle 4', country_code: 'CO', municipality_code: '68679', legal_organization_code: '2' },
		items: [{ ...item('100000.00'), taxes: [] }],
	},
	adjustmentNote: { reference_code: 'NA-1001', support_document_number: 'SEDS984000129', correction_concept_code: '2', payment_details: payment('100000.00'), items: [{ ...item('100000.00'), taxes: [] }] },
};
