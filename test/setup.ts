/**
 * Per test file: stop the background timers n8n-core started (as n8n does on shutdown), so jest exits.
 */
import { shutdownServices } from './harness/services';

afterAll(async () => {
	await shutdownServices();
});
