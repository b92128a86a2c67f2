/**
 * The cent selection: how each Shopify line is written in the provider's terms (unit price, discount,
 * quantity split) so that the provider's own arithmetic — `documentTotals` with the profile's rule —
 * reproduces what the customer paid, to the cent; or exactly why it cannot.
 */
import { Dec } from '../decimal';
import type { LineAmounts, MoneyLine, Totals } from '../invoice/money';
import { documentTotals, lineAmounts } from '../invoice/money';

import type { ShopifyMappingOptions } from './options';
import type { ShopifyProfile } from './profile';
import type { SourceLine } from './read';
import { CENT, fmt, HUNDRED, unitOf } from './read';

interface Part {
	quantity: Dec;
	unitPrice: Dec;
	discountRate?: Dec;
	discountAmount?: Dec;
}

type How = 'list' | 'listDiscountAmount' | 'listDiscountRate' | 'listRoundedDiscount' | 'netPrice' | 'roundedDiscount' | 'split' | 'approximate';

interface Representation {
	parts: Part[];
	how: How;
}

function partAmounts(part: Part, rate: Dec, excluded: boolean, profile: ShopifyProfile): LineAmounts {
	return lineAmounts(
		{
			quantity: part.quantity,
			unitPrice: part.unitPrice,
			taxRate: rate,
			discountRate: part.discountRate,
			discountAmount: part.discountAmount,
			taxExcluded: excluded,
		},
		profile,
	);
}

/** The amount a provider derives a line from: its total when prices include tax, else its taxable base. */
function baseOf(parts: Part[], rate: Dec, excluded: boolean, profile: ShopifyProfile): Dec {
	return parts.reduce((sum, p) => {
		const a = partAmounts(p, rate, excluded, profile);
		return sum.add(profile.pricesIncludeTax ? a.total : a.taxable);
	}, Dec.zero);
}

function ceilTo(value: Dec, decimals: number): Dec {
	const down = value.round(decimals, 'down');
	return down.eq(value) ? down : down.add(unitOf(decimals));
}

/**
 * Finds unit price / discount / quantity split so that the provider's own arithmetic yields exactly `target`
 * (the line total when prices include tax, the taxable base otherwise). In order of preference:
 * 1. Shopify's unit price (in the provider's basis), with the discount as an amount or as a rate;
 * 2. for a discounted line, Shopify's unit price rounded up to the provider's precision, the discount amount
 *    absorbing the fraction;
 * 3. the discount folded into the unit price (target ÷ quantity is representable);
 * 4. the folded unit price rounded up and the remainder as a discount amount (discounted lines only);
 * 5. the line split in two: (q − 1) units at ⌊target ÷ q⌋ and one unit taking the leftover cents.
 * High-precision providers (8 decimals per item, 2 in the summary) accept a residue below their own
 * precision: the summary check decides there.
 */
