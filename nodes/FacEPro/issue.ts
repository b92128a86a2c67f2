/**
 * FacEPro's hooks for the shared issue protocol (nodes/shared/issue.ts) and its create operations.
 *
 * FacEPro's API has no reference field, so the node makes its own key before sending: it sets the issue
 * date and time (`factura.fecha` / `factura.hora`, Colombia time, to the second) itself and never lets two
 * creates of the same kind, customer ID and total hold the same second in this process (the second
 * waits for the next second). A document proves itself by its `tracking_id` and `numero_completo`.
 *
 * - After an ambiguous answer ('afterFailure') the document is looked for among that kind, customer and
 *   total whose `fecha_emision` is exactly the chosen second: exactly one → found; none → absent;
 *   several, an unreadable list or one that cannot be read to its end → unknown (never picks).
 * - On a later run with a used External Reference ('rerun') candidates of that kind, customer and total
 *   in the look-back window are judged with what the reference store recorded: a document recorded as
 *   this reference's (or issued at a second this reference's attempt chose) is the proof; documents
 *   recorded as another reference's are left out; exactly one unclaimed candidate → found, more → unknown.
 * - Opt-in ("Write External Reference on the Invoice"): the reference is appended to the first line and
 *   a candidate is proven by finding it in the document's signed XML (a bounded number of downloads).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from '../shared/sleep';

import { colombiaDate } from '../shared/country/colombia';
import { Dec } from '../shared/decimal';
import { validationError } from '../shared/errors';
import type { ApiResponse } from '../shared/http';
import { failureOf } from '../shared/http';
import { isKnown, remember } from '../shared/idempotency';
import type { DocumentProof, IssueHooks, IssueOutcome, Lookup, LookupMoment } from '../shared/issue';
import { definiteRefusal } from '../shared/issue';
import type { CreateSpec, Prepared } from '../shared/pipeline';
import { createOperation } from '../shared/pipeline';
import type { ItemOperation } from '../shared/runner';
import { asNodeError } from '../shared/runner';
import type { ShopifyMapping } from '../shared/shopify/ui';
import { SHOPIFY_ORDER_MODE, SHOPIFY_REFUND_MODE } from '../shared/shopify/ui';

import { readFields, readRelatedFields } from './input/fields';
import { readJson } from './input/json';
import { readShopify } from './input/shopify';
import type { DocumentKind } from './profile';
import { KIND_WORDS, kindOf } from './profile';
import { documentOutput } from './summary';
import { documentFrom, listAll, PATHS, PROVIDER, request } from './transport';
import { readTrackingId } from './ui/locators';
import { DEFAULT_TIMEOUT_SECONDS, TIMEOUT_OPTION, WRITE_REFERENCE_OPTION } from './ui/options';
import type { Draft, PreparedDocument } from './wire/rules';
import { prepareDraft } from './wire/rules';
import type { FacEProBody } from './wire/toBody';
import { referenceInXml, referenceTag } from './wire/toBody';

export type FacEProPrepared = PreparedDocument & Prepared<FacEProBody> & { timeoutMs: number; tagged: boolean };

/** Days back the 'rerun' lookup searches. */
export const LOOKBACK_DAYS = 30;
/** Amounts may differ by rounding between FacEPro and the local rule; a peso of slack. */
const TOTAL_TOLERANCE = Dec.of(1);
const PER_PAGE = 100;
const MAX_PAGES = 50;
/** Signed XMLs the opt-in lookup downloads at most per lookup. */
export const MAX_XML = 5;
const DAY_MS = 86_400_000;
const BOGOTA_OFFSET_MS = 5 * 3600 * 1000;

/* ------------------------------------------------------------------------------------------------ */
/* Reading an item                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

/** The invoice a note corrects, picked from FacEPro's list: its number, CUFE and date as FacEPro has them. */
async function pickedInvoice(ctx: IExecuteFunctions, i: number): Promise<IDataObject> {
	const trackingId = readTrackingId(ctx, i, 'referencedInvoice');
	const response = await request(ctx, { method: 'GET', path: PATHS.document(trackingId) }, { itemIndex: i, errorContext: { subject: `invoice with tracking ID ${trackingId}` } });
	const document = documentFrom(response.body);
	const problem = !document ? 'FacEPro answered without the document' : kindOf(document.tipo_documento) !== 'invoice' ? `is a ${KIND_WORDS[kindOf(document.tipo_documento)]}, not an invoice` : undefined;
	if (problem || !document) throw validationError(ctx.getNode(), PROVIDER, [{ path: 'Invoice', message: problem ?? '' }], i, 'note');
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
	return {
		...(text(document.numero_completo) ? { number: text(document.numero_completo) } : {}),
		...(text(document.cufe) ? { authorityId: text(document.cufe) } : {}),
		...(text(document.fecha_emision) ? { issueDate: String(document.fecha_emision).slice(0, 10) } : {}),
	};
}

