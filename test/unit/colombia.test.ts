/**
 * DIAN's NIT check digit, as the node computes it, against published NITs and against the simulator's
 * independently written implementation.
 */
import { nitCheckDigit } from '../../nodes/shared/country/colombia';
import { digitoVerificacion } from '../simulators/facepro/rules';

describe('FacEPro NIT check digit (DV)', () => {
	it.each([
		['800197268', '4'], // DIAN
		['890900608', '9'], // Almacenes Éxito
		['899999068', '1'], // Ecopetrol
		['860002964', '4'],
		['900123456', '8'],
		['901234567', '7'],
		['830114921', '1'],
	])('NIT %s has DV %s', (nit, dv) => {
		expect(nitCheckDigit(nit)).toBe(dv);
	});

	it('gives DV 0 and 1 from the remainder itself', () => {
		// Remainders 0 and 1 are the DV; found by search so the branch is really exercised.
		const byDv: Record<string, string> = {};
		for (let n = 800000000; Object.keys(byDv).length < 10 && n < 800001000; n++) byDv[nitCheckDigit(String(n))!] ??= String(n);
		expect(Object.keys(byDv).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
		expect(digitoVerificacion(byDv['0'])).toBe('0');
		expect(digitoVerificacion(byDv['1'])).toBe('1');
	});

	it('agrees with the simulator on 2,000 pseudo-random NITs', () => {
		let seed = 7;
		for (let i = 0; i < 2000; i++) {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			const nit = String(100000 + (seed % 999900000));
			expect(nitCheckDigit(nit)).toBe(digitoVerificacion(nit));
		}
	});

	it('refuses what is not a NIT written as digits', () => {
		expect(nitCheckDigit('900.123.456')).toBeUndefined();
		expect(nitCheckDigit('900123456-8')).toBeUndefined();
		expect(nitCheckDigit('')).toBeUndefined();
	});
});
