import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { FactusV1 } from './versions/FactusV1';
import { FactusV2 } from './versions/FactusV2';

/**
 * Factus (Colombia, DIAN). Two versions of one node, one credential:
 * - version 1 speaks Factus API v1 (prices include tax) — every workflow saved before version 2 keeps it
 *   and behaves exactly as before;
 * - version 2 (the default for new nodes) speaks Factus API v2 (net prices, `taxes[]` per item, codes,
 *   several payments, debit notes, adjustment notes).
 * Switching a saved workflow would silently change every invoice's amount, so n8n's node versions keep
 * the choice explicit (docs/factus.md "v1 → v2").
 */
export class Factus extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Factus',
			name: 'factus',
			icon: { light: 'file:factus.svg', dark: 'file:factus.dark.svg' },
			group: ['output'],
			description: 'Issue Colombian electronic bills, credit and debit notes and support documents to DIAN with Factus',
			defaultVersion: 2,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new FactusV1(baseDescription),
			2: new FactusV2(baseDescription),
		};
		super(nodeVersions, baseDescription);
	}
}
