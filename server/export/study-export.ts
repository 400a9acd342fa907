import type pg from 'pg';
import type { CatalogueItem } from '../../core/study-config/schema.ts';
import { writeExport } from '../../format/exporter.ts';
import { loadCatalogue } from '../../stimuli/catalogue.ts';
import { ZipStream, type ZipSpool } from '../../zip/zip-stream.ts';
import { sessionEvents, studySessionRows } from './load-session.ts';
import { toSessionRecord } from './session-record.ts';

// A study's sessions as the RecGaze export zip, written by format/'s exporter while the events are
// read from PostgreSQL one session at a time; the zip's bytes go to `sink` as they are made, and
// the next session waits until the sink has taken the bytes so far, and what must wait for its place
// in the zip waits in the spool (bounded memory).

export interface ExportSink {
  write(bytes: Uint8Array): void;
  /** Resolves when the bytes written so far are on their way (backpressure). */
  drained(): Promise<void>;
  progress(done: number, total: number): void;
}

export interface StudyExportOptions {
  studyId: string;
  /** The sessions to export, in this order; all of the study's when absent. */
  sessionIds?: readonly string[];
  appVersion: string;
  createdAt: number;
}

export interface StudyExportRuntime {
  /** Where entries that wait for their place in the zip are kept (without one: in memory). */
  spool?: ZipSpool;
}

export async function writeStudyExport(
  db: pg.Pool | pg.ClientBase,
  options: StudyExportOptions,
  sink: ExportSink,
  runtime: StudyExportRuntime = {},
): Promise<void> {
  const sessions = (await studySessionRows(db, options.studyId, options.sessionIds)).map(toSessionRecord);
  const catalogue = new Map<number, CatalogueItem>();
  const seen = new Set<string>();
  for (const s of sessions) {
    const key = JSON.stringify(s.config.catalogue);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const [id, item] of await loadCatalogue(s.config.catalogue)) if (!catalogue.has(id)) catalogue.set(id, item);
  }
  sink.progress(0, sessions.length);
  const zip = new ZipStream((bytes) => sink.write(bytes), new Date(options.createdAt), {
    ...(runtime.spool ? { spool: runtime.spool } : {}),
    drained: () => sink.drained(),
  });
  await writeExport(zip, {
    sessions,
    loadEvents: (id) => sessionEvents(db, id),
    catalogue,
    createdAt: options.createdAt,
    appVersion: options.appVersion,
    onProgress: async (done, total) => {
      sink.progress(done, total);
      await sink.drained();
    },
  });
  await zip.finish();
}
