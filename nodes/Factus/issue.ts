/**
 * Factus API v1's dialect of the recovery playbook (playbook.ts: the duplicate-safe issue protocol and the
 * playbook of factus.md, shared with v2) and the v1 create operations.
 *
 * - Proof: the answer's document (`data.bill`, `data.credit_note`, `data.support_document`) with its number
 *   and this reference code, and — once DIAN validated it (status 1) — its CUFE / CUDE / CUDS. v1 answers
 *   carry no CUFE while DIAN has not answered (status 0): such a document is registered at Factus, numbered,
 *   and is returned with `summary.status: "pending"` (or refused as rejected). Any other answer after the
 *   request may have arrived (an HTML page, an empty or cut body, `{ok: false}`, a redirect, a lost
 *   connection, a deadline, a 5xx) is ambiguous and resolved by the lookup.
 * - "Notificación" entries are warnings (summary.ts).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ApiResponse } from '../shared/http';
import type { DocumentProof, IssueOutcome } from '../shared/issue';
import type { CreateSpec } from '../shared/pipeline';
import { createOperation } from '../shared/pipeline';
import type { ItemOperation } from '../shared/runner';
import { readItem, resolveCreditedBill } from './input/read';
import type { FactusDialect, PlaybookPrepared } from './playbook';
import { factusIssueHooks, playbookOutput, readCreateOptions } from './playbook';
import type { Kind } from './profile';
import { followUp, NOUNS } from './profile';
import { authorityOf, dianState, documentOf, documentOutput } from './summary';
import { answerDocument, PATHS, rowsByReference, show } from './transport';

/** One v1 create of one item. */
export interface FactusPrepared extends PlaybookPrepared<Kind> {
	/** Credit notes: the bill corrected. */
	creditedBill?: IDataObject;
}

/* ------------------------------------------------------------------------------------------------ */
/* Proof                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** The document an answer (create or show) proves, or undefined. */
export function proveAnswer(kind: Kind, reference: string, answer: ApiResponse): DocumentProof | undefined {
	const found = answerDocument(kind, answer);
	if (!found) return undefined;
	const { data, document } = found;
	const number = typeof document.number === 'string' ? document.number.trim() : '';
	if (number === '' || String(document.reference_code ?? '').trim() !== reference) return undefined;
	const status = Number(document.status);
	const authority = authorityOf(kind, document);
	// Validated by DIAN: its CUFE/CUDE/CUDS is the proof. Not (yet): v1 has no CUFE to give.
	if (status === 1 ? !authority : status !== 0) return undefined;
	return { authorityId: authority ?? '', number, document: data };
}

/** Factus API v1 as the playbook speaks it. */
export const FACTUS_V1: FactusDialect<Kind> = {
	api: 'v1',
	nouns: NOUNS,
	paths: PATHS.documents,
	prove: proveAnswer,
	rowsByReference,
	show,
	documentOf,
	dianState,
	isValidatedRow: (row) => Number(row.status) === 1,
	followUp,
	proofWords: 'number, reference code or CUFE',
};

/* ------------------------------------------------------------------------------------------------ */
/* Create operations                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

/** The item's output (playbook.ts), with the credited bill of a credit note. */
async function output(ctx: IExecuteFunctions, i: number, outcome: IssueOutcome, prepared: FactusPrepared): Promise<IDataObject> {
	const bill = prepared.creditedBill;
	const extra: IDataObject = bill ? { creditedBill: { id: bill.id, number: bill.number, cufe: bill.cufe ?? null } } : {};
	return await playbookOutput(FACTUS_V1, ctx, i, outcome, prepared, extra, (data, all, notes) => documentOutput(prepared.kind, data, all, notes));
}

/** Reads and checks item `i` of a create of `kind` (a credit note also reads the bill it corrects). */
async function prepare(ctx: IExecuteFunctions, i: number, kind: Kind): Promise<FactusPrepared> {
	const read = await readItem(ctx, i, kind);
	const options = readCreateOptions(ctx, i);
	const creditedBill = kind === 'creditNote' ? await resolveCreditedBill(ctx, i, read) : undefined;
	return {
		kind,
		body: read.body,
		reference: String(read.body.reference_code ?? '').trim(),
		options,
		shopify: read.shopify,
		creditedBill,
		trace: { deleted: [] },
	};
}

/** The create pipeline of one kind (Bill → Create & Validate, Credit Note → Create, Support Document → Create). */
export function createSpec(kind: Kind): CreateSpec<FactusPrepared> {
	return {
		prepare: async (ctx, i) => await prepare(ctx, i, kind),
		hooks: (ctx, i, prepared) => factusIssueHooks(FACTUS_V1, ctx, i, prepared),
		// Factus refuses a second document with the reference code itself: no External Reference store.
		referenceKey: () => undefined,
		output,
	};
}

export const createExecute = (kind: Kind): ItemOperation => createOperation(createSpec(kind));
