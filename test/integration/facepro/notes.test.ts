/**
 * Credit and debit notes: created from the fields (reference and reason dropdown) or from JSON,
 * sent to their own endpoints, summarised as notes.
 */
import type { IDataObject } from 'n8n-workflow';

import { API, createFromItem, createInvoice, creditNoteBody, DOC_EXAMPLE_FIELDS, useFacEPro } from './helpers';

describe('FacEPro credit and debit notes', () => {
	const t = useFacEPro();

	async function invoice(): Promise<IDataObject> {
		const run = await t.run(createInvoice());
		expect(run.error).toBeUndefined();
		return run.items[0].json;
	}

	it('creates a credit note from the fields, referencing the invoice, with the reason chosen from the list', async () => {
		const factura = await invoice();
		const run = await t.run({
			resource: 'creditNote',
			operation: 'create',
			inputMode: 'fields',
			referencedNumber: factura.numero_completo as string,
			referencedCufe: factura.cufe as string,
			referencedDate: `${String(factura.fecha_emision).slice(0, 10)}T00:00:00`,
			reasonCode: '6',
			reasonDescription: 'Devolución total del pedido',
			...DOC_EXAMPLE_FIELDS,
			lines: { line: [{ code: 'PROD-001', description: 'Repuesto motocicleta XYZ', quantity: 2, unitPrice: 50000, ivaPct: 19 }] },
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			numero_completo: 'NC1',
			tipo_documento: 'nota_credito',
			totales: { subtotal: 100000, iva: 19000, total: 119000 },
			summary: { kind: 'creditNote', number: 'NC1', status: 'accepted', total: 119000 },
		});
		const sent = t.sim.server.requests({ method: 'POST', path: `${API}/notas-credito` })[0].body as IDataObject;
		expect(sent).toMatchObject({
			factura_referencia: { numero: factura.numero_completo, cufe: factura.cufe, fecha: String(factura.fecha_emision).slice(0, 10) },
			motivo: { codigo: '6', descripcion: 'Devolución total del pedido' },
			adquiriente: { numero_documento: '71234567' },
		});
	});

	it('creates a debit note from a FacEPro body', async () => {
		const factura = await invoice();
		const run = await t.run(createFromItem('debitNote'), [
			{
				doc: {
					...creditNoteBody(factura, { codigo: '1', descripcion: 'Intereses por mora' }),
					lineas: [{ codigo: 'INT', descripcion: 'Intereses de mora', cantidad: 1, precio: 15000, iva_pct: 0 }],
				},
			},
		]);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			numero_completo: 'ND1',
			tipo_documento: 'nota_debito',
			totales: { total: 15000 },
			summary: { kind: 'debitNote', status: 'accepted' },
		});
		expect(t.sim.server.count({ method: 'POST', path: `${API}/notas-debito` })).toBe(1);
	});

	it('accepts a neutral invoice JSON for a note, with the reference in `related`', async () => {
		const factura = await invoice();
		const run = await t.run(createFromItem('creditNote'), [
			{
				doc: {
					kind: 'creditNote',
					customer: { personType: 'natural', idType: '13', idNumber: '71234567', name: 'JUAN PEREZ' },
					lines: [{ code: 'SERV-010', description: 'Mano de obra', quantity: 1, unitPrice: 22500, taxRate: 19 }],
					related: {
						number: factura.numero_completo,
						authorityId: factura.cufe,
						issueDate: String(factura.fecha_emision).slice(0, 10),
						reasonCode: '3',
						reasonText: 'Descuento posterior a la venta',
					},
				},
			},
		]);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ tipo_documento: 'nota_credito', totales: { total: 26775 } });
	});

	it('refuses a neutral invoice whose kind is not the resource', async () => {
		const run = await t.run(createFromItem('debitNote'), [
			{ doc: { kind: 'creditNote', customer: { idType: '13', idNumber: '71234567', name: 'X' }, lines: [] } },
		]);
		const fields = (run.error as unknown as { context: { fields: Record<string, string[]> } }).context.fields;
		expect(fields.kind[0]).toBe('is "creditNote" but this operation issues a debit note; use the Credit Note resource');
		expect(t.sim.server.count()).toBe(0);
	});
});
