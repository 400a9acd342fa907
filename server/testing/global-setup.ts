import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../db/embedded.ts';

// One throwaway PostgreSQL for the server tests (TEST_PG_PORT, default 4475); each test file
// makes its own database in it. fsync is off: nothing here must survive a power cut.

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cgl-test-pg-'));
  const db = await startEmbeddedPostgres({
    dataDir,
    port: Number(process.env.TEST_PG_PORT ?? 4475),
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  project.provide('pgUrl', db.url);
  return async () => {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
