import { encodeBatch } from '../../core/protocol/batch-frame.ts';
import { encodeChunk, type EncodedChunk } from '../../core/protocol/content.ts';
import { UPLOAD_TARGET } from '../../core/protocol/limits.ts';
import type { ChunkKey } from '../../core/protocol/messages.ts';
import { DEFAULT_BACKOFF, retryDelay, type BackoffSettings } from './backoff.ts';
import type { OutboxStore } from './outbox.ts';
import type { SessionCredentials, StudyApi } from './study-api.ts';

/**
 * How often a participant's browser uploads: the recorder cuts a chunk every 500 ms, so a batch
 * carries ~6 chunks (~3 s of 30 Hz gaze + cursor, ~2 KB compressed). Screen ends and the
 * completion page call flush() to send at once; a backlog (after an outage) goes back to back.
 */
export const UPLOAD_INTERVAL_MS = 3000;

export type UploadState =
  /** The last request reached the server (or there was nothing to send). */
  | 'online'
  /** The server could not be reached or asked to wait; retrying on its own. */
  | 'paused'
  /** The server refused this session (withdrawn, or the token is wrong): nothing more is sent. */
  | 'refused'
  | 'stopped';

export interface UploadStatus {
  state: UploadState;
  /** Chunks the server holds, chunks waiting, chunks it refused for good. */
  acknowledged: number;
  pending: number;
  rejected: number;
  /** The session record's latest state is acknowledged too. */
  sessionSaved: boolean;
  /** When paused: when the next attempt starts (ms from now) and what went wrong. */
  retryInMs?: number;
  problem?: string;
}

export interface UploaderOptions {
  api: StudyApi;
  session: SessionCredentials;
  outbox: OutboxStore;
  intervalMs?: number;
  backoff?: BackoffSettings;
  random?: () => number;
  onStatus?: (status: UploadStatus) => void;
  /** How a chunk becomes gzip bytes and a hash (default: Web Crypto + CompressionStream). */
  encode?: typeof encodeChunk;
}

type Attempt = { kind: 'done' } | { kind: 'retry'; delayMs?: number; problem: string } | { kind: 'refused'; problem: string };

const keyOf = (k: ChunkKey) => `${k.taskId}:${k.seq}`;

/**
 * Drains an outbox to the study server: batches of chunks (each gzip-compressed and hashed, so a
 * repeat after a lost answer is a harmless duplicate), then the session record. One request at a
 * time; failures wait with exponential backoff and jitter. No React, no DOM: the outbox is read at
 * every upload, the page calls retryNow() when the browser comes online and shows the status.
 */
