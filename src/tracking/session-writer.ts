import type { ChunkRecord, SessionRecord, TailRecord } from '../../core/records.ts';
import type { DatabaseLoss } from '../db/db.ts';
import type { WriteBatch } from '../db/sessions.ts';
import { describeStorageProblem } from './storage-errors.ts';
import type { WalSaveResult, WriteAheadLog } from './write-ahead-log.ts';

/** Where the writer's batches go (IndexedDB through src/db; an array in tests). */
export interface BatchSink {
  write(batch: WriteBatch): Promise<void>;
}

export interface WriterStatus {
  /** saved: writes succeed (the last few ms of events may be on their way); failing: storage refuses writes. */
  state: 'saved' | 'failing';
  /** While failing: the events handed over (by every screen so far) that are held until storage takes them. */
  pendingEvents: number;
  /** Why storage refuses writes, in plain words. */
  problem: string | null;
  /** The copy of the pending data in localStorage while storage fails: saved, or why not. */
  backup: WalSaveResult | null;
  /** The database was deleted or recreated while this page used it (stays set). */
  lost: DatabaseLoss | null;
  /** Events an earlier page left unsaved (write-ahead log, unsaved tails) that this page took over. */
  recovered: number;
}

export interface SessionWriterOptions {
  sessionId: string;
  studyId: string;
  participantId: string;
  sink: BatchSink;
  wal: WriteAheadLog;
  /** Delays between retries while storage fails (the last one repeats). */
  retryDelaysMs?: readonly number[];
}

const chunkKey = (c: { sessionId: string; taskId: number; seq: number }) => `${c.sessionId}\u0000${c.taskId}\u0000${c.seq}`;
const screenKey = (c: { sessionId: string; taskId: number }) => `${c.sessionId}\u0000${c.taskId}`;

/**
 * The one writer of a participant session: every screen's chunks, the latest unsaved tail of the
 * running screen and the session record go through it, in order, one transaction at a time. It
 * outlives the screens, so chunks that could not be written (storage full) are retried after
 * their screen ended, until storage takes them; meanwhile they are mirrored into the write-ahead
 * log. If the database is deleted under the page, it writes again what the page still holds: the
 * session record and every chunk of the current screen.
 */
export class SessionWriter {
  private session: SessionRecord | null = null;
  private sessionDirty = false;
  private queue: ChunkRecord[] = [];
  private readonly queued = new Set<string>();
  private readonly tails = new Map<string, TailRecord>();
  private retained: { taskId: number; chunks: ChunkRecord[]; keys: Set<string> } | null = null;
  private writing: Promise<void> | null = null;
  private again = false;
  private failure: unknown = null;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private backup: WalSaveResult | null = null;
  /** Whether the write-ahead log holds an entry for this session that may now be stale. */
  private walEntry = false;
  private lost: DatabaseLoss | null = null;
  /** Counts losses: a write that was under way when the database went may have landed in the old one. */
  private losses = 0;
  private recovered = 0;
  private readonly beforeWriteAhead = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private snapshot: WriterStatus;
  private readonly options: SessionWriterOptions;
  private closed = false;
  private discarded = false;

  constructor(options: SessionWriterOptions) {
    this.options = options;
    this.snapshot = this.computeStatus();
  }

  get sessionId(): string {
    return this.options.sessionId;
  }

  /** The newest session record; written with the next batch. */
  setSession(record: SessionRecord): void {
    if (this.discarded) return;
    this.session = record;
    this.sessionDirty = true;
    void this.flush();
  }

  /** Chunks to store (a chunk already handed over is ignored). */
  addChunks(chunks: readonly ChunkRecord[]): void {
    if (this.discarded) return;
    for (const c of chunks) {
      const key = chunkKey(c);
      const tail = this.tails.get(screenKey(c));
      if (tail && tail.seq <= c.seq) this.tails.delete(screenKey(c));
      if (this.retained && c.taskId === this.retained.taskId && !this.retained.keys.has(key)) {
        this.retained.chunks.push(c);
        this.retained.keys.add(key);
      }
      if (this.queued.has(key)) continue;
      this.queued.add(key);
      this.queue.push(c);
    }
    if (this.failure !== null) this.emit();
  }

