import type { SessionRecord } from '../../core/records.ts';
import type { CsvWriteOptions } from '../../core/csv/write.ts';
import type { ResolvedExportOptions } from '../../format/envelope.ts';
import {
  AOI_DATA_DIALECT,
  CsvEntry,
  writeSessionFiles,
  type ScreenEvents,
  type SessionFileTarget,
  type SessionWriters,
} from '../../format/exporter.ts';
import { ByteSink } from '../../zip/byte-sink.ts';
import { concatChunks } from '../../zip/concat-bytes.ts';
import { crc32 } from '../../zip/crc32.ts';
import type { ZipEntry } from '../../zip/zip-stream.ts';
import { deflatePiece, gzipFile, PieceData, type Piece } from './deflate-pieces.ts';

// One session's share of the RecGaze export, written once and kept beside its chunks: its rows of
// the study-wide tables and raw events as joinable DEFLATE pieces, and its own files (BIDS runs,
// pymovements) compressed whole. A study export then joins the stored parts (study-export.ts):
// reading and copying instead of deriving, formatting and compressing millions of rows again.
// The rows are written by format/exporter.ts's writeSessionFiles, the same code as the browser's
// export, so the two cannot drift apart.

/** Bump when what a part holds or how it is laid out changes: older parts are then rebuilt. */
export const PART_FORMAT = 1;

export type StudyStream = 'gaze' | 'summary' | 'fixations' | 'raw';

export interface PartEntry extends Piece {
  name: string;
  /** 8: raw DEFLATE; 0: stored as it is (a .gz file). */
  method: 0 | 8;
}

export interface SessionPartManifest {
  format: number;
  /** The BIDS label the part's file names carry. */
  label: string;
  streams: Record<StudyStream, Piece>;
  /** aoi_data.csv rows by screen layout; the study zip writes each layout once. */
  aoi: { key: string; piece: Piece }[];
  /** The session's own entries in zip order, one after another in the data. */
  entries: PartEntry[];
}

export interface SessionPart {
  manifest: SessionPartManifest;
  data: Buffer;
}

export interface PartContext {
  /** The session's BIDS label among the sessions of the export (bidsSubjectLabels). */
  label: string;
  options: ResolvedExportOptions;
  appVersion: string;
}

/** A sink whose bytes are kept until it closes. */
function collect(done: (content: Uint8Array) => void): ZipEntry {
  const chunks: Uint8Array[] = [];
  return new ByteSink((bytes, final) => {
    if (bytes.length) chunks.push(bytes);
    if (final) done(concatChunks(chunks));
  });
}

/** The session's own files, compressed as each closes. */
class EntryCollector implements SessionFileTarget {
  readonly data = new PieceData();
  readonly entries: PartEntry[] = [];
  private readonly encoder = new TextEncoder();

  private add(name: string, content: Uint8Array, gzip: boolean, level: 1 | 6): void {
    const compressed = gzip ? gzipFile(content) : deflatePiece(content, level, false);
    const piece = gzip
      ? this.data.add(compressed, { crc: crc32(compressed), size: compressed.length })
      : this.data.add(compressed, { crc: crc32(content), size: content.length });
    this.entries.push({ name, method: gzip ? 0 : 8, ...piece });
  }

  deferText(filename: string, text: string, level: 1 | 6 = 6): void {
    this.add(filename, this.encoder.encode(text), false, level);
  }

  deferGzip(filename: string, text: string): void {
    this.add(filename, this.encoder.encode(text), true, 1);
  }

  deferStream(filename: string, options: { gzip?: boolean; level?: 1 | 6 } = {}): ZipEntry {
    return collect((content) => this.add(filename, content, options.gzip ?? false, options.level ?? 1));
  }
}

/** Derives, formats and compresses one session's part of the export. */
export function buildSessionPart(s: SessionRecord, events: ScreenEvents, context: PartContext): SessionPart {
  const streams = new PieceData();
  const piece = (content: Uint8Array) => streams.add(deflatePiece(content, 1, true), { crc: crc32(content), size: content.length });
  const contents = new Map<StudyStream, Uint8Array>();
  const table = (name: StudyStream, options: CsvWriteOptions) =>
    new CsvEntry(
      collect((c) => contents.set(name, c)),
      null,
      options,
    );
  const csv: CsvWriteOptions = { formulaGuard: context.options.formulaGuard };
  const aoiTexts: { key: string; content: Uint8Array }[] = [];
  const w: SessionWriters = {
    gaze: table('gaze', csv),
    summary: table('summary', csv),
    fixations: table('fixations', csv),
    raw: collect((c) => contents.set('raw', c)),
    aoi: (key, rows) => {
      if (aoiTexts.some((a) => a.key === key)) return;
      const entry = new CsvEntry(
        collect((content) => aoiTexts.push({ key, content })),
        null,
        { ...csv, dialect: AOI_DATA_DIALECT },
      );
      for (const r of rows()) entry.add(r);
      entry.close();
    },
    csv,
    appVersion: context.appVersion,
  };
  const files = new EntryCollector();
  writeSessionFiles(w, files, s, context.label, events, context.options);
  w.gaze.close();
  w.summary.close();
  w.fixations.close();
  w.raw.close();
  const manifestStreams = {} as Record<StudyStream, Piece>;
  for (const name of ['gaze', 'summary', 'fixations', 'raw'] as const) manifestStreams[name] = piece(contents.get(name)!);
  // The exporter's layout keys hold NUL separators, which PostgreSQL's jsonb cannot store.
  const aoi = aoiTexts.map((a) => ({ key: JSON.stringify(a.key.split('\u0000')), piece: piece(a.content) }));
  const base = streams.length;
  const manifest: SessionPartManifest = {
    format: PART_FORMAT,
    label: context.label,
    streams: manifestStreams,
    aoi,
    entries: files.entries.map((e) => ({ ...e, offset: base + e.offset })),
  };
  return { manifest, data: Buffer.concat([streams.bytes(), files.data.bytes()]) };
}
