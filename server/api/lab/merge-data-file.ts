import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { encodeBatch } from '../../../core/protocol/batch-frame.ts';
import { uniqueChunks, type DataFile, type DataFileChunk, type DataFileMergeResponse } from '../../../core/protocol/data-file.ts';
import { LINK_KINDS } from '../../../core/protocol/entry.ts';
import type { Researcher } from '../../../core/protocol/lab.ts';
import { LIMITS } from '../../../core/protocol/limits.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { audit } from '../../store/audit.ts';
import { updateSessionRecord } from '../../store/sessions.ts';
import { ApiError, refuse } from '../errors.ts';
import { readBatch } from '../prepare-batch.ts';
import { storeBatch } from '../store-batch.ts';

// A participant's data file into the study: in one transaction holding the session's row, the
// file's chunks go through the participant upload's own batch path (a repeat is skipped, a new one
// checked and stored; a chunk held with other events, or failing a check, is set aside and named,
// as the participant's uploader does), then its record if its revision is newer. Any other refusal
// (quota, the session) rolls everything back.

/** A batch holds at most the upload's LIMITS.batchChunks chunks and this many bytes of events (half what one request may open). */
const BATCH_RAW_BYTES = LIMITS.batchRawBytes / 2;

interface Encoded {
  chunk: DataFileChunk;
  header: { taskId: number; seq: number; sha256: string; bytes: number };
  gzip: Uint8Array;
  raw: number;
}

function encode(chunk: DataFileChunk): Encoded {
  const text = Buffer.from(JSON.stringify(chunk.events), 'utf8');
  const gzip = gzipSync(text);
  const sha256 = createHash('sha256').update(text).digest('hex');
  return { chunk, header: { taskId: chunk.taskId, seq: chunk.seq, sha256, bytes: gzip.length }, gzip, raw: text.length };
}

function* batches(chunks: readonly DataFileChunk[]): Generator<Encoded[]> {
  let batch: Encoded[] = [];
  let raw = 0;
  for (const c of chunks) {
    const e = encode(c);
    if (batch.length && (batch.length === LIMITS.batchChunks || raw + e.raw > BATCH_RAW_BYTES)) {
      yield batch;
      batch = [];
      raw = 0;
    }
    batch.push(e);
    raw += e.raw;
  }
  if (batch.length) yield batch;
}

/** "screen 2 of 41 (taskId 31)": where a chunk belongs, in the researcher's words. */
function screenName(config: StudyConfig, taskId: number): string {
  const index = config.screens.findIndex((s) => s.taskId === taskId);
  return index < 0 ? `taskId ${taskId} (not a screen of this study)` : `screen ${index + 1} of ${config.screens.length} (taskId ${taskId})`;
}

/** The session of the file, locked; created under the study's published version when the server does not know it. */
async function sessionForFile(client: pg.PoolClient, studyId: string, file: DataFile): Promise<{ config: StudyConfig; created: boolean }> {
  const { rows } = await client.query<{ study_id: string; participant_id: string; config: StudyConfig }>(
    'SELECT study_id, participant_id, config FROM sessions WHERE id = $1 FOR UPDATE',
    [file.sessionId],
  );
  const held = rows[0];
  if (held) {
    if (held.study_id !== studyId)
      throw refuse(
        409,
        'sessionId',
        `${file.sessionId} is a session of another study on this server (${held.study_id}), not of ${studyId}`,
      );
    if (held.participant_id !== file.participantId)
      throw refuse(
        409,
        'participantId',
        `the server holds session ${file.sessionId} for participant ${held.participant_id}, but the file says ${file.participantId}`,
      );
    return { config: held.config, created: false };
  }
  // Serialised with participants' starts (the counterbalancing counters, one session per participant).
  const version = await client.query<{ config: StudyConfig }>(
    `SELECT v.config FROM studies s JOIN study_versions v ON v.study_id = s.id AND v.version = $2 WHERE s.id = $1 FOR UPDATE OF s`,
    [studyId, file.studyVersion],
  );
  const config = version.rows[0]?.config;
  if (!config)
    throw refuse(
      422,
      'studyVersion',
      `the server does not know this session, and ${studyId} has no published version ${file.studyVersion} to add it under`,
    );
  const other = await client.query<{ id: string }>(
    'SELECT id FROM sessions WHERE study_id = $1 AND participant_id = $2 AND study_version IS NOT NULL',
    [studyId, file.participantId],
  );
  if (other.rows[0])
    throw refuse(
      409,
      'participantId',
      `participant ${file.participantId} already has another session in ${studyId} (${other.rows[0].id}); the file's session ${file.sessionId} is not on the server`,
    );
  const kind = (LINK_KINDS as readonly unknown[]).includes(file.recruitment?.['kind']) ? (file.recruitment!['kind'] as string) : 'named';
  const free = file.firstTask === 'Free_browsing';
  await client.query('UPDATE studies SET started_free = started_free + $2, started_search = started_search + $3 WHERE id = $1', [
    studyId,
    free ? 1 : 0,
    free ? 0 : 1,
  ]);
  await client.query(
    `INSERT INTO sessions (id, token_sha256, study_id, participant_id, app_version, consented_at, config, study_version, link_kind,
                           recruitment, first_task, screens_total)
     VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), $7, $8, $9, $10, $11, $12)`,
    [
      file.sessionId,
      // Nobody holds a write token for it: the file is its only source.
      createHash('sha256').update(randomBytes(32)).digest(),
      studyId,
      file.participantId,
      file.appVersion,
      file.consentedAt,
      config,
      file.studyVersion,
      kind,
      file.recruitment ?? { kind },
      file.firstTask,
      config.screens.length,
    ],
  );
  return { config, created: true };
}

