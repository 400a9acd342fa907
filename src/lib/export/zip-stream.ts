// Streaming zip output (fflate Zip + ZipDeflate / AsyncZipDeflate): text is encoded and deflated in
// ~256 KB pieces as it is produced, so a big export never exists as one string.
//
// fflate writes entries in the order they were added and holds the output of an entry until every
// earlier one has finished. The export keeps a few entries open for its whole run (the RecGaze
// CSVs, gaze samples, raw events), so the many small per-session files (BIDS runs, pymovements)
// are compressed at once but *deferred*: added only after the long entries have finished. (Queued
// behind them, thousands of finished entries would also be flushed by one deep recursion.)
import { AsyncDeflate, Deflate, deflateSync, Gzip, gzipSync, Zip, ZipPassThrough, type ZipInputFile } from 'fflate';
import { concatChunks } from './concat-bytes.ts';
import type { DeflateReply, DeflateRequest } from './deflate-protocol.ts';

export { concatChunks };

const FLUSH_CHARS = 1 << 18;

export interface ZipEntry {
  write(text: string): void;
  close(): void;
}

// CRC-32 (zip's checksum), slicing-by-8: eight table lookups per 8 bytes.
const CRC_TABLES = (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n]! >>> 8) ^ t[t[(k - 1) * 256 + n]! & 0xff]!;
  return t;
})();

