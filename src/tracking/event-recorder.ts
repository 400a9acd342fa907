import type { RecordedEvent } from '../../core/events.ts';
import type { ChunkRecord } from '../../core/records.ts';

export interface ChunkSink {
  writeChunks(chunks: ChunkRecord[]): Promise<void>;
}

export interface RecorderOptions {
  sessionId: string;
  taskId: number;
  sink: ChunkSink;
  /** seq of the first chunk this recorder writes (continue after the last stored one on resume). */
  firstSeq?: number;
  flushIntervalMs?: number;
  /** Called when a write fails (quota, eviction); data stays in memory and is retried. */
  onWriteError?: (error: unknown, unwrittenEvents: number) => void;
  /** Called when writes succeed again after a failure. */
  onWriteRecovered?: () => void;
}

/**
 * Buffers a screen's events in memory and writes them to IndexedDB in batches: at most every
 * `flushIntervalMs` (500 ms) and on demand (pagehide, visibility change, screen end). `push` is
 * O(1) and never touches storage, so recording costs almost nothing on the main thread.
 */
export class EventRecorder {
  private buffer: RecordedEvent[] = [];
  /** Chunks cut from the buffer but not yet stored (a failed write keeps them here). */
  private unwritten: ChunkRecord[] = [];
  private seq: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight: Promise<void> | null = null;
  private failing = false;
  private readonly options: RecorderOptions;
  written = 0;

  constructor(options: RecorderOptions) {
    this.options = options;
    this.seq = options.firstSeq ?? 0;
  }

  push(event: RecordedEvent): void {
    this.buffer.push(event);
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 500);
  }

  /** Writes everything buffered so far. Concurrent calls share one write; order is kept by seq. */
  flush(): Promise<void> {
    if (this.inFlight) return this.inFlight.then(() => (this.buffer.length || this.unwritten.length ? this.flush() : undefined));
    if (this.buffer.length) {
      this.unwritten.push({ sessionId: this.options.sessionId, taskId: this.options.taskId, seq: this.seq++, events: this.buffer });
      this.buffer = [];
    }
    if (!this.unwritten.length) return Promise.resolve();
    const batch = this.unwritten.slice();
    this.inFlight = this.options.sink
      .writeChunks(batch)
      .then(() => {
        this.unwritten.splice(0, batch.length);
        this.written += batch.reduce((n, c) => n + c.events.length, 0);
        if (this.failing) {
          this.failing = false;
          this.options.onWriteRecovered?.();
        }
      })
      .catch((error: unknown) => {
        this.failing = true;
        this.options.onWriteError?.(error, this.pendingEvents());
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Events recorded but not yet stored (buffered or in failed chunks). */
  pendingEvents(): number {
    return this.buffer.length + this.unwritten.reduce((n, c) => n + c.events.length, 0);
  }

  /** Everything not yet stored, for a "download my data" rescue when storage fails. */
  unsavedChunks(): ChunkRecord[] {
    const rest = this.buffer.length
      ? [{ sessionId: this.options.sessionId, taskId: this.options.taskId, seq: this.seq, events: this.buffer }]
      : [];
    return [...this.unwritten, ...rest];
  }

  get isFailing(): boolean {
    return this.failing;
  }
}
