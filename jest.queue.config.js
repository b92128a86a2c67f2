/**
 * The queue-mode end-to-end suites (test/e2e/queue): n8n main + 2 workers on Redis and PostgreSQL, and the
 * same scenario against one regular n8n process. `npm run test:e2e:queue`; which n8n: `N8N_E2E_VERSION`
 * as for the other e2e suites. Redis and PostgreSQL come from Debian's packages (installed when missing,
 * as root). Files run one after the other: each drives several n8n processes.
 * @type {import('jest').Config}
 */
const e2e = require('./jest.e2e.config.js');

module.exports = {
	...e2e,
	testMatch: ['<rootDir>/test/e2e/queue/**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 40 * 60 * 1000,
};
