import type pg from 'pg';
import type { AuditEntry, Researcher } from '../../core/protocol/lab.ts';

// The audit log: who logged in, exported and deleted what, and when. Only the owner reads it.

export interface AuditEvent {
  action: string;
  studyId?: string | null;
  sessionId?: string | null;
  detail?: Record<string, unknown>;
}

export async function audit(db: pg.Pool | pg.PoolClient, actor: Pick<Researcher, 'id' | 'email'> | null, event: AuditEvent): Promise<void> {
  await db.query('INSERT INTO audit_log (researcher_id, actor, action, study_id, session_id, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    actor?.id ?? null,
    actor?.email ?? null,
    event.action,
    event.studyId ?? null,
    event.sessionId ?? null,
    event.detail ?? {},
  ]);
}

export async function auditEntries(pool: pg.Pool, options: { limit: number; before?: number }): Promise<AuditEntry[]> {
  const { rows } = await pool.query<{
    id: string;
    at: Date;
    actor: string | null;
    action: string;
    study_id: string | null;
    session_id: string | null;
    detail: Record<string, unknown>;
  }>('SELECT * FROM audit_log WHERE ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $1', [options.limit, options.before ?? null]);
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    studyId: r.study_id,
    sessionId: r.session_id,
    detail: r.detail,
  }));
}
