import type { FastifyInstance } from 'fastify';
import {
  CompleteSchema,
  EntryStartSchema,
  fillCompletionUrl,
  participantFromLink,
  unavailableMessage,
  type CompleteResponse,
  type EntryResolution,
  type EntryStartResponse,
  type EntryUnavailable,
  type UnavailableReason,
} from '../../core/protocol/entry.ts';
import type { Recruitment } from '../../core/records.ts';
import { entryStudy, existingSession, isFull, startOrResume, studyUnavailable } from '../store/entry.ts';
import { settingsOf } from '../store/studies.ts';
import { newToken, tokenHash } from './auth.ts';
import type { ApiContext } from './context.ts';
import { ApiError, refuse } from './errors.ts';
import { authorizeSession, limit, parseBody, type SessionParams } from './guards.ts';

type EntryParams = { Params: { study: string } };

const STUDY_ID_RE = /^[a-z0-9][a-z0-9-]{0,127}$/;

export function unavailable(reason: UnavailableReason, studyName: string | null): EntryUnavailable {
  const { title, text } = unavailableMessage(reason, studyName);
  return { outcome: 'unavailable', reason, studyName, title, message: text };
}

function who(params: Readonly<Record<string, string | undefined>>) {
  const parsed = participantFromLink(params);
  if (!parsed.ok) throw new ApiError(422, parsed.problem);
  return parsed.value;
}

/**
 * A study link's participant side: GET resolves the link (nothing is stored: the page needs the
 * consent text first), POST at consent starts or resumes the session, and /complete hands out the
 * completion URL and code once the server holds every chunk the browser recorded.
 */
export function registerEntryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<EntryParams & { Querystring: Record<string, string> }>('/api/entry/:study', async (request): Promise<EntryResolution> => {
    const studyId = request.params.study;
    if (!STUDY_ID_RE.test(studyId)) return unavailable('unknown', null);
    const participant = who(request.query);
    const study = await entryStudy(ctx.pool, studyId);
    const refused = studyUnavailable(study, participant.kind);
    if (refused || !study) return unavailable(refused ?? 'unknown', study?.name ?? null);
    const earlier = participant.participantId === null ? undefined : await existingSession(ctx.pool, studyId, participant.participantId);
    if (earlier?.status === 'completed') return unavailable('completed', study.name);
    if (!earlier && isFull(study)) return unavailable('full', study.name);
    return {
      outcome: 'open',
      studyId,
      studyName: study.name,
      version: earlier?.version ?? study.version!,
      config: earlier?.config ?? study.config!,
      participantId: participant.participantId,
      resumes: earlier !== undefined,
    };
  });

  app.post<EntryParams>('/api/entry/:study', { bodyLimit: 64 * 1024 }, async (request, reply): Promise<EntryStartResponse> => {
    limit(ctx.createLimiter.take('create'), 'sessions');
    const studyId = request.params.study;
    const body = parseBody(EntryStartSchema, request.body);
    if (!STUDY_ID_RE.test(studyId)) return unavailable('unknown', null);
    const token = newToken();
    const outcome = await startOrResume(ctx.pool, studyId, who(body.params), {
      consentedAt: body.consentedAt,
      appVersion: body.appVersion,
      tokenSha256: tokenHash(token),
    });
    if (outcome.kind === 'unavailable') return unavailable(outcome.reason, outcome.studyName);
    // A resumed session's earlier token stops working here at once.
    ctx.authorizer.forget(outcome.sessionId);
    const s = outcome.session;
    reply.code(outcome.kind === 'started' ? 201 : 200);
    return {
      outcome: outcome.kind,
      sessionId: outcome.sessionId,
      token,
      participantId: outcome.participantId,
      firstTask: s.firstTask,
      version: s.version,
      config: s.config,
      recruitment: s.recruitment,
      step: s.step,
      revision: s.revision,
      record: outcome.kind === 'resumed' ? s.record : null,
    };
  });

  app.post<SessionParams>('/api/sessions/:id/complete', { bodyLimit: 1024 }, async (request): Promise<CompleteResponse> => {
    const id = await authorizeSession(ctx, request);
    const { chunks } = parseBody(CompleteSchema, request.body);
    const { rows } = await ctx.pool.query<{
      status: string;
      chunk_count: number;
      participant_id: string;
      recruitment: Recruitment | null;
      settings: Parameters<typeof settingsOf>[0] | null;
    }>(
      `SELECT s.status, s.chunk_count, s.participant_id, s.recruitment, st.settings
         FROM sessions s LEFT JOIN studies st ON st.id = s.study_id AND s.study_version IS NOT NULL WHERE s.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) throw refuse(404, 'session', 'does not exist (withdrawn and deleted)');
    if (r.status !== 'completed') throw refuse(409, 'session', "is not completed yet: send the record with status 'completed' first");
    if (r.chunk_count < chunks)
      throw refuse(409, 'chunks', `the server holds ${r.chunk_count} of the ${chunks} chunks recorded; send the rest first`);
    // Everything is in: the session's share of every export is made now, in the background.
    ctx.parts.enqueue(id);
    if (!r.settings) return { completionUrl: null, completionCode: null };
    const settings = settingsOf(r.settings);
    return {
      completionUrl:
        settings.completionUrl && fillCompletionUrl(settings.completionUrl, r.participant_id, r.recruitment ?? { kind: 'named' }),
      completionCode: settings.completionCode,
    };
  });
}
