/**
 * What a country's rules say about a buyer's tax ID, as one interface the Shopify mapper (and any other
 * source of free-text IDs) calls without knowing the country: `country/colombia.ts` and
 * `country/elSalvador.ts` implement it, and a provider profile names the one it uses.
 */
import type { ValidationProblem } from '../errors';

/** An identification number found in free text ("NIT 900.123.456-7"). */
export interface ParsedTaxId {
	/** The number's digits, without separators or check digit. */
	digits: string;
	/** A check digit written after a hyphen, when the country's IDs have one. */
	dv?: string;
	/** Text around the number (e.g. a company name written next to its NIT). */
	rest: string;
}

/** The provider's codes for the two kinds of ID a shop's customer gives. */
export interface IdTypeCodes {
	/** A business tax ID (Colombia NIT, El Salvador NIT). */
	taxId: string;
	/** A person's ID (cédula, DUI). */
	personalId: string;
}

export interface IdentifyOptions {
	/** The provider's ID-type codes. */
	codes: IdTypeCodes;
	/** A type the user chose; otherwise it is decided from the number. */
	idType?: string;
	/** The document must identify its receiver by the tax ID even when a personal ID also qualifies. */
	preferTaxId: boolean;
	/** The text the number was found in, for messages. */
	raw: string;
}

/** The receiver's identification as the provider gets it, with what is wrong or was completed. */
export interface Identified {
	idType: string;
	idNumber: string;
	dv?: string;
	problems: ValidationProblem[];
	warnings: string[];
}

/** A second registry number some countries need on a document (El Salvador's NRC). */
export interface Registration {
	/** The neutral customer field it goes to. */
	field: 'nrc';
	/** What people call it ("NRC"), also the default note-attribute name. */
	name: string;
	/** Whether the number's digits are a valid one. */
	isValid(digits: string): boolean;
	/** What a valid one looks like, for messages ("2 to 8 digits"). */
	format: string;
}

export interface TaxIdRules {
	/** ISO 3166 code of the country. */
	country: string;
	/** How the UI names the IDs a buyer gives ("NIT or cédula"). */
	words: string;
	/** UI help for "Decide From the Number". */
	decideHelp: string;
	/** Finds an identification number in free text; undefined when there is none. */
	parse(raw: string): ParsedTaxId | undefined;
	/** Types and checks a parsed number for a provider's codes. */
	identify(parsed: ParsedTaxId, options: IdentifyOptions): Identified;
	/** Fiscal responsibilities given to a buyer when the shop states none (DIAN's R-99-PN), if the country has them. */
	defaultResponsibilities?: string[];
	registration?: Registration;
}
