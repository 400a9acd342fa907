import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { LinkKind, ParticipantFromLink, UnavailableReason } from '../../core/protocol/entry.ts';
import type { StudySettings, StudyState } from '../../core/protocol/lab.ts';
import type { FirstTask, Recruitment } from '../../core/records.ts';
import { sequentialParticipantId } from '../../core/study-config/counterbalance.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';
import { settingsOf } from './studies.ts';

// Participants entering a study through its link: what the link opens (read only) and, at
// consent, a new session or the participant's earlier one. Starts of a study are serialised by a
// row lock on the study, so the counterbalancing counters and the target hold under concurrent
// starts.

export interface EntryStudy {
  id: string;
  name: string;
  state: StudyState;
  version: number | null;
  config: StudyConfig | null;
  target: number | null;
  settings: StudySettings;
  started: number;
}

export interface ExistingSession {
  id: string;
  status: 'active' | 'completed';
  version: number;
  config: StudyConfig;
  firstTask: FirstTask;
  recruitment: Recruitment;
  step: number;
  revision: number;
  /** The record its browser uploaded last (null before the first upload). */
  record: Record<string, unknown> | null;
}

export async function entryStudy(db: pg.Pool | pg.PoolClient, studyId: string, lock = false): Promise<EntryStudy | undefined> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    state: StudyState;
    published_version: number | null;
    config: StudyConfig | null;
    target: number | null;
    settings: Partial<StudySettings>;
    started: number;
  }>(
    `SELECT s.id, s.name, s.state, s.published_version, v.config, s.target, s.settings,
            (SELECT count(*)::int FROM sessions x WHERE x.study_id = s.id AND x.study_version IS NOT NULL) AS started
       FROM studies s LEFT JOIN study_versions v ON v.study_id = s.id AND v.version = s.published_version
      WHERE s.id = $1 ${lock ? 'FOR UPDATE OF s' : ''}`,
    [studyId],
  );
  const r = rows[0];
  return (
    r && {
      id: r.id,
      name: r.name,
      state: r.state,
      version: r.published_version,
      config: r.config,
      target: r.target,
      settings: settingsOf(r.settings),
      started: r.started,
    }
  );
}

export async function existingSession(
  db: pg.Pool | pg.PoolClient,
  studyId: string,
  participantId: string,
): Promise<ExistingSession | undefined> {
  const { rows } = await db.query<{
    id: string;
    status: 'active' | 'completed';
    study_version: number;
    config: StudyConfig;
    first_task: FirstTask;
    recruitment: Recruitment;
    step: number;
    revision: number;
    record: Record<string, unknown> | null;
  }>(
    `SELECT id, status, study_version, config, first_task, recruitment, step, revision, record FROM sessions
      WHERE study_id = $1 AND participant_id = $2 AND study_version IS NOT NULL`,
    [studyId, participantId],
  );
  const r = rows[0];
  return (
    r && {
      id: r.id,
      status: r.status,
      version: r.study_version,
      config: r.config,
      firstTask: r.first_task,
      recruitment: r.recruitment,
      step: r.step,
      revision: r.revision,
      record: r.record,
    }
  );
}

/** Why this study turns a link away before looking at the participant, or null. */
export function studyUnavailable(study: EntryStudy | undefined, kind: LinkKind): UnavailableReason | null {
  if (!study) return 'unknown';
  if (study.state === 'draft' || study.version === null) return 'draft';
  if (study.state === 'paused') return 'paused';
  if (study.state === 'closed') return 'closed';
  if (!study.settings.links.includes(kind)) return 'link';
  return null;
}

export const isFull = (study: EntryStudy) => study.target !== null && study.started >= study.target;

/** Counterbalancing over started sessions: the block that has started fewer times goes first. */
export function assignFirstTask(policy: StudyConfig['blockOrder'], started: { free: number; search: number }): FirstTask {
  if (policy === 'free_first') return 'Free_browsing';
  if (policy === 'search_first') return 'Semi_free_direct_search';
  return started.free <= started.search ? 'Free_browsing' : 'Semi_free_direct_search';
}

export type StartOutcome =
  | { kind: 'started' | 'resumed'; sessionId: string; participantId: string; session: ExistingSession }
  | { kind: 'unavailable'; reason: UnavailableReason; studyName: string | null };

/**
 * In one transaction holding the study's row lock: resumes the participant's session (with a new
 * write token) or starts one with a server-assigned block order (and id, for anonymous links).
 */
export async function startOrResume(
  pool: pg.Pool,
  studyId: string,
  who: ParticipantFromLink,
  request: { consentedAt: number; appVersion: string; tokenSha256: Buffer },
): Promise<StartOutcome> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const study = await entryStudy(client, studyId, true);
    const refused = studyUnavailable(study, who.kind);
    const done = async (outcome: StartOutcome) => {
      await client.query(outcome.kind === 'unavailable' ? 'ROLLBACK' : 'COMMIT');
      return outcome;
    };
    if (refused || !study) return await done({ kind: 'unavailable', reason: refused ?? 'unknown', studyName: study?.name ?? null });
    if (who.participantId !== null) {
      const earlier = await existingSession(client, studyId, who.participantId);
      if (earlier?.status === 'completed') return await done({ kind: 'unavailable', reason: 'completed', studyName: study.name });
      if (earlier) {
        await client.query('UPDATE sessions SET token_sha256 = $2, updated_at = now() WHERE id = $1', [earlier.id, request.tokenSha256]);
        return await done({ kind: 'resumed', sessionId: earlier.id, participantId: who.participantId, session: earlier });
      }
    }
    if (isFull(study)) return await done({ kind: 'unavailable', reason: 'full', studyName: study.name });
    const config = study.config!;
    const counters = await client.query<{ started_free: number; started_search: number; anonymous_count: number }>(
      'SELECT started_free, started_search, anonymous_count FROM studies WHERE id = $1',
      [studyId],
    );
    const c = counters.rows[0]!;
    const firstTask = assignFirstTask(config.blockOrder, { free: c.started_free, search: c.started_search });
    let participantId = who.participantId;
    let anonymous = c.anonymous_count;
    while (participantId === null) {
      anonymous++;
      const candidate = sequentialParticipantId(config.site, anonymous);
      // A named participant may already use the next automatic id: skip it.
      if (!(await existingSession(client, studyId, candidate))) participantId = candidate;
    }
    await client.query(
      `UPDATE studies SET started_free = started_free + $2, started_search = started_search + $3, anonymous_count = $4 WHERE id = $1`,
      [studyId, firstTask === 'Free_browsing' ? 1 : 0, firstTask === 'Free_browsing' ? 0 : 1, anonymous],
    );
    const sessionId = randomUUID();
    await client.query(
      `INSERT INTO sessions (id, token_sha256, study_id, participant_id, app_version, consented_at, config, study_version, link_kind,
                             recruitment, first_task, screens_total)
       VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), $7, $8, $9, $10, $11, $12)`,
      [
        sessionId,
        request.tokenSha256,
        studyId,
        participantId,
        request.appVersion,
        request.consentedAt,
        config,
        study.version,
        who.kind,
        who.recruitment,
        firstTask,
        config.screens.length,
      ],
    );
    return await done({
      kind: 'started',
      sessionId,
      participantId,
      session: {
        id: sessionId,
        status: 'active',
        version: study.version!,
        config,
        firstTask,
        recruitment: who.recruitment,
        step: 0,
        revision: 0,
        record: null,
      },
    });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
