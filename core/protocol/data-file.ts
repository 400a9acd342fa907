import * as v from 'valibot';
import { checkChunkEvents } from './chunk-check.ts';
import { gzip } from './content.ts';
import { JsonObjectSchema } from './json-value.ts';
import { LIMITS } from './limits.ts';
import { epochMs, SessionIdSchema, SessionUpdateSchema, type SessionUpdate } from './messages.ts';
import { issueProblem } from './problem.ts';

// A participant's data file: what the uploader would have sent to the study server (the session
// record under the server's revision numbering and every recorder chunk of the outbox), saved by
// the participant when the server cannot be reached, e-mailed, and added by a researcher in the
// workspace (POST /api/lab/studies/:study/data-files), where the chunks go through the upload's
// own checks and storage. One gzip-compressed JSON file.

export const DATA_FILE_TYPE = 'carousel-gaze-lab/outbox';
export const DATA_FILE_VERSION = 1;
export const DATA_FILE_CONTENT_TYPE = 'application/vnd.cgl.data-file';
/** The participant's download was this type before; it holds events by screen, not the chunks the server keys on. */
const OLD_RESCUE_TYPE = 'carousel-gaze-lab/rescue';

const MiB = 1024 * 1024;

export const DATA_FILE_LIMITS = {
  /** The file as sent (a RecGaze session is ~0.5 MB gzip). */
  fileBytes: 32 * MiB,
  /** Its JSON text once decompressed (a RecGaze session is ~3 MB). */
  textBytes: 128 * MiB,
  chunks: 200_000,
} as const;

const intIn = (max: number) =>
  v.pipe(v.number(), v.integer('must be an integer'), v.minValue(0, 'must not be negative'), v.maxValue(max, `must be at most ${max}`));

const FileChunkSchema = v.strictObject({
  taskId: intIn(LIMITS.taskId),
  seq: intIn(LIMITS.seq),
  events: v.array(v.unknown()),
});

export const DataFileSchema = v.strictObject({
  type: v.literal(DATA_FILE_TYPE),
  version: v.literal(DATA_FILE_VERSION),
  createdAt: v.pipe(v.string(), v.maxLength(64, 'must be at most 64 characters')),
  appVersion: v.pipe(v.string(), v.maxLength(64, 'must be at most 64 characters')),
  /** The study's id on the server (its link /s/<study>) and the published version the session ran. */
  study: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,127}$/, 'must be a study id')),
  studyVersion: v.pipe(v.number(), v.integer('must be an integer'), v.minValue(1, 'must be 1 or more')),
  sessionId: SessionIdSchema,
  participantId: v.pipe(
    v.string(),
    v.maxLength(LIMITS.participantIdLength, `must be at most ${LIMITS.participantIdLength} characters`),
    v.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, _ . and -'),
  ),
  consentedAt: epochMs,
  firstTask: v.picklist(['Free_browsing', 'Semi_free_direct_search'], 'must be Free_browsing or Semi_free_direct_search'),
  recruitment: v.nullable(JsonObjectSchema),
  /** The latest session state, numbered as the server numbers it (null before the first one). */
  session: v.nullable(SessionUpdateSchema),
  chunks: v.pipe(v.array(FileChunkSchema), v.maxLength(DATA_FILE_LIMITS.chunks, `must hold at most ${DATA_FILE_LIMITS.chunks} chunks`)),
});
export type DataFile = v.InferOutput<typeof DataFileSchema>;
export type DataFileChunk = DataFile['chunks'][number];

/** What POST /api/lab/studies/:study/data-files answers. */
export interface DataFileMergeResponse {
  sessionId: string;
  participantId: string;
  /** The server did not know the session: it was created from the file. */
  created: boolean;
  /** Chunks the server did not hold and now does, and their events. */
  added: number;
  addedEvents: number;
  /** Chunks the server held already with the same content. */
  already: number;
  /**
   * Chunks refused and left out, as the participant's uploader sets them aside: one the server holds
   * with other events, or one that fails the upload's checks. The rest of the file is added.
   */
  refused: { taskId: number; seq: number; message: string }[];
  /** The file's session record: taken (its revision was newer) or kept the server's. */
  record: { taken: boolean; fileRevision: number | null; serverRevision: number };
  status: 'active' | 'completed';
}

export type DataFileRead = { ok: true; file: DataFile } | { ok: false; message: string };

const GZIP_MAGIC = [0x1f, 0x8b];
export const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];

const NOT_OURS = 'This is not a participant data file of Carousel Gaze Lab';

/**
 * Checks a data file's JSON text: ours, a version this app reads, every field and every chunk's
 * events valid, no (taskId, seq) twice with different events. Messages are for the researcher.
 */
