/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The Shopify fixtures (test/fixtures/shopify) as the integration tests use them: which provider
 * documents each one is in scope for, the settings a shop would have made for it, and what the node
 * must answer for the orders a provider cannot invoice exactly (the mapper's reason, nothing sent).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Dec } from '../../../nodes/shared/decimal';
import type { RunResult } from '../../harness';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are raw Shopify JSON */
export type Order = any;

const DIR = join(__dirname, '..', '..', 'fixtures', 'shopify');

const FIXTURES: Record<string, Order> = Object.fromEntries(
	readdirSync(DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(DIR, f), 'utf8'))]),
);

export const NAMES = Object.keys(FIXTURES);
export const COLOMBIA = NAMES.filter((n) => FIXTURES[n].currency === 'COP');
export const EL_SALVADOR = NAMES.filter((n) => FIXTURES[n].currency === 'USD');

/** A fresh copy of a fixture (tests may change it). */
export const order = (name: string): Order => JSON.parse(JSON.stringify(FIXTURES[name]));

/** Where each shop keeps the buyer's tax ID (the default is the note attribute "NIT"). */
export const TAX_ID_SETTINGS: Record<string, INodeParameters> = {
	'co-03-percentage-code-free-shipping': { shopifyTaxIdAttribute: 'cedula o nit' },
	'co-05-zero-rated-excluded-company-field': { shopifyTaxIdSource: 'billingCompany' },
	'co-19-automatic-discount-free-shipping-code-cedula': { shopifyTaxIdAttribute: 'Documento de identidad' },
	'co-20-b2b-hotel-long-titles-fixed-code': { shopifyTaxIdAttribute: 'NIT / Cédula' },
	'sv-37-dui-only-percentage-code': { shopifyTaxIdAttribute: 'DUI' },
};

const NO_NIT = /cannot be issued as a Factuconect Comprobante de Crédito Fiscal \(03\) invoice: customer\.idNumber: Factuconect Comprobante de Crédito Fiscal \(03\) needs the buyer's tax ID \(NIT\)/;
const NO_NRC = /cannot be issued as a Factuconect Comprobante de Crédito Fiscal \(03\) invoice: customer\.nrc: .* needs the buyer's NRC/;

/**
 * Every fixture × provider document the node refuses, with its reason (nothing is sent then); every other
 * one must be issued for exactly the order total. Colombia's 8 % INC is no IVA rate of Factus v1 or
 * FacEPro; 59 900 with 19 % IVA included has no net amount in cents FacEPro's per-line IVA rounds back to;
 * a fully refunded order has nothing left to invoice as it is now; a Crédito Fiscal needs the buyer's NIT
 * and NRC. The Factuconect Factura (01) issues every El Salvador fixture.
 */
export const REFUSED: Record<string, RegExp> = {
	'co-10-unsupported-rate-inc|Factus': /cannot become a Factus \(v1\) invoice that matches it: "Bandeja paisa" is taxed at 8 %, which Factus \(v1\) does not accept \(0, 5, 19 %\)/,
	'co-10-unsupported-rate-inc|FacEPro': /cannot become a FacEPro invoice that matches it: "Bandeja paisa" is taxed at 8 %, which FacEPro does not accept/,
	'co-16-single-unit-no-shipping|FacEPro': /cannot become a FacEPro invoice that matches it: The document total 59899\.99 differs from the order total 59900\.00 by -0\.01 COP/,
	'co-24-fully-refunded|Factus': /^The Shopify order has 1 problem; nothing was sent to Factus$/,
	'co-24-fully-refunded|FacEPro': /^The Shopify order has 1 problem; nothing was sent to FacEPro$/,
	'sv-12-final-consumer-incl|CCF': NO_NIT,
	'sv-14-rounding-stress-dui|CCF': NO_NRC,
	'sv-30-presentment-gtq-final-consumer|CCF': NO_NIT,
	'sv-36-final-consumer-gift-card|CCF': NO_NIT,
	'sv-37-dui-only-percentage-code|CCF': NO_NRC,
};

/** The per-field problems that come with a refusal (the fields of the error), where the message alone does not say it. */
export const REFUSED_FIELDS: Record<string, Record<string, string[]>> = {
	'co-24-fully-refunded': { 'order.line_items': ['nothing is left to invoice (every line was refunded or removed)'] },
};

/** How many fixtures each provider document must issue to the cent (the bar). */
export const AT_LEAST = { Factus: 16, FacEPro: 16, Factura: 16, CCF: 12 } as const;

/** A note attribute of a fixture, e.g. the buyer's NIT or NRC as the checkout collected it. */
export const attribute = (name: string, attributeName: string): string | undefined =>
	(FIXTURES[name].note_attributes as Array<{ name: string; value: string }>).find((a) => a.name === attributeName)?.value;

/** What the customer paid now (after refunds), the figure the document must equal. */
export const paid = (name: string): string => Dec.of(FIXTURES[name].current_total_price).toFixed(2);

export const money = (value: Dec | number | string | bigint): string =>
	typeof value === 'bigint' ? Dec.of(value).div(100).toFixed(2) : Dec.of(value).toFixed(2);

export const reference = (name: string): string => `shopify-${FIXTURES[name].id}`;

/** The error of a run as the user sees it. */
export function errorOf(run: RunResult): { message: string; description: string; fields: Record<string, string[]> } {
	const error = run.error as unknown as { message: string; description?: string; context?: { fields?: Record<string, string[]> } } | undefined;
	if (!error) throw new Error(`expected the run to fail, it output ${JSON.stringify(run.items.map((i) => i.json)).slice(0, 400)}`);
	return { message: error.message, description: error.description ?? '', fields: error.context?.fields ?? {} };
}

/** The `shopify` block of an output item. */
export const shopifyOf = (run: RunResult, index = 0) => run.items[index].json.shopify as IDataObject & { check: IDataObject; warnings: string[] };
