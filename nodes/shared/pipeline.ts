/**
 * The one create pipeline every provider's create operation runs:
 *
 *   read the item (fields / JSON / Shopify) → typed Invoice → provider body + local checks, every problem
 *   at once and nothing sent (`prepare`) → the duplicate-safe issue protocol (issue.ts, with the provider's
 *   hooks) → the provider's document with its summary (`output`) → the Shopify block when the input was a
 *   Shopify order or refund.
 *
 * A provider fills a `CreateSpec` (its folder's issue.ts and input/wire modules); the operation file is
 * then `export const execute = createOperation(spec)`.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { IssueHooks, IssueOutcome } from './issue';
import { issueDocument } from './issue';
import type { ItemOperation } from './runner';
import type { ShopifyMapping } from './shopify/ui';
import { withShopify } from './shopify/ui';

/** What `prepare` hands on: a body that passed every local check. */
export interface Prepared<Body = IDataObject> {
	body: Body;
	/** The user's External Reference (the order id), when given. */
	externalReference?: string;
	/** Present when the input was a Shopify order or refund. */
	shopify?: ShopifyMapping;
}

export interface CreateSpec<P extends Prepared> {
	/**
	 * Reads and checks the item. Every problem (neutral model, fit limits, provider rules) is thrown at once
	 * through the shared problems collector, before any request.
	 */
	prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<P>;
	/** The provider's hooks for the issue protocol (its folder's issue.ts). */
	hooks(ctx: IExecuteFunctions, itemIndex: number, prepared: P): Promise<IssueHooks> | IssueHooks;
	/**
	 * Store key of the External Reference guard (namespaced: `<provider>:<kind>:<reference>`). Leave it
	 * undefined when no store is needed.
	 */
	referenceKey?(prepared: P): string | undefined;
	/** The item's JSON from how the document came to exist; may run follow-up steps (e.g. send to MH). */
	output(ctx: IExecuteFunctions, itemIndex: number, outcome: IssueOutcome, prepared: P): Promise<IDataObject> | IDataObject;
}

/** The option every guarded create offers ("Issue Again If Earlier Attempt Not Found"). */
export const REISSUE_OPTION = 'issueAgainIfNotFound';

export function createOperation<P extends Prepared>(spec: CreateSpec<P>): ItemOperation {
	return async function (this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData> {
		const prepared = await spec.prepare(this, itemIndex);
		const hooks = await spec.hooks(this, itemIndex, prepared);
		const reference = prepared.externalReference;
		const storeKey = reference ? spec.referenceKey?.(prepared) : undefined;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const outcome = await issueDocument(this, itemIndex, hooks, {
			reference: reference && storeKey ? { value: reference, storeKey } : undefined,
			reissueWhenAbsent: options[REISSUE_OPTION] === true,
		});
		const json = await spec.output(this, itemIndex, outcome, prepared);
		return {
			json: prepared.shopify ? withShopify(json, prepared.shopify, { alreadyIssued: outcome.alreadyIssued }) : json,
			pairedItem: { item: itemIndex },
		};
	};
}
