import type pg from 'pg';
import type { CreateSessionRequest, SessionManifest, SessionUpdate, SessionUpdateResponse } from '../../core/protocol/messages.ts';
import { recordFigures } from './record-figures.ts';

// Session rows: created at consent, their record replaced by higher revisions, deleted on withdrawal.

export async function insertSession(pool: pg.Pool, id: string, tokenSha256: Buffer, req: CreateSessionRequest): Promise<void> {
  await pool.query(
    `INSERT INTO sessions (id, token_sha256, study_id, participant_id, app_version, consented_at, config)
     VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), $7)`,
    [id, tokenSha256, req.studyId, req.participantId, req.appVersion, req.consentedAt, req.config],
  );
}

export async function sessionTokenHash(pool: pg.Pool, id: string): Promise<Buffer | undefined> {
  const { rows } = await pool.query<{ token_sha256: Buffer }>('SELECT token_sha256 FROM sessions WHERE id = $1', [id]);
  return rows[0]?.token_sha256;
}

export type UpdateOutcome = ({ kind: 'ok' } & SessionUpdateResponse) | { kind: 'conflict'; revision: number } | { kind: 'gone' };

/**
 * Applies `update` if its revision is newer; same revision: a no-op when identical, a conflict when
 * not. The monitoring figures (screens done, validation error, gaze rate, loss) come along.
 */
export async function updateSessionRecord(
  pool: pg.Pool | pg.PoolClient,
  id: string,
  update: SessionUpdate,
  recordSha256: Buffer,
): Promise<UpdateOutcome> {
  const f = recordFigures(update.record);
  const { rows } = await pool.query<{ applied: boolean; revision: number; same: boolean | null }>(
    `WITH current AS (SELECT revision, record_sha256 FROM sessions WHERE id = $1 FOR UPDATE),
     changed AS (
       UPDATE sessions s SET revision = $2, status = $3, step = $4, record = $5, record_sha256 = $6, updated_at = now(),
              screens_done = $7, gaze_source = $8, flags = $9, validation_px = $10, validation_deg = $11, gaze_hz = $12,
              loss_pct = $13, samples = $14
       FROM current WHERE s.id = $1 AND current.revision < $2
       RETURNING s.revision)
     SELECT (SELECT count(*) FROM changed) > 0 AS applied, current.revision, current.record_sha256 = $6 AS same FROM current`,
    [
      id,
      update.revision,
      update.status,
      update.step,
      update.record,
      recordSha256,
      f.screensDone,
      f.gazeSource,
      f.flags,
      f.validationPx,
      f.validationDeg,
      f.gazeHz,
      f.lossPct,
      f.samples,
    ],
  );
  const row = rows[0];
  if (!row) return { kind: 'gone' };
  if (row.applied) return { kind: 'ok', revision: update.revision, applied: true };
  if (row.revision === update.revision && !row.same) return { kind: 'conflict', revision: row.revision };
  return { kind: 'ok', revision: row.revision, applied: false };
}

/** Deletes the session and its chunks; only the study's withdrawal count remembers it. */
export async function withdrawSession(pool: pg.Pool, id: string): Promise<boolean> {
  const { rows } = await pool.query<{ study_id: string }>(
    `WITH gone AS (DELETE FROM sessions WHERE id = $1 RETURNING study_id)
     INSERT INTO withdrawals (study_id, count) SELECT study_id, 1 FROM gone
     ON CONFLICT (study_id) DO UPDATE SET count = withdrawals.count + 1
     RETURNING study_id`,
    [id],
  );
  return rows.length > 0;
}

export async function sessionManifest(pool: pg.Pool, id: string): Promise<SessionManifest | undefined> {
  const session = await pool.query<{ revision: number; status: SessionManifest['status']; step: number }>(
    'SELECT revision, status, step FROM sessions WHERE id = $1',
    [id],
  );
  const head = session.rows[0];
  if (!head) return undefined;
  const { rows } = await pool.query<{ task_id: number; seq: number; sha256: Buffer; events: number }>(
    'SELECT task_id, seq, sha256, events FROM chunks WHERE session_id = $1 ORDER BY task_id, seq',
    [id],
  );
  return {
    sessionId: id,
    revision: head.revision,
    status: head.status,
    step: head.step,
    chunks: rows.map((r) => ({ taskId: r.task_id, seq: r.seq, sha256: r.sha256.toString('hex'), events: r.events })),
  };
}
