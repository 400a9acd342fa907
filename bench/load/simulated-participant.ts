import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { EncodedChunk } from '../../core/protocol/content.ts';
import type { JsonObject } from '../../core/protocol/json-value.ts';
import type { SessionManifest } from '../../core/protocol/messages.ts';
import { CHUNK_MS, screenStream } from '../../server/testing/participant-stream.ts';
import { MemoryOutbox } from '../../src/sync/outbox.ts';
import { StudyApi, type SessionCredentials } from '../../src/sync/study-api.ts';
import { Uploader, UPLOAD_INTERVAL_MS } from '../../src/sync/uploader.ts';

/** Seconds a participant spends recording one carousel screen, and between screens. */
export const SCREEN_MS = 12_000;
export const GAP_MS = 1_000;

/** The same bytes as the browser's encoder (CompressionStream, Web Crypto), with Node's zlib: 500 browsers on one machine. */
export function nodeEncodeSync(taskId: number, seq: number, events: readonly unknown[]): EncodedChunk {
  const text = Buffer.from(JSON.stringify(events));
  const gzip = gzipSync(text);
  return {
    header: { taskId, seq, sha256: createHash('sha256').update(text).digest('hex'), bytes: gzip.length },
    gzip,
    rawBytes: text.length,
  };
}

export const nodeEncode = async (taskId: number, seq: number, events: readonly unknown[]) => nodeEncodeSync(taskId, seq, events);

export interface ProducedChunk {
  taskId: number;
  seq: number;
  sha256: string;
  events: number;
}

/** A growing session record like the app's (screens, selections, quality; calibration once). */
function sessionRecord(screensDone: number): JsonObject {
  const screens: JsonObject = {};
  for (let i = 1; i <= screensDone; i++) {
    screens[i] = {
      timing: { taskId: i, startedAt: 1_780_000_000_000 + i * 13_000, endedAt: 1_780_000_012_000 + i * 13_000, resumes: 0 },
      selection: { taskId: i, t: 11_500, row: 2, position: 3, column: 3, page: 1, movieId: 203 },
      quality: { samples: 360, lostShare: 0.03, hz: 29.8, offScreenShare: 0.01 },
      answers: { familiarity: 'heard', whySelected: ['genre', 'poster'] },
    };
  }
  const calibration = Array.from({ length: 9 }, (_, i) => ({
    point: i,
    x: (i % 3) * 700 + 100,
    y: Math.floor(i / 3) * 350 + 50,
    errorPx: 120 + i,
  }));
  return {
    answers: { pre: { age: 29, gender: 'f', streaming: 'weekly' } },
    screens,
    calibration,
    flags: [],
    environment: { viewport: { w: 1536, h: 730 } },
  };
}

/**
 * One participant as the app will behave: screens recorded in real time (a chunk every 500 ms
 * into the outbox), the session record updated after each screen, the Uploader sending every
 * 3 s and at each screen end.
 */
export class SimulatedParticipant {
  readonly produced: ProducedChunk[] = [];
  readonly outbox = new MemoryOutbox();
  /**
   * Each chunk is encoded once, when it is recorded: one process plays 500 browsers, and encoding a
   * whole backlog at once after an outage would make this client, not the server, the bottleneck.
   */
  private readonly encoded = new WeakMap<readonly unknown[], EncodedChunk>();
  session: SessionCredentials | undefined;
  uploader: Uploader | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(
    readonly id: number,
    private readonly api: StudyApi,
  ) {}

  start(): void {
    this.running = this.run();
  }

  /** Stops recording (the current chunk is the last); the uploader keeps going until flushed. */
  async stopRecording(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async run(): Promise<void> {
    for (;;) {
      const created = await this.api.createSession({
        studyId: 'recgaze',
        participantId: `load_${this.id}`,
        consentedAt: Date.now(),
        appVersion: 'load',
        config: { id: 'recgaze', note: 'load benchmark' },
      });
      if (created.ok) {
        this.session = created.value;
        break;
      }
      if (this.stopped) return;
      await sleep(1000);
    }
    this.uploader = new Uploader({
      api: this.api,
      session: this.session,
      outbox: this.outbox,
      intervalMs: UPLOAD_INTERVAL_MS,
      encode: nodeEncode,
    });
    this.uploader.start();
    for (let taskId = 1; !this.stopped; taskId++) {
      const screen = screenStream(taskId, SCREEN_MS, this.id);
      const start = performance.now();
      for (const [i, chunk] of screen.chunks.entries()) {
        await sleep(start + (i + 1) * CHUNK_MS - performance.now());
        if (this.stopped) return;
        this.add(chunk);
      }
      this.outbox.setSession({ status: 'active', step: taskId * 3, record: sessionRecord(taskId) });
      this.uploader.flush().catch(() => undefined);
      await sleep(GAP_MS);
    }
  }

  add(chunk: { taskId: number; seq: number; events: readonly unknown[] }): void {
    const encoded = nodeEncodeSync(chunk.taskId, chunk.seq, chunk.events);
    this.encoded.set(chunk.events, encoded);
    this.outbox.add(chunk);
    this.produced.push({ taskId: chunk.taskId, seq: chunk.seq, sha256: encoded.header.sha256, events: chunk.events.length });
  }

  /** Everything recorded so far is acknowledged. */
  async drained(): Promise<boolean> {
    return (await this.outbox.counts()).pending === 0;
  }
}

/** Lost = recorded but not held (or held with other content); extra = held but never recorded. */
export function compare(produced: readonly ProducedChunk[], held: SessionManifest['chunks']) {
  const heldByKey = new Map(held.map((c) => [`${c.taskId}:${c.seq}`, c]));
  const producedKeys = new Set(produced.map((c) => `${c.taskId}:${c.seq}`));
  const lost = produced.filter((p) => heldByKey.get(`${p.taskId}:${p.seq}`)?.sha256 !== p.sha256).length;
  const extra = held.filter((h) => !producedKeys.has(`${h.taskId}:${h.seq}`)).length;
  return {
    lost,
    extra,
    eventsRecorded: produced.reduce((n, c) => n + c.events, 0),
    eventsHeld: held.reduce((n, c) => n + c.events, 0),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