function represent(
	target: Dec,
	quantity: number,
	list: Dec | undefined,
	hasDiscount: boolean,
	rate: Dec,
	excluded: boolean,
	profile: ShopifyProfile,
): Representation | undefined {
	if (target.isNegative()) return undefined;
	const pd = profile.priceDecimals;
	const d = profile.lineDecimals;
	const near = d > profile.summaryDecimals;
	const q = Dec.of(quantity);
	const tolerance = near ? q.mul(unitOf(d)) : Dec.zero;
	const fits = (parts: Part[]) => baseOf(parts, rate, excluded, profile).sub(target).abs().cmp(tolerance) <= 0;
	const attempt = (parts: Part[], how: How): Representation | undefined => (fits(parts) ? { parts, how } : undefined);

	if (list && !list.isNegative()) {
		const listPrice = near ? list.round(pd) : list.round(pd).eq(list) ? list : undefined;
		if (listPrice) {
			const gross = q.mul(listPrice);
			const plain = attempt([{ quantity: q, unitPrice: listPrice }], 'list');
			if (plain) return plain;
			const off = gross.sub(target);
			if (off.cmp(0) > 0) {
				if (profile.discount.amount) {
					const amount = off.round(d);
					const r = attempt([{ quantity: q, unitPrice: listPrice, discountAmount: amount }], 'listDiscountAmount');
					if (r) return r;
				}
				if (profile.discount.rateDecimals !== null && gross.cmp(0) > 0) {
					const pct = off.div(gross).mul(HUNDRED).round(profile.discount.rateDecimals);
					if (pct.cmp(0) > 0 && pct.cmp(HUNDRED) <= 0) {
						const r = attempt([{ quantity: q, unitPrice: listPrice, discountRate: pct }], 'listDiscountRate');
						if (r) return r;
					}
				}
			}
		}
	}
	if (list && hasDiscount && profile.discount.amount && !list.isNegative()) {
		// Shopify's unit price is not a whole cent in the provider's basis (59 900 ÷ 1.19): round it up and let
		// the discount amount — which the line has anyway — absorb the fraction.
		const price = ceilTo(list, pd);
		const amount = q.mul(price).sub(target).round(d);
		if (!amount.isNegative()) {
			const r = attempt([{ quantity: q, unitPrice: price, discountAmount: amount }], 'listRoundedDiscount');
			if (r) return r;
		}
	}
	const unit = target.div(q);
	if (unit.round(pd).eq(unit) || near) {
		const r = attempt([{ quantity: q, unitPrice: unit.round(pd) }], 'netPrice');
		if (r) return r;
	}
	if (hasDiscount && profile.discount.amount) {
		const price = ceilTo(unit, pd);
		const r = attempt([{ quantity: q, unitPrice: price, discountAmount: q.mul(price).sub(target).round(d) }], 'roundedDiscount');
		if (r) return r;
	}
	if (quantity >= 2) {
		const low = unit.round(pd, 'down');
		const rest = target.sub(low.mul(quantity - 1));
		const r = attempt(
			[
				{ quantity: Dec.of(quantity - 1), unitPrice: low },
				{ quantity: Dec.of(1), unitPrice: rest },
			],
			'split',
		);
		if (r) return r;
	}
	return undefined;
}

/* ------------------------------------------------------------------------------------------------ */
/* Choosing representations for the whole document                                                  */
/* ------------------------------------------------------------------------------------------------ */

export interface Chosen {
	source: SourceLine;
	rep: Representation;
	/** The target actually represented (may differ from Shopify's by a compensating cent). */
	target: Dec;
}

/** Shopify's unit price in the provider's basis (exact; may have more decimals than the provider takes). */
function listPriceFor(source: SourceLine, profile: ShopifyProfile, taxesIncluded: boolean): Dec {
	if (profile.pricesIncludeTax === taxesIncluded) return source.unitPrice;
	const factor = Dec.of(1).add(source.rate.div(HUNDRED));
	return profile.pricesIncludeTax ? source.unitPrice.mul(factor) : source.unitPrice.div(factor);
}

function targetOf(source: SourceLine, profile: ShopifyProfile): Dec {
	return profile.pricesIncludeTax ? source.total : source.net;
}

interface TotalsRow {
	amounts: LineAmounts;
	rate: Dec;
	excluded: boolean;
}

function rowsOf(chosen: Chosen[], profile: ShopifyProfile): TotalsRow[] {
	return chosen.flatMap((c) =>
		c.rep.parts.map((p) => ({ amounts: partAmounts(p, c.source.rate, c.source.excluded, profile), rate: c.source.rate, excluded: c.source.excluded })),
	);
}

/** The chosen representation as the money engine's lines. */
function moneyLines(chosen: Chosen[]): MoneyLine[] {
	return chosen.flatMap((c) =>
		c.rep.parts.map((p) => ({
			quantity: p.quantity,
			unitPrice: p.unitPrice,
			taxRate: c.source.rate,
			discountRate: p.discountRate,
			discountAmount: p.discountAmount,
			taxExcluded: c.source.excluded,
		})),
	);
}

/** The document totals exactly as the provider computes them (the shared money engine, the profile's rule). */
function totalsOf(chosen: Chosen[], profile: ShopifyProfile): Totals {
	return documentTotals(moneyLines(chosen), profile);
}

