// Browser side of the export: reads sessions and their events from IndexedDB one session at a time,
// streams the zip into Blob parts and saves it through an object URL. Nothing leaves the browser.
import { db as defaultDb, type GazeLabDb } from '../../db/db.ts';
import { getSession, listSessions, sessionEvents } from '../../db/sessions.ts';
import type { SessionRecord } from '../../../core/records.ts';
import type { CatalogueItem } from '../../../core/study-config/schema.ts';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import { writeExport, type ExportOptions } from '../../../format/exporter.ts';
import { concatChunks, ZipStream } from '../../../zip/zip-stream.ts';

export interface ExportProgress {
  (done: number, total: number): void;
}

async function loadSessions(sessionIds: readonly string[], database: GazeLabDb): Promise<SessionRecord[]> {
  const sessions: SessionRecord[] = [];
  for (const id of sessionIds) {
    const s = await getSession(id, database);
    if (!s) throw new Error(`Session ${id} is not in this browser's storage`);
    sessions.push(s);
  }
  return sessions;
}

async function cataloguesOf(sessions: readonly SessionRecord[]): Promise<Map<number, CatalogueItem>> {
  const merged = new Map<number, CatalogueItem>();
  const seen = new Set<string>();
  for (const s of sessions) {
    const key = JSON.stringify(s.config.catalogue);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const [id, item] of await loadCatalogue(s.config.catalogue)) if (!merged.has(id)) merged.set(id, item);
  }
  return merged;
}

/** Streams the export of the given sessions into `onChunk`. */
async function streamSessions(
  sessionIds: readonly string[],
  onChunk: (c: Uint8Array) => void,
  database: GazeLabDb,
  onProgress?: ExportProgress,
  options: ExportOptions = {},
): Promise<void> {
  const sessions = await loadSessions(sessionIds, database);
  const createdAt = Date.now();
  const zip = new ZipStream(onChunk, new Date(createdAt));
  await writeExport(zip, {
    sessions,
    loadEvents: (id) => sessionEvents(id, database),
    catalogue: await cataloguesOf(sessions),
    createdAt,
    appVersion: sessions[0]?.appVersion ?? '0.0.0',
    options,
    // Yield between sessions so the page stays responsive during a big export.
    onProgress: async (done, total) => {
      onProgress?.(done, total);
      await new Promise((r) => setTimeout(r, 0));
    },
  });
  await zip.finish();
}

export async function exportSessionsZip(
  sessionIds: readonly string[],
  database: GazeLabDb = defaultDb,
  options: ExportOptions = {},
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await streamSessions(sessionIds, (c) => chunks.push(c), database, undefined, options);
  return concatChunks(chunks);
}

/** Ids of every session stored in this browser, oldest first (for "export all"). */
export async function allSessionIds(database: GazeLabDb = defaultDb): Promise<string[]> {
  return (await listSessions(database)).map((s) => s.id).reverse();
}

export function defaultExportName(sessionIds: readonly string[], now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return sessionIds.length === 1
    ? `carousel-gaze-${sessionIds[0]}-${stamp}.zip`
    : `carousel-gaze-${sessionIds.length}-sessions-${stamp}.zip`;
}

/** Builds the zip and hands it to the browser's download (object URL, revoked afterwards). */
export async function downloadSessionsZip(
  sessionIds: readonly string[],
  filename?: string,
  options: { database?: GazeLabDb; onProgress?: ExportProgress; export?: ExportOptions } = {},
): Promise<void> {
  const parts: BlobPart[] = [];
  await streamSessions(
    sessionIds,
    (c) => parts.push(c as Uint8Array<ArrayBuffer>),
    options.database ?? defaultDb,
    options.onProgress,
    options.export,
  );
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename ?? defaultExportName(sessionIds);
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
