import type pg from 'pg';
import {
  DEFAULT_STUDY_SETTINGS,
  type Researcher,
  type StudyDetail,
  type StudySettings,
  type StudyState,
  type StudySummary,
  type StudyVersionInfo,
  type UpdateSettings,
} from '../../core/protocol/lab.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';

// Studies on the server: an editable draft config, immutable published versions (snapshots of
// the draft), a state, settings, and who may see them.

export type Access = 'missing' | 'none' | 'collaborator' | 'manager';

/**
 * What a researcher may do with a study: the lab's owner and the study's creator manage it
 * (sharing, deleting it); researchers it is shared with collaborate (edit, publish, run, export).
 */
export async function studyAccess(pool: pg.Pool, studyId: string, researcher: Researcher): Promise<Access> {
  const { rows } = await pool.query<{ created_by: string | null; shared: boolean }>(
    `SELECT created_by, EXISTS (SELECT 1 FROM study_access a WHERE a.study_id = s.id AND a.researcher_id = $2) AS shared
       FROM studies s WHERE id = $1`,
    [studyId, researcher.id],
  );
  const row = rows[0];
  if (!row) return 'missing';
  if (researcher.role === 'owner' || row.created_by === researcher.id) return 'manager';
  return row.shared ? 'collaborator' : 'none';
}

const SUMMARY_COLUMNS = `s.id, s.name, s.state, s.published_version, s.target, s.updated_at, s.created_by,
  (s.published_version IS NULL OR s.draft IS DISTINCT FROM (SELECT v.config FROM study_versions v WHERE v.study_id = s.id AND v.version = s.published_version)) AS draft_changed,
  (SELECT count(*)::int FROM sessions x WHERE x.study_id = s.id AND x.study_version IS NOT NULL) AS started,
  (SELECT count(*)::int FROM sessions x WHERE x.study_id = s.id AND x.study_version IS NOT NULL AND x.status = 'completed') AS completed,
  (SELECT r.name FROM researchers r WHERE r.id = s.created_by) AS creator`;

interface SummaryRow {
  id: string;
  name: string;
  state: StudyState;
  published_version: number | null;
  target: number | null;
  updated_at: Date;
  created_by: string | null;
  draft_changed: boolean;
  started: number;
  completed: number;
  creator: string | null;
}

const toSummary = (r: SummaryRow): StudySummary => ({
  id: r.id,
  name: r.name,
  state: r.state,
  publishedVersion: r.published_version,
  draftChanged: r.draft_changed,
  target: r.target,
  started: r.started,
  completed: r.completed,
  createdBy: r.creator,
  updatedAt: r.updated_at.toISOString(),
});

