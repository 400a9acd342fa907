import type { FastifyInstance, FastifyReply } from 'fastify';
import { ConfirmSchema, SESSION_SELECTIONS, selectSessions, type SessionSelection } from '../../../core/protocol/lab.ts';
import { encodeSessionFrameHead, SESSION_FRAME_CONTENT_TYPE } from '../../../core/protocol/session-frame.ts';
import { sessionChunks, studySessionRows } from '../../export/load-session.ts';
import { exportHeapMb, newExportId, runExport } from '../../export/run-export.ts';
import { toSessionRecord } from '../../export/session-record.ts';
import { audit } from '../../store/audit.ts';
import { deleteStudySession, listStudySessions, sessionParticipant, studySessionDetail } from '../../store/monitor.ts';
import { entryStudy } from '../../store/entry.ts';
import type { ApiContext } from '../context.ts';
import { refuse } from '../errors.ts';
import { parseBody } from '../guards.ts';
import { researcherOf, sessionParam, studyFor } from './guard.ts';

type StudyParams = { Params: { study: string } };
type SessionParams = { Params: { study: string; session: string } };
type ExportQuery = { Querystring: { sessions?: string; progress?: string } };

function selectionParam(value: string | undefined): SessionSelection {
  const v = value ?? 'all';
  if (!(SESSION_SELECTIONS as readonly string[]).includes(v))
    throw refuse(400, 'sessions', `must be one of ${SESSION_SELECTIONS.join(', ')}`);
  return v as SessionSelection;
}

function progressParam(value: string | undefined): string {
  if (value === undefined) return newExportId();
  if (!/^[0-9a-f-]{36}$/.test(value)) throw refuse(400, 'progress', 'must be a UUID the page chose for this export');
  return value;
}

/** Monitoring, one session's figures and data, deletion, and the exports. */
export function registerLabSessionRoutes(lab: FastifyInstance, ctx: ApiContext): void {
  const settingsOf = async (studyId: string) => (await entryStudy(ctx.pool, studyId))!.settings;

  lab.get<StudyParams>('/studies/:study/sessions', async (request) => {
    const { studyId } = await studyFor(ctx, request);
    return listStudySessions(ctx.pool, studyId, await settingsOf(studyId));
  });

  lab.get<SessionParams>('/studies/:study/sessions/:session', async (request) => {
    const { studyId } = await studyFor(ctx, request);
    const detail = await studySessionDetail(ctx.pool, studyId, sessionParam(request.params.session), await settingsOf(studyId));
    if (!detail) throw refuse(404, 'session', `is not a session of ${studyId}`);
    return detail;
  });

  lab.delete<SessionParams>('/studies/:study/sessions/:session', async (request) => {
    const { studyId, researcher } = await studyFor(ctx, request);
    const sessionId = sessionParam(request.params.session);
    const { confirm } = parseBody(ConfirmSchema, request.body);
    const participant = await sessionParticipant(ctx.pool, studyId, sessionId);
    if (participant === undefined) throw refuse(404, 'session', `is not a session of ${studyId}`);
    if (confirm !== participant) throw refuse(422, 'confirm', `must be the participant id, "${participant}", to delete the session`);
    const gone = await deleteStudySession(ctx.pool, studyId, sessionId);
    if (!gone) throw refuse(404, 'session', 'was deleted meanwhile');
    ctx.authorizer.forget(sessionId);
    await audit(ctx.pool, researcher, { action: 'session-deleted', studyId, sessionId, detail: gone });
    return { deleted: sessionId, ...gone };
  });

  // The analysis view's source: the record and the stored gzip chunks, untouched.
  lab.get<SessionParams>('/studies/:study/sessions/:session/data', async (request, reply) => {
    const { studyId } = await studyFor(ctx, request);
    const sessionId = sessionParam(request.params.session);
    const [row] = await studySessionRows(ctx.pool, studyId, [sessionId]);
    if (!row) throw refuse(404, 'session', `is not a session of ${studyId}`);
    const chunks = await sessionChunks(ctx.pool, sessionId);
    const head = encodeSessionFrameHead({
      record: toSessionRecord(row),
      chunks: chunks.map((c) => ({ taskId: c.taskId, seq: c.seq, bytes: c.gzip.length })),
    });
    return reply.header('content-type', SESSION_FRAME_CONTENT_TYPE).send(Buffer.concat([head, ...chunks.map((c) => c.gzip)]));
  });

  const streamExport = async (
    reply: FastifyReply,
    request: { researcherId: string; researcherEmail: string; exportId: string },
    studyId: string,
    sessionIds: string[],
    filename: string,
  ) => {
    const started = { state: 'running' as const, done: 0, total: sessionIds.length, bytes: 0 };
    const largest = await ctx.pool.query<{ bytes: string | null }>(
      'SELECT max(stored_bytes) AS bytes FROM sessions WHERE id = ANY($1::uuid[])',
      [sessionIds],
    );
    ctx.exports.track(request.exportId, request.researcherId, started);
    const running = runExport(
      { databaseUrl: ctx.databaseUrl, studyId, sessionIds, appVersion: ctx.appVersion, createdAt: Date.now() },
      (p) => ctx.exports.update(request.exportId, p),
      exportHeapMb(Number(largest.rows[0]?.bytes ?? 0), ctx.exportHeapMb),
    );
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) running.cancel();
    });
    void running.finished.then((p) => {
      if (p.state === 'failed' && p.error !== 'cancelled') reply.log.error({ study: studyId, problem: p.error }, 'export failed');
    });
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('x-export-id', request.exportId)
      .header('x-export-sessions', String(sessionIds.length))
      .send(running.stream);
  };

  lab.get<StudyParams & ExportQuery>('/studies/:study/export.zip', async (request, reply) => {
    const { studyId, researcher } = await studyFor(ctx, request);
    const selection = selectionParam(request.query.sessions);
    const exportId = progressParam(request.query.progress);
    const list = await listStudySessions(ctx.pool, studyId, await settingsOf(studyId));
    const chosen = selectSessions([...list.sessions].reverse(), selection).map((s) => s.id);
    await audit(ctx.pool, researcher, { action: 'export', studyId, detail: { selection, sessions: chosen.length } });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return streamExport(
      reply,
      { researcherId: researcher.id, researcherEmail: researcher.email, exportId },
      studyId,
      chosen,
      `${studyId}-${selection}-${chosen.length}-sessions-${stamp}.zip`,
    );
  });

  lab.get<SessionParams & ExportQuery>('/studies/:study/sessions/:session/export.zip', async (request, reply) => {
    const { studyId, researcher } = await studyFor(ctx, request);
    const sessionId = sessionParam(request.params.session);
    const exportId = progressParam(request.query.progress);
    const participant = await sessionParticipant(ctx.pool, studyId, sessionId);
    if (participant === undefined) throw refuse(404, 'session', `is not a session of ${studyId}`);
    await audit(ctx.pool, researcher, { action: 'export', studyId, sessionId, detail: { sessions: 1 } });
    return streamExport(
      reply,
      { researcherId: researcher.id, researcherEmail: researcher.email, exportId },
      studyId,
      [sessionId],
      `${studyId}-${participant}.zip`,
    );
  });

  lab.get<{ Params: { id: string } }>('/exports/:id', async (request) => {
    const researcher = researcherOf(request);
    const progress = ctx.exports.get(request.params.id, researcher.id);
    if (!progress) throw refuse(404, 'export', 'is not running or finished recently for you');
    return progress;
  });
}
