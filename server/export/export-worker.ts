import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { writeStudyExport, type StudyExportOptions } from './study-export.ts';
import { FileSpool } from './file-spool.ts';
import { installWebWorker } from './web-worker.ts';

// Runs one export in a worker thread, so deriving fixations and deflating millions of rows never
// holds up the server's event loop (participants keep uploading meanwhile). Its own database
// connection; the zip's bytes go to the parent, at most MAX_UNACKED bytes ahead of what the
// parent has written to the response. The zip's big entries are deflated on further threads
// (web-worker.ts), and entries that wait for their place in the zip wait in a temp file.

export interface ExportWorkerData extends StudyExportOptions {
  databaseUrl: string;
  /** An open, unlinked temp file for the zip's spool (the parent closes it). */
  spoolFd?: number;
}

export type ExportWorkerMessage =
  | { type: 'data'; bytes: Uint8Array }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

const MAX_UNACKED = 8 * 1024 * 1024;

installWebWorker();
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
  await writeStudyExport(
    client,
    data,
    {
      write(bytes) {
        unacked += bytes.byteLength;
        const copy = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        post({ type: 'data', bytes: copy }, [copy.buffer as ArrayBuffer]);
      },
      drained: () => (unacked <= MAX_UNACKED ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve))),
      progress: (done, total) => post({ type: 'progress', done, total }),
    },
    data.spoolFd === undefined ? {} : { spool: new FileSpool(data.spoolFd) },
  );
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  await client.end().catch(() => undefined);
}
