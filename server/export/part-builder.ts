import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import { PART_FORMAT } from './session-part.ts';
import type { PartWorkerData, PartWorkerReply, PartWorkerRequest } from './part-worker.ts';

// Makes a session's export part when the session completes (and, at start, for completed sessions
// that have none), in a worker thread that stops after a minute without work. Exports find the
// parts ready and only join them; a part that is missing or out of date is made by the export.

const IDLE_MS = 60_000;
/**
 * The part thread's heap cap: it holds one session's events and rows at a time (a 41-screen
 * RecGaze session fits in 192 MB, run-export.ts), and a small cap keeps what it holds between
 * sessions small. A session too big for it is made by its export, whose cap follows the session.
 */
export const PART_THREAD_HEAP_MB = 256;

export interface PartBuilderOptions {
  databaseUrl: string;
  appVersion: string;
  /** Most heap the thread may have, MB (at most PART_THREAD_HEAP_MB is used). */
  heapMb: number;
  onFailure: (sessionId: string, message: string) => void;
}

export class PartBuilder {
  private worker: Worker | null = null;
  private readonly pending = new Set<string>();
  private idleTimer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  private closed = false;
  /** Sessions whose part this builder made (the benchmark reports it). */
  built = 0;

  constructor(private readonly options: PartBuilderOptions) {}

  enqueue(sessionId: string): void {
    if (this.closed || this.pending.has(sessionId)) return;
    this.pending.add(sessionId);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.thread().postMessage({ type: 'build', sessionId } satisfies PartWorkerRequest);
  }

  /** Completed sessions of published studies without a part of the current format. */
  async enqueueMissing(pool: pg.Pool): Promise<number> {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT s.id FROM sessions s LEFT JOIN export_parts p ON p.session_id = s.id
        WHERE s.status = 'completed' AND s.study_version IS NOT NULL
          AND (p.session_id IS NULL OR (p.manifest->>'format')::int <> $1)
        ORDER BY s.updated_at`,
      [PART_FORMAT],
    );
    for (const r of rows) this.enqueue(r.id);
    return rows.length;
  }

  /** Resolves when every session asked for so far has been handled. */
  idle(): Promise<void> {
    return this.pending.size === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    this.pending.clear();
    this.settle();
    await worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./part-worker-boot.mjs', import.meta.url), {
      workerData: { databaseUrl: this.options.databaseUrl, appVersion: this.options.appVersion } satisfies PartWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: Math.min(this.options.heapMb, PART_THREAD_HEAP_MB) },
    });
    worker.on('message', (m: PartWorkerReply) => {
      if (m.type === 'failed') this.options.onFailure(m.sessionId, m.message);
      else if (m.built) this.built++;
      this.pending.delete(m.sessionId);
      this.settle();
    });
    // A thread that dies (out of memory, a bug) loses its queue: those sessions' parts are made by their export.
    const lost = (message: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const id of this.pending) this.options.onFailure(id, message);
      this.pending.clear();
      this.settle();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`the part thread stopped (exit ${code})`));
    this.worker = worker;
    return worker;
  }

  private settle(): void {
    if (this.pending.size) return;
    for (const w of this.waiters.splice(0)) w();
    if (this.worker && !this.idleTimer && !this.closed) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        const worker = this.worker;
        this.worker = null;
        void worker?.terminate();
      }, IDLE_MS);
      this.idleTimer.unref();
    }
  }
}