async function relatedOf(ctx: IExecuteFunctions, i: number, kind: DocumentKind): Promise<IDataObject> {
	const typed = readRelatedFields(ctx, i);
	if (kind === 'invoice' || ctx.getNodeParameter('referenceBy', i, 'fields') !== 'document') return typed;
	// The reason stays as typed; the invoice's number, CUFE and date are FacEPro's.
	const reason: IDataObject = {};
	for (const key of ['reasonCode', 'reasonText']) if (typed[key] !== undefined) reason[key] = typed[key];
	return { ...(await pickedInvoice(ctx, i)), ...reason };
}

/** Reads and checks item `i` (any input mode); one validation error with every problem, before any request. */
export async function prepareDocument(ctx: IExecuteFunctions, i: number, kind: DocumentKind, sending: boolean): Promise<FacEProPrepared> {
	const mode = ctx.getNodeParameter('inputMode', i) as string;
	let draft: Draft;
	let shopify: ShopifyMapping | undefined;
	if (mode === SHOPIFY_ORDER_MODE || mode === SHOPIFY_REFUND_MODE) {
		const related = kind === 'invoice' ? {} : await relatedOf(ctx, i, kind);
		delete related.reasonCode;
		delete related.reasonText;
		({ draft, mapping: shopify } = readShopify(ctx, i, kind, related));
	} else if (mode === 'json') {
		draft = readJson(ctx, i, kind);
	} else {
		draft = readFields(ctx, i, kind);
		if (kind !== 'invoice') draft.raw.related = await relatedOf(ctx, i, kind);
	}
	const options = sending ? (ctx.getNodeParameter('options', i, {}) as IDataObject) : {};
	const reference = typeof draft.raw.externalReference === 'string' ? draft.raw.externalReference.trim() : '';
	const tagged = options[WRITE_REFERENCE_OPTION] === true && reference !== '';
	const seconds = Number(options[TIMEOUT_OPTION] ?? DEFAULT_TIMEOUT_SECONDS);
	if (!Number.isFinite(seconds) || seconds <= 0) draft.problems.push({ path: 'options.timeout', message: 'must be a number of seconds above 0', label: 'Options › Timeout (Seconds)' });
	const result = prepareDraft(draft, kind, { today: colombiaDate(), ...(tagged ? { referenceTag: reference } : {}) });
	if (!result.ok) throw validationError(ctx.getNode(), PROVIDER, result.problems, i, KIND_WORDS[kind]);
	return { ...result.document, ...(shopify ? { shopify } : {}), timeoutMs: Math.round(seconds * 1000), tagged };
}

/* ------------------------------------------------------------------------------------------------ */
/* The key: an issue second held in this process                                                     */
/* ------------------------------------------------------------------------------------------------ */

interface Moment {
	fecha: string;
	/** HH:mm:ss (Colombia time). */
	hora: string;
	/** Chosen by the node for now: no other create of this process has it. */
	exclusive: boolean;
	release(): void;
}

interface Held {
	busy: boolean;
	/** Epoch ms after which the entry may go (its second has passed, or a stuck holder's safety limit). */
	until: number;
	done: Promise<void>;
}

const held = new Map<string, Held>();
/** A holder that never released (it cannot happen through the protocol) frees its key after this. */
const HOLD_LIMIT_MS = 10 * 60_000;

function prune(now: number): void {
	for (const [key, entry] of held) if (now > entry.until && (!entry.busy || now > entry.until + HOLD_LIMIT_MS)) held.delete(key);
}

const colombiaTime = (epochMs: number) => new Date(epochMs - BOGOTA_OFFSET_MS).toISOString().slice(11, 19);

