// Test helper: the unzipped export of sessions made with createSession, with their studies' catalogues.
import { unzipSync } from 'fflate';
import { loadCatalogue } from '../../stimuli/catalogue.ts';
import { exportToBytes, type ExportOptions } from '../exporter.ts';
import type { createSession } from './create-session.ts';

export type TestSession = ReturnType<typeof createSession>;

export const EXPORT_CREATED = Date.UTC(2026, 10, 26, 10, 0, 0);

export async function exportFiles(
  sessions: readonly TestSession[],
  options: ExportOptions = {},
  createdAt = EXPORT_CREATED,
): Promise<Record<string, Uint8Array>> {
  const byId = new Map(sessions.map((s) => [s.session.id, s.events]));
  const catalogue = new Map();
  for (const s of sessions)
    for (const [id, item] of await loadCatalogue(s.session.config.catalogue)) if (!catalogue.has(id)) catalogue.set(id, item);
  const bytes = await exportToBytes({
    sessions: sessions.map((s) => s.session),
    loadEvents: (id) => byId.get(id)!,
    catalogue,
    createdAt,
    appVersion: '0.1.0',
    options,
  });
  return unzipSync(bytes);
}
