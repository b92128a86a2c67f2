/**
 * End-to-end tests: the built package inside a real n8n process (test/e2e/runtime provisions n8n into
 * ~/.cache on first use, which takes minutes, hence the long timeout; one worker because each test file
 * drives n8n processes and the first one may be provisioning).
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: __dirname,
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	testTimeout: 15 * 60 * 1000,
	maxWorkers: 1,
};
