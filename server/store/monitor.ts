import type pg from 'pg';
import type { LinkKind } from '../../core/protocol/entry.ts';
import {
  exclusionReasons,
  sessionState,
  type MonitorSession,
  type ScreenQualityRow,
  type SessionDetail,
  type SessionsList,
  type StudySettings,
} from '../../core/protocol/lab.ts';
import type { FirstTask, Recruitment } from '../../core/records.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';
import { screenFigures } from './record-figures.ts';

// The live sessions list of a study: one indexed scan of `sessions` (the figures are columns,
// written when a record or chunks arrive), states and exclusion flags computed here.

interface MonitorRow {
  id: string;
  participant_id: string;
  link_kind: LinkKind | null;
  recruitment: Recruitment | null;
  study_version: number | null;
  first_task: FirstTask | null;
  status: 'active' | 'completed';
  step: number;
  last_task_id: number | null;
  screens_done: number;
  screens_total: number | null;
  consented_at: Date;
  updated_at: Date;
  gaze_source: string | null;
  flags: string[];
  validation_px: number | null;
  validation_deg: number | null;
  gaze_hz: number | null;
  loss_pct: number | null;
  samples: number | null;
  chunk_count: number;
  stored_bytes: string;
}

const MONITOR_COLUMNS = `id, participant_id, link_kind, recruitment, study_version, first_task, status, step, last_task_id, screens_done,
  screens_total, consented_at, updated_at, gaze_source, flags, validation_px, validation_deg, gaze_hz, loss_pct, samples, chunk_count,
  stored_bytes`;

function toMonitor(r: MonitorRow, settings: StudySettings, nowMs: number): MonitorSession {
  const figures = { validationPx: r.validation_px, validationDeg: r.validation_deg, gazeHz: r.gaze_hz, lossPct: r.loss_pct };
  return {
    id: r.id,
    participantId: r.participant_id,
    linkKind: r.link_kind,
    recruitment: r.recruitment,
    version: r.study_version,
    firstTask: r.first_task,
    state: sessionState(
      { status: r.status, chunks: r.chunk_count, step: r.step, lastSeenMs: r.updated_at.getTime() },
      nowMs,
      settings.abandonAfterMinutes,
    ),
    step: r.step,
    currentTaskId: r.last_task_id,
    screensDone: r.screens_done,
    screensTotal: r.screens_total,
    consentedAt: r.consented_at.toISOString(),
    lastSeenAt: r.updated_at.toISOString(),
    gazeSource: r.gaze_source,
    flags: r.flags,
    samples: r.samples,
    chunks: r.chunk_count,
    bytes: Number(r.stored_bytes),
    ...figures,
    excludedBy: exclusionReasons(settings.exclusion, figures),
  };
}

export async function listStudySessions(pool: pg.Pool, studyId: string, settings: StudySettings): Promise<SessionsList> {
  const [{ rows }, clock, withdrawn] = await Promise.all([
    pool.query<MonitorRow>(
      `SELECT ${MONITOR_COLUMNS} FROM sessions WHERE study_id = $1 AND study_version IS NOT NULL ORDER BY consented_at DESC, created_at DESC, id DESC`,
      [studyId],
    ),
    pool.query<{ now: Date }>('SELECT now() AS now'),
    pool.query<{ count: number }>('SELECT count FROM withdrawals WHERE study_id = $1', [studyId]),
  ]);
  const now = clock.rows[0]!.now;
  return {
    now: now.toISOString(),
    sessions: rows.map((r) => toMonitor(r, settings, now.getTime())),
    withdrawn: withdrawn.rows[0]?.count ?? 0,
  };
}

export async function studySessionDetail(
  pool: pg.Pool,
  studyId: string,
  sessionId: string,
  settings: StudySettings,
): Promise<SessionDetail | undefined> {
  const { rows } = await pool.query<MonitorRow & { record: Record<string, unknown> | null; config: StudyConfig; now: Date }>(
    `SELECT ${MONITOR_COLUMNS}, record, config, now() AS now FROM sessions WHERE id = $1 AND study_id = $2 AND study_version IS NOT NULL`,
    [sessionId, studyId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const perScreen = await pool.query<{ task_id: number; chunks: number; events: number; bytes: number }>(
    `SELECT task_id, count(*)::int AS chunks, sum(events)::int AS events, sum(octet_length(gzip))::int AS bytes
       FROM chunks WHERE session_id = $1 GROUP BY task_id`,
    [sessionId],
  );
  const quality = new Map(screenFigures(r.record).map((q) => [q.taskId, q]));
  const stored = new Map(perScreen.rows.map((c) => [c.task_id, c]));
  const taskOf = new Map(r.config.screens.map((s) => [s.taskId, s.task]));
  const order = screenOrder(r.config, r.first_task);
  const rank = (taskId: number) => order.get(taskId) ?? Number.MAX_SAFE_INTEGER;
  const screens: ScreenQualityRow[] = [...new Set([...quality.keys(), ...stored.keys()])]
    .sort((a, b) => rank(a) - rank(b) || a - b)
    .map((taskId) => {
      const q = quality.get(taskId);
      const c = stored.get(taskId);
      return {
        taskId,
        task: taskOf.get(taskId) ?? null,
        samples: q?.samples ?? null,
        lostPct: q?.lostPct ?? null,
        gazeHz: q?.gazeHz ?? null,
        durationMs: q?.durationMs ?? null,
        chunks: c?.chunks ?? 0,
        events: c?.events ?? 0,
        bytes: c?.bytes ?? 0,
      };
    });
  const environment = r.record && typeof r.record.environment === 'object' ? (r.record.environment as Record<string, unknown>) : null;
  return { session: toMonitor(r, settings, r.now.getTime()), screens, environment };
}

/** Position of each screen in the participant's flow: practice, then the two blocks in the assigned order. */
export function screenOrder(config: StudyConfig, firstTask: FirstTask | null): Map<number, number> {
  const of = (task: string) => config.screens.filter((s) => s.task === task);
  const free = of('free_browsing');
  const search = [...of('semi_free'), ...of('direct_search')];
  const blocks = firstTask === 'Semi_free_direct_search' ? [search, free] : [free, search];
  return new Map([...of('practice'), ...blocks.flat()].map((s, i) => [s.taskId, i]));
}

/** A researcher deletes one session of a study (not a withdrawal: no count is kept). */
export async function deleteStudySession(
  pool: pg.Pool,
  studyId: string,
  sessionId: string,
): Promise<{ participantId: string; chunks: number } | undefined> {
  const { rows } = await pool.query<{ participant_id: string; chunk_count: number }>(
    'DELETE FROM sessions WHERE id = $1 AND study_id = $2 AND study_version IS NOT NULL RETURNING participant_id, chunk_count',
    [sessionId, studyId],
  );
  return rows[0] && { participantId: rows[0].participant_id, chunks: rows[0].chunk_count };
}

export async function sessionParticipant(pool: pg.Pool, studyId: string, sessionId: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ participant_id: string }>(
    'SELECT participant_id FROM sessions WHERE id = $1 AND study_id = $2 AND study_version IS NOT NULL',
    [sessionId, studyId],
  );
  return rows[0]?.participant_id;
}
