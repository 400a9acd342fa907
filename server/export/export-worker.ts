import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { writeStudyExport, type StudyExportOptions } from './study-export.ts';

// Runs one export in a worker thread, so making the session parts an export lacks (deriving
// fixations, compressing millions of rows) never holds up the server's event loop (participants
// keep uploading meanwhile). Its own database connection; the zip's bytes go to the parent, at
// most MAX_UNACKED bytes ahead of what the parent has written to the response.

export interface ExportWorkerData extends StudyExportOptions {
  databaseUrl: string;
}

export type ExportWorkerMessage =
  | { type: 'data'; bytes: Uint8Array }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

const MAX_UNACKED = 8 * 1024 * 1024;

const port = parentPort!;
const data = workerData as ExportWorkerData;
let unacked = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { type: 'ack'; bytes: number }) => {
  unacked -= m.bytes;
  if (unacked <= MAX_UNACKED && wake) {
    wake();
    wake = null;
  }
});
const post = (m: ExportWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

const client = new pg.Client({ connectionString: data.databaseUrl });
try {
  await client.connect();
  await writeStudyExport(client, data, {
    write(bytes) {
      unacked += bytes.byteLength;
      // Copied, then moved: the zip's chunks may be views of buffers still in use (stored parts'
      // slices, Node's pooled Buffers, whose slice() copies nothing).
      const copy = new Uint8Array(bytes);
      post({ type: 'data', bytes: copy }, [copy.buffer as ArrayBuffer]);
    },
    drained: () => (unacked <= MAX_UNACKED ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve))),
    progress: (done, total) => post({ type: 'progress', done, total }),
  });
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  await client.end().catch(() => undefined);
}
