/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * One direct touch of n8n's sqlite database, made while n8n is stopped, with the sqlite3 binding of the
 * provisioned n8n (built for its Node 24).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import type { N8nRuntime } from '../../test/e2e/runtime/provision';

import { n8nDir } from './userFolder';

/**
 * Forgets the External Reference records (n8n's deduplication store, table `processed_data`, one row per
 * workflow) of workflows that only talk to the simulators. The simulators start empty every time, so a
 * record from an earlier start points at a document that no longer exists and the node would refuse to
 * issue it again ("already used … but FacEPro has no matching invoice"): an example would fail on every
 * start but the first. Workflows where any of our nodes uses another credential (a real account) keep
 * their records: that guard is what prevents issuing a real fiscal document twice.
 * @returns the ids of the workflows whose records were removed
 */
export function resetSimulatorReferences(
	runtime: N8nRuntime,
	userFolder: string,
	packageName: string,
	simulatorCredentialIds: string[],
): string[] {
	const database = path.join(n8nDir(userFolder), 'database.sqlite');
	if (!fs.existsSync(database)) return [];
	const script = `
		const sqlite3 = require('sqlite3');
		const [database, prefix, simIdsJson] = process.argv.slice(1);
		const simIds = new Set(JSON.parse(simIdsJson));
		const db = new sqlite3.Database(database);
		const fail = (error) => { process.stderr.write(String(error)); process.exit(1); };
		db.all('SELECT w.id, w.nodes FROM workflow_entity w WHERE w.id IN (SELECT workflowId FROM processed_data)', (error, rows) => {
			if (error) return fail(error);
			const ids = rows.filter((row) => {
				let nodes;
				try { nodes = JSON.parse(row.nodes); } catch { return false; }
				const ours = nodes.filter((n) => typeof n.type === 'string' && n.type.startsWith(prefix));
				return ours.length > 0 && ours.every((n) =>
					Object.values(n.credentials || {}).every((c) => c && simIds.has(c.id)));
			}).map((row) => row.id);
			if (ids.length === 0) { process.stdout.write('[]'); return db.close(); }
			db.run('DELETE FROM processed_data WHERE workflowId IN (' + ids.map(() => '?').join(',') + ')', ids, (e) => {
				if (e) return fail(e);
				process.stdout.write(JSON.stringify(ids));
				db.close();
			});
		});
	`;
	const out = execFileSync(
		runtime.nodeBin,
		['-e', script, database, `${packageName}.`, JSON.stringify(simulatorCredentialIds)],
		{ cwd: path.resolve(path.dirname(runtime.n8nBin), '..'), encoding: 'utf8' },
	);
	return JSON.parse(out) as string[];
}