function lineTotal(parts: Part[], rate: Dec, excluded: boolean, profile: ShopifyProfile): Dec {
	return parts.reduce((sum, p) => sum.add(partAmounts(p, rate, excluded, profile).total), Dec.zero);
}

function fallbackRep(target: Dec, source: SourceLine, profile: ShopifyProfile): Representation {
	const price = target.isNegative() ? Dec.zero : target.div(source.quantity).round(profile.priceDecimals);
	return { parts: [{ quantity: Dec.of(source.quantity), unitPrice: price }], how: 'approximate' };
}

export interface Selection {
	chosen: Chosen[];
	/** Deliberate deviations from Shopify's per-line figures, for the notes. */
	info: string[];
	/** Lines that could not be expressed exactly. */
	issues: string[];
}

interface Candidate {
	rep: Representation;
	target: Dec;
	/** Cents the line's total (with tax) moves away from Shopify's. */
	delta: number;
	cost: number;
}

/** Shifts (in cents) a line's net amount may take; cheaper first. */
const OFFSETS = [0, -1, 1, -2, 2];
/** Largest accumulated difference (cents) the selection follows; beyond it no combination can come back. */
const MAX_DRIFT = 60;

/** Two parts round their IVA separately, which reaches totals a single line cannot. */
function splitReps(target: Dec, s: SourceLine, profile: ShopifyProfile): Representation[] {
	if (s.quantity < 2 || target.isNegative()) return [];
	const low = target.div(s.quantity).round(profile.priceDecimals, 'down');
	const reps: Representation[] = [];
	for (const k of [0, 1]) {
		const price = low.sub(CENT.mul(k));
		const rest = target.sub(price.mul(s.quantity - 1));
		if (price.isNegative() || rest.isNegative()) continue;
		reps.push({
			parts: [
				{ quantity: Dec.of(s.quantity - 1), unitPrice: price },
				{ quantity: Dec.of(1), unitPrice: rest },
			],
			how: 'split',
		});
	}
	return reps;
}

/** Every way to write one line with its net amount moved by at most two cents, with its cost. */
function centCandidates(s: SourceLine, profile: ShopifyProfile, taxesIncluded: boolean): Candidate[] {
	const list: Candidate[] = [];
	const base = targetOf(s, profile);
	for (const o of OFFSETS) {
		const target = base.add(CENT.mul(o));
		const rep = represent(target, s.quantity, listPriceFor(s, profile, taxesIncluded), !s.discount.isZero(), s.rate, s.excluded, profile);
		for (const r of [...(rep ? [rep] : []), ...splitReps(target, s, profile)]) {
			if (!baseOf(r.parts, s.rate, s.excluded, profile).eq(target)) continue;
			const delta = Number(lineTotal(r.parts, s.rate, s.excluded, profile).sub(s.total).div(CENT).toString());
			if (Math.abs(delta) > 3) continue;
			list.push({ rep: r, target, delta, cost: Math.abs(o) * 10 + (r.parts.length - 1) * 3 + (r.how === 'roundedDiscount' || r.how === 'netPrice' ? 1 : 0) });
		}
	}
	if (list.length === 0) {
		const rep = fallbackRep(base, s, profile);
		const delta = Number(lineTotal(rep.parts, s.rate, s.excluded, profile).sub(s.total).div(CENT).round(0).toString());
		list.push({ rep, target: base, delta, cost: 1000 });
	}
	return list;
}

/**
 * The cheapest pick per line whose summed delta is zero (or, with the Rounding Line option, a shortfall
 * of at most `allowShortfall` cents); undefined when every combination drifts beyond MAX_DRIFT cents.
 */
function cheapestPicks(candidates: Candidate[][], allowShortfall: number): number[] | undefined {
	type State = { cost: number; picks: number[] };
	let states = new Map<number, State>([[0, { cost: 0, picks: [] }]]);
	for (const options of candidates) {
		const next = new Map<number, State>();
		for (const [sum, state] of states) {
			options.forEach((c, k) => {
				const s = sum + c.delta;
				if (Math.abs(s) > MAX_DRIFT) return;
				const cost = state.cost + c.cost;
				const existing = next.get(s);
				if (!existing || existing.cost > cost) next.set(s, { cost, picks: [...state.picks, k] });
			});
		}
		states = next;
	}
	const score = (s: number) => (s === 0 ? 0 : s < 0 && -s <= allowShortfall ? 1 + -s : 1000 + Math.abs(s));
	const ranked = [...states.entries()].sort(([a, sa], [b, sb]) => score(a) - score(b) || sa.cost - sb.cost || a - b);
	return ranked.length > 0 ? ranked[0][1].picks : undefined;
}

