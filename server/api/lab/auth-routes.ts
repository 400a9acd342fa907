import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  AcceptInviteSchema,
  InviteSchema,
  LoginSchema,
  PasswordChangeSchema,
  RetentionSchema,
  SESSION_COOKIE,
  type InviteResponse,
  type Researcher,
} from '../../../core/protocol/lab.ts';
import { loginCookie } from '../../lab/cookies.ts';
import { dummyHash, hashPassword, verifyPassword } from '../../lab/password.ts';
import { audit, auditEntries } from '../../store/audit.ts';
import { readRetention, writeRetention } from '../../store/retention.ts';
import {
  acceptInvitation,
  deleteLogin,
  disableResearcher,
  insertInvitation,
  insertLogin,
  listResearchers,
  passwordHashOf,
  researcherForLogin,
  setPasswordHash,
} from '../../store/researchers.ts';
import type { ApiContext } from '../context.ts';
import { refuse } from '../errors.ts';
import { limit, parseBody } from '../guards.ts';
import { requireOwner, researcherOf, sha256 } from './guard.ts';

const INVITATION_DAYS = 7;

/** Logging in and out, accounts, invitations, the audit log and the retention setting. */
export function registerLabAuthRoutes(lab: FastifyInstance, ctx: ApiContext): void {
  const startLogin = async (researcher: Researcher): Promise<string> => {
    const token = randomBytes(32).toString('base64url');
    await insertLogin(ctx.pool, sha256(token), researcher.id, ctx.lab.loginHours);
    return loginCookie(SESSION_COOKIE, token, ctx.lab.loginHours * 3600, ctx.lab.secureCookie);
  };

  lab.post('/login', { config: { public: true } }, async (request, reply) => {
    const { email, password } = parseBody(LoginSchema, request.body);
    limit(ctx.loginLimiter.take('all'), 'login');
    limit(ctx.loginLimiter.take(`email:${email}`), 'login');
    const found = await researcherForLogin(ctx.pool, email);
    // The same work whether or not the account exists, so timing does not tell.
    const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
    if (!found || !ok || found.disabled) {
      await audit(ctx.pool, null, { action: 'login-failed', detail: { email } });
      throw refuse(401, 'login', 'the e-mail or the password is wrong');
    }
    const { passwordHash: _hash, ...researcher } = found;
    reply.header('Set-Cookie', await startLogin(researcher));
    await audit(ctx.pool, researcher, { action: 'login' });
    return researcher;
  });

  lab.post('/invitations/accept', { config: { public: true } }, async (request, reply) => {
    const body = parseBody(AcceptInviteSchema, request.body);
    limit(ctx.loginLimiter.take('all'), 'invitation');
    const outcome = await acceptInvitation(ctx.pool, sha256(body.token), body.name, await hashPassword(body.password));
    if (outcome === 'invalid') throw refuse(404, 'invitation', 'is unknown, used already or expired; ask the lab owner for a new one');
    if (outcome === 'taken') throw refuse(409, 'invitation', 'is for an e-mail that has an account already; log in instead');
    await audit(ctx.pool, outcome, { action: 'invitation-accepted' });
    reply.header('Set-Cookie', await startLogin(outcome));
    return reply.code(201).send(outcome);
  });

  lab.post('/logout', async (request, reply) => {
    const researcher = researcherOf(request);
    await deleteLogin(ctx.pool, request.loginToken!);
    await audit(ctx.pool, researcher, { action: 'logout' });
    return reply
      .header('Set-Cookie', loginCookie(SESSION_COOKIE, '', 0, ctx.lab.secureCookie))
      .code(204)
      .send();
  });

  lab.get('/me', async (request) => researcherOf(request));

  lab.post('/me/password', async (request, reply) => {
    const researcher = researcherOf(request);
    const body = parseBody(PasswordChangeSchema, request.body);
    limit(ctx.loginLimiter.take(`email:${researcher.email}`), 'password');
    if (!(await verifyPassword(body.current, (await passwordHashOf(ctx.pool, researcher.id)) ?? '')))
      throw refuse(403, 'current', 'is not your current password');
    await setPasswordHash(ctx.pool, researcher.id, await hashPassword(body.next), request.loginToken!);
    await audit(ctx.pool, researcher, { action: 'password-changed' });
    return reply.code(204).send();
  });

  lab.get('/researchers', async () => listResearchers(ctx.pool));

  lab.post('/invitations', async (request, reply) => {
    const owner = requireOwner(request);
    const { email } = parseBody(InviteSchema, request.body);
    if (await researcherForLogin(ctx.pool, email)) throw refuse(409, 'email', `${email} has an account already`);
    const token = randomBytes(32).toString('base64url');
    const expires = await insertInvitation(ctx.pool, sha256(token), email, owner.id, INVITATION_DAYS);
    await audit(ctx.pool, owner, { action: 'invitation', detail: { email } });
    const body: InviteResponse = { token, expiresAt: expires.toISOString() };
    return reply.code(201).send(body);
  });

  lab.delete<{ Params: { id: string } }>('/researchers/:id', async (request) => {
    const owner = requireOwner(request);
    const gone = /^[0-9a-f-]{36}$/.test(request.params.id) ? await disableResearcher(ctx.pool, request.params.id) : undefined;
    if (!gone) throw refuse(404, 'researcher', 'is not a member of this lab (the owner cannot be removed)');
    await audit(ctx.pool, owner, { action: 'researcher-removed', detail: { email: gone.email } });
    return gone;
  });

  lab.get<{ Querystring: { before?: string; limit?: string } }>('/audit', async (request) => {
    requireOwner(request);
    const n = Number(request.query.limit ?? 200);
    const before = request.query.before === undefined ? undefined : Number(request.query.before);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw refuse(400, 'limit', 'must be a whole number from 1 to 1000');
    if (before !== undefined && (!Number.isInteger(before) || before < 1)) throw refuse(400, 'before', 'must be an audit entry id');
    return auditEntries(ctx.pool, { limit: n, ...(before === undefined ? {} : { before }) });
  });

  lab.get('/retention', async () => readRetention(ctx.pool));

  lab.put('/retention', async (request) => {
    const owner = requireOwner(request);
    const retention = parseBody(RetentionSchema, request.body);
    await writeRetention(ctx.pool, retention);
    await audit(ctx.pool, owner, { action: 'retention-set', detail: { days: retention.days } });
    return retention;
  });
}
