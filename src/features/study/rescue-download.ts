import { getSession, sessionEvents } from '../../db/sessions.ts';
import { saveBlob } from '../../lib/save-file.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';

/** Last-resort download when storage fails: what is stored plus what only this page holds. */
export async function downloadRescue(writer: SessionWriter): Promise<void> {
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