/** CRC-32 of `data`, continuing from `crc` (the CRC of the bytes before it). */
export function crc32(data: Uint8Array, crc = 0): number {
  const t = CRC_TABLES;
  let c = ~crc;
  let i = 0;
  const end8 = data.length - (data.length % 8);
  for (; i < end8; i += 8) {
    const a = (c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + data[i + 4]!]! ^
      t[512 + data[i + 5]!]! ^
      t[256 + data[i + 6]!]! ^
      t[data[i + 7]!]!;
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * A streamed deflated zip entry (what fflate's ZipDeflate / AsyncZipDeflate do), but with the CRC
 * computed by `crc32` above: fflate's byte-at-a-time CRC was ~6 % of the main thread's time.
 */
class DeflatedEntry implements ZipInputFile {
  readonly compression = 8;
  /** General-purpose flag bits for the level, as fflate sets them. */
  readonly flag: number;
  size = 0;
  crc = 0;
  mtime?: Date;
  ondata?: NonNullable<ZipInputFile['ondata']>;
  terminate?: () => void;
  private readonly stream: { push(chunk: Uint8Array, final?: boolean): void };
  constructor(
    readonly filename: string,
    level: 1 | 6,
    inWorker: boolean,
  ) {
    this.flag = level === 1 ? 3 : 0;
    if (inWorker) {
      const d = new AsyncDeflate({ level }, (err, data, final) => this.ondata!(err, data, final));
      this.terminate = () => d.terminate();
      this.stream = d;
    } else {
      this.stream = new Deflate({ level }, (data, final) => this.ondata!(null, data, final));
    }
  }
  get worker(): AsyncDeflate | null {
    return this.stream instanceof AsyncDeflate ? this.stream : null;
  }
  push(chunk: Uint8Array, final: boolean): void {
    // Before pushing: a worker push transfers (detaches) the chunk's buffer.
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.stream.push(chunk, final);
  }
}

type Deferred = { filename: string; stored: Uint8Array } | { filename: string; deflated: Uint8Array; crc: number; size: number };

export class ZipStream {
  private readonly zip: Zip;
  private readonly encoder = new TextEncoder();
  private readonly mtime: Date;
  private error: Error | null = null;
  private done = false;
  private onDone: (() => void) | null = null;
  /** Deflaters running in workers, and callers waiting for them to catch up. */
  private readonly workers: AsyncDeflate[] = [];
  private waiters: (() => void)[] = [];
  private readonly unclosed = new Set<string>();
  /** Streamed entries whose last compressed chunk has not arrived yet. */
  private pending = 0;
  /** Deferred entries in zip order; null while the deflate worker is still compressing one. */
  private readonly deferred: (Deferred | null)[] = [];
  /** The worker compressing deferred streams (browser), null where there are no workers (Node). */
  private deflater: Worker | null | undefined;
  private deflaterQueued = 0;
  private nextDeflateId = 0;
  private readonly deflated = new Map<number, (data: Uint8Array) => void>();
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
    this.onDone?.();
    this.wake();
  }

  private deflateWorker(): Worker | null {
    if (this.deflater !== undefined) return this.deflater;
    if (typeof Worker === 'undefined') return (this.deflater = null);
    const w = new Worker(new URL('./deflate.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<DeflateReply>) => {
      const m = e.data;
      this.deflaterQueued -= m.consumed;
      if (m.error !== undefined) this.fail(new Error(`compressing a zip entry failed: ${m.error}`));
      else if (m.data) {
        this.deflated.get(m.id)?.(m.data);
        this.deflated.delete(m.id);
      }
      this.wake();
    };
    w.onerror = (e) => this.fail(new Error(`the zip compression worker failed: ${e.message}`));
    return (this.deflater = w);
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

  /** Opens a deflated text entry streamed as it is written. Level 1 is ~2× faster than 6 for bulk rows. */
  open(filename: string, level: 1 | 6 = 6): ZipEntry {
    const file = new DeflatedEntry(filename, level, false);
    this.addStreamed(file);
    return this.textSink(filename, (bytes, final) => file.push(bytes, final));
  }

  /**
   * Opens a text entry deflated in a worker (fflate AsyncZipDeflate), for the few long, large
   * entries: compression then runs on another core while this thread builds the next rows. Call
   * `settle()` now and then so the worker's queue stays bounded.
   */
  openAsync(filename: string, level: 1 | 6 = 1): ZipEntry {
    const file = new DeflatedEntry(filename, level, true);
    this.addStreamed(file);
    const d = file.worker!;
    d.ondrain = () => this.wake();
    this.workers.push(d);
    return this.textSink(filename, (bytes, final) => file.push(bytes, final));
  }

  /** A small text entry, compressed now and written after the streamed entries (see above). */
  deferText(filename: string, text: string, level: 1 | 6 = 6): void {
    const bytes = this.encoder.encode(text);
    this.deferred.push({ filename, deflated: deflateSync(bytes, { level }), crc: crc32(bytes), size: bytes.length });
  }

  /** A `.gz` entry: gzip-compressed now, stored as is (not deflated twice), written after the streams. */
  deferGzip(filename: string, text: string): void {
    this.deferred.push({ filename, stored: gzipSync(this.encoder.encode(text), { level: 1, mtime: this.mtime }) });
  }

  /**
   * A deferred entry written row by row: compressed as it fills (so a session's rows are never one
   * big string), added after the streamed entries. `gzip`: a stored `.gz` file (BIDS).
   */
  deferStream(filename: string, options: { gzip?: boolean; level?: 1 | 6 } = {}): ZipEntry {
    const level = options.level ?? 1;
    let crc = 0;
    let size = 0;
    const worker = this.deflateWorker();
    if (worker) {
      // Compressed in the deflate worker; the entry keeps its place in the zip order.
      const id = this.nextDeflateId++;
      const gzip = options.gzip ?? false;
      return this.textSink(filename, (bytes, final) => {
        if (!gzip) {
          crc = crc32(bytes, crc);
          size += bytes.length;
        }
        if (final) {
          const index = this.deferred.push(null) - 1;
          this.pending++;
          this.deflated.set(id, (data) => {
            this.deferred[index] = gzip ? { filename, stored: data } : { filename, deflated: data, crc, size };
            this.pending--;
          });
        }
        this.deflaterQueued += bytes.length;
        const request: DeflateRequest = { id, data: bytes, final, gzip, level, mtime: this.mtime.getTime() };
        worker.postMessage(request, [bytes.buffer]);
      });
    }
    const out: Uint8Array[] = [];
    const stream = options.gzip ? new Gzip({ level, mtime: this.mtime }, (c) => out.push(c)) : new Deflate({ level }, (c) => out.push(c));
    const entry = this.textSink(filename, (bytes, final) => {
      crc = crc32(bytes, crc);
      size += bytes.length;
      stream.push(bytes, final);
      if (!final) return;
      const data = concatChunks(out);
      this.deferred.push(options.gzip ? { filename, stored: data } : { filename, deflated: data, crc, size });
    });
    return entry;
  }

  /** A whole small text entry, written in place (before anything opened later). */
  addText(filename: string, text: string): void {
    const e = this.open(filename);
    e.write(text);
    e.close();
  }

  private queued(): number {
    let n = this.deflaterQueued;
    for (const d of this.workers) n += d.queuedSize;
    return n;
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
    return this.until(() => this.queued() <= maxQueuedBytes);
  }

  private textSink(filename: string, push: (bytes: Uint8Array, final: boolean) => void): ZipEntry {
    this.unclosed.add(filename);
    // Appending to one string (a rope V8 flattens once, in encode) is ~2× cheaper than join().
    let buffered = '';
    const flush = (final: boolean) => {
      const text = buffered;
      buffered = '';
      if (text || final) push(this.encoder.encode(text), final);
    };
    return {
      write: (text: string) => {
        buffered += text;
        if (buffered.length >= FLUSH_CHARS) flush(false);
      },
      close: () => {
        flush(true);
        this.unclosed.delete(filename);
      },
    };
  }

  private addDeferred(d: Deferred): void {
    if ('stored' in d) {
      const file = new ZipPassThrough(d.filename);
      file.mtime = this.mtime;
      this.zip.add(file);
      file.push(d.stored, true);
      return;
    }
    const file: ZipInputFile = { filename: d.filename, size: d.size, crc: d.crc, compression: 8, mtime: this.mtime };
    this.zip.add(file);
    file.ondata!(null, d.deflated as Uint8Array<ArrayBuffer>, true);
  }

  /** Waits for the streamed entries, writes the deferred ones and the central directory. */
  async finish(): Promise<void> {
    if (this.unclosed.size) throw new Error(`zip entries left open: ${[...this.unclosed].join(', ')}`);
    await this.until(() => this.pending === 0);
    this.deflater?.terminate();
    for (const d of this.deferred.splice(0)) this.addDeferred(d!);
    const finished = new Promise<void>((resolve) => {
      this.onDone = resolve;
    });
    this.zip.end();
    if (!this.done && !this.error) await finished;
    if (this.error) throw this.error;
  }
}
