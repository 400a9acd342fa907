import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,zip,analysis,stimuli,format,cli,src,scripts,lint}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
  },
});
