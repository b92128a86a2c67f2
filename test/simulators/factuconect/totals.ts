/**
 * MH's arithmetic as the Factuconect simulator applies it, written independently of the node's: items with 8
 * decimals, the summary with 2, IVA included (01) or added on the summary (03, 05, 06), none (14); the
 * document discount on taxed sales (descuGravada / porcentajeDescuento) and the renta withheld (reteRenta).
 */
import { Dec } from '../../../nodes/shared/decimal';

export const dec = (value: unknown): Dec | undefined => {
	if (typeof value !== 'number' && typeof value !== 'string') return undefined;
	return Dec.isDecimal(value) ? Dec.of(value) : undefined;
};

/** MH's arithmetic, written independently of the node's: items 8 decimals, summary 2. */
export function computeTotals(tipoDte: string, items: Array<Record<string, unknown>>, resumen: Record<string, unknown> = {}): Record<string, number> {
	const base = baseTotals(tipoDte, items);
	// Document discount on taxed sales (MH descuGravada, or porcentajeDescuento of them): IVA on what is left.
	const pct = dec(resumen.porcentajeDescuento);
	const descu = dec(resumen.descuGravada) ?? (pct ? Dec.of(base.totalGravada).mul(pct).div(100).round(2) : undefined);
	const out: Record<string, number> = { ...base };
	if (descu && !descu.isZero() && (tipoDte === '01' || tipoDte === '03')) {
		const left = Dec.of(base.totalGravada).sub(descu);
		const iva = tipoDte === '01' ? left.mul(13).div(113).round(2) : left.mul('0.13').round(2);
		const subTotal = left.add(base.totalExenta);
		out.descuGravada = descu.toNumber();
		out.subTotal = subTotal.toNumber();
		out.totalIva = iva.toNumber();
		out.totalPagar = (tipoDte === '01' ? subTotal : subTotal.add(iva)).toNumber();
	}
	// Income tax withheld on a Sujeto Excluido: the amount the issuer computed, checked against the purchase.
	const renta = dec(resumen.reteRenta);
	if (renta && tipoDte === '14') {
		out.subTotal = base.totalCompra;
		out.reteRenta = renta.toNumber();
		out.totalPagar = Dec.of(base.totalCompra).sub(renta).toNumber();
	}
	return out;
}

function baseTotals(tipoDte: string, items: Array<Record<string, unknown>>): Record<string, number> {
	let gravada = Dec.zero;
	let exenta = Dec.zero;
	let ivaItems = Dec.zero;
	for (const item of items) {
		const base = dec(item.cantidad)!
			.mul(dec(item.precioUni)!)
			.sub(dec(item.montoDescu ?? 0) ?? Dec.zero)
			.round(8);
		if (tipoDte !== '14' && item.exento === true) {
			exenta = exenta.add(base);
			continue;
		}
		gravada = gravada.add(base);
		// A Factura's price contains the IVA: 13/113 of it.
		if (tipoDte === '01') ivaItems = ivaItems.add(base.mul(13).div(113).round(8));
	}
	const totalGravada = gravada.round(2);
	const totalExenta = exenta.round(2);
	if (tipoDte === '14') {
		return { totalCompra: totalGravada.toNumber(), totalGravada: 0, totalExenta: 0, totalIva: 0, totalPagar: totalGravada.toNumber() };
	}
	if (tipoDte === '01') {
		return {
			totalGravada: totalGravada.toNumber(),
			totalExenta: totalExenta.toNumber(),
			totalIva: ivaItems.round(2).toNumber(),
			totalPagar: totalGravada.add(totalExenta).toNumber(),
		};
	}
	const totalIva = totalGravada.mul('0.13').round(2);
	return {
		totalGravada: totalGravada.toNumber(),
		totalExenta: totalExenta.toNumber(),
		totalIva: totalIva.toNumber(),
		totalPagar: totalGravada.add(totalExenta).add(totalIva).toNumber(),
	};
}
