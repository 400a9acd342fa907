import type { RecordedEvent } from '../../core/events.ts';
import { RECORD_SCHEMA_VERSION, type ChunkRecord, type TailRecord } from '../../core/records.ts';

/** What the recorder hands its events to (the session's writer). */
export interface ChunkWriter {
  addChunks(chunks: readonly ChunkRecord[]): void;
  setTail(tail: TailRecord): void;
  flush(): Promise<void>;
}

export interface RecorderOptions {
  sessionId: string;
  taskId: number;
  writer: ChunkWriter;
  /** seq of the first chunk this recorder cuts (continue after the last one on resume). */
  firstSeq?: number;
  /** How often the buffer is cut into a chunk (the unit of storage and upload). */
  chunkMs?: number;
  /** How often the uncut buffer is written as the screen's tail (what a crash can lose). */
  tailMs?: number;
}

/**
 * Buffers one screen's events in memory. Every `tailMs` (50 ms) the uncut buffer goes to storage as
 * the screen's tail, replacing the previous one, so a killed browser loses at most that much; every
 * `chunkMs` (500 ms) the buffer is cut into a chunk of its own seq. `push` is O(1) and never
 * touches storage.
 */
export class EventRecorder {
  private buffer: RecordedEvent[] = [];
  private tailed = 0;
  private seq: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastCut = 0;
  private readonly options: RecorderOptions;
  /** Events pushed since the recorder was made. */
  recorded = 0;

  constructor(options: RecorderOptions) {
    this.options = options;
    this.seq = options.firstSeq ?? 0;
  }

  push(event: RecordedEvent): void {
    this.buffer.push(event);
    this.recorded++;
  }

  start(): void {
    if (this.timer !== null) return;
    this.lastCut = performance.now();
    this.timer = setInterval(() => this.tick(), this.options.tailMs ?? 50);
  }

  /** Cuts the buffer into a chunk now (screen end, pagehide) and hands it to the writer. */
  cut(): void {
    this.lastCut = performance.now();
    if (!this.buffer.length) return;
    const chunk: ChunkRecord = {
      schemaVersion: RECORD_SCHEMA_VERSION,
      sessionId: this.options.sessionId,
      taskId: this.options.taskId,
      seq: this.seq++,
      events: this.buffer,
    };
    this.buffer = [];
    this.tailed = 0;
    this.options.writer.addChunks([chunk]);
  }

  /** Stops the timer, cuts what is left and starts its write. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.cut();
    void this.options.writer.flush();
  }

  /** seq of the next chunk. */
  get nextSeq(): number {
    return this.seq;
  }

  private tick(): void {
    if (performance.now() - this.lastCut >= (this.options.chunkMs ?? 500)) this.cut();
    else if (this.buffer.length > this.tailed) {
      const { sessionId, taskId } = this.options;
      this.options.writer.setTail({ schemaVersion: RECORD_SCHEMA_VERSION, sessionId, taskId, seq: this.seq, events: this.buffer.slice() });
      this.tailed = this.buffer.length;
    } else return;
    void this.options.writer.flush();
  }
}
