// The recorder's write-ahead log in synchronous storage (localStorage). An IndexedDB write started
// at pagehide does not land when the page is being replaced (a reload, a link, Back): the document
// is torn down before the transaction commits. localStorage writes are synchronous, so what the
// page still holds is copied there at pagehide (and whenever IndexedDB refuses writes) and moved
// into IndexedDB by the next page of the origin. localStorage also has its own quota, so it can keep
// events while IndexedDB is full.
import { readChunkRecord, readSessionRecord } from '../../core/record-schemas.ts';
import type { ChunkRecord, SessionRecord } from '../../core/records.ts';

const PREFIX = 'carousel-gaze-lab:unsaved:';

/** Everything of one session that storage has not confirmed yet. */
export interface WalEntry {
  sessionId: string;
  /** The session's study and participant (the name of its tab lock). */
  studyId: string;
  participantId: string;
  /** The newest session record, if it is not confirmed stored. */
  session: SessionRecord | null;
  chunks: ChunkRecord[];
  savedAt: number;
}

/** The part of the Web Storage API the log uses (localStorage, or a Map in tests). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export type WalSaveResult = 'saved' | 'full' | 'unavailable';

/** localStorage, or null when the browser refuses it (some privacy settings throw on access). */
export function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export class WriteAheadLog {
  constructor(private readonly storage: KeyValueStorage | null) {}

  /** Replaces the session's entry; never throws (a full or missing localStorage is reported). */
  save(entry: WalEntry): WalSaveResult {
    if (!this.storage) return 'unavailable';
    try {
      this.storage.setItem(PREFIX + entry.sessionId, JSON.stringify({ v: 1, ...entry }));
      return 'saved';
    } catch {
      return 'full';
    }
  }

  remove(sessionId: string): void {
    try {
      this.storage?.removeItem(PREFIX + sessionId);
    } catch {
      // nothing to do: a log that cannot be removed is drained again (idempotently) next time
    }
  }

  /** The session's entry, checked; a damaged part is dropped (the rest is still useful). */
  read(sessionId: string): WalEntry | null {
    let text: string | null;
    try {
      text = this.storage?.getItem(PREFIX + sessionId) ?? null;
    } catch {
      return null;
    }
    if (text === null) return null;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
    if (raw.sessionId !== sessionId || typeof raw.studyId !== 'string' || typeof raw.participantId !== 'string') return null;
    let session: SessionRecord | null;
    try {
      session = raw.session === null ? null : readSessionRecord(raw.session);
    } catch {
      session = null;
    }
    const chunks: ChunkRecord[] = [];
    for (const c of Array.isArray(raw.chunks) ? raw.chunks : []) {
      try {
        const chunk = readChunkRecord<ChunkRecord>(c);
        if (chunk.sessionId === sessionId) chunks.push(chunk);
      } catch {
        // a damaged chunk is skipped; the others are kept
      }
    }
    return {
      sessionId,
      studyId: raw.studyId,
      participantId: raw.participantId,
      session,
      chunks,
      savedAt: typeof raw.savedAt === 'number' ? raw.savedAt : 0,
    };
  }

  /** Ids of the sessions that have an entry. */
  sessionIds(): string[] {
    const out: string[] = [];
    try {
      const storage = this.storage;
      if (!storage) return out;
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(PREFIX)) out.push(key.slice(PREFIX.length));
      }
    } catch {
      // unreadable storage: nothing to recover from it
    }
    return out;
  }
}

/** A Map-backed KeyValueStorage with a size limit in characters, for tests. */
export class MemoryStorage implements KeyValueStorage {
  private readonly map = new Map<string, string>();
  constructor(private readonly limitChars = Infinity) {}
  get length(): number {
    return this.map.size;
  }
  key(i: number): string | null {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    let used = 0;
    for (const [k, v] of this.map) if (k !== key) used += k.length + v.length;
    if (used + key.length + value.length > this.limitChars) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}
