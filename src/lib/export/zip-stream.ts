// Streaming zip output (fflate Zip + ZipDeflate): text is encoded and deflated in ~256 KB pieces
// as it is produced, so a big export never exists as one string. fflate emits entries in the order
// they were opened; an entry opened while an earlier one is still being written has its
// (compressed) output held until the earlier one closes.
import { AsyncZipDeflate, Gzip, Zip, ZipDeflate, ZipPassThrough, type AsyncDeflate } from 'fflate';

const FLUSH_CHARS = 1 << 18;

export interface ZipEntry {
  write(text: string): void;
  close(): void;
}

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
  bytesOut = 0;

  /** `onChunk` receives the zip bytes in order; `mtime` is stamped on every entry (reproducible output). */
  constructor(onChunk: (chunk: Uint8Array) => void, mtime: Date) {
    // Zip (DOS) timestamps only cover 1980–2099.
    const y = mtime.getFullYear();
    this.mtime = y < 1980 ? new Date(1980, 0, 1) : y > 2099 ? new Date(2099, 11, 31) : mtime;
    this.zip = new Zip((err, data, final) => {
      if (err) {
        this.error = err;
        this.onDone?.();
        this.wake();
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

  /** Opens a deflated text entry. Level 6 compresses CSV well; 1 is ~3× faster for bulk samples. */
  open(filename: string, level: 1 | 6 = 6): ZipEntry {
    const file = new ZipDeflate(filename, { level });
    file.mtime = this.mtime;
    this.zip.add(file);
    return this.textSink(filename, (bytes, final) => file.push(bytes, final));
  }

  /**
   * Opens a text entry deflated in a worker (fflate AsyncZipDeflate), for the few long, large
   * entries: compression then runs on another core while this thread builds the next rows. Call
   * `settle()` now and then so the worker's queue stays bounded.
   */
  openAsync(filename: string, level: 1 | 6 = 1): ZipEntry {
    const file = new AsyncZipDeflate(filename, { level });
    file.mtime = this.mtime;
    this.zip.add(file);
    // fflate 0.8 keeps the worker-backed stream in `d` (queuedSize / ondrain are public on it).
    const d = (file as unknown as { d: AsyncDeflate }).d;
    d.ondrain = () => this.wake();
    this.workers.push(d);
    return this.textSink(filename, (bytes, final) => file.push(bytes, final));
  }

  private queued(): number {
    let n = 0;
    for (const d of this.workers) n += d.queuedSize;
    return n;
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /** Resolves once the worker-deflated entries have at most `maxQueuedBytes` waiting. */
  async settle(maxQueuedBytes = 8 << 20): Promise<void> {
    while (this.queued() > maxQueuedBytes && !this.error) await new Promise<void>((r) => this.waiters.push(r));
    if (this.error) throw this.error;
  }

  private textSink(filename: string, push: (bytes: Uint8Array, final: boolean) => void): ZipEntry {
    this.unclosed.add(filename);
    let parts: string[] = [];
    let pending = 0;
    const flush = (final: boolean) => {
      const text = parts.join('');
      parts = [];
      pending = 0;
      if (text || final) push(this.encoder.encode(text), final);
    };
    return {
      write: (text: string) => {
        parts.push(text);
        pending += text.length;
        if (pending >= FLUSH_CHARS) flush(false);
      },
      close: () => {
        flush(true);
        this.unclosed.delete(filename);
      },
    };
  }

  /** A whole small text entry at once. */
  addText(filename: string, text: string): void {
    const e = this.open(filename);
    e.write(text);
    e.close();
  }

  /** Stored (not deflated again) `.gz` entry whose content is gzip-compressed text streamed through. */
  openGzip(filename: string): ZipEntry {
    const file = new ZipPassThrough(filename);
    file.mtime = this.mtime;
    this.zip.add(file);
    const gz = new Gzip({ level: 1, mtime: this.mtime }, (chunk, final) => file.push(chunk, final));
    return this.textSink(filename, (bytes, final) => gz.push(bytes, final));
  }

  /** Writes the central directory once every entry has been compressed; rejects if any failed. */
  async finish(): Promise<void> {
    if (this.unclosed.size) throw new Error(`zip entries left open: ${[...this.unclosed].join(', ')}`);
    const finished = new Promise<void>((resolve) => {
      this.onDone = resolve;
    });
    this.zip.end();
    if (!this.done && !this.error) await finished;
    if (this.error) throw this.error;
  }
}

/** Concatenates chunks into one array (Node tests, the analysis CLI). */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
