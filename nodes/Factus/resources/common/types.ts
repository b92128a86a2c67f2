/**
 * Operations that bills, credit notes and support documents share (get, get many, downloads, delete
 * unvalidated) are built per kind by the factories of this folder; each resource's operation file is
 * then one line.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/runner';

/** One operation: its UI properties (with displayOptions) and what it does per item. */
export interface Operation {
	description: INodeProperties[];
	execute: ItemOperation;
}

export { showFor } from '../../ui/common';
export { limitOf, returnAllAndLimit } from '../../../shared/params';
