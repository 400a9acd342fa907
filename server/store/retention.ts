import type pg from 'pg';
import type { Retention } from '../../core/protocol/lab.ts';
import { audit } from './audit.ts';

// The lab's retention setting: sessions of server studies older than this many days (since the server created them)
// are deleted with their chunks by a sweep at start and every hour, and the sweep is audited.

export async function readRetention(pool: pg.Pool): Promise<Retention> {
  const { rows } = await pool.query<{ value: Retention }>(`SELECT value FROM lab_settings WHERE key = 'retention'`);
  return rows[0]?.value ?? { days: null };
}

export async function writeRetention(pool: pg.Pool, retention: Retention): Promise<void> {
  await pool.query(
    `INSERT INTO lab_settings (key, value) VALUES ('retention', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [retention],
  );
}

/** Deletes what the retention setting says has expired; returns how many sessions went. */
export async function sweepRetention(pool: pg.Pool): Promise<number> {
  const { days } = await readRetention(pool);
  if (days === null) return 0;
  const { rows } = await pool.query<{ study_id: string; n: number }>(
    `WITH gone AS (
       DELETE FROM sessions WHERE study_version IS NOT NULL AND created_at < now() - make_interval(days => $1) RETURNING study_id)
     SELECT study_id, count(*)::int AS n FROM gone GROUP BY study_id`,
    [days],
  );
  for (const r of rows) await audit(pool, null, { action: 'retention-delete', studyId: r.study_id, detail: { sessions: r.n, days } });
  return rows.reduce((n, r) => n + r.n, 0);
}
