import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ExportProgress } from '../../core/protocol/lab.ts';
import type { ExportWorkerData, ExportWorkerMessage } from './export-worker.ts';

// Starts an export in a worker thread and hands its zip out as a stream; the registry keeps each
// running export's progress for the researcher's progress bar.

export interface RunningExport {
  stream: PassThrough;
  /** Ends the export early (the download was cancelled). */
  cancel(): void;
  /** Resolves once the export's thread is gone. */
  finished: Promise<ExportProgress>;
}

interface Entry {
  owner: string;
  progress: ExportProgress;
  endedAt: number | null;
}

/** Progress of exports by id, for the researcher who started them; finished ones are kept 10 minutes. */
export class ExportRegistry {
  private readonly entries = new Map<string, Entry>();

  track(id: string, owner: string, progress: ExportProgress): void {
    this.sweep();
    this.entries.set(id, { owner, progress, endedAt: null });
  }

  update(id: string, progress: ExportProgress): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.progress = progress;
    if (progress.state !== 'running') e.endedAt = Date.now();
  }

  get(id: string, owner: string): ExportProgress | undefined {
    const e = this.entries.get(id);
    return e && e.owner === owner ? e.progress : undefined;
  }

  private sweep(): void {
    const old = Date.now() - 10 * 60_000;
    for (const [id, e] of this.entries) if (e.endedAt !== null && e.endedAt < old) this.entries.delete(id);
  }
}

export function newExportId(): string {
  return randomUUID();
}

/**
 * The export thread's heap is capped, so V8 collects early instead of letting garbage pile up: the
 * thread holds one session's events and rows at a time, and the cap follows the largest session of
 * the export (120 × its stored gzip bytes, at least 192 MB: a 41-screen RecGaze session stores
 * 1.6 MB and exports within 192 MB; the bench's peak RSS of the server when every export made
 * every session's files: 192 MB → 465 MB, 256 → 451–507, 384 → 534, 1024 → 527, no cap 618), up to
 * EXPORT_HEAP_MB. Now the thread mostly copies stored parts and makes only the missing ones.
 */
export const DEFAULT_EXPORT_HEAP_MB = 4096;
const MIN_EXPORT_HEAP_MB = 192;
const HEAP_PER_STORED_BYTE = 120;

/** The heap cap for an export whose largest session stores `maxStoredBytes` of gzip. */
export function exportHeapMb(maxStoredBytes: number, limitMb: number): number {
  return Math.min(limitMb, Math.max(MIN_EXPORT_HEAP_MB, Math.ceil((HEAP_PER_STORED_BYTE * maxStoredBytes) / 2 ** 20)));
}

export function runExport(data: ExportWorkerData, onProgress: (p: ExportProgress) => void, heapMb = DEFAULT_EXPORT_HEAP_MB): RunningExport {
  const worker = new Worker(new URL('./export-worker-boot.mjs', import.meta.url), {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  let progress: ExportProgress = { state: 'running', done: 0, total: 0, bytes: 0 };
  let resolve!: (p: ExportProgress) => void;
  const finished = new Promise<ExportProgress>((r) => (resolve = r));
  const set = (next: Partial<ExportProgress>) => {
    progress = { ...progress, ...next };
    onProgress(progress);
  };
  const end = (next: Partial<ExportProgress>, error?: Error) => {
    if (progress.state !== 'running') return;
    set(next);
    if (error) stream.destroy(error);
    else stream.end();
    const final = progress;
    void worker.terminate().finally(() => resolve(final));
  };
  // Bytes the response has not taken yet are acknowledged to the worker once it drains.
  let owed = 0;
  let waiting = false;
  const ack = () => {
    waiting = false;
    worker.postMessage({ type: 'ack', bytes: owed });
    owed = 0;
  };
  const fail = (message: string) => end({ state: 'failed', error: message }, new Error(message));
  worker.on('message', (m: ExportWorkerMessage) => {
    switch (m.type) {
      case 'data': {
        const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
        set({ bytes: progress.bytes + bytes.length });
        owed += bytes.length;
        if (stream.write(bytes)) ack();
        else if (!waiting) {
          waiting = true;
          stream.once('drain', ack);
        }
        break;
      }
      case 'progress':
        set({ done: m.done, total: m.total });
        break;
      case 'done':
        end({ state: 'done' });
        break;
      case 'error':
        fail(m.message);
        break;
    }
  });
  worker.on('error', (error) =>
    fail(
      (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `a session needed more than the export's ${heapMb} MB of memory (EXPORT_HEAP_MB caps it; set it higher)`
        : error.message,
    ),
  );
  worker.on('exit', (code) => fail(`the export stopped (worker exit ${code})`));
  return { stream, cancel: () => fail('cancelled'), finished };
}
