// Streaming zip output (fflate Zip + ZipDeflate): text is encoded and deflated in ~256 KB pieces
// as it is produced, so a big export never exists as one string. fflate emits entries in the order
// they were opened; an entry opened while an earlier one is still being written has its
// (compressed) output held until the earlier one closes.
import { Gzip, Zip, ZipDeflate, ZipPassThrough } from 'fflate';

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
  bytesOut = 0;

  /** `onChunk` receives the zip bytes in order; `mtime` is stamped on every entry (reproducible output). */
  constructor(onChunk: (chunk: Uint8Array) => void, mtime: Date) {
    // Zip (DOS) timestamps only cover 1980–2099.
    const y = mtime.getFullYear();
    this.mtime = y < 1980 ? new Date(1980, 0, 1) : y > 2099 ? new Date(2099, 11, 31) : mtime;
    this.zip = new Zip((err, data, final) => {
      if (err) {
        this.error = err;
        return;
      }
      this.bytesOut += data.length;
      onChunk(data);
      if (final) this.done = true;
    });
  }

  /** Opens a deflated text entry. Level 6 compresses CSV well; 1 is ~3× faster for bulk samples. */
  open(filename: string, level: 1 | 6 = 6): ZipEntry {
    const file = new ZipDeflate(filename, { level });
    file.mtime = this.mtime;
    this.zip.add(file);
    return this.textSink((bytes, final) => file.push(bytes, final));
  }

  private textSink(push: (bytes: Uint8Array, final: boolean) => void): ZipEntry {
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
      close: () => flush(true),
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
    const gz = new Gzip({ level: 6, mtime: this.mtime }, (chunk, final) => file.push(chunk, final));
    return this.textSink((bytes, final) => gz.push(bytes, final));
  }

  /** Writes the central directory; throws if any entry failed. */
  finish(): void {
    this.zip.end();
    if (this.error) throw this.error;
    if (!this.done) throw new Error('zip did not finish: an entry was left open');
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
