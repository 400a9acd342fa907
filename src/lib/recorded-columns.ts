// A recorded session's screens as columns for the analysis: the stored ones of a completed
// session, else made from its chunks — and then stored, so a completed session's millions of event
// objects are read and converted once, not at every analysis.
import { screenColumns } from '../../analysis/screen-columns.ts';
import type { ScreenColumnsRecord, SessionRecord } from '../../core/records.ts';
import { SCREEN_COLUMNS_VERSION, type ScreenColumns } from '../../core/screen-columns.ts';
import { db as defaultDb, type GazeLabDb } from '../db/db.ts';
import { putScreenColumns, storedScreenColumns } from '../db/screen-columns.ts';
import { sessionEvents } from '../db/sessions.ts';

export async function recordedSessionColumns(session: SessionRecord, database: GazeLabDb = defaultDb): Promise<Map<number, ScreenColumns>> {
  const out = new Map<number, ScreenColumns>();
  // Only a completed session is final: an active one may still record into its current screen.
  const final = session.status === 'completed';
  const started = Object.keys(session.screens).map(Number);
  if (final) {
    for (const r of await storedScreenColumns(session.id, database))
      if (r.columns.version === SCREEN_COLUMNS_VERSION) out.set(r.taskId, r.columns);
    if (out.size && started.every((taskId) => out.has(taskId))) return out;
  }
  const events = await sessionEvents(session.id, database);
  const made: ScreenColumnsRecord[] = [];
  for (const taskId of new Set([...started, ...events.keys()])) {
    if (out.has(taskId)) continue;
    const columns = screenColumns(events.get(taskId) ?? []);
    out.set(taskId, columns);
    made.push({ sessionId: session.id, taskId, columns });
  }
  if (final && made.length) await putScreenColumns(made, database);
  return out;
}
