import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'analysis/**/*.test.ts', 'stimuli/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/synthetic/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
  },
});
