// Streaming zip output: text is written as UTF-8 bytes (ByteSink) and deflated in ~256 KB pieces
// as it is produced, so a big export never exists as one string. fflate's Zip writes the container;
// the DEFLATE of bulk entries is fast-deflate.ts, in workers (deflate.worker.ts) where there are.
//
// fflate writes entries in the order they were added and holds the output of an entry until every
// earlier one has finished. The export keeps a few entries open for its whole run (the RecGaze
// CSVs, gaze samples, raw events), so the many small per-session files (BIDS runs, pymovements)
// are compressed at once but *deferred*: added only after the long entries have finished. (Queued
// behind them, thousands of finished entries would also be flushed by one deep recursion.)
// Whatever waits for its place (deferred entries, and long entries opened while another is still
// streaming) waits in memory. (The server does not use this writer for whole studies: it joins
// ready-compressed session parts through `openCompressed`.)
import { Deflate, Zip, ZipPassThrough, type ZipInputFile } from 'fflate';
import { ByteSink } from './byte-sink.ts';
import { concatChunks } from './concat-bytes.ts';
import { crc32 } from './crc32.ts';
import { compressWhole, EntryDeflater } from './deflate-entry.ts';
import { DeflateStream } from './fast-deflate.ts';
import type { DeflateReply, DeflateRequest } from './deflate-protocol.ts';

export { concatChunks, crc32 };

/** An open zip entry: text and numbers go in, compressed bytes come out in zip order. */
export type ZipEntry = ByteSink;

/** A compression worker, or null where there are none (Node). */
function startDeflateWorker(): Worker | null {
  return typeof Worker === 'undefined' ? null : new Worker(new URL('./deflate.worker.ts', import.meta.url), { type: 'module' });
}

/** Requests to the deflate worker are sent in batches of about this many bytes. */
const BATCH_BYTES = 1 << 20;

/** A deflater fed chunk by chunk that hands its output to `ondata`. */
interface ChunkDeflater {
  push(chunk: Uint8Array, final: boolean): void;
}

/** Level 1 (bulk rows): our fast DEFLATE; level 6 (small documents): fflate's. */
function chunkDeflater(level: 1 | 6, ondata: (data: Uint8Array, final: boolean) => void): ChunkDeflater {
  return level === 1 ? new DeflateStream(ondata) : new Deflate({ level }, ondata);
}

/**
 * A streamed deflated zip entry (what fflate's ZipDeflate / AsyncZipDeflate do). Without a worker
 * it deflates and computes the CRC itself; with one, `post` sends each chunk to the shared deflate
 * worker, whose replies (`reply`) carry the compressed bytes and, on the last chunk, the CRC and
 * size, so neither runs on the main thread.
 */
class DeflatedEntry implements ZipInputFile {
  readonly compression = 8;
  /** General-purpose flag bits for the level, as fflate sets them. */
  readonly flag: number;
  size = 0;
  crc = 0;
  mtime?: Date;
  ondata?: NonNullable<ZipInputFile['ondata']>;
  private readonly deflater: ChunkDeflater | null;
  constructor(
    readonly filename: string,
    level: 1 | 6,
    private readonly post: ((chunk: Uint8Array, final: boolean) => void) | null,
  ) {
    this.flag = level === 1 ? 3 : 0;
    this.deflater = post ? null : chunkDeflater(level, (data, final) => this.ondata!(null, data as Uint8Array<ArrayBuffer>, final));
  }
  push(chunk: Uint8Array, final: boolean): void {
    if (this.post) return this.post(chunk, final);
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.deflater!.push(chunk, final);
  }
  reply(m: DeflateReply): void {
    if (m.final) {
      this.crc = m.crc!;
      this.size = m.size!;
    }
    if (m.data?.length || m.final) this.ondata!(null, (m.data ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer>, m.final ?? false);
  }
}

/** A ready-compressed entry being written (ZipStream.openCompressed). */
export interface CompressedEntry {
  push(data: Uint8Array): void;
  /** The content's CRC-32 and length; `last`: the final compressed bytes, if any. */
  end(crc: number, size: number, last?: Uint8Array): void;
}

type Deferred = { filename: string; stored: Uint8Array } | { filename: string; deflated: Uint8Array; crc: number; size: number };

export class ZipStream {
  private readonly zip: Zip;
  private readonly encoder = new TextEncoder();
  private readonly mtime: Date;
  private error: Error | null = null;
  private done = false;
  private onDone: (() => void) | null = null;
  /** Streamed entries deflated in the worker, by request id; callers waiting for it to catch up. */
  private readonly streamed = new Map<number, DeflatedEntry>();
  private waiters: (() => void)[] = [];
  private readonly unclosed = new Set<string>();
  /** Streamed entries whose last compressed chunk has not arrived yet. */
  private pending = 0;
  /** Deferred entries in zip order; null while the deflate worker is still compressing one. */
  private readonly deferred: (Deferred | null)[] = [];
  /** The worker compressing deferred streams (browser), null where there are no workers (Node). */
  private deflater: Worker | null | undefined;
  private streamer: Worker | null | undefined;
  private deflaterQueued = 0;
  private nextDeflateId = 0;
  private readonly deflated = new Map<number, (reply: DeflateReply) => void>();
  private batch: DeflateRequest[] = [];
  private batchBytes = 0;
  bytesOut = 0;

