import { saveBlob } from '../../lib/save-file.ts';
import { getSession, sessionEvents } from '../../db/sessions.ts';
import type { ChunkRecord } from '../../../core/records.ts';

/** Last-resort download when storage fails: what is stored plus what only lives in memory. */
export async function downloadRescue(sessionId: string, unsaved: ChunkRecord[]): Promise<void> {
  const session = await getSession(sessionId).catch(() => undefined);
  const stored = await sessionEvents(sessionId).catch(() => new Map());
  const blob = new Blob(
    [
      JSON.stringify({
        type: 'carousel-gaze-lab/rescue',
        version: 1,
        createdAt: new Date().toISOString(),
        session,
        stored: Object.fromEntries(stored),
        unsaved,
      }),
    ],
    {
      type: 'application/json',
    },
  );
  saveBlob(`carousel-gaze-lab-${session?.participantId ?? sessionId}-rescue.json`, blob);
}