/**
 * No combination reaches the order: a line's tax is not its rate applied to its net amount (Shopify charged
 * another tax, or the rate is not the one charged). The provider computes the tax from the rate, so the
 * document cannot equal what the customer paid: say which line and why.
 */
function unreachable(sources: SourceLine[], profile: ShopifyProfile): Selection {
	const issues: string[] = [];
	for (const s of sources) {
		const expected = s.excluded ? Dec.zero : s.net.percent(s.rate).round(2);
		if (expected.sub(s.tax).abs().cmp(CENT) <= 0) continue;
		issues.push(
			`"${s.description}": Shopify charged ${fmt(s.tax)} of tax on a net amount of ${fmt(s.net)}, which is not its ${s.rate.toString()} % rate (that would be ${fmt(expected)}); ${profile.label} computes the tax from the rate, so the document cannot equal what the customer paid.`,
		);
	}
	if (issues.length === 0) {
		issues.push(`The order's line taxes cannot be reproduced with ${profile.label}'s tax computed on each line's net amount rounded to the cent, so the document cannot equal what the customer paid.`);
	}
	const chosen = sources.map((source) => ({ source, rep: fallbackRep(targetOf(source, profile), source, profile), target: targetOf(source, profile) }));
	return { chosen, info: [], issues };
}

/**
 * Two-decimal providers with prices before tax compute IVA per line on a net amount in cents, so some totals
 * are unreachable for a single line (e.g. 59 900 with 19 % included: 50 336.13 → 59 899.99, 50 336.14 →
 * 59 900.01). Each line may move its net amount by up to two cents; a small dynamic programme picks the
 * cheapest combination whose document total equals the order's (cost: moved cents first, then split lines).
 */
function selectCents(sources: SourceLine[], profile: ShopifyProfile, taxesIncluded: boolean, allowShortfall: number): Selection {
	const candidates = sources.map((s) => centCandidates(s, profile, taxesIncluded));
	const picks = cheapestPicks(candidates, allowShortfall);
	if (!picks) return unreachable(sources, profile);
	const chosen = sources.map((source, i) => {
		const c = candidates[i][picks[i]];
		return { source, rep: c.rep, target: c.target };
	});
	const info: string[] = [];
	for (const c of chosen) {
		const moved = c.target.sub(targetOf(c.source, profile));
		if (moved.isZero()) continue;
		info.push(
			`${profile.label} computes IVA on each line's net amount rounded to the cent: "${c.source.description}" is invoiced with a net of ${fmt(c.target)} instead of ${fmt(targetOf(c.source, profile))} (${fmt(lineTotal(c.rep.parts, c.source.rate, c.source.excluded, profile))} with tax, Shopify ${fmt(c.source.total)}) so that the document total equals the order total.`,
		);
	}
	return { chosen, info, issues: [] };
}

/** Sums of the chosen rows the summary rounds (taxable, taxed, exempt, tax, total). */
interface SummarySums {
	taxable: Dec;
	taxed: Dec;
	exempt: Dec;
	tax: Dec;
	total: Dec;
}

function summarySums(chosen: Chosen[], profile: ShopifyProfile): SummarySums {
	const rows = rowsOf(chosen, profile);
	const untaxed = (x: TotalsRow) => x.excluded || x.rate.isZero();
	return {
		taxable: Dec.sum(rows.map((x) => x.amounts.taxable)),
		taxed: Dec.sum(rows.filter((x) => !untaxed(x)).map((x) => x.amounts.taxable)),
		exempt: Dec.sum(rows.filter(untaxed).map((x) => x.amounts.total)),
		tax: Dec.sum(rows.map((x) => x.amounts.tax)),
		total: Dec.sum(rows.map((x) => x.amounts.total)),
	};
}

