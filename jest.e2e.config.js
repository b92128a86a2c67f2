/**
 * End-to-end tests: the built package inside a real n8n process. Which n8n: `N8N_E2E_VERSION` (an exact
 * release or `2.x`; default 1.123.81), provisioned into ~/.cache by the global setup on first use (minutes).
 * One worker: each test file drives n8n processes, and the machine's cores are what they wait on.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: __dirname,
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	// The queue-mode suites (Redis, PostgreSQL, several n8n processes) have their own command: npm run test:e2e:queue.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/queue/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/runtime/globalSetup.ts',
	testTimeout: 15 * 60 * 1000,
	maxWorkers: 1,
};
