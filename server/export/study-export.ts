import type pg from 'pg';
import type { SessionRecord } from '../../core/records.ts';
import type { CatalogueItem } from '../../core/study-config/schema.ts';
import { csvLine } from '../../core/csv/write.ts';
import { AOI_DATA_DIALECT, STUDY_TABLES, writeExportHead } from '../../format/exporter.ts';
import { RAW_EVENTS_PATH } from '../../format/envelope.ts';
import { loadCatalogue } from '../../stimuli/catalogue.ts';
import { ZipStream } from '../../zip/zip-stream.ts';
import { JoinedEntry, type Piece } from './deflate-pieces.ts';
import { sessionEvents, studySessionRows } from './load-session.ts';
import { chunkTallies, partSlice, partStamp, savePart, spanOf, storedParts } from './part-store.ts';
import { buildSessionPart, type PartContext, type SessionPartManifest } from './session-part.ts';
import { toSessionRecord } from './session-record.ts';

// A study's sessions as the RecGaze export zip, joined from the sessions' stored parts
// (session-part.ts): the entries that follow from the records (README, session.json, RecGaze
// tables, BIDS dataset files) are written here; each session's rows and files are copied from its
// part, which is made first where it is missing or out of date. The zip's bytes go to `sink` as
// they are made, a slice of one part at a time (bounded memory).

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

type Db = pg.Pool | pg.ClientBase;

/** The sessions' parts, made and stored where missing or out of date; `onEach` after each session. */
export async function ensureParts(
  db: Db,
  sessions: readonly SessionRecord[],
  contextOf: (s: SessionRecord) => PartContext,
  onEach: (done: number, manifest: SessionPartManifest) => Promise<void> | void = () => undefined,
): Promise<{ built: number }> {
  const ids = sessions.map((s) => s.id);
  const [tallies, stored] = await Promise.all([chunkTallies(db, ids), storedParts(db, ids)]);
  let built = 0;
  for (const [k, s] of sessions.entries()) {
    const context = contextOf(s);
    const stamp = partStamp(s, tallies.get(s.id) ?? { chunks: 0, bytes: '0' }, context);
    let manifest = stored.get(s.id)?.stamp === stamp ? stored.get(s.id)!.manifest : undefined;
    if (!manifest) {
      const part = buildSessionPart(s, await sessionEvents(db, s.id), context);
      await savePart(db, s.id, stamp, part);
      manifest = part.manifest;
      built++;
    }
    await onEach(k + 1, manifest);
  }
  return { built };
}

export async function writeStudyExport(db: Db, options: StudyExportOptions, sink: ExportSink): Promise<void> {
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
  const zip = new ZipStream((bytes) => sink.write(bytes), new Date(options.createdAt));
  const head = writeExportHead(zip, { sessions, catalogue, createdAt: options.createdAt, appVersion: options.appVersion });
  const contextOf = (s: SessionRecord): PartContext => ({
    label: head.labels.get(s.participantId)!,
    options: head.options,
    appVersion: options.appVersion,
  });
  const header = (table: keyof typeof STUDY_TABLES) =>
    csvLine(STUDY_TABLES[table].columns, table === 'aoi' ? { ...head.csv, dialect: AOI_DATA_DIALECT } : head.csv);
  const copy = async (entry: JoinedEntry, sessionId: string, piece: Piece) => {
    entry.add(await partSlice(db, sessionId, piece.offset, piece.length), piece.crc, piece.size);
    await sink.drained();
  };

  // gaze_samples.csv goes out while the parts are checked (and made where needed), session by session.
  const gaze = new JoinedEntry(zip.openCompressed(STUDY_TABLES.gaze.path, 8));
  gaze.text(header('gaze'));
  const manifests: SessionPartManifest[] = [];
  await ensureParts(db, sessions, contextOf, async (done, manifest) => {
    manifests.push(manifest);
    await copy(gaze, sessions[done - 1]!.id, manifest.streams.gaze);
    sink.progress(done, sessions.length);
  });
  gaze.end();

  for (const table of ['summary', 'fixations'] as const) {
    const entry = new JoinedEntry(zip.openCompressed(STUDY_TABLES[table].path, 8));
    entry.text(header(table));
    for (const [k, m] of manifests.entries()) await copy(entry, sessions[k]!.id, m.streams[table]);
    entry.end();
  }
  const aoi = new JoinedEntry(zip.openCompressed(STUDY_TABLES.aoi.path, 8));
  aoi.text(header('aoi'));
  const layouts = new Set<string>();
  for (const [k, m] of manifests.entries())
    for (const { key, piece } of m.aoi) {
      if (layouts.has(key)) continue;
      layouts.add(key);
      await copy(aoi, sessions[k]!.id, piece);
    }
  aoi.end();
  const raw = new JoinedEntry(zip.openCompressed(RAW_EVENTS_PATH, 8));
  for (const [k, m] of manifests.entries()) await copy(raw, sessions[k]!.id, m.streams.raw);
  raw.end();

  // Each session's own files, one slice of its part per session.
  for (const [k, m] of manifests.entries()) {
    const span = spanOf(m.entries);
    const bytes = await partSlice(db, sessions[k]!.id, span.offset, span.length);
    for (const e of m.entries) {
      const at = e.offset - span.offset;
      zip.openCompressed(e.name, e.method).end(e.crc, e.size, bytes.subarray(at, at + e.length));
    }
    await sink.drained();
  }
  await zip.finish();
}