/** A chunk the batch path refused, in the researcher's words; undefined when the refusal is not about one chunk. */
function chunkRefusal(error: unknown, config: StudyConfig): DataFileMergeResponse['refused'][number] | undefined {
  if (!(error instanceof ApiError) || !error.chunk || (error.status !== 409 && error.status !== 422)) return undefined;
  const { taskId, seq } = error.chunk;
  const field = error.problem.field.replace(/^chunks\[\d+\]\.?/, '');
  const what =
    error.status === 409
      ? 'differs from the chunk the server already holds under the same screen and number (the server keeps its own)'
      : `was refused (${field ? `${field} ` : ''}${error.problem.problem})`;
  return { taskId, seq, message: `${screenName(config, taskId)}, chunk ${seq} ${what}` };
}

/** Stores a batch through the upload's path; a chunk it refuses is set aside and the rest goes again. */
async function storeFileBatch(
  client: pg.PoolClient,
  sessionId: string,
  batch: Encoded[],
  config: StudyConfig,
  log: FastifyBaseLogger,
): Promise<{ stored: Encoded[]; already: number; refused: DataFileMergeResponse['refused'] }> {
  const refused: DataFileMergeResponse['refused'] = [];
  for (let left = batch; left.length;) {
    const frame = encodeBatch(
      { chunks: left.map((e) => e.header) },
      left.map((e) => e.gzip),
    );
    try {
      const { results } = await storeBatch(
        client,
        sessionId,
        readBatch(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)),
        log,
      );
      const stored = left.filter((_, i) => results[i]!.outcome === 'stored');
      return { stored, already: left.length - stored.length, refused };
    } catch (error) {
      // Refused before anything of the batch was written: leave the named chunk out and go again.
      const refusal = chunkRefusal(error, config);
      if (!refusal) throw error;
      const rest = left.filter((e) => e.header.taskId !== refusal.taskId || e.header.seq !== refusal.seq);
      if (rest.length === left.length) throw error;
      refused.push(refusal);
      left = rest;
    }
  }
  return { stored: [], already: 0, refused };
}

export async function mergeDataFile(
  pool: pg.Pool,
  studyId: string,
  researcher: Researcher,
  file: DataFile,
  log: FastifyBaseLogger,
): Promise<DataFileMergeResponse> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { config, created } = await sessionForFile(client, studyId, file);
    let added = 0;
    let addedEvents = 0;
    let already = 0;
    const refused: DataFileMergeResponse['refused'] = [];
    for (const batch of batches(uniqueChunks(file.chunks))) {
      const outcome = await storeFileBatch(client, file.sessionId, batch, config, log);
      added += outcome.stored.length;
      addedEvents += outcome.stored.reduce((n, e) => n + e.chunk.events.length, 0);
      already += outcome.already;
      refused.push(...outcome.refused);
    }
    let record: DataFileMergeResponse['record'] = { taken: false, fileRevision: null, serverRevision: 0 };
    if (file.session) {
      const hash = createHash('sha256').update(JSON.stringify(file.session.record)).digest();
      const outcome = await updateSessionRecord(client, file.sessionId, file.session, hash);
      if (outcome.kind === 'gone') throw refuse(404, 'session', 'was deleted meanwhile');
      record = {
        taken: outcome.kind === 'ok' && outcome.applied,
        fileRevision: file.session.revision,
        serverRevision: outcome.revision,
      };
    }
    const state = await client.query<{ status: 'active' | 'completed'; revision: number }>(
      'SELECT status, revision FROM sessions WHERE id = $1',
      [file.sessionId],
    );
    record.serverRevision = state.rows[0]!.revision;
    await audit(client, researcher, {
      action: 'data-file-added',
      studyId,
      sessionId: file.sessionId,
      detail: {
        participantId: file.participantId,
        created,
        added,
        addedEvents,
        already,
        refused: refused.map((r) => `${r.taskId}:${r.seq}`),
        recordTaken: record.taken,
        fileCreatedAt: file.createdAt,
      },
    });
    await client.query('COMMIT');
    return {
      sessionId: file.sessionId,
      participantId: file.participantId,
      created,
      added,
      addedEvents,
      already,
      refused,
      record,
      status: state.rows[0]!.status,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
