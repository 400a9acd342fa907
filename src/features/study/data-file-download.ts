import { encodeDataFile } from '../../../core/protocol/data-file.ts';
import type { SessionRecord } from '../../../core/records.ts';
import { sessionUpdateOf } from '../../db/outbox.ts';
import { getSession } from '../../db/sessions.ts';
import { saveBlob } from '../../lib/save-file.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';
import type { ServerSession } from './server-upload.ts';

/**
 * A server session's data as one file the participant can e-mail to the researchers: what the
 * uploader would have sent (every chunk of the outbox, acknowledged or not, and the session record
 * under the server's numbering) plus what this page holds unsaved. The researcher adds it to the
 * study in the workspace. Gzip on this thread (no worker to load while offline).
 */
export async function downloadDataFile(server: ServerSession, writer: SessionWriter): Promise<string> {
  const unsaved = writer.unsaved();
  // Storage may be what is failing: what it still gives, and what only this page holds.
  const [stored, everything] = await Promise.all([
    getSession(writer.sessionId).catch(() => undefined),
    server.outbox.everything().catch(() => ({ upload: undefined, chunks: [] })),
  ]);
  const session = newest(unsaved.session, stored);
  if (!session) throw new Error('this browser holds no record of the session');
  const held = new Set(everything.chunks.map((c) => `${c.taskId}:${c.seq}`));
  const chunks = [...everything.chunks, ...unsaved.chunks.filter((c) => !held.has(`${c.taskId}:${c.seq}`))];
  const bytes = await encodeDataFile({
    appVersion: session.appVersion,
    study: server.serverStudyId,
    studyVersion: session.studyVersion ?? 1,
    sessionId: server.credentials.sessionId,
    participantId: session.participantId,
    consentedAt: session.consentedAt ?? session.startedAt,
    firstTask: session.firstTask,
    recruitment: (session.recruitment as Record<string, unknown> | undefined) ?? null,
    session: sessionUpdateOf(session, everything.upload ?? { revisionOffset: 0 }),
    chunks,
  });
  const name = `carousel-gaze-lab-${server.serverStudyId}-${session.participantId}-data.json.gz`;
  saveBlob(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/gzip' }));
  return name;
}

const newest = (a: SessionRecord | null | undefined, b: SessionRecord | undefined) =>
  a && b ? (a.revision >= b.revision ? a : b) : (a ?? b);
