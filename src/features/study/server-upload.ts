// A participant session that runs on the study server: its uploader (the Dexie store is the
// outbox), the status the banner and the completion page show, and withdrawal. No React here.
import { DexieOutbox } from '../../db/outbox.ts';
import { deleteSession } from '../../db/sessions.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';
import { StudyApi, type SessionCredentials } from '../../sync/study-api.ts';
import { Uploader, type UploadStatus } from '../../sync/uploader.ts';

export interface ServerSession {
  api: StudyApi;
  credentials: SessionCredentials;
  serverStudyId: string;
  outbox: DexieOutbox;
  uploader: Uploader;
  /** The uploader's latest status, for useSyncExternalStore. */
  status(): UploadStatus;
  subscribe(listener: () => void): () => void;
}

/** Starts uploading a session's outbox; it runs as long as the page (one per page). */
export function startServerSession(serverStudyId: string, credentials: SessionCredentials, api = new StudyApi()): ServerSession {
  const outbox = new DexieOutbox(credentials.sessionId);
  const listeners = new Set<() => void>();
  const uploader = new Uploader({ api, session: credentials, outbox, onStatus: () => listeners.forEach((l) => l()) });
  uploader.start();
  // Back online: try at once rather than at the end of the backoff.
  window.addEventListener('online', () => uploader.retryNow());
  return {
    api,
    credentials,
    serverStudyId,
    outbox,
    uploader,
    status: () => uploader.current,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export type WithdrawOutcome = { ok: true } | { ok: false; message: string };

/**
 * Withdraws: the server deletes the session first (with the write token); only then does the
 * browser delete its copy (records, acknowledgements, tails, the write-ahead entry). If the server
 * cannot be reached nothing is deleted, so a later attempt still can, and the page says so.
 */
export async function withdraw(server: ServerSession, writer: SessionWriter): Promise<WithdrawOutcome> {
  await server.uploader.stop();
  const result = await server.api.withdraw(server.credentials);
  if (!result.ok) {
    // The session stays: uploading goes on until the participant tries again.
    server.uploader.start();
    return { ok: false, message: result.retry ? 'the study server could not be reached' : result.error.message };
  }
  await writer.discard();
  await deleteSession(server.credentials.sessionId);
  return { ok: true };
}
