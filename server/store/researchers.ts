import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Researcher, ResearcherRole } from '../../core/protocol/lab.ts';

// Researcher accounts, their logins (cookie tokens, stored as hashes) and invitations.

interface ResearcherRow {
  id: string;
  email: string;
  name: string;
  role: ResearcherRole;
  created_at: Date;
  disabled_at: Date | null;
}

export const toResearcher = (r: ResearcherRow): Researcher => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  createdAt: r.created_at.toISOString(),
  disabled: r.disabled_at !== null,
});

export async function researcherCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM researchers');
  return rows[0]!.n;
}

/** Creates the account; undefined when the e-mail is taken. */
export async function insertResearcher(
  db: pg.Pool | pg.PoolClient,
  r: { email: string; name: string; role: ResearcherRole; passwordHash: string },
): Promise<Researcher | undefined> {
  const { rows } = await db.query<ResearcherRow>(
    `INSERT INTO researchers (id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO NOTHING RETURNING *`,
    [randomUUID(), r.email, r.name, r.role, r.passwordHash],
  );
  return rows[0] && toResearcher(rows[0]);
}

export async function researcherForLogin(pool: pg.Pool, email: string): Promise<(Researcher & { passwordHash: string }) | undefined> {
  const { rows } = await pool.query<ResearcherRow & { password_hash: string }>('SELECT * FROM researchers WHERE email = $1', [email]);
  return rows[0] && { ...toResearcher(rows[0]), passwordHash: rows[0].password_hash };
}

export async function passwordHashOf(pool: pg.Pool, id: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ password_hash: string }>('SELECT password_hash FROM researchers WHERE id = $1', [id]);
  return rows[0]?.password_hash;
}

export async function setPasswordHash(pool: pg.Pool, id: string, hash: string, keepLogin: Buffer): Promise<void> {
  await pool.query('UPDATE researchers SET password_hash = $2 WHERE id = $1', [id, hash]);
  // Other browsers logged in with the old password are logged out.
  await pool.query('DELETE FROM researcher_logins WHERE researcher_id = $1 AND token_sha256 <> $2', [id, keepLogin]);
}

export async function listResearchers(pool: pg.Pool): Promise<Researcher[]> {
  const { rows } = await pool.query<ResearcherRow>('SELECT * FROM researchers ORDER BY created_at');
  return rows.map(toResearcher);
}

export async function disableResearcher(pool: pg.Pool, id: string): Promise<Researcher | undefined> {
  const { rows } = await pool.query<ResearcherRow>(
    `UPDATE researchers SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 AND role = 'member' RETURNING *`,
    [id],
  );
  if (rows[0]) await pool.query('DELETE FROM researcher_logins WHERE researcher_id = $1', [id]);
  return rows[0] && toResearcher(rows[0]);
}

export async function insertLogin(pool: pg.Pool, tokenSha256: Buffer, researcherId: string, hours: number): Promise<Date> {
  const { rows } = await pool.query<{ expires_at: Date }>(
    `INSERT INTO researcher_logins (token_sha256, researcher_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))
     RETURNING expires_at`,
    [tokenSha256, researcherId, hours],
  );
  // Expired logins of anyone are swept now and then, here.
  await pool.query('DELETE FROM researcher_logins WHERE expires_at < now()');
  return rows[0]!.expires_at;
}

export async function researcherForToken(pool: pg.Pool, tokenSha256: Buffer): Promise<Researcher | undefined> {
  const { rows } = await pool.query<ResearcherRow>(
    `SELECT r.* FROM researcher_logins l JOIN researchers r ON r.id = l.researcher_id
      WHERE l.token_sha256 = $1 AND l.expires_at > now() AND r.disabled_at IS NULL`,
    [tokenSha256],
  );
  return rows[0] && toResearcher(rows[0]);
}

export async function deleteLogin(pool: pg.Pool, tokenSha256: Buffer): Promise<void> {
  await pool.query('DELETE FROM researcher_logins WHERE token_sha256 = $1', [tokenSha256]);
}

export async function insertInvitation(pool: pg.Pool, tokenSha256: Buffer, email: string, invitedBy: string, days: number): Promise<Date> {
  const { rows } = await pool.query<{ expires_at: Date }>(
    `INSERT INTO invitations (token_sha256, email, invited_by, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))
     RETURNING expires_at`,
    [tokenSha256, email, invitedBy, days],
  );
  return rows[0]!.expires_at;
}

/**
 * Uses the invitation (once, before it expires) to create a member account, in one transaction.
 * 'invalid': no such open invitation; 'taken': the e-mail has an account already.
 */
export async function acceptInvitation(
  pool: pg.Pool,
  tokenSha256: Buffer,
  name: string,
  passwordHash: string,
): Promise<Researcher | 'invalid' | 'taken'> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ email: string }>(
      `UPDATE invitations SET accepted_at = now() WHERE token_sha256 = $1 AND accepted_at IS NULL AND expires_at > now() RETURNING email`,
      [tokenSha256],
    );
    if (!rows[0]) {
      await client.query('ROLLBACK');
      return 'invalid';
    }
    const created = await insertResearcher(client, { email: rows[0].email, name, role: 'member', passwordHash });
    if (!created) {
      await client.query('ROLLBACK');
      return 'taken';
    }
    await client.query('COMMIT');
    return created;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
