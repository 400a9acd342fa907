// Imports run here, off the page's thread: reading, unzipping and checking a 100 MB file takes
// tens of seconds, and the page must stay responsive (progress, the cancel button).
import { importDatasetFiles } from './import-dataset.ts';
import type { ImportReply, ImportRequest } from './import-protocol.ts';

const post = (reply: ImportReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = (e: MessageEvent<ImportRequest>) => {
  void importDatasetFiles(e.data.files, { onProgress: (progress) => post({ type: 'progress', progress }) }).then(
    (record) => post({ type: 'done', id: record.id, name: record.name }),
    (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
};