export class Uploader {
  private readonly options: UploaderOptions;
  private readonly encoded = new Map<string, EncodedChunk>();
  private status: UploadStatus = { state: 'online', acknowledged: 0, pending: 0, rejected: 0, sessionSaved: false };
  private running = false;
  private failures = 0;
  private urgent = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** Each flush settles only after a round that began after it was asked for (`after` = rounds begun by then). */
  private readonly flushes: { after: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  private rounds = 0;

  constructor(options: UploaderOptions) {
    this.options = options;
  }

  get current(): UploadStatus {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the request in flight (nothing is lost: the outbox keeps what is unacknowledged). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.report({ state: 'stopped' });
    this.settleFlushes(new Error('the uploader was stopped'));
  }

  /** The browser is online again (or the participant asked): try now, whatever the backoff says. */
  retryNow(): void {
    this.failures = 0;
    this.urgent = true;
    this.wake?.();
  }

  /**
   * Sends everything now; resolves once the server holds every chunk (or refused it for good: see
   * `rejected`) and the session record; rejects if the server refuses the session.
   */
  flush(): Promise<void> {
    if (!this.running) return Promise.reject(new Error(`the uploader is ${this.status.state === 'refused' ? 'refused' : 'not running'}`));
    this.urgent = true;
    this.wake?.();
    return new Promise((resolve, reject) => {
      this.flushes.push({ after: this.rounds, resolve, reject });
    });
  }

  /** Rejects every flush with `error`, or resolves those asked for before round `round` began. */
  private settleFlushes(error?: Error, round = Infinity): void {
    const waiting = this.flushes.splice(0);
    for (const f of waiting) {
      if (error) f.reject(error);
      else if (f.after < round) f.resolve();
      else this.flushes.push(f);
    }
  }

  private async run(): Promise<void> {
    await this.refreshCounts().catch(() => undefined);
    while (this.running) {
      // A failing outbox (storage) is retried like a failing network: the loop must not die.
      const round = ++this.rounds;
      const attempt = await this.attempt().catch((error: unknown): Attempt => ({
        kind: 'retry',
        problem: `outbox: ${(error as Error).message}`,
      }));
      if (!this.running) break;
      if (attempt.kind === 'refused') {
        const counts = await this.options.outbox.counts().catch(() => ({}));
        this.report({ state: 'refused', problem: attempt.problem, ...counts });
        this.running = false;
        this.settleFlushes(new Error(attempt.problem));
        break;
      }
      if (attempt.kind === 'retry') {
        this.failures++;
        const random = this.options.random ?? Math.random;
        // The server's Retry-After, spread a little so that clients told the same do not return together.
        const asked = (attempt.delayMs ?? 0) * (1 + random() / 2);
        const delay = Math.round(Math.max(asked, retryDelay(this.failures, this.options.backoff ?? DEFAULT_BACKOFF, random)));
        this.report({ state: 'paused', retryInMs: delay, problem: attempt.problem });
        await this.sleep(delay);
        continue;
      }
      this.failures = 0;
      // A round that began before a flush may have missed what was queued just before it.
      if (this.status.pending === 0 && this.status.sessionSaved) this.settleFlushes(undefined, round);
      await this.sleep(this.urgent ? 0 : (this.options.intervalMs ?? UPLOAD_INTERVAL_MS));
    }
  }

  /** Waits `ms`, or less if woken (retryNow, flush, stop). */
  private sleep(ms: number): Promise<void> {
    this.urgent = false;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** One round: every full batch back to back, then the rest, then the session record. */
  private async attempt(): Promise<Attempt> {
    const { outbox } = this.options;
    for (;;) {
      const chunks = await outbox.pending(UPLOAD_TARGET.chunks);
      if (!chunks.length) break;
      const batch: EncodedChunk[] = [];
      let bytes = 0;
      for (const c of chunks) {
        const k = keyOf(c);
        let e = this.encoded.get(k);
        if (!e) {
          e = await (this.options.encode ?? encodeChunk)(c.taskId, c.seq, c.events);
          this.encoded.set(k, e);
        }
        if (batch.length && bytes + e.gzip.length > UPLOAD_TARGET.bodyBytes) break;
        batch.push(e);
        bytes += e.gzip.length;
      }
      const sent = await this.sendBatch(batch);
      if (sent.kind !== 'done') return sent;
      await this.refreshCounts();
      const full = batch.length === UPLOAD_TARGET.chunks || batch.length < chunks.length;
      if (!full || !this.running) break;
    }
    return this.sendSession();
  }

  private async sendBatch(batch: EncodedChunk[]): Promise<Attempt> {
    const { api, session, outbox } = this.options;
    const result = await api.postChunks(
      session,
      encodeBatch(
        { chunks: batch.map((e) => e.header) },
        batch.map((e) => e.gzip),
      ),
    );
    if (result.ok) {
      const keys = batch.map((e) => ({ taskId: e.header.taskId, seq: e.header.seq }));
      await outbox.markAcknowledged(keys);
      for (const k of keys) this.encoded.delete(keyOf(k));
      return { kind: 'done' };
    }
    if (result.retry) return { kind: 'retry', problem: result.message, ...(result.retryAfterMs ? { delayMs: result.retryAfterMs } : {}) };
    if (result.status === 401 || result.status === 403 || result.status === 404) return { kind: 'refused', problem: result.error.message };
    // The server names the chunk it refuses; set it aside (it stays local) and go on with the rest.
    const culprit = result.error.chunk ?? (batch.length === 1 ? batch[0]!.header : undefined);
    if (culprit) {
      await outbox.markRejected({ taskId: culprit.taskId, seq: culprit.seq }, result.error.message);
      this.encoded.delete(keyOf(culprit));
      await this.refreshCounts();
      return { kind: 'done' };
    }
    // Refused as a whole without naming a chunk: send the first chunk alone to find the culprit.
    return this.sendBatch(batch.slice(0, 1));
  }

  private async sendSession(round = 0): Promise<Attempt> {
    const { api, session, outbox } = this.options;
    const update = await outbox.sessionUpdate();
    if (!update) {
      this.report({ state: 'online', sessionSaved: true });
      return { kind: 'done' };
    }
    this.report({ sessionSaved: false });
    const result = await api.putSession(session, update);
    if (result.ok) {
      if (result.value.revision > update.revision) await outbox.sessionRenumber(result.value.revision);
      else await outbox.sessionAcknowledged(update.revision);
    } else if (result.retry) {
      return { kind: 'retry', problem: result.message, ...(result.retryAfterMs ? { delayMs: result.retryAfterMs } : {}) };
    } else if (result.status === 409) {
      await outbox.sessionRenumber(update.revision);
    } else if (result.status === 401 || result.status === 403 || result.status === 404) {
      return { kind: 'refused', problem: result.error.message };
    } else {
      // A record the server cannot take: give up on this revision and report it; later states retry.
      await outbox.sessionAcknowledged(update.revision);
      this.report({ problem: result.error.message });
    }
    const rest = await outbox.sessionUpdate();
    this.report({ state: 'online', sessionSaved: rest === null });
    // A renumbered state goes again at once (bounded, in case a store does not renumber).
    return rest === null || round >= 3 ? { kind: 'done' } : this.sendSession(round + 1);
  }

  private async refreshCounts(): Promise<void> {
    const counts = await this.options.outbox.counts();
    this.report({ state: 'online', ...counts });
  }

  private report(change: Partial<UploadStatus>): void {
    const next: UploadStatus = { ...this.status, ...change };
    if (change.state && change.state !== 'paused') delete next.retryInMs;
    if (change.state === 'online' && !('problem' in change)) delete next.problem;
    this.status = next;
    this.options.onStatus?.(next);
  }
}
