/**
 * The order's buyer → the neutral receiver: the tax ID from where the shop keeps it (note attribute,
 * billing company field, or a value), read and typed by the profile's country rules (`taxIds`), the
 * legal or personal name, contact details, and the provider's final consumer when there is no tax ID.
 */
import { z } from 'zod';

import type { ValidationProblem } from '../errors';
import type { AnyCustomer } from '../invoice/model';
import type { ParsedTaxId } from '../country/taxId';

import type { MappingResult, ShopifyMappingOptions, TaxIdSource } from './options';
import type { ShopifyProfile } from './profile';
import type { ShopifyOrder } from './schema';

function normaliseName(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase();
}

/** A note attribute's value, the name matched without case or accents. */
export function noteAttribute(order: ShopifyOrder, name: string): string | undefined {
	const wanted = normaliseName(name);
	const found = (order.note_attributes ?? []).find((a) => normaliseName(a.name) === wanted);
	if (!found || found.value === null || found.value === undefined) return undefined;
	const value = String(found.value).trim();
	return value === '' ? undefined : value;
}

/** What is left of a company field once its ID and the usual labels are removed, if it still names someone. */
function companyName(text: string | null | undefined, parsed?: ParsedTaxId): string | undefined {
	if (!text) return undefined;
	const rest = (parsed ? parsed.rest : text)
		.replace(/\b(NIT|C\.?\s?C\.?|CC|C[EÉ]DULA|DUI|NRC|DV|No\.?|N[°º])\b[:.#\s-]*/gi, ' ')
		.replace(/[,;:#-]+\s*$/g, '')
		.replace(/^\s*[,;:#-]+/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	return /[A-Za-zÀ-ÿ]{2,}/.test(rest) ? rest : undefined;
}

function personName(order: ShopifyOrder): string | undefined {
	const candidates = [
		order.billing_address?.name,
		[order.billing_address?.first_name, order.billing_address?.last_name].filter(Boolean).join(' '),
		[order.customer?.first_name, order.customer?.last_name].filter(Boolean).join(' '),
		order.shipping_address?.name,
	];
	return candidates.map((c) => c?.trim()).find((c): c is string => !!c);
}

const emailSchema = z.string().email();

/** Where the tax ID was looked for and what was found there. */
function taxIdText(order: ShopifyOrder, source: TaxIdSource): { raw?: string; where: string } {
	if (source.kind === 'noteAttribute') return { raw: noteAttribute(order, source.name), where: `note attribute "${source.name}"` };
	if (source.kind === 'billingCompany') return { raw: order.billing_address?.company?.trim() || undefined, where: 'billing company field' };
	const raw = source.value === null || source.value === undefined ? undefined : String(source.value).trim() || undefined;
	return { raw, where: 'given tax ID value' };
}

/** E-mail, phone, address and place of the buyer: what every receiver gets, identified or not. */
function contactOf(order: ShopifyOrder, options: ShopifyMappingOptions, warnings: string[]): Partial<AnyCustomer> {
	const billing = order.billing_address ?? undefined;
	const email = [order.email, order.contact_email, order.customer?.email].map((e) => e?.trim()).find((e): e is string => !!e);
	const validEmail = email && emailSchema.safeParse(email).success ? email : undefined;
	if (email && !validEmail) warnings.push(`The e-mail "${email}" is not valid and is left out.`);
	const phone = [billing?.phone, order.phone, order.customer?.phone].map((p) => p?.trim()).find((p): p is string => !!p);
	const address = [billing?.address1, billing?.address2, billing?.city].map((p) => p?.trim()).filter(Boolean).join(', ') || undefined;
	const municipality = (billing && options.municipalityFor?.(billing)) || options.defaults?.municipality;
	const department = options.defaults?.department;
	return {
		...(validEmail ? { email: validEmail } : {}),
		...(phone ? { phone } : {}),
		...(address ? { address } : {}),
		...(municipality ? { municipality } : {}),
		...(department ? { department } : {}),
		...(billing?.country_code ? { country: billing.country_code } : {}),
	};
}

export interface MappedCustomer {
	customer: AnyCustomer;
	source: MappingResult['customerSource'];
}

/** No tax ID: the provider's final consumer, or a problem when the document needs the buyer's tax ID. */
function withoutTaxId(order: ShopifyOrder, profile: ShopifyProfile, options: ShopifyMappingOptions, where: string, contact: Partial<AnyCustomer>, problems: ValidationProblem[], warnings: string[]): MappedCustomer {
	const fc = profile.finalConsumer;
	if (!fc) {
		problems.push({ path: 'customer.idNumber', message: `${profile.label} needs the buyer's tax ID (NIT) and there is none in the ${where}` });
		return { customer: { name: companyName(order.billing_address?.company) ?? personName(order) ?? 'Cliente', ...contact }, source: 'none' };
	}
	warnings.push(`No tax ID in the ${where}: invoiced to the final consumer${fc.idNumber ? ` (${fc.idNumber})` : ' without a receiver document'}.`);
	const responsibilities = options.defaults?.taxResponsibilities ?? profile.taxIds.defaultResponsibilities;
	const clientId = options.defaults?.finalConsumerClientId;
	return {
		customer: {
			...(fc.idType ? { idType: fc.idType } : {}),
			...(fc.idNumber ? { idNumber: fc.idNumber } : {}),
			name: fc.name,
			personType: 'natural',
			...contact,
			...(responsibilities ? { taxResponsibilities: responsibilities } : {}),
			...(clientId ? { providerId: clientId } : {}),
		},
		source: 'finalConsumer',
	};
}

/** The country's registration number (an NRC) from its note attribute; a problem when the document needs one. */
function registrationOf(order: ShopifyOrder, profile: ShopifyProfile, options: ShopifyMappingOptions, problems: ValidationProblem[]): string | undefined {
	const registration = profile.taxIds.registration;
	if (!registration) return undefined;
	const attribute = options.nrcNoteAttribute ?? registration.name;
	const digits = noteAttribute(order, attribute)?.replace(/\D/g, '') || undefined;
	if (profile.requiresNrc && (!digits || !registration.isValid(digits))) {
		problems.push({ path: `customer.${registration.field}`, message: `${profile.label} needs the buyer's ${registration.name} (${registration.format}) in the note attribute "${attribute}"` });
	}
	return digits;
}

/** The order's buyer → the neutral receiver (see the file comment). */
export function mapCustomer(order: ShopifyOrder, profile: ShopifyProfile, options: ShopifyMappingOptions, problems: ValidationProblem[], warnings: string[]): MappedCustomer {
	const source: TaxIdSource = options.taxIdSource ?? { kind: 'noteAttribute', name: 'NIT' };
	const { raw, where } = taxIdText(order, source);
	const parsed = raw ? profile.taxIds.parse(raw) : undefined;
	if (raw && !parsed) warnings.push(`The ${where} ("${raw}") contains no identification number.`);
	const contact = contactOf(order, options, warnings);
	if (!raw || !parsed) return withoutTaxId(order, profile, options, where, contact, problems, warnings);

	const id = profile.taxIds.identify(parsed, { codes: profile.idTypes, idType: options.idTypeForTaxId, preferTaxId: profile.requiresNrc, raw });
	problems.push(...id.problems);
	warnings.push(...id.warnings);
	const company = companyName(order.billing_address?.company, source.kind === 'billingCompany' ? parsed : undefined);
	// A personal ID (cédula, DUI) names a person even when the billing company field is filled in.
	const legalName = id.idType === profile.idTypes.personalId ? undefined : company;
	const name = legalName ?? personName(order) ?? company;
	if (!name) problems.push({ path: 'customer.name', message: 'the order has no billing name, company or customer name' });
	const nrc = registrationOf(order, profile, options, problems);
	const defaults = options.defaults ?? {};
	const responsibilities = defaults.taxResponsibilities ?? profile.taxIds.defaultResponsibilities;
	return {
		customer: {
			idType: id.idType,
			idNumber: id.idNumber,
			...(id.dv !== undefined ? { dv: id.dv } : {}),
			name: name ?? '',
			personType: legalName ? 'legal' : 'natural',
			...contact,
			...(responsibilities ? { taxResponsibilities: responsibilities } : {}),
			...(defaults.taxScheme ? { taxScheme: defaults.taxScheme } : {}),
			...(nrc ? { nrc } : {}),
			...(defaults.economicActivity ? { economicActivity: defaults.economicActivity } : {}),
		},
		source: source.kind,
	};
}