export function parseDataFile(text: string): DataFileRead {
  const fail = (message: string): DataFileRead => ({ ok: false, message });
  if (text.length > DATA_FILE_LIMITS.textBytes)
    return fail(`The file is too big: ${mb(text.length)} of data; at most ${mb(DATA_FILE_LIMITS.textBytes)} can be added.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const start = text.trimStart()[0];
    return fail(
      start === '{' ? 'The file is damaged: its data is cut off or changed (it is not complete JSON).' : `${NOT_OURS} (it is not JSON).`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`${NOT_OURS} (it is JSON, but not an object).`);
  const { type, version } = raw as { type?: unknown; version?: unknown };
  if (type === OLD_RESCUE_TYPE)
    return fail(
      'This is an older rescue file (carousel-gaze-lab/rescue): it holds the events by screen, not the recorder chunks the server keeps, so it cannot be added to the study. Open it in a text editor or ask the developers.',
    );
  if (type !== DATA_FILE_TYPE) return fail(`${NOT_OURS} (its type is ${typeof type === 'string' ? `"${type.slice(0, 60)}"` : 'missing'}).`);
  if (typeof version === 'number' && version > DATA_FILE_VERSION)
    return fail(
      `The file was made by a newer version of the app (file version ${version}; this server reads version ${DATA_FILE_VERSION}).`,
    );
  const parsed = v.safeParse(DataFileSchema, raw, { abortEarly: true });
  if (!parsed.success) {
    const p = issueProblem('', parsed.issues[0]);
    return fail(`The file is damaged: ${p.field} ${p.problem}.`);
  }
  const file = parsed.output;
  const seen = new Map<string, string>();
  for (const [i, c] of file.chunks.entries()) {
    const check = checkChunkEvents(c.events, `chunks[${i}].events`);
    if (!check.ok) return fail(`The file is damaged: screen ${c.taskId}, chunk ${c.seq}: ${check.problem.field} ${check.problem.problem}.`);
    const key = `${c.taskId}:${c.seq}`;
    const text = JSON.stringify(c.events);
    const earlier = seen.get(key);
    if (earlier !== undefined && earlier !== text)
      return fail(`The file is damaged: screen ${c.taskId}, chunk ${c.seq} appears twice with different events.`);
    seen.set(key, text);
  }
  return { ok: true, file };
}

/** Gunzips, stopping with null past `max` bytes of output (a small file must not fill memory). */
async function gunzipAtMost(bytes: Uint8Array, max: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
}

/** A data file as it came (gzip-compressed, or its JSON if someone unpacked it), checked as parseDataFile does. */
export async function readDataFile(bytes: Uint8Array): Promise<DataFileRead> {
  const fail = (message: string): DataFileRead => ({ ok: false, message });
  if (bytes.length === 0) return fail('The file is empty.');
  if (bytes.length > DATA_FILE_LIMITS.fileBytes)
    return fail(`The file is too big: ${mb(bytes.length)}; at most ${mb(DATA_FILE_LIMITS.fileBytes)} can be added.`);
  let text: Uint8Array | null = bytes;
  if (isGzip(bytes)) {
    try {
      text = await gunzipAtMost(bytes, DATA_FILE_LIMITS.textBytes);
    } catch {
      return fail('The file is damaged: its compressed data is cut off or changed (the gzip check failed).');
    }
    if (!text) return fail(`The file is too big: more than ${mb(DATA_FILE_LIMITS.textBytes)} of data once unpacked.`);
  } else if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return fail(`${NOT_OURS}: it is a zip archive (an export zip goes into the analysis view, not here).`);
  }
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    return fail(`${NOT_OURS} (it is neither gzip-compressed nor text).`);
  }
  return parseDataFile(decoded);
}

/** The file is for this study, or the message that says whose it is. */
export function dataFileStudyProblem(file: Pick<DataFile, 'study' | 'participantId'>, studyId: string): string | null {
  return file.study === studyId
    ? null
    : `This file belongs to another study: "${file.study}" (participant ${file.participantId}), not "${studyId}". Add it on that study's page.`;
}

/** The chunks once each, in (taskId, seq) order. */
export function uniqueChunks(chunks: readonly DataFileChunk[]): DataFileChunk[] {
  const byKey = new Map<string, DataFileChunk>();
  for (const c of chunks) if (!byKey.has(`${c.taskId}:${c.seq}`)) byKey.set(`${c.taskId}:${c.seq}`, c);
  return [...byKey.values()].sort((a, b) => a.taskId - b.taskId || a.seq - b.seq);
}

export interface DataFileContent {
  appVersion: string;
  study: string;
  studyVersion: number;
  sessionId: string;
  participantId: string;
  consentedAt: number;
  firstTask: DataFile['firstTask'];
  recruitment: Record<string, unknown> | null;
  session: SessionUpdate | null;
  chunks: readonly { taskId: number; seq: number; events: readonly unknown[] }[];
}

/** The file's bytes: its JSON, gzip-compressed (CompressionStream: no worker needed). */
export async function encodeDataFile(content: DataFileContent, now = new Date()): Promise<Uint8Array> {
  const file = {
    type: DATA_FILE_TYPE,
    version: DATA_FILE_VERSION,
    createdAt: now.toISOString(),
    ...content,
    chunks: uniqueChunks(content.chunks as DataFileChunk[]),
  };
  return gzip(new TextEncoder().encode(JSON.stringify(file)));
}

/** Total events of the file's chunks (each key once). */
export const dataFileEvents = (file: Pick<DataFile, 'chunks'>) => uniqueChunks(file.chunks).reduce((n, c) => n + c.events.length, 0);

export const mb = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MB`;
