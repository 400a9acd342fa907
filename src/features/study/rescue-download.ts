import { getSession, sessionEvents } from '../../db/sessions.ts';
import { saveBlob } from '../../lib/save-file.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';
import { downloadDataFile } from './data-file-download.ts';
import type { ServerSession } from './server-upload.ts';

/**
 * Last-resort download when storage fails: what is stored plus what only this page holds. A server
 * session's is the data file the researcher adds to the study (data-file-download.ts); a local
 * session's is JSON the researcher reads by hand.
 */
export async function downloadRescue(writer: SessionWriter, server?: ServerSession): Promise<void> {
  if (server) {
    await downloadDataFile(server, writer);
    return;
  }
  const unsaved = writer.unsaved();
  const stored = await getSession(writer.sessionId).catch(() => undefined);
  const events = await sessionEvents(writer.sessionId).catch(() => new Map());
  const session = unsaved.session ?? stored;
  const blob = new Blob(
    [
      JSON.stringify({
        type: 'carousel-gaze-lab/rescue',
        version: 2,
        createdAt: new Date().toISOString(),
        session,
        stored: Object.fromEntries(events),
        unsaved: unsaved.chunks,
      }),
    ],
    { type: 'application/json' },
  );
  saveBlob(`carousel-gaze-lab-${session?.participantId ?? writer.sessionId}-rescue.json`, blob);
}