  /** `onChunk` receives the zip bytes in order; `mtime` is stamped on every entry (reproducible output). */
  constructor(onChunk: (chunk: Uint8Array) => void, mtime: Date) {
    // Zip (DOS) timestamps only cover 1980–2099.
    const y = mtime.getFullYear();
    this.mtime = y < 1980 ? new Date(1980, 0, 1) : y > 2099 ? new Date(2099, 11, 31) : mtime;
    this.zip = new Zip((err, data, final) => {
      if (err) {
        this.fail(err);
        return;
      }
      this.bytesOut += data.length;
      onChunk(data);
      if (final) {
        this.done = true;
        this.onDone?.();
      }
    });
  }

  private fail(err: Error): void {
    this.error ??= err;
    this.deflater?.terminate();
    this.streamer?.terminate();
    this.onDone?.();
    this.wake();
  }

  private deflateWorker(): Worker | null {
    if (this.deflater === undefined) this.deflater = this.startWorker();
    return this.deflater;
  }

  /** The worker of the long streamed entries (the deferred ones have their own: the two cores share the load). */
  private streamWorker(): Worker | null {
    if (this.streamer === undefined) this.streamer = this.startWorker();
    return this.streamer;
  }

  private startWorker(): Worker | null {
    const w = startDeflateWorker();
    if (!w) return null;
    w.onmessage = (e: MessageEvent<DeflateReply[]>) => {
      for (const m of e.data) {
        this.deflaterQueued -= m.consumed;
        const entry = this.streamed.get(m.id);
        if (m.error !== undefined) this.fail(new Error(`compressing ${entry?.filename ?? 'a zip entry'} failed: ${m.error}`));
        else if (entry) {
          entry.reply(m);
          if (m.final) this.streamed.delete(m.id);
        } else if (m.data) {
          this.deflated.get(m.id)?.(m);
          this.deflated.delete(m.id);
        }
      }
      this.wake();
    };
    w.onerror = (e) => this.fail(new Error(`the zip compression worker failed: ${e.message}`));
    return w;
  }

  /** Adds a streamed entry and counts it as pending until its last compressed chunk is through. */
  private addStreamed(file: ZipInputFile): void {
    file.mtime = this.mtime;
    this.zip.add(file);
    this.pending++;
    const inner = file.ondata!;
    file.ondata = (err, data, final) => {
      inner(err, data, final);
      if (final || err) {
        this.pending--;
        this.wake();
      }
    };
  }

  /** Opens a deflated text entry streamed as it is written. Level 1 is several times faster than 6 for bulk rows. */
  open(filename: string, level: 1 | 6 = 6): ZipEntry {
    const file = new DeflatedEntry(filename, level, null);
    this.addStreamed(file);
    return this.textSink(filename, (bytes, final) => file.push(bytes, final));
  }

  /**
   * Opens a text entry deflated in a worker (where there is one), for the few long, large
   * entries: compression then runs on another core while this thread builds the next rows. They
   * share one worker, the deferred entries another (measured: fastest on two cores; one worker
   * per entry oversubscribed them). Call `settle()` now and then so the queues stay bounded.
   */
  openAsync(filename: string, level: 1 | 6 = 1): ZipEntry {
    const id = this.nextDeflateId++;
    const worker = this.streamWorker();
    const post = worker
      ? (chunk: Uint8Array, final: boolean) => {
          this.deflaterQueued += chunk.length;
          const request: DeflateRequest = { id, data: chunk, final, gzip: false, level, stream: true };
          worker.postMessage([request], [chunk.buffer]);
        }
      : null;
    const file = new DeflatedEntry(filename, level, post);
    if (post) this.streamed.set(id, file);
    this.addStreamed(file);
    return this.textSink(filename, (bytes, final) => file.push(bytes, final));
  }

  /** A whole small entry, compressed now (in the worker where there is one) and written after the streamed entries. */
  private deferWhole(filename: string, bytes: Uint8Array, gzip: boolean, level: 1 | 6): void {
    if (this.deflateWorker()) return this.postChunk(this.nextDeflateId++, filename, bytes, true, gzip, level);
    const data = compressWhole(bytes, { gzip, level });
    this.deferred.push(gzip ? { filename, stored: data } : { filename, deflated: data, crc: crc32(bytes), size: bytes.length });
  }

  /** One chunk of a deferred entry for the worker; on the last, the entry takes its place in zip order. */
  private postChunk(id: number, filename: string, bytes: Uint8Array, final: boolean, gzip: boolean, level: 1 | 6): void {
    if (final) {
      const index = this.deferred.push(null) - 1;
      this.pending++;
      this.deflated.set(id, (m) => {
        this.deferred[index] = gzip ? { filename, stored: m.data! } : { filename, deflated: m.data!, crc: m.crc!, size: m.size! };
        this.pending--;
      });
    }
    this.deflaterQueued += bytes.length;
    this.post({ id, data: bytes, final, gzip, level });
  }

