import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code, no services) and `server` (tests against a real PostgreSQL,
// started once by server/testing/global-setup.ts only when one of its files is selected).
const SERVER_TESTS = ['server/**/*.test.ts', '**/*.server.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,zip,analysis,stimuli,format,cli,src,scripts,lint}/**/*.test.ts', 'e2e/synthetic/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...SERVER_TESTS],
          environment: 'node',
          testTimeout: 20000,
        },
      },
      {
        test: {
          name: 'server',
          include: SERVER_TESTS,
          exclude: ['**/node_modules/**'],
          environment: 'node',
          globalSetup: ['server/testing/global-setup.ts'],
          testTimeout: 60000,
          hookTimeout: 120000,
        },
      },
    ],
  },
});