/** The studies a researcher may see (all of them for the owner), newest change first. */
export async function listStudies(pool: pg.Pool, researcher: Researcher): Promise<StudySummary[]> {
  const { rows } = await pool.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM studies s
      WHERE $2 = 'owner' OR s.created_by = $1 OR EXISTS (SELECT 1 FROM study_access a WHERE a.study_id = s.id AND a.researcher_id = $1)
      ORDER BY s.updated_at DESC`,
    [researcher.id, researcher.role],
  );
  return rows.map(toSummary);
}

/** undefined when the id is taken. */
export async function insertStudy(
  pool: pg.Pool,
  researcher: Researcher,
  config: StudyConfig,
  studio: Record<string, unknown> | null,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO studies (id, name, created_by, draft, draft_studio, settings) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [config.id, config.name, researcher.id, config, studio, DEFAULT_STUDY_SETTINGS],
  );
  return rowCount === 1;
}

export async function studyDetail(pool: pg.Pool, studyId: string, access: Access): Promise<StudyDetail | undefined> {
  const { rows } = await pool.query<
    SummaryRow & {
      draft: StudyConfig;
      draft_studio: Record<string, unknown> | null;
      draft_revision: number;
      settings: Partial<StudySettings>;
      started_free: number;
      started_search: number;
      withdrawn: number | null;
    }
  >(
    `SELECT ${SUMMARY_COLUMNS}, s.draft, s.draft_studio, s.draft_revision, s.settings, s.started_free, s.started_search,
            (SELECT w.count FROM withdrawals w WHERE w.study_id = s.id) AS withdrawn
       FROM studies s WHERE s.id = $1`,
    [studyId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const versions = await pool.query<{ version: number; published_at: Date; name: string | null; screens: number }>(
    `SELECT v.version, v.published_at, r.name, jsonb_array_length(v.config->'screens') AS screens
       FROM study_versions v LEFT JOIN researchers r ON r.id = v.published_by WHERE v.study_id = $1 ORDER BY v.version DESC`,
    [studyId],
  );
  const shared = await pool.query<{ id: string; name: string; email: string }>(
    `SELECT r.id, r.name, r.email FROM study_access a JOIN researchers r ON r.id = a.researcher_id WHERE a.study_id = $1 ORDER BY r.name`,
    [studyId],
  );
  return {
    ...toSummary(r),
    draft: r.draft,
    studio: r.draft_studio,
    draftRevision: r.draft_revision,
    versions: versions.rows.map((v): StudyVersionInfo => ({
      version: v.version,
      publishedAt: v.published_at.toISOString(),
      publishedBy: v.name,
      screens: v.screens,
    })),
    settings: settingsOf(r.settings),
    access: shared.rows,
    counterbalance: { Free_browsing: r.started_free, Semi_free_direct_search: r.started_search },
    withdrawn: r.withdrawn ?? 0,
    canManage: access === 'manager',
  };
}

/** Stored settings over the defaults (a setting added later gets its default). */
export function settingsOf(stored: Partial<StudySettings> | null | undefined): StudySettings {
  return {
    ...DEFAULT_STUDY_SETTINGS,
    ...stored,
    exclusion: { ...DEFAULT_STUDY_SETTINGS.exclusion, ...stored?.exclusion },
  };
}

export async function saveDraft(
  pool: pg.Pool,
  studyId: string,
  config: StudyConfig,
  studio: Record<string, unknown> | null,
  baseRevision: number,
): Promise<{ kind: 'ok'; revision: number } | { kind: 'conflict'; revision: number }> {
  const { rows } = await pool.query<{ draft_revision: number; saved: boolean }>(
    `WITH saved AS (
       UPDATE studies SET draft = $2, draft_studio = $3, name = $4, draft_revision = draft_revision + 1, updated_at = now()
        WHERE id = $1 AND draft_revision = $5 RETURNING draft_revision)
     SELECT coalesce((SELECT draft_revision FROM saved), (SELECT draft_revision FROM studies WHERE id = $1)) AS draft_revision,
            EXISTS (SELECT 1 FROM saved) AS saved`,
    [studyId, config, studio, config.name, baseRevision],
  );
  const row = rows[0]!;
  return row.saved ? { kind: 'ok', revision: row.draft_revision } : { kind: 'conflict', revision: row.draft_revision };
}

/** Freezes the draft as the next version; 'unchanged' when it equals the latest one. */
export async function publishDraft(pool: pg.Pool, studyId: string, researcher: Researcher): Promise<{ version: number } | 'unchanged'> {
  const { rows } = await pool.query<{ version: number }>(
    `WITH s AS (
       SELECT id, draft, coalesce(published_version, 0) AS latest FROM studies WHERE id = $1 FOR UPDATE),
     v AS (
       INSERT INTO study_versions (study_id, version, config, config_sha256, published_by)
       SELECT s.id, s.latest + 1, s.draft, sha256(convert_to(s.draft::text, 'UTF8')), $2 FROM s
        WHERE s.latest = 0 OR s.draft IS DISTINCT FROM (SELECT config FROM study_versions x WHERE x.study_id = s.id AND x.version = s.latest)
       RETURNING version)
     UPDATE studies SET published_version = v.version, updated_at = now() FROM v WHERE studies.id = $1 RETURNING v.version`,
    [studyId, researcher.id],
  );
  return rows[0] ? { version: rows[0].version } : 'unchanged';
}

const TRANSITIONS: Record<StudyState, readonly StudyState[]> = {
  draft: ['open', 'closed'],
  open: ['paused', 'closed'],
  paused: ['open', 'closed'],
  closed: ['open'],
};

export async function changeState(
  pool: pg.Pool,
  studyId: string,
  next: StudyState,
): Promise<{ kind: 'ok'; from: StudyState } | { kind: 'refused'; problem: string }> {
  const { rows } = await pool.query<{ state: StudyState; published_version: number | null }>(
    'SELECT state, published_version FROM studies WHERE id = $1',
    [studyId],
  );
  const current = rows[0];
  if (!current) return { kind: 'refused', problem: 'the study does not exist' };
  if (current.state === next) return { kind: 'ok', from: current.state };
  if (!TRANSITIONS[current.state].includes(next))
    return {
      kind: 'refused',
      problem: `cannot go from ${current.state} to ${next} (from ${current.state}: ${TRANSITIONS[current.state].join(' or ')})`,
    };
  if (next === 'open' && current.published_version === null)
    return { kind: 'refused', problem: 'publish a version before opening the study' };
  const { rowCount } = await pool.query('UPDATE studies SET state = $2, updated_at = now() WHERE id = $1 AND state = $3', [
    studyId,
    next,
    current.state,
  ]);
  return rowCount === 1
    ? { kind: 'ok', from: current.state }
    : { kind: 'refused', problem: 'the state changed meanwhile; reload and retry' };
}

export async function updateStudySettings(pool: pg.Pool, studyId: string, update: UpdateSettings): Promise<void> {
  await pool.query('UPDATE studies SET target = $2, settings = $3, updated_at = now() WHERE id = $1', [
    studyId,
    update.target,
    update.settings,
  ]);
}

export async function shareStudy(pool: pg.Pool, studyId: string, researcherId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO study_access (study_id, researcher_id) SELECT $1, id FROM researchers WHERE id = $2 AND disabled_at IS NULL
     ON CONFLICT DO NOTHING`,
    [studyId, researcherId],
  );
  return rowCount === 1;
}

export async function unshareStudy(pool: pg.Pool, studyId: string, researcherId: string): Promise<boolean> {
  const { rowCount } = await pool.query('DELETE FROM study_access WHERE study_id = $1 AND researcher_id = $2', [studyId, researcherId]);
  return rowCount === 1;
}

/** Deletes the study, its versions and every session of it with their chunks; returns what went. */
export async function deleteStudy(pool: pg.Pool, studyId: string): Promise<{ sessions: number; chunks: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ sessions: number; chunks: number }>(
      `SELECT count(*)::int AS sessions, coalesce(sum(chunk_count), 0)::int AS chunks FROM sessions WHERE study_id = $1 AND study_version IS NOT NULL`,
      [studyId],
    );
    await client.query('DELETE FROM sessions WHERE study_id = $1 AND study_version IS NOT NULL', [studyId]);
    await client.query('DELETE FROM withdrawals WHERE study_id = $1', [studyId]);
    await client.query('DELETE FROM studies WHERE id = $1', [studyId]);
    await client.query('COMMIT');
    return rows[0]!;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
