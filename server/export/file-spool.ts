import { readSync, writeSync } from 'node:fs';
import type { ZipSpool } from '../../zip/zip-stream.ts';

// The export's spool (zip/zip-stream.ts): the compressed entries that wait for their place in the
// zip go into a temp file instead of the heap. The file descriptor belongs to the export's parent
// (run-export.ts opens it on an unlinked file and closes it when the export ends, also when the
// worker is terminated); this side only writes and reads at explicit positions.
export class FileSpool implements ZipSpool {
  private size = 0;

  constructor(private readonly fd: number) {}

  append(bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
  }

  read(offset: number, length: number): Uint8Array {
    if (offset + length > this.size) throw new Error(`the export spool has ${this.size} bytes, not ${offset + length}`);
    const out = Buffer.allocUnsafe(length);
    for (let done = 0; done < length;) {
      const n = readSync(this.fd, out, done, length - done, offset + done);
      if (n === 0) throw new Error('the export spool ended early');
      done += n;
    }
    return out;
  }
}