/**
 * Shifts of one line's target that cross a rounding boundary of a summed quantity: the points just past
 * each boundary and the middles between them, smallest first.
 */
function summaryShifts(c: Chosen, sums: SummarySums, profile: ShopifyProfile): Dec[] {
	const s = profile.summaryDecimals;
	const cent = unitOf(s);
	const d = profile.lineDecimals;
	const zero = c.source.excluded || c.source.rate.isZero();
	const rate = zero ? Dec.zero : c.source.rate.div(HUNDRED);
	// How each summed quantity moves per unit of the line's target (its total, or its net amount).
	const dTaxable = profile.pricesIncludeTax ? Dec.of(1).div(rate.add(1)) : Dec.of(1);
	const dTax = profile.pricesIncludeTax ? rate.div(rate.add(1)) : rate;
	const dTotal = profile.pricesIncludeTax ? Dec.of(1) : rate.add(1);
	const margin = unitOf(d).mul(c.source.quantity + 1);
	const points: Dec[] = [];
	for (const [value, slope] of [
		[sums.taxable, dTaxable],
		[zero ? sums.exempt : sums.taxed, zero ? dTotal : dTaxable],
		[sums.tax, dTax],
		[sums.total, dTotal],
	] as const) {
		if (slope.isZero()) continue;
		for (let k = -6; k <= 6; k++) {
			const x = value.round(s).add(cent.mul(k)).add(cent.div(2)).sub(value).div(slope);
			points.push(x.add(margin).round(d), x.sub(margin).round(d));
		}
	}
	const sorted = points.sort((a, b) => a.cmp(b));
	return [...sorted, ...sorted.slice(1).map((x, i) => x.add(sorted[i]).div(2).round(d))]
		.filter((x) => !x.isZero() && x.abs().cmp('0.06') <= 0)
		.sort((a, b) => a.abs().cmp(b.abs()) || a.cmp(b));
}

interface Trial {
	j: number;
	step: Dec;
	trial: Chosen[];
	gap: Dec;
}

/**
 * Providers that keep 8 decimals per item and round only the summary: every line is represented at Shopify's
 * figures; if the summary rounding lands a cent or two away from the order total, one line's amount moves by
 * the smallest fraction that makes it land exactly. The candidate shifts are the points just past each
 * rounding boundary of the summed quantities (taxable, taxed, exempt, tax, total) and the middles between
 * them, so a window of a few ten-thousandths is found as surely as a wide one. With the Rounding Line option
 * a total up to `shortfall` below the order's is accepted when no exact one exists (the line adds the rest).
 */
function adjustSummary(chosen: Chosen[], expected: Dec, profile: ShopifyProfile, taxesIncluded: boolean, shortfall: Dec): string | undefined {
	if (chosen.length === 0) return undefined;
	const current = totalsOf(chosen, profile).total;
	if (current.eq(expected) || current.sub(expected).abs().cmp('0.05') > 0) return undefined;
	const sums = summarySums(chosen, profile);
	const s = profile.summaryDecimals;
	const cent = unitOf(s);
	const byAmount = [...chosen.keys()].sort((a, b) => chosen[b].target.cmp(chosen[a].target) || a - b).slice(0, 5);
	const goals = [expected];
	for (let k = 1; cent.mul(k).cmp(shortfall) <= 0; k++) goals.push(expected.sub(cent.mul(k)));
	// Failing every goal, the closest total (under rather than over) is still better than where we started.
	let closest: Trial | undefined;
	const rank = (gap: Dec) => gap.abs().mul(2).add(gap.isNegative() ? 0 : '0.001');
	const describe = (c: Chosen, step: Dec, outcome: string) =>
		`${profile.label} rounds only its document totals to the cent: "${c.source.description}" carries ${step.isNegative() ? '' : '+'}${step.toString()} on its ${
			profile.pricesIncludeTax ? 'total' : 'net amount'
		} so that the document total ${outcome}.`;
	for (const goal of goals) {
		for (const j of byAmount) {
			const c = chosen[j];
			for (const step of summaryShifts(c, sums, profile)) {
				const target = c.target.add(step);
				const rep = represent(target, c.source.quantity, listPriceFor(c.source, profile, taxesIncluded), !c.source.discount.isZero(), c.source.rate, c.source.excluded, profile);
				if (!rep) continue;
				const trial = chosen.map((x, i) => (i === j ? { ...x, rep, target } : x));
				const total = totalsOf(trial, profile).total;
				if (!total.eq(goal)) {
					const gap = total.sub(expected);
					if (!closest || rank(gap).cmp(rank(closest.gap)) < 0) closest = { j, step, trial, gap };
					continue;
				}
				chosen[j] = trial[j];
				return describe(c, step, goal.eq(expected) ? 'equals the order total' : `is ${fmt(goal, s)} and the rounding line adds the rest`);
			}
		}
	}
	if (closest && rank(closest.gap).cmp(rank(current.sub(expected))) < 0) {
		const c = chosen[closest.j];
		chosen[closest.j] = closest.trial[closest.j];
		return describe(c, closest.step, `is the closest it can reach (${fmt(closest.gap, s)})`);
	}
	return undefined;
}

