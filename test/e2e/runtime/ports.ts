/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * Free local ports for the n8n processes of the e2e runner and `npm start`: every process gets its own
 * (the editor's port, and the task-runner broker that n8n 2.x starts in every process), so that several
 * n8n processes — other test files, other engineers' runs, later a main with its workers — never fight
 * over n8n's fixed defaults (5678, 5679).
 */
import * as net from 'net';

/** A port nothing listens on right now (the system's pick), on 127.0.0.1. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}
