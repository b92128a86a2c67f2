/**
 * The DIAN check digit (dígito de verificación, DV) of a Colombian NIT: a weighted sum of the digits
 * (weights 3, 7, 13, … from the rightmost digit) modulo 11; remainders 0 and 1 are the DV themselves,
 * otherwise DV = 11 − remainder. A wrong DV makes DIAN reject the document, so the node checks it
 * before sending.
 */

const WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/** DV of a NIT written as digits (no DV, no dots or dashes); undefined when it is not 1..15 digits. */
export function nitCheckDigit(nit: string): string | undefined {
	if (!/^\d{1,15}$/.test(nit)) return undefined;
	let sum = 0;
	for (let i = 0; i < nit.length; i++) {
		sum += Number(nit[nit.length - 1 - i]) * WEIGHTS[i];
	}
	const remainder = sum % 11;
	return String(remainder > 1 ? 11 - remainder : remainder);
}
