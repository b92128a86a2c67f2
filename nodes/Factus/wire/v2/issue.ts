/**
 * Factus API v2's dialect of the recovery playbook (../../playbook.ts: the duplicate-safe issue protocol and the
 * playbook of factus.md, shared with v1), for every v2 create (bills, credit and debit notes, support
 * documents, adjustment notes).
 *
 * - Key: `reference_code`, chosen before sending; Factus keeps it unique per kind (a validated one again
 *   → 422 on `reference_code`; a pending one again → Factus checks it with DIAN again and answers the same
 *   document), so no External Reference store is needed.
 * - Proof: the answer's `data` with this reference code, its number and `is_validated`; once validated,
 *   its CUFE / CUDE / CUDS. Anything else after the request may have arrived is ambiguous → the lookup.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ApiResponse } from '../../../shared/http';
import type { DocumentProof, IssueOutcome } from '../../../shared/issue';
import type { CreateSpec } from '../../../shared/pipeline';
import { createOperation } from '../../../shared/pipeline';
import type { ItemOperation } from '../../../shared/runner';
import type { FactusDialect, PlaybookPrepared } from '../../playbook';
import { factusIssueHooks, playbookOutput } from '../../playbook';
import { answerData, authorityOfV2, dianStateV2, documentOutputV2 } from './answer';
import type { V2Kind } from './profile';
import { followUpV2, V2_AUTHORITY_KEYS, V2_NOUNS, V2_PARENTS, V2_PATHS } from './profile';
import { rowsByReferenceV2, showV2 } from './transport';

/** One v2 create of one item. */
export interface V2Prepared extends PlaybookPrepared<V2Kind> {
	/** Notes: the bill or support document corrected, as Factus shows it. */
	corrected?: IDataObject;
}

/* ------------------------------------------------------------------------------------------------ */
/* Proof                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** The document an answer (create or show) proves, or undefined. */
export function proveAnswerV2(kind: V2Kind, reference: string, answer: ApiResponse): DocumentProof | undefined {
	const data = answerData(answer);
	if (!data) return undefined;
	const number = typeof data.number === 'string' ? data.number.trim() : '';
	if (number === '' || String(data.reference_code ?? '').trim() !== reference) return undefined;
	const validated = data.is_validated;
	if (typeof validated !== 'boolean' && validated !== 0 && validated !== 1) return undefined;
	const authority = authorityOfV2(kind, data);
	// Validated by DIAN: its CUFE/CUDE/CUDS is the proof. Not (yet): registered at Factus and numbered.
	if ((validated === true || validated === 1) && !authority) return undefined;
	return { authorityId: authority ?? '', number, document: data };
}

/** Factus API v2 as the playbook speaks it. */
export const FACTUS_V2: FactusDialect<V2Kind> = {
	api: 'v2',
	nouns: V2_NOUNS,
	paths: V2_PATHS.documents,
	prove: proveAnswerV2,
	rowsByReference: rowsByReferenceV2,
	show: showV2,
	// v2 answers are flat: the answer's data is the document.
	documentOf: (_kind, data) => data,
	dianState: dianStateV2,
	isValidatedRow: (row) => row.is_validated === true,
	followUp: followUpV2,
	proofWords: 'number, reference code or DIAN identity',
};

/* ------------------------------------------------------------------------------------------------ */
/* Output and the create pipeline                                                                    */
/* ------------------------------------------------------------------------------------------------ */

/** The item's output (playbook.ts), with the document a note corrects. */
async function output(ctx: IExecuteFunctions, i: number, outcome: IssueOutcome, prepared: V2Prepared): Promise<IDataObject> {
	const { kind } = prepared;
	const extra: IDataObject = {};
	const parent = V2_PARENTS[kind];
	if (parent && prepared.corrected) {
		const key = V2_AUTHORITY_KEYS[parent.kind];
		extra.corrected = { kind: parent.kind, number: prepared.corrected.number ?? null, [key]: prepared.corrected[key] ?? null };
	}
	return await playbookOutput(FACTUS_V2, ctx, i, outcome, prepared, extra, (data, all, notes) => documentOutputV2(kind, data, all, notes));
}

export function createSpecV2(kind: V2Kind, prepare: (ctx: IExecuteFunctions, i: number) => Promise<V2Prepared>): CreateSpec<V2Prepared> {
	return {
		prepare,
		hooks: (ctx, i, prepared) => factusIssueHooks(FACTUS_V2, ctx, i, prepared),
		// Factus refuses a second document with the reference code itself: no External Reference store.
		referenceKey: () => undefined,
		output,
	};
}

export const createExecuteV2 = (kind: V2Kind, prepare: (ctx: IExecuteFunctions, i: number) => Promise<V2Prepared>): ItemOperation => createOperation(createSpecV2(kind, prepare));
