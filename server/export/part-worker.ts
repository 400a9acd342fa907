import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { bidsSubjectLabels } from '../../format/bids.ts';
import { resolveExportOptions } from '../../format/exporter.ts';
import { studySessionRows } from './load-session.ts';
import { toSessionRecord } from './session-record.ts';
import { ensureParts } from './study-export.ts';

// Makes the export parts of sessions in a worker thread (part-builder.ts), one session at a time,
// with its own database connection: the derivation and compression of a session's rows never
// hold up the server's event loop.

export interface PartWorkerData {
  databaseUrl: string;
  appVersion: string;
}

export type PartWorkerRequest = { type: 'build'; sessionId: string };
export type PartWorkerReply = { type: 'done'; sessionId: string; built: boolean } | { type: 'failed'; sessionId: string; message: string };

const port = parentPort!;
const data = workerData as PartWorkerData;
const client = new pg.Client({ connectionString: data.databaseUrl });
// A lost connection ends the thread; the builder starts a new one for the next session.
client.on('error', (error) => {
  throw error;
});
await client.connect();
let chain = Promise.resolve();

async function build(sessionId: string): Promise<boolean> {
  const { rows } = await client.query<{ study_id: string }>('SELECT study_id FROM sessions WHERE id = $1 AND study_version IS NOT NULL', [
    sessionId,
  ]);
  if (!rows[0]) return false; // deleted meanwhile, or not a session of a published study
  // The BIDS labels as a whole-study export gives them.
  const { rows: ids } = await client.query<{ participant_id: string }>(
    'SELECT participant_id FROM sessions WHERE study_id = $1 AND study_version IS NOT NULL',
    [rows[0].study_id],
  );
  const labels = bidsSubjectLabels(ids.map((r) => r.participant_id));
  const sessions = (await studySessionRows(client, rows[0].study_id, [sessionId])).map(toSessionRecord);
  const options = resolveExportOptions();
  const { built } = await ensureParts(client, sessions, (s) => ({
    label: labels.get(s.participantId)!,
    options,
    appVersion: data.appVersion,
  }));
  return built > 0;
}

port.on('message', (m: PartWorkerRequest) => {
  chain = chain.then(async () => {
    try {
      port.postMessage({ type: 'done', sessionId: m.sessionId, built: await build(m.sessionId) } satisfies PartWorkerReply);
    } catch (error) {
      port.postMessage({
        type: 'failed',
        sessionId: m.sessionId,
        message: error instanceof Error ? error.message : String(error),
      } satisfies PartWorkerReply);
    }
  });
});
