// The storage side of a running participant session: its writer, fed by every screen and step,
// mirrored into the write-ahead log at pagehide, and told when the database is lost.
import type { SessionRecord } from '../../../core/records.ts';
import { db } from '../../db/db.ts';
import { writeBatch } from '../../db/sessions.ts';
import { takeOverUnsaved } from '../../tracking/recovery.ts';
import { writeAheadOnPageHide } from '../../tracking/screen-recording.ts';
import { SessionWriter } from '../../tracking/session-writer.ts';
import { browserStorage, WriteAheadLog } from '../../tracking/write-ahead-log.ts';

export const writeAheadLog = new WriteAheadLog(browserStorage());

/** The page's writer for `session` (one per page: it lives as long as the page). */
export function startSessionWriting(session: Pick<SessionRecord, 'id' | 'studyId' | 'participantId'>): SessionWriter {
  const writer = new SessionWriter({
    sessionId: session.id,
    studyId: session.studyId,
    participantId: session.participantId,
    sink: { write: (batch) => writeBatch(batch) },
    wal: writeAheadLog,
  });
  db.onLoss((loss) => writer.databaseLost(loss));
  writeAheadOnPageHide(writer);
  return writer;
}

/**
 * Resuming `stored`: takes over what the previous page left unsaved, and returns the newest
 * record (the write-ahead copy is newer when an answer was given right before a reload).
 */
export async function resumeSessionWriting(stored: SessionRecord): Promise<{ writer: SessionWriter; session: SessionRecord }> {
  const writer = startSessionWriting(stored);
  const logged = await takeOverUnsaved(writer, writeAheadLog);
  return { writer, session: logged && logged.revision > stored.revision ? logged : stored };
}