/**
 * The issue second of a create: `fecha` given or today, `hora` given or now. A second chosen by the node
 * that another create of the same kind, customer and total holds (or held) → the next second. A second
 * the user fixed → waits until the other create with it has ended (the lookup then tells them apart by
 * what existed before sending).
 */
async function holdMoment(base: string, prepared: FacEProPrepared): Promise<Moment> {
	for (;;) {
		const now = Date.now();
		prune(now);
		const today = colombiaDate(now);
		const fecha = prepared.invoice.issueDate ?? today;
		const hora = prepared.hora?.slice(0, 8) ?? colombiaTime(now);
		const exclusive = prepared.hora === undefined && fecha === today;
		const key = `${base}|${fecha}T${hora}`;
		const entry = held.get(key);
		// A second the user fixed is free again once the other create with it has ended.
		if (!entry || (!exclusive && !entry.busy)) {
			let free!: () => void;
			const mine: Held = { busy: true, until: (Math.floor(now / 1000) + 2) * 1000, done: new Promise<void>((resolve) => (free = resolve)) };
			held.set(key, mine);
			return {
				fecha,
				hora,
				exclusive,
				release: () => {
					mine.busy = false;
					free();
				},
			};
		}
		if (exclusive) await sleep(1000 - (now % 1000) + 5);
		else await Promise.race([entry.done, sleep(1000)]);
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* Candidates                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

/** Same kind, customer ID and total (±1 peso) as the document being issued. */
function isAlike(document: IDataObject, prepared: FacEProPrepared): boolean {
	if (kindOf(document.tipo_documento) !== prepared.kind) return false;
	const customer = (document.adquirente ?? document.adquiriente ?? {}) as IDataObject;
	if (String(customer.documento ?? customer.numero_documento ?? '').trim() !== prepared.body.adquiriente.numero_documento) return false;
	const total = ((document.totales ?? {}) as IDataObject).total;
	if ((typeof total !== 'number' && typeof total !== 'string') || !Dec.isDecimal(total)) return false;
	return Dec.of(total).sub(prepared.totals.totals.total).abs().cmp(TOTAL_TOLERANCE) <= 0;
}

/** `fecha_emision` as `YYYY-MM-DDTHH:mm:ss` in Colombia time (undefined when unreadable). */
function issuedAt(document: IDataObject): string | undefined {
	const value = document.fecha_emision;
	if (typeof value !== 'string') return undefined;
	const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(-05:00)?$/.exec(value.trim());
	if (local) return `${local[1]}T${local[2]}`;
	const at = Date.parse(value);
	return Number.isNaN(at) ? undefined : new Date(at - BOGOTA_OFFSET_MS).toISOString().slice(0, 19);
}

interface Walk {
	documents: IDataObject[];
	complete: boolean;
}

/** Alike documents issued from `desde` to `hasta` (newest first); `stop` ends the walk early. */
async function alikeDocuments(
	ctx: IExecuteFunctions,
	i: number,
	prepared: FacEProPrepared,
	range: { desde: string; hasta: string },
	keep: (document: IDataObject) => boolean | Promise<boolean> = () => true,
	stop: () => boolean = () => false,
): Promise<Walk> {
	const documents: IDataObject[] = [];
	const walk = await listAll(ctx, range, { perPage: PER_PAGE, maxPages: MAX_PAGES, itemIndex: i, timeoutMs: prepared.timeoutMs }, async (page) => {
		for (const document of page) {
			if (typeof document.tracking_id !== 'string' || !isAlike(document, prepared)) continue;
			if (await keep(document)) documents.push(document);
			if (stop()) return false;
		}
		return true;
	});
	return { documents, complete: walk.complete || stop() };
}

function proofOf(document: IDataObject | undefined): DocumentProof | undefined {
	if (!document) return undefined;
	const trackingId = document.tracking_id;
	const number = document.numero_completo;
	if (typeof trackingId !== 'string' || trackingId === '' || typeof number !== 'string' || number === '') return undefined;
	return { authorityId: trackingId, number, document };
}

const numbers = (documents: IDataObject[]) => documents.map((d) => String(d.numero_completo ?? d.tracking_id)).join(', ');

/* ------------------------------------------------------------------------------------------------ */
/* One sale                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

/** What the reference store records for FacEPro (namespaced; n8n hashes them). */
const facts = {
	/** Document X belongs to some External Reference. */
	document: (trackingId: string) => `facepro:doc:${trackingId}`,
	/** Document X belongs to reference R. */
	own: (trackingId: string, reference: string) => `facepro:doc:${trackingId}:${reference}`,
	/** Reference R's attempts record the second they chose (so an unrecorded candidate is not R's). */
	records: (kind: DocumentKind, reference: string) => `facepro:sent:${kind}:${reference}`,
	/** An attempt for reference R chose this issue second. */
	sent: (kind: DocumentKind, reference: string, at: string) => `facepro:sent:${kind}:${reference}:${at}`,
};

class Sale {
	private moment?: Moment;

	/** Alike documents at the chosen second before sending (only for a second the user fixed). */
	private before?: Set<string> | 'unknown';

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly i: number,
		private readonly prepared: FacEProPrepared,
	) {}

	private get reference(): string | undefined {
		return this.prepared.externalReference;
	}

	get at(): string | undefined {
		return this.moment ? `${this.moment.fecha}T${this.moment.hora}` : undefined;
	}

	/** "an invoice to JUAN PEREZ (ID 71234567) for 145775.00 COP" */
	describe(): string {
		const word = KIND_WORDS[this.prepared.kind];
		const { razon_social, numero_documento } = this.prepared.body.adquiriente;
		return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word} to ${razon_social} (ID ${numero_documento}) for ${this.prepared.totals.totals.total.toFixed(2)} COP`;
	}

	key(): string {
		const { numero_documento } = this.prepared.body.adquiriente;
		const base = `customer ID ${numero_documento} and total ${this.prepared.totals.totals.total.toFixed(2)} COP`;
		return this.moment ? `${base}, issued ${this.moment.fecha} ${this.moment.hora}` : base;
	}

	howToCheck(): string {
		const when = this.moment ? `issued on ${this.moment.fecha} at ${this.moment.hora} (Colombia time)` : `issued in the last ${LOOKBACK_DAYS} days`;
		const tag = this.prepared.tagged && this.reference ? ` whose first line ends with "${referenceTag(this.reference).trim()}"` : '';
		return `Look in FacEPro's portal for ${this.describe()} ${when}${tag}; if it exists, use it (Invoice → Get with its tracking ID).`;
	}

	facts(proof: DocumentProof): string[] {
		const reference = this.reference;
		if (!reference) return [];
		const out = [facts.document(proof.authorityId), facts.own(proof.authorityId, reference)];
		if (this.at) out.push(facts.records(this.prepared.kind, reference), facts.sent(this.prepared.kind, reference, this.at));
		return out;
	}

	release(): void {
		this.moment?.release();
	}

	async send(): Promise<ApiResponse> {
		const { prepared, ctx, i } = this;
		const { numero_documento } = prepared.body.adquiriente;
		this.moment = await holdMoment(`${prepared.kind}|${numero_documento}|${prepared.totals.totals.total.toFixed(2)}`, prepared);
		try {
			if (!this.moment.exclusive) this.before = await this.snapshot();
			const reference = this.reference;
			if (reference) {
				// Before sending: an answer lost now can still be tied to this reference by its second.
				await remember(ctx, [facts.records(prepared.kind, reference), facts.sent(prepared.kind, reference, this.at!)]);
			}
			const { factura, ...rest } = prepared.body;
			const body = { factura: { ...factura, fecha: this.moment.fecha, hora: `${this.moment.hora}-05:00` }, ...rest };
			return await request(
				ctx,
				{ method: 'POST', path: PATHS.create[prepared.kind], body: body as unknown as IDataObject, timeoutMs: prepared.timeoutMs },
				{ itemIndex: i, mutating: true, errorContext: { create: true, fieldPath: prepared.fieldName } },
			);
		} catch (error) {
			// A definite refusal (or a local error) is settled here: no lookup follows.
			const failure = failureOf(error);
			if (!failure || definiteRefusal(failure)) this.release();
			throw asNodeError(ctx, error, i);
		}
	}

	prove(answer: ApiResponse): DocumentProof | undefined {
		const body = answer.body as IDataObject | undefined;
		const proof = answer.bodyKind === 'json' && body?.ok !== false ? proofOf(documentFrom(body)) : undefined;
		if (proof) this.release();
		return proof;
	}

	async lookup(moment: LookupMoment): Promise<Lookup> {
		try {
			return moment === 'afterFailure' ? await this.afterFailure() : await this.rerun();
		} finally {
			if (moment === 'afterFailure') this.release();
		}
	}

	/** Alike documents at the fixed second before sending: they cannot be this sale's. */
	private async snapshot(): Promise<Set<string> | 'unknown'> {
		try {
			const walk = await alikeDocuments(this.ctx, this.i, this.prepared, { desde: this.moment!.fecha, hasta: this.moment!.fecha }, (d) => issuedAt(d) === this.at);
			return walk.complete ? new Set(walk.documents.map((d) => String(d.tracking_id))) : 'unknown';
		} catch {
			return 'unknown';
		}
	}

	/** Whose External Reference a candidate's signed XML carries (the opt-in). */
	private async xmlOf(document: IDataObject): Promise<ReturnType<typeof referenceInXml>> {
		const response = await request<Buffer>(
			this.ctx,
			{ method: 'GET', path: PATHS.xml(String(document.tracking_id)), binary: true, headers: { Accept: 'application/xml' }, timeoutMs: this.prepared.timeoutMs },
			{ itemIndex: this.i },
		);
		const text = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : String(response.body ?? '');
		return referenceInXml(text, this.reference ?? '', typeof document.numero_completo === 'string' ? document.numero_completo : undefined);
	}

	/** Another reference's document (recorded in the store), never this sale's. */
	private async claimedByOther(document: IDataObject): Promise<boolean> {
		const reference = this.reference;
		if (!reference) return false;
		const id = String(document.tracking_id);
		return (await isKnown(this.ctx, facts.document(id))) && !(await isKnown(this.ctx, facts.own(id, reference)));
	}

	private async afterFailure(): Promise<Lookup> {
		const at = this.at!;
		const fecha = this.moment!.fecha;
		const walk = await alikeDocuments(this.ctx, this.i, this.prepared, { desde: fecha, hasta: fecha }, (d) => issuedAt(d) === at);
		if (!walk.complete) return { outcome: 'unknown', reason: `FacEPro's list for ${fecha} was too long to read to its end` };
		const before = this.before;
		const candidates: IDataObject[] = [];
		for (const document of walk.documents) {
			if (before instanceof Set && before.has(String(document.tracking_id))) continue;
			if (await this.claimedByOther(document)) continue;
			candidates.push(document);
		}
		if (this.prepared.tagged) return await this.byXml(candidates, { untagged: 'notOurs' });
		if (candidates.length === 0) return { outcome: 'absent' };
		if (before === 'unknown') {
			return { outcome: 'unknown', reason: `the issue time was fixed and what FacEPro had at that time before sending could not be read (${numbers(candidates)})` };
		}
		const proof = candidates.length === 1 ? proofOf(candidates[0]) : undefined;
		return proof ? { outcome: 'found', proof } : { outcome: 'unknown', reason: `FacEPro has ${candidates.length} alike documents issued at that second (${numbers(candidates)}), so which one is this sale's cannot be told` };
	}

	/**
	 * The opt-in proof: a candidate whose XML carries this reference is the sale's; one carrying another
	 * reference is not; an untagged one is not ours when this attempt wrote the tag, and undecided otherwise.
	 */
	private async byXml(candidates: IDataObject[], options: { untagged: 'notOurs' | 'undecided' }): Promise<Lookup> {
		if (candidates.length > MAX_XML) return { outcome: 'unknown', reason: `${candidates.length} alike documents would need their XML checked (at most ${MAX_XML})` };
		const undecided: IDataObject[] = [];
		for (const document of candidates) {
			const found = await this.xmlOf(document);
			if (found === 'ours') return proofOf(document) ? { outcome: 'found', proof: proofOf(document)! } : { outcome: 'unknown', reason: 'the document lacks its number' };
			if (found === 'unreadable') return { outcome: 'unknown', reason: `the XML of ${numbers([document])} could not be read` };
			if (found === 'none' && options.untagged === 'undecided') undecided.push(document);
		}
		if (undecided.length === 0) return { outcome: 'absent' };
		const proof = undecided.length === 1 ? proofOf(undecided[0]) : undefined;
		return proof ? { outcome: 'found', proof } : { outcome: 'unknown', reason: `FacEPro has ${undecided.length} alike documents without a reference on them (${numbers(undecided)}), so which one is this sale's cannot be told` };
	}

	private async rerun(): Promise<Lookup> {
		const { prepared, ctx } = this;
		const reference = this.reference!;
		const now = Date.now();
		const today = colombiaDate(now);
		const fecha = prepared.invoice.issueDate ?? today;
		const range = { desde: colombiaDate(Date.parse(`${fecha < today ? fecha : today}T12:00:00Z`) - LOOKBACK_DAYS * DAY_MS), hasta: fecha > today ? fecha : today };
		const recorded = await isKnown(ctx, facts.records(prepared.kind, reference));
		let proven: IDataObject | undefined;
		const ours = async (document: IDataObject) => {
			const id = String(document.tracking_id);
			const at = issuedAt(document);
			if ((await isKnown(ctx, facts.own(id, reference))) || (at !== undefined && (await isKnown(ctx, facts.sent(prepared.kind, reference, at))))) proven = document;
			return !proven && !recorded && !(await isKnown(ctx, facts.document(id)));
		};
		const walk = await alikeDocuments(ctx, this.i, prepared, range, ours, () => proven !== undefined);
		if (proven) return proofOf(proven) ? { outcome: 'found', proof: proofOf(proven)! } : { outcome: 'unknown', reason: 'the document lacks its number' };
		if (!walk.complete) return { outcome: 'unknown', reason: `FacEPro's list from ${range.desde} to ${range.hasta} was too long to read to its end` };
		// This reference's attempts recorded their seconds: a candidate issued at none of them is not its.
		if (recorded) return { outcome: 'absent' };
		if (prepared.tagged) return await this.byXml(walk.documents, { untagged: 'undecided' });
		if (walk.documents.length === 0) return { outcome: 'absent' };
		const proof = walk.documents.length === 1 ? proofOf(walk.documents[0]) : undefined;
		return proof
			? { outcome: 'found', proof }
			: { outcome: 'unknown', reason: `FacEPro has ${walk.documents.length} alike documents (${numbers(walk.documents)}) that no other reference claims, so which one is this sale's cannot be told` };
	}
}

