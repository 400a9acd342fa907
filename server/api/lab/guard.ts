import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type Researcher } from '../../../core/protocol/lab.ts';
import { readCookie } from '../../lab/cookies.ts';
import { researcherForToken } from '../../store/researchers.ts';
import { studyAccess, type Access } from '../../store/studies.ts';
import type { ApiContext } from '../context.ts';
import { refuse } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in researcher on /api/lab routes (set by the lab's onRequest hook). */
    researcher: Researcher | null;
    /** SHA-256 of the login cookie's token. */
    loginToken: Buffer | null;
  }
  interface FastifyContextConfig {
    /** A /api/lab route that needs no login (logging in, accepting an invitation). */
    public?: boolean;
  }
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** The researcher of the request's login cookie; 401 without a valid one. */
export async function requireLogin(ctx: ApiContext, request: FastifyRequest): Promise<void> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) throw refuse(401, 'login', 'is required: log in to the workspace first');
  const hash = sha256(token);
  const researcher = await researcherForToken(ctx.pool, hash);
  if (!researcher) throw refuse(401, 'login', 'has expired or was ended; log in again');
  request.researcher = researcher;
  request.loginToken = hash;
}

export function researcherOf(request: FastifyRequest): Researcher {
  if (!request.researcher) throw refuse(401, 'login', 'is required: log in to the workspace first');
  return request.researcher;
}

export function requireOwner(request: FastifyRequest): Researcher {
  const r = researcherOf(request);
  if (r.role !== 'owner') throw refuse(403, 'researcher', `${r.email} is a member; only the lab's owner may do this`);
  return r;
}

const STUDY_ID_RE = /^[a-z0-9][a-z0-9-]{0,127}$/;

/**
 * The study in the URL, if the researcher may work on it: 404 when it does not exist, 403 when it
 * is not shared with them (or, for `manager`, when they are only a collaborator).
 */
export async function studyFor(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: { study: string } }>,
  need: 'collaborator' | 'manager' = 'collaborator',
): Promise<{ studyId: string; researcher: Researcher; access: Access }> {
  const researcher = researcherOf(request);
  const studyId = request.params.study;
  if (!STUDY_ID_RE.test(studyId)) throw refuse(404, 'study', `"${studyId.slice(0, 64)}" is not a study id`);
  const access = await studyAccess(ctx.pool, studyId, researcher);
  if (access === 'missing') throw refuse(404, 'study', `${studyId} does not exist`);
  if (access === 'none') throw refuse(403, 'study', `${studyId} is not shared with ${researcher.email}`);
  if (need === 'manager' && access !== 'manager')
    throw refuse(403, 'study', `only the lab's owner or the researcher who created ${studyId} may do this`);
  return { studyId, researcher, access };
}

export const SESSION_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function sessionParam(id: string): string {
  if (!SESSION_ID_RE.test(id)) throw refuse(404, 'session', `"${id.slice(0, 64)}" is not a session id`);
  return id;
}
