// Runs an import in its own worker. Cancelling terminates the worker: nothing is stored before the
// last step, and if the dataset was being stored, it is deleted again.
import { deleteDataset } from '../../db/datasets.ts';
import type { ImportProgress } from './import-dataset.ts';
import type { ImportReply } from './import-protocol.ts';
import { ImportCancelled } from './read-input.ts';

export interface ImportJob {
  done: Promise<{ id: string; name: string }>;
  cancel(): Promise<void>;
}

export function startImport(files: readonly File[], onProgress: (p: ImportProgress) => void): ImportJob {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  let storingId: string | null = null;
  let settle: { resolve(v: { id: string; name: string }): void; reject(e: Error): void } | null = null;
  const done = new Promise<{ id: string; name: string }>((resolve, reject) => (settle = { resolve, reject }));
  const finish = () => {
    worker.terminate();
    settle = null;
  };
  worker.onmessage = (e: MessageEvent<ImportReply>) => {
    const m = e.data;
    if (m.type === 'progress') {
      if (m.progress.datasetId) storingId = m.progress.datasetId;
      onProgress(m.progress);
    } else if (m.type === 'done') {
      settle?.resolve({ id: m.id, name: m.name });
      finish();
    } else {
      settle?.reject(new Error(m.message));
      finish();
    }
  };
  worker.onerror = (e) => {
    settle?.reject(new Error(`the import stopped (${e.message || 'the browser ran out of memory?'})`));
    finish();
  };
  worker.postMessage({ type: 'start', files: [...files] });
  return {
    done,
    cancel: async () => {
      if (!settle) return;
      const reject = settle.reject;
      finish();
      if (storingId) await deleteDataset(storingId).catch(() => undefined);
      reject(new ImportCancelled());
    },
  };
}