  private post(request: DeflateRequest): void {
    this.batch.push(request);
    this.batchBytes += request.data.length;
    if (this.batchBytes >= BATCH_BYTES) this.sendBatch();
  }

  private sendBatch(): void {
    if (!this.batch.length || !this.deflater) return;
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.deflater.postMessage(
      batch,
      batch.map((r) => r.data.buffer),
    );
  }

  /** A small text entry, written after the streamed entries. */
  deferText(filename: string, text: string, level: 1 | 6 = 6): void {
    this.deferWhole(filename, this.encoder.encode(text), false, level);
  }

  /** A `.gz` entry: gzip-compressed, stored as is (not deflated twice), written after the streams. */
  deferGzip(filename: string, text: string): void {
    this.deferWhole(filename, this.encoder.encode(text), true, 1);
  }

  /**
   * A deferred entry written row by row: compressed as it fills (so a session's rows are never one
   * big string), added after the streamed entries. `gzip`: a stored `.gz` file (BIDS).
   */
  deferStream(filename: string, options: { gzip?: boolean; level?: 1 | 6 } = {}): ZipEntry {
    const level = options.level ?? 1;
    const gzip = options.gzip ?? false;
    if (this.deflateWorker()) {
      const id = this.nextDeflateId++;
      // Each chunk from the sink owns its buffer, so it can be transferred.
      return this.textSink(filename, (bytes, final) => this.postChunk(id, filename, bytes, final, gzip, level));
    }
    const out: Uint8Array[] = [];
    const deflater = new EntryDeflater({ gzip, level }, (c) => out.push(c));
    return this.textSink(filename, (bytes, final) => {
      deflater.push(bytes, final);
      if (!final) return;
      const data = concatChunks(out);
      out.length = 0;
      this.deferred.push(gzip ? { filename, stored: data } : { filename, deflated: data, crc: deflater.crc, size: deflater.size });
    });
  }

  /** A whole small text entry, written in place (before anything opened later). */
  addText(filename: string, text: string): void {
    const e = this.open(filename);
    e.write(text);
    e.close();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private async until(condition: () => boolean): Promise<void> {
    while (!condition() && !this.error) await new Promise<void>((r) => this.waiters.push(r));
    if (this.error) throw this.error;
  }

  /** Resolves once the worker-deflated entries have at most `maxQueuedBytes` waiting. */
  settle(maxQueuedBytes = 8 << 20): Promise<void> {
    this.sendBatch();
    return this.until(() => this.deflaterQueued <= maxQueuedBytes);
  }

  private textSink(filename: string, push: (bytes: Uint8Array, final: boolean) => void): ZipEntry {
    this.unclosed.add(filename);
    return new ByteSink((bytes, final) => {
      if (final) this.unclosed.delete(filename);
      push(bytes, final);
    });
  }

  private addDeferred(d: Deferred): void {
    if ('stored' in d) return this.addPassThrough(d.filename).push(d.stored, true);
    this.addKnown(d.filename, d.crc, d.size).ondata!(null, d.deflated as Uint8Array<ArrayBuffer>, true);
  }

  /**
   * An entry whose bytes arrive compressed already (the server's stored session parts): raw
   * DEFLATE (method 8) or stored (0), written in place as they come; `end` gives the CRC and size
   * of the content. Open one at a time: a later entry waits behind an unfinished one.
   */
  openCompressed(filename: string, method: 0 | 8): CompressedEntry {
    const file: ZipInputFile = { filename, size: 0, crc: 0, compression: method };
    this.addStreamed(file);
    return {
      push: (data) => file.ondata!(null, data as Uint8Array<ArrayBuffer>, false),
      end: (crc, size, last = new Uint8Array(0)) => {
        file.crc = crc;
        file.size = size;
        file.ondata!(null, last as Uint8Array<ArrayBuffer>, true);
      },
    };
  }

  private addPassThrough(filename: string): ZipPassThrough {
    const file = new ZipPassThrough(filename);
    file.mtime = this.mtime;
    this.zip.add(file);
    return file;
  }

  private addKnown(filename: string, crc: number, size: number): ZipInputFile {
    const file: ZipInputFile = { filename, size, crc, compression: 8, mtime: this.mtime };
    this.zip.add(file);
    return file;
  }

  /** Waits for the streamed entries, writes the deferred ones and the central directory. */
  async finish(): Promise<void> {
    if (this.unclosed.size) throw new Error(`zip entries left open: ${[...this.unclosed].join(', ')}`);
    this.sendBatch();
    await this.until(() => this.pending === 0);
    this.deflater?.terminate();
    this.streamer?.terminate();
    for (const d of this.deferred.splice(0)) {
      this.addDeferred(d!);
      if (this.error) throw this.error;
    }
    const finished = new Promise<void>((resolve) => {
      this.onDone = resolve;
    });
    this.zip.end();
    if (!this.done && !this.error) await finished;
    if (this.error) throw this.error;
  }
}
