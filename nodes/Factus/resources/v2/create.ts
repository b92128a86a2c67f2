/**
 * Create and Preview Totals of every v2 kind. Create runs the shared create pipeline (read → check →
 * issue protocol with Factus v2's hooks → document + summary); Preview Totals checks the same item the
 * same way and computes v2's amounts locally (wire/v2/preview.ts) — no request, except reading the
 * corrected document when a note copies its lines.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withShopify } from '../../../shared/shopify/ui';
import { readItemV2 } from '../../input/v2/read';
import { readCreateOptions } from '../../playbook';
import { createFieldsV2 } from '../../ui/v2/create';
import type { V2Prepared } from '../../wire/v2/issue';
import { createExecuteV2 } from '../../wire/v2/issue';
import { previewV2 } from '../../wire/v2/preview';
import type { V2Kind } from '../../wire/v2/profile';
import { V2_AUTHORITY_KEYS, V2_PARENTS } from '../../wire/v2/profile';
import type { Operation } from './documents';

async function prepare(ctx: IExecuteFunctions, i: number, kind: V2Kind): Promise<V2Prepared> {
	const read = await readItemV2(ctx, i, kind);
	return {
		kind,
		body: read.body,
		reference: String(read.body.reference_code ?? '').trim(),
		options: readCreateOptions(ctx, i),
		shopify: read.shopify,
		corrected: read.corrected,
		trace: { deleted: [] },
	};
}

export function createOperations(kind: V2Kind): { create: Operation; previewTotals: Operation } {
	const issue = createExecuteV2(kind, async (ctx, i) => await prepare(ctx, i, kind));
	return {
		create: { description: createFieldsV2(kind), execute: issue },
		previewTotals: {
			description: [],
			async execute(this: IExecuteFunctions, i: number) {
				const { body, shopify, corrected } = await readItemV2(this, i, kind, { forPreview: true });
				const parent = V2_PARENTS[kind];
				const json: IDataObject = {
					preview: true,
					...previewV2(body),
					currency: 'COP',
					...(parent && corrected ? { corrected: { number: corrected.number, [V2_AUTHORITY_KEYS[parent.kind]]: corrected[V2_AUTHORITY_KEYS[parent.kind]] ?? null } } : {}),
					body,
				};
				return { json: shopify ? withShopify(json, shopify) : json, pairedItem: { item: i } };
			},
		},
	};
}
