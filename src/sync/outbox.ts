import type { ChunkKey, SessionUpdate } from '../../core/protocol/messages.ts';

export type { ChunkKey, SessionUpdate };

/** A recorder chunk waiting for the server's acknowledgement. */
export interface OutboxChunk extends ChunkKey {
  events: readonly unknown[];
}

export interface OutboxCounts {
  acknowledged: number;
  pending: number;
  /** Refused by the server (kept locally for the participant's download). */
  rejected: number;
}

/**
 * Where the uploader finds what to send and records what the server holds. The browser's is
 * durable (IndexedDB), so a closed tab resumes where it stopped; `MemoryOutbox` serves tests and
 * the load benchmark.
 */
export interface OutboxStore {
  /** Up to `limit` chunks neither acknowledged nor rejected, oldest first. */
  pending(limit: number): Promise<OutboxChunk[]>;
  markAcknowledged(keys: readonly ChunkKey[]): Promise<void>;
  /** The server refused this chunk for good (named problem); it stays local and is not sent again. */
  markRejected(key: ChunkKey, problem: string): Promise<void>;
  counts(): Promise<OutboxCounts>;
  /** The latest session state with a revision the server has not acknowledged, or null. */
  sessionUpdate(): Promise<SessionUpdate | null>;
  sessionAcknowledged(revision: number): Promise<void>;
  /**
   * The server holds revision `held` with other content (an earlier copy of this session wrote it):
   * give the current state a revision above it, so the next sessionUpdate() replaces it.
   */
  sessionRenumber(held: number): Promise<void>;
}

const keyOf = (k: ChunkKey) => `${k.taskId}:${k.seq}`;

/** An OutboxStore in memory: the chunks in insertion order, the session state with its revision. */
export class MemoryOutbox implements OutboxStore {
  private readonly waiting = new Map<string, OutboxChunk>();
  private acked = 0;
  readonly rejected = new Map<string, string>();
  private session: SessionUpdate | null = null;
  private sessionAckedRevision = 0;

  add(chunk: OutboxChunk): void {
    this.waiting.set(keyOf(chunk), chunk);
  }

  /** Records a new session state (status, step, record) under the next revision. */
  setSession(state: Omit<SessionUpdate, 'revision'>): void {
    this.session = { ...state, revision: Math.max(this.session?.revision ?? 0, this.sessionAckedRevision) + 1 };
  }

  async pending(limit: number): Promise<OutboxChunk[]> {
    const out: OutboxChunk[] = [];
    for (const c of this.waiting.values()) {
      if (out.length >= limit) break;
      out.push(c);
    }
    return out;
  }

  async markAcknowledged(keys: readonly ChunkKey[]): Promise<void> {
    for (const k of keys) if (this.waiting.delete(keyOf(k))) this.acked++;
  }

  async markRejected(key: ChunkKey, problem: string): Promise<void> {
    if (this.waiting.delete(keyOf(key))) this.rejected.set(keyOf(key), problem);
  }

  async counts(): Promise<OutboxCounts> {
    return { acknowledged: this.acked, pending: this.waiting.size, rejected: this.rejected.size };
  }

  async sessionUpdate(): Promise<SessionUpdate | null> {
    return this.session && this.session.revision > this.sessionAckedRevision ? this.session : null;
  }

  async sessionAcknowledged(revision: number): Promise<void> {
    this.sessionAckedRevision = Math.max(this.sessionAckedRevision, revision);
  }

  async sessionRenumber(held: number): Promise<void> {
    if (this.session) this.session = { ...this.session, revision: Math.max(this.session.revision, held + 1) };
  }
}