  /** The running screen's events not yet cut into a chunk (replaces the previous tail). */
  setTail(tail: TailRecord): void {
    if (this.discarded) return;
    this.tails.set(screenKey(tail), tail);
  }

  /**
   * From now on `taskId` is the screen the page holds: its stored chunks (a resumed screen) and
   * every chunk it records are kept, to be written again if the database is lost.
   */
  retainScreen(taskId: number, stored: readonly ChunkRecord[]): void {
    this.retained = { taskId, chunks: [...stored], keys: new Set(stored.map(chunkKey)) };
  }

  releaseScreen(taskId: number): void {
    if (this.retained?.taskId === taskId) this.retained = null;
  }

  /** Takes over what an earlier page left unsaved (its write-ahead log entry and tails). */
  adopt(chunks: readonly ChunkRecord[], session: SessionRecord | null, fromWal: boolean): void {
    if (fromWal) this.walEntry = true;
    const before = this.queue.length;
    this.addChunks(chunks);
    for (const c of this.queue.slice(before)) this.recovered += c.events.length;
    if (session && (!this.session || session.revision > this.session.revision)) {
      this.session = session;
      this.sessionDirty = true;
    }
    this.emit();
  }

  /** Chunks handed over but not stored yet, for one screen (a resumed screen continues after them). */
  heldChunks(taskId: number): ChunkRecord[] {
    return this.queue.filter((c) => c.taskId === taskId);
  }

  /** Runs before the write-ahead copy is taken (the running screen cuts its buffer into a chunk). */
  onBeforeWriteAhead(hook: () => void): () => void {
    this.beforeWriteAhead.add(hook);
    return () => this.beforeWriteAhead.delete(hook);
  }