/** Each source line written in the provider's terms, with what deviates from Shopify's figures and why. */
export function selectLines(sources: SourceLine[], profile: ShopifyProfile, taxesIncluded: boolean, options: ShopifyMappingOptions): Selection {
	const exactCents = profile.lineDecimals <= profile.summaryDecimals;
	const shortfall = options.roundingLine ? sources.length : 0;
	if (exactCents && !profile.pricesIncludeTax) return selectCents(sources, profile, taxesIncluded, shortfall);

	const info: string[] = [];
	const issues: string[] = [];
	const chosen: Chosen[] = sources.map((source) => {
		const target = targetOf(source, profile);
		const rep =
			represent(target, source.quantity, listPriceFor(source, profile, taxesIncluded), !source.discount.isZero(), source.rate, source.excluded, profile) ??
			fallbackRep(target, source, profile);
		if (rep.how === 'approximate') issues.push(`"${source.description}" (${fmt(source.total)}) cannot be expressed exactly with ${profile.label}'s prices and quantities.`);
		return { source, rep, target };
	});
	if (!exactCents) {
		const expected = sources.reduce((acc, s) => acc.add(s.total), Dec.zero);
		const note = adjustSummary(chosen, expected, profile, taxesIncluded, CENT.mul(shortfall));
		if (note) info.push(note);
	}
	return { chosen, info, issues };
}

/** A note for a line written differently from Shopify's own figures, if any. */
export function describeRep(c: Chosen, profile: ShopifyProfile): string | undefined {
	const d = `"${c.source.description}"`;
	const price = (i: number) => c.rep.parts[i].unitPrice;
	switch (c.rep.how) {
		case 'netPrice':
			return c.source.discount.isZero()
				? undefined
				: `${d}: the discount (${fmt(c.source.discount)}) is folded into the unit price because ${profile.label} cannot express it exactly.`;
		case 'listRoundedDiscount':
			return `${d}: Shopify's unit price ${profile.pricesIncludeTax ? 'with' : 'without'} tax is ${fmt(price(0), profile.priceDecimals)} rounded up to the provider's precision; the discount (${fmt(c.rep.parts[0].discountAmount ?? Dec.zero, profile.priceDecimals)}) absorbs the fraction so the line total is exact.`;
		case 'roundedDiscount':
			return `${d}: unit price rounded up to ${fmt(price(0), profile.priceDecimals)} with the remainder as a discount, to reproduce the line total exactly.`;
		case 'split':
			return `${d}: split into ${c.rep.parts[0].quantity.toString()} + 1 unit(s) (${fmt(price(0), profile.priceDecimals)} and ${fmt(price(1), profile.priceDecimals)}) because ${fmt(c.target, profile.summaryDecimals)} ÷ ${c.source.quantity} is not a whole cent${c.source.discount.isZero() ? '' : ' (discount folded into the prices)'}.`;
		default:
			return undefined;
	}
}