/* ------------------------------------------------------------------------------------------------ */
/* The create operations                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** The hooks of one create (a `Sale` behind the protocol's interface). */
export function issueHooks(ctx: IExecuteFunctions, i: number, prepared: FacEProPrepared): IssueHooks {
	const sale = new Sale(ctx, i, prepared);
	return {
		provider: PROVIDER,
		noun: KIND_WORDS[prepared.kind],
		get key() {
			return sale.key();
		},
		get howToCheck() {
			return sale.howToCheck();
		},
		keyIsUnique: false,
		send: async () => await sale.send(),
		prove: (answer) => sale.prove(answer),
		lookup: async (moment) => await sale.lookup(moment),
		facts: (proof) => sale.facts(proof),
	};
}

const RECOVERED = "FacEPro's answer was lost; this document was found by looking it up afterwards (it was not issued twice)";

function output(outcome: IssueOutcome, prepared: FacEProPrepared): IDataObject {
	const warnings = [...prepared.warnings];
	if (outcome.how === 'recovered') warnings.push(RECOVERED);
	else if (outcome.note) warnings.push(outcome.note);
	const reference = prepared.externalReference;
	return {
		...(outcome.alreadyIssued ? { alreadyIssued: true } : {}),
		...(reference ? { externalReference: reference } : {}),
		...documentOutput(outcome.proof.document, warnings),
		...(outcome.how === 'recovered' ? { recovered: true } : {}),
	};
}

/** The create operation of a kind: the shared pipeline with FacEPro's spec. */
export function createSpec(kind: DocumentKind): CreateSpec<FacEProPrepared> {
	return {
		prepare: async (ctx, i) => await prepareDocument(ctx, i, kind, true),
		hooks: (ctx, i, prepared) => issueHooks(ctx, i, prepared),
		referenceKey: (prepared) => (prepared.externalReference ? `facepro:${kind}:${prepared.externalReference}` : undefined),
		output: (_ctx, _i, outcome, prepared) => output(outcome, prepared),
	};
}

export function createExecute(kind: DocumentKind): ItemOperation {
	return createOperation(createSpec(kind));
}