  /** Starts a write of everything pending; while storage fails, only the retry timer writes. */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    if (this.failure !== null) return Promise.resolve();
    return this.writeNow();
  }

  /**
   * At pagehide (and when the tab is hidden): copies everything not confirmed stored into the
   * write-ahead log synchronously, then starts the IndexedDB write too.
   */
  writeAhead(): void {
    if (this.discarded) return;
    for (const hook of this.beforeWriteAhead) hook();
    this.saveWal();
    this.emit();
    void this.flush();
  }

  /** The database was deleted or recreated: write the session and the current screen again. */
  databaseLost(loss: DatabaseLoss): void {
    this.lost ??= loss;
    this.losses++;
    this.requeueHeld();
    this.emit();
    void this.flush();
  }

  /** Queues the session record and every chunk of the current screen again. */
  private requeueHeld(): void {
    if (this.retained) {
      const missing = this.retained.chunks.filter((c) => !this.queued.has(chunkKey(c)));
      for (const c of missing) this.queued.add(chunkKey(c));
      this.queue = [...missing, ...this.queue];
    }
    if (this.session) this.sessionDirty = true;
  }

  /** Everything not confirmed stored, for the participant's rescue download. */
  unsaved(): { session: SessionRecord | null; chunks: ChunkRecord[] } {
    const tails = [...this.tails.values()].map((t): ChunkRecord => ({
      sessionId: t.sessionId,
      taskId: t.taskId,
      seq: t.seq,
      events: t.events,
    }));
    return { session: this.sessionDirty ? this.session : null, chunks: [...this.queue, ...tails] };
  }

  status(): WriterStatus {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once nothing is pending or storage fails (tests, the end of the study). */
  async settled(): Promise<void> {
    for (let i = 0; i < 100 && (this.writing || this.hasPending()) && this.failure === null; i++) {
      await (this.writing ?? this.flush());
    }
  }

  /** Stops retrying (the page is done with the session). */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * The participant withdrew: forgets everything it holds and stores nothing more, not even at
   * pagehide; resolves after a write under way has ended and the write-ahead entry is removed.
   */
  async discard(): Promise<void> {
    this.discarded = true;
    this.close();
    this.queue = [];
    this.queued.clear();
    this.tails.clear();
    this.retained = null;
    this.session = null;
    this.sessionDirty = false;
    await this.writing?.catch(() => undefined);
    this.options.wal.remove(this.options.sessionId);
    this.walEntry = false;
  }

  /** Events handed over and not confirmed stored. */
  pendingEvents(): number {
    let n = 0;
    for (const c of this.queue) n += c.events.length;
    for (const t of this.tails.values()) n += t.events.length;
    return n;
  }

  private hasPending(): boolean {
    return this.queue.length > 0 || this.tails.size > 0 || this.sessionDirty;
  }

  private writeNow(): Promise<void> {
    const chunks = this.queue.slice();
    const tails = [...this.tails.values()];
    const session = this.sessionDirty ? this.session : null;
    if (!chunks.length && !tails.length && !session) return Promise.resolve();
    this.again = false;
    const losses = this.losses;
    const write = this.options.sink
      .write({ session: session ?? undefined, chunks, tails })
      .then(
        () => {
          const written = new Set(chunks.map(chunkKey));
          this.queue = this.queue.filter((c) => !written.has(chunkKey(c)));
          for (const key of written) this.queued.delete(key);
          for (const t of tails) if (this.tails.get(screenKey(t)) === t) this.tails.delete(screenKey(t));
          if (session && this.session === session) this.sessionDirty = false;
          if (this.failure !== null) {
            this.failure = null;
            this.failures = 0;
            this.backup = null;
          }
          if (this.losses !== losses) {
            this.requeueHeld();
            this.again = true;
          }
          if (this.walEntry) this.saveWal();
        },
        (error: unknown) => {
          this.failure = error;
          this.failures++;
          this.saveWal();
          this.scheduleRetry();
        },
      )
      .finally(() => {
        this.writing = null;
        this.emit();
        if (this.again && this.failure === null) void this.flush();
      });
    this.writing = write;
    return write;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer !== null) return;
    const delays = this.options.retryDelaysMs ?? [1000, 2000, 4000, 5000];
    const delay = delays[Math.min(this.failures - 1, delays.length - 1)] ?? 5000;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.writing) void this.writeNow();
      else this.scheduleRetry();
    }, delay);
  }

  /** Mirrors what is pending into the write-ahead log (or removes the entry when nothing is). */
  private saveWal(): void {
    const { wal, sessionId, studyId, participantId } = this.options;
    const { session, chunks } = this.unsaved();
    if (!session && !chunks.length) {
      if (this.walEntry) wal.remove(sessionId);
      this.walEntry = false;
      return;
    }
    const result = wal.save({ sessionId, studyId, participantId, session, chunks, savedAt: Date.now() });
    if (result === 'saved') this.walEntry = true;
    if (this.failure !== null) this.backup = result;
  }

  private computeStatus(): WriterStatus {
    const failing = this.failure !== null;
    return {
      state: failing ? 'failing' : 'saved',
      pendingEvents: failing ? this.pendingEvents() : 0,
      problem: this.failure === null ? null : describeStorageProblem(this.failure),
      backup: this.failure === null ? null : this.backup,
      lost: this.lost,
      recovered: this.recovered,
    };
  }

  private emit(): void {
    const next = this.computeStatus();
    const prev = this.snapshot;
    if (
      next.state === prev.state &&
      next.pendingEvents === prev.pendingEvents &&
      next.problem === prev.problem &&
      next.backup === prev.backup &&
      next.lost === prev.lost &&
      next.recovered === prev.recovered
    )
      return;
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
